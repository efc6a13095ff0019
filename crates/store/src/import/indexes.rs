//! 索引重建 — the secondary indexes of the register table during a large import, per
//! backend: dropped and rebuilt on SQLite, left alone on PostgreSQL.

use sqlx::AssertSqlSafe;

use crate::StoreError;

/// Below this many inserted rows the secondary indexes are kept (rebuilding them would cost
/// more than it saves).
const REBUILD_MIN_ROWS: u64 = 20_000;

/// 索引重建 — a large import into a table that held few rows drops the table's secondary
/// (non-unique, non-partial) indexes inside the transaction and rebuilds them before the
/// commit: inserting into index B-trees in random order costs page fetches for every row (and, once the indexes
/// outgrow the page cache, the same pages are written to the WAL again and again), while
/// `CREATE INDEX` sorts once. SQLite's DDL is transactional: a rollback or a killed process
/// leaves the indexes as they were. Only on SQLite: on PostgreSQL `DROP INDEX` would lock the
/// table against readers for the whole import.
#[derive(Default)]
pub(crate) struct IndexRebuild {
    /// Dropped indexes (name, `CREATE INDEX` text), to re-create before the commit.
    dropped: Vec<(String, String)>,
    /// Rows in the register table when first looked at.
    rows_at_start: Option<u64>,
    /// Set once the indexes were rebuilt (an update needed them): not dropped again.
    done: bool,
}

/// What a backend does about secondary indexes during a bulk import.
pub(crate) trait BulkIndexes {
    /// Whether a large import drops and rebuilds the indexes on this backend.
    const REBUILDS: bool;

    /// Rows in `table`.
    async fn count_rows(&mut self, table: &str) -> Result<u64, StoreError>;
    /// Drops the non-unique, non-partial indexes of `table` (and on SQLite the triggers that
    /// keep its text search) and returns what re-creates them; nothing on PostgreSQL.
    async fn drop_secondary(&mut self, table: &str) -> Result<Vec<(String, String)>, StoreError>;
    /// Re-creates dropped indexes (and, on SQLite, the text-search triggers, then re-indexes).
    async fn recreate(&mut self, dropped: &[(String, String)]) -> Result<(), StoreError>;
}

impl BulkIndexes for sqlx::SqliteConnection {
    const REBUILDS: bool = true;

    async fn count_rows(&mut self, table: &str) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&mut *self)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn drop_secondary(&mut self, table: &str) -> Result<Vec<(String, String)>, StoreError> {
        // Partial indexes stay: they hold the open clocks only, which a historical import
        // barely adds to, while rebuilding one scans the whole table.
        let indexes: Vec<(String, String)> = sqlx::query_as(
            "SELECT m.name, m.sql FROM sqlite_master m JOIN pragma_index_list($1) l \
             ON l.name = m.name WHERE m.type = 'index' AND m.tbl_name = $2 \
             AND l.origin = 'c' AND l.\"unique\" = 0 AND l.partial = 0",
        )
        .bind(table)
        .bind(table)
        .fetch_all(&mut *self)
        .await?;
        for (name, _) in &indexes {
            let quoted = name.replace('"', "\"\"");
            sqlx::query(AssertSqlSafe(format!("DROP INDEX \"{quoted}\"")))
                .execute(&mut *self)
                .await?;
        }
        let mut dropped = indexes;
        dropped.extend(self.drop_text_search(table).await?);
        Ok(dropped)
    }

    async fn recreate(&mut self, dropped: &[(String, String)]) -> Result<(), StoreError> {
        for (_, sql) in dropped {
            sqlx::query(AssertSqlSafe(sql.clone()))
                .execute(&mut *self)
                .await?;
        }
        Ok(())
    }
}

trait TextSearchTriggers {
    /// Drops the triggers that keep `table`'s FTS5 tables (migrations 0013 and 0018) and
    /// returns their `CREATE TRIGGER` text followed by what re-indexes the rows written
    /// meanwhile: one pass instead of a trigger per row.
    async fn drop_text_search(&mut self, table: &str) -> Result<Vec<(String, String)>, StoreError>;
}

impl TextSearchTriggers for sqlx::SqliteConnection {
    async fn drop_text_search(&mut self, table: &str) -> Result<Vec<(String, String)>, StoreError> {
        let mut dropped = Vec::new();
        for (fts, reindex) in text_search_tables(table) {
            let triggers: Vec<(String, String)> = sqlx::query_as(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = $1 \
                 AND name LIKE $2 ORDER BY name",
            )
            .bind(table)
            .bind(format!("{fts}_%"))
            .fetch_all(&mut *self)
            .await?;
            if triggers.is_empty() {
                continue;
            }
            for (name, _) in &triggers {
                let quoted = name.replace('"', "\"\"");
                sqlx::query(AssertSqlSafe(format!("DROP TRIGGER \"{quoted}\"")))
                    .execute(&mut *self)
                    .await?;
            }
            dropped.extend(triggers);
            dropped.extend(reindex.into_iter().map(|sql| (fts.clone(), sql)));
        }
        Ok(dropped)
    }
}

