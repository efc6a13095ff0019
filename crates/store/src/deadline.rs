//! 期限 — the statutory clocks of register records: computed with the calendar's deadline
//! engine whenever a record is written, stored one row per clock for lists and alerts, and
//! re-evaluated in bulk when an admin loads a new holiday notice.

use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use fazhi_calendar::{DeadlineEngine, DeadlineOptions};
use fazhi_domain::register::{Record, RegisterDef, bindings_for, is_issuer_set, unknown_rule_keys};
use serde::Serialize;

use crate::StoreError;
use crate::db::{Db, in_tx, on_db};

/// The engine shared by every handle of one store; replaced when a notice is loaded.
pub type SharedEngine = Arc<RwLock<DeadlineEngine>>;

/// One clock of a record as it will be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockRow {
    pub label: &'static str,
    pub rule: &'static str,
    pub start: NaiveDate,
    pub extended: bool,
    /// 重新起算日 (收到补正), when the binding has one and the record fills it in.
    pub restart: Option<NaiveDate>,
    /// 不计入期限的期间 (征求第三方意见), inclusive.
    pub pause: Option<(NaiveDate, NaiveDate)>,
    pub due: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    /// Why no due date could be computed (e.g. a year the calendar does not cover).
    pub problem: Option<String>,
}

impl ClockRow {
    /// What happened to the clock, as the engine takes it.
    fn options(&self) -> DeadlineOptions<'static> {
        options(self.extended, self.restart, self.pause)
    }
}

fn options(
    extended: bool,
    restart: Option<NaiveDate>,
    pause: Option<(NaiveDate, NaiveDate)>,
) -> DeadlineOptions<'static> {
    DeadlineOptions {
        extended,
        restart_on: restart,
        pauses: pause.into_iter().collect(),
        ..DeadlineOptions::default()
    }
}

/// 期限说明 — a clock of a record as shown to a clerk.
#[derive(Debug, Clone, Serialize)]
pub struct ClockView {
    pub label: &'static str,
    pub rule: &'static str,
    pub start: NaiveDate,
    pub due: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    /// 已按期办结 / 逾期办结 / 进行中 / 已逾期 / 无法计算
    pub state: &'static str,
    /// 暂估 — the due date runs into a year whose holiday notice is not published yet
    /// (counted on weekends alone there; computed again when the notice is loaded).
    pub provisional: bool,
    pub explanation: Vec<String>,
}

pub(crate) fn read_engine(engine: &SharedEngine) -> std::sync::RwLockReadGuard<'_, DeadlineEngine> {
    engine
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The clocks that run on `record` of register `register`.
pub(crate) fn clocks(
    engine: &DeadlineEngine,
    register: &RegisterDef,
    record: &Record,
) -> Vec<ClockRow> {
    bindings_for(register)
        .filter_map(|b| {
            let rule = (b.rule)(record)?;
            let start = record.date(b.start_field)?;
            let mut row = ClockRow {
                label: b.label,
                rule,
                start,
                extended: (b.extended)(record),
                restart: b.restart_field.and_then(|f| record.date(f)),
                pause: b
                    .pause_fields
                    .and_then(|(from, to)| Some((record.date(from)?, record.date(to)?))),
                due: None,
                done: record.date(b.done_field),
                problem: None,
            };
            match b.due_field {
                // 由交办单位确定: the date as written (the field is required where it is used).
                Some(field) => row.due = record.date(field),
                None => match engine.due_date_or_provisional(rule, start, &row.options()) {
                    Ok((due, _)) => row.due = Some(due),
                    Err(e) => row.problem = Some(e.to_string()),
                },
            }
            Some(row)
        })
        .collect()
}

/// The clocks of a record with their Chinese explanations, as of `today`.
pub(crate) fn explain(
    engine: &DeadlineEngine,
    register: &RegisterDef,
    record: &Record,
    today: NaiveDate,
) -> Vec<ClockView> {
    clocks(engine, register, record)
        .into_iter()
        .map(|c| {
            let (explanation, provisional) = if is_issuer_set(c.rule) {
                (issuer_set_explanation(c.due), false)
            } else {
                match engine.compute_or_provisional(c.rule, c.start, &c.options()) {
                    Ok(d) => (d.explanation, d.provisional),
                    Err(e) => (vec![e.to_string()], false),
                }
            };
            let state = match (c.due, c.done) {
                (None, _) => "无法计算",
                (Some(due), Some(done)) if done <= due => "已按期办结",
                (Some(_), Some(_)) => "逾期办结",
                (Some(due), None) if today > due => "已逾期",
                (Some(_), None) => "进行中",
            };
            ClockView {
                label: c.label,
                rule: c.rule,
                start: c.start,
                due: c.due,
                done: c.done,
                state,
                provisional,
                explanation,
            }
        })
        .collect()
}

