//! 随机抽取 — draws of records for 案卷评查 and 双随机 (issue 20), with the method of
//! `fazhi_domain::draw`: the population is every record of one register, dated in one year, of
//! a unit's subtree within the caller's scope; the draw is written once with its parameters,
//! seed, population fingerprint and list, audited, and never changed (migration 0024). Anyone
//! may re-run it ([`ScopedStore::verify_draw`], `fazhi draw verify`).

use chrono::NaiveDate;
use fazhi_domain::account::Role;
use fazhi_domain::audit::AuditAction;
use fazhi_domain::draw::officers::{Avoidance, pool_digest, send_officers};
use fazhi_domain::draw::{Candidate, DrawOutcome, DrawSpec, Drawn, draw};
use fazhi_domain::register::RegisterDef;
use fazhi_domain::register::double_random::INSPECTION_OBJECTS;
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::audit::{AuditPlace, audit_append};
use crate::db::{in_tx, on_db};
use crate::scope::{IN_SCOPE, SCOPE_CTE};
use crate::{ScopedStore, StoreError};

/// A draw to run: what, from where, and how.
#[derive(Debug, Clone)]
pub struct NewDraw {
    pub register: &'static RegisterDef,
    /// The unit whose subtree the records come from.
    pub under: String,
    pub year: i32,
    pub spec: DrawSpec,
    /// 双随机 only: 交叉检查 (no officer of an object's own unit).
    pub cross_check: bool,
}

/// A stored draw.
#[derive(Debug, Clone, Serialize)]
pub struct StoredDraw {
    pub id: i64,
    pub org_code: String,
    pub org_name: String,
    pub register: String,
    pub campaign: String,
    pub year: i32,
    pub per_unit: i64,
    pub seed_source: String,
    pub seed: String,
    pub population: i64,
    pub population_digest: String,
    pub drawn: Vec<Drawn>,
    pub created_at: String,
    pub created_by: String,
    /// 双随机: the officers' pool the draw sent officers from; `None` for case files.
    pub officers: Option<OfficerPool>,
}

/// The officers' pool of a 双随机 draw, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfficerPool {
    /// Certificates valid on the day of the draw, under the draw's unit.
    pub size: i64,
    /// [`fazhi_domain::draw::officers::pool_digest`].
    pub digest: String,
    /// 交叉检查: no officer of an object's own unit.
    pub cross_check: bool,
}

/// What a re-run found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrawCheck {
    /// The register still holds the same population (count and digest).
    pub same_population: bool,
    /// The population's size now.
    pub population_now: usize,
    /// The re-run drew the same records.
    pub same_draw: bool,
}

#[derive(sqlx::FromRow)]
struct DrawRow {
    id: i64,
    org_code: String,
    org_name: String,
    register: String,
    campaign: String,
    year: i32,
    per_unit: i64,
    seed_source: String,
    seed: String,
    population: i64,
    population_digest: String,
    drawn: String,
    created_at: String,
    created_by: String,
    officer_pool: Option<i64>,
    officer_pool_digest: Option<String>,
    cross_check: Option<bool>,
}

const SELECT_DRAW: &str = "SELECT d.id, u.code AS org_code, v.name AS org_name, d.register, \
    d.campaign, d.year, d.per_unit, d.seed_source, d.seed, d.population, d.population_digest, \
    d.drawn, d.created_at, d.created_by, d.officer_pool, d.officer_pool_digest, d.cross_check \
    FROM record_draw d JOIN org_unit u ON u.id = d.org_id \
    JOIN org_version v ON v.org_id = u.id AND v.valid_to IS NULL";

fn stored(row: DrawRow) -> Result<StoredDraw, StoredDrawError> {
    let drawn = serde_json::from_str(&row.drawn).map_err(|_| StoredDrawError(row.id))?;
    Ok(StoredDraw {
        id: row.id,
        org_code: row.org_code,
        org_name: row.org_name,
        register: row.register,
        campaign: row.campaign,
        year: row.year,
        per_unit: row.per_unit,
        seed_source: row.seed_source,
        seed: row.seed,
        population: row.population,
        population_digest: row.population_digest,
        drawn,
        created_at: row.created_at,
        created_by: row.created_by,
        officers: row.officer_pool.map(|pool| OfficerPool {
            size: pool,
            digest: row.officer_pool_digest.unwrap_or_default(),
            cross_check: row.cross_check.unwrap_or(false),
        }),
    })
}

struct StoredDrawError(i64);

impl From<StoredDrawError> for StoreError {
    fn from(e: StoredDrawError) -> Self {
        StoreError::Conflict(format!("第{}号抽取记录的抽取结果无法读取", e.0))
    }
}

/// Runs [`draw`] on a blocking thread: a city-year's population is over a million records to
/// hash and sort, work that must not hold the async executor.
async fn draw_blocking(
    spec: DrawSpec,
    population: Vec<Candidate>,
) -> Result<Result<DrawOutcome, fazhi_domain::DomainError>, StoreError> {
    tokio::task::spawn_blocking(move || draw(&spec, &population))
        .await
        .map_err(|e| StoreError::Database(format!("随机抽取未能完成:{e}")))
}

