//! 导入连接 — what the bulk import asks of a connection inside its transaction, as one small
//! trait over the two backends' connections, so the import's steps are generic functions
//! written once. What truly differs per backend comes from the supertraits: id reservation
//! ([`ReserveIds`], `ids.rs`), the index drop and rebuild ([`BulkIndexes`], `indexes.rs`) and
//! how new rows are written ([`BulkRows`], `copy_rows.rs`: multi-row INSERT or `COPY`).

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::NaiveDate;
use fazhi_domain::audit::AuditAction;
use fazhi_domain::register::{FieldKind, Record, RegisterDef, Value};
use sqlx::{AssertSqlSafe, Row};

use super::batch::BatchRow;
use super::copy_rows::BulkRows;
use super::ids::ReserveIds;
use super::indexes::BulkIndexes;
use super::rows::Unit;
use crate::StoreError;
use crate::audit::{AuditPlace, audit_append};
use crate::bind::{BindValues, PushValues};
use crate::deadline::{ClockRow, store_clocks};
use crate::evidence::filed_sql;
use crate::generation::bump_generation;
use crate::keys::next_key_number;
use crate::links::Lookup;
use crate::register::decode_record;

/// A statement handed to the database and not yet awaited.
pub(crate) type Running<'c> = Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send + 'c>>;

/// Statement arguments of either backend, for the values the import binds besides register
/// values (which [`BindValues`] takes).
pub(crate) trait ImportArgs: PushValues + Send {
    fn push_int(&mut self, value: i64) -> Result<(), StoreError>;
    fn push_text(&mut self, value: Arc<str>) -> Result<(), StoreError>;
    fn push_flag(&mut self, value: bool) -> Result<(), StoreError>;
    fn push_note(&mut self, value: Option<String>) -> Result<(), StoreError>;
}

/// A connection (inside the import's transaction) on either backend.
pub(crate) trait ImportConn: ReserveIds + BulkIndexes + BulkRows + Send {
    /// The backend's statement arguments.
    type Args: ImportArgs;

    /// Empty arguments with room for `n` values.
    fn arguments(n: usize) -> Self::Args;

    /// Runs `sql` with `args`. The statement reaches the database on the first poll (SQLite:
    /// the connection's worker thread), so the caller can build the next one meanwhile.
    fn start(&mut self, sql: String, args: Self::Args) -> Running<'_>;

    /// The next free sequence number under `prefix` in `region` (`scan_sql`: `keys::scan_sql`).
    async fn next_key_number(
        &mut self,
        scan_sql: &str,
        region: &str,
        prefix: &str,
    ) -> Result<i64, StoreError>;

    /// The records (id, unit code) `link_sql` finds for `lookup` in `scope` (root org id,
    /// kind); see [`crate::links`].
    async fn linked(
        &mut self,
        link_sql: &str,
        scope: (i64, &str),
        lookup: Lookup<'_>,
    ) -> Result<Vec<(i64, String)>, StoreError>;

    /// Whether `any_sql` (one id of a region) finds no record in `region`.
    async fn region_empty(&mut self, any_sql: &str, region: &str) -> Result<bool, StoreError>;

    /// The stored records of `region` with the natural keys `keys` (`existing_sql`:
    /// `Sql::existing`): id, unit id, record.
    async fn stored_records(
        &mut self,
        def: &'static RegisterDef,
        existing_sql: String,
        region: &str,
        keys: &[&str],
    ) -> Result<Vec<(i64, i64, Record)>, StoreError>;

    /// Which of the stored records `ids` of `register` have a file attached (evidence,
    /// [`crate::evidence`]).
    async fn records_with_files(
        &mut self,
        register: &str,
        ids: &[i64],
    ) -> Result<HashSet<i64>, StoreError>;

    /// Replaces the stored clocks of an updated record.
    async fn replace_clocks(
        &mut self,
        unit: &Unit,
        register: &str,
        record_id: i64,
        clocks: &[ClockRow],
    ) -> Result<(), StoreError>;

    /// Stores piece `seq` of a batch's kept file.
    async fn insert_file_piece(
        &mut self,
        batch: i64,
        seq: i64,
        data: &[u8],
    ) -> Result<(), StoreError>;

