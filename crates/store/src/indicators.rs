//! 指标数据 — what the indicator engine reads: the register cube (maintained incrementally in
//! `indicator_cell`, see `cells.rs`), the reported values and the org versions. The store holds
//! the cube and brings it up to date with the cells changed since (by write sequence); the
//! reported values are re-read when their `data_generation` counter moved.
//!
//! SQL is assembled from the plan's `'static` register and field names (checked against the
//! register definitions when the plan was built); every code and flag is a bound parameter.

use fazhi_domain::OrgId;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use fazhi_catalog::{Catalog, IndicatorSet};
use fazhi_domain::account::ScopeKind;
#[cfg(feature = "bench-seed")]
use fazhi_domain::register::{FieldDef, FieldKind, RegisterDef, Value};
use fazhi_indicators::{
    Cube, Engine, Filter, Measure, OrgTree, OrgVersion, Period, Plan, ReportedIndex, ReportedValue,
    Request, Test,
};
use sqlx::AssertSqlSafe;

#[cfg(feature = "bench-seed")]
use crate::bind::{BindValues, PushValues};
use crate::db::{Db, on_db};
use crate::{ScopedStore, Store, StoreError};

/// The `data_generation` source of the reported values.
const REPORTED_SOURCE: &str = "reported_value";

/// A bound value of a filter.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    Text(String),
    Bool(bool),
    Int(i64),
    Date(NaiveDate),
}

/// Binds `$binds` in order onto `$query`.
macro_rules! bind_all {
    ($query:expr, $binds:expr) => {{
        let mut q = $query;
        for b in $binds {
            q = match b {
                crate::indicators::Bind::Text(s) => q.bind(s.clone()),
                crate::indicators::Bind::Bool(v) => q.bind(*v),
                crate::indicators::Bind::Int(v) => q.bind(*v),
                crate::indicators::Bind::Date(v) => q.bind(*v),
            };
        }
        q
    }};
}
pub(crate) use bind_all;

/// The SQL condition of one filter on alias `r`, numbering its parameters from `*next`.
pub(crate) fn filter_sql(filter: &Filter, next: &mut usize, binds: &mut Vec<Bind>) -> String {
    let col = format!("r.{}", filter.field.key);
    let mut param = |b: Bind| {
        binds.push(b);
        *next += 1;
        format!("${}", *next - 1)
    };
    match &filter.test {
        Test::OneOf(codes) => {
            let list: Vec<String> = codes
                .iter()
                .map(|c| param(Bind::Text((*c).into())))
                .collect();
            format!("{col} IN ({})", list.join(", "))
        }
        Test::ContainsAny(codes) => {
            let list: Vec<String> = codes
                .iter()
                .map(|c| {
                    format!(
                        "(',' || {col} || ',') LIKE {}",
                        param(Bind::Text(format!("%,{c},%")))
                    )
                })
                .collect();
            format!("({})", list.join(" OR "))
        }
        Test::Flag(true) => format!("{col} = {}", param(Bind::Bool(true))),
        Test::Flag(false) => format!("({col} IS NULL OR {col} = {})", param(Bind::Bool(false))),
        Test::NotNull => format!("{col} IS NOT NULL"),
        Test::Null => format!("{col} IS NULL"),
    }
}

pub(crate) fn conditions(filters: &[Filter], next: &mut usize, binds: &mut Vec<Bind>) -> String {
    if filters.is_empty() {
        return "TRUE".into();
    }
    filters
        .iter()
        .map(|f| filter_sql(f, next, binds))
        .collect::<Vec<_>>()
        .join(" AND ")
}

pub(crate) fn measure_sql(measure: Measure) -> String {
    match measure {
        Measure::Count => "1".into(),
        Measure::Sum { field, .. } => format!("COALESCE(r.{}, 0)", field.key),
    }
}

/// The cube as of cell write sequence `seq`, and the reported values as of their write
/// counter.
#[derive(Debug, Clone)]
struct Cached {
    seq: i64,
    cube: Arc<Cube>,
    reported_generation: i64,
    /// The day the reported values were read: the forms due (报送情况) change with it.
    reported_day: NaiveDate,
    reported: Reported,
}

/// The reported values twice over: approved only (values of forms under review count once
/// their form is approved; values of keys no data set reports always count), and all.
#[derive(Debug, Clone)]
struct Reported {
    approved: Arc<ReportedIndex>,
    all: Arc<ReportedIndex>,
}