/// The unit `$3` and its subtree (current versions), after [`SCOPE_CTE`].
pub(crate) const UNDER_CTE: &str = ", under_ids(id) AS (SELECT CAST($3 AS BIGINT) UNION \
    SELECT v.org_id FROM org_version v JOIN under_ids s ON v.parent_id = s.id \
    WHERE v.valid_to IS NULL)";

/// Whether a draw of `register` is a 双随机 draw (objects from the 检查对象名录库, officers sent).
fn is_double_random(register: &RegisterDef) -> bool {
    std::ptr::eq(register, &INSPECTION_OBJECTS)
}

impl ScopedStore {
    /// The population of a draw, of units in `under`'s subtree and in the caller's scope: the
    /// records of `register` dated in `year`; for the 检查对象名录库, the objects listed on
    /// `day` (纳入 on or before it, not yet 移出), whatever their year.
    async fn draw_population(
        &self,
        register: &'static RegisterDef,
        under: &str,
        year: i32,
        day: NaiveDate,
    ) -> Result<Vec<Candidate>, StoreError> {
        let org = self.get_org(under).await?;
        let (from, to) = if is_double_random(register) {
            (Some(day), Some(day))
        } else {
            (
                NaiveDate::from_ymd_opt(year, 1, 1),
                NaiveDate::from_ymd_opt(year, 12, 31),
            )
        };
        let (Some(from), Some(to)) = (from, to) else {
            return Err(StoreError::Conflict(format!("年度 {year} 无效")));
        };
        let dated = if is_double_random(register) {
            "r.listed_date <= $4 AND (r.removed_date IS NULL OR r.removed_date > $5)".to_owned()
        } else {
            format!("r.{0} >= $4 AND r.{0} <= $5", register.period_field)
        };
        let sql = format!(
            "{SCOPE_CTE}{UNDER_CTE} SELECT r.id, u.code, r.{key} FROM {table} r \
             JOIN org_unit u ON u.id = r.org_id \
             WHERE {IN_SCOPE} AND r.org_id IN (SELECT id FROM under_ids) AND {dated}",
            key = register.natural_key,
            table = register.table,
        );
        let (root, scope) = self.scope_params();
        let rows: Vec<(i64, String, String)> = on_db!(&self.db, pool => {
            sqlx::query_as(AssertSqlSafe(sql))
                .bind(root).bind(scope).bind(org.id.get()).bind(from).bind(to)
                .fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, unit, number)| Candidate { id, unit, number })
            .collect())
    }

    /// Draws from `register` as of `day` and, for a 双随机 draw, sends officers to the objects
    /// (pool and avoidance as of `day`, earlier draws before `before`).
    async fn draw_as_of(
        &self,
        new: &NewDraw,
        population: Vec<Candidate>,
        day: NaiveDate,
        before: Option<i64>,
    ) -> Result<(DrawOutcome, Option<OfficerPool>), StoreError> {
        let outcome = draw_blocking(new.spec.clone(), population).await??;
        if !is_double_random(new.register) {
            return Ok((outcome, None));
        }
        let pool = self.officer_pool(&new.under, day).await?;
        let region = self.get_org(&new.under).await?.region_code;
        let avoidance = Avoidance {
            cross_check: new.cross_check,
            earlier: self.earlier_pairs(&region, new.year, before).await?,
        };
        // A lot per object and certificate: hashing, kept off the async executor too.
        let (outcome, pool) = tokio::task::spawn_blocking(move || {
            let mut outcome = outcome;
            send_officers(&outcome.seed, &mut outcome.drawn, &pool, &avoidance)
                .map(|()| (outcome, pool))
        })
        .await
        .map_err(|e| StoreError::Database(format!("随机选派未能完成:{e}")))??;
        let recorded = OfficerPool {
            size: i64::try_from(pool.len()).unwrap_or(i64::MAX),
            digest: pool_digest(&pool),
            cross_check: new.cross_check,
        };
        Ok((outcome, Some(recorded)))
    }

    /// Runs a draw and records it (依法治市办 or administrator): parameters, seed, population
    /// fingerprint and list (with the officers sent, for 双随机), in one audited transaction.
    /// A campaign name is used once.
    pub async fn run_draw(&self, new: NewDraw) -> Result<StoredDraw, StoreError> {
        let p = self.principal();
        self.require(matches!(p.role, Role::Admin | Role::Office), "随机抽取")?;
        new.spec.check()?;
        let org = self.get_org(&new.under).await?;
        let now = crate::clock::now_rfc3339();
        let day = crate::clock::beijing_day(&now).unwrap_or_else(crate::clock::beijing_today);
        let population = self
            .draw_population(new.register, &new.under, new.year, day)
            .await?;
        let (outcome, pool) = self.draw_as_of(&new, population, day, None).await?;
        let drawn = serde_json::to_string(&outcome.drawn)
            .map_err(|e| StoreError::Conflict(e.to_string()))?;
        let actor = p.username.clone();
        let after = serde_json::json!({
            "register": new.register.key, "under": org.code, "year": new.year,
            "campaign": new.spec.campaign.trim(), "per_unit": new.spec.per_unit,
            "seed_source": new.spec.seed_source.trim(), "seed": outcome.seed,
            "population": outcome.population, "population_digest": outcome.population_digest,
            "drawn": outcome.drawn.iter().map(|d| &d.number).collect::<Vec<_>>(),
            "officers": &pool,
        });
        let id: i64 = in_tx!(&self.db, conn => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO record_draw (region_code, org_id, register, campaign, year, per_unit, \
                 seed_source, seed, population, population_digest, drawn, created_at, created_by, \
                 officer_pool, officer_pool_digest, cross_check) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
                 RETURNING id",
            )
            .bind(&org.region_code).bind(org.id.get()).bind(new.register.key)
            .bind(new.spec.campaign.trim()).bind(new.year)
            .bind(i64::try_from(new.spec.per_unit).unwrap_or(i64::MAX))
            .bind(new.spec.seed_source.trim()).bind(&outcome.seed)
            .bind(i64::try_from(outcome.population).unwrap_or(i64::MAX))
            .bind(&outcome.population_digest).bind(&drawn).bind(&now).bind(&actor)
            .bind(pool.as_ref().map(|p| p.size))
            .bind(pool.as_ref().map(|p| p.digest.clone()))
            .bind(pool.as_ref().map(|p| p.cross_check))
            .fetch_one(&mut *conn).await?;
            audit_append!(conn, actor, AuditAction::Create, "record_draw", id,
                AuditPlace::new(&org.region_code, org.id), None::<&serde_json::Value>, Some(&after));
            Ok::<i64, StoreError>(id)
        })?;
        self.get_draw(id).await
    }

    /// The draws of units in the caller's scope, newest first.
    pub async fn list_draws(&self) -> Result<Vec<StoredDraw>, StoreError> {
        let sql = format!("{SCOPE_CTE} {SELECT_DRAW} WHERE {IN_SCOPE} ORDER BY d.id DESC");
        let (root, scope) = self.scope_params();
        let rows: Vec<DrawRow> = on_db!(&self.db, pool => {
            sqlx::query_as(AssertSqlSafe(sql)).bind(root).bind(scope).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| stored(r).map_err(StoreError::from))
            .collect()
    }

    /// One draw, if its unit is in the caller's scope.
    pub async fn get_draw(&self, id: i64) -> Result<StoredDraw, StoreError> {
        let sql = format!("{SCOPE_CTE} {SELECT_DRAW} WHERE {IN_SCOPE} AND d.id = $3");
        let (root, scope) = self.scope_params();
        let row: Option<DrawRow> = on_db!(&self.db, pool => {
            sqlx::query_as(AssertSqlSafe(sql)).bind(root).bind(scope).bind(id)
                .fetch_optional(pool).await?
        });
        let row = row.ok_or_else(|| StoreError::NotFound {
            entity: "随机抽取记录",
            key: id.to_string(),
        })?;
        Ok(stored(row)?)
    }

    /// Re-runs draw `id` from its recorded parameters against the registers as they are now,
    /// as of the day it ran (the objects listed and the certificates valid that day, the
    /// earlier draws before it).
    pub async fn verify_draw(&self, id: i64) -> Result<DrawCheck, StoreError> {
        let d = self.get_draw(id).await?;
        let register = fazhi_domain::register::by_key(&d.register).ok_or_else(|| {
            StoreError::Conflict(format!("抽取记录所用的登记簿 {} 已不存在", d.register))
        })?;
        let day = crate::clock::beijing_day(&d.created_at)
            .ok_or_else(|| StoreError::Conflict(format!("第{id}号抽取记录的抽取时间无法读取")))?;
        let new = NewDraw {
            register,
            under: d.org_code.clone(),
            year: d.year,
            spec: DrawSpec {
                campaign: d.campaign.clone(),
                seed_source: d.seed_source.clone(),
                per_unit: usize::try_from(d.per_unit).unwrap_or(0),
            },
            cross_check: d.officers.as_ref().is_some_and(|p| p.cross_check),
        };
        let population = self
            .draw_population(register, &d.org_code, d.year, day)
            .await?;
        let population_now = population.len();
        let checked = self.draw_as_of(&new, population, day, Some(id)).await;
        let (same_population, same_draw) = match checked {
            Ok((outcome, pool)) => (
                i64::try_from(outcome.population).ok() == Some(d.population)
                    && outcome.population_digest == d.population_digest
                    && pool == d.officers,
                outcome.seed == d.seed && outcome.drawn == d.drawn,
            ),
            // The population is empty now, too small for the recorded size, or too few
            // officers are left: not the same.
            Err(StoreError::Invalid(_)) => (false, false),
            Err(other) => return Err(other),
        };
        Ok(DrawCheck {
            same_population,
            population_now,
            same_draw,
        })
    }
}
