//! Statutory clocks on records, on every backend: computed on write, explained, filtered,
//! counted for alerts, and re-evaluated when an admin loads a new year's holiday notice.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::by_key;
use fazhi_store::testing::{TestDb, signed_in};
use fazhi_store::{NewUser, RecordFilter, ScopedStore, Store};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn reconsideration(no: &str, received: &str, accepted: &str) -> BTreeMap<String, String> {
    [
        ("case_no", no),
        ("applicant", "王某"),
        ("respondent", "钟山区市场监督管理局"),
        ("act_challenged", "行政处罚决定"),
        ("received_date", received),
        ("acceptance", "受理"),
        ("acceptance_date", accepted),
        ("procedure", "普通程序"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// A made-up 2027 notice in the calendar's format (test data, not the real notice).
const NOTICE_2027: &str = r#"
[[year]]
year = 2027
notice = "测试用:2027年部分节假日安排"
url_note = "测试数据"
holiday = [
  { name = "元旦", from = "2027-01-01", to = "2027-01-03" },
  { name = "春节", from = "2027-02-06", to = "2027-02-12", work = ["2027-02-20"] },
]
"#;

/// A clerk of unit `org` alone, signed in.
async fn clerk_of(store: &Store, org: &str) -> ScopedStore {
    let user = NewUser {
        username: "clerk".into(),
        display_name: String::new(),
        password: "Secret1234".into(),
        role: Role::Clerk,
        org_code: org.into(),
        scope: ScopeKind::Unit,
    };
    signed_in(&store.unscoped_system("test"), store, user)
        .await
        .unwrap()
}

fazhi_store::test_each_backend!(clocks, clocks_on);

async fn clocks_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    let sys = store.unscoped_system("test");
    let since = day(2020, 1, 1);
    sys.create_org(
        NewOrgUnit::parse("520200", "city", "六盘水市", None, since).unwrap(),
        None,
    )
    .await
    .unwrap();
    sys.create_org(
        NewOrgUnit::parse("520200-sfj", "department", "六盘水市司法局", None, since).unwrap(),
        Some("520200"),
    )
    .await
    .unwrap();
    sys.create_org(
        NewOrgUnit::parse("520200-gaj", "department", "六盘水市公安局", None, since).unwrap(),
        Some("520200"),
    )
    .await
    .unwrap();
    let def = by_key("reconsiderations").unwrap();

    // Accepted 2024-05-10, no decision: 60 days → 2024-07-09, open and long overdue.
    let open = sys
        .create_record(
            def,
            "520200-sfj",
            def.parse(&reconsideration("复1", "2024-05-06", "2024-05-10"))
                .unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    let clocks = sys.record_deadlines(def, &open.record, day(2026, 11, 22));
    let decision = clocks
        .iter()
        .find(|c| c.rule == "reconsideration.decision")
        .unwrap();
    assert_eq!(decision.due, Some(day(2024, 7, 9)), "{label}");
    assert_eq!(decision.state, "已逾期");
    assert!(
        decision
            .explanation
            .iter()
            .any(|l| l.contains("六十") || l.contains("60")),
        "{:?}",
        decision.explanation
    );
    let acceptance = clocks
        .iter()
        .find(|c| c.rule == "reconsideration.acceptance")
        .unwrap();
    assert_eq!(acceptance.state, "已按期办结", "{label}");

    // Accepted 2026-12-20: due 2027-02-18, provisional (暂估, 2027 counted on weekends alone)
    // until the 2027 notice is loaded.
    let late = sys
        .create_record(
            def,
            "520200-sfj",
            def.parse(&reconsideration("复2", "2026-12-14", "2026-12-20"))
                .unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    let clocks = sys.record_deadlines(def, &late.record, day(2026, 12, 21));
    let decision = clocks
        .iter()
        .find(|c| c.rule == "reconsideration.decision")
        .unwrap();
    assert_eq!(
        (decision.state, decision.due, decision.provisional),
        ("进行中", Some(day(2027, 2, 18)), true),
        "{label}"
    );
    assert!(decision.explanation[0].starts_with("暂估"), "{label}");
    assert!(sys.is_provisional(day(2027, 2, 18)));
    assert_eq!(sys.notice_to_load(day(2026, 10, 1)), Some(2027));
    assert_eq!(
        sys.notice_to_load(day(2026, 9, 30)),
        None,
        "not before October"
    );
    let last_day = sys.last_calendar_day().unwrap();
    assert_eq!(last_day, day(2026, 12, 31));
    assert_eq!(
        sys.provisional_due_records(last_day, None).await.unwrap(),
        1,
        "{label}: the late case's provisional due date is in the alerts' figures"
    );

    let overdue = RecordFilter {
        due: Some((None, day(2026, 11, 21))),
        limit: 10,
        ..Default::default()
    };
    let (n, rows) = sys.list_records(def, &overdue).await.unwrap();
    assert_eq!((n, rows[0].id), (1, open.id), "{label}");
    let alerts = sys
        .deadline_alerts(day(2026, 11, 22), day(2026, 11, 29), None)
        .await
        .unwrap();
    assert_eq!(alerts.len(), 1, "{label}: {alerts:?}");
    assert_eq!((alerts[0].overdue, alerts[0].due_soon), (1, 0));
    // The alerts read kept counts of the open clocks (migration 0016): equal to a recount
    // after creates, after the re-evaluation below, after a change and after a delete.
    let no_drift =
        |drift: Vec<String>, step: &str| assert!(drift.is_empty(), "{label} {step}: {drift:?}");
    no_drift(store.indicator_drift().await.unwrap(), "created");

    // Loading 2027 re-evaluates the open clocks: the late case now has a due date.
    let kept_indexes = fazhi_store::testing::index_names(&store, &["deadline_record_due"])
        .await
        .unwrap();
    assert!(kept_indexes.len() >= 2, "{label}: {kept_indexes:?}");
    let (years, reevaluated) = sys.load_calendar_notice(NOTICE_2027).await.unwrap();
    assert_eq!(years, vec![2027]);
    assert_eq!(reevaluated, 2, "{label}: both open decision clocks");
    no_drift(store.indicator_drift().await.unwrap(), "re-evaluated");
    assert_eq!(
        fazhi_store::testing::index_names(&store, &["deadline_record_due"])
            .await
            .unwrap(),
        kept_indexes,
        "{label}: the rebuild builds the dropped indexes again"
    );
    let alerts = sys
        .deadline_alerts(day(2027, 2, 18), day(2027, 2, 25), None)
        .await
        .unwrap();
    let due_soon: i64 = alerts.iter().map(|a| a.due_soon).sum();
    assert_eq!(
        due_soon, 1,
        "{label}: the late case falls due on 2027-02-18: {alerts:?}"
    );
    let soon = RecordFilter {
        due: Some((Some(day(2027, 1, 1)), day(2027, 12, 31))),
        limit: 10,
        ..Default::default()
    };
    let (n, rows) = sys.list_records(def, &soon).await.unwrap();
    assert_eq!((n, rows[0].id), (1, late.id), "{label}");
    // A deadline list shows the most overdue record first (the newest period came first
    // before), each with its earliest open due date — to those who may see the record.
    let all_due = RecordFilter {
        due: Some((None, day(2027, 12, 31))),
        limit: 10,
        ..Default::default()
    };
    let (n, rows) = sys.list_records(def, &all_due).await.unwrap();
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    assert_eq!((n, ids.clone()), (2, vec![open.id, late.id]), "{label}");
    let due = sys.earliest_due_dates(def.key, &ids).await.unwrap();
    assert_eq!(due.get(&open.id), Some(&day(2024, 7, 9)), "{label}");
    assert_eq!(due.get(&late.id), Some(&day(2027, 2, 18)), "{label}");
    let other = clerk_of(&store, "520200-gaj").await;
    assert!(
        other
            .earliest_due_dates(def.key, &ids)
            .await
            .unwrap()
            .is_empty(),
        "{label}: another unit's clerk"
    );
    assert!(sys.load_calendar_notice("不是日历").await.is_err());
    // The loaded year survives a restart.
    drop(sys);
    let reopened = Store::open(&db.url).await.unwrap();
    let sys = reopened.unscoped_system("test");
    let clocks = sys.record_deadlines(def, &late.record, day(2027, 1, 4));
    assert!(
        clocks.iter().all(|c| c.due.is_some() && !c.provisional),
        "{label}: computed on the loaded notice"
    );
    assert!(!sys.is_provisional(day(2027, 2, 18)));

    // Deciding the case stops its clock.
    let mut decided = reconsideration("复1", "2024-05-06", "2024-05-10");
    decided.insert("decision_date".into(), "2024-07-01".into());
    decided.insert("decision_type".into(), "维持".into());
    sys.update_record(def, open.id, None, def.parse(&decided).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        sys.list_records(def, &overdue).await.unwrap().0,
        0,
        "{label}"
    );
    no_drift(reopened.indicator_drift().await.unwrap(), "decided");
    sys.delete_record(def, late.id).await.unwrap();
    no_drift(reopened.indicator_drift().await.unwrap(), "deleted");
    let alerts = sys
        .deadline_alerts(day(2027, 2, 18), day(2027, 2, 25), None)
        .await
        .unwrap();
    assert!(alerts.is_empty(), "{label}: {alerts:?}");
}
