//! List pages of a clerk's units on every backend: each page is the slice of the whole list in
//! its order (newest period first, the newer entry first on a tie), however PostgreSQL reads it
//! (one query, or each unit's index merged), and a word with a rare status counts every match.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::register::{RegisterDef, by_key};
use fazhi_store::testing::{TestDb, open_with_orgs, signed_in};
use fazhi_store::{NewUser, RecordFilter, ScopedStore, Store};

fn mediations() -> &'static RegisterDef {
    by_key("mediations").unwrap()
}

/// The system, and a clerk of county 520201 (the county and its two bureaus), with the store
/// the clerk reads through.
async fn setup(url: &str) -> (ScopedStore, ScopedStore, Store) {
    let sys = open_with_orgs(
        url,
        &[
            ("520200", "city", "六盘水市", None),
            ("520201", "county", "钟山区", Some("520200")),
            ("520203", "county", "六枝特区", Some("520200")),
            ("520201-sfj", "department", "钟山区司法局", Some("520201")),
            (
                "520201-scjg",
                "department",
                "钟山区市场监管局",
                Some("520201"),
            ),
            ("520203-sfj", "department", "六枝特区司法局", Some("520203")),
        ],
    )
    .await
    .unwrap();
    let clerk = NewUser {
        username: "zs".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Clerk,
        org_code: "520201".into(),
        scope: ScopeKind::Subtree,
    };
    let store = Store::open(url).await.unwrap();
    let clerk = signed_in(&sys, &store, clerk).await.unwrap();
    (sys, clerk, store)
}

/// A stored mediation: (id, received date, outcome, case number).
type Row = (i64, NaiveDate, String, String);