/// Why a time limit set by an issuer falls on its date.
fn issuer_set_explanation(due: Option<NaiveDate>) -> Vec<String> {
    vec![due.map_or_else(
        || "交办单位未确定期限".to_owned(),
        |d| format!("期限由交办单位确定为{d},按所定日期计算,不因放假调休顺延"),
    )]
}

/// Replaces the stored clocks of one record inside the caller's transaction.
macro_rules! store_clocks {
    ($conn:expr, $region:expr, $org_id:expr, $register:expr, $record_id:expr, $clocks:expr) => {{
        sqlx::query("DELETE FROM deadline WHERE register = $1 AND record_id = $2")
            .bind($register)
            .bind($record_id)
            .execute(&mut *$conn)
            .await?;
        for c in $clocks {
            sqlx::query(
                "INSERT INTO deadline (region_code, org_id, register, record_id, label, rule, \
                 start_date, extended, due_date, done_date, problem, restart_date, pause_from, \
                 pause_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind($region)
            .bind($org_id)
            .bind($register)
            .bind($record_id)
            .bind(c.label)
            .bind(c.rule)
            .bind(c.start)
            .bind(c.extended)
            .bind(c.due)
            .bind(c.done)
            .bind(c.problem.clone())
            .bind(c.restart)
            .bind(c.pause.map(|p| p.0))
            .bind(c.pause.map(|p| p.1))
            .execute(&mut *$conn)
            .await?;
        }
    }};
}
pub(crate) use store_clocks;

/// The inputs a due date depends on: rule, start, extended, restart, pause.
pub(crate) type ClockKey = (
    String,
    NaiveDate,
    bool,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

/// Recomputes the due date of every open clock (done date empty) with the current engine, in
/// one transaction. A due date depends only on (rule, start date, extended, restart, pause),
/// so each distinct combination is computed once and written with one UPDATE: the work grows
/// with the number of distinct clocks (rules × days), not with the number of records. Returns
/// the clocks updated.
pub(crate) async fn reevaluate(db: &Db, engine: &SharedEngine) -> Result<u64, StoreError> {
    match db {
        Db::Postgres(pool) => crate::deadline_bulk::reevaluate_postgres(pool, engine).await,
        Db::Sqlite(pool) => crate::deadline_bulk::reevaluate_sqlite(pool, engine).await,
    }
}

/// The due date (or the problem) of each distinct open clock.
pub(crate) fn recompute(
    engine: &DeadlineEngine,
    keys: Vec<ClockKey>,
) -> Vec<(ClockKey, Option<NaiveDate>, Option<String>)> {
    keys.into_iter()
        .filter(|key| !is_issuer_set(&key.0))
        .map(|key| {
            let pause = key.4.zip(key.5);
            let result =
                engine.due_date_or_provisional(&key.0, key.1, &options(key.2, key.3, pause));
            let (due, problem) = match result {
                Ok((due, _)) => (Some(due), None),
                Err(e) => (None, Some(e.to_string())),
            };
            (key, due, problem)
        })
        .collect()
}

/// The UPDATE of one clock key: the optional dates compare with `=` when given and `IS NULL`
/// when not (both backends, and the open-clock index still leads the search).
pub(crate) fn reevaluate_sql(optional: &[Option<NaiveDate>; 3]) -> String {
    let mut sql = String::from(
        "UPDATE deadline SET due_date = $1, problem = $2 WHERE done_date IS NULL \
         AND rule = $3 AND start_date = $4 AND extended = $5",
    );
    let mut next = 6;
    for (column, value) in ["restart_date", "pause_from", "pause_to"]
        .iter()
        .zip(optional)
    {
        if value.is_some() {
            sql.push_str(&format!(" AND {column} = ${next}"));
            next += 1;
        } else {
            sql.push_str(&format!(" AND {column} IS NULL"));
        }
    }
    sql
}

/// Builds the engine from the embedded data plus every notice loaded into the database.
pub(crate) async fn load_engine(db: &Db) -> Result<DeadlineEngine, StoreError> {
    let mut engine = DeadlineEngine::embedded()
        .map_err(|e| StoreError::Database(format!("内置日历或期限规则数据有误:{e}")))?;
    let unknown = unknown_rule_keys(|key| engine.rules().get(key).is_some());
    if !unknown.is_empty() {
        return Err(StoreError::Database(format!(
            "期限绑定引用了规则库中没有的规则:{}",
            unknown.join("、")
        )));
    }
    let misnamed = fazhi_domain::register::definition_problems();
    if !misnamed.is_empty() {
        return Err(StoreError::Database(format!(
            "{}:{}",
            fazhi_domain::register::MISNAMED_CODE,
            misnamed.join(";")
        )));
    }
    let notices: Vec<(i64, String)> = on_db!(db, pool => {
        sqlx::query_as("SELECT CAST(year AS BIGINT), notice FROM calendar_notice ORDER BY year")
            .fetch_all(pool).await?
    });
    for (year, notice) in notices {
        engine
            .calendar_mut()
            .load_toml(&notice)
            .map_err(|e| StoreError::Database(format!("已载入的{year}年放假安排无效:{e}")))?;
    }
    // Rules set per province (重大行政处罚备案) follow the province of the top unit.
    let top: Option<String> = on_db!(db, pool => {
        sqlx::query_scalar(
            "SELECT u.region_code FROM org_unit u JOIN org_version v ON v.org_id = u.id \
             AND v.valid_to IS NULL WHERE v.parent_id IS NULL ORDER BY u.id LIMIT 1",
        )
        .fetch_optional(pool).await?
    });
    engine.set_jurisdiction(top.as_deref().and_then(province_of));
    Ok(engine)
}

/// The province (山西省) of a stored region code.
pub(crate) fn province_of(region: &str) -> Option<String> {
    fazhi_domain::RegionCode::parse(region)
        .ok()
        .map(|r| r.province_name().to_owned())
}

impl crate::ScopedStore {
    /// The clocks of a stored record, explained, as of `today`.
    pub fn record_deadlines(
        &self,
        register: &RegisterDef,
        record: &Record,
        today: NaiveDate,
    ) -> Vec<ClockView> {
        explain(&read_engine(&self.engine), register, record, today)
    }

    /// 规则名称 — the Chinese name of deadline rule `key` in the version in force on `start`
    /// (pages name a clock's rule by it, never by its key).
    pub fn rule_name(&self, key: &str, start: NaiveDate) -> Option<String> {
        let engine = read_engine(&self.engine);
        let rule = engine.rules().get(key)?;
        let version = rule.version_on(start).or_else(|| rule.versions.last())?;
        Some(version.name.clone())
    }

    /// The years the official calendar covers (embedded data plus loaded notices).
    pub fn calendar_years(&self) -> Vec<i32> {
        read_engine(&self.engine).calendar().years().collect()
    }

    /// Whether due date `due` is provisional (暂估): after the last year whose holiday notice is
    /// loaded.
    pub fn is_provisional(&self, due: NaiveDate) -> bool {
        read_engine(&self.engine).is_provisional(due)
    }

    /// The last day of the last year whose holiday notice is loaded: a due date after it is
    /// provisional.
    pub fn last_calendar_day(&self) -> Option<NaiveDate> {
        let last = read_engine(&self.engine).calendar().last_year()?;
        NaiveDate::from_ymd_opt(last, 12, 31)
    }

    /// 提醒载入放假安排 — from October on, the next year when its holiday notice is not loaded
    /// yet (the State Council publishes it in October–December; until then every clock due
    /// next year is provisional).
    pub fn notice_to_load(&self, today: NaiveDate) -> Option<i32> {
        use chrono::Datelike;
        let next = today.year() + 1;
        let last = read_engine(&self.engine).calendar().last_year()?;
        (today.month() >= 10 && last < next).then_some(next)
    }

    /// The date `n` working days after `today` on the official calendar (for "due within N
    /// working days" filters), provisional past the last loaded notice; `None` beyond that.
    pub fn working_days_after(&self, today: NaiveDate, n: u32) -> Option<NaiveDate> {
        read_engine(&self.engine).working_days_after(today, n).ok()
    }

    /// 载入放假安排 — an admin loads a year's State Council holiday notice (the calendar TOML
    /// format) without a new release; every open clock is re-evaluated. Returns the years
    /// loaded and the number of clocks re-evaluated.
    pub async fn load_calendar_notice(&self, notice: &str) -> Result<(Vec<i32>, u64), StoreError> {
        self.require(self.principal().role.can_manage_orgs(), "载入放假安排")?;
        // The calendar re-evaluates every clock of the city: city-wide administrators only.
        if !self.sees_everything() {
            return Err(StoreError::Forbidden(
                "载入放假安排会重新计算全市所有法定期限,仅限数据范围为「全部」的系统管理员".into(),
            ));
        }
        let mut engine = read_engine(&self.engine).clone();
        let years = engine
            .calendar_mut()
            .load_toml(notice)
            .map_err(|e| fazhi_domain::DomainError::invalid("放假安排", e.to_string()))?;
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        let stored_years: Vec<i64> = years.iter().map(|y| i64::from(*y)).collect();
        in_tx!(&self.db, conn => {
            // The notices this one replaces, kept in the audit entry's before-image.
            let mut replaced = serde_json::Map::new();
            for year in &stored_years {
                let old: Option<(String, String, String)> = sqlx::query_as(
                    "SELECT notice, loaded_at, loaded_by FROM calendar_notice WHERE year = $1")
                    .bind(year).fetch_optional(&mut *conn).await?;
                if let Some((old_notice, loaded_at, loaded_by)) = old {
                    replaced.insert(year.to_string(), serde_json::json!({
                        "notice": old_notice, "loaded_at": loaded_at, "loaded_by": loaded_by}));
                }
                sqlx::query("DELETE FROM calendar_notice WHERE year = $1").bind(year).execute(&mut *conn).await?;
                sqlx::query("INSERT INTO calendar_notice (year, notice, loaded_at, loaded_by) VALUES ($1, $2, $3, $4)")
                    .bind(year).bind(notice).bind(&now).bind(&actor)
                    .execute(&mut *conn).await?;
            }
            let after = serde_json::json!({"years": &stored_years, "notice": notice});
            crate::audit::audit_append!(conn, actor, fazhi_domain::audit::AuditAction::Import,
                "calendar_notice", stored_years.iter().map(i64::to_string).collect::<Vec<_>>().join(","),
                None, (!replaced.is_empty()).then(|| serde_json::json!({"notices": replaced})).as_ref(),
                Some(&after));
            Ok::<(), StoreError>(())
        })?;
        *self
            .engine
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = engine;
        let count = reevaluate(&self.db, &self.engine).await?;
        Ok((years, count))
    }
}

impl crate::Store {
    /// Benchmark support: inserts `n` (rounded up to a multiple of 400) open clocks (rotating over the rules the registers use,
    /// start dates spread over 2024–2025) for unit `org_id`, in one transaction.
    #[cfg(feature = "bench-seed")]
    #[doc(hidden)]
    pub async fn unscoped_seed_bench_clocks(
        &self,
        org_id: fazhi_domain::OrgId,
        n: u64,
    ) -> Result<u64, StoreError> {
        const RULES: [&str; 5] = [
            "reconsideration.decision",
            "penalty.decision",
            "double_publicity.publish",
            "litigation.answer",
            "normative_doc.filing",
        ];
        const BATCH: u64 = 400;
        let base = NaiveDate::from_ymd_opt(2024, 1, 1)
            .ok_or_else(|| StoreError::Database("基准日期无效".into()))?;
        let rows_sql = (0..BATCH)
            .map(|i| {
                let b = i * 3;
                format!(
                    "('520200', $1, 'bench', ${}, '基准', ${}, ${}, FALSE)",
                    b + 2,
                    b + 3,
                    b + 4
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let insert = format!(
            "INSERT INTO deadline (region_code, org_id, register, record_id, label, rule, start_date, extended) VALUES {rows_sql}"
        );
        let db = &self.db;
        in_tx!(db, conn => {
            let mut next = 0_u64;
            while next < n {
                let mut query = sqlx::query(sqlx::AssertSqlSafe(insert.clone())).bind(org_id.get());
                for i in next..next + BATCH {
                    let start = base + chrono::Days::new(i % 700);
                    query = query.bind(i64::try_from(i).unwrap_or(i64::MAX))
                        .bind(RULES[(i % 5) as usize]).bind(start);
                }
                query.execute(&mut *conn).await?;
                next += BATCH;
            }
            Ok::<u64, StoreError>(next)
        })
    }
}
