//! Every update leaves the previous values recoverable from the audit, on every backend: a
//! re-import that changes one field keeps the old value in the batch entry's before-image and
//! the record's versions show it; a changed reported value and a replaced holiday notice keep
//! the old ones.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use fazhi_domain::register::{Record, RegisterDef, by_key};
use fazhi_store::testing::TestDb;
use fazhi_store::{AuditFilter, ImportOptions, ImportOutcome, ReportedInput, ScopedStore};
use serde_json::{Value as Json, json};

const ORG: &str = "520201-scjg";

/// A field's change: key, value before, value after.
type Change = (String, Json, Json);

fn cases() -> &'static RegisterDef {
    by_key("enforcement-cases").expect("register")
}

fn case(party: &str, filed: &str, key: &str) -> Record {
    let raw: BTreeMap<String, String> = [
        ("kind", "许可"),
        ("party_name", party),
        ("party_type", "法人"),
        ("filed_date", filed),
        ("status", "办理中"),
        ("case_code", key),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    cases()
        .parse(&raw)
        .unwrap_or_else(|e| panic!("test record: {e:?}"))
}

async fn setup(url: &str) -> ScopedStore {
    fazhi_store::testing::open_with_orgs(
        url,
        &[
            ("520200", "city", "六盘水市", None),
            ("520201", "county", "钟山区", Some("520200")),
            (ORG, "department", "钟山区市场监督管理局", Some("520201")),
        ],
    )
    .await
    .expect("city")
}

async fn import(store: &ScopedStore, records: Vec<Record>) -> ImportOutcome {
    fazhi_store::testing::import_as_file(store, cases(), ORG, records)
        .await
        .expect("import")
}

/// The newest audit entry of `entity`: (before, after) as JSON.
async fn last_entry(store: &ScopedStore, entity: &str) -> (Json, Json) {
    let (_, rows) = store
        .list_audit(&AuditFilter {
            entity: Some(entity.into()),
            limit: 1,
            ..Default::default()
        })
        .await
        .expect("audit");
    let row = rows.first().expect("an entry");
    let parse = |t: &str| serde_json::from_str(t).unwrap_or(Json::Null);
    (parse(&row.before_json), parse(&row.after_json))
}

async fn story(url: &str, label: &str) {
    let store = setup(url).await;
    let a = "520201-scjg-2024-000101";
    let b = "520201-scjg-2024-000102";
    let first = import(
        &store,
        vec![
            case("甲公司", "2024-03-05", a),
            case("乙公司", "2024-03-06", b),
        ],
    )
    .await;
    assert_eq!(first.created, 2, "{label}: {:?}", first.problems);
    // The form changes the filing date of A.
    let (_, records) = store
        .list_records(
            cases(),
            &fazhi_store::RecordFilter {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .expect("list");
    let id_a = records
        .iter()
        .find(|r| r.record.text("case_code") == Some(a))
        .map(|r| r.id)
        .expect("A stored");
    store
        .update_record(cases(), id_a, None, case("甲公司", "2024-03-04", a))
        .await
        .expect("update")
        .expect("accepted");

    // Re-import: A's party name changes, B stays.
    let again = import(
        &store,
        vec![
            case("甲有限公司", "2024-03-04", a),
            case("乙公司", "2024-03-06", b),
        ],
    )
    .await;
    assert_eq!((again.updated, again.unchanged), (1, 1), "{label}");
    let (before, _) = last_entry(&store, "import_batch").await;
    assert_eq!(
        before["records"],
        json!([{"id": id_a, "values": {"party_name": "甲公司"}}]),
        "{label}: only the changed field of the changed record, with its old value"
    );

    // The record's versions, oldest first: import, form update, re-import.
    let versions = store.record_history(cases(), id_a).await.expect("history");
    let summary: Vec<(String, Vec<Change>)> = versions
        .iter()
        .map(|v| {
            let changes = v
                .changes
                .iter()
                .filter(|(k, _, _)| k != "org")
                .filter(|(_, old, _)| !old.is_null() || v.action != "import")
                .cloned()
                .collect();
            (v.action.clone(), changes)
        })
        .collect();
    assert_eq!(summary.len(), 3, "{label}: {summary:?}");
    assert_eq!(summary[0].0, "import");
    assert_eq!(
        summary[1],
        (
            "update".to_owned(),
            vec![(
                "filed_date".to_owned(),
                json!("2024-03-05"),
                json!("2024-03-04")
            )]
        ),
        "{label}"
    );
    assert_eq!(
        summary[2],
        (
            "import".to_owned(),
            vec![(
                "party_name".to_owned(),
                json!("甲公司"),
                json!("甲有限公司")
            )]
        ),
        "{label}"
    );
    assert!(versions.iter().all(|v| v.complete), "{label}");
    assert_eq!(
        versions[0].values.as_ref().map(|v| v["party_name"].clone()),
        Some(json!("甲公司")),
        "{label}: the first version rebuilt from the later before-images"
    );

    // A reported value changed: the old one stays in the entry.
    let reported = |value: f64| ReportedInput {
        line: 0,
        org_code: Some(ORG.into()),
        period: "2024".into(),
        indicator_key: "training.sessions".into(),
        value,
        note: None,
        qualifier: None,
    };
    for value in [12.0, 15.0] {
        let outcome = store
            .save_reported_values(vec![reported(value)], &ImportOptions::default())
            .await
            .expect("reported");
        assert!(outcome.committed, "{label}: {:?}", outcome.problems);
    }
    let (before, after) = last_entry(&store, "reported_value").await;
    assert_eq!(
        before["replaced"],
        json!([[ORG, "2024", "training.sessions", 12.0, null, null]]),
        "{label}"
    );
    assert_eq!(after["values"][0][3], json!(15.0));

    // A replaced holiday notice: the old text stays in the entry.
    let notice = |name: &str| {
        format!(
            "[[year]]\nyear = 2027\nnotice = \"{name}\"\nurl_note = \"测试\"\n\
             holiday = [{{ name = \"元旦\", from = \"2027-01-01\", to = \"2027-01-03\" }}]\n"
        )
    };
    store
        .load_calendar_notice(&notice("第一版"))
        .await
        .expect("load");
    store
        .load_calendar_notice(&notice("第二版"))
        .await
        .expect("replace");
    let (before, _) = last_entry(&store, "calendar_notice").await;
    assert!(
        before["notices"]["2027"]["notice"]
            .as_str()
            .is_some_and(|t| t.contains("第一版")),
        "{label}: {before}"
    );
}

fazhi_store::test_each_backend!(
    updates_keep_their_before_images,
    updates_keep_their_before_images_on
);

async fn updates_keep_their_before_images_on(db: TestDb) {
    story(&db.url, db.label).await;
}