/// The store's indicator cache, shared by every handle of one store.
#[derive(Debug, Clone, Default)]
pub struct IndicatorCache(Arc<Mutex<Option<Cached>>>);

/// Everything a computation needs, read (or taken from the cache) at one moment.
#[derive(Debug, Clone)]
pub struct IndicatorData {
    pub catalog: &'static Catalog,
    pub plan: &'static Plan,
    pub cube: Arc<Cube>,
    pub reported: Arc<ReportedIndex>,
    pub tree: OrgTree,
    /// The principal sees only its own unit: roll-ups stop there.
    pub unit_only: bool,
}

impl IndicatorData {
    pub fn engine(&self) -> Engine<'_> {
        Engine {
            catalog: self.catalog,
            plan: self.plan,
            cube: &self.cube,
            reported: &self.reported,
            tree: &self.tree,
        }
    }

    /// Every indicator for the unit with id `org_id` (and its subtree) and `period`.
    /// The values of `keys` alone ([`Engine::values_of`]).
    pub fn values_of(&self, org_id: OrgId, period: Period, keys: &[&str]) -> Vec<Option<f64>> {
        let request = Request {
            org_id,
            period,
            unit_only: self.unit_only,
            with_yoy: false,
        };
        self.engine().values_of(&request, keys)
    }

    pub fn compute(&self, org_id: OrgId, period: Period, with_yoy: bool) -> IndicatorSet {
        self.engine().compute(&Request {
            org_id,
            period,
            unit_only: self.unit_only,
            with_yoy,
        })
    }
}

fn plan_and_catalog() -> Result<(&'static Catalog, &'static Plan), StoreError> {
    let catalog = Catalog::embedded().map_err(|e| StoreError::Database(e.to_string()))?;
    let plan = crate::cells::plan()?;
    Ok((catalog, plan))
}

/// A `reported_value` row: unit, period, key, value, qualifier.
type ReportedRow = (i64, String, String, f64, Option<String>);
/// An approved form: unit, data set, period.
type ApprovedForm = (i64, String, String);

/// The reported values, and the 报送情况 counts of the forms as of `today`.
async fn load_reported(
    db: &Db,
    engine: &crate::SharedEngine,
    today: NaiveDate,
) -> Result<Reported, StoreError> {
    let (rows, approved_forms, definitions): (Vec<ReportedRow>, Vec<ApprovedForm>, Option<String>) = on_db!(db, pool => {
        (
            sqlx::query_as("SELECT org_id, period, indicator_key, value, qualifier FROM reported_value")
                .fetch_all(pool).await?,
            sqlx::query_as("SELECT org_id, data_set, period FROM submission WHERE status = 'approved'")
                .fetch_all(pool).await?,
            sqlx::query_scalar("SELECT body FROM data_set_definition ORDER BY id DESC LIMIT 1")
                .fetch_optional(pool).await?,
        )
    });
    let catalog = crate::review::catalog()?;
    let sets = definitions
        .and_then(|text| fazhi_review::DataSets::from_toml(&text, catalog).ok())
        .map_or_else(|| fazhi_review::DataSets::shipped(catalog), Ok)
        .map_err(|e| StoreError::Database(e.to_string()))?;
    let approved_forms: std::collections::HashSet<(i64, String, String)> =
        approved_forms.into_iter().collect();
    let mut all = Vec::with_capacity(rows.len());
    let mut approved = Vec::with_capacity(rows.len());
    for (org_id, period_text, key, value, qualifier) in rows {
        let Ok(period) = Period::parse(&period_text) else {
            continue;
        };
        let counts = match sets.of_key(&key, period.grain()) {
            Some(set) => approved_forms.contains(&(org_id, set.code.clone(), period_text)),
            None => true,
        };
        let value = ReportedValue {
            org_id: OrgId::new(org_id),
            period,
            key,
            value,
            qualifier,
        };
        if counts {
            approved.push(value.clone());
        }
        all.push(value);
    }
    let form_counts =
        crate::form_counts::form_count_values(db, engine, catalog, &sets, today).await?;
    approved.extend(form_counts.iter().cloned());
    all.extend(form_counts);
    Ok(Reported {
        approved: Arc::new(ReportedIndex::new(approved)),
        all: Arc::new(ReportedIndex::new(all)),
    })
}

