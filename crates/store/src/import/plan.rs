//! 导入计划 — a chunk's checked rows completed on the connection (generated natural keys,
//! record links in scope), compared with the stored records of the same natural keys and
//! sorted into inserts, updates and unchanged rows.

use std::collections::{HashMap, HashSet};

use fazhi_domain::register::{Record, Value};

use super::check::{Ctx, key_hash};
use super::conn::ImportConn;
use super::rows::{Checked, Existing, ImportProblem, Plan, Prepared};
use super::sql::Sql;
use crate::StoreError;
use crate::keys;
use crate::links::{self, Judged, Lookup};

impl Ctx {
    /// Sorts checked rows into inserts, updates and unchanged against the stored records
    /// (`existing`: region → natural key → id, unit id, record).
    pub(crate) fn plan(
        &mut self,
        rows: Vec<Prepared>,
        existing: &Existing,
        in_scope: &HashSet<i64>,
    ) -> Plan {
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
                        let cell_plan = self.cell_plan;
                        self.cells.record(cell_plan, self.def, *org_id, stored, -1);
                        self.cells
                            .record(cell_plan, self.def, row.unit.id, &row.record, 1);
                        if self.writing() {
                            self.before_images
                                .push(self.before_image(*id, *org_id, stored, &row));
                        }
                        plan.updates.push((*id, row));
                    }
                }
                None => {
                    self.outcome.created += 1;
                    let cell_plan = self.cell_plan;
                    self.cells
                        .record(cell_plan, self.def, row.unit.id, &row.record, 1);
                    plan.inserts.push(row);
                }
            }
        }
        plan
    }

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

