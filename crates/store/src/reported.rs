//! 填报值 — figures that have no register (trainings, 普法 activities, drills, 12345 work
//! orders, 政务服务 counts …), one value per unit, period and catalog indicator, in table
//! `reported_value`. Written all or nothing (a form or an imported file), audited as one entry,
//! scoped like every other write. Which keys exist is the catalog's business (checked by the
//! callers, which know the catalog); the store checks units, periods and numbers.

use fazhi_domain::OrgId;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use fazhi_domain::audit::AuditAction;
use fazhi_indicators::Period;
use fazhi_review::{DataSets, Status};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::audit::AuditPlace;
use crate::db::in_tx_if;
use crate::db::on_db;
use crate::import::{
    BatchRow, ImportConn, ImportOptions, ImportOutcome, ImportProblem, ORG_FIELD, keep_file,
};
use crate::scope::{IN_SCOPE, SCOPE_CTE};
use crate::{ScopedStore, StoreError};

/// The register key under which reported-value imports are recorded in `import_batch`.
pub const REPORTED_VALUES: &str = "reported-values";

/// 填报值 as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ReportedValue {
    pub org_code: String,
    pub org_name: String,
    pub period: String,
    pub indicator_key: String,
    pub value: f64,
    pub note: Option<String>,
    pub updated_at: String,
}

/// One value to write (a form field or a file row).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedInput {
    /// Row number in the file (0 for forms).
    pub line: u64,
    /// The unit; `None` means the default unit of the options.
    pub org_code: Option<String>,
    pub period: String,
    pub indicator_key: String,
    pub value: f64,
    pub note: Option<String>,
    /// 余 多 超 近 以上 约 when the value is an approximate figure (1.8万余).
    pub qualifier: Option<String>,
}

/// 期间 — `2024` (year), `2024H1`/`2024H2` (half), `2024Q1`…`2024Q4` (quarter) or `202403`
/// (month); also 2024年, 2024年上半年, 2024年第一季度, 2024年3月, 2024-03 (the forms of
/// [`Period::parse`]). Returns the canonical code stored in `reported_value.period`.
pub fn parse_period(text: &str) -> Result<String, String> {
    Period::parse(text)
        .map(|p| p.to_string())
        .map_err(|e| e.to_string())
}

impl ScopedStore {
    /// The audit place of a write (its region is the default or first unit's): the values' one
    /// unit, or the writer's own unit when they span several (the entry lists every value).
    fn values_place(
        &self,
        default_unit: Option<&UnitRef>,
        resolved: &[(UnitRef, ReportedInput)],
    ) -> AuditPlace {
        let region = default_unit
            .or_else(|| resolved.first().map(|(u, _)| u))
            .map(|u| u.1.clone());
        let first_unit = resolved.first().map(|(u, _)| u.0);
        match first_unit {
            Some(unit) if resolved.iter().all(|(u, _)| u.0 == unit) => AuditPlace {
                region,
                org_id: Some(unit.get()),
            },
            _ => self.own_place(region),
        }
    }

    /// The units in scope by code.
    async fn units_by_code(&self) -> Result<HashMap<String, UnitRef>, StoreError> {
        Ok(self
            .list_orgs()
            .await?
            .into_iter()
            .map(|o| (o.code, (o.id, o.region_code)))
            .collect())
    }

    /// 填报值列表 — the values of units in scope, optionally of one unit and one period.
    pub async fn list_reported_values(
        &self,
        org_code: Option<&str>,
        period: Option<&str>,
    ) -> Result<Vec<ReportedValue>, StoreError> {
        let sql = format!(
            "{SCOPE_CTE} SELECT u.code AS org_code, v.name AS org_name, r.period, r.indicator_key, \
             r.value, r.note, r.updated_at FROM reported_value r JOIN org_unit u ON u.id = r.org_id \
             JOIN org_version v ON v.org_id = u.id AND v.valid_to IS NULL \
             WHERE {IN_SCOPE} AND ($3 IS NULL OR u.code = $3) AND ($4 IS NULL OR r.period = $4) \
             ORDER BY u.code, r.period, r.indicator_key"
        );
        let (root, scope) = self.scope_params();
        on_db!(&self.db, pool => {
            Ok(sqlx::query_as::<_, ReportedValue>(AssertSqlSafe(sql))
                .bind(root).bind(scope).bind(org_code).bind(period)
                .fetch_all(pool).await?)
        })
    }

