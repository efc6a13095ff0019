//! 检索计划 — how a text search meets a list's other conditions, asked of the database once a
//! request before the list's count and page are read ([`TextPlan`]).

use fazhi_domain::register::RegisterDef;
use serde_json::Value;
use sqlx::AssertSqlSafe;
use sqlx::types::Json;

use crate::db::{Db, on_db};
use crate::indicators::bind_all;
use crate::list_query::{DRIVE_FROM_TEXT_MOST, ListQuery, TEST_ROWS_MOST, TextPlan};
use crate::{ScopedStore, StoreError};

/// Largest share of a register the other conditions may leave for PostgreSQL's capped count of
/// a `LIKE` search to be left to the planner ([`ScopedStore::plan_by_estimate`]).
const FEW_SHARE: f64 = 0.01;

impl ScopedStore {
    /// How a text search meets the other conditions. SQLite's FTS5: a common word (more
    /// matches than the probe's cap) among few records left by them is tested on their rows.
    /// PostgreSQL's `LIKE`: by the planner's estimate of those records
    /// ([`ListQuery::rows_probe`]).
    pub(crate) async fn text_plan(
        &self,
        def: &RegisterDef,
        list: &ListQuery,
    ) -> Result<TextPlan, StoreError> {
        if let Some(sql) = list.rows_probe(def) {
            return self.plan_by_estimate(def, list, sql).await;
        }
        let Some((sql, phrase)) = list.text_probe() else {
            return Ok(TextPlan::FromMatches);
        };
        let matches: i64 = on_db!(&self.db, pool => {
            sqlx::query_scalar(AssertSqlSafe(sql)).bind(phrase).fetch_one(pool).await?
        });
        if matches <= DRIVE_FROM_TEXT_MOST {
            return Ok(TextPlan::FromMatches);
        }
        let others: i64 = on_db!(&self.db, pool => {
            bind_all!(sqlx::query_scalar(AssertSqlSafe(list.others_probe(def))), &list.binds)
                .fetch_one(pool)
                .await?
        });
        Ok(if others <= TEST_ROWS_MOST {
            TextPlan::OnTheirRows
        } else {
            TextPlan::FromMatches
        })
    }

    /// PostgreSQL: [`TextPlan::OnTheirRows`] when the planner expects the conditions other than
    /// the text (the plan `sql` of [`ListQuery::rows_probe`]) to leave at most [`FEW_SHARE`]
    /// of the register, or [`TEST_ROWS_MOST`] records. A share, not a number: 已撤销 is
    /// 42,000 cases at a province of 20 M and 4,000 in a city, 0.2 % of both, and its index
    /// finds a word's 1,001 matches among them (9 ms) where the walk of the newest cases took
    /// 270 ms; 已决定, 11 %, is still walked. Planning only, a fraction of a millisecond.
    async fn plan_by_estimate(
        &self,
        def: &RegisterDef,
        list: &ListQuery,
        sql: String,
    ) -> Result<TextPlan, StoreError> {
        let Db::Postgres(pool) = &self.db else {
            return Ok(TextPlan::FromMatches);
        };
        let plan: Json<Value> = bind_all!(sqlx::query_scalar(AssertSqlSafe(sql)), &list.binds)
            .fetch_one(pool)
            .await?;
        let rows = (plan.0.pointer("/0/Plan/Plan Rows"))
            .and_then(Value::as_f64)
            .unwrap_or(f64::MAX);
        let records: f32 =
            sqlx::query_scalar("SELECT reltuples FROM pg_class WHERE oid = CAST($1 AS regclass)")
                .bind(def.table)
                .fetch_one(pool)
                .await?;
        let few = (f64::from(records) * FEW_SHARE).max(TEST_ROWS_MOST as f64);
        Ok(if rows <= few {
            TextPlan::OnTheirRows
        } else {
            TextPlan::FromMatches
        })
    }
}
