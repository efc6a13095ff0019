//! 批量写入行 — a chunk's new rows (records, clocks) in each backend's bulk form: one
//! multi-row INSERT per statement on SQLite, `COPY … FROM STDIN` in PostgreSQL's text format
//! on PostgreSQL, which parses no statement and plans nothing per row. The rows were checked
//! before (`check.rs`, `plan.rs`): a row the database still refuses (a key written meanwhile by
//! another transaction, a federation guard) fails the statement, and with it the import's
//! transaction, on both paths alike.

use std::io::Write;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use fazhi_domain::register::{FieldKind, Value};

use super::conn::{ImportArgs, ImportConn, Running};
use crate::StoreError;
use crate::bind::{PushValues, SharedTexts, unresolved_link};

/// How a backend writes a chunk's new rows.
pub(crate) trait BulkRows {
    /// The rows of one statement, as this backend takes them.
    type Rows: ImportArgs;

    /// Whether the statement is `COPY … FROM STDIN` (one per table and chunk, however many
    /// rows) rather than a multi-row INSERT of a bounded number of rows.
    const COPIES: bool;

    /// Empty rows of `per_row` values each, with room for `values` values.
    fn rows(values: usize, per_row: usize) -> Self::Rows;

    /// Runs `sql` (the INSERT or the COPY) with `rows`. As [`super::conn::ImportConn::start`],
    /// the statement reaches the database on the first poll.
    fn start_rows(&mut self, sql: String, rows: Self::Rows) -> Running<'_>;

    /// Before a chunk's new rows: on PostgreSQL the row triggers that keep the records'
    /// earliest open due dates and their counts (migrations 0017, 0033) stand aside for the
    /// clocks' COPY (two to four statements a clock otherwise). SQLite keeps its triggers.
    async fn new_clocks_begin(&mut self) -> Result<(), StoreError>;

    /// After the new clocks of the new records `ids` (ascending) of `register` are written:
    /// what the triggers would have kept, for those records, in three statements; the
    /// triggers back for the rest of the transaction.
    async fn new_clocks_end(&mut self, register: &str, ids: &[i64]) -> Result<(), StoreError>;
}

/// The earliest open due date of each of the new records `$2` of register `$1`, as the
/// trigger's refresh computes it (migration 0021: the open clocks picked by the aggregates'
/// FILTER, so the record index serves): new records have no kept row yet.
const NEW_RECORDS_DUE: &str = "INSERT INTO deadline_record_due (register, record_id, org_id, due_date) \
     SELECT register, record_id, \
            MAX(org_id) FILTER (WHERE done_date IS NULL AND due_date IS NOT NULL), \
            MIN(due_date) FILTER (WHERE done_date IS NULL) \
       FROM deadline WHERE register = $1 AND record_id = ANY($2) \
      GROUP BY register, record_id \
     HAVING MIN(due_date) FILTER (WHERE done_date IS NULL) IS NOT NULL";

/// Those records added to the counts per register, unit and date (the trigger adds one a row).
const NEW_RECORDS_COUNTED: &str = "INSERT INTO deadline_due_records (register, org_id, due_date, records) \
     SELECT register, org_id, due_date, COUNT(*) FROM deadline_record_due \
      WHERE register = $1 AND record_id = ANY($2) GROUP BY register, org_id, due_date \
     ON CONFLICT (register, org_id, due_date) \
     DO UPDATE SET records = deadline_due_records.records + EXCLUDED.records";

impl BulkRows for sqlx::SqliteConnection {
    type Rows = sqlx::sqlite::SqliteArguments;
    const COPIES: bool = false;

    // The statement's own arguments, run as any other statement of the import.
    fn rows(values: usize, _per_row: usize) -> Self::Rows {
        <Self as ImportConn>::arguments(values)
    }

    fn start_rows(&mut self, sql: String, rows: Self::Rows) -> Running<'_> {
        ImportConn::start(self, sql, rows)
    }

    async fn new_clocks_begin(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    async fn new_clocks_end(&mut self, _register: &str, _ids: &[i64]) -> Result<(), StoreError> {
        Ok(())
    }
}

impl BulkRows for sqlx::PgConnection {
    type Rows = CopyText;
    const COPIES: bool = true;

    fn rows(values: usize, per_row: usize) -> Self::Rows {
        CopyText::new(values, per_row)
    }

    fn start_rows(&mut self, sql: String, rows: Self::Rows) -> Running<'_> {
        Box::pin(async move {
            let mut copy = self.copy_in_raw(&sql).await?;
            if let Err(e) = copy.send(rows.into_bytes()?).await {
                // The transaction fails with the first error; the abort only frees the
                // connection from the COPY state.
                let _ = copy.abort(e.to_string()).await;
                return Err(e.into());
            }
            copy.finish().await?;
            Ok(())
        })
    }

    async fn new_clocks_begin(&mut self) -> Result<(), StoreError> {
        sqlx::query("SET LOCAL fazhi.bulk_clocks = 'on'")
            .execute(&mut *self)
            .await?;
        Ok(())
    }

    async fn new_clocks_end(&mut self, register: &str, ids: &[i64]) -> Result<(), StoreError> {
        for statement in [NEW_RECORDS_DUE, NEW_RECORDS_COUNTED] {
            sqlx::query(statement)
                .bind(register)
                .bind(ids)
                .execute(&mut *self)
                .await?;
        }
        sqlx::query("SET LOCAL fazhi.bulk_clocks = 'off'")
            .execute(&mut *self)
            .await?;
        Ok(())
    }
}