/// Fills generated natural keys and checks record links, inside the transaction (`scope`:
/// root org id and scope kind, for the links).
pub(crate) async fn complete_rows<C: ImportConn>(
    conn: &mut C,
    ctx: &mut Ctx,
    sql: &Sql,
    scope: (i64, &str),
    checked: Vec<Checked>,
) -> Result<Vec<Prepared>, StoreError> {
    let mut ready: Vec<Prepared> = Vec::with_capacity(checked.len());
    for Checked {
        line,
        unit,
        mut record,
        clocks,
    } in checked
    {
        let generated = record.get(ctx.def.natural_key).is_null();
        if generated {
            let key = generate_key(conn, ctx, sql, &unit, &record, line).await?;
            record.set(ctx.def.natural_key, Value::Text(key));
        }
        let linked_ok = link_row(conn, ctx, sql, scope, line, &mut record).await?;
        if linked_ok {
            let key = record
                .text(ctx.def.natural_key)
                .unwrap_or_default()
                .to_owned();
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
    Ok(ready)
}

/// Resolves the row's record links (a number or `#id`, [`crate::links`]) to ids in scope;
/// each that does not resolve is a problem of the row. Returns whether all resolved.
async fn link_row<C: ImportConn>(
    conn: &mut C,
    ctx: &mut Ctx,
    sql: &Sql,
    scope: (i64, &str),
    line: u64,
    record: &mut Record,
) -> Result<bool, StoreError> {
    let mut linked_ok = true;
    for link in &sql.links {
        let Some(text) = links::link_text(record.get(link.field)) else {
            continue;
        };
        let mut lookup = links::first_lookup(&text);
        let resolved = loop {
            let found = conn.linked(link.sql(lookup), scope, lookup).await?;
            match links::judge(link.target, &text, lookup, &found) {
                Judged::Linked(id) => break Ok(id),
                Judged::Problem(message) => break Err(message),
                Judged::Then(id) => lookup = Lookup::Id(id),
            }
        };
        match resolved {
            Ok(id) => record.set(link.field, Value::Int(id)),
            Err(message) => {
                ctx.outcome.add_problem(ImportProblem {
                    line,
                    field: link.field,
                    value: text,
                    message,
                });
                linked_ok = false;
            }
        }
    }
    Ok(linked_ok)
}

/// The next generated natural key `<org>-<year>-<seq>` for `record` of `unit`: the stored
/// largest sequence number is read once per prefix, then counted on here.
async fn generate_key<C: ImportConn>(
    conn: &mut C,
    ctx: &mut Ctx,
    sql: &Sql,
    unit: &super::rows::Unit,
    record: &Record,
    line: u64,
) -> Result<String, StoreError> {
    let prefix = keys::key_prefix(ctx.def, &unit.code, record);
    let counter_key = (unit.region.to_string(), prefix.clone());
    let mut next = match ctx.key_counters.get(&counter_key) {
        Some(n) => *n,
        None => {
            conn.next_key_number(&sql.key_scan, &unit.region, &prefix)
                .await?
        }
    };
    // Skip keys the file names itself (rows checked so far); a later row naming the
    // generated key is then a repeat within the file, not an update of it.
    let mut key = keys::key_with(&prefix, next);
    while ctx
        .seen_keys
        .insert(key_hash(&unit.region, &key), line)
        .is_some()
    {
        next += 1;
        key = keys::key_with(&prefix, next);
    }
    ctx.key_counters.insert(counter_key, next + 1);
    Ok(key)
}

/// Keeps the rows that show the evidence they must ([`crate::evidence`]): in their text, or,
/// for a row that updates a stored record, in a file attached to that record. Each other row
/// is a problem of its own.
pub(crate) async fn check_evidence<C: ImportConn>(
    conn: &mut C,
    ctx: &mut Ctx,
    rows: Vec<Prepared>,
    existing: &Existing,
) -> Result<Vec<Prepared>, StoreError> {
    let def = ctx.def;
    let stored_id = |row: &Prepared| {
        (!row.generated)
            .then(|| existing.get(&*row.unit.region)?.get(&row.key))
            .flatten()
            .map(|(id, _, _)| *id)
    };
    let lacking: Vec<i64> = rows
        .iter()
        .filter(|row| !def.missing_evidence(&row.record).is_empty())
        .filter_map(stored_id)
        .collect();
    let filed = if lacking.is_empty() {
        HashSet::new()
    } else {
        conn.records_with_files(def.key, &lacking).await?
    };
    let mut kept = Vec::with_capacity(rows.len());
    for row in rows {
        let missing = def.missing_evidence(&row.record);
        if missing.is_empty() || stored_id(&row).is_some_and(|id| filed.contains(&id)) {
            kept.push(row);
            continue;
        }
        for error in missing {
            ctx.outcome.add_problem(ImportProblem {
                line: row.line,
                field: error.field,
                value: error.value,
                message: error.message,
            });
        }
    }
    Ok(kept)
}

/// The stored records with the natural keys of `rows`, by region and key.
pub(crate) async fn load_existing<C: ImportConn>(
    conn: &mut C,
    ctx: &Ctx,
    sql: &mut Sql,
    rows: &[Prepared],
) -> Result<Existing, StoreError> {
    let def = ctx.def;
    let mut by_region: HashMap<&str, Vec<&str>> = HashMap::new();
    for row in rows {
        by_region
            .entry(&*row.unit.region)
            .or_default()
            .push(row.key.as_str());
    }
    let mut found = Existing::new();
    for (region, keys) in by_region {
        // A region with no record when the import began has nothing to update (keys
        // repeated within the file are refused earlier): no lookups.
        let empty = match sql.empty_at_start.get(region) {
            Some(empty) => *empty,
            None => {
                let empty = conn.region_empty(&sql.any_in_region, region).await?;
                sql.empty_at_start.insert(region.to_owned(), empty);
                empty
            }
        };
        if empty {
            continue;
        }
        for part in keys.chunks(1000) {
            let stored = conn
                .stored_records(def, sql.existing(def, part.len()), region, part)
                .await?;
            for (id, org_id, record) in stored {
                let key = record.text(def.natural_key).unwrap_or_default().to_owned();
                found
                    .entry(region.to_owned())
                    .or_default()
                    .insert(key, (id, org_id, record));
            }
        }
    }
    Ok(found)
}