async fn load_tree(db: &Db) -> Result<OrgTree, StoreError> {
    type Row = (
        i64,
        String,
        String,
        Option<i64>,
        NaiveDate,
        Option<NaiveDate>,
    );
    let rows: Vec<Row> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT v.org_id, u.code, v.name, v.parent_id, v.valid_from, v.valid_to \
             FROM org_version v JOIN org_unit u ON u.id = v.org_id",
        )
        .fetch_all(pool).await?
    });
    Ok(OrgTree::new(
        rows.into_iter()
            .map(
                |(org_id, code, name, parent_id, valid_from, valid_to)| OrgVersion {
                    org_id: OrgId::new(org_id),
                    code,
                    name,
                    parent_id: parent_id.map(OrgId::new),
                    valid_from,
                    valid_to,
                },
            )
            .collect(),
    ))
}

/// The cube and the reported values: the held cube brought up to date with the cells changed
/// since it was read (none, usually: one indexed query), the reported values re-read only when
/// their write counter moved. Nothing is held that another process could have changed unseen.
async fn cached_data(
    db: &Db,
    engine: &crate::SharedEngine,
    cache: &IndicatorCache,
) -> Result<(Arc<Cube>, Reported), StoreError> {
    let (_, plan) = plan_and_catalog()?;
    let held = cache.0.lock().ok().and_then(|c| c.clone());
    let since = held.as_ref().map_or(0, |c| c.seq);
    let rows = crate::cells::read_since(db, since).await?;
    let (seq, cube) = match &held {
        Some(h) if rows.is_empty() => (h.seq, h.cube.clone()),
        Some(h) => {
            let mut cube = h.cube.clone();
            let seq = crate::cells::apply_rows(Arc::make_mut(&mut cube), plan, &rows, since);
            (seq, cube)
        }
        None => {
            let mut cube = Cube::new(plan.width);
            let seq = crate::cells::apply_rows(&mut cube, plan, &rows, 0);
            (seq, Arc::new(cube))
        }
    };
    let generations = crate::generation::read_all(db).await?;
    let reported_generation = generations.get(REPORTED_SOURCE).copied().unwrap_or(0);
    let today = crate::clock::beijing_today();
    let reported = match &held {
        Some(h) if h.reported_generation == reported_generation && h.reported_day == today => {
            h.reported.clone()
        }
        _ => load_reported(db, engine, today).await?,
    };
    if let Ok(mut slot) = cache.0.lock()
        && slot.as_ref().is_none_or(|c| c.seq <= seq)
    {
        *slot = Some(Cached {
            seq,
            cube: cube.clone(),
            reported_generation,
            reported_day: today,
            reported: reported.clone(),
        });
    }
    Ok((cube, reported))
}

impl ScopedStore {
    /// 指标数据 — the data of every indicator computation, from the cache when no register or
    /// reported value changed since it was read; reported values under review count once
    /// their form is approved.
    pub async fn indicator_data(&self) -> Result<IndicatorData, StoreError> {
        self.indicator_data_with(false).await
    }

    /// 指标数据, with the reported values of forms not yet approved when `unapproved`
    /// (含未审核数据).
    pub async fn indicator_data_with(&self, unapproved: bool) -> Result<IndicatorData, StoreError> {
        let (catalog, plan) = plan_and_catalog()?;
        let (cube, reported) = cached_data(&self.db, &self.engine, &self.indicator_cache).await?;
        Ok(IndicatorData {
            catalog,
            plan,
            cube,
            reported: if unapproved {
                reported.all
            } else {
                reported.approved
            },
            tree: load_tree(&self.db).await?,
            unit_only: self.principal().scope == ScopeKind::Unit,
        })
    }

    /// 指标 — every indicator of the catalog for a unit in scope (with its subtree) and period,
    /// with 同比.
    pub async fn indicators(
        &self,
        org_code: &str,
        period: Period,
    ) -> Result<IndicatorSet, StoreError> {
        let org = self.get_org(org_code).await?;
        let data = self.indicator_data().await?;
        Ok(data.compute(org.id, period, true))
    }
}

impl Store {
    /// 重算指标数据 — recomputes the indicator cells from the registers (`fazhi indicators
    /// rebuild`); the number of cells not zero. Only needed after writes that bypassed the
    /// store (the benchmark's seeding, a repair by hand).
    /// The records' earliest open due dates behind the alerts and the deadline filters
    /// (migration 0017) are recomputed too.
    pub async fn rebuild_indicators(&self) -> Result<u64, StoreError> {
        crate::alerts::rebuild_due_records(&self.db).await?;
        crate::cells::rebuild(&self.db, crate::cells::plan()?).await
    }

