//! 批量导入 — writes a stream of parsed register rows in one transaction: the same stored
//! result as [`ScopedStore::create_record`] / [`ScopedStore::update_record`] row by row
//! (natural keys generated as `<org>-<year>-<seq>`, statutory clocks in `deadline`, link and
//! certificate checks, scope), but with multi-row INSERTs, one `data_generation` bump and one
//! audit entry for the whole batch.
//!
//! The rows arrive in chunks through a bounded channel while the file is still being read, so
//! memory stays bounded. Every row is checked; after the first problem nothing more is written
//! but checking goes on, so the clerk sees every problem at once, and the transaction is rolled
//! back: a file is imported whole or not at all. Records whose natural key already exists are
//! updated when their values differ and counted as unchanged otherwise.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use fazhi_calendar::DeadlineEngine;
use fazhi_domain::audit::AuditAction;
use fazhi_domain::register::{FieldDef, FieldKind, LinkCheck, Record, RegisterDef, Value};
use serde::Serialize;
use sqlx::{AssertSqlSafe, Row};

use crate::audit::audit_append;
use crate::bind::{
    BindValues, SharedTexts, arguments_for, fields_by_key, push_fields, push_record,
};
use crate::db::Db;
use crate::deadline::{ClockRow, clocks, read_engine, store_clocks};
use crate::generation::bump_generation;
use crate::keys;
use crate::register::{decode_record, field_list};
use crate::scope::SCOPE_CTE;
use crate::{ScopedStore, StoreError, StoredRecord};

/// The pseudo field key of the unit column (单位代码) in problems.
pub const ORG_FIELD: &str = "org";

/// At most this many problems are listed; the rest are counted.
pub const MAX_LISTED_PROBLEMS: usize = 1000;

/// Size of the pieces in which a kept file is stored.
pub(crate) const FILE_CHUNK: usize = 1 << 20;

/// One parsed row of a file: its row number as the clerk sees it in Excel, the unit named in
/// the row (else the import's default unit) and the parsed record.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub line: u64,
    pub org_code: Option<String>,
    pub record: Record,
}

/// 导入问题 — one problem of one row: which field (key, [`ORG_FIELD`], or empty for the file
/// or row as a whole), the value as given and what is wrong, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    pub line: u64,
    pub field: &'static str,
    pub value: String,
    pub message: String,
}

/// A piece of the file as the reader hands it over: rows that parsed, and the problems of
/// those that did not.
#[derive(Debug, Default)]
pub struct ImportChunk {
    pub rows: Vec<ImportRow>,
    pub problems: Vec<ImportProblem>,
}

/// The uploaded file, kept with the batch.
#[derive(Debug, Clone)]
pub struct KeptFile {
    pub name: String,
    pub path: PathBuf,
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The unit of rows that name none (`--org`).
    pub default_org: Option<String>,
    /// Check everything, count what would change, write nothing.
    pub dry_run: bool,
    /// The file to keep with the batch (none: nothing kept, e.g. tests).
    pub file: Option<KeptFile>,
}

/// 导入结果.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportOutcome {
    /// The batch (`import_batch.id`) when committed.
    pub batch_id: Option<i64>,
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// The first [`MAX_LISTED_PROBLEMS`] problems in row order.
    pub problems: Vec<ImportProblem>,
    /// All problems, listed or not.
    pub problem_count: u64,
    /// True when the rows were written (no problem and not a dry run).
    pub committed: bool,
    pub file_sha256: Option<String>,
}

impl ImportOutcome {
    pub(crate) fn add_problem(&mut self, problem: ImportProblem) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED_PROBLEMS {
            self.problems.push(problem);
        }
    }
}

/// Ids as ascending ranges (`1-1500000,1500007`), for the batch's audit entry.
#[derive(Debug, Default)]
pub(crate) struct IdRanges(Vec<(i64, i64)>);

impl IdRanges {
    pub(crate) fn push(&mut self, id: i64) {
        match self.0.last_mut() {
            Some((_, end)) if *end + 1 == id => *end = id,
            _ => self.0.push((id, id)),
        }
    }

