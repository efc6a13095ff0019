use chrono::NaiveDate;

use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn decision(id: i64, party: &str, code: &str, org: &str, decided: &str) -> PublicDecision {
    PublicDecision {
        id,
        kind: if id % 2 == 0 {
            DecisionKind::Penalty
        } else {
            DecisionKind::Licensing
        },
        decision_no: format!("钟市监罚〔2024〕{id}号"),
        party_name: party.into(),
        party_category: "法人及非法人组织",
        party_code: code.into(),
        legal_rep: String::new(),
        category: String::new(),
        content: String::new(),
        amount_fen: None,
        decision_date: day(decided),
        valid_from: None,
        valid_to: None,
        public_until: None,
        published_date: day(decided),
        org_code: org.into(),
        org_name: org.into(),
        org_credit_code: String::new(),
        data_source: String::new(),
    }
}

fn index() -> DecisionIndex {
    DecisionIndex::build(vec![
        decision(
            1,
            "六盘水市钟山区 甲 有限公司",
            "91520200MA6DXXXX1A",
            "sj",
            "2024-01-05",
        ),
        decision(2, "水城区乙商店", "", "sj", "2024-03-05"),
        decision(
            3,
            "钟山区丙有限公司",
            "91520200MA6DYYYY2B",
            "ga",
            "2024-02-05",
        ),
        decision(4, "张三", "520201********123X", "ga", "2024-04-05"),
    ])
}

fn ids(page: &DecisionPage) -> Vec<i64> {
    page.items.iter().map(|d| d.id).collect()
}

fn query(text: &str) -> DecisionQuery {
    DecisionQuery {
        text: text.into(),
        limit: 20,
        ..DecisionQuery::default()
    }
}

#[test]
fn names_match_in_part_newest_first_whatever_the_spaces() {
    let page = index().search(&query("有限公司"), day("2024-12-01"));
    assert_eq!(ids(&page), [3, 1]);
    assert_eq!(page.total, 2);
    let spaced = index().search(&query("甲有限"), day("2024-12-01"));
    assert_eq!(ids(&spaced), [1], "the stored name has spaces");
    let by_number = index().search(&query("〔2024〕3号"), day("2024-12-01"));
    assert_eq!(ids(&by_number), [3]);
}

#[test]
fn a_credit_code_finds_its_party_and_a_masked_id_is_not_searchable() {
    let page = index().search(&query("91520200ma6dyyyy2b"), day("2024-12-01"));
    assert_eq!(ids(&page), [3]);
    let masked = index().search(&query("520201"), day("2024-12-01"));
    assert!(masked.items.is_empty(), "a person's ID is not an index key");
}

#[test]
fn filters_combine_and_pages_slice_the_count() {
    let mut q = query("");
    q.org = Some("ga".into());
    assert_eq!(ids(&index().search(&q, day("2024-12-01"))), [4, 3]);
    q.kind = Some(DecisionKind::Licensing);
    assert_eq!(ids(&index().search(&q, day("2024-12-01"))), [3]);
    let mut range = query("");
    range.from = Some(day("2024-02-01"));
    range.to = Some(day("2024-03-31"));
    range.limit = 1;
    range.offset = 1;
    let page = index().search(&range, day("2024-12-01"));
    assert_eq!((ids(&page), page.total), (vec![3], 2));
}

#[test]
fn a_decision_past_its_period_is_gone_from_search_and_page() {
    let mut old = decision(9, "到期公司", "", "sj", "2023-01-01");
    old.public_until = Some(day("2023-12-31"));
    let index = DecisionIndex::build(vec![old]);
    assert!(index.get(9, day("2023-12-31")).is_some());
    assert!(index.get(9, day("2024-01-01")).is_none());
    assert!(
        index
            .search(&query("到期"), day("2024-01-01"))
            .items
            .is_empty()
    );
}

#[test]
fn counting_stops_at_the_cap() {
    let many: Vec<PublicDecision> = (1..=1005)
        .map(|i| decision(i, "某某有限公司", "", "sj", "2024-01-01"))
        .collect();
    let page = DecisionIndex::build(many).search(&query("有限"), day("2024-12-01"));
    assert_eq!(
        (page.total, page.capped, page.items.len()),
        (MAX_MATCHES, true, 20)
    );
}