    /// 指标数据核对 — the cells whose maintained value differs from a fresh aggregate of the
    /// registers, as `unit month column: kept ≠ actual` lines, then the records' kept earliest
    /// due dates and their counts (migration 0017) that differ from the clocks; empty when all
    /// agree.
    pub async fn indicator_drift(&self) -> Result<Vec<String>, StoreError> {
        let plan = crate::cells::plan()?;
        let actual = crate::db::in_tx!(read &self.db, conn => {
            crate::cells::aggregate(conn, plan).await
        })?;
        let mut actual: std::collections::HashMap<(i64, String, i64), i64> = actual
            .into_iter()
            .filter(|c| c.3 != 0)
            .map(|(org, month, col, v)| {
                let col = i64::try_from(col).unwrap_or(i64::MAX);
                (
                    (org, format!("{:04}-{:02}", month.year, month.month), col),
                    v,
                )
            })
            .collect();
        let mut drift = Vec::new();
        for (org, month, col, kept, _) in crate::cells::read_since(&self.db, 0).await? {
            let real = actual.remove(&(org, month.clone(), col)).unwrap_or(0);
            if real != kept {
                drift.push(format!("{org} {month} {col}: {kept} ≠ {real}"));
            }
        }
        for ((org, month, col), real) in actual {
            drift.push(format!("{org} {month} {col}: 0 ≠ {real}"));
        }
        drift.sort();
        drift.extend(crate::alerts::due_records_drift(&self.db).await?);
        Ok(drift)
    }

    /// The naive way, for the benchmark: one aggregate query per computed indicator over the
    /// unit's current subtree and the period, no cube, no cache. Returns (key, value) pairs.
    pub async fn unscoped_indicators_naive(
        &self,
        org_id: OrgId,
        period: Period,
    ) -> Result<Vec<(String, Option<f64>)>, StoreError> {
        let (_, plan) = plan_and_catalog()?;
        let mut out = Vec::new();
        for (reg, group, column) in plan.columns() {
            let mut binds = Vec::new();
            let mut next = 4;
            let cond = conditions(&column.filters, &mut next, &mut binds);
            let sql = format!(
                "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT v.org_id \
                 FROM org_version v JOIN sub s ON v.parent_id = s.id WHERE v.valid_to IS NULL) \
                 SELECT COUNT(*), CAST(SUM(CASE WHEN {cond} THEN {} ELSE 0 END) AS BIGINT) FROM {} r \
                 WHERE r.org_id IN (SELECT id FROM sub) AND r.{d} >= $2 AND r.{d} <= $3",
                measure_sql(column.measure),
                reg.def.table,
                d = group.date.key
            );
            let (n, v): (i64, Option<i64>) = on_db!(&self.db, pool => {
                bind_all!(sqlx::query_as(AssertSqlSafe(sql)).bind(org_id.get()).bind(period.first_day()).bind(period.last_day()), &binds)
                    .fetch_one(pool).await?
            });
            let scale = match column.measure {
                Measure::Count => 1.0,
                Measure::Sum { scale, .. } => scale,
            };
            out.push((
                column.key.clone(),
                (n > 0).then(|| v.unwrap_or(0) as f64 * scale),
            ));
        }
        Ok(out)
    }

    /// Reads the indicator cube and the reported values into the cache every handle of this
    /// store shares; `fazhi serve` calls it at its start, so the first dashboard does not wait
    /// for the read (41–90 ms in the demo city on PostgreSQL, about 0.3 s at a province of
    /// 20 M cases).
    pub async fn warm_indicator_cache(&self) -> Result<(), StoreError> {
        cached_data(&self.db, &self.engine, &self.indicator_cache)
            .await
            .map(|_| ())
    }

    /// Drops the cached cube (the benchmark measures cold and warm runs).
    pub fn clear_indicator_cache(&self) {
        if let Ok(mut slot) = self.indicator_cache.0.lock() {
            *slot = None;
        }
    }
}