    pub(crate) fn text(&mut self) -> String {
        self.0.sort_unstable();
        self.0
            .iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}-{b}")
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// A unit rows may name: id and region.
#[derive(Debug, Clone)]
struct Unit {
    id: i64,
    code: Arc<str>,
    region: Arc<str>,
}

/// A checked row ready to be compared with the stored one and written.
struct Prepared {
    line: u64,
    unit: Unit,
    key: String,
    /// The key was generated here: the row is new whatever is stored.
    generated: bool,
    record: Record,
    clocks: Vec<ClockRow>,
}

/// A row that passed the checks needing no database, with its statutory clocks.
struct Checked {
    line: u64,
    unit: Unit,
    record: Record,
    clocks: Vec<ClockRow>,
}

/// Stored records by region and natural key: id, unit id, record.
type Existing = HashMap<String, HashMap<String, (i64, i64, Record)>>;

/// What a chunk does to the table.
#[derive(Default)]
struct Plan {
    inserts: Vec<Prepared>,
    updates: Vec<(i64, Prepared)>,
}

/// The natural keys seen so far in a file, as 64-bit hashes with the row each came from, for
/// the duplicate check. Twelve bytes an entry (the hash's two halves and a `u32` row number,
/// align 4) instead of the sixteen of a `HashMap<u64, u64>`: the table is the one part of an
/// import's memory that grows with the file. By size, 10 M rows take ~220 MB (~330 MB while
/// the table doubles) against ~285 (~430) MB; measured, the peak of a 10 M-row import fell from
/// 621 to 525 MB.
#[derive(Default)]
struct SeenKeys(hashbrown::HashTable<[u32; 3]>);

impl SeenKeys {
    /// Notes `hash` at `line`; returns the first line it was seen at, if any.
    fn insert(&mut self, hash: u64, line: u64) -> Option<u64> {
        let halves = [(hash >> 32) as u32, hash as u32];
        if let Some(seen) = self.0.find(hash, |e| e[..2] == halves) {
            return Some(u64::from(seen[2]));
        }
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        self.0
            .insert_unique(hash, [halves[0], halves[1], line], |e| {
                (u64::from(e[0]) << 32) | u64::from(e[1])
            });
        None
    }
}

/// The hash of a natural key in a region, as [`SeenKeys`] holds it.
fn key_hash(region: &str, key: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    (region, key).hash(&mut hasher);
    hasher.finish()
}

/// The import's state apart from the connection.
struct Ctx {
    def: &'static RegisterDef,
    units: HashMap<String, Unit>,
    default_unit: Option<Unit>,
    /// Issued certificates and their issue dates (registers that name officers only).
    certificates: Option<HashMap<String, Option<NaiveDate>>>,
    /// Hashes of the natural keys seen so far in the file, with their row numbers.
    seen_keys: SeenKeys,
    /// Next sequence number per generated key prefix (region, `<org>-<year>-`).
    key_counters: HashMap<(String, String), i64>,
    engine: DeadlineEngine,
    dry_run: bool,
    outcome: ImportOutcome,
    created_ids: IdRanges,
    updated_ids: IdRanges,
    /// The before-image of every updated record ([`Ctx::before_image`]), for the audit.
    before_images: Vec<serde_json::Value>,
    /// SQLite: the next free id of the register table (read once, then counted here: the
    /// import holds the write lock from its first statement).
    next_id: Option<i64>,
    dates: SharedTexts,
    now: String,
}

impl Ctx {
    fn writing(&self) -> bool {
        !self.dry_run && self.outcome.problem_count == 0
    }

    /// Takes a chunk from the reader: its problems, and its rows checked with [`Ctx::check`].
    fn take(&mut self, chunk: ImportChunk) -> Vec<Checked> {
        for problem in chunk.problems {
            self.outcome.add_problem(problem);
        }
        self.outcome.rows += chunk.rows.len() as u64;
        chunk
            .rows
            .into_iter()
            .filter_map(|row| self.check(row))
            .collect()
    }

    /// Checks that need no database (unit, certificates, duplicate keys within the file) and
    /// computes the row's statutory clocks.
    fn check(&mut self, row: ImportRow) -> Option<Checked> {
        let unit = match &row.org_code {
            Some(code) => self.units.get(code.trim()).cloned().ok_or_else(|| {
                (
                    code.clone(),
                    "不存在或不在您的数据范围内,应为您可录入的单位代码".to_owned(),
                )
            }),
            None => self.default_unit.clone().ok_or_else(|| {
                (
                    String::new(),
                    "未填写单位代码,也未指定默认单位(--org)".to_owned(),
                )
            }),
        };
        let unit = match unit {
            Ok(unit) => unit,
            Err((value, message)) => {
                self.outcome.add_problem(ImportProblem {
                    line: row.line,
                    field: ORG_FIELD,
                    value,
                    message,
                });
                return None;
            }
        };
        let mut ok = self.check_certificates(row.line, &row.record);
        if let Some(key) = row.record.text(self.def.natural_key)
            && let Some(first) = self.seen_keys.insert(key_hash(&unit.region, key), row.line)
        {
            self.outcome.add_problem(ImportProblem {
                line: row.line,
                field: self.def.natural_key,
                value: key.to_owned(),
                message: format!("与第{first}行重复,同一编号在文件中只能出现一次"),
            });
            ok = false;
        }
        ok.then(|| Checked {
            line: row.line,
            clocks: clocks(&self.engine, self.def, &row.record),
            unit,
            record: row.record,
        })
    }

