use super::*;
use crate::register::Value;

fn date(s: &str) -> Value {
    Value::Date(s.parse().expect("fixture date"))
}

/// A request as the register stores it: applicant type, receipt, and optionally the reply
/// with its category.
fn request(no: &str, applicant: &str, received: &str, reply: Option<(&str, &str)>) -> Record {
    let mut r = Record::default();
    r.set("request_no", Value::Text(no.into()));
    r.set("applicant_type", Value::Text(applicant.into()));
    r.set("received_date", date(received));
    if let Some((replied, result)) = reply {
        r.set("reply_date", date(replied));
        r.set("result", Value::Text(result.into()));
    }
    r
}

fn row(code: &str) -> usize {
    RESULTS
        .iter()
        .position(|o| o.code == code)
        .expect("a result code")
}

/// Seven requests of 2023–2025, counted by hand for 2024:
/// - 新收 2024: #3 (自然人), #4 (自然人), #5 (商业企业), #6 (法律服务机构) = 4;
/// - 上年结转: #2 (自然人, received 2023-12, replied 2024-01) = 1; #1 replied in 2023 is not;
/// - 办理结果 2024: #2 予以公开, #3 予以公开, #4 本机关不掌握, #5 部分公开 = 4;
/// - 结转下年度: #6 (法律服务机构, replied 2025) = 1; #7 received 2025 is not counted at all.
fn fixture() -> Vec<Record> {
    vec![
        request(
            "1",
            "natural_person",
            "2023-03-01",
            Some(("2023-03-20", "open")),
        ),
        request(
            "2",
            "natural_person",
            "2023-12-20",
            Some(("2024-01-10", "open")),
        ),
        request(
            "3",
            "natural_person",
            "2024-02-01",
            Some(("2024-02-20", "open")),
        ),
        request(
            "4",
            "natural_person",
            "2024-05-06",
            Some(("2024-05-30", "unavailable_not_held")),
        ),
        request(
            "5",
            "commercial",
            "2024-07-01",
            Some(("2024-07-22", "partial")),
        ),
        request(
            "6",
            "legal_service",
            "2024-12-24",
            Some(("2025-01-15", "open")),
        ),
        request("7", "natural_person", "2025-01-03", None),
    ]
}

#[test]
fn table_three_counts_a_hand_counted_year() {
    let t = count(&fixture(), 2024);
    let a = &t.applications;
    assert_eq!(a.received, [2, 1, 0, 0, 1, 0]);
    assert_eq!(a.carried_in, [1, 0, 0, 0, 0, 0]);
    assert_eq!(a.carried_out, [0, 0, 0, 0, 1, 0]);
    assert_eq!(a.results[row("open")], [2, 0, 0, 0, 0, 0]);
    assert_eq!(a.results[row("partial")], [0, 1, 0, 0, 0, 0]);
    assert_eq!(a.results[row("unavailable_not_held")], [1, 0, 0, 0, 0, 0]);
    assert_eq!(total(&a.results_total()), 4);
    assert!(a.check().is_empty(), "{:?}", a.check());
    // The printed rows: 总计 last, 办理结果 rows in the national order.
    let rows = application_rows(a);
    assert_eq!(rows[0].last().map(String::as_str), Some("4"));
    assert_eq!(rows[2][0], "三、办理结果:予以公开");
    assert_eq!(rows.len(), 2 + RESULTS.len() + 2);
    assert_eq!(application_header().len(), 8);
    // 2025 starts from what 2024 carried out.
    let next = count(&fixture(), 2025);
    assert_eq!(next.applications.carried_in, a.carried_out);
    assert_eq!(next.applications.received, [1, 0, 0, 0, 0, 0]);
}

#[test]
fn the_check_fails_on_inconsistent_figures() {
    let mut a = count(&fixture(), 2024).applications;
    a.carried_in[1] += 1;
    let problems = a.check();
    assert_eq!(
        problems.len(),
        2,
        "the 商业企业 column and 总计: {problems:?}"
    );
    assert!(problems[0].contains("「商业企业」列不平衡"), "{problems:?}");
    assert!(problems[1].contains("「总计」列不平衡"));
    // A reply without its category cannot be placed in a row.
    let mut records = fixture();
    records[2].set("result", Value::Null);
    let a = count(&records, 2024).applications;
    let problems = a.check();
    assert!(
        problems[0].contains("未填写办理结果") && problems[0].contains('3'),
        "{problems:?}"
    );
}

#[test]
fn table_four_counts_challenges_by_their_year() {
    let mut records = fixture();
    records[2].set("challenge_date", date("2024-03-10"));
    records[2].set("reconsideration_result", Value::Text("upheld".into()));
    records[2].set(
        "litigation_route",
        Value::Text("after_reconsideration".into()),
    );
    records[2].set("litigation_result", Value::Text("pending".into()));
    records[3].set("challenge_date", date("2024-06-20"));
    records[3].set("litigation_route", Value::Text("direct".into()));
    records[3].set("litigation_result", Value::Text("corrected".into()));
    records[4].set("challenge_date", date("2025-01-05"));
    records[4].set("reconsideration_result", Value::Text("pending".into()));
    let c = count(&records, 2024).challenges;
    assert_eq!(c.reconsideration, [1, 0, 0, 0]);
    assert_eq!(c.direct_suit, [0, 1, 0, 0]);
    assert_eq!(c.suit_after_reconsideration, [0, 0, 0, 1]);
    let printed = challenge_rows(&c);
    assert_eq!(challenge_header().len(), 6);
    assert_eq!(printed.len(), 3);
    assert_eq!(printed[0], ["行政复议", "1", "0", "0", "0", "1"]);
    assert_eq!(printed[2][0], "行政诉讼:复议后起诉");
    assert_eq!(printed[2][4..], ["1", "1"], "尚未审结 and 总计");
    assert_eq!(
        count(&records, 2025).challenges.reconsideration,
        [0, 0, 0, 1]
    );
}
