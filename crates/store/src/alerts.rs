//! 期限预警 — records whose statutory clocks are overdue or fall due soon, counted per unit and
//! register. A record is overdue when the earliest due date of its open clocks has passed, and
//! due soon when that date is from today to the horizon; the counts come from
//! `deadline_due_records` and the lists' deadline filter tests `deadline_record_due` (migration
//! 0017, both kept by triggers on `deadline`), so every figure equals the list it opens.

use std::collections::HashMap;

use chrono::NaiveDate;
use fazhi_domain::RecordId;
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::StoreError;
use crate::db::{Db, in_tx, on_db};
use crate::indicators::{Bind, bind_all};
use crate::list_query::list_units;

/// 预警 — the records of one unit (that unit alone, not its sub-units) and register with an
/// open clock: how many are overdue and how many fall due soon.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AlertRow {
    pub org_code: String,
    pub org_name: String,
    pub register: String,
    pub overdue: i64,
    pub due_soon: i64,
}

impl crate::ScopedStore {
    /// 预警统计 — per unit and register, within the caller's scope and, with `under`, within that
    /// unit's subtree: the records overdue on `today` and those due from `today` to
    /// `soon_until`.
    pub async fn deadline_alerts(
        &self,
        today: NaiveDate,
        soon_until: NaiveDate,
        under: Option<&str>,
    ) -> Result<Vec<AlertRow>, StoreError> {
        let filter_org = match under {
            Some(code) => Some(self.get_org(code).await?.id.get()),
            None => None,
        };
        let units = list_units(&self.db, self.scope_params(), filter_org, true).await?;
        let mut binds = vec![Bind::Date(today), Bind::Date(soon_until)];
        let unit_condition = unit_condition("c", units, &mut binds);
        let sql = format!(
            "SELECT u.code AS org_code, v.name AS org_name, a.register, a.overdue, a.due_soon \
             FROM (SELECT c.register, c.org_id, \
             CAST(SUM(CASE WHEN c.due_date < $1 THEN c.records ELSE 0 END) AS BIGINT) AS overdue, \
             CAST(SUM(CASE WHEN c.due_date >= $1 THEN c.records ELSE 0 END) AS BIGINT) AS due_soon \
             FROM deadline_due_records c WHERE c.due_date <= $2 AND c.records > 0{unit_condition} \
             GROUP BY c.register, c.org_id) a \
             JOIN org_unit u ON u.id = a.org_id \
             JOIN org_version v ON v.org_id = u.id AND v.valid_to IS NULL \
             ORDER BY u.code, a.register"
        );
        on_db!(&self.db, pool => {
            Ok(bind_all!(sqlx::query_as::<_, AlertRow>(AssertSqlSafe(sql)), &binds)
                .fetch_all(pool).await?)
        })
    }
}

impl crate::ScopedStore {
    /// 暂估期限 — the records in scope (within the subtree of `under`) whose earliest open due
    /// date is provisional: after `last_day`, the last day of the last year with a loaded
    /// holiday notice (a clock of 60 days opened in December). Counted from the kept counts.
    pub async fn provisional_due_records(
        &self,
        last_day: NaiveDate,
        under: Option<&str>,
    ) -> Result<i64, StoreError> {
        Ok(self
            .provisional_due_by_register(last_day, under)
            .await?
            .iter()
            .map(|(_, n)| n)
            .sum())
    }

    /// [`Self::provisional_due_records`] by register (key, records), so that each count can
    /// open its list (`due=provisional`).
    pub async fn provisional_due_by_register(
        &self,
        last_day: NaiveDate,
        under: Option<&str>,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let filter_org = match under {
            Some(code) => Some(self.get_org(code).await?.id.get()),
            None => None,
        };
        let units = list_units(&self.db, self.scope_params(), filter_org, true).await?;
        let mut binds = vec![Bind::Date(last_day)];
        let unit_condition = unit_condition("c", units, &mut binds);
        let sql = format!(
            "SELECT c.register, CAST(SUM(c.records) AS BIGINT) FROM deadline_due_records c \
             WHERE c.due_date > $1{unit_condition} GROUP BY c.register ORDER BY c.register"
        );
        let rows: Vec<(String, i64)> = on_db!(&self.db, pool => {
            bind_all!(sqlx::query_as(AssertSqlSafe(sql)), &binds).fetch_all(pool).await?
        });
        Ok(rows.into_iter().filter(|(_, n)| *n > 0).collect())
    }

    /// 届满日 — the earliest open due date of each of the records `ids` of `register` (a
    /// deadline list's page shows it, with the days overdue) within the caller's scope;
    /// records without an open clock with a due date, or out of scope, are missing.
    pub async fn earliest_due_dates(
        &self,
        register: &str,
        ids: &[RecordId],
    ) -> Result<HashMap<RecordId, NaiveDate>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let units = list_units(&self.db, self.scope_params(), None, true).await?;
        let mut binds = vec![Bind::Text(register.to_owned())];
        let records = placeholders(ids.iter().map(|id| id.get()), &mut binds);
        let unit_condition = unit_condition("o", units, &mut binds);
        let sql = format!(
            "SELECT o.record_id, o.due_date FROM deadline_record_due o \
             WHERE o.register = $1 AND o.record_id IN ({records}){unit_condition}"
        );
        let rows: Vec<(i64, NaiveDate)> = on_db!(&self.db, pool => {
            bind_all!(sqlx::query_as(AssertSqlSafe(sql)), &binds).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, due)| (RecordId::new(id), due))
            .collect())
    }
}