/// Rows in PostgreSQL's `COPY` text format: values separated by tabs, rows ended by a newline,
/// NULL as `\N`, backslash, tab, newline and carriage return escaped with a backslash. The
/// server parses each value by its column's type, as it would an INSERT's literal.
pub(crate) struct CopyText {
    buf: Vec<u8>,
    per_row: usize,
    /// Values of the current row written so far.
    in_row: usize,
}

impl CopyText {
    fn new(values: usize, per_row: usize) -> Self {
        Self {
            buf: Vec::with_capacity(values * 12),
            per_row: per_row.max(1),
            in_row: 0,
        }
    }

    /// The text to send; an error if the last row is incomplete (a bug, not bad input).
    fn into_bytes(self) -> Result<Vec<u8>, StoreError> {
        if self.in_row != 0 {
            return Err(StoreError::Database(format!(
                "批量写入的最后一行只有 {} 个值,应为 {} 个",
                self.in_row, self.per_row
            )));
        }
        Ok(self.buf)
    }

    /// Starts a value: the separator after the previous one.
    fn open(&mut self) {
        if self.in_row > 0 {
            self.buf.push(b'\t');
        }
    }

    /// Ends a value, and the row after its last one.
    fn close(&mut self) {
        self.in_row += 1;
        if self.in_row == self.per_row {
            self.buf.push(b'\n');
            self.in_row = 0;
        }
    }

    fn null(&mut self) {
        self.open();
        self.buf.extend_from_slice(b"\\N");
        self.close();
    }

    fn text(&mut self, text: &str) {
        self.open();
        let bytes = text.as_bytes();
        let mut from = 0;
        for (i, byte) in bytes.iter().enumerate() {
            let escaped: &[u8] = match byte {
                b'\\' => b"\\\\",
                b'\t' => b"\\t",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                _ => continue,
            };
            self.buf.extend_from_slice(&bytes[from..i]);
            self.buf.extend_from_slice(escaped);
            from = i + 1;
        }
        self.buf.extend_from_slice(&bytes[from..]);
        self.close();
    }

    fn int(&mut self, value: i64) {
        self.open();
        // Writing into a Vec cannot fail.
        let _ = write!(self.buf, "{value}");
        self.close();
    }

    fn flag(&mut self, value: bool) {
        self.open();
        self.buf.push(if value { b't' } else { b'f' });
        self.close();
    }

    fn date(&mut self, date: NaiveDate) {
        self.open();
        let _ = write!(
            self.buf,
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month(),
            date.day()
        );
        self.close();
    }
}

impl PushValues for CopyText {
    fn push_date(
        &mut self,
        date: Option<NaiveDate>,
        _texts: &mut SharedTexts,
    ) -> Result<(), StoreError> {
        match date {
            Some(d) => self.date(d),
            None => self.null(),
        }
        Ok(())
    }

    fn push_value(
        &mut self,
        kind: FieldKind,
        value: Value,
        _texts: &mut SharedTexts,
    ) -> Result<(), StoreError> {
        match (value, kind) {
            (Value::Text(text), FieldKind::Link) => return Err(unresolved_link(&text)),
            (Value::Text(s), _) => self.text(&s),
            (Value::Date(d), _) => self.date(d),
            (Value::Fen(i) | Value::Int(i), _) => self.int(i),
            (Value::Bool(b), _) => self.flag(b),
            (Value::Null, _) => self.null(),
        }
        Ok(())
    }
}

impl ImportArgs for CopyText {
    fn push_int(&mut self, value: i64) -> Result<(), StoreError> {
        self.int(value);
        Ok(())
    }

    fn push_text(&mut self, value: Arc<str>) -> Result<(), StoreError> {
        self.text(&value);
        Ok(())
    }

    fn push_flag(&mut self, value: bool) -> Result<(), StoreError> {
        self.flag(value);
        Ok(())
    }

    fn push_note(&mut self, value: Option<String>) -> Result<(), StoreError> {
        match value {
            Some(text) => self.text(&text),
            None => self.null(),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_rows_ended() {
        let mut rows = CopyText::new(6, 3);
        let mut texts = SharedTexts::default();
        rows.push_int(7).unwrap();
        rows.push_text("甲\t乙\\丙\n丁\r".into()).unwrap();
        rows.push_note(None).unwrap();
        rows.push_flag(true).unwrap();
        let date = NaiveDate::from_ymd_opt(2024, 3, 9).unwrap();
        rows.push_value(FieldKind::Date, Value::Date(date), &mut texts)
            .unwrap();
        rows.push_value(FieldKind::Bool, Value::Null, &mut texts)
            .unwrap();
        assert_eq!(
            String::from_utf8(rows.into_bytes().unwrap()).unwrap(),
            "7\t甲\\t乙\\\\丙\\n丁\\r\t\\N\nt\t2024-03-09\t\\N\n"
        );
    }

    #[test]
    fn an_incomplete_row_is_refused() {
        let mut rows = CopyText::new(2, 2);
        rows.push_int(1).unwrap();
        assert!(rows.into_bytes().is_err());
    }

    #[test]
    fn an_unresolved_link_is_refused() {
        let mut rows = CopyText::new(1, 1);
        let err = rows
            .push_value(
                FieldKind::Link,
                Value::Text("X-1".into()),
                &mut SharedTexts::default(),
            )
            .unwrap_err();
        assert!(err.to_string().contains("X-1"));
    }
}