    /// 保存填报值 — writes values (insert or update per unit, period and key) all or nothing,
    /// in one transaction with one audit entry (and an `import_batch` row when a file is given).
    pub async fn save_reported_values(
        &self,
        rows: Vec<ReportedInput>,
        options: &ImportOptions,
    ) -> Result<ImportOutcome, StoreError> {
        self.require(self.principal().role.can_write_records(), "填报数据")?;
        let units = self.units_by_code().await?;
        let default_unit = options
            .default_org
            .as_deref()
            .map(|code| {
                let code = code.trim();
                units
                    .get(code)
                    .cloned()
                    .ok_or_else(|| StoreError::not_found("单位", code))
            })
            .transpose()?;
        let mut outcome = ImportOutcome {
            rows: rows.len() as u64,
            ..ImportOutcome::default()
        };
        let catalog = crate::review::catalog()?;
        let resolved = resolve_rows(rows, &units, default_unit.as_ref(), catalog, &mut outcome);
        if outcome.problem_count > 0 {
            outcome.problems.sort_by_key(|p| p.line);
            return Ok(outcome);
        }
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        let place = self.values_place(default_unit.as_ref(), &resolved);
        let sets = self.data_sets().await?;
        let is_postgres = self.db.backend() == crate::Backend::Postgres;
        let forms = forms_touched(&sets, &resolved);
        in_tx_if!(&self.db, conn => {
            // The forms' states, read under a per-unit lock that a form's step also takes (on
            // SQLite the write transaction itself is the lock): a value is never written into
            // a form being submitted at the same moment.
            let mut states: HashMap<(i64, String), Vec<(String, String)>> = HashMap::new();
            for (org_id, period) in forms.keys() {
                if is_postgres {
                    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(*org_id)
                        .execute(&mut *conn).await?;
                }
                let rows: Vec<(String, String)> = sqlx::query_as(
                    "SELECT data_set, status FROM submission WHERE org_id = $1 AND period = $2",
                )
                .bind(*org_id).bind(period)
                .fetch_all(&mut *conn).await?;
                states.insert((*org_id, period.clone()), rows);
            }
            for ((unit, _), row) in &resolved {
                let Ok(period) = Period::parse(&row.period) else { continue };
                let stored = states.get(&(unit.get(), row.period.clone()));
                let status_of = |set: &str| {
                    stored?.iter().find(|(s, _)| s == set).and_then(|(_, st)| Status::parse(st))
                };
                if let Some(lock) = crate::review::lock_of(&sets, &row.indicator_key, period, status_of) {
                    outcome.add_problem(ImportProblem {
                        line: row.line,
                        field: "indicator_key",
                        value: row.indicator_key.clone(),
                        message: lock.message(),
                    });
                }
            }
            if outcome.problem_count > 0 {
                outcome.problems.sort_by_key(|p| p.line);
                Ok::<bool, StoreError>(false)
            } else {
            let mut changed = Vec::new();
            // The stored values each update replaces: [unit, period, key, value, note, qualifier].
            let mut replaced = Vec::new();
            for ((org_id, unit_region), row) in &resolved {
                let old: Option<(i64, f64, Option<String>, Option<String>)> = sqlx::query_as(
                    "SELECT id, value, note, qualifier FROM reported_value WHERE org_id = $1 AND period = $2 AND indicator_key = $3",
                )
                .bind(org_id.get()).bind(&row.period).bind(&row.indicator_key)
                .fetch_optional(&mut *conn).await?;
                match old {
                    Some((_, value, note, qualifier))
                        if value == row.value && note == row.note && qualifier == row.qualifier => {
                        outcome.unchanged += 1;
                        continue;
                    }
                    Some((id, old_value, old_note, old_qualifier)) => {
                        outcome.updated += 1;
                        replaced.push(serde_json::json!([row.org_code, row.period, row.indicator_key,
                            old_value, old_note, old_qualifier]));
                        if !options.dry_run {
                            sqlx::query("UPDATE reported_value SET value = $1, note = $2, qualifier = $3, updated_at = $4 WHERE id = $5")
                                .bind(row.value).bind(&row.note).bind(&row.qualifier).bind(&now).bind(id)
                                .execute(&mut *conn).await?;
                        }
                    }
                    None => {
                        outcome.created += 1;
                        if !options.dry_run {
                            sqlx::query(
                                "INSERT INTO reported_value (region_code, org_id, period, indicator_key, value, note, qualifier, created_at, updated_at) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                            )
                            .bind(unit_region).bind(org_id.get()).bind(&row.period)
                            .bind(&row.indicator_key).bind(row.value).bind(&row.note).bind(&row.qualifier).bind(&now)
                            .execute(&mut *conn).await?;
                        }
                    }
                }
                changed.push(serde_json::json!([row.org_code, row.period, row.indicator_key, row.value]));
            }
            if !options.dry_run {
                // A form gets its draft row when its first value is saved.
                for ((org_id, period), (region, set_codes)) in &forms {
                    for set in set_codes {
                        sqlx::query(
                            "INSERT INTO submission (region_code, org_id, data_set, period, status, updated_at) \
                             VALUES ($1, $2, $3, $4, 'draft', $5) ON CONFLICT (org_id, data_set, period) DO NOTHING",
                        )
                        .bind(region).bind(*org_id).bind(set).bind(period).bind(&now)
                        .execute(&mut *conn).await?;
                    }
                }
                let written = Written { changed, replaced, actor: &actor, now: &now, place: place.clone() };
                finish_values(conn, &mut outcome, options, written).await?;
            }
            outcome.committed = !options.dry_run;
            Ok::<bool, StoreError>(!options.dry_run)
            }
        });
        Ok(outcome)
    }
}

/// What a commit of reported values wrote, for its batch row and audit entry.
struct Written<'a> {
    /// `[unit, period, key, new value]` of each value created or updated.
    changed: Vec<serde_json::Value>,
    /// `[unit, period, key, old value, old note, old qualifier]` of each value replaced.
    replaced: Vec<serde_json::Value>,
    actor: &'a str,
    now: &'a str,
    place: AuditPlace,
}

