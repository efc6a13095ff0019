//! 公示平台 — the store's public reads: only 双公示 decisions public today under the publicity
//! rules (a penalty past its period, a 简易程序 or 警告-only penalty, a 轻微 one under 令36, a
//! withdrawn one are absent; a repaired record disappears on the next read), natural persons'
//! IDs masked and their 法定代表人 dropped; a published report is a snapshot that 取消审核
//! removes. Every backend.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use fazhi_domain::register::{Record, RegisterDef, Value, by_key};
use fazhi_store::portal::DecisionQuery;
use fazhi_store::testing::TestDb;
use fazhi_store::{ScopedStore, Store};

fn publicity() -> &'static RegisterDef {
    by_key("publicity-records").unwrap()
}

fn today() -> NaiveDate {
    fazhi_store::clock::beijing_today()
}

fn days_ago(n: u64) -> String {
    today().checked_sub_days(Days::new(n)).unwrap().to_string()
}

fn record(fields: &[(&str, &str)]) -> Record {
    let raw: BTreeMap<String, String> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    publicity()
        .parse(&raw)
        .map_err(|e| format!("{e:?}"))
        .unwrap()
}

/// A 行政处罚 of a company decided and published `ago` days ago, with extra fields.
fn penalty(no: &str, ago: u64, extra: &[(&str, &str)]) -> Record {
    let day = days_ago(ago);
    let mut fields = vec![
        ("kind", "行政处罚"),
        ("decision_no", no),
        ("party_name", "凉都某某煤业有限公司"),
        ("party_category", "法人及非法人组织"),
        ("party_id", "914403001922038216"),
        ("legal_rep", "李四"),
        ("category", "罚款"),
        ("content", "未按规定报告,罚款5000元"),
        ("amount", "5000"),
        ("decision_date", day.as_str()),
        ("published_date", day.as_str()),
    ];
    fields.extend_from_slice(extra);
    record(&fields)
}

fn query(text: &str) -> DecisionQuery {
    DecisionQuery {
        text: fazhi_store::portal::normalize(text),
        limit: 50,
        ..DecisionQuery::default()
    }
}

async fn found(store: &Store, text: &str) -> Vec<String> {
    let page = store.public_decisions(&query(text)).await.unwrap();
    let mut numbers: Vec<String> = page.items.iter().map(|d| d.decision_no.clone()).collect();
    numbers.sort();
    numbers
}

async fn create(sys: &ScopedStore, r: Record) -> i64 {
    sys.create_record(publicity(), "520201", r)
        .await
        .unwrap()
        .unwrap()
        .id
        .get()
}

fazhi_store::test_each_backend!(public_decisions, public_decisions_on);

async fn public_decisions_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url)
        .await
        .unwrap()
        .with_portal_max_age(Duration::ZERO);
    let sys = store.unscoped_system("test");
    let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for (code, kind, name, parent) in [
        ("520200", "city", "六盘水市", None),
        ("520201", "county", "钟山区", Some("520200")),
    ] {
        let unit = fazhi_domain::org::NewOrgUnit::parse(code, kind, name, None, day).unwrap();
        sys.create_org(unit, parent).await.unwrap();
    }
    let recent = create(&sys, penalty("罚〔1〕号", 30, &[])).await;
    create(&sys, penalty("罚〔2〕号", 400, &[])).await;
    create(&sys, penalty("罚〔3〕号", 400, &[("severity", "严重失信")])).await;
    create(&sys, penalty("罚〔4〕号", 30, &[("procedure", "简易程序")])).await;
    create(&sys, penalty("罚〔5〕号", 30, &[("category", "警告")])).await;
    create(&sys, penalty("罚〔6〕号", 30, &[("severity", "轻微失信")])).await;
    let withdrawn = days_ago(1);
    create(
        &sys,
        penalty(
            "罚〔7〕号",
            200,
            &[
                ("withdrawn_date", withdrawn.as_str()),
                ("withdraw_reason", "信用修复"),
            ],
        ),
    )
    .await;
    let person_day = days_ago(10);
    let person = create(
        &sys,
        record(&[
            ("kind", "行政许可"),
            ("decision_no", "许〔8〕号"),
            ("party_name", "王五"),
            ("party_category", "自然人"),
            ("party_id", "11010519491231002X"),
            ("legal_rep", "王五"),
            ("content", "准予道路运输从业资格"),
            ("decision_date", person_day.as_str()),
            ("published_date", person_day.as_str()),
        ]),
    )
    .await;
    assert_eq!(
        found(&store, "罚〔").await,
        ["罚〔1〕号", "罚〔3〕号"],
        "{label}: expired, 简易程序, 警告, 轻微 (令36) and withdrawn are not public"
    );
    let shown = store.public_decision(person).await.unwrap().unwrap();
    assert_eq!(
        shown.party_code, "110105********002X",
        "{label}: ID masked 6+4"
    );
    assert_eq!(
        shown.legal_rep, "",
        "{label}: a person has no 法定代表人 shown"
    );
    assert!(
        store
            .public_decisions(&query("110105"))
            .await
            .unwrap()
            .items
            .is_empty(),
        "{label}: a person's ID is not searchable"
    );
    let company = store.public_decision(recent).await.unwrap().unwrap();
    assert_eq!(company.party_code, "914403001922038216", "{label}");
    assert_eq!(company.amount_fen, Some(500_000), "{label}");
    let by_code = store
        .public_decisions(&query("914403001922038216"))
        .await
        .unwrap();
    assert_eq!(
        by_code.total, 2,
        "{label}: the credit code finds the public ones"
    );

    // A repair recorded today takes the record off at the next read.
    let mut repaired = sys
        .get_record(publicity(), fazhi_domain::RecordId::new(recent))
        .await
        .unwrap();
    repaired.record.set("withdrawn_date", Value::Date(today()));
    repaired
        .record
        .set("withdraw_reason", Value::Text("repaired".into()));
    sys.update_record(publicity(), repaired.id, None, repaired.record)
        .await
        .unwrap()
        .unwrap();
    assert!(
        store.public_decision(recent).await.unwrap().is_none(),
        "{label}"
    );
    assert_eq!(found(&store, "罚〔").await, ["罚〔3〕号"], "{label}");
}
