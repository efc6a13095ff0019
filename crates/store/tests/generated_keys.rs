//! Generated natural keys on every backend: after a delete the next key is still new (the
//! form/API path and the import share one generator), a generated key never becomes an update
//! of a stored record, a key the file names itself is skipped, and the year is the record's.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use fazhi_domain::register::{Record, RegisterDef, by_key};
use fazhi_store::testing::TestDb;
use fazhi_store::{ImportOutcome, RecordFilter, ScopedStore};

const ORG: &str = "520201-scjg";

fn cases() -> &'static RegisterDef {
    by_key("enforcement-cases").expect("register")
}

/// A 许可 case (no officers needed) of party `party` filed on `filed`, with `key` if given.
fn case(party: &str, filed: &str, key: Option<&str>) -> Record {
    let mut raw: BTreeMap<String, String> = [
        ("kind", "许可"),
        ("party_name", party),
        ("party_type", "法人"),
        ("filed_date", filed),
        ("status", "办理中"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    if let Some(key) = key {
        raw.insert("case_code".into(), key.into());
    }
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

async fn create(store: &ScopedStore, record: Record) -> (fazhi_domain::RecordId, String) {
    let stored = store
        .create_record(cases(), ORG, record)
        .await
        .expect("store")
        .unwrap_or_else(|r| panic!("rejected: {:?}", r.0));
    let key = stored
        .record
        .text("case_code")
        .unwrap_or_default()
        .to_owned();
    (stored.id, key)
}

async fn import(store: &ScopedStore, records: Vec<Record>) -> ImportOutcome {
    fazhi_store::testing::import_as_file(store, cases(), ORG, records)
        .await
        .expect("import")
}

/// Party name by case key, of every stored case.
async fn parties(store: &ScopedStore) -> BTreeMap<String, String> {
    let filter = RecordFilter {
        limit: 1000,
        ..Default::default()
    };
    let (_, records) = store.list_records(cases(), &filter).await.expect("list");
    records
        .into_iter()
        .map(|r| {
            (
                r.record.text("case_code").unwrap_or_default().to_owned(),
                r.record.text("party_name").unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

async fn story(url: &str, label: &str) {
    let store = setup(url).await;
    let mut ids = Vec::new();
    for party in ["甲公司", "乙公司", "丙公司"] {
        ids.push(create(&store, case(party, "2024-03-05", None)).await);
    }
    let keys: Vec<&str> = ids.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "520201-scjg-2024-000001",
            "520201-scjg-2024-000002",
            "520201-scjg-2024-000003"
        ],
        "{label}"
    );

    // Delete then create: a count of the prefix would give 000003 again (已存在 forever).
    store
        .delete_record(cases(), ids[0].0)
        .await
        .expect("delete");
    let (_, key) = create(&store, case("丁公司", "2024-03-06", None)).await;
    assert_eq!(key, "520201-scjg-2024-000004", "{label}");

    // Delete then import: a count would give 000004 and update 丁公司's case with 戊公司.
    store
        .delete_record(cases(), ids[1].0)
        .await
        .expect("delete");
    let outcome = import(
        &store,
        vec![
            case("戊公司", "2024-05-01", None),
            // The file names the next key itself: the generator skips it.
            case("己公司", "2024-05-02", Some("520201-scjg-2024-000006")),
            case("庚公司", "2024-05-03", None),
        ],
    )
    .await;
    assert!(outcome.committed, "{label}: {:?}", outcome.problems);
    assert_eq!(
        (outcome.created, outcome.updated, outcome.unchanged),
        (3, 0, 0),
        "{label}"
    );
    let stored = parties(&store).await;
    let expected: BTreeMap<String, String> = [
        ("520201-scjg-2024-000003", "丙公司"),
        ("520201-scjg-2024-000004", "丁公司"),
        ("520201-scjg-2024-000005", "戊公司"),
        ("520201-scjg-2024-000006", "己公司"),
        ("520201-scjg-2024-000007", "庚公司"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(stored, expected, "{label}");

    // The year is the record's own, by either path; a manual non-numeric key is not a number.
    let (_, key) = create(&store, case("辛公司", "2023-12-31", None)).await;
    assert_eq!(key, "520201-scjg-2023-000001", "{label}");
    create(
        &store,
        case("壬公司", "2023-06-01", Some("520201-scjg-2023-补01")),
    )
    .await;
    let outcome = import(&store, vec![case("癸公司", "2023-07-01", None)]).await;
    assert_eq!(outcome.created, 1, "{label}");
    assert_eq!(
        parties(&store)
            .await
            .get("520201-scjg-2023-000002")
            .map(String::as_str),
        Some("癸公司"),
        "{label}"
    );
}

fazhi_store::test_each_backend!(
    generated_keys_survive_deletes,
    generated_keys_survive_deletes_on
);

async fn generated_keys_survive_deletes_on(db: TestDb) {
    story(&db.url, db.label).await;
}
