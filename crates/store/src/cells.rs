//! 指标数据立方(增量维护) — the indicator engine's per-unit × month sums, kept in table
//! `indicator_cell` and changed in the same transaction as every register write: a record
//! written adds its cells ([`Plan::record_cells`]), a record deleted takes them away, an update
//! (or a move to another unit or month) does both. Reads never rescan the registers; they load
//! the cells once and then only the rows changed since (`seq`). A full rebuild runs when the
//! plan changed (a new catalog: `Store::open`) or on `fazhi indicators rebuild`.
//!
//! SQL is assembled from the plan's `'static` register and field names; every code and flag is
//! a bound parameter.

use std::collections::HashMap;
use std::sync::Arc;

use fazhi_domain::register::{Record, RegisterDef};
use fazhi_indicators::{Cube, Plan, YearMonth};
use sha2::{Digest, Sha256};

use crate::StoreError;
use crate::db::{Db, in_tx, on_db};
use crate::import::{ImportArgs, ImportConn};
use crate::indicators::{conditions, measure_sql};

/// The plan of the embedded catalog.
pub(crate) fn plan() -> Result<&'static Plan, StoreError> {
    fazhi_indicators::embedded_plan().map_err(|e| StoreError::Database(e.to_string()))
}

/// Rows per upsert statement (5 parameters each).
const UPSERT_ROWS: usize = 200;

/// The changes one write makes to the cells: (unit, month, column) → raw amount.
#[derive(Debug, Default)]
pub(crate) struct CellDeltas(HashMap<(i64, YearMonth, usize), i64>);

impl CellDeltas {
    /// Adds (`sign` 1) or takes away (`sign` -1) what `record` of `def`, owned by unit `org`,
    /// contributes.
    pub(crate) fn record(
        &mut self,
        plan: &Plan,
        def: &RegisterDef,
        org: i64,
        record: &Record,
        sign: i64,
    ) {
        for cell in plan.record_cells(def, record) {
            *self.0.entry((org, cell.month, cell.column)).or_default() += sign * cell.raw;
        }
    }

    /// The changes that are not zero (an update that changes no counted field has none).
    fn changes(&self) -> Vec<(i64, YearMonth, usize, i64)> {
        let mut out: Vec<_> = self
            .0
            .iter()
            .filter(|(_, v)| **v != 0)
            .map(|(&(org, month, col), &v)| (org, month, col, v))
            .collect();
        out.sort_unstable_by_key(|&(org, month, col, _)| (org, month.year, month.month, col));
        out
    }
}

/// `2024-03`, as cells store months.
pub(crate) fn month_text(month: YearMonth) -> String {
    format!("{:04}-{:02}", month.year, month.month)
}

/// Adds `deltas` to the cells inside the caller's transaction, under a new write sequence.
pub(crate) async fn apply<C: ImportConn>(
    conn: &mut C,
    deltas: &CellDeltas,
) -> Result<(), StoreError> {
    let changes = deltas.changes();
    if changes.is_empty() {
        return Ok(());
    }
    let seq = conn.next_cell_seq().await?;
    write_cells(conn, &changes, seq, "indicator_cell.value + excluded.value").await
}

/// Upserts `cells` under sequence `seq`, setting `value` to `new_value` on conflict.
async fn write_cells<C: ImportConn>(
    conn: &mut C,
    cells: &[(i64, YearMonth, usize, i64)],
    seq: i64,
    new_value: &str,
) -> Result<(), StoreError> {
    for part in cells.chunks(UPSERT_ROWS) {
        let mut args = C::arguments(part.len() * 5);
        for &(org, month, col, value) in part {
            args.push_int(org)?;
            args.push_text(Arc::from(month_text(month)))?;
            args.push_int(i64::try_from(col).unwrap_or(i64::MAX))?;
            args.push_int(value)?;
            args.push_int(seq)?;
        }
        conn.start(upsert_sql(part.len(), new_value), args).await?;
    }
    Ok(())
}

/// An upsert of `rows` cells, setting `value` to `new_value` on conflict.
fn upsert_sql(rows: usize, new_value: &str) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| {
            let p = i * 5;
            format!(
                "(${}, ${}, ${}, ${}, ${})",
                p + 1,
                p + 2,
                p + 3,
                p + 4,
                p + 5
            )
        })
        .collect();
    format!(
        "INSERT INTO indicator_cell (org_id, month, col, value, seq) VALUES {} \
         ON CONFLICT (org_id, month, col) DO UPDATE SET value = {new_value}, seq = excluded.seq",
        values.join(", ")
    )
}

/// One stored cell: unit, month, column, raw value, write sequence.
pub(crate) type CellRow = (i64, String, i64, i64, i64);

/// The cells changed after write sequence `since` (all of them for 0).
pub(crate) async fn read_since(db: &Db, since: i64) -> Result<Vec<CellRow>, StoreError> {
    on_db!(db, pool => {
        Ok(sqlx::query_as(
            "SELECT org_id, month, col, value, seq FROM indicator_cell WHERE seq > $1",
        )
        .bind(since)
        .fetch_all(pool)
        .await?)
    })
}

