//! The indicator cells kept up to date by every write equal a rebuild from the registers, after
//! a random sequence of creates, updates, moves to another unit or month, deletes and imports
//! (property test, on every backend); and a second store on the same database (another server
//! process) sees a write at once.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::RecordId;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::{Record, RegisterDef, by_key};
use fazhi_indicators::Period;
use fazhi_store::testing::{TestDb, fresh_database, import_as_file};
use fazhi_store::{ScopedStore, Store};
use proptest::prelude::*;

const UNITS: [&str; 3] = ["520200", "520201", "520203"];

fn mediations() -> &'static RegisterDef {
    by_key("mediations").unwrap()
}

/// A 人民调解 case: received in month `month` of 2024, concluded 10 days later when `done`;
/// an agreement amount only when it succeeded (the register's rule).
fn mediation(no: &str, month: u32, done: bool, success: bool, amount: u32) -> Record {
    let received = format!("2024-{month:02}-05");
    let concluded = if done {
        format!("2024-{month:02}-15")
    } else {
        String::new()
    };
    let outcome = match (done, success) {
        (false, _) => "",
        (true, true) => "成功",
        (true, false) => "不成功",
    };
    let amount = if amount > 0 && done && success {
        amount.to_string()
    } else {
        String::new()
    };
    let raw: BTreeMap<String, String> = [
        ("case_no", no),
        ("dispute_type", "邻里"),
        ("parties_count", "2"),
        ("received_date", received.as_str()),
        ("concluded_date", concluded.as_str()),
        ("outcome", outcome),
        ("agreement_amount", amount.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    mediations().parse(&raw).unwrap()
}

async fn city(store: &Store) -> ScopedStore {
    let sys = store.unscoped_system("test");
    let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for (code, kind, name, parent) in [
        ("520200", "city", "六盘水市", None),
        ("520201", "county", "钟山区", Some("520200")),
        ("520203", "county", "六枝特区", Some("520200")),
    ] {
        let unit = NewOrgUnit::parse(code, kind, name, None, day).unwrap();
        sys.create_org(unit, parent).await.unwrap();
    }
    sys
}

/// One write: which record (by its place in the list of live records), and the new fields.
#[derive(Debug, Clone)]
enum Op {
    Create {
        unit: usize,
        month: u32,
        done: bool,
        success: bool,
        amount: u32,
    },
    /// Changes month, outcome and amount, and moves the record to `unit`.
    Update {
        pick: usize,
        unit: usize,
        month: u32,
        done: bool,
        success: bool,
        amount: u32,
    },
    Delete {
        pick: usize,
    },
    /// An import of two rows: one new record, one that rewrites a live record (if any).
    Import {
        pick: usize,
        unit: usize,
        month: u32,
        success: bool,
    },
}

/// Unit, month, concluded, successful, amount step.
fn fields() -> impl Strategy<Value = (usize, u32, bool, bool, u32)> {
    (
        0..3_usize,
        1..=12_u32,
        any::<bool>(),
        any::<bool>(),
        0..3_u32,
    )
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => fields().prop_map(|(unit, month, done, success, amount)| Op::Create {
            unit, month, done, success, amount: amount * 500
        }),
        3 => (any::<usize>(), fields()).prop_map(|(pick, (unit, month, done, success, amount))| {
            Op::Update { pick, unit, month, done, success, amount: amount * 700 }
        }),
        1 => any::<usize>().prop_map(|pick| Op::Delete { pick }),
        1 => (any::<usize>(), 0..3_usize, 1..=12_u32, any::<bool>())
            .prop_map(|(pick, unit, month, success)| Op::Import { pick, unit, month, success }),
    ]
}

/// Runs `ops`: record `n` is numbered `P<n>`; a live record is (id, number, unit).
async fn run(sys: &ScopedStore, ops: &[Op]) {
    let def = mediations();
    let mut live: Vec<(RecordId, String, usize)> = Vec::new();
    for (n, op) in ops.iter().enumerate() {
        let no = format!("P{n}");
        match op.clone() {
            Op::Create {
                unit,
                month,
                done,
                success,
                amount,
            } => {
                let record = mediation(&no, month, done, success, amount);
                let stored = sys
                    .create_record(def, UNITS[unit], record)
                    .await
                    .unwrap()
                    .unwrap();
                live.push((stored.id, no, unit));
            }
            Op::Update {
                pick,
                unit,
                month,
                done,
                success,
                amount,
            } if !live.is_empty() => {
                let at = pick % live.len();
                let record = mediation(&live[at].1, month, done, success, amount);
                let id = live[at].0;
                sys.update_record(def, id, Some(UNITS[unit]), record)
                    .await
                    .unwrap()
                    .unwrap();
                live[at].2 = unit;
            }
            Op::Delete { pick } if !live.is_empty() => {
                let (id, _, _) = live.remove(pick % live.len());
                sys.delete_record(def, id).await.unwrap();
            }
            Op::Import {
                pick,
                unit,
                month,
                success,
            } => {
                // A file of one new record, then one that rewrites a live record in its unit.
                let row = mediation(&no, month, true, success, 0);
                let outcome = import_as_file(sys, def, UNITS[unit], vec![row])
                    .await
                    .unwrap();
                assert!(outcome.committed, "{:?}", outcome.problems);
                let ids = sys
                    .record_ids(def, std::slice::from_ref(&no))
                    .await
                    .unwrap();
                if let Some((_, key, at)) = live.get(pick % live.len().max(1)) {
                    let row = mediation(key, (month % 12) + 1, true, !success, 300);
                    let outcome = import_as_file(sys, def, UNITS[*at], vec![row])
                        .await
                        .unwrap();
                    assert!(outcome.committed, "{:?}", outcome.problems);
                }
                live.push((ids[&no], no, unit));
            }
            _ => {}
        }
    }
}

async fn incremental_equals_rebuild(db: TestDb) {
    let config = ProptestConfig {
        cases: 6,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let backend = db.backend;
    let first = std::cell::RefCell::new(Some(db));
    proptest!(config, |(ops in proptest::collection::vec(op(), 1..40))| {
        let db = match first.borrow_mut().take() {
            Some(db) => db,
            None => tokio::task::block_in_place(|| {
                tokio::runtime::Handle::current().block_on(fresh_database(backend))
            }).unwrap().unwrap(),
        };
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                let store = Store::open(&db.url).await.unwrap();
                let sys = city(&store).await;
                run(&sys, &ops).await;
                let drift = store.indicator_drift().await.unwrap();
                assert!(drift.is_empty(), "{}: kept ≠ actual: {drift:?}", db.label);
                // What the engine reads is the cells: the figures equal those after a rebuild.
                let before = sys.indicators("520200", Period::Year(2024)).await.unwrap();
                store.rebuild_indicators().await.unwrap();
                let fresh = Store::open(&db.url).await.unwrap().unscoped_system("test");
                let after = fresh.indicators("520200", Period::Year(2024)).await.unwrap();
                assert_eq!(before.indicators, after.indicators, "{}", db.label);
            })
        });
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_cells_equal_a_rebuild_on_sqlite() {
    if let Some(db) = fresh_database(fazhi_store::testing::Backend::Sqlite)
        .await
        .unwrap()
    {
        incremental_equals_rebuild(db).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_cells_equal_a_rebuild_on_postgres() {
    if let Some(db) = fresh_database(fazhi_store::testing::Backend::Postgres)
        .await
        .unwrap()
    {
        incremental_equals_rebuild(db).await;
    }
}

/// Two stores on one database, as two server processes: a write through one is in the other's
/// figures on its next read, although the other had read (and held) the figures before.
async fn a_second_process_sees_a_write_at_once(db: TestDb) {
    let one = Store::open(&db.url).await.unwrap();
    let sys_one = city(&one).await;
    let two = Store::open(&db.url).await.unwrap().unscoped_system("two");
    let year = Period::Year(2024);
    let cases = |set: &fazhi_catalog::IndicatorSet| set.value("mediation.cases");
    let before = cases(&two.indicators("520200", year).await.unwrap());
    let record = mediation("X1", 3, true, true, 0);
    sys_one
        .create_record(mediations(), "520201", record)
        .await
        .unwrap()
        .unwrap();
    let after = cases(&two.indicators("520200", year).await.unwrap());
    assert_eq!(after, Some(before.unwrap_or(0.0) + 1.0), "{}", db.label);
}

fazhi_store::test_each_backend!(
    a_second_process_sees_a_write,
    a_second_process_sees_a_write_at_once
);
