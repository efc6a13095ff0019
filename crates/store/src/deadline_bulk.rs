//! 期限批量重算 — the re-evaluation of every open clock. On PostgreSQL one set-based
//! UPDATE: the distinct clock keys are computed by the engine as on SQLite, sent as arrays and
//! joined to `deadline` (hash join over the open clocks). The row triggers that keep the
//! per-record earliest due dates (`deadline_record_due`, `deadline_due_records`, migrations 0017
//! and 0021) would run several statements for each of a million updated clocks; they stand aside
//! for this transaction (`fazhi.bulk_clocks`, migration 0033) and both tables are rebuilt from
//! `deadline` in two statements, the first table's secondary indexes built after its rows. `deadline` is locked against other writers meanwhile (readers
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
    let indexes: Vec<(String, String)> = sqlx::query_as(SQLITE_KEPT_INDEXES)
        .fetch_all(&mut *tx)
        .await?;
    let empty = [
        "DELETE FROM deadline_record_due",
        "DELETE FROM deadline_due_records",
    ];
    for statement in rebuild_statements(&empty, &indexes) {
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
    for setting in POSTGRES_REBUILD_SETTINGS {
        sqlx::query(setting).execute(&mut *tx).await?;
    }
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
    let stale: bool = sqlx::query_scalar(STALE_STATISTICS)
        .fetch_one(&mut *tx)
        .await?;
    if stale {
        sqlx::query("ANALYZE deadline").execute(&mut *tx).await?;
    }
    // TRUNCATE and the index builds hold the two kept tables against readers (the overdue
    // lists, the alerts, the cockpit's counts) from here to the commit: the rebuild's seconds,
    // not the UPDATE's.
    let indexes: Vec<(String, String)> = sqlx::query_as(POSTGRES_KEPT_INDEXES)
        .fetch_all(&mut *tx)
        .await?;
    let empty = ["TRUNCATE deadline_record_due, deadline_due_records"];
    for statement in rebuild_statements(&empty, &indexes) {
        sqlx::query(AssertSqlSafe(statement))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(updated)
}

/// The re-evaluation's own settings on PostgreSQL, for its transaction only: the row triggers
/// stand aside, and the counts of `deadline_due_records` are grouped in memory (with the
/// default 4 MB `work_mem` the grouping of a million rows spilled to disk: 0.58 s against
/// 0.12 s).
const POSTGRES_REBUILD_SETTINGS: [&str; 2] = [
    "SET LOCAL fazhi.bulk_clocks = 'on'",
    "SET LOCAL work_mem = '64MB'",
];

/// Whether `deadline`'s statistics are older than autovacuum's own threshold for an ANALYZE
/// (a tenth of the table written since), so the rebuild's plan needs fresh ones. Right after a
/// million clocks were written (a bench's seed, a large import) the planner took a million open
/// clocks for five thousand, grouped them by hash and sorted the groups on disk (3.4 s); with
/// fresh statistics it reads them in key order from `deadline_record_rule` (1.7 s, the ANALYZE
/// 0.14 s). In the demo city, whose statistics autovacuum keeps, the ANALYZE alone would take
/// 0.2 s of a re-evaluation's 0.9 s.
const STALE_STATISTICS: &str = "SELECT COALESCE((SELECT n_mod_since_analyze > \
     0.1 * GREATEST(n_live_tup, 1) FROM pg_stat_user_tables \
     WHERE relid = 'deadline'::regclass), TRUE)";

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

/// `deadline_record_due`'s secondary indexes (name, definition) on SQLite: its primary key's
/// index has no SQL text and stays.
const SQLITE_KEPT_INDEXES: &str = "SELECT name, sql FROM sqlite_master WHERE type = 'index' \
     AND tbl_name = 'deadline_record_due' AND sql IS NOT NULL ORDER BY name";

/// The same on PostgreSQL: every index that backs no constraint.
const POSTGRES_KEPT_INDEXES: &str = "SELECT i.indexname::text, i.indexdef FROM pg_indexes i \
     WHERE i.schemaname = current_schema() AND i.tablename = 'deadline_record_due' \
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) \
     ORDER BY 1";

/// The two trigger-kept tables rebuilt from `deadline`: what the triggers would have left
/// (the earliest open due date per record, `alerts::RECORD_DUE_SQL`; those records counted per
/// register, unit and date, migration 0017). `empty` empties both tables; `indexes` (name,
/// definition) are `deadline_record_due`'s secondary indexes, dropped before its rows go in
/// and built again after (a sorted build of a million entries instead of a million inserts
/// into each index: 17.5 s of the PostgreSQL rebuild went to those inserts).
fn rebuild_statements(empty: &[&str], indexes: &[(String, String)]) -> Vec<String> {
    let mut statements: Vec<String> = empty.iter().map(|s| (*s).to_owned()).collect();
    for (name, _) in indexes {
        // The name is read from the schema; quoted as an identifier.
        statements.push(format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")));
    }
    // In the primary key's order: its B-tree then grows at its right edge. In hash order, on
    // PostgreSQL, the million inserts into it took 4.7 s; in key order 2.0 s.
    statements.push(format!(
        "INSERT INTO deadline_record_due (register, record_id, org_id, due_date) {} \
         ORDER BY register, record_id",
        crate::alerts::RECORD_DUE_SQL
    ));
    statements.extend(indexes.iter().map(|(_, definition)| definition.clone()));
    statements.push(
        "INSERT INTO deadline_due_records (register, org_id, due_date, records) \
         SELECT register, org_id, due_date, COUNT(*) FROM deadline_record_due \
         GROUP BY register, org_id, due_date"
            .to_owned(),
    );
    statements
}

#[cfg(test)]
mod tests {
    use super::rebuild_statements;

    #[test]
    fn the_indexes_are_dropped_before_the_rows_and_built_after() {
        let indexes = [("due \"x\"".to_owned(), "CREATE INDEX …".to_owned())];
        let statements = rebuild_statements(&["TRUNCATE a, b"], &indexes);
        assert_eq!(statements[0], "TRUNCATE a, b");
        assert_eq!(statements[1], "DROP INDEX \"due \"\"x\"\"\"");
        assert!(statements[2].starts_with("INSERT INTO deadline_record_due"));
        assert_eq!(statements[3], "CREATE INDEX …");
        assert!(statements[4].starts_with("INSERT INTO deadline_due_records"));
    }
}
