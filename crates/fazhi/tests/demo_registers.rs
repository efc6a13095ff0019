//! `fazhi demo` fills every register of the demo city with records: volumes, spread
//! over months and districts, an intact audit chain, a re-run that adds nothing, and the same
//! records from the same seed. Once more on PostgreSQL when the test run has one.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod binary;

use binary::fazhi;
use std::collections::BTreeSet;

use chrono::Datelike;
use fazhi_domain::register::{self, enforcement::ENFORCEMENT_CASES};
use fazhi_store::testing::{fresh_postgres_url, fresh_sqlite_url};
use fazhi_store::{RecordFilter, ScopedStore, Store, StoredRecord};

/// The default profile (六盘水 2024) at 5% of its published volume.
fn demo(url: &str) -> String {
    let out = fazhi(&["demo", "--db", url, "--scale", "0.05"]);
    assert!(
        out.status.success(),
        "demo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn system(url: &str) -> ScopedStore {
    Store::open(url).await.unwrap().unscoped_system("test")
}

/// The number of records in each register.
async fn totals(store: &ScopedStore) -> Vec<(&'static str, i64)> {
    let mut totals = Vec::new();
    for def in register::all() {
        let filter = RecordFilter {
            limit: 1,
            ..RecordFilter::default()
        };
        let (total, _) = store.list_records(def, &filter).await.unwrap();
        totals.push((def.key, total));
    }
    totals
}

async fn all_cases(store: &ScopedStore) -> Vec<StoredRecord> {
    let mut cases = Vec::new();
    loop {
        let filter = RecordFilter {
            limit: 1000,
            offset: cases.len() as i64,
            ..RecordFilter::default()
        };
        let (total, page) = store
            .list_records(&ENFORCEMENT_CASES, &filter)
            .await
            .unwrap();
        cases.extend(page);
        if cases.len() as i64 >= total {
            return cases;
        }
    }
}

/// Case code, party id and 立案日期 of the first cases listed.
async fn first_cases(store: &ScopedStore) -> Vec<String> {
    let filter = RecordFilter {
        limit: 20,
        ..RecordFilter::default()
    };
    let (_, page) = store
        .list_records(&ENFORCEMENT_CASES, &filter)
        .await
        .unwrap();
    page.iter()
        .map(|r| {
            let text = |k| r.record.text(k).unwrap_or_default().to_owned();
            format!(
                "{} {} {:?}",
                text("case_code"),
                text("party_id"),
                r.record.date("filed_date")
            )
        })
        .collect()
}

fn assert_volumes(totals: &[(&str, i64)]) {
    for (key, total) in totals {
        assert!(*total >= 2, "{key}: only {total} records");
    }
}

#[tokio::test]
async fn demo_fills_every_register_with_a_year_of_records() {
    let (a, b) = (fresh_sqlite_url(), fresh_sqlite_url());
    // Two runs with the same (default) seed, side by side.
    let run_b = {
        let b = b.clone();
        std::thread::spawn(move || demo(&b))
    };
    let out = demo(&a);
    run_b.join().unwrap();
    assert!(out.contains("生成示范登记记录"), "{out}");
    let store = system(&a).await;
    let totals_a = totals(&store).await;
    assert_volumes(&totals_a);

    let cases = all_cases(&store).await;
    let months: BTreeSet<u32> = cases
        .iter()
        .filter_map(|c| c.record.date("filed_date"))
        .map(|d| d.month())
        .collect();
    assert!(months.len() >= 10, "cases only in months {months:?}");
    let counties: BTreeSet<&str> = cases
        .iter()
        .map(|c| &c.org_code[..6])
        .filter(|region| *region != "520200")
        .collect();
    assert!(counties.len() >= 4, "cases only in {counties:?}");

    let verify = fazhi(&["audit", "verify", "--db", &a]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );

    assert_eq!(
        first_cases(&store).await,
        first_cases(&system(&b).await).await
    );

    let again = demo(&a);
    assert!(again.contains("未新建示范记录"), "{again}");
    assert_eq!(totals(&store).await, totals_a);
}

#[tokio::test]
async fn demo_fills_the_registers_on_postgres() {
    let Some(url) = fresh_postgres_url().await.unwrap() else {
        return;
    };
    demo(&url);
    assert_volumes(&totals(&system(&url).await).await);
    assert!(fazhi(&["audit", "verify", "--db", &url]).status.success());
}
