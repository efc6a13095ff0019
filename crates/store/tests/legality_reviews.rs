//! 合法性审查 and the 法律顾问、公职律师名册 on every backend: the review period by kind (5
//! working days for a contract, 7 for a 重大行政决策), the computed indicators for the city and
//! a county, a clerk kept to the county's records, and a review of a decision outside the
//! clerk's scope or of no decision at all refused in Chinese naming the field, nothing written.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::register::legal_adviser::LEGAL_ADVISERS;
use fazhi_domain::register::legality_review::LEGALITY_REVIEWS;
use fazhi_domain::register::{Record, RegisterDef, by_key};
use fazhi_indicators::Period;
use fazhi_store::testing::{TestDb, open_with_orgs, signed_in};
use fazhi_store::{NewUser, ScopedStore, Store, StoreError, StoredRecord};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn parse(def: &RegisterDef, pairs: &[(&str, &str)]) -> Record {
    let raw: BTreeMap<String, String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    def.parse(&raw)
        .unwrap_or_else(|e| panic!("test record: {e:?}"))
}

/// A review of `kind` received on `received`, reviewed on `opinion` with `count` opinions and
/// `adoption` when given; `link` names the decision or document for those kinds.
fn review(
    kind: &str,
    received: &str,
    opinion: Option<(&str, &str, &str)>,
    link: (&str, &str),
    amount: &str,
) -> Record {
    let (date, count, adoption) = opinion.unwrap_or(("", "", ""));
    let reviewer = if opinion.is_some() { "李某某" } else { "" };
    parse(
        &LEGALITY_REVIEWS,
        &[
            ("kind", kind),
            ("title", "某某事项"),
            ("received_date", received),
            ("reviewer", reviewer),
            ("opinion_date", date),
            ("opinion_count", count),
            ("adoption", adoption),
            ("contract_amount", amount),
            link,
        ],
    )
}

fn adviser(name: &str, kind: &str, licence: &str, meetings: &str, opinions: &str) -> Record {
    parse(
        &LEGAL_ADVISERS,
        &[
            ("name", name),
            ("kind", kind),
            ("licence_no", licence),
            ("term_start", "2023-07-01"),
            ("term_end", "2026-06-30"),
            ("tally_date", "2024-12-31"),
            ("meetings_attended", meetings),
            ("opinions", opinions),
        ],
    )
}

/// The city (system handle) and a clerk of 芦淞区 (430203).
async fn setup(url: &str) -> (Store, ScopedStore, ScopedStore) {
    let sys = open_with_orgs(
        url,
        &[
            ("430200", "city", "株洲市", None),
            ("430203", "county", "芦淞区", Some("430200")),
            ("430211", "county", "天元区", Some("430200")),
        ],
    )
    .await
    .unwrap();
    let store = Store::open(url).await.unwrap();
    let user = NewUser {
        username: "ls".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Clerk,
        org_code: "430203".into(),
        scope: ScopeKind::Subtree,
    };
    let clerk = signed_in(&sys, &store, user).await.unwrap();
    (store, sys, clerk)
}

async fn create(
    store: &ScopedStore,
    def: &'static RegisterDef,
    org: &str,
    r: Record,
) -> StoredRecord {
    store
        .create_record(def, org, r)
        .await
        .unwrap()
        .unwrap_or_else(|rejected| panic!("{:?}", rejected.0))
}

async fn decision(store: &ScopedStore, org: &str, no: &str) {
    let def = by_key("major-decisions").unwrap();
    let r = parse(
        def,
        &[
            ("catalog_year", "2024"),
            ("catalog_no", no),
            ("title", "城区停车设施专项规划"),
            ("listed_date", "2024-03-01"),
        ],
    );
    create(store, def, org, r).await;
}

async fn reviews_in(store: &Store) -> i64 {
    let sys = store.unscoped_system("count");
    let filter = fazhi_store::RecordFilter {
        limit: 1,
        ..fazhi_store::RecordFilter::default()
    };
    sys.list_records(&LEGALITY_REVIEWS, &filter)
        .await
        .unwrap()
        .0 as i64
}

fazhi_store::test_each_backend!(clocks_scope_and_indicators, clocks_scope_and_indicators_on);

