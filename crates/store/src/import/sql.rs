//! 导入的语句 — the SQL texts of one import, assembled once from the definition's constant
//! names: the multi-row INSERTs of records and clocks, the UPDATE, the lookup of stored keys,
//! the link checks.

use std::collections::HashMap;

use fazhi_domain::register::{FieldDef, RegisterDef};

use crate::bind::fields_by_key;
use crate::keys;
use crate::links::LinkSql;
use crate::register::field_list;

/// Placeholder `i` of a long multi-row statement: `$i` on PostgreSQL, `?` on SQLite, whose
/// numbered-parameter lookup is linear per parameter (quadratic for a 24,000-parameter INSERT:
/// 1.8 s per 1,000 rows measured, against milliseconds with anonymous `?`).
fn placeholder(anonymous: bool, i: usize) -> String {
    if anonymous {
        "?".to_owned()
    } else {
        format!("${i}")
    }
}

/// SQL texts of one import, assembled once from the definition's constant names.
pub(crate) struct Sql {
    /// Anonymous `?` placeholders in the long statements (SQLite).
    pub(crate) anonymous: bool,
    /// Regions whose table had no record when the import began.
    pub(crate) empty_at_start: HashMap<String, bool>,
    pub(crate) key_scan: String,
    /// One id of a region's records, if any (`$1`: region).
    pub(crate) any_in_region: String,
    /// The record links' lookups.
    pub(crate) links: Vec<LinkSql>,
    pub(crate) insert_rows: usize,
    pub(crate) insert: HashMap<usize, String>,
    pub(crate) update: String,
    pub(crate) params_per_row: usize,
    /// The register's fields in the order of their keys, which is the order of a record's
    /// values: a row's values are taken in one walk instead of a lookup per field.
    pub(crate) fields_by_key: Vec<&'static FieldDef>,
    /// `fields_by_key` as the column list of the INSERT.
    pub(crate) columns: String,
    /// The `COPY` of new records (PostgreSQL).
    pub(crate) copy: String,
}

impl Sql {
    pub(crate) fn new(def: &'static RegisterDef, anonymous: bool) -> Self {
        let fields_by_key = fields_by_key(def);
        let params_per_row = 5 + def.fields.len();
        let sets = def
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{} = ${}", f.key, i + 5))
            .collect::<Vec<_>>()
            .join(", ");
        let columns = fields_by_key
            .iter()
            .map(|f| f.key)
            .collect::<Vec<_>>()
            .join(", ");
        Self {
            anonymous,
            empty_at_start: HashMap::new(),
            key_scan: keys::scan_sql(def),
            any_in_region: format!(
                "SELECT id FROM {} WHERE region_code = $1 LIMIT 1",
                def.table
            ),
            links: LinkSql::of(def),
            // SQLite allows 32766 bound parameters per statement.
            insert_rows: (32_000 / params_per_row).min(1000),
            insert: HashMap::new(),
            update: format!(
                "UPDATE {} SET region_code = $1, org_id = $2, updated_at = $3, {sets} WHERE id = $4",
                def.table
            ),
            params_per_row,
            copy: format!(
                "COPY {} (id, region_code, org_id, created_at, updated_at, {columns}) FROM STDIN",
                def.table
            ),
            columns,
            fields_by_key,
        }
    }

    /// The statement that writes `rows` new records: a multi-row INSERT, or the `COPY` when
    /// `copies` (the whole chunk in one statement).
    pub(crate) fn new_records(&mut self, def: &RegisterDef, rows: usize, copies: bool) -> String {
        if copies {
            self.copy.clone()
        } else {
            self.insert(def, rows)
        }
    }

    fn insert(&mut self, def: &RegisterDef, rows: usize) -> String {
        let per_row = self.params_per_row;
        let columns = &self.columns;
        let anonymous = self.anonymous;
        self.insert
            .entry(rows)
            .or_insert_with(|| {
                let values = values_rows(rows, per_row, anonymous);
                format!(
                    "INSERT INTO {} (id, region_code, org_id, created_at, updated_at, {columns}) \
                     VALUES {values}",
                    def.table
                )
            })
            .clone()
    }

    pub(crate) fn existing(&self, def: &RegisterDef, keys: usize) -> String {
        let list = (0..keys)
            .map(|i| placeholder(self.anonymous, i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "SELECT r.id, r.org_id, {} FROM {} r WHERE r.region_code = {} AND r.{} IN ({list})",
            field_list(def, "r."),
            def.table,
            placeholder(self.anonymous, 1),
            def.natural_key
        )
    }
}

/// `($1, $2, …), ($n+1, …)` — the VALUES list of a multi-row INSERT.
fn values_rows(rows: usize, per_row: usize, anonymous: bool) -> String {
    (0..rows)
        .map(|r| {
            let cells = (1..=per_row)
                .map(|c| placeholder(anonymous, r * per_row + c))
                .collect::<Vec<_>>()
                .join(", ");
            format!("({cells})")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) const CLOCK_COLUMNS: usize = 14;
pub(crate) const CLOCK_ROWS: usize = 1000;

/// `deadline`'s columns as the import writes them.
const CLOCK_COLUMN_LIST: &str = "region_code, org_id, register, record_id, label, rule, \
     start_date, extended, due_date, done_date, problem, restart_date, pause_from, pause_to";

/// The statement that writes `rows` new clocks: a multi-row INSERT, or a `COPY` when `copies`.
pub(crate) fn new_clocks_sql(rows: usize, anonymous: bool, copies: bool) -> String {
    if copies {
        return format!("COPY deadline ({CLOCK_COLUMN_LIST}) FROM STDIN");
    }
    let values = values_rows(rows, CLOCK_COLUMNS, anonymous);
    format!("INSERT INTO deadline ({CLOCK_COLUMN_LIST}) VALUES {values}")
}
