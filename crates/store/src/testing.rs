//! Fresh databases for tests on every backend: a new SQLite file always, and a new
//! PostgreSQL database when `FAZHI_TEST_PG_URL` names a server (the test script starts one).
//! A test that runs on every backend is declared with [`test_each_backend!`](crate::test_each_backend):
//! one test per backend, named after it. SQLite files go to the temp dir; the test script
//! points `TMPDIR` at a directory it removes at the end.
//! With `FAZHI_REQUIRE_PG=1` a missing server is an error, so CI cannot skip PostgreSQL.

use std::collections::BTreeMap;

use sqlx::AssertSqlSafe;
use sqlx::postgres::PgPoolOptions;

use crate::StoreError;
use crate::session::new_token;

/// One database to run a test against.
#[derive(Debug, Clone)]
pub struct TestDb {
    pub label: &'static str,
    pub backend: Backend,
    pub url: String,
}

/// A URL of a new, empty SQLite database file in the temp dir.
pub fn fresh_sqlite_url() -> String {
    let path = std::env::temp_dir().join(format!("fazhi-test-{}.db", &new_token()[..16]));
    format!("sqlite://{}", path.display())
}

/// A new, empty database on the PostgreSQL server of `FAZHI_TEST_PG_URL`, if set.
pub async fn fresh_postgres_url() -> Result<Option<String>, StoreError> {
    fresh_postgres_database("").await
}

/// A fresh PostgreSQL database made with `options` after `CREATE DATABASE name` (e.g. a
/// `TEMPLATE` and `LC_CTYPE`), as [`fresh_postgres_url`].
pub async fn fresh_postgres_database(options: &str) -> Result<Option<String>, StoreError> {
    let Ok(admin_url) = std::env::var("FAZHI_TEST_PG_URL") else {
        if std::env::var("FAZHI_REQUIRE_PG").is_ok_and(|v| v == "1") {
            return Err(StoreError::Database(
                "FAZHI_REQUIRE_PG=1 but FAZHI_TEST_PG_URL is not set".into(),
            ));
        }
        eprintln!(
            "note: FAZHI_TEST_PG_URL not set, PostgreSQL part skipped (scripts/test.sh sets it)"
        );
        return Ok(None);
    };
    let name = format!("fazhi_test_{}", &new_token()[..16]);
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(&admin_url)
        .await?;
    // The name is made here from hex digits only.
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name} {options}")))
        .execute(&pool)
        .await?;
    pool.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(&admin_url);
    Ok(Some(format!("{base}/{name}")))
}

/// A backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh database on `backend`; `None` for PostgreSQL when no server is named (and
/// `FAZHI_REQUIRE_PG` is not set, else that is an error).
pub async fn fresh_database(backend: Backend) -> Result<Option<TestDb>, StoreError> {
    Ok(match backend {
        Backend::Sqlite => Some(TestDb {
            label: "sqlite",
            backend: Backend::Sqlite,
            url: fresh_sqlite_url(),
        }),
        Backend::Postgres => fresh_postgres_url().await?.map(|url| TestDb {
            label: "postgres",
            backend: Backend::Postgres,
            url,
        }),
    })
}

/// Declares one test per backend, `<name>::sqlite` and `<name>::postgres`, each running the
/// async function `body` (in the calling module, taking a [`TestDb`]) on a fresh database of
/// its backend, so a failure names its backend. A macro because a test is an item: a function
/// cannot declare the two. The PostgreSQL test passes without running when no server is
/// configured, unless `FAZHI_REQUIRE_PG=1` (the test script sets it).
#[macro_export]
macro_rules! test_each_backend {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                $crate::testing::run_on($crate::testing::Backend::Sqlite, super::$body).await;
            }

            #[tokio::test]
            async fn postgres() {
                $crate::testing::run_on($crate::testing::Backend::Postgres, super::$body).await;
            }
        }
    };
}

/// Runs `body` on a fresh database of `backend` (nothing when PostgreSQL is not configured).
pub async fn run_on<F, Fut>(backend: Backend, body: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    match fresh_database(backend).await {
        Ok(Some(db)) => {
            let url = db.url.clone();
            body(db).await;
            remove_database(&url).await;
        }
        Ok(None) => {}
        Err(e) => panic!("no {backend:?} database for the test: {e}"),
    }
}

/// Removes a test's database once the test passed (a failed test's stays for a look, until
/// the test script removes its server and temp dir): hundreds of tests each leave a migrated
/// database of several megabytes, which once filled CI's disk.
#[allow(clippy::disallowed_methods)] // test support: the test's own SQLite file
pub async fn remove_database(url: &str) {
    if let Some(path) = url.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
        return;
    }
    let (Ok(admin_url), Some((_, name))) =
        (std::env::var("FAZHI_TEST_PG_URL"), url.rsplit_once('/'))
    else {
        return;
    };
    // Only the names `fresh_postgres_url` makes (hex digits after the prefix).
    if !name
        .strip_prefix("fazhi_test_")
        .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return;
    }
    if let Ok(pool) = PgPoolOptions::new()
        .max_connections(1)
        .connect(&admin_url)
        .await
    {
        let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        if let Err(e) = sqlx::query(AssertSqlSafe(drop)).execute(&pool).await {
            eprintln!("note: test database {name} not removed: {e}");
        }
        pool.close().await;
    }
}

