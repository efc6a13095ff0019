//! 执法数据公开 — each unit's published enforcement decisions counted by kind and year, and the
//! units of the public pages. Counts only: no party, no case.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use fazhi_domain::register::enforcement::KINDS;

use crate::db::on_db;
use crate::{Db, StoreError};

/// How long a unit's counts are served before they are counted again.
const COUNTS_MAX_AGE: Duration = Duration::from_secs(300);

/// A unit as the public pages name it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PublicUnit {
    pub code: String,
    pub name: String,
    pub kind: String,
}

/// Decisions of one kind in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindYearCount {
    pub year: i32,
    /// 执法类别 label (处罚, 许可 …).
    pub kind: &'static str,
    pub count: i64,
}

pub(super) async fn units(db: &Db) -> Result<Vec<PublicUnit>, StoreError> {
    let sql = "SELECT u.code, v.name, u.kind FROM org_unit u \
               JOIN org_version v ON v.org_id = u.id AND v.valid_to IS NULL ORDER BY u.code";
    on_db!(db, pool => {
        Ok(sqlx::query_as::<_, PublicUnit>(sql).fetch_all(pool).await?)
    })
}

/// A unit's counts and when they were counted.
type Counted = (Instant, Arc<Vec<KindYearCount>>);

/// Counts per unit code, each kept for [`COUNTS_MAX_AGE`].
#[derive(Debug, Default)]
pub(super) struct CountCache {
    counts: Mutex<HashMap<String, Counted>>,
}

impl CountCache {
    /// The unit's counts; `None` for an unknown unit.
    pub(super) async fn get(
        &self,
        db: &Db,
        code: &str,
    ) -> Result<Option<Arc<Vec<KindYearCount>>>, StoreError> {
        if let Ok(cache) = self.counts.lock()
            && let Some((at, counts)) = cache.get(code)
            && at.elapsed() < COUNTS_MAX_AGE
        {
            return Ok(Some(counts.clone()));
        }
        let Some(counts) = count(db, code).await? else {
            return Ok(None);
        };
        let counts = Arc::new(counts);
        if let Ok(mut cache) = self.counts.lock() {
            cache.insert(code.to_owned(), (Instant::now(), counts.clone()));
        }
        Ok(Some(counts))
    }
}

/// Decided, published and not revoked cases of the unit, by kind and year of decision.
async fn count(db: &Db, code: &str) -> Result<Option<Vec<KindYearCount>>, StoreError> {
    let unit: Option<i64> = on_db!(db, pool => {
        sqlx::query_scalar("SELECT id FROM org_unit WHERE code = $1").bind(code).fetch_optional(pool).await?
    });
    let Some(unit) = unit else {
        return Ok(None);
    };
    let sql = "SELECT kind, decision_date, COUNT(*) FROM enforcement_case \
               WHERE org_id = $1 AND published_date IS NOT NULL AND decision_date IS NOT NULL \
               AND status <> 'revoked' GROUP BY kind, decision_date";
    let rows: Vec<(String, NaiveDate, i64)> = on_db!(db, pool => {
        sqlx::query_as(sql).bind(unit).fetch_all(pool).await?
    });
    let mut totals: BTreeMap<(i32, usize), i64> = BTreeMap::new();
    for (kind, day, n) in rows {
        let position = KINDS
            .iter()
            .position(|k| k.code == kind)
            .unwrap_or(KINDS.len() - 1);
        *totals.entry((-day.year(), position)).or_default() += n;
    }
    Ok(Some(
        totals
            .into_iter()
            .map(|((year, kind), count)| KindYearCount {
                year: -year,
                kind: KINDS[kind].label,
                count,
            })
            .collect(),
    ))
}
