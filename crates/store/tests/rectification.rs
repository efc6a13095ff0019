//! 问题整改 on every backend: the 整改时限 is the date the issuing office set (not a period of
//! the rule book), so the clock runs to that very date, a calendar notice does not move it, and
//! reporting the rectification done stops it.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::by_key;
use fazhi_store::testing::TestDb;
use fazhi_store::{RecordFilter, Store};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn problem(changes: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut raw: BTreeMap<String, String> = [
        ("problem_no", "督察〔2024〕1-003"),
        ("source", "法治督察"),
        ("found_date", "2024-04-10"),
        ("description", "行政处罚决定书未告知救济途径"),
        // A Saturday: the issuer's date is kept as written, not carried to Monday.
        ("due_date", "2024-07-13"),
        ("status", "整改中"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (k, v) in changes {
        raw.insert((*k).to_owned(), (*v).to_owned());
    }
    raw
}

/// A made-up 2027 notice in the calendar's format (test data, not the real notice).
const NOTICE_2027: &str = r#"
[[year]]
year = 2027
notice = "测试用:2027年部分节假日安排"
url_note = "测试数据"
holiday = [{ name = "元旦", from = "2027-01-01", to = "2027-01-03" }]
"#;

fazhi_store::test_each_backend!(issuer_set_time_limit, issuer_set_time_limit_on);

async fn issuer_set_time_limit_on(db: TestDb) {
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
        NewOrgUnit::parse(
            "520200-scj",
            "department",
            "六盘水市市场监督管理局",
            None,
            since,
        )
        .unwrap(),
        Some("520200"),
    )
    .await
    .unwrap();
    let def = by_key("rectifications").unwrap();
    let open = sys
        .create_record(def, "520200-scj", def.parse(&problem(&[])).unwrap())
        .await
        .unwrap()
        .unwrap();
    let clocks = sys.record_deadlines(def, &open.record, day(2026, 11, 22));
    assert_eq!(clocks.len(), 1, "{label}");
    let clock = &clocks[0];
    assert_eq!(
        (clock.rule, clock.due, clock.state, clock.provisional),
        (
            "rectification.time_limit",
            Some(day(2024, 7, 13)),
            "已逾期",
            false
        ),
        "{label}"
    );
    assert!(
        clock.explanation[0].contains("交办单位确定为2024-07-13"),
        "{label}: {:?}",
        clock.explanation
    );
    let overdue = RecordFilter {
        due: Some((None, day(2026, 11, 21))),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        sys.list_records(def, &overdue).await.unwrap().0,
        1,
        "{label}"
    );
    let alerts = sys
        .deadline_alerts(day(2026, 11, 22), day(2026, 11, 29), None)
        .await
        .unwrap();
    assert_eq!(
        alerts.iter().map(|a| a.overdue).sum::<i64>(),
        1,
        "{label}: {alerts:?}"
    );

    // A new notice re-evaluates statutory clocks only: the issuer's date stays.
    let (_, reevaluated) = sys.load_calendar_notice(NOTICE_2027).await.unwrap();
    assert_eq!(reevaluated, 0, "{label}");
    let stored = sys.get_record(def, open.id).await.unwrap();
    let clocks = sys.record_deadlines(def, &stored.record, day(2026, 11, 22));
    assert_eq!(clocks[0].due, Some(day(2024, 7, 13)), "{label}");
    assert_eq!(
        sys.list_records(def, &overdue).await.unwrap().0,
        1,
        "{label}"
    );

    // Reported done before the time limit: the clock stops, met; closure awaits the office.
    let reported = problem(&[
        ("status", "申请销号"),
        ("measures", "修订文书格式,对在办案件逐一补正"),
        ("rectified_date", "2024-07-12"),
        ("evidence", "钟市监报〔2024〕21号整改报告"),
    ]);
    sys.update_record(def, open.id, None, def.parse(&reported).unwrap())
        .await
        .unwrap()
        .unwrap();
    let stored = sys.get_record(def, open.id).await.unwrap();
    let clocks = sys.record_deadlines(def, &stored.record, day(2026, 11, 22));
    assert_eq!(clocks[0].state, "已按期办结", "{label}");
    assert_eq!(
        sys.list_records(def, &overdue).await.unwrap().0,
        0,
        "{label}"
    );
    assert_eq!(store.indicator_drift().await.unwrap(), Vec::<String>::new());
}
