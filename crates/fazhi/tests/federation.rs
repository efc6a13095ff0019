//! Cities federated into a province (issue 24): three PostgreSQL servers on loopback — two
//! cities and the province — set up with `fazhi federation`, then: the province's indicators
//! change when a city writes; a write at the province to a city's unit is refused; the province
//! offline while the cities write, and a city's server restarted, both catch up without loss;
//! `status` reports both cities running; `resync` copies a city again with the same result.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

mod federation_support;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::{Record, RegisterDef, by_key};
use fazhi_indicators::Period;
use fazhi_store::{ScopedStore, Store, StoreError};
use federation_support::{PgServer, server_bin};

const CITY: &[&str] = &[
    "wal_level=logical",
    "max_wal_senders=10",
    "max_replication_slots=10",
];
const PROVINCE: &[&str] = &[
    "max_worker_processes=16",
    "max_logical_replication_workers=8",
    "max_sync_workers_per_subscription=4",
    "wal_retrieve_retry_interval=200ms",
];
/// How long a change may take to reach the province before the test fails.
const PATIENCE: Duration = Duration::from_secs(60);

fn mediations() -> &'static RegisterDef {
    by_key("mediations").unwrap()
}

/// A concluded, successful 人民调解 case received in March 2024.
fn mediation(no: &str) -> Record {
    let raw: BTreeMap<String, String> = [
        ("case_no", no),
        ("dispute_type", "邻里"),
        ("parties_count", "2"),
        ("received_date", "2024-03-05"),
        ("concluded_date", "2024-03-15"),
        ("outcome", "成功"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    mediations().parse(&raw).unwrap()
}

async fn units(store: &Store, units: &[(&str, &str, &str, Option<&str>)]) -> ScopedStore {
    let sys = store.unscoped_system("test");
    let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for (code, kind, name, parent) in units {
        let unit = NewOrgUnit::parse(code, kind, name, None, day).unwrap();
        sys.create_org(unit, *parent).await.unwrap();
    }
    sys
}

async fn write(store: &ScopedStore, unit: &str, no: &str) -> Result<(), StoreError> {
    store
        .create_record(mediations(), unit, mediation(no))
        .await?
        .map(|_| ())
        .map_err(|e| StoreError::Conflict(format!("{:?}", e.0)))
}

fn federation(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .arg("federation")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "fazhi federation {args:?}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// 调解案件数 of `unit` (and below) in 2024 as the province computes it.
async fn cases(province: &ScopedStore, unit: &str) -> f64 {
    let set = province.indicators(unit, Period::Year(2024)).await.unwrap();
    set.value("mediation.cases").unwrap_or(0.0)
}

/// Waits until the province counts `expected` cases for `unit`; the time it took.
async fn until_cases(
    (province, server): (&ScopedStore, &PgServer),
    unit: &str,
    expected: f64,
) -> Duration {
    let start = Instant::now();
    loop {
        let seen = match province.indicators(unit, Period::Year(2024)).await {
            Ok(set) => set.value("mediation.cases").unwrap_or(0.0),
            Err(_) => -1.0, // the city's units not copied yet
        };
        if seen == expected {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < PATIENCE,
            "{unit}: the province counts {seen} cases, expected {expected}; its log:\n{}",
            server.log_tail()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cities_replicate_into_the_province() {
    let Some(bin) = server_bin() else {
        println!("skipped: no PostgreSQL server programs");
        return;
    };
    let (a, b, p) = (
        PgServer::start(&bin, "city-a", CITY),
        PgServer::start(&bin, "city-b", CITY),
        PgServer::start(&bin, "province", PROVINCE),
    );
    let province_store = Store::open(&p.url()).await.unwrap();
    let province = units(&province_store, &[("520000", "province", "贵州省", None)]).await;

    // Each city: ids in its own block before any data, then its units and a first case.
    federation(&["city-init", "--db", &a.url(), "--node", "1"]);
    federation(&["city-init", "--db", &b.url(), "--node", "2"]);
    let city_a_store = Store::open(&a.url()).await.unwrap();
    let city_a = units(
        &city_a_store,
        &[
            ("520200", "city", "六盘水市", None),
            ("520201", "county", "钟山区", Some("520200")),
        ],
    )
    .await;
    let city_b_store = Store::open(&b.url()).await.unwrap();
    let city_b = units(
        &city_b_store,
        &[
            ("520300", "city", "遵义市", None),
            ("520302", "county", "红花岗区", Some("520300")),
        ],
    )
    .await;
    write(&city_a, "520201", "A-1").await.unwrap();
    write(&city_b, "520302", "B-1").await.unwrap();

    for (city, node) in [(&a, "1"), (&b, "2")] {
        let out = federation(&[
            "join",
            "--db",
            &p.url(),
            "--city-url",
            &city.url(),
            "--node",
            node,
            "--parent",
            "520000",
        ]);
        assert!(out.contains("已加入"), "{out}");
    }
    // The first copy: both cities' cases, rolled up below the province's own unit.
    let copied = until_cases((&province, &p), "520000", 2.0).await;
    println!("first copy of two cities seen after {copied:?}");
    assert_eq!(cases(&province, "520200").await, 1.0);
    assert_eq!(cases(&province, "520300").await, 1.0);

    // A city's write reaches the province's indicators.
    write(&city_a, "520201", "A-2").await.unwrap();
    let seen = until_cases((&province, &p), "520200", 2.0).await;
    println!("a city's write seen at the province after {seen:?}");
    assert_eq!(cases(&province, "520000").await, 3.0);

    // The province may not write a city's data; its own units it may.
    let refused = write(&province, "520201", "P-1").await.unwrap_err();
    assert!(
        matches!(&refused, StoreError::Forbidden(m) if m.contains("六盘水市") && m.contains("只读")),
        "{refused:?}"
    );
    write(&province, "520000", "P-2").await.unwrap();
    assert_eq!(cases(&province, "520000").await, 4.0);
    assert_eq!(cases(&province, "520200").await, 2.0);

    // The province offline while both cities write: nothing is lost when it returns.
    province_store.close().await;
    p.halt();
    write(&city_a, "520201", "A-3").await.unwrap();
    write(&city_b, "520302", "B-2").await.unwrap();
    write(&city_b, "520302", "B-3").await.unwrap();
    p.resume();
    let province_store = Store::open(&p.url()).await.unwrap();
    let province = province_store.unscoped_system("test");
    let caught_up = until_cases((&province, &p), "520000", 7.0).await;
    println!("province back after an outage: caught up after {caught_up:?}");
    assert_eq!(cases(&province, "520300").await, 3.0);

    // A city's server restarted: the subscription reconnects and its next write arrives.
    city_b_store.close().await;
    b.halt();
    b.resume();
    let city_b_store = Store::open(&b.url()).await.unwrap();
    let city_b = city_b_store.unscoped_system("test");
    write(&city_b, "520302", "B-4").await.unwrap();
    until_cases((&province, &p), "520300", 4.0).await;

    let status = federation(&["status", "--db", &p.url()]);
    assert_eq!(status.matches("运行中").count(), 2, "{status}");
    assert!(
        status.contains("六盘水市") && status.contains("遵义市"),
        "{status}"
    );

    // A full copy again gives the same figures.
    federation(&["resync", "--db", &p.url(), "--node", "1"]);
    write(&city_a, "520201", "A-4").await.unwrap();
    until_cases((&province, &p), "520200", 4.0).await;
    assert_eq!(cases(&province, "520000").await, 9.0);

    // A city database with data of its own ids cannot be given another block.
    let again = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["federation", "city-init", "--db", &a.url(), "--node", "3"])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("不在本市区间"));

    province_store.close().await;
    city_a_store.close().await;
    city_b_store.close().await;
}
