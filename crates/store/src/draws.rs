//! 随机抽取 — draws of records for 案卷评查 and 双随机 (issue 20), with the method of
//! `fazhi_domain::draw`: the population is every record of one register, dated in one year, of
//! a unit's subtree within the caller's scope; the draw is written once with its parameters,
//! seed, population fingerprint and list, audited, and never changed (migration 0024). Anyone
//! may re-run it ([`ScopedStore::verify_draw`], `fazhi draw verify`).

use chrono::NaiveDate;
use fazhi_domain::account::Role;
use fazhi_domain::audit::AuditAction;
use fazhi_domain::draw::{Candidate, DrawSpec, Drawn, draw};
use fazhi_domain::register::RegisterDef;
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

type DrawRow = (
    i64,
    String,
    String,
    String,
    String,
    i32,
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
);

const SELECT_DRAW: &str = "SELECT d.id, u.code, v.name, d.register, d.campaign, d.year, \
    d.per_unit, d.seed_source, d.seed, d.population, d.population_digest, d.drawn, \
    d.created_at, d.created_by FROM record_draw d JOIN org_unit u ON u.id = d.org_id \
    JOIN org_version v ON v.org_id = u.id AND v.valid_to IS NULL";

fn stored(row: DrawRow) -> Result<StoredDraw, StoredDrawError> {
    let drawn = serde_json::from_str(&row.11).map_err(|_| StoredDrawError(row.0))?;
    Ok(StoredDraw {
        id: row.0,
        org_code: row.1,
        org_name: row.2,
        register: row.3,
        campaign: row.4,
        year: row.5,
        per_unit: row.6,
        seed_source: row.7,
        seed: row.8,
        population: row.9,
        population_digest: row.10,
        drawn,
        created_at: row.12,
        created_by: row.13,
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
) -> Result<Result<fazhi_domain::draw::DrawOutcome, fazhi_domain::DomainError>, StoreError> {
    tokio::task::spawn_blocking(move || draw(&spec, &population))
        .await
        .map_err(|e| StoreError::Database(format!("随机抽取未能完成:{e}")))
}

impl ScopedStore {
    /// The population of a draw: every record of `register` dated in `year` whose unit lies in
    /// `under`'s subtree and in the caller's scope.
    async fn draw_population(
        &self,
        register: &'static RegisterDef,
        under: &str,
        year: i32,
    ) -> Result<Vec<Candidate>, StoreError> {
        let org = self.get_org(under).await?;
        let (from, to) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        );
        let (Some(from), Some(to)) = (from, to) else {
            return Err(StoreError::Conflict(format!("年度 {year} 无效")));
        };
        let sql = format!(
            "{SCOPE_CTE}, under_ids(id) AS (SELECT CAST($3 AS BIGINT) UNION SELECT v.org_id \
             FROM org_version v JOIN under_ids s ON v.parent_id = s.id WHERE v.valid_to IS NULL) \
             SELECT r.id, u.code, r.{key} FROM {table} r JOIN org_unit u ON u.id = r.org_id \
             WHERE {IN_SCOPE} AND r.org_id IN (SELECT id FROM under_ids) \
             AND r.{period} >= $4 AND r.{period} <= $5",
            key = register.natural_key,
            table = register.table,
            period = register.period_field,
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

    /// Runs a draw and records it (依法治市办 or administrator): parameters, seed, population
    /// fingerprint and list, in one audited transaction. A campaign name is used once.
    pub async fn run_draw(&self, new: NewDraw) -> Result<StoredDraw, StoreError> {
        let p = self.principal();
        self.require(matches!(p.role, Role::Admin | Role::Office), "随机抽取")?;
        new.spec.check()?;
        let org = self.get_org(&new.under).await?;
        let population = self
            .draw_population(new.register, &new.under, new.year)
            .await?;
        let outcome = draw_blocking(new.spec.clone(), population).await??;
        let drawn = serde_json::to_string(&outcome.drawn)
            .map_err(|e| StoreError::Conflict(e.to_string()))?;
        let now = crate::clock::now_rfc3339();
        let actor = p.username.clone();
        let after = serde_json::json!({
            "register": new.register.key, "under": org.code, "year": new.year,
            "campaign": new.spec.campaign.trim(), "per_unit": new.spec.per_unit,
            "seed_source": new.spec.seed_source.trim(), "seed": outcome.seed,
            "population": outcome.population, "population_digest": outcome.population_digest,
            "drawn": outcome.drawn.iter().map(|d| &d.number).collect::<Vec<_>>(),
        });
        let id: i64 = in_tx!(&self.db, conn => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO record_draw (region_code, org_id, register, campaign, year, per_unit, \
                 seed_source, seed, population, population_digest, drawn, created_at, created_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            )
            .bind(&org.region_code).bind(org.id.get()).bind(new.register.key)
            .bind(new.spec.campaign.trim()).bind(new.year)
            .bind(i64::try_from(new.spec.per_unit).unwrap_or(i64::MAX))
            .bind(new.spec.seed_source.trim()).bind(&outcome.seed)
            .bind(i64::try_from(outcome.population).unwrap_or(i64::MAX))
            .bind(&outcome.population_digest).bind(&drawn).bind(&now).bind(&actor)
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

    /// Re-runs draw `id` from its recorded parameters against the register as it is now.
    pub async fn verify_draw(&self, id: i64) -> Result<DrawCheck, StoreError> {
        let d = self.get_draw(id).await?;
        let register = fazhi_domain::register::by_key(&d.register).ok_or_else(|| {
            StoreError::Conflict(format!("抽取记录所用的登记簿 {} 已不存在", d.register))
        })?;
        let population = self.draw_population(register, &d.org_code, d.year).await?;
        let spec = DrawSpec {
            campaign: d.campaign.clone(),
            seed_source: d.seed_source.clone(),
            per_unit: usize::try_from(d.per_unit).unwrap_or(0),
        };
        let population_now = population.len();
        let (same_population, same_draw) = match draw_blocking(spec, population).await? {
            Ok(outcome) => (
                i64::try_from(outcome.population).ok() == Some(d.population)
                    && outcome.population_digest == d.population_digest,
                outcome.seed == d.seed && outcome.drawn == d.drawn,
            ),
            // The population is empty now, or too small for the recorded size.
            Err(_) => (false, false),
        };
        Ok(DrawCheck {
            same_population,
            population_now,
            same_draw,
        })
    }
}