/// Writes 40 mediations over the four units, dates repeating and out of entry order, one in
/// four not settled (不成功); returns those of the clerk's county.
async fn write_mediations(sys: &ScopedStore) -> Vec<Row> {
    let units = ["520201", "520201-sfj", "520201-scjg", "520203-sfj"];
    let mut county = Vec::new();
    for i in 0..40_u32 {
        let unit = units[(i % 4) as usize];
        let day = NaiveDate::from_ymd_opt(2024, 1 + (i * 7) % 12, 1 + (i * 5) % 3).unwrap();
        let outcome = if matches!(i % 8, 3 | 6) {
            "failure"
        } else {
            "success"
        };
        let word = if i % 3 == 0 { "LINLI" } else { "HETONG" };
        let case_no = format!("TJ-{word}-{i:03}");
        let concluded = (day + chrono::Days::new(10)).to_string();
        let raw: BTreeMap<String, String> = [
            ("case_no", case_no.as_str()),
            ("dispute_type", "neighbourhood"),
            ("parties_count", "2"),
            ("received_date", &day.to_string()),
            ("concluded_date", &concluded),
            ("outcome", outcome),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let record = mediations().parse(&raw).unwrap();
        let stored = sys
            .create_record(mediations(), unit, record)
            .await
            .unwrap()
            .unwrap();
        if unit != "520203-sfj" {
            county.push((stored.id.get(), day, outcome.to_owned(), case_no));
        }
    }
    county
}

/// The ids of one page of the clerk's list.
async fn page(clerk: &ScopedStore, filter: &RecordFilter) -> (i64, Vec<i64>) {
    let (total, records) = clerk.list_records(mediations(), filter).await.unwrap();
    (total, records.iter().map(|r| r.id.get()).collect())
}

async fn pages_on(db: TestDb) {
    let (sys, clerk, _) = setup(&db.url).await;
    let mut county = write_mediations(&sys).await;
    // Newest received first, the later entry first on a tie.
    county.sort_by_key(|r| std::cmp::Reverse((r.1, r.0)));
    let label = db.label;
    for (status, reverse) in [(None, false), (None, true), (Some("success"), false)] {
        let mut expected: Vec<i64> = (county.iter())
            .filter(|r| status.is_none_or(|s| r.2 == s))
            .map(|r| r.0)
            .collect();
        if reverse {
            expected.reverse();
        }
        for (limit, offset) in [(5, 0), (5, 5), (7, 20), (4, 28), (5, 100)] {
            let filter = RecordFilter {
                status: status.map(str::to_owned),
                limit,
                offset,
                reverse,
                count_limit: Some(1000),
                ..RecordFilter::default()
            };
            let (total, ids) = page(&clerk, &filter).await;
            let want: Vec<i64> = (expected.iter().skip(offset as usize))
                .take(limit as usize)
                .copied()
                .collect();
            assert_eq!(
                ids, want,
                "{label}: {status:?} reverse {reverse} at {offset}"
            );
            assert_eq!(total, expected.len() as i64, "{label}: {status:?}");
        }
    }

    // A word with the rare outcome: every match counted, newest entry first.
    let mut failed: Vec<i64> = (county.iter())
        .filter(|r| r.2 == "failure" && r.3.contains("LINLI"))
        .map(|r| r.0)
        .collect();
    failed.sort_unstable_by(|a, b| b.cmp(a));
    assert!(!failed.is_empty(), "the data has such records");
    for count_limit in [Some(1000), None] {
        let filter = RecordFilter {
            q: Some("LINLI".into()),
            status: Some("failure".into()),
            limit: 20,
            count_limit,
            ..RecordFilter::default()
        };
        assert_eq!(
            page(&clerk, &filter).await,
            (failed.len() as i64, failed.clone()),
            "{label}: {count_limit:?}"
        );
    }
}

/// A word in a period, for the whole tree (PostgreSQL probes the period's ids a day at a
/// time) and for the clerk's units: every match in the period, newest entry first.
async fn periods_on(db: TestDb) {
    let (sys, clerk, _) = setup(&db.url).await;
    let county = write_mediations(&sys).await;
    let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
    // March and a half year hold matches; the end of December holds no record at all.
    for (from, to, some) in [
        (day(3, 1), day(3, 31), true),
        (day(2, 2), day(8, 3), true),
        (day(12, 5), day(12, 31), false),
    ] {
        let filter = RecordFilter {
            q: Some("HETONG".into()),
            from: Some(from),
            to: Some(to),
            limit: 50,
            count_limit: Some(1000),
            ..RecordFilter::default()
        };
        let mut all: Vec<i64> = Vec::new();
        let mut theirs: Vec<i64> = Vec::new();
        let (_, every) = sys
            .list_records(
                mediations(),
                &RecordFilter {
                    limit: 100,
                    ..RecordFilter::default()
                },
            )
            .await
            .unwrap();
        for record in &every {
            let received = record.record.get("received_date").as_date();
            let case_no = record.record.text("case_no").unwrap_or_default();
            if received.is_some_and(|d| (from..=to).contains(&d)) && case_no.contains("HETONG") {
                all.push(record.id.get());
                if county.iter().any(|r| r.0 == record.id.get()) {
                    theirs.push(record.id.get());
                }
            }
        }
        all.sort_unstable_by(|a, b| b.cmp(a));
        theirs.sort_unstable_by(|a, b| b.cmp(a));
        let label = format!("{}: {from}–{to}", db.label);
        assert_eq!(!all.is_empty(), some, "{label}");
        assert_eq!(
            page(&sys, &filter).await,
            (all.len() as i64, all),
            "{label}"
        );
        assert_eq!(
            page(&clerk, &filter).await,
            (theirs.len() as i64, theirs),
            "{label}"
        );
    }
}

/// PostgreSQL may plan a prepared statement once for all values from its sixth execution on a
/// connection, and a list's plan depends on its units, word and period (at 20 M a clerk's search
/// went from 12 to 900 ms that way). So the count, the page and the id probe of a list are sent
/// unprepared: after lists run many times, no connection of the pool keeps one of them.
#[tokio::test]
async fn list_statements_are_not_kept_prepared() {
    fazhi_store::testing::run_on(fazhi_store::testing::Backend::Postgres, unprepared_on).await;
}

async fn unprepared_on(db: TestDb) {
    let (sys, clerk, store) = setup(&db.url).await;
    write_mediations(&sys).await;
    let march = |d| NaiveDate::from_ymd_opt(2024, 3, d);
    let filters = [
        // The page and the capped count.
        RecordFilter {
            count_limit: Some(1000),
            ..RecordFilter::default()
        },
        // A word in a period within the clerk's units: the id probe too.
        RecordFilter {
            q: Some("HETONG".into()),
            from: march(1),
            to: march(31),
            ..RecordFilter::default()
        },
    ];
    for _ in 0..8 {
        for filter in &filters {
            page(&clerk, filter).await;
        }
    }
    let fazhi_store::Db::Postgres(pool) = store.unscoped_db_for_tests() else {
        panic!("a PostgreSQL test");
    };
    // Every connection of the pool at once, so each that ran a list is asked.
    let mut connections = Vec::new();
    for _ in 0..pool.size() {
        connections.push(pool.acquire().await.unwrap());
    }
    let mut kept: Vec<String> = Vec::new();
    for conn in &mut connections {
        let statements: Vec<String> =
            sqlx::query_scalar("SELECT statement FROM pg_prepared_statements")
                .fetch_all(&mut **conn)
                .await
                .unwrap();
        kept.extend(statements);
    }
    assert!(
        kept.iter().any(|s| s.contains("FROM")),
        "the pool keeps other statements prepared: {kept:?}"
    );
    let lists: Vec<&String> = (kept.iter())
        .filter(|s| {
            s.contains("mediation")
                && (s.contains("COUNT(") || s.contains("OFFSET") || s.contains("MIN("))
        })
        .collect();
    assert!(
        lists.is_empty(),
        "list statements kept prepared: {lists:#?}"
    );
}

fazhi_store::test_each_backend!(list_pages, pages_on);
fazhi_store::test_each_backend!(list_periods, periods_on);
