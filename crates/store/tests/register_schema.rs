//! The registers' tables match their definitions: the common columns plus one column per
//! field, on SQLite and (when the test script provides a server) on PostgreSQL.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use fazhi_domain::register::{LinkCheck, all};
use fazhi_store::Store;
use fazhi_store::testing::{fresh_postgres_database, fresh_postgres_url, fresh_sqlite_url};

const COMMON: &[&str] = &["id", "region_code", "org_id", "created_at", "updated_at"];

fn assert_tables_match(backend: &str, schema: &BTreeMap<String, Vec<String>>) {
    for def in all() {
        let mut expected: Vec<String> = COMMON
            .iter()
            .copied()
            .chain(def.fields.iter().map(|f| f.key))
            .map(str::to_owned)
            .collect();
        expected.sort();
        let actual = schema
            .get(def.table)
            .unwrap_or_else(|| panic!("{backend}: table {} missing", def.table));
        assert_eq!(actual, &expected, "{backend}: columns of {}", def.table);
    }
}

/// Every register has the index of its units' record ids (migration 0036), which a search
/// within some units probes twice a unit.
async fn assert_unit_ids(store: &Store) {
    for def in all() {
        let names = fazhi_store::testing::index_names(store, &[def.table])
            .await
            .unwrap();
        let index = format!("{}_unit_ids", def.table);
        assert!(names.contains(&index), "{index} in {names:?}");
        // And, with a status field, of its units' statuses (migration 0039), which a count of
        // a status within some units reads: on the unit and the catalog's status field.
        if let Some(status) = def.status_field {
            let index = format!("{}_unit_status", def.table);
            let indexes = fazhi_store::testing::index_columns(store, def.table)
                .await
                .unwrap();
            assert_eq!(
                indexes.get(&index).map(Vec::as_slice),
                Some(["org_id".to_owned(), status.to_owned()].as_slice()),
                "{index} in {indexes:?}"
            );
        }
    }
}

/// Every link to another record is indexed (migration 0038): a record's page lists the records
/// that link to it (a case's 双公示 entries, a reconsideration's 应诉), which without the index
/// read the linking register whole — 21 ms for each case page at a province of 20 M cases.
async fn assert_links_indexed(store: &Store) {
    for def in all() {
        let leading: Vec<String> = (fazhi_store::testing::index_columns(store, def.table).await)
            .unwrap()
            .into_values()
            .filter_map(|columns| columns.into_iter().next())
            .collect();
        for link in def.links {
            if let LinkCheck::Record { field, .. } = link {
                assert!(
                    leading.iter().any(|c| c == field),
                    "{}.{field} leads no index: {leading:?}",
                    def.table
                );
            }
        }
    }
}

#[tokio::test]
async fn register_tables_match_definitions_on_sqlite() {
    let url = fresh_sqlite_url();
    let store = Store::open(&url).await.unwrap();
    assert_tables_match("sqlite", &store.schema_columns().await.unwrap());
    assert_unit_ids(&store).await;
    assert_links_indexed(&store).await;
    // The text-search tables (migration 0013) index exactly the registers' search fields.
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    for def in all() {
        let fts = format!("{}_fts", def.table);
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
            .bind(&fts)
            .fetch_all(&pool)
            .await
            .unwrap();
        let expected: Vec<String> = def.search_fields.iter().map(|f| (*f).to_owned()).collect();
        assert_eq!(columns, expected, "columns of {fts}");
    }
    // Dates are declared TEXT (migration 0015): a DATE column has NUMERIC affinity and every
    // comparison of it tries to read the dates as numbers first.
    let numeric_dates: Vec<String> = sqlx::query_scalar(
        "SELECT m.name || '.' || p.name FROM pragma_table_list m, pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND p.type IN ('DATE', 'date')",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(numeric_dates.is_empty(), "{numeric_dates:?}");
}

#[tokio::test]
async fn register_tables_match_definitions_on_postgres() {
    let Some(url) = fresh_postgres_url().await.unwrap() else {
        return;
    };
    let store = Store::open(&url).await.unwrap();
    assert_tables_match("postgres", &store.schema_columns().await.unwrap());
    assert_unit_ids(&store).await;
    assert_links_indexed(&store).await;
    // Each register's search fields have their trigram index (migration 0013) and the index
    // of their pairs of characters (0018).
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    for def in all() {
        for (suffix, kind) in [
            ("search_trgm", "gin_trgm_ops"),
            ("search_pairs", "text_pairs("),
        ] {
            let index = format!("{}_{suffix}", def.table);
            let found: Option<String> = sqlx::query_scalar(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() \
                 AND indexname = $1",
            )
            .bind(&index)
            .fetch_optional(&pool)
            .await
            .unwrap();
            let found = found.unwrap_or_else(|| panic!("index {index}"));
            assert!(found.contains(kind), "{found}");
            for field in def.search_fields {
                assert!(found.contains(field), "{index} covers {field}: {found}");
            }
        }
        // Its statistics are ten times the default (migration 0037), which a search's row
        // estimate needs to tell a rare word from a common one.
        let index = format!("{}_search_trgm", def.table);
        let target: Option<i32> = sqlx::query_scalar(
            "SELECT CAST(a.attstattarget AS INT) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             WHERE c.relname = $1 AND a.attnum = 1",
        )
        .bind(&index)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(target, Some(1000), "{index}");
    }
}

/// A database whose `LC_CTYPE` is `C` gives Chinese text no trigrams, so every search would
/// read a whole register: it is refused with what to do, and a UTF-8 one is opened.
#[tokio::test]
async fn postgres_refuses_a_database_without_chinese_letters() {
    let Some(url) =
        fresh_postgres_database("TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
            .await
            .unwrap()
    else {
        return;
    };
    let refused = Store::open(&url).await.map(|_| ()).unwrap_err().to_string();
    assert!(refused.contains("LC_CTYPE"), "{refused}");
    assert!(refused.contains("C.UTF-8"), "{refused}");
    fazhi_store::testing::remove_database(&url).await;
    let Some(url) = fresh_postgres_database(
        "TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'",
    )
    .await
    .unwrap() else {
        return;
    };
    Store::open(&url).await.unwrap();
    fazhi_store::testing::remove_database(&url).await;
}
