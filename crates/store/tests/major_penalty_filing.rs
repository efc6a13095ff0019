//! 重大行政处罚备案 on every backend: the filing window is the province's (rule
//! `major_penalty.filing`, per jurisdiction): a 青海 deployment counts 5 days from the decision
//! where the default is 15, from the top unit's region code, before and after a restart.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::major_penalty_filing::MAJOR_PENALTY_FILINGS;
use fazhi_store::Store;
use fazhi_store::testing::TestDb;

fazhi_store::test_each_backend!(filing_window, filing_window_on);

async fn filing_window_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    let sys = store.unscoped_system("test");
    let since = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    sys.create_org(
        NewOrgUnit::parse("630100", "city", "西宁市", None, since).unwrap(),
        None,
    )
    .await
    .unwrap();
    let raw: BTreeMap<String, String> = [
        ("filing_no", "宁司备〔2024〕1号"),
        ("decision_no", "宁市监罚〔2024〕8号"),
        ("decision_kind", "重大行政处罚"),
        ("ground", "责令停产停业、关闭"),
        ("party", "某某化工有限公司"),
        // A Monday: 5 days end on Saturday 9 March, carried to Monday 11 March.
        ("decision_date", "2024-03-04"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let stored = sys
        .create_record(
            &MAJOR_PENALTY_FILINGS,
            "630100",
            MAJOR_PENALTY_FILINGS.parse(&raw).unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
    let due = |s: &fazhi_store::ScopedStore| {
        let clocks = s.record_deadlines(&MAJOR_PENALTY_FILINGS, &stored.record, today);
        assert_eq!(clocks.len(), 1, "{label}");
        clocks[0].due
    };
    let qinghai = NaiveDate::from_ymd_opt(2024, 3, 11);
    assert_eq!(
        due(&sys),
        qinghai,
        "{label}: 青海 5 days, carried past the weekend"
    );
    drop(sys);
    drop(store);
    let reopened = Store::open(&db.url).await.unwrap();
    let sys = reopened.unscoped_system("test");
    assert_eq!(
        due(&sys),
        qinghai,
        "{label}: the province is read back at start-up"
    );
}
