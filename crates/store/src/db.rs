//! The one place where the two backends differ: connecting, migrating, schema listing.
//! Queries are written once with `$n` placeholders and run on either pool via [`on_db!`].

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use crate::StoreError;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool on one of the two supported backends.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same expression on whichever pool `db` holds; the body is compiled once per
/// backend, so one SQL text serves both.
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// How a write transaction begins on SQLite: with the write lock taken at once. A deferred
/// `BEGIN` that reads first and writes later fails with `SQLITE_BUSY` at once, without waiting
/// for the busy timeout, when another connection wrote in between (its snapshot is stale);
/// taking the lock first makes concurrent writers queue instead.
pub(crate) const SQLITE_BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// Runs a closure-like body inside one write transaction on either backend, committing on
/// `Ok`; `in_tx!(read db, conn => …)` for a consistent read that takes no write lock.
macro_rules! in_tx {
    (read $db:expr, $conn:ident => $body:expr) => {
        $crate::db::in_tx!(@begin $db, "BEGIN", $conn => $body)
    };
    ($db:expr, $conn:ident => $body:expr) => {
        $crate::db::in_tx!(@begin $db, $crate::db::SQLITE_BEGIN_WRITE, $conn => $body)
    };
    (@begin $db:expr, $sqlite_begin:expr, $conn:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite(pool) => {
                let mut tx = pool.begin_with($sqlite_begin).await?;
                let result = {
                    let $conn = &mut *tx;
                    $body
                };
                if result.is_ok() {
                    tx.commit().await?;
                }
                result
            }
            $crate::db::Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                let result = {
                    let $conn = &mut *tx;
                    $body
                };
                if result.is_ok() {
                    tx.commit().await?;
                }
                result
            }
        }
    };
}

/// Runs `$body` (which yields `Ok(commit)`) in a transaction; commits only when asked to. A
/// macro for the same reason as [`in_tx!`]: the body is compiled once per backend.
macro_rules! in_tx_if {
    ($db:expr, $conn:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite(pool) => {
                let tx = pool.begin_with($crate::db::SQLITE_BEGIN_WRITE).await?;
                $crate::db::in_tx_if!(@on tx, $conn => $body)
            }
            $crate::db::Db::Postgres(pool) => {
                let tx = pool.begin().await?;
                $crate::db::in_tx_if!(@on tx, $conn => $body)
            }
        }
    };
    (@on $tx:ident, $conn:ident => $body:expr) => {{
        let mut tx = $tx;
        let commit = {
            let $conn = &mut *tx;
            $body
        }?;
        $crate::db::commit_if(tx, commit).await?;
    }};
}

pub(crate) use {in_tx, in_tx_if, on_db};

/// Commits `tx` when `commit`, else rolls it back.
pub(crate) async fn commit_if<DB: sqlx::Database>(
    tx: sqlx::Transaction<'_, DB>,
    commit: bool,
) -> Result<(), StoreError> {
    if commit {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(())
}

/// Settings of every PostgreSQL connection of the pool. No JIT: it compiles a plan for tens of
/// milliseconds whenever the planner's estimate is large, which short queries with a LIMIT never
/// repay. (The lists' statements are not kept prepared, so that no generic plan replaces
/// theirs: `ScopedStore::list_records`.)
pub(crate) const PG_SESSION: [(&str, &str); 1] = [("jit", "off")];

impl Db {
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = sqlx::postgres::PgConnectOptions::from_str(url)?.options(PG_SESSION);
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            return Ok(Self::Postgres(pool));
        }
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // WAL with NORMAL sync is durable against crashes of the process and keeps
                // the database consistent on power loss (the last commits may be lost).
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .pragma("cache_size", "-65536")
                // Pages read through a memory map, not copied by a read() each: in WAL mode a
                // connection drops its page cache whenever another one has committed, so
                // under steady writes every read transaction re-read its pages (a tenth of
                // the mixed load's time went to read() and cache resets). 2 GiB is SQLite's
                // default ceiling (SQLITE_MAX_MMAP_SIZE); beyond it pages are read as before.
                .pragma("mmap_size", "2147418112")
                .pragma("temp_store", "memory")
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?;
            return Ok(Self::Sqlite(pool));
        }
        Err(StoreError::Database(format!(
            "不支持的数据库地址「{url}」:应以 sqlite:// 或 postgres:// 开头"
        )))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await?,
            Self::Postgres(pool) => {
                sqlx::migrate!("migrations/postgres").run(pool).await?;
                check_trigrams(pool).await?;
            }
        }
        Ok(())
    }

    /// Table → sorted column names, excluding the migration bookkeeping table.
    pub async fn schema_columns(&self) -> Result<BTreeMap<String, Vec<String>>, StoreError> {
        let rows: Vec<(String, String)> =
            match self {
                Self::Sqlite(pool) => {
                    sqlx::query_as(
                    // Ordinary tables only: the FTS5 tables (SQLite's text search,
                    // migrations 0013 and 0018), their shadow tables and the character
                    // positions their triggers read have no PostgreSQL twin.
                    "SELECT m.name, p.name FROM pragma_table_list m, pragma_table_info(m.name) p \
                     WHERE m.schema = 'main' AND m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                     AND m.name NOT IN ('_sqlx_migrations', 'text_pair_position')",
                )
                .fetch_all(pool)
                .await?
                }
                Self::Postgres(pool) => sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
                )
                .fetch_all(pool)
                .await?,
            };
        let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (table, column) in rows {
            tables.entry(table).or_default().push(column);
        }
        tables.values_mut().for_each(|cols| cols.sort());
        Ok(tables)
    }
}

/// 中文检索 — pg_trgm makes trigrams of the characters the database's `LC_CTYPE` calls letters.
/// Under `C` a Chinese text has none: each register's trigram index (migration 0013) stays
/// empty and every search of three or more characters reads the whole register (seconds at a
/// province). Such a database is refused with what to do instead.
async fn check_trigrams(pool: &PgPool) -> Result<(), StoreError> {
    let (trigrams, ctype): (i32, String) = sqlx::query_as(
        "SELECT cardinality(show_trgm('法治政府')), datctype FROM pg_database \
         WHERE datname = current_database()",
    )
    .fetch_one(pool)
    .await?;
    if trigrams > 0 {
        return Ok(());
    }
    Err(StoreError::Database(format!(
        "数据库的字符分类(LC_CTYPE)为 {ctype},中文无法建立三字索引,检索将逐条读遍登记表。\
         请以 LC_CTYPE 'C.UTF-8'(或 zh_CN.UTF-8)新建数据库,见 docs/SCALING.md"
    )))
}

#[cfg(test)]
mod tests {
    use super::{Db, PG_SESSION};

    /// Every pooled PostgreSQL connection runs with the session settings (the pool opens its
    /// connections with them; no statement of the store changes them).
    #[tokio::test]
    async fn postgres_connections_have_the_session_settings() {
        let Some(url) = crate::testing::fresh_postgres_url().await.unwrap() else {
            return;
        };
        let Db::Postgres(pool) = Db::connect(&url).await.unwrap() else {
            panic!("not PostgreSQL: {url}");
        };
        for (name, value) in PG_SESSION {
            let shown: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SHOW {name}")))
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(shown, value, "{name}");
        }
    }
}