    fn check_certificates(&mut self, line: u64, record: &Record) -> bool {
        let Some(issued) = &self.certificates else {
            return true;
        };
        let mut ok = true;
        for link in self.def.links {
            let LinkCheck::ValidCertificates {
                field,
                on_date_field,
            } = *link
            else {
                continue;
            };
            let Some(list) = record.text(field) else {
                continue;
            };
            let on = record.date(on_date_field);
            for number in list
                .split([',', '\u{FF0C}', '\u{3001}'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                let valid = issued.get(number).is_some_and(|issued| match (issued, on) {
                    (Some(issued), Some(on)) => *issued <= on,
                    _ => true,
                });
                if !valid {
                    self.outcome.add_problem(ImportProblem {
                        line,
                        field,
                        value: number.to_owned(),
                        message: "不是有效的执法证号(须已发证且未注销),持证人员才能办案(行政处罚法第四十二条)".into(),
                    });
                    ok = false;
                }
            }
        }
        ok
    }

    /// Sorts checked rows into inserts, updates and unchanged against the stored records
    /// (`existing`: region → natural key → id, unit id, record).
    fn plan(&mut self, rows: Vec<Prepared>, existing: &Existing, in_scope: &HashSet<i64>) -> Plan {
        let mut plan = Plan::default();
        for row in rows {
            let stored = existing
                .get(&*row.unit.region)
                .and_then(|by_key| by_key.get(&row.key));
            match stored {
                Some(_) if row.generated => {
                    // A generated key names a new record: finding it stored means the
                    // generator went wrong, and the row must not overwrite that record.
                    self.outcome.add_problem(ImportProblem {
                        line: row.line,
                        field: self.def.natural_key,
                        value: row.key.clone(),
                        message: "自动生成的编号与已有记录重复,本行未导入,请填写编号后重试".into(),
                    });
                }
                Some((id, org_id, stored)) => {
                    if !in_scope.contains(org_id) {
                        let label = self
                            .def
                            .field(self.def.natural_key)
                            .map_or("编号", |f| f.label);
                        self.outcome.add_problem(ImportProblem {
                            line: row.line,
                            field: self.def.natural_key,
                            value: row.key.clone(),
                            message: format!("该「{label}」已被您数据范围以外的单位使用"),
                        });
                    } else if *org_id == row.unit.id && *stored == row.record {
                        self.outcome.unchanged += 1;
                    } else {
                        self.outcome.updated += 1;
                        if self.writing() {
                            self.before_images
                                .push(self.before_image(*id, *org_id, stored, &row));
                        }
                        plan.updates.push((*id, row));
                    }
                }
                None => {
                    self.outcome.created += 1;
                    plan.inserts.push(row);
                }
            }
        }
        plan
    }
}

impl Ctx {
    /// 修改前像 — what an update changes, as it was: the record's id, its unit when the row
    /// moves it, and the stored value of every field whose value differs. With the values
    /// after the import (the record as written) this is the whole previous record, at a
    /// fraction of its size.
    fn before_image(
        &self,
        id: i64,
        org_id: i64,
        stored: &Record,
        row: &Prepared,
    ) -> serde_json::Value {
        let values: serde_json::Map<String, serde_json::Value> = self
            .def
            .fields
            .iter()
            .filter(|f| stored.get(f.key) != row.record.get(f.key))
            .map(|f| {
                let old = serde_json::to_value(stored.get(f.key)).unwrap_or_default();
                (f.key.to_owned(), old)
            })
            .collect();
        let mut image = serde_json::json!({"id": id, "values": values});
        if org_id != row.unit.id {
            let old_org = self.units.values().find(|u| u.id == org_id);
            image["org"] = serde_json::json!(old_org.map(|u| &*u.code));
        }
        image
    }
}

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
struct Sql {
    /// Anonymous `?` placeholders in the long statements (SQLite).
    anonymous: bool,
    /// Regions whose table had no record when the import began.
    empty_at_start: HashMap<String, bool>,
    key_scan: String,
    link_in_scope: Vec<(&'static str, String)>,
    insert_rows: usize,
    insert: HashMap<usize, String>,
    update: String,
    params_per_row: usize,
    /// The register's fields in the order of their keys, which is the order of a record's
    /// values: a row's values are taken in one walk instead of a lookup per field.
    fields_by_key: Vec<&'static FieldDef>,
    /// `fields_by_key` as the column list of the INSERT.
    columns: String,
}

impl Sql {
    fn new(def: &'static RegisterDef, anonymous: bool) -> Self {
        let fields_by_key = fields_by_key(def);
        let params_per_row = 5 + def.fields.len();
        let link_in_scope = def
            .links
            .iter()
            .filter_map(|link| match *link {
                LinkCheck::Record { field, target } => {
                    let target = fazhi_domain::register::by_key(target)?;
                    Some((
                        field,
                        format!(
                            "{SCOPE_CTE} SELECT COUNT(*) FROM {} r WHERE r.id = $3 \
                             AND ($2 = 'all' OR r.org_id IN (SELECT id FROM scope_ids))",
                            target.table
                        ),
                    ))
                }
                LinkCheck::ValidCertificates { .. } => None,
            })
            .collect();
        let sets = def
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{} = ${}", f.key, i + 5))
            .collect::<Vec<_>>()
            .join(", ");
        Self {
            anonymous,
            empty_at_start: HashMap::new(),
            key_scan: keys::scan_sql(def),
            link_in_scope,
            // SQLite allows 32766 bound parameters per statement.
            insert_rows: (32_000 / params_per_row).min(1000),
            insert: HashMap::new(),
            update: format!(
                "UPDATE {} SET region_code = $1, org_id = $2, updated_at = $3, {sets} WHERE id = $4",
                def.table
            ),
            params_per_row,
            columns: fields_by_key
                .iter()
                .map(|f| f.key)
                .collect::<Vec<_>>()
                .join(", "),
            fields_by_key,
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

    fn existing(&self, def: &RegisterDef, keys: usize) -> String {
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

const CLOCK_COLUMNS: usize = 11;
const CLOCK_ROWS: usize = 1000;

fn clock_insert_sql(rows: usize, anonymous: bool) -> String {
    let values = values_rows(rows, CLOCK_COLUMNS, anonymous);
    format!(
        "INSERT INTO deadline (region_code, org_id, register, record_id, label, rule, \
         start_date, extended, due_date, done_date, problem) VALUES {values}"
    )
}

/// Fills generated natural keys and checks record links, inside the transaction.
macro_rules! complete_rows {
    ($conn:expr, $ctx:expr, $sql:expr, $scope:expr, $checked:expr) => {{
        let mut ready: Vec<Prepared> = Vec::with_capacity($checked.len());
        for Checked { line, unit, mut record, clocks } in $checked {
            let generated = record.get($ctx.def.natural_key).is_null();
            if generated {
                let prefix = keys::key_prefix($ctx.def, &unit.code, &record);
                let counter_key = (unit.region.to_string(), prefix.clone());
                let mut next = match $ctx.key_counters.get(&counter_key) {
                    Some(n) => *n,
                    None => keys::next_key_number!($conn, $sql.key_scan, &*unit.region, &prefix),
                };
                // Skip keys the file names itself (rows checked so far); a later row naming
                // the generated key is then a repeat within the file, not an update of it.
                let mut key = keys::key_with(&prefix, next);
                while $ctx.seen_keys.insert(key_hash(&unit.region, &key), line).is_some() {
                    next += 1;
                    key = keys::key_with(&prefix, next);
                }
                $ctx.key_counters.insert(counter_key, next + 1);
                record.set($ctx.def.natural_key, Value::Text(key));
            }
            let mut linked_ok = true;
            for (field, link_sql) in &$sql.link_in_scope {
                let Some(id) = record.get(field).as_int() else {
                    continue;
                };
                let n: i64 = sqlx::query_scalar(AssertSqlSafe(link_sql.clone()))
                    .bind($scope.0)
                    .bind($scope.1)
                    .bind(id)
                    .fetch_one(&mut *$conn)
                    .await?;
                if n == 0 {
                    $ctx.outcome.add_problem(ImportProblem {
                        line,
                        field: *field,
                        value: id.to_string(),
                        message: "不存在或不在您的数据范围内(应为所链接登记簿的记录编号)".into(),
                    });
                    linked_ok = false;
                }
            }
            if linked_ok {
                let key = record.text($ctx.def.natural_key).unwrap_or_default().to_owned();
                ready.push(Prepared {
                    line,
                    unit,
                    key,
                    generated,
                    record,
                    clocks,
                });
            }
        }
        ready
    }};
}

/// The stored records with the natural keys of `$rows`, by (region, key).
macro_rules! load_existing {
    ($conn:expr, $def:expr, $sql:expr, $rows:expr) => {{
        let mut by_region: HashMap<&str, Vec<&str>> = HashMap::new();
        for row in $rows.iter() {
            by_region
                .entry(&*row.unit.region)
                .or_default()
                .push(row.key.as_str());
        }
        let mut found = Existing::new();
        for (region, keys) in by_region {
            // A region with no record when the import began has nothing to update (keys
            // repeated within the file are refused earlier): no lookups.
            let empty = match $sql.empty_at_start.get(region) {
                Some(empty) => *empty,
                None => {
                    let any: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
                        "SELECT id FROM {} WHERE region_code = $1 LIMIT 1",
                        $def.table
                    )))
                    .bind(region)
                    .fetch_optional(&mut *$conn)
                    .await?;
                    $sql.empty_at_start.insert(region.to_owned(), any.is_none());
                    any.is_none()
                }
            };
            if empty {
                continue;
            }
            for part in keys.chunks(1000) {
                let mut query =
                    sqlx::query(AssertSqlSafe($sql.existing($def, part.len()))).bind(region);
                for key in part {
                    query = query.bind(*key);
                }
                for row in query.fetch_all(&mut *$conn).await? {
                    let id: i64 = row.try_get("id")?;
                    let org_id: i64 = row.try_get("org_id")?;
                    let record = decode_record!($def, &row);
                    let key = record.text($def.natural_key).unwrap_or_default().to_owned();
                    found
                        .entry(region.to_owned())
                        .or_default()
                        .insert(key, (id, org_id, record));
                }
            }
        }
        found
    }};
}

/// `$n` ids for new records of the register table: on SQLite counted on from the table's
/// largest id (and `sqlite_sequence`, as AUTOINCREMENT would), on PostgreSQL drawn from the
/// identity sequence. Known ids let a chunk's record and clock inserts be built without
/// waiting for `RETURNING`.
macro_rules! reserve_ids {
    ($conn:expr, $ctx:expr, $n:expr, $sqlite:expr) => {{
        let n = $n as i64;
        let table = $ctx.def.table;
        if $sqlite {
            let next = match $ctx.next_id {
                Some(next) => next,
                None => {
                    let last: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
                        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = $1), 0), \
                         COALESCE((SELECT MAX(id) FROM {table}), 0))"
                    )))
                    .bind(table)
                    .fetch_one(&mut *$conn)
                    .await?;
                    last + 1
                }
            };
            $ctx.next_id = Some(next + n);
            (next..next + n).collect::<Vec<i64>>()
        } else {
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)",
            )
            .bind(table)
            .bind(n)
            .fetch_all(&mut *$conn)
            .await?;
            if ids.len() as i64 != n {
                Err(StoreError::Database("无法为导入的记录分配编号".into()))?;
            }
            ids
        }
    }};
}