/// ` AND {alias}.org_id IN (…)` for the units a list may show (nothing when all; none when
/// empty), the units bound after `binds`.
fn unit_condition(alias: &str, units: Option<Vec<i64>>, binds: &mut Vec<Bind>) -> String {
    match units {
        None => String::new(),
        Some(units) if units.is_empty() => " AND 1 = 0".to_owned(),
        Some(units) => format!(" AND {alias}.org_id IN ({})", placeholders(units, binds)),
    }
}

/// The placeholders of `values`, bound after `binds`, separated by commas.
fn placeholders(values: impl IntoIterator<Item = i64>, binds: &mut Vec<Bind>) -> String {
    let names: Vec<String> = values
        .into_iter()
        .map(|v| {
            binds.push(Bind::Int(v));
            format!("${}", binds.len())
        })
        .collect();
    names.join(", ")
}

/// The earliest open due date of every record with an open clock, from the clocks themselves.
pub(crate) const RECORD_DUE_SQL: &str = "SELECT register, record_id, MAX(org_id) AS org_id, \
     MIN(due_date) AS due_date FROM deadline WHERE done_date IS NULL AND due_date IS NOT NULL \
     GROUP BY register, record_id";

/// Recomputes the records' earliest open due dates and their counts (migration 0017), for a
/// repair by hand or writes that bypassed the triggers.
pub(crate) async fn rebuild_due_records(db: &Db) -> Result<(), StoreError> {
    in_tx!(db, conn => {
        sqlx::query("DELETE FROM deadline_record_due").execute(&mut *conn).await?;
        sqlx::query("DELETE FROM deadline_due_records").execute(&mut *conn).await?;
        // The insert trigger of `deadline_record_due` counts each row.
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO deadline_record_due (register, record_id, org_id, due_date) {RECORD_DUE_SQL}"
        )))
        .execute(&mut *conn)
        .await?;
        Ok::<(), StoreError>(())
    })
}

/// Where the kept due dates and counts (migration 0017) differ from the clocks, as lines
/// (empty when they agree): records whose kept earliest due date is wrong or missing, then
/// (register, unit, date) groups whose count is not the number of such records.
pub(crate) async fn due_records_drift(db: &Db) -> Result<Vec<String>, StoreError> {
    let records = format!(
        "SELECT x.register, x.record_id, CAST(x.due_date AS TEXT), CAST(k.due_date AS TEXT) \
         FROM ({RECORD_DUE_SQL}) x LEFT JOIN deadline_record_due k \
         ON k.register = x.register AND k.record_id = x.record_id \
         WHERE k.due_date IS NULL OR k.due_date <> x.due_date OR k.org_id <> x.org_id \
         UNION ALL \
         SELECT k.register, k.record_id, NULL, CAST(k.due_date AS TEXT) \
         FROM deadline_record_due k LEFT JOIN ({RECORD_DUE_SQL}) x \
         ON k.register = x.register AND k.record_id = x.record_id WHERE x.record_id IS NULL"
    );
    let counts = "SELECT register, org_id, CAST(due_date AS TEXT) AS due, \
         CAST(SUM(kept) AS BIGINT), CAST(SUM(counted) AS BIGINT) \
         FROM (SELECT register, org_id, due_date, records AS kept, 0 AS counted \
               FROM deadline_due_records \
               UNION ALL \
               SELECT register, org_id, due_date, 0, COUNT(*) FROM deadline_record_due \
               GROUP BY register, org_id, due_date) c \
         GROUP BY register, org_id, due_date HAVING SUM(kept) <> SUM(counted) \
         ORDER BY register, org_id, due";
    type RecordDrift = (String, i64, Option<String>, Option<String>);
    type CountDrift = (String, i64, String, i64, i64);
    let (records, counts): (Vec<RecordDrift>, Vec<CountDrift>) = on_db!(db, pool => {
        (
            sqlx::query_as(AssertSqlSafe(records)).fetch_all(pool).await?,
            sqlx::query_as(counts).fetch_all(pool).await?,
        )
    });
    let none = |d: Option<String>| d.unwrap_or_else(|| "无".to_owned());
    Ok(records
        .into_iter()
        .map(|(register, record, real, kept)| {
            format!(
                "最早届满日 {register} {record}: {} ≠ {}",
                none(kept),
                none(real)
            )
        })
        .chain(
            counts
                .into_iter()
                .map(|(register, org, due, kept, counted)| {
                    format!("到期记录数 {register} {org} {due}: {kept} ≠ {counted}")
                }),
        )
        .collect())
}