/// The `import_batch` row and kept file (when the values came from a file), the generation
/// bump and the one audit entry holding every value written and every value it replaced.
async fn finish_values<C: ImportConn>(
    conn: &mut C,
    outcome: &mut ImportOutcome,
    options: &ImportOptions,
    written: Written<'_>,
) -> Result<(), StoreError> {
    let file_name = options.file.as_ref().map(|f| f.name.clone());
    let mut batch_id = None;
    if let Some(file) = &options.file {
        let batch = conn
            .insert_batch(&BatchRow {
                region: written.place.region.as_deref(),
                register: REPORTED_VALUES,
                file_name: &file.name,
                outcome,
                actor: written.actor,
                now: written.now,
            })
            .await?;
        let (sha, size) = keep_file(conn, batch, &file.path).await?;
        conn.set_batch_file(batch, &sha, size).await?;
        outcome.file_sha256 = Some(sha);
        batch_id = Some(batch);
    }
    if outcome.created + outcome.updated > 0 {
        conn.bump_generation("reported_value").await?;
    }
    let after = serde_json::json!({
        "file": file_name, "sha256": outcome.file_sha256, "rows": outcome.rows,
        "created": outcome.created, "updated": outcome.updated,
        "unchanged": outcome.unchanged, "values": written.changed,
    });
    let (entity, action) = match batch_id {
        Some(id) => (("import_batch", id.to_string()), AuditAction::Import),
        None => (("reported_value", "form".to_owned()), AuditAction::Update),
    };
    let before = (!written.replaced.is_empty())
        .then(|| serde_json::json!({"register": REPORTED_VALUES, "replaced": written.replaced}));
    conn.audit_entry(
        written.actor,
        action,
        (entity.0, &entity.1),
        written.place,
        before.as_ref(),
        &after,
    )
    .await?;
    outcome.batch_id = batch_id;
    Ok(())
}