    /// Adds the `import_batch` row (its file's hash and size still empty); its id.
    async fn insert_batch(&mut self, row: &BatchRow<'_>) -> Result<i64, StoreError>;

    /// Sets the hash and size of a batch's kept file.
    async fn set_batch_file(&mut self, batch: i64, sha: &str, size: i64) -> Result<(), StoreError>;

    /// Bumps the write counter of `table` (see `generation.rs`).
    async fn bump_generation(&mut self, table: &str) -> Result<(), StoreError>;

    /// The next write sequence of the indicator cells (`cells.rs`); holds the counter's row
    /// lock to the end of the transaction, so sequences are taken in commit order.
    async fn next_cell_seq(&mut self) -> Result<i64, StoreError>;

    /// Runs one grouped aggregate query of the indicator cells (`cells::aggregate`): per row
    /// the unit, the month text, the record count and `columns` sums.
    async fn aggregate_rows(
        &mut self,
        sql: String,
        binds: &[crate::indicators::Bind],
        columns: usize,
    ) -> Result<Vec<crate::cells::GroupRow>, StoreError>;

    /// Appends one audit entry (an import's batch entry, or a form's reported values).
    async fn audit_entry(
        &mut self,
        actor: &str,
        action: AuditAction,
        entity: (&str, &str),
        place: AuditPlace,
        before: Option<&serde_json::Value>,
        after: &serde_json::Value,
    ) -> Result<(), StoreError>;
}

/// Implements [`ImportConn`] for one backend's connection. A macro because the bodies are the
/// same SQL on both backends and call the crate's per-backend query macros
/// (`decode_record!`, `audit_append!` …), which only compile against a concrete connection.
macro_rules! import_conn_impl {
    ($conn:ty, $args:ty) => {
        impl ImportArgs for $args {
            fn push_int(&mut self, value: i64) -> Result<(), StoreError> {
                self.push(value)
            }

            fn push_text(&mut self, value: Arc<str>) -> Result<(), StoreError> {
                self.push(value)
            }

            fn push_flag(&mut self, value: bool) -> Result<(), StoreError> {
                self.push(value)
            }

            fn push_note(&mut self, value: Option<String>) -> Result<(), StoreError> {
                self.push(value)
            }
        }

        impl ImportConn for $conn {
            type Args = $args;

            fn arguments(n: usize) -> $args {
                let mut args = <$args>::default();
                sqlx::Arguments::reserve(&mut args, n, 0);
                args
            }

            fn start(&mut self, sql: String, args: $args) -> Running<'_> {
                Box::pin(async move {
                    sqlx::query_with(AssertSqlSafe(sql), args)
                        .execute(self)
                        .await?;
                    Ok(())
                })
            }

            async fn next_key_number(
                &mut self,
                scan_sql: &str,
                region: &str,
                prefix: &str,
            ) -> Result<i64, StoreError> {
                let scan_sql = scan_sql.to_owned();
                Ok(next_key_number!(self, scan_sql, region, prefix))
            }

            async fn linked(
                &mut self,
                link_sql: &str,
                scope: (i64, &str),
                lookup: Lookup<'_>,
            ) -> Result<Vec<(i64, String)>, StoreError> {
                let query = sqlx::query_as(AssertSqlSafe(link_sql.to_owned()))
                    .bind(scope.0)
                    .bind(scope.1);
                Ok(match lookup {
                    Lookup::Number(number) => query.bind(number).fetch_all(&mut *self).await?,
                    Lookup::Id(id) => query.bind(id).fetch_all(&mut *self).await?,
                })
            }

            async fn region_empty(
                &mut self,
                any_sql: &str,
                region: &str,
            ) -> Result<bool, StoreError> {
                let any: Option<i64> = sqlx::query_scalar(AssertSqlSafe(any_sql.to_owned()))
                    .bind(region)
                    .fetch_optional(&mut *self)
                    .await?;
                Ok(any.is_none())
            }

            async fn stored_records(
                &mut self,
                def: &'static RegisterDef,
                existing_sql: String,
                region: &str,
                keys: &[&str],
            ) -> Result<Vec<(i64, i64, Record)>, StoreError> {
                let mut query = sqlx::query(AssertSqlSafe(existing_sql)).bind(region);
                for key in keys {
                    query = query.bind(*key);
                }
                let mut found = Vec::new();
                for row in query.fetch_all(&mut *self).await? {
                    let id: i64 = row.try_get("id")?;
                    let org_id: i64 = row.try_get("org_id")?;
                    found.push((id, org_id, decode_record!(def, &row)));
                }
                Ok(found)
            }

            async fn records_with_files(
                &mut self,
                register: &str,
                ids: &[i64],
            ) -> Result<HashSet<i64>, StoreError> {
                let mut found = HashSet::new();
                for part in ids.chunks(500) {
                    let mut query =
                        sqlx::query_scalar(AssertSqlSafe(filed_sql(part.len()))).bind(register);
                    for id in part {
                        query = query.bind(*id);
                    }
                    let filed: Vec<i64> = query.fetch_all(&mut *self).await?;
                    found.extend(filed);
                }
                Ok(found)
            }

            async fn replace_clocks(
                &mut self,
                unit: &Unit,
                register: &str,
                record_id: i64,
                clocks: &[ClockRow],
            ) -> Result<(), StoreError> {
                store_clocks!(self, &*unit.region, unit.id, register, record_id, clocks);
                Ok(())
            }

            async fn insert_file_piece(
                &mut self,
                batch: i64,
                seq: i64,
                data: &[u8],
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO import_file_chunk (batch_id, seq, data) VALUES ($1, $2, $3)",
                )
                .bind(batch)
                .bind(seq)
                .bind(data)
                .execute(&mut *self)
                .await?;
                Ok(())
            }

            async fn insert_batch(&mut self, row: &BatchRow<'_>) -> Result<i64, StoreError> {
                let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
                Ok(sqlx::query_scalar(
                    "INSERT INTO import_batch (region_code, register, file_name, file_sha256, \
                     file_size, rows_total, created_count, updated_count, unchanged_count, \
                     actor, created_at) VALUES ($1, $2, $3, '', 0, $4, $5, $6, $7, $8, $9) \
                     RETURNING id",
                )
                .bind(row.region)
                .bind(row.register)
                .bind(row.file_name)
                .bind(count(row.outcome.rows))
                .bind(count(row.outcome.created))
                .bind(count(row.outcome.updated))
                .bind(count(row.outcome.unchanged))
                .bind(row.actor)
                .bind(row.now)
                .fetch_one(&mut *self)
                .await?)
            }

            async fn set_batch_file(
                &mut self,
                batch: i64,
                sha: &str,
                size: i64,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE import_batch SET file_sha256 = $1, file_size = $2 WHERE id = $3",
                )
                .bind(sha)
                .bind(size)
                .bind(batch)
                .execute(&mut *self)
                .await?;
                Ok(())
            }