/// Polls `future` once. sqlx hands a query to the database on its first poll (SQLite: to the
/// connection's worker thread), so the caller can build the next statement meanwhile.
async fn poll_once<F: Future + Unpin>(future: &mut F) -> Option<F::Output> {
    std::future::poll_fn(|cx| {
        std::task::Poll::Ready(match std::pin::Pin::new(&mut *future).poll(cx) {
            std::task::Poll::Ready(v) => Some(v),
            std::task::Poll::Pending => None,
        })
    })
    .await
}

/// Waits for a statement started with [`poll_once`], if any (its result if it already
/// finished).
async fn settle<F, T, E>(in_flight: Option<(F, Option<Result<T, E>>)>) -> Result<(), E>
where
    F: Future<Output = Result<T, E>> + Unpin,
{
    if let Some((running, early)) = in_flight {
        match early {
            Some(result) => result,
            None => running.await,
        }?;
    }
    Ok(())
}

/// Writes a chunk's plan: multi-row inserts of the records and of their clocks, then the
/// updates. Each insert is built while the previous one runs; `$overlap` (taking the next
/// chunk from the reader and checking it) runs while the last one does.
macro_rules! write_plan {
    ($conn:expr, $ctx:expr, $sql:expr, $plan:expr, $sqlite:expr, $overlap:block) => {{
        let def = $ctx.def;
        let ids: Vec<i64> = if $plan.inserts.is_empty() {
            Vec::new()
        } else {
            reserve_ids!($conn, $ctx, $plan.inserts.len(), $sqlite)
        };
        let now: Arc<str> = $ctx.now.as_str().into();
        let register: Arc<str> = def.key.into();
        // The clocks leave the rows first: the record values are then moved into the
        // statement, not copied.
        let mut clock_rows: Vec<(i64, Unit, ClockRow)> = Vec::new();
        let mut rows: Vec<(Prepared, i64)> = Vec::with_capacity($plan.inserts.len());
        for (mut row, id) in std::mem::take(&mut $plan.inserts).into_iter().zip(ids) {
            $ctx.created_ids.push(id);
            for c in std::mem::take(&mut row.clocks) {
                clock_rows.push((id, row.unit.clone(), c));
            }
            rows.push((row, id));
        }
        let record_parts: Vec<&mut [(Prepared, i64)]> =
            rows.chunks_mut($sql.insert_rows).collect();
        let clock_parts: Vec<&[(i64, Unit, ClockRow)]> = clock_rows.chunks(CLOCK_ROWS).collect();
        let record_statements = record_parts.len();
        let mut record_parts = record_parts.into_iter();
        let mut clock_parts = clock_parts.into_iter();
        let new_args = arguments_for(&&mut *$conn);
        let mut in_flight = None;
        for j in 0..record_statements + clock_parts.len() {
            let (sql_text, args) = if j < record_statements {
                let part = record_parts.next().unwrap_or_default();
                let mut args = new_args(part.len() * $sql.params_per_row);
                for (row, id) in part.iter_mut() {
                    args.push(*id)?;
                    args.push(row.unit.region.clone())?;
                    args.push(row.unit.id)?;
                    args.push(now.clone())?;
                    args.push(now.clone())?;
                    push_record(&mut args, &$sql.fields_by_key, &mut row.record, &mut $ctx.dates)?;
                }
                ($sql.insert(def, part.len()), args)
            } else {
                let part = clock_parts.next().unwrap_or_default();
                let mut args = new_args(part.len() * CLOCK_COLUMNS);
                for (id, unit, c) in part {
                    args.push(unit.region.clone())?;
                    args.push(unit.id)?;
                    args.push(register.clone())?;
                    args.push(*id)?;
                    args.push($ctx.dates.label(c.label))?;
                    args.push($ctx.dates.label(c.rule))?;
                    args.push_date(Some(c.start), &mut $ctx.dates)?;
                    args.push(c.extended)?;
                    args.push_date(c.due, &mut $ctx.dates)?;
                    args.push_date(c.done, &mut $ctx.dates)?;
                    args.push(c.problem.clone())?;
                }
                (clock_insert_sql(part.len(), $sql.anonymous), args)
            };
            let query = sqlx::query_with(AssertSqlSafe(sql_text), args);
            // Moved into `settle`, so the borrow of the connection ends here.
            settle(in_flight).await?;
            let mut running = Box::pin(query.execute(&mut *$conn));
            let early = poll_once(&mut running).await;
            in_flight = Some((running, early));
        }
        $overlap
        settle(in_flight).await?;
        for (id, row) in &$plan.updates {
            let mut args = new_args($sql.params_per_row);
            args.push(row.unit.region.clone())?;
            args.push(row.unit.id)?;
            args.push(now.clone())?;
            args.push(*id)?;
            push_fields(&mut args, def, &row.record)?;
            sqlx::query_with(AssertSqlSafe($sql.update.clone()), args)
                .execute(&mut *$conn)
                .await?;
            store_clocks!($conn, &*row.unit.region, row.unit.id, def.key, *id, &row.clocks);
            $ctx.updated_ids.push(*id);
        }
    }};
}

