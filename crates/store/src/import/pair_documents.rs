//! 短词文档 — the documents of a register's pair table (migration 0018), made in Rust when a
//! large import re-indexes the register in one pass. In SQL each document joined the record's
//! search fields with a table of character positions (`text_pair_position`): 3.4 s of a
//! 300,000-row import's 8.5 s on SQLite (docs/BENCHMARKS.md).

use fazhi_domain::register::RegisterDef;
use sqlx::{AssertSqlSafe, Row};

use crate::StoreError;

/// Records read from the register at a time.
const READ_ROWS: i64 = 5_000;
/// Documents written by one `INSERT` (two parameters each).
const WRITE_ROWS: usize = 500;

/// The document of a record whose search fields hold `values`: every two neighbouring
/// characters of each field, separated by spaces — the tokens the triggers of migration 0018
/// write (their SQL: `substr(v, n, 2)` for each position `n < length(v)`). `None` when no field
/// has two characters (SQL's `group_concat` of nothing).
pub(crate) fn pairs_document<S: AsRef<str>>(values: &[Option<S>]) -> Option<String> {
    let mut document = String::new();
    for value in values.iter().flatten() {
        let mut chars = value.as_ref().chars().peekable();
        while let Some(first) = chars.next() {
            let Some(&second) = chars.peek() else {
                break;
            };
            if !document.is_empty() {
                document.push(' ');
            }
            document.push(first);
            document.push(second);
        }
    }
    (!document.is_empty()).then_some(document)
}

/// The temporary table the documents are written to first: FTS5 flushes its pending terms at
/// the end of each statement, so 600 inserts of 500 documents each took 15.6 s where one
/// `INSERT … SELECT` of the 300,000 took 0.84 s.
const STAGED: &str = "temp.fazhi_pair_documents";

/// Empties `def`'s pair table and writes the document of each of its records: the records are
/// read a few thousand at a time in id order, their documents staged in a temporary table and
/// written to the pair table by one statement.
pub(crate) async fn write_pair_documents(
    conn: &mut sqlx::SqliteConnection,
    def: &RegisterDef,
) -> Result<(), StoreError> {
    let (table, pairs) = (def.table, format!("{}_pairs", def.table));
    for statement in [
        format!("DROP TABLE IF EXISTS {STAGED}"),
        format!("CREATE TABLE {STAGED} (id INTEGER PRIMARY KEY, doc TEXT)"),
    ] {
        sqlx::query(AssertSqlSafe(statement))
            .execute(&mut *conn)
            .await?;
    }
    let fields: Vec<String> = (def.search_fields.iter())
        .map(|f| format!("CAST({f} AS TEXT)"))
        .collect();
    let read = format!(
        "SELECT id, {} FROM {table} WHERE id > $1 ORDER BY id LIMIT {READ_ROWS}",
        fields.join(", ")
    );
    let mut after = i64::MIN;
    loop {
        let rows = sqlx::query(AssertSqlSafe(read.clone()))
            .bind(after)
            .fetch_all(&mut *conn)
            .await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.try_get(0)?;
        let mut documents = Vec::with_capacity(rows.len());
        for row in &rows {
            let values = (1..=fields.len())
                .map(|i| row.try_get::<Option<String>, _>(i))
                .collect::<Result<Vec<_>, _>>()?;
            documents.push((row.try_get::<i64, _>(0)?, pairs_document(&values)));
        }
        for chunk in documents.chunks(WRITE_ROWS) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                .collect();
            let sql = format!(
                "INSERT INTO {STAGED} (id, doc) VALUES {}",
                values.join(", ")
            );
            let mut insert = sqlx::query(AssertSqlSafe(sql));
            for (id, document) in chunk {
                insert = insert.bind(*id).bind(document.clone());
            }
            insert.execute(&mut *conn).await?;
        }
    }
    for statement in [
        format!("INSERT INTO {pairs} ({pairs}) VALUES ('delete-all')"),
        format!("INSERT INTO {pairs} (rowid, doc) SELECT id, doc FROM {STAGED}"),
        format!("DROP TABLE {STAGED}"),
    ] {
        sqlx::query(AssertSqlSafe(statement))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::pairs_document;

    #[test]
    fn a_document_is_each_fields_neighbouring_characters() {
        let doc = |values: &[Option<&str>]| pairs_document(values);
        assert_eq!(
            doc(&[Some("徐磊"), None, Some("ab1")]).as_deref(),
            Some("徐磊 ab b1")
        );
        assert_eq!(doc(&[Some("张"), Some(""), None]), None, "no pair");
        assert_eq!(doc(&[Some("𠀀好🙂")]).as_deref(), Some("𠀀好 好🙂"));
    }
}