/// Issues one 执法证 per number in `org` (officer `n` for the `n`-th number: a check-digit-valid
/// id of a person born 1980-01-01 in 钟山区, issued 2020-01-04), for tests and benchmarks whose
/// cases name officers.
pub async fn issue_certificates(
    store: &crate::ScopedStore,
    org: &str,
    numbers: &[&str],
) -> Result<(), String> {
    use fazhi_domain::register::certificate::CERTIFICATES;
    for (n, number) in numbers.iter().enumerate() {
        let id = fazhi_domain::CitizenId::with_check_char(&format!("52020119800101{:03}", n + 1))
            .map_err(|e| e.to_string())?;
        let raw = [
            ("officer_name", format!("执法员{n}")),
            ("officer_id", id.as_str().to_owned()),
            ("certificate_no", (*number).to_owned()),
            ("status", "已发证".to_owned()),
            ("applied_date", "2020-01-02".to_owned()),
            ("reviewed_date", "2020-01-03".to_owned()),
            ("issued_date", "2020-01-04".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let record = CERTIFICATES.parse(&raw).map_err(|e| format!("{e:?}"))?;
        store
            .create_record(&CERTIFICATES, org, record)
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("{:?}", e.0))?;
    }
    Ok(())
}

/// Puts every session's last use `seconds` back, as if it had been idle that long.
pub async fn backdate_sessions(store: &crate::Store, seconds: i64) -> Result<(), StoreError> {
    let back = crate::clock::unix_seconds() - seconds;
    crate::db::on_db!(store.unscoped_db_for_tests(), pool => {
        sqlx::query("UPDATE app_session SET last_seen = $1").bind(back).execute(pool).await?;
    });
    Ok(())
}

/// The names of the indexes of `tables`, sorted: what a bulk path that drops and builds
/// indexes must leave as it found.
pub async fn index_names(store: &crate::Store, tables: &[&str]) -> Result<Vec<String>, StoreError> {
    let mut names: Vec<String> = Vec::new();
    for table in tables {
        let found: Vec<String> = match store.unscoped_db_for_tests() {
            crate::Db::Sqlite(pool) => {
                sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = $1",
                )
                .bind(*table)
                .fetch_all(pool)
                .await?
            }
            crate::Db::Postgres(pool) => {
                sqlx::query_scalar("SELECT indexname::text FROM pg_indexes WHERE tablename = $1")
                    .bind(table)
                    .fetch_all(pool)
                    .await?
            }
        };
        names.extend(found);
    }
    names.sort();
    Ok(names)
}

/// Each index of `table` with its columns in order (an expression as an empty name), by index
/// name.
pub async fn index_columns(
    store: &crate::Store,
    table: &str,
) -> Result<BTreeMap<String, Vec<String>>, StoreError> {
    let rows: Vec<(String, String)> = match store.unscoped_db_for_tests() {
        crate::Db::Sqlite(pool) => {
            sqlx::query_as(
                "SELECT l.name, COALESCE(i.name, '') FROM pragma_index_list($1) l, \
                 pragma_index_info(l.name) i ORDER BY l.name, i.seqno",
            )
            .bind(table)
            .fetch_all(pool)
            .await?
        }
        crate::Db::Postgres(pool) => {
            sqlx::query_as(
                "SELECT c.relname::text, COALESCE(a.attname::text, '') \
                 FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid \
                 CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) \
                 LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum \
                 WHERE x.indrelid = CAST($1 AS regclass) ORDER BY c.relname, k.n",
            )
            .bind(table)
            .fetch_all(pool)
            .await?
        }
    };
    let mut indexes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (index, column) in rows {
        indexes.entry(index).or_default().push(column);
    }
    Ok(indexes)
}

/// Imports `records` of `def` through the bulk path as one file would: one chunk, rows
/// numbered from line 2, unit `org` for every row.
pub async fn import_as_file(
    store: &crate::ScopedStore,
    def: &'static fazhi_domain::register::RegisterDef,
    org: &str,
    records: Vec<fazhi_domain::register::Record>,
) -> Result<crate::ImportOutcome, StoreError> {
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    let rows = records
        .into_iter()
        .enumerate()
        .map(|(i, record)| crate::ImportRow {
            line: i as u64 + 2,
            org_code: None,
            record,
        })
        .collect();
    let chunk = crate::ImportChunk {
        rows,
        problems: Vec::new(),
    };
    tx.send(chunk)
        .await
        .map_err(|e| StoreError::Database(e.to_string()))?;
    drop(tx);
    let options = crate::ImportOptions {
        default_org: Some(org.to_owned()),
        ..Default::default()
    };
    store.import_records(def, &options, rx).await
}

/// Opens `url` and creates `orgs` (code, kind, name, parent code) as the system, valid from
/// 2020-01-01; returns the system's handle.
pub async fn open_with_orgs(
    url: &str,
    orgs: &[(&str, &str, &str, Option<&str>)],
) -> Result<crate::ScopedStore, StoreError> {
    let store = crate::Store::open(url).await?;
    let sys = store.unscoped_system("test");
    let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    for (code, kind, name, parent) in orgs {
        let unit = fazhi_domain::org::NewOrgUnit::parse(code, kind, name, None, day)?;
        sys.create_org(unit, *parent).await?;
    }
    Ok(sys)
}

/// Creates `user` as `sys` and signs it in on `store`: the account's own scoped handle, for
/// tests of what a clerk or an office may see and do.
pub async fn signed_in(
    sys: &crate::ScopedStore,
    store: &crate::Store,
    user: crate::NewUser,
) -> Result<crate::ScopedStore, StoreError> {
    let (username, password) = (user.username.clone(), user.password.clone());
    sys.create_user(user).await?;
    match store.unscoped_login(&username, &password, "test").await? {
        crate::LoginOutcome::Success { principal, .. } => store.scoped(principal).await,
        other => Err(StoreError::Forbidden(format!(
            "{username} not signed in: {other:?}"
        ))),
    }
}