/// Stores the kept file in pieces and returns its SHA-256 and size.
macro_rules! keep_file {
    ($conn:expr, $batch:expr, $path:expr) => {{
        use std::io::Read;
        let mut file = std::fs::File::open($path)
            .map_err(|e| StoreError::Database(format!("无法读取导入文件以便留存:{e}")))?;
        let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
        let mut size = 0_i64;
        let mut seq = 0_i64;
        let mut buf = vec![0_u8; $crate::import::FILE_CHUNK];
        loop {
            let mut filled = 0;
            while filled < $crate::import::FILE_CHUNK {
                let n = file
                    .read(&mut buf[filled..])
                    .map_err(|e| StoreError::Database(format!("无法读取导入文件以便留存:{e}")))?;
                if n == 0 {
                    break;
                }
                filled += n;
            }
            if filled == 0 {
                break;
            }
            sha2::Digest::update(&mut hasher, &buf[..filled]);
            size += filled as i64;
            sqlx::query("INSERT INTO import_file_chunk (batch_id, seq, data) VALUES ($1, $2, $3)")
                .bind($batch)
                .bind(seq)
                .bind(&buf[..filled])
                .execute(&mut *$conn)
                .await?;
            seq += 1;
            if filled < $crate::import::FILE_CHUNK {
                break;
            }
        }
        (hex::encode(sha2::Digest::finalize(hasher)), size)
    }};
}

