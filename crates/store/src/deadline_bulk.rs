//! 期限批量重算 — the re-evaluation of every open clock. On PostgreSQL one set-based
//! UPDATE: the distinct clock keys are computed by the engine as on SQLite, sent as arrays and
//! joined to `deadline` (hash join over the open clocks). The row triggers that keep the
//! per-record earliest due dates (`deadline_record_due`, `deadline_due_records`, migrations 0017
//! and 0021) would run several statements for each of a million updated clocks; they stand aside
//! for this transaction (`fazhi.bulk_clocks`, migration 0033) and both tables are rebuilt from
//! `deadline` in two statements. `deadline` is locked against other writers meanwhile (readers
//! go on), so no clock written by another transaction can slip between the UPDATE and the
//! rebuild — as SQLite's write lock does for its path.
//!
//! On SQLite one UPDATE per distinct key (its planner walks the open-clock index per key), and
//! the same triggers stand aside by being dropped and created again inside the transaction
//! (SQLite's DDL is transactional, and the write lock is held from the start): with them, the
//! UPDATE of a million clocks took 52 s of CPU, without them 6 s.

use sqlx::{AssertSqlSafe, PgPool, SqliteConnection, SqlitePool};

use crate::StoreError;
use crate::deadline::{ClockKey, SharedEngine, read_engine, recompute, reevaluate_sql};

/// The distinct keys of the open clocks.
const OPEN_KEYS: &str = "SELECT DISTINCT rule, start_date, extended, restart_date, pause_from, \
     pause_to FROM deadline WHERE done_date IS NULL";

/// The triggers that keep the per-record due dates and their counts (migration 0017).
const KEEPING_TRIGGERS: &str = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' \
     AND (name LIKE 'deadline_record_due%' OR name LIKE 'deadline_due_records%')";

/// Recomputes every open clock on SQLite; the clocks updated.
pub(crate) async fn reevaluate_sqlite(
    pool: &SqlitePool,
    engine: &SharedEngine,
) -> Result<u64, StoreError> {
    let mut tx = pool.begin_with(crate::db::SQLITE_BEGIN_WRITE).await?;
    let triggers: Vec<(String, String)> =
        sqlx::query_as(KEEPING_TRIGGERS).fetch_all(&mut *tx).await?;
    for (name, _) in &triggers {
        // The name is read from the schema; quoted as an identifier.
        let drop = format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\""));
        sqlx::query(AssertSqlSafe(drop)).execute(&mut *tx).await?;
    }
    let keys: Vec<ClockKey> = sqlx::query_as(OPEN_KEYS).fetch_all(&mut *tx).await?;
    let updates = recompute(&read_engine(engine), keys);
    let count = update_by_key(&mut tx, updates).await?;
    for statement in rebuild_statements() {
        sqlx::query(AssertSqlSafe(statement))
            .execute(&mut *tx)
            .await?;
    }
    for (_, sql) in triggers {
        // As the schema holds it: the migration's own text.
        sqlx::query(AssertSqlSafe(sql)).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(count)
}

/// One UPDATE per clock key; the clocks updated.
async fn update_by_key(
    conn: &mut SqliteConnection,
    updates: Vec<(ClockKey, Option<chrono::NaiveDate>, Option<String>)>,
) -> Result<u64, StoreError> {
    let mut count = 0_u64;
    for ((rule, start, extended, restart, from, to), due, problem) in updates {
        let sql = reevaluate_sql(&[restart, from, to]);
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(due)
            .bind(problem)
            .bind(rule)
            .bind(start)
            .bind(extended);
        for date in [restart, from, to].into_iter().flatten() {
            query = query.bind(date);
        }
        count += query.execute(&mut *conn).await?.rows_affected();
    }
    Ok(count)
}

/// Recomputes every open clock on PostgreSQL; the clocks updated (every open clock whose key
/// the engine computes, as on SQLite).
pub(crate) async fn reevaluate_postgres(
    pool: &PgPool,
    engine: &SharedEngine,
) -> Result<u64, StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query("LOCK TABLE deadline IN EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    let keys: Vec<ClockKey> = sqlx::query_as(OPEN_KEYS).fetch_all(&mut *tx).await?;
    let updates = recompute(&read_engine(engine), keys);
    let mut columns = Columns::default();
    for ((rule, start, extended, restart, from, to), due, problem) in updates {
        columns.rule.push(rule);
        columns.start.push(start);
        columns.extended.push(extended);
        columns.restart.push(restart);
        columns.pause_from.push(from);
        columns.pause_to.push(to);
        columns.due.push(due);
        columns.problem.push(problem);
    }
    sqlx::query("SET LOCAL fazhi.bulk_clocks = 'on'")
        .execute(&mut *tx)
        .await?;
    let updated = sqlx::query(
        "UPDATE deadline d SET due_date = c.due, problem = c.problem \
         FROM unnest($1::text[], $2::date[], $3::bool[], $4::date[], $5::date[], $6::date[], \
                     $7::date[], $8::text[]) \
              AS c(rule, start_date, extended, restart_date, pause_from, pause_to, due, problem) \
         WHERE d.done_date IS NULL AND d.rule = c.rule AND d.start_date = c.start_date \
           AND d.extended = c.extended \
           AND d.restart_date IS NOT DISTINCT FROM c.restart_date \
           AND d.pause_from IS NOT DISTINCT FROM c.pause_from \
           AND d.pause_to IS NOT DISTINCT FROM c.pause_to",
    )
    .bind(&columns.rule)
    .bind(&columns.start)
    .bind(&columns.extended)
    .bind(&columns.restart)
    .bind(&columns.pause_from)
    .bind(&columns.pause_to)
    .bind(&columns.due)
    .bind(&columns.problem)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    for statement in rebuild_statements() {
        sqlx::query(AssertSqlSafe(statement))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(updated)
}

/// The clock keys and their results, column by column (bound as arrays).
#[derive(Default)]
struct Columns {
    rule: Vec<String>,
    start: Vec<chrono::NaiveDate>,
    extended: Vec<bool>,
    restart: Vec<Option<chrono::NaiveDate>>,
    pause_from: Vec<Option<chrono::NaiveDate>>,
    pause_to: Vec<Option<chrono::NaiveDate>>,
    due: Vec<Option<chrono::NaiveDate>>,
    problem: Vec<Option<String>>,
}

/// The two trigger-kept tables rebuilt from `deadline`: what the triggers would have left
/// (the earliest open due date per record, `alerts::RECORD_DUE_SQL`; those records counted per
/// register, unit and date, migration 0017).
fn rebuild_statements() -> [String; 4] {
    [
        "DELETE FROM deadline_record_due".to_owned(),
        format!(
            "INSERT INTO deadline_record_due (register, record_id, org_id, due_date) {}",
            crate::alerts::RECORD_DUE_SQL
        ),
        "DELETE FROM deadline_due_records".to_owned(),
        "INSERT INTO deadline_due_records (register, org_id, due_date, records) \
         SELECT register, org_id, due_date, COUNT(*) FROM deadline_record_due \
         GROUP BY register, org_id, due_date"
            .to_owned(),
    ]
}