/// Sets the cells `rows` in `cube` (values scaled from raw units); the highest sequence read.
pub(crate) fn apply_rows(cube: &mut Cube, plan: &Plan, rows: &[CellRow], since: i64) -> i64 {
    let mut seen = since;
    for (org, month, col, value, seq) in rows {
        seen = seen.max(*seq);
        let (Some(month), Ok(col)) = (YearMonth::parse_iso(month), usize::try_from(*col)) else {
            continue;
        };
        let org = fazhi_domain::OrgId::new(*org);
        cube.set(org, month, col, *value as f64 * plan.scale(col));
    }
    seen
}

/// The plan's fingerprint: its columns' keys in cube order.
pub(crate) fn fingerprint(plan: &Plan) -> String {
    let mut hash = Sha256::new();
    for reg in &plan.registers {
        hash.update(format!("{}:{};", reg.def.key, reg.presence));
        for group in &reg.groups {
            for column in &group.columns {
                hash.update(format!(
                    "{}@{}={};",
                    column.key, group.date.key, column.index
                ));
            }
        }
    }
    hex::encode(hash.finalize())
}

/// Rebuilds the cells when they were computed with another plan (or never).
pub(crate) async fn ensure_current(db: &Db, plan: &Plan) -> Result<bool, StoreError> {
    let stored: String = on_db!(db, pool => {
        sqlx::query_scalar("SELECT fingerprint FROM indicator_state WHERE id = 1")
            .fetch_one(pool).await?
    });
    if stored == fingerprint(plan) {
        return Ok(false);
    }
    rebuild(db, plan).await?;
    Ok(true)
}

/// 重算指标数据 — recomputes every cell from the registers and writes them in one transaction
/// under one new sequence; cells no longer backed by any record are set to 0, so readers
/// holding the cube see them change. The sequence is taken first: its row lock keeps other
/// writers' cell changes out until this commits, and the registers are read inside the same
/// transaction, so a write is either in the aggregate or applied after it, never both.
/// Returns the number of cells not zero.
pub(crate) async fn rebuild(db: &Db, plan: &Plan) -> Result<u64, StoreError> {
    let print = fingerprint(plan);
    let count = in_tx!(db, conn => {
        let seq = conn.next_cell_seq().await?;
        let mut target = aggregate(conn, plan).await?;
        target.retain(|c| c.3 != 0);
        sqlx::query("UPDATE indicator_cell SET value = 0, seq = $1")
            .bind(seq).execute(&mut *conn).await?;
        write_cells(conn, &target, seq, "excluded.value").await?;
        sqlx::query("UPDATE indicator_state SET fingerprint = $1 WHERE id = 1")
            .bind(&print).execute(&mut *conn).await?;
        Ok::<u64, StoreError>(target.len() as u64)
    })?;
    Ok(count)
}

/// One row of a grouped aggregate query: unit, month text, record count, column sums.
pub(crate) type GroupRow = (i64, String, i64, Vec<i64>);

/// Every cell the registers hold now, in raw units: one grouped aggregate query per register
/// and date field, one `SUM(CASE WHEN …)` column per computed indicator.
pub(crate) async fn aggregate<C: ImportConn>(
    conn: &mut C,
    plan: &Plan,
) -> Result<Vec<(i64, YearMonth, usize, i64)>, StoreError> {
    // Two date groups of one register share the presence column: sum per cell.
    let mut summed: HashMap<(i64, YearMonth, usize), i64> = HashMap::new();
    for reg in &plan.registers {
        for group in &reg.groups {
            let mut binds = Vec::new();
            let mut next = 1;
            let sums: Vec<String> = group
                .columns
                .iter()
                .map(|c| {
                    format!(
                        "CAST(SUM(CASE WHEN {} THEN {} ELSE 0 END) AS BIGINT)",
                        conditions(&c.filters, &mut next, &mut binds),
                        measure_sql(c.measure)
                    )
                })
                .collect();
            let month = format!("SUBSTR(CAST(r.{} AS TEXT), 1, 7)", group.date.key);
            let sql = format!(
                "SELECT r.org_id, {month} AS ym, COUNT(*) AS n, {} FROM {} r \
                 WHERE r.{} IS NOT NULL GROUP BY r.org_id, {month}",
                sums.join(", "),
                reg.def.table,
                group.date.key
            );
            for (org, ym, n, values) in conn
                .aggregate_rows(sql, &binds, group.columns.len())
                .await?
            {
                let Some(month) = YearMonth::parse_iso(&ym) else {
                    continue;
                };
                *summed.entry((org, month, reg.presence)).or_default() += n;
                for (column, value) in group.columns.iter().zip(values) {
                    *summed.entry((org, month, column.index)).or_default() += value;
                }
            }
        }
    }
    Ok(summed
        .into_iter()
        .map(|((org, month, col), value)| (org, month, col, value))
        .collect())
}