pub(crate) use keep_file;

/// The batch row, the kept file, the generation bump and the audit entry.
macro_rules! finish_batch {
    ($conn:expr, $ctx:expr, $options:expr, $actor:expr, $region:expr, $register:expr, $table:expr) => {{
        let name = $options
            .file
            .as_ref()
            .map_or_else(|| "(无文件)".to_owned(), |f| f.name.clone());
        let batch: i64 = sqlx::query_scalar(
            "INSERT INTO import_batch (region_code, register, file_name, file_sha256, file_size, \
             rows_total, created_count, updated_count, unchanged_count, actor, created_at) \
             VALUES ($1, $2, $3, '', 0, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind($region.region.clone())
        .bind($register)
        .bind(&name)
        .bind(i64::try_from($ctx.outcome.rows).unwrap_or(i64::MAX))
        .bind(i64::try_from($ctx.outcome.created).unwrap_or(i64::MAX))
        .bind(i64::try_from($ctx.outcome.updated).unwrap_or(i64::MAX))
        .bind(i64::try_from($ctx.outcome.unchanged).unwrap_or(i64::MAX))
        .bind(&$actor)
        .bind(&$ctx.now)
        .fetch_one(&mut *$conn)
        .await?;
        let (sha, size) = match &$options.file {
            Some(file) => keep_file!($conn, batch, &file.path),
            None => (String::new(), 0),
        };
        sqlx::query("UPDATE import_batch SET file_sha256 = $1, file_size = $2 WHERE id = $3")
            .bind(&sha)
            .bind(size)
            .bind(batch)
            .execute(&mut *$conn)
            .await?;
        if $ctx.outcome.created + $ctx.outcome.updated > 0 {
            bump_generation!($conn, $table);
        }
        let after = serde_json::json!({
            "register": $register,
            "file": name,
            "sha256": &sha,
            "size": size,
            "rows": $ctx.outcome.rows,
            "created": $ctx.outcome.created,
            "updated": $ctx.outcome.updated,
            "unchanged": $ctx.outcome.unchanged,
            "created_ids": $ctx.created_ids.text(),
            "updated_ids": $ctx.updated_ids.text(),
        });
        let before = (!$ctx.before_images.is_empty()).then(|| {
            serde_json::json!({"register": $register, "records": std::mem::take(&mut $ctx.before_images)})
        });
        audit_append!($conn, $actor, AuditAction::Import, "import_batch", batch, $region.clone(),
            before.as_ref(), Some(&after));
        $ctx.outcome.batch_id = Some(batch);
        $ctx.outcome.file_sha256 = Some(sha);
    }};
}

/// The whole import on one connection inside a transaction.
macro_rules! import_body {
    ($conn:expr, $ctx:expr, $sql:expr, $scope:expr, $in_scope:expr, $rx:expr, $options:expr,
     $actor:expr, $region:expr, $rebuild:expr, $sqlite:expr) => {{
        let mut next = $rx.recv().await.map(|chunk| $ctx.take(chunk));
        while let Some(checked) = next.take() {
            let ready = complete_rows!($conn, $ctx, $sql, $scope, checked);
            let existing = load_existing!($conn, $ctx.def, $sql, ready);
            let mut plan = $ctx.plan(ready, &existing, &$in_scope);
            let mut fetched = false;
            if $ctx.writing() {
                if !plan.updates.is_empty() {
                    rebuild_indexes!($conn, $rebuild);
                }
                write_plan!($conn, $ctx, $sql, plan, $sqlite, {
                    next = $rx.recv().await.map(|chunk| $ctx.take(chunk));
                    fetched = true;
                });
                maybe_drop_indexes!($conn, $ctx, $rebuild, $sqlite);
            }
            if !fetched {
                next = $rx.recv().await.map(|chunk| $ctx.take(chunk));
            }
        }
        let commit = $ctx.writing();
        if commit {
            rebuild_indexes!($conn, $rebuild);
            let table = $ctx.def.table;
            let register = $ctx.def.key;
            finish_batch!($conn, $ctx, $options, $actor, $region, register, table);
        }
        $ctx.outcome.committed = commit;
        Ok::<bool, StoreError>(commit)
    }};
}

/// Runs `$body` (yielding `Result<bool, _>`: whether to commit) on the open transaction `$tx`,
/// then commits or rolls back.
macro_rules! commit_if {
    ($tx:ident, $conn:ident => $body:expr) => {{
        let commit = {
            let $conn = &mut *$tx;
            $body
        }?;
        if commit {
            $tx.commit().await?;
        } else {
            $tx.rollback().await?;
        }
    }};
}

/// Runs `$body` (which yields `Ok(commit)`) in a transaction; commits only when asked to.
macro_rules! in_tx_if {
    ($db:expr, $conn:ident => $body:expr) => {
        match $db {
            Db::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                $crate::import::commit_if!(tx, $conn => $body);
            }
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                $crate::import::commit_if!(tx, $conn => $body);
            }
        }
    };
}
pub(crate) use {commit_if, in_tx_if};

