//! 绑定 — a register's values as statement arguments, the one mapping every write path uses
//! (the form's create and update, the bulk import, the indicator benchmark's seeding): text,
//! dates, amounts in 分, flags, and NULL typed by the field's kind.
//!
//! Arguments are filled in place and then handed to `query_with`: a by-value `Query::bind`
//! chain moved the whole query for each value, which an import's statements (~32,000 values
//! each) paid for millions of times.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use fazhi_domain::register::{FieldDef, FieldKind, Record, RegisterDef, Value};

use crate::StoreError;

/// Shared texts of values bound over and over (dates, clock labels and rules): bound as
/// `Arc<str>`, a value costs a reference count instead of an allocation.
#[derive(Default)]
pub(crate) struct SharedTexts {
    dates: HashMap<NaiveDate, Arc<str>>,
    labels: HashMap<&'static str, Arc<str>>,
}

impl SharedTexts {
    /// A date as SQLite stores it (`YYYY-MM-DD`, the text sqlx writes for a `NaiveDate`).
    pub(crate) fn date(&mut self, date: NaiveDate) -> Arc<str> {
        self.dates
            .entry(date)
            .or_insert_with(|| date.format("%Y-%m-%d").to_string().into())
            .clone()
    }

    pub(crate) fn label(&mut self, label: &'static str) -> Arc<str> {
        self.labels
            .entry(label)
            .or_insert_with(|| label.into())
            .clone()
    }
}

/// What takes a register's values, per backend: statement arguments (SQLite takes dates as
/// shared text, PostgreSQL as `date`) or PostgreSQL's `COPY` text (`import::copy_rows`).
pub(crate) trait PushValues {
    fn push_date(
        &mut self,
        date: Option<NaiveDate>,
        texts: &mut SharedTexts,
    ) -> Result<(), StoreError>;

    /// A field's value; `Null` is bound with the SQL type of the field's kind (PostgreSQL
    /// needs typed NULLs).
    fn push_value(
        &mut self,
        kind: FieldKind,
        value: Value,
        texts: &mut SharedTexts,
    ) -> Result<(), StoreError>;
}

/// Statement arguments that take any value the backend encodes, besides register values.
pub(crate) trait BindValues: PushValues {
    type Db: sqlx::Database;

    fn push<T>(&mut self, value: T) -> Result<(), StoreError>
    where
        T: for<'q> sqlx::Encode<'q, Self::Db> + sqlx::Type<Self::Db>;
}

/// The error of a link whose text was not resolved to a record id before writing.
pub(crate) fn unresolved_link(text: &str) -> StoreError {
    StoreError::Database(format!("关联记录「{text}」未解析为记录号"))
}

macro_rules! bind_values_impl {
    ($db:ty, $args:ty, $date:ident, $texts:ident => $bind_date:expr) => {
        impl BindValues for $args {
            type Db = $db;

            fn push<T>(&mut self, value: T) -> Result<(), StoreError>
            where
                T: for<'q> sqlx::Encode<'q, $db> + sqlx::Type<$db>,
            {
                sqlx::Arguments::add(self, value)
                    .map_err(|e| StoreError::Database(format!("无法写入记录的值:{e}")))
            }
        }

        impl PushValues for $args {
            fn push_date(
                &mut self,
                $date: Option<NaiveDate>,
                $texts: &mut SharedTexts,
            ) -> Result<(), StoreError> {
                self.push($bind_date)
            }

            fn push_value(
                &mut self,
                kind: FieldKind,
                value: Value,
                texts: &mut SharedTexts,
            ) -> Result<(), StoreError> {
                match (value, kind) {
                    // A link is written as the id it was resolved to (`crate::links`), never
                    // as the text typed: a BIGINT column on SQLite would take the text.
                    (Value::Text(text), FieldKind::Link) => Err(unresolved_link(&text)),
                    (Value::Text(s), _) => self.push(s),
                    (Value::Date(d), _) => self.push_date(Some(d), texts),
                    (Value::Fen(i) | Value::Int(i), _) => self.push(i),
                    (Value::Bool(b), _) => self.push(b),
                    (Value::Null, FieldKind::Date) => self.push_date(None, texts),
                    (
                        Value::Null,
                        FieldKind::Amount | FieldKind::Integer { .. } | FieldKind::Link,
                    ) => self.push(None::<i64>),
                    (Value::Null, FieldKind::Bool) => self.push(None::<bool>),
                    (Value::Null, _) => self.push(None::<String>),
                }
            }
        }
    };
}

bind_values_impl!(sqlx::Sqlite, sqlx::sqlite::SqliteArguments, date, texts =>
    date.map(|d| texts.date(d)));
bind_values_impl!(sqlx::Postgres, sqlx::postgres::PgArguments, date, _texts => date);

/// What makes empty arguments (room for `n` values) for statements on `executor`'s backend.
/// A function, so that making them holds no borrow of a connection while a statement runs.
pub(crate) fn arguments_for<'e, E: sqlx::Executor<'e>>(
    _executor: &E,
) -> fn(usize) -> <E::Database as sqlx::Database>::Arguments {
    |n| {
        let mut args = <E::Database as sqlx::Database>::Arguments::default();
        sqlx::Arguments::reserve(&mut args, n, 0);
        args
    }
}

/// Pushes `record`'s values in the order of the definition's fields (copied).
pub(crate) fn push_fields<A: PushValues>(
    args: &mut A,
    def: &RegisterDef,
    record: &Record,
) -> Result<(), StoreError> {
    let mut texts = SharedTexts::default();
    for field in def.fields {
        args.push_value(field.kind, record.get(field.key).clone(), &mut texts)?;
    }
    Ok(())
}

/// The definition's fields in the order of their keys, which is the order of a record's
/// values (see [`push_record`]).
pub(crate) fn fields_by_key(def: &'static RegisterDef) -> Vec<&'static FieldDef> {
    let mut fields: Vec<&'static FieldDef> = def.fields.iter().collect();
    fields.sort_unstable_by_key(|f| f.key);
    fields
}

/// Pushes a record's values in the order of `fields` (sorted by key), moving them out of the
/// record in one walk instead of a lookup per field; a field without a value is NULL.
pub(crate) fn push_record<A: PushValues>(
    args: &mut A,
    fields: &[&'static FieldDef],
    record: &mut Record,
    texts: &mut SharedTexts,
) -> Result<(), StoreError> {
    let mut values = std::mem::take(&mut record.values).into_iter().peekable();
    for field in fields {
        while values.next_if(|(key, _)| *key < field.key).is_some() {}
        let value = values
            .next_if(|(key, _)| *key == field.key)
            .map_or(Value::Null, |(_, value)| value);
        args.push_value(field.kind, value, texts)?;
    }
    Ok(())
}
