//! Register storage story on every backend: create with generated keys, link checks,
//! certificate checks, scope, update, delete, audit.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::{RegisterDef, by_key};
use fazhi_store::testing::{TestDb, signed_in};
use fazhi_store::{AuditFilter, NewUser, RecordFilter, ScopedStore, Store, StoreError};

fn def(key: &str) -> &'static RegisterDef {
    by_key(key).unwrap()
}

fn raw(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn setup(store: &Store) -> (ScopedStore, ScopedStore) {
    let sys = store.unscoped_system("test");
    let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for (code, kind, name, parent) in [
        ("520200", "city", "六盘水市", None),
        ("520201", "county", "钟山区", Some("520200")),
        ("520203", "county", "六枝特区", Some("520200")),
        (
            "520201-scjg",
            "department",
            "钟山区市场监督管理局",
            Some("520201"),
        ),
        (
            "520203-scjg",
            "department",
            "六枝特区市场监督管理局",
            Some("520203"),
        ),
    ] {
        sys.create_org(
            NewOrgUnit::parse(code, kind, name, None, day).unwrap(),
            parent,
        )
        .await
        .unwrap();
    }
    let user = NewUser {
        username: "zs".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Clerk,
        org_code: "520201".into(),
        scope: ScopeKind::Subtree,
    };
    let clerk = signed_in(&sys, store, user).await.unwrap();
    (sys, clerk)
}

fn certificate(no: &str, status: &str) -> BTreeMap<String, String> {
    raw(&[
        ("officer_name", "张三"),
        ("officer_id", "11010519491231002X"),
        ("certificate_no", no),
        ("status", status),
        ("applied_date", "2023-01-05"),
        ("reviewed_date", "2023-01-20"),
        ("issued_date", "2023-02-01"),
        ("exam_date", "2023-01-10"),
        ("exam_score", "86"),
        ("training_hours", "60"),
    ])
}

fn case(handlers: &str) -> BTreeMap<String, String> {
    raw(&[
        ("kind", "处罚"),
        ("party_name", "某某商贸有限公司"),
        ("party_type", "法人"),
        ("party_id", "914403001922038216"),
        ("filed_date", "2024-03-05"),
        ("decision_date", "2024-04-01"),
        ("penalty_types", "警告、罚款"),
        ("fine_amount", "5,000.50"),
        ("recorded", "文字和音像"),
        ("published_date", "2024-04-03"),
        ("handlers", handlers),
        ("status", "已决定"),
    ])
}

async fn story(url: &str, label: &str) {
    let store = Store::open(url).await.unwrap();
    let (sys, clerk) = setup(&store).await;
    let certs = def("certificates");
    let cases = def("enforcement-cases");
    for (no, status) in [
        ("52020100001", "已发证"),
        ("52020100002", "已发证"),
        ("52020100003", "已注销"),
    ] {
        let mut r = certificate(no, status);
        if status == "已注销" {
            r.insert("revoked_date".into(), "2023-06-01".into());
            r.insert("revoke_reason".into(), "调离执法岗位".into());
        }
        let record = certs.parse(&r).unwrap_or_else(|e| panic!("{label}: {e:?}"));
        sys.create_record(certs, "520201-scjg", record)
            .await
            .unwrap()
            .unwrap();
    }

    // A case with two valid certificates; its code is generated.
    let record = cases.parse(&case("52020100001,52020100002")).unwrap();
    let created = clerk
        .create_record(cases, "520201-scjg", record)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        created.record.text("case_code"),
        Some("520201-scjg-2024-000001"),
        "{label}"
    );
    assert_eq!(created.record.get("fine_amount").as_int(), Some(500_050));

    // A revoked or unknown certificate is refused, naming the field; nothing is written.
    let record = cases.parse(&case("52020100001,52020100003")).unwrap();
    let rejected = clerk
        .create_record(cases, "520201-scjg", record)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(rejected.0[0].label, "执法人员执法证号", "{label}");
    assert!(rejected.0[0].to_string().contains("52020100003"));

    // Outside the clerk's county: refused, and invisible.
    let record = cases.parse(&case("52020100001,52020100002")).unwrap();
    let outside = clerk
        .create_record(cases, "520203-scjg", record.clone())
        .await;
    assert!(
        matches!(outside, Err(StoreError::NotFound { .. })),
        "{label}"
    );
    let other = sys
        .create_record(cases, "520203-scjg", record)
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(
        clerk.get_record(cases, other.id).await,
        Err(StoreError::NotFound { .. })
    ));
    let (total, _) = clerk
        .list_records(
            cases,
            &RecordFilter {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 1, "{label}");
    let (total, _) = sys
        .list_records(
            cases,
            &RecordFilter {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 2, "{label}");

    // Filters: period, text, status, org.
    let filter = |from: &str, to: &str, q: Option<&str>| RecordFilter {
        from: NaiveDate::parse_from_str(from, "%Y-%m-%d").ok(),
        to: NaiveDate::parse_from_str(to, "%Y-%m-%d").ok(),
        q: q.map(str::to_owned),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        sys.list_records(cases, &filter("2024-03-01", "2024-03-31", None))
            .await
            .unwrap()
            .0,
        2
    );
    assert_eq!(
        sys.list_records(cases, &filter("2024-04-01", "2024-12-31", None))
            .await
            .unwrap()
            .0,
        0
    );
    assert_eq!(
        sys.list_records(cases, &filter("", "", Some("商贸")))
            .await
            .unwrap()
            .0,
        2
    );
    let by_org = RecordFilter {
        org_code: Some("520203".into()),
        status: Some("decided".into()),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        sys.list_records(cases, &by_org).await.unwrap().0,
        1,
        "{label}"
    );

    // A reconsideration may link only to a case the clerk can see.
    let recons = def("reconsiderations");
    let mut r = raw(&[
        ("case_no", "六府复〔2024〕1号"),
        ("applicant", "某某商贸有限公司"),
        ("respondent", "钟山区市场监督管理局"),
        ("act_challenged", "行政处罚决定"),
        ("received_date", "2024-05-06"),
        ("acceptance", "受理"),
        ("acceptance_date", "2024-05-10"),
        ("procedure", "普通程序"),
    ]);
    r.insert("enforcement_case_id".into(), other.id.to_string());
    let record = recons
        .parse(&r)
        .unwrap_or_else(|e| panic!("{label}: {e:?}"));
    let refused = clerk.create_record(recons, "520201", record).await.unwrap();
    assert!(refused.is_err(), "{label}: link to an out-of-scope case");
    r.insert("enforcement_case_id".into(), created.id.to_string());
    let record = recons.parse(&r).unwrap();
    clerk
        .create_record(recons, "520201", record)
        .await
        .unwrap()
        .unwrap();

    // Update and delete are audited; the chain verifies.
    let mut changed = case("52020100001,52020100002");
    changed.insert("closed_date".into(), "2024-06-01".into());
    changed.insert("status".into(), "已结案".into());
    let record = cases.parse(&changed).unwrap();
    let updated = clerk
        .update_record(cases, created.id, None, record)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        updated.record.text("case_code"),
        Some("520201-scjg-2024-000001"),
        "key kept"
    );
    assert_eq!(updated.record.text("status"), Some("closed"));
    sys.delete_record(cases, other.id).await.unwrap();
    let (n, rows) = sys
        .list_audit(&AuditFilter {
            entity: Some("enforcement_case".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(n, 4, "{label}: two creates, an update, a delete");
    assert_eq!(rows[0].action, "delete");
    assert_eq!(
        store.indicator_drift().await.unwrap(),
        Vec::<String>::new(),
        "{label}: every write keeps the indicator cells equal to the registers"
    );
    assert!(store.unscoped_verify_audit().await.unwrap().is_ok());
}

fazhi_store::test_each_backend!(register_story, register_story_on);

async fn register_story_on(db: TestDb) {
    story(&db.url, db.label).await;
}