/// The forms the values fall in: by (unit id, period), the unit's region and the codes of the
/// data sets of the values' keys for that period type.
fn forms_touched(
    sets: &DataSets,
    resolved: &[(UnitRef, ReportedInput)],
) -> BTreeMap<(i64, String), (String, BTreeSet<String>)> {
    let mut forms: BTreeMap<(i64, String), (String, BTreeSet<String>)> = BTreeMap::new();
    for ((unit, region), row) in resolved {
        let entry = forms
            .entry((unit.get(), row.period.clone()))
            .or_insert_with(|| (region.clone(), BTreeSet::new()));
        let set = Period::parse(&row.period)
            .ok()
            .and_then(|p| sets.of_key(&row.indicator_key, p.grain()));
        if let Some(set) = set {
            entry.1.insert(set.code.clone());
        }
    }
    forms
}

/// A unit to write to: its id and region code.
type UnitRef = (OrgId, String);

/// Resolves each row's unit (its own code or the default) and canonical period, and notes every
/// row that names an unknown unit, an unreadable period, a non-number, a key counted from the
/// forms' submissions, or a value written twice.
fn resolve_rows(
    rows: Vec<ReportedInput>,
    units: &HashMap<String, UnitRef>,
    default_unit: Option<&UnitRef>,
    catalog: &fazhi_catalog::Catalog,
    outcome: &mut ImportOutcome,
) -> Vec<(UnitRef, ReportedInput)> {
    let mut resolved = Vec::with_capacity(rows.len());
    let mut seen: HashMap<(OrgId, String, String), u64> = HashMap::new();
    for mut row in rows {
        let unit = match &row.org_code {
            Some(code) => units.get(code.trim()).cloned(),
            None => default_unit.cloned(),
        };
        let Some(unit) = unit else {
            outcome.add_problem(ImportProblem {
                line: row.line,
                field: ORG_FIELD,
                value: row.org_code.clone().unwrap_or_default(),
                message: "不存在或不在您的数据范围内,应为您可填报的单位代码".into(),
            });
            continue;
        };
        match parse_period(&row.period) {
            Ok(period) => row.period = period,
            Err(message) => {
                outcome.add_problem(ImportProblem {
                    line: row.line,
                    field: "period",
                    value: row.period.clone(),
                    message,
                });
                continue;
            }
        }
        if !row.value.is_finite() {
            outcome.add_problem(ImportProblem {
                line: row.line,
                field: "value",
                value: row.value.to_string(),
                message: "应为数字".into(),
            });
            continue;
        }
        if catalog
            .get(&row.indicator_key)
            .is_some_and(|i| i.forms.is_some())
        {
            outcome.add_problem(ImportProblem {
                line: row.line,
                field: "indicator_key",
                value: row.indicator_key.clone(),
                message: "由报表的报送记录自动计算(报送情况),不能填报".into(),
            });
            continue;
        }
        let key = (unit.0, row.period.clone(), row.indicator_key.clone());
        if let Some(first) = seen.insert(key, row.line) {
            outcome.add_problem(ImportProblem {
                line: row.line,
                field: "indicator_key",
                value: row.indicator_key.clone(),
                message: format!("与第{first}行的单位、期间和指标相同,同一数值只能填报一次"),
            });
            continue;
        }
        resolved.push((unit, row));
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::parse_period;

    #[test]
    fn periods_as_clerks_write_them() {
        for (text, want) in [
            ("2024", "2024"),
            ("2024年", "2024"),
            ("2024H1", "2024H1"),
            ("2024年上半年", "2024H1"),
            ("2024Q3", "2024Q3"),
            ("2024年第三季度", "2024Q3"),
            ("202403", "202403"),
            ("2024年3月", "202403"),
            ("2024-3", "202403"),
        ] {
            assert_eq!(parse_period(text).as_deref(), Ok(want), "{text}");
        }
        for bad in ["24", "2024Q5", "202413", "明年", ""] {
            assert!(parse_period(bad).is_err(), "{bad}");
        }
    }
}
