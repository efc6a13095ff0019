//! 导入事务 — the import's transaction on either backend. On SQLite the connection gets a
//! larger page cache and a file-backed sorter for the import, set back afterwards whatever the
//! outcome, and a writing import takes the write lock at once (`BEGIN IMMEDIATE`): the ids it
//! counts on from the table's largest one stay free (see `ids.rs`).

use sqlx::AssertSqlSafe;

use super::writer::{Job, run};
use crate::StoreError;
use crate::db::{Db, commit_if};

/// Page cache of the import's SQLite connection while it runs (KiB, SQLite's negative
/// `cache_size`): 128 MB instead of the pool's 64 MB, within the 500 MB budget of a
/// 1.5 M-row import; set back when the import ends.
const IMPORT_CACHE_KIB: i64 = 131_072;

/// Runs the import `job` in one transaction on `db`; commits only when it asks to.
/// `writes`: not a dry run.
pub(crate) async fn run_import(db: &Db, writes: bool, job: &mut Job<'_>) -> Result<(), StoreError> {
    match db {
        Db::Sqlite(pool) => {
            let mut held = pool.acquire().await?;
            let settings = SqliteSettings::enter(&mut held).await?;
            let result = async {
                let begin = if writes { "BEGIN IMMEDIATE" } else { "BEGIN" };
                let mut tx = sqlx::Connection::begin_with(&mut *held, begin).await?;
                let commit = run(&mut *tx, job).await?;
                commit_if(tx, commit).await
            }
            .await;
            let restored = settings.leave(&mut held).await;
            result?;
            restored
        }
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            let commit = run(&mut *tx, job).await?;
            commit_if(tx, commit).await
        }
    }
}

/// The SQLite connection's own settings, saved while the import's are in force.
struct SqliteSettings {
    cache_size: i64,
    temp_store: i64,
}

impl SqliteSettings {
    async fn enter(conn: &mut sqlx::SqliteConnection) -> Result<Self, StoreError> {
        let cache_size: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(&mut *conn)
            .await?;
        let temp_store: i64 = sqlx::query_scalar("PRAGMA temp_store")
            .fetch_one(&mut *conn)
            .await?;
        sqlx::query(AssertSqlSafe(format!(
            "PRAGMA cache_size = -{IMPORT_CACHE_KIB}; PRAGMA temp_store = FILE"
        )))
        .execute(&mut *conn)
        .await?;
        Ok(Self {
            cache_size,
            temp_store,
        })
    }

    async fn leave(self, conn: &mut sqlx::SqliteConnection) -> Result<(), StoreError> {
        let Self {
            cache_size,
            temp_store,
        } = self;
        sqlx::query(AssertSqlSafe(format!(
            "PRAGMA cache_size = {cache_size}; PRAGMA temp_store = {temp_store}"
        )))
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}