            async fn bump_generation(&mut self, table: &str) -> Result<(), StoreError> {
                bump_generation!(self, table);
                Ok(())
            }

            async fn aggregate_rows(
                &mut self,
                sql: String,
                binds: &[crate::indicators::Bind],
                columns: usize,
            ) -> Result<Vec<crate::cells::GroupRow>, StoreError> {
                let query = crate::indicators::bind_all!(sqlx::query(AssertSqlSafe(sql)), binds);
                let mut out = Vec::new();
                for row in query.fetch_all(&mut *self).await? {
                    let mut sums = Vec::with_capacity(columns);
                    for i in 0..columns {
                        sums.push(row.try_get::<Option<i64>, _>(i + 3)?.unwrap_or(0));
                    }
                    out.push((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, sums));
                }
                Ok(out)
            }

            async fn next_cell_seq(&mut self) -> Result<i64, StoreError> {
                Ok(sqlx::query_scalar(
                    "UPDATE indicator_state SET seq = seq + 1 WHERE id = 1 RETURNING seq",
                )
                .fetch_one(&mut *self)
                .await?)
            }

            async fn audit_entry(
                &mut self,
                actor: &str,
                action: AuditAction,
                (entity, entity_id): (&str, &str),
                place: AuditPlace,
                before: Option<&serde_json::Value>,
                after: &serde_json::Value,
            ) -> Result<(), StoreError> {
                audit_append!(
                    self,
                    actor,
                    action,
                    entity,
                    entity_id,
                    place,
                    before,
                    Some(after)
                );
                Ok(())
            }
        }
    };
}

import_conn_impl!(sqlx::SqliteConnection, sqlx::sqlite::SqliteArguments);
import_conn_impl!(sqlx::PgConnection, sqlx::postgres::PgArguments);