/// Page cache of the import's SQLite connection while it runs (KiB, SQLite's negative
/// `cache_size`): 128 MB instead of the pool's 64 MB, within the 500 MB budget of a
/// 1.5 M-row import; set back when the import ends.
const IMPORT_CACHE_KIB: i64 = 131_072;

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
struct IndexRebuild {
    /// Dropped indexes (name, `CREATE INDEX` text), to re-create before the commit.
    dropped: Vec<(String, String)>,
    /// Rows in the register table when first looked at.
    rows_at_start: Option<u64>,
    /// Set once the indexes were rebuilt (an update needed them): not dropped again.
    done: bool,
}

/// What a backend does about secondary indexes during a bulk import.
trait BulkIndexes {
    /// Rows in `table`.
    async fn count_rows(&mut self, table: &str) -> Result<u64, StoreError>;
    /// Drops the non-unique, non-partial indexes of `table` and returns them; nothing on
    /// PostgreSQL.
    async fn drop_secondary(&mut self, table: &str) -> Result<Vec<(String, String)>, StoreError>;
    /// Re-creates dropped indexes.
    async fn recreate(&mut self, dropped: &[(String, String)]) -> Result<(), StoreError>;
}

impl BulkIndexes for sqlx::SqliteConnection {
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
        Ok(indexes)
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

impl BulkIndexes for sqlx::PgConnection {
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

/// After a chunk was written: drops the secondary indexes once the rows inserted outnumber
/// the rows the register table held (so a rebuild costs at most about twice what was imported).
macro_rules! maybe_drop_indexes {
    ($conn:expr, $ctx:expr, $rebuild:expr, $sqlite:expr) => {{
        if $sqlite
            && !$rebuild.done
            && $rebuild.dropped.is_empty()
            && $ctx.outcome.created >= REBUILD_MIN_ROWS
        {
            let records = match $rebuild.rows_at_start {
                Some(records) => records,
                None => {
                    // Rows written by this import so far are in the count: subtract them.
                    let records = BulkIndexes::count_rows(&mut *$conn, $ctx.def.table).await?;
                    let records = records.saturating_sub($ctx.outcome.created);
                    $rebuild.rows_at_start = Some(records);
                    records
                }
            };
            // `deadline` has only its unique key and partial indexes (open clocks): nothing
            // there to drop.
            if $ctx.outcome.created >= records {
                $rebuild.dropped = BulkIndexes::drop_secondary(&mut *$conn, $ctx.def.table).await?;
                $rebuild.done = $rebuild.dropped.is_empty();
            }
        }
    }};
}

/// Re-creates the dropped indexes (before updates, which look records and clocks up, and
/// before the commit).
macro_rules! rebuild_indexes {
    ($conn:expr, $rebuild:expr) => {{
        if !$rebuild.dropped.is_empty() {
            BulkIndexes::recreate(&mut *$conn, &$rebuild.dropped).await?;
            $rebuild.dropped.clear();
            $rebuild.done = true;
        }
    }};
}

/// The import's transaction. On SQLite the connection gets a larger page cache for the
/// import, set back afterwards whatever the outcome.
macro_rules! import_tx {
    ($db:expr, $writes:expr, $conn:ident, $sqlite:ident => $body:expr) => {
        match $db {
            Db::Sqlite(pool) => {
                let mut held = pool.acquire().await?;
                let cache: i64 = sqlx::query_scalar("PRAGMA cache_size")
                    .fetch_one(&mut *held)
                    .await?;
                let temp_store: i64 = sqlx::query_scalar("PRAGMA temp_store")
                    .fetch_one(&mut *held)
                    .await?;
                sqlx::query(AssertSqlSafe(format!(
                    "PRAGMA cache_size = -{IMPORT_CACHE_KIB}; PRAGMA temp_store = FILE"
                )))
                .execute(&mut *held)
                .await?;
                let result = async {
                    // Writing imports take the write lock at once: the ids they count on
                    // from the table's largest one stay free (see `reserve_ids!`).
                    let begin = if $writes { "BEGIN IMMEDIATE" } else { "BEGIN" };
                    let mut tx = sqlx::Connection::begin_with(&mut *held, begin).await?;
                    let $sqlite = true;
                    commit_if!(tx, $conn => $body);
                    Ok::<(), StoreError>(())
                }
                .await;
                let restored = sqlx::query(AssertSqlSafe(format!(
                    "PRAGMA cache_size = {cache}; PRAGMA temp_store = {temp_store}"
                )))
                .execute(&mut *held)
                .await;
                result?;
                restored?;
            }
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                let $sqlite = false;
                commit_if!(tx, $conn => $body);
            }
        }
    };
}

impl ScopedStore {
    /// 批量导入 — imports the rows arriving on `rows` into register `def`, all or nothing.
    /// Returns the counts and every problem; `committed` tells whether anything was written.
    pub async fn import_records(
        &self,
        def: &'static RegisterDef,
        options: &ImportOptions,
        mut rows: tokio::sync::mpsc::Receiver<ImportChunk>,
    ) -> Result<ImportOutcome, StoreError> {
        self.require(self.principal().role.can_write_records(), "导入数据")?;
        let units: HashMap<String, Unit> = self
            .list_orgs()
            .await?
            .into_iter()
            .map(|o| {
                (
                    o.code.clone(),
                    Unit {
                        id: o.id,
                        code: o.code.into(),
                        region: o.region_code.into(),
                    },
                )
            })
            .collect();
        let in_scope: HashSet<i64> = units.values().map(|u| u.id).collect();
        let default_unit = match &options.default_org {
            Some(code) => Some(
                units
                    .get(code.trim())
                    .cloned()
                    .ok_or_else(|| StoreError::not_found(def.org_label, code.trim()))?,
            ),
            None => None,
        };
        let certificates = if def
            .links
            .iter()
            .any(|l| matches!(l, LinkCheck::ValidCertificates { .. }))
        {
            Some(self.issued_certificates().await?)
        } else {
            None
        };
        // The batch's audit entry lists records of every unit the file names: it belongs to
        // the importer's own unit, whose scope holds them all.
        let region = self.own_place(default_unit.as_ref().map(|u| u.region.to_string()));
        let mut ctx = Ctx {
            def,
            units,
            default_unit,
            certificates,
            seen_keys: SeenKeys::default(),
            key_counters: HashMap::new(),
            engine: read_engine(&self.engine).clone(),
            dry_run: options.dry_run,
            outcome: ImportOutcome::default(),
            created_ids: IdRanges::default(),
            updated_ids: IdRanges::default(),
            before_images: Vec::new(),
            next_id: None,
            dates: SharedTexts::default(),
            now: crate::clock::now_rfc3339(),
        };
        let mut sql = Sql::new(def, matches!(self.db, Db::Sqlite(_)));
        let scope = self.scope_params();
        let actor = self.principal().username.clone();
        let mut rebuild = IndexRebuild::default();
        import_tx!(&self.db, !options.dry_run, conn, sqlite => import_body!(conn, ctx, sql, scope, in_scope, rows,
            options, actor, region, rebuild, sqlite));
        ctx.outcome.problems.sort_by_key(|p| p.line);
        Ok(ctx.outcome)
    }

