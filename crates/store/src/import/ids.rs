//! 编号预留 — ids for new records drawn ahead of the insert, per backend: known ids let a
//! chunk's record and clock inserts be built without waiting for `RETURNING`.

use sqlx::AssertSqlSafe;

use crate::StoreError;

/// How a backend hands out ids for the register table's new records.
pub(crate) trait ReserveIds {
    /// `n` ids for new records of `table`. `next_id` is the import's own counter where the
    /// backend needs one (SQLite), `None` until first used.
    async fn reserve_ids(
        &mut self,
        table: &'static str,
        n: usize,
        next_id: &mut Option<i64>,
    ) -> Result<Vec<i64>, StoreError>;
}

/// SQLite: counted on from the table's largest id (and `sqlite_sequence`, as AUTOINCREMENT
/// would), read once; the import holds the write lock from its first statement
/// (`BEGIN IMMEDIATE`), so no other writer can take one of these ids.
impl ReserveIds for sqlx::SqliteConnection {
    async fn reserve_ids(
        &mut self,
        table: &'static str,
        n: usize,
        next_id: &mut Option<i64>,
    ) -> Result<Vec<i64>, StoreError> {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        let next = match *next_id {
            Some(next) => next,
            None => {
                let last: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
                    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = $1), 0), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0))"
                )))
                .bind(table)
                .fetch_one(&mut *self)
                .await?;
                last + 1
            }
        };
        *next_id = Some(next + n);
        Ok((next..next + n).collect())
    }
}

/// PostgreSQL: drawn from the table's identity sequence (`nextval`), safe under concurrent
/// writers.
impl ReserveIds for sqlx::PgConnection {
    async fn reserve_ids(
        &mut self,
        table: &'static str,
        n: usize,
        _next_id: &mut Option<i64>,
    ) -> Result<Vec<i64>, StoreError> {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)",
        )
        .bind(table)
        .bind(n)
        .fetch_all(&mut *self)
        .await?;
        if i64::try_from(ids.len()).ok() != Some(n) {
            return Err(StoreError::Database("无法为导入的记录分配编号".into()));
        }
        Ok(ids)
    }
}
