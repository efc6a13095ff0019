//! A large import on both backends: past the row count at which the SQLite bulk path drops the
//! secondary indexes of the register table (rebuilding them before the commit), with updates
//! arriving after the drop, a bad last row that must roll everything back (indexes included),
//! and ids drawn ahead of the inserts that later single writes must not collide with.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use common::{HEADER, city, count, import, write};
use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;
use fazhi_store::testing::TestDb;

/// More new rows than the bulk path's threshold for dropping indexes (20,000).
const LARGE: u64 = 21_000;

/// The names of the indexes of the cases and their clocks, which the bulk path drops and
/// builds again.
async fn indexes(store: &fazhi_store::Store) -> Vec<String> {
    fazhi_store::testing::index_names(store, &["enforcement_case", "deadline"])
        .await
        .expect("index names")
}

/// One valid penalty case; `party` lets a re-import change it. Odd cases are decided, even
/// ones still being handled: their clocks stay open, so the kept earliest due dates have rows
/// to keep. The first ten rows hold five of each, as every later run of ten does.
fn case(i: u64, party: &str) -> String {
    let base = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
    let filed = base + chrono::Days::new(i % 300);
    if i.is_multiple_of(2) {
        return format!(
            "520200,BIG-{i:06},处罚,{party}{i},法人,{filed},,,,\"ZF-001,ZF-002\",办理中"
        );
    }
    let decided = filed + chrono::Days::new(5 + i % 20);
    format!(
        "520200,BIG-{i:06},处罚,{party}{i},法人,{filed},{decided},罚款,{}.00,\"ZF-001,ZF-002\",已决定",
        500 + i % 9000
    )
}

fazhi_store::test_each_backend!(
    large_import_with_updates_after_the_index_drop_and_a_bad_last_row,
    large_import_with_updates_after_the_index_drop_and_a_bad_last_row_on
);

async fn large_import_with_updates_after_the_index_drop_and_a_bad_last_row_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let label = db.label;
    let (store, system) = city(&db.url).await;

    // Ten records first, so the table is not empty and later rows can update them.
    let small = write(
        dir.path(),
        "small.csv",
        HEADER,
        (0..10).map(|i| case(i, "甲公司")),
    );
    let report = import(&system, &small, false).await;
    assert!(report.ok(), "{label}: {:?}", report.errors);
    let clocks_of_ten = count(&store, "SELECT COUNT(*) FROM deadline").await;
    assert!(clocks_of_ten > 0, "{label}: penalty cases run clocks");
    let schema = indexes(&store).await;
    assert!(schema.len() >= 5, "{label}: {schema:?}");
    let max_id = count(&store, "SELECT MAX(id) FROM enforcement_case").await;

    // A large file whose last row is bad: nothing written, the indexes all there.
    let bad = write(
        dir.path(),
        "bad.csv",
        HEADER,
        (1000..1000 + LARGE)
            .map(|i| case(i, "乙公司"))
            .chain(std::iter::once(
                "520200,BIG-999999,处罚,丙公司,法人,2024-13-45,,,,ZF-001,已决定".to_owned(),
            )),
    );
    let report = import(&system, &bad, false).await;
    assert!(!report.outcome.committed, "{label}");
    // Its date and, in the same pass, the 决定日期 a decided penalty case needs and its
    // second officer.
    assert_eq!(report.error_count, 3, "{label}: {:?}", report.errors);
    assert_eq!(
        report.errors[0].row,
        LARGE + 2,
        "{label}: row as Excel shows it"
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM enforcement_case").await,
        10,
        "{label}"
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM deadline").await,
        clocks_of_ten,
        "{label}"
    );
    assert_eq!(
        indexes(&store).await,
        schema,
        "{label}: rollback restores indexes"
    );

    // A large file of new rows, then the ten first rows changed: updates after the drop.
    let large = write(
        dir.path(),
        "large.csv",
        HEADER,
        (1000..1000 + LARGE)
            .map(|i| case(i, "乙公司"))
            .chain((0..10).map(|i| case(i, "甲有限公司"))),
    );
    let report = import(&system, &large, false).await;
    assert!(report.ok(), "{label}: {:?}", report.errors);
    assert_eq!(
        (
            report.outcome.created,
            report.outcome.updated,
            report.outcome.unchanged
        ),
        (LARGE, 10, 0),
        "{label}"
    );
    // 21,010 rows: runs of ten, five open and five decided each.
    let total = 10 + LARGE as i64;
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM enforcement_case").await,
        total,
        "{label}"
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM deadline").await,
        total / 10 * clocks_of_ten,
        "{label}: one set of clocks per case, updated ones replaced"
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM deadline d JOIN enforcement_case c \
             ON c.id = d.record_id AND d.register = 'enforcement-cases'"
        )
        .await,
        total / 10 * clocks_of_ten,
        "{label}: every clock points at its case"
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM enforcement_case WHERE party_name LIKE '甲有限公司%'"
        )
        .await,
        10,
        "{label}"
    );
    // SQLite counts on from the largest id; PostgreSQL draws from its sequence, which
    // the rolled-back import above advanced too (sequences are not transactional).
    let new_max = count(&store, "SELECT MAX(id) FROM enforcement_case").await;
    if label == "sqlite" {
        assert_eq!(
            new_max,
            max_id + LARGE as i64,
            "{label}: ids follow the largest"
        );
    } else {
        assert!(new_max >= max_id + LARGE as i64, "{label}: {new_max}");
    }
    assert_eq!(indexes(&store).await, schema, "{label}: indexes rebuilt");
    // Two-character searches (the pair table on SQLite, re-indexed in one pass and then kept
    // by its triggers through the updates) find what LIKE finds: 甲公 is gone from the ten
    // changed rows, whose old documents the triggers deleted.
    for (pair, expected) in [
        ("甲公", 0),
        ("甲有", 10),
        ("乙公", LARGE as i64),
        ("公司", total),
    ] {
        let filter = fazhi_store::RecordFilter {
            q: Some(pair.into()),
            limit: 1,
            ..Default::default()
        };
        let (found, _) = (system.list_records(&ENFORCEMENT_CASES, &filter).await).unwrap();
        assert_eq!(found, expected, "{label}: {pair}");
    }

    // A single write afterwards gets a fresh id (the sequence knows the imported ones).
    let raw: BTreeMap<String, String> = [
        ("case_code", "ONE-1"),
        ("kind", "检查"),
        ("party_name", "丁"),
        ("party_type", "自然人"),
        ("filed_date", "2024-05-06"),
        ("status", "办理中"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let record = ENFORCEMENT_CASES.parse(&raw).expect("valid");
    let stored = system
        .create_record(&ENFORCEMENT_CASES, "520200", record)
        .await
        .expect("store")
        .expect("valid");
    assert!(stored.id.get() > new_max, "{label}: {}", stored.id);
    assert!(store.unscoped_verify_audit().await.unwrap().is_ok());
    // The open clocks' earliest due dates and their counts, which PostgreSQL's COPY path
    // keeps set-based instead of by row triggers, agree with the clocks.
    assert!(
        count(&store, "SELECT COUNT(*) FROM deadline_record_due").await > LARGE as i64 / 8,
        "{label}: open cases are kept"
    );
    assert_eq!(
        store.indicator_drift().await.unwrap(),
        Vec::<String>::new(),
        "{label}"
    );
}