    /// Every issued certificate number with its issue date (the same rule as the row path:
    /// status 已发证, issued on or before the case's date).
    async fn issued_certificates(&self) -> Result<HashMap<String, Option<NaiveDate>>, StoreError> {
        let rows: Vec<(String, Option<NaiveDate>)> = crate::db::on_db!(&self.db, pool => {
            sqlx::query_as(
                "SELECT certificate_no, issued_date FROM enforcement_certificate WHERE status = 'issued'",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().collect())
    }

    /// 导出 — a page of the records in scope matching `filter` (its paging ignored), in id
    /// order after `after_id`: keyset paging, so exporting a million records stays linear.
    pub async fn export_page(
        &self,
        def: &'static RegisterDef,
        filter: &crate::RecordFilter,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<crate::StoredRecord>, StoreError> {
        let filter_org = match &filter.org_code {
            Some(code) => Some(self.get_org(code).await?.id),
            None => None,
        };
        let (root, scope) = self.scope_params();
        let mut binds = Vec::new();
        let where_clause = crate::register::where_sql(def, filter, &mut binds);
        let after_at = 11 + binds.len();
        let sql = format!(
            "{SCOPE_CTE}{} {} {where_clause} AND r.id > ${after_at} ORDER BY r.id LIMIT ${}",
            crate::register::FILTER_CTE,
            crate::register::select_sql(def),
            after_at + 1,
        );
        let q = filter.q.as_ref().map(|q| format!("%{}%", q.trim()));
        let (due_from, due_to) = match filter.due {
            Some((from, to)) => (from, Some(to)),
            None => (None, None),
        };
        crate::db::on_db!(&self.db, pool => {
            let rows = crate::indicators::bind_all!(sqlx::query(AssertSqlSafe(sql))
                .bind(root).bind(scope).bind(filter_org).bind(filter.from).bind(filter.to)
                .bind(q).bind(filter.status.clone())
                .bind(due_to).bind(def.key).bind(due_from), &binds)
                .bind(after_id).bind(limit.clamp(1, 10_000))
                .fetch_all(pool).await?;
            let mut records = Vec::with_capacity(rows.len());
            for row in &rows {
                records.push(crate::register::decode_row!(def, row));
            }
            Ok(records)
        })
    }

    /// The kept file of an import batch in scope of the audit readers, in order of its pieces.
    pub async fn import_batch_file(&self, batch: i64) -> Result<Vec<u8>, StoreError> {
        self.require(self.principal().role.can_read_audit(), "查看导入批次")?;
        let chunks: Vec<(Vec<u8>,)> = crate::db::on_db!(&self.db, pool => {
            sqlx::query_as("SELECT data FROM import_file_chunk WHERE batch_id = $1 ORDER BY seq")
                .bind(batch)
                .fetch_all(pool)
                .await?
        });
        Ok(chunks.into_iter().flat_map(|(c,)| c).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::{IdRanges, SeenKeys};

    #[test]
    fn id_ranges_compress_runs() {
        let mut r = IdRanges::default();
        for id in [1, 2, 3, 7, 9, 10] {
            r.push(id);
        }
        assert_eq!(r.text(), "1-3,7,9-10");
    }

    #[test]
    fn seen_keys_name_the_first_line() {
        let mut seen = SeenKeys::default();
        // Same low half, different high half: distinct keys.
        assert_eq!(seen.insert(0x0000_0001_0000_00ff, 2), None);
        assert_eq!(seen.insert(0x0000_0002_0000_00ff, 3), None);
        for line in 4..10_000_u64 {
            let spread = line.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            assert_eq!(seen.insert(spread, line), None);
        }
        assert_eq!(seen.insert(0x0000_0002_0000_00ff, 10_000), Some(3));
        assert_eq!(seen.insert(0x0000_0002_0000_00ff, 10_001), Some(3));
        assert_eq!(seen.insert(0x0000_0001_0000_00ff, 10_002), Some(2));
    }
}