/// A synthetic value of a field for the benchmark seeder (row `i`, period date `day`).
#[cfg(feature = "bench-seed")]
fn bench_value(
    def: &RegisterDef,
    field: &FieldDef,
    i: u64,
    day: NaiveDate,
) -> fazhi_domain::register::Value {
    let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 17;
    let hk = h ^ (field.key.len() as u64).wrapping_mul(0x2545_F491);
    if field.key == def.natural_key {
        return Value::Text(format!("B{i}"));
    }
    if field.key == def.period_field {
        return Value::Date(day);
    }
    if !field.required && hk.is_multiple_of(4) {
        return Value::Null;
    }
    match field.kind {
        FieldKind::Date => Value::Date(day + chrono::Days::new(hk % 60)),
        FieldKind::Enum(o) | FieldKind::EnumSet(o) => {
            Value::Text(o[(hk % o.len() as u64) as usize].code.to_owned())
        }
        FieldKind::Bool => Value::Bool(hk.is_multiple_of(2)),
        FieldKind::Amount => Value::Fen(i64::try_from(hk % 10_000_000).unwrap_or(0)),
        FieldKind::Integer { min, max } => {
            Value::Int(min + i64::try_from(hk % 10).unwrap_or(0).min(max - min))
        }
        FieldKind::Link => Value::Null,
        FieldKind::CitizenId | FieldKind::PartyId => Value::Text("11010519491231002X".into()),
        FieldKind::CreditCode => Value::Null,
        FieldKind::Text { .. } => Value::Text("基准".into()),
    }
}

impl Store {
    /// 基准数据 — fills register `def` with `n` synthetic rows owned by `orgs` (dates over
    /// 2023–2025): 500 distinct rows by multi-row INSERT, then doubled by `INSERT … SELECT`
    /// (natural key suffixed) until `n`. For `fazhi bench indicators` only; no audit.
    #[cfg(feature = "bench-seed")]
    pub async fn unscoped_seed_bench_register(
        &self,
        def: &'static RegisterDef,
        orgs: &[OrgId],
        n: u64,
    ) -> Result<u64, StoreError> {
        const BATCH: u64 = 500;
        let first = n.min(BATCH);
        let cols: Vec<&str> = def.fields.iter().map(|f| f.key).collect();
        let width = cols.len() + 1;
        let rows_sql: Vec<String> = (0..first as usize)
            .map(|r| {
                let params: Vec<String> = (0..width)
                    .map(|c| format!("${}", r * width + c + 1))
                    .collect();
                format!(
                    "('520200', {}, 'bench', 'bench', {})",
                    params[0],
                    params[1..].join(", ")
                )
            })
            .collect();
        let insert = format!(
            "INSERT INTO {} (region_code, org_id, created_at, updated_at, {}) VALUES {}",
            def.table,
            cols.join(", "),
            rows_sql.join(", ")
        );
        let base = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or(NaiveDate::MIN);
        let orgs = if orgs.is_empty() {
            &[OrgId::new(0)][..]
        } else {
            orgs
        };
        on_db!(&self.db, pool => {
            let mut args = crate::bind::arguments_for(&pool)(0);
            let mut texts = crate::bind::SharedTexts::default();
            for i in 0..first {
                let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20;
                args.push(orgs[(h % orgs.len() as u64) as usize].get())?;
                let day = base + chrono::Days::new(h % 1096);
                for field in def.fields {
                    args.push_value(field.kind, bench_value(def, field, i, day), &mut texts)?;
                }
            }
            sqlx::query_with(AssertSqlSafe(insert), args).execute(pool).await?;
        });
        let mut have = first;
        let mut round = 0;
        let select: Vec<String> = cols
            .iter()
            .map(|c| {
                if *c == def.natural_key {
                    format!("{c} || '-' || $1")
                } else {
                    (*c).to_owned()
                }
            })
            .collect();
        let double = format!(
            "INSERT INTO {t} (region_code, org_id, created_at, updated_at, {}) \
             SELECT region_code, org_id, created_at, updated_at, {} FROM {t} ORDER BY id LIMIT $2",
            cols.join(", "),
            select.join(", "),
            t = def.table
        );
        while have < n {
            round += 1;
            let add = (n - have).min(have);
            on_db!(&self.db, pool => {
                sqlx::query(AssertSqlSafe(double.clone())).bind(round.to_string())
                    .bind(i64::try_from(add).unwrap_or(i64::MAX)).execute(pool).await?;
            });
            have += add;
        }
        Ok(have)
    }
}