async fn clocks_scope_and_indicators_on(db: TestDb) {
    let label = db.label;
    let (store, sys, clerk) = setup(&db.url).await;
    decision(&sys, "430200", "ZD-2024-01").await;
    decision(&sys, "430203", "LS-ZD-2024-01").await;

    // The county's clerk records the county's reviews.
    let contract = create(
        &clerk,
        &LEGALITY_REVIEWS,
        "430203",
        review(
            "行政协议/合同",
            "2024-09-27",
            Some(("2024-10-09", "6", "部分采纳")),
            ("major_decision_id", ""),
            "1,250万元",
        ),
    )
    .await;
    let own_decision = create(
        &clerk,
        &LEGALITY_REVIEWS,
        "430203",
        review(
            "重大行政决策",
            "2024-09-27",
            None,
            ("major_decision_id", "LS-ZD-2024-01"),
            "",
        ),
    )
    .await;
    assert!(
        own_decision
            .record
            .get("major_decision_id")
            .as_int()
            .is_some(),
        "{label}: the link is stored as the decision's id"
    );
    // The city's own: a meeting item not adopted, one without opinions, and a contract of 2023.
    for (kind, received, opinion, amount) in [
        (
            "政府常务会议议题",
            "2024-05-06",
            ("2024-05-10", "3", "未采纳"),
            "",
        ),
        ("信访/涉法事务", "2024-06-03", ("2024-06-05", "0", ""), ""),
        (
            "行政协议/合同",
            "2023-11-06",
            ("2023-11-10", "2", "采纳"),
            "80万元",
        ),
    ] {
        create(
            &sys,
            &LEGALITY_REVIEWS,
            "430200",
            review(
                kind,
                received,
                Some(opinion),
                ("major_decision_id", ""),
                amount,
            ),
        )
        .await;
    }
    let city_item = sys
        .list_records(
            &LEGALITY_REVIEWS,
            &fazhi_store::RecordFilter {
                limit: 10,
                ..fazhi_store::RecordFilter::default()
            },
        )
        .await
        .unwrap()
        .1
        .into_iter()
        .find(|r| r.org_code == "430200")
        .unwrap();

    // Clocks: five working days over the 国庆 break for the contract (met), seven for the
    // decision (still running on 11 October).
    let today = day(2024, 10, 11);
    let clock = |stored: &StoredRecord| {
        let clocks = sys.record_deadlines(&LEGALITY_REVIEWS, &stored.record, today);
        assert_eq!(clocks.len(), 1, "{label}: one review clock");
        (clocks[0].rule, clocks[0].due, clocks[0].state)
    };
    assert_eq!(
        clock(&contract),
        (
            "legality_review.contract",
            Some(day(2024, 10, 10)),
            "已按期办结"
        ),
        "{label}"
    );
    assert_eq!(
        clock(&own_decision),
        (
            "legality_review.major_decision",
            Some(day(2024, 10, 12)),
            "进行中"
        ),
        "{label}"
    );

    // Scope: the clerk neither writes for the city nor reads its records.
    let outside = clerk
        .create_record(
            &LEGALITY_REVIEWS,
            "430200",
            review("其他", "2024-03-01", None, ("major_decision_id", ""), ""),
        )
        .await;
    assert!(
        matches!(outside, Err(StoreError::NotFound { .. })),
        "{label}"
    );
    assert!(matches!(
        clerk.get_record(&LEGALITY_REVIEWS, city_item.id).await,
        Err(StoreError::NotFound { .. })
    ));

    // A decision outside the clerk's scope, or none of that number: refused, naming the field.
    let before = reviews_in(&store).await;
    for link in ["ZD-2024-01", "NO-SUCH-DECISION"] {
        let refused = clerk
            .create_record(
                &LEGALITY_REVIEWS,
                "430203",
                review(
                    "重大行政决策",
                    "2024-03-01",
                    None,
                    ("major_decision_id", link),
                    "",
                ),
            )
            .await
            .unwrap()
            .expect_err("an unknown decision");
        assert_eq!(refused.0.len(), 1, "{label}: {:?}", refused.0);
        let text = refused.0[0].to_string();
        assert!(
            text.contains("「关联重大行政决策」") && text.contains(link),
            "{label}: {text}"
        );
        assert!(text.contains("没有对应的重大行政决策"), "{label}: {text}");
    }
    assert_eq!(reviews_in(&store).await, before, "{label}: nothing written");

    // The roster: two advisers and a 公职律师 of the city, one adviser of the county.
    for (org, name, kind, licence, meetings, opinions) in [
        (
            "430200",
            "周某某",
            "法律顾问",
            "14302201010000001",
            "9",
            "30",
        ),
        (
            "430200",
            "吴某某",
            "法律顾问",
            "14302201010000002",
            "12",
            "57",
        ),
        (
            "430200",
            "郑某某",
            "公职律师",
            "24302201010000003",
            "0",
            "4",
        ),
        (
            "430203",
            "王某某",
            "法律顾问",
            "14302201010000004",
            "2",
            "5",
        ),
    ] {
        create(
            &sys,
            &LEGAL_ADVISERS,
            org,
            adviser(name, kind, licence, meetings, opinions),
        )
        .await;
    }

    let year = Period::Year(2024);
    let city = sys.indicators("430200", year).await.unwrap();
    let v = |key: &str| city.value(key);
    assert_eq!(
        v("legality_review.count"),
        Some(3.0),
        "{label}: reviewed in 2024"
    );
    assert_eq!(v("legality_review.opinions"), Some(9.0), "{label}");
    assert_eq!(v("legality_review.contracts"), Some(1.0), "{label}");
    assert_eq!(
        v("legality_review.contract_amount"),
        Some(12_500_000.0),
        "{label}"
    );
    assert_eq!(v("legality_review.meeting_items"), Some(1.0), "{label}");
    assert_eq!(
        v("legality_review.major_decisions"),
        Some(0.0),
        "{label}: not yet reviewed"
    );
    let rate = &city.indicators["legality_review.adoption_rate"];
    assert_eq!(
        (rate.numerator, rate.denominator, rate.value),
        (Some(1.0), Some(2.0), Some(50.0)),
        "{label}: 部分采纳 of two with a known adoption"
    );
    assert_eq!(v("legal_advisers.count"), Some(3.0), "{label}");
    assert_eq!(v("legal_advisers.public_lawyers"), Some(1.0), "{label}");
    assert_eq!(v("legal_advisers.meetings_attended"), Some(23.0), "{label}");
    assert_eq!(
        v("legal_advisers.opinions"),
        Some(92.0),
        "{label}: advisers' only"
    );
    let county = sys.indicators("430203", year).await.unwrap();
    assert_eq!(
        (
            county.value("legality_review.count"),
            county.value("legality_review.adoption_rate"),
            county.value("legal_advisers.count"),
        ),
        (Some(1.0), Some(100.0), Some(1.0)),
        "{label}: by unit"
    );
    let yoy = city.indicators["legality_review.contracts"]
        .yoy
        .expect("2023 has one");
    assert_eq!(yoy.previous, 1.0, "{label}");
    assert!(store.unscoped_verify_audit().await.unwrap().is_ok());
}