/// The FTS5 tables of register table `table` and the statements that index its rows anew:
/// the trigram table's `rebuild` from its content table; the contentless pair table emptied
/// and filled with the documents its triggers write.
fn text_search_tables(table: &str) -> Vec<(String, Vec<String>)> {
    let fts = format!("{table}_fts");
    let mut tables = vec![(
        fts.clone(),
        vec![format!("INSERT INTO {fts} ({fts}) VALUES ('rebuild')")],
    )];
    if let Some(def) = fazhi_domain::register::all()
        .iter()
        .find(|d| d.table == table)
    {
        let pairs = format!("{table}_pairs");
        let document = pairs_document_sql("r.", def.search_fields);
        tables.push((
            pairs.clone(),
            vec![
                format!("INSERT INTO {pairs} ({pairs}) VALUES ('delete-all')"),
                format!("INSERT INTO {pairs} (rowid, doc) SELECT r.id, {document} FROM {table} r"),
            ],
        ));
    }
    tables
}

/// The document of a record in its register's pair table (migration 0018, whose triggers
/// hold the same expression over `new.` and `old.`): every two neighbouring characters of
/// each search field `{row}{field}`, separated by spaces.
fn pairs_document_sql(row: &str, fields: &[&str]) -> String {
    let values: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| format!("SELECT {row}{f}{}", if i == 0 { " AS v" } else { "" }))
        .collect();
    format!(
        "(SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM ({}) t \
         JOIN text_pair_position p ON p.n < length(t.v))",
        values.join(" UNION ALL ")
    )
}

/// PostgreSQL: `DROP INDEX` would lock the table against readers for the whole import.
impl BulkIndexes for sqlx::PgConnection {
    const REBUILDS: bool = false;

    async fn count_rows(&mut self, _table: &str) -> Result<u64, StoreError> {
        Ok(0)
    }

    async fn drop_secondary(&mut self, _table: &str) -> Result<Vec<(String, String)>, StoreError> {
        Ok(Vec::new())
    }

    async fn recreate(&mut self, _dropped: &[(String, String)]) -> Result<(), StoreError> {
        Ok(())
    }
}

impl IndexRebuild {
    /// After a chunk was written (`created`: rows the import inserted so far): drops the
    /// secondary indexes once the rows inserted outnumber the rows the register table held
    /// (so a rebuild costs at most about twice what was imported).
    pub(crate) async fn after_chunk<C: BulkIndexes>(
        &mut self,
        conn: &mut C,
        table: &str,
        created: u64,
    ) -> Result<(), StoreError> {
        if !C::REBUILDS || self.done || !self.dropped.is_empty() || created < REBUILD_MIN_ROWS {
            return Ok(());
        }
        let records = match self.rows_at_start {
            Some(records) => records,
            None => {
                // Rows written by this import so far are in the count: subtract them.
                let records = conn.count_rows(table).await?.saturating_sub(created);
                self.rows_at_start = Some(records);
                records
            }
        };
        // `deadline` has only its unique key and partial indexes (open clocks): nothing
        // there to drop.
        if created >= records {
            self.dropped = conn.drop_secondary(table).await?;
            self.done = self.dropped.is_empty();
        }
        Ok(())
    }

    /// Re-creates the dropped indexes (before updates, which look records and clocks up, and
    /// before the commit).
    pub(crate) async fn rebuild<C: BulkIndexes>(&mut self, conn: &mut C) -> Result<(), StoreError> {
        if !self.dropped.is_empty() {
            conn.recreate(&self.dropped).await?;
            self.dropped.clear();
            self.done = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::pairs_document_sql;

    /// The one-pass re-index writes the documents the triggers of migrations 0018 (and of
    /// the registers added later, 0023) write.
    #[test]
    fn pair_documents_are_the_triggers_documents() {
        let migration = [
            include_str!("../../migrations/sqlite/0018_text_search_pairs.sql"),
            include_str!("../../migrations/sqlite/0023_rectification.sql"),
            include_str!("../../migrations/sqlite/0028_inspection_registers.sql"),
            include_str!("../../migrations/sqlite/0029_suggestions.sql"),
            include_str!("../../migrations/sqlite/0030_information_requests.sql"),
            include_str!("../../migrations/sqlite/0031_legality_review.sql"),
        ]
        .concat();
        for def in fazhi_domain::register::all() {
            for row in ["new.", "old."] {
                let document = pairs_document_sql(row, def.search_fields);
                assert!(migration.contains(&document), "{}: {document}", def.table);
            }
        }
    }
}
