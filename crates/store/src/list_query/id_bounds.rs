//! 编号范围 — a text search's matches bounded by the ids of the records its period and its
//! units hold, probed once a request ([`ListQuery::id_range_probe`]).

use chrono::NaiveDate;
use fazhi_domain::register::RegisterDef;

use super::ListQuery;
use crate::indicators::Bind;

/// Most days of a period whose ids PostgreSQL probes day by day (two index look-ups a day).
pub(super) const DAYS_PROBED_MOST: i64 = 400;

/// Whether the period `from`–`to` is closed and at most [`DAYS_PROBED_MOST`] days long.
pub(super) fn few_days(from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    let days = from.zip(to).map(|(from, to)| (to - from).num_days());
    days.is_some_and(|days| (0..DAYS_PROBED_MOST).contains(&days))
}

impl ListQuery {
    /// With a text search and a period range or a limit to some units: the smallest and
    /// largest id of the records in that range and of those units (over the list's
    /// parameters), which bound the matches; were they unrelated to the matches, the bound
    /// would only be wide, never wrong. Asked once: the count and the page then bind the two
    /// ids. A search by `LIKE` (PostgreSQL) gets the bound as a condition.
    /// - **A period:** one scan of the period index. Ids follow the order records were
    ///   written, which follows their dates closely, so the matches between them are about
    ///   the period's (a month of a word in 645,182 records: 0.4 s → 60 ms on SQLite, count and
    ///   page then 60 → 20 ms; PostgreSQL's planner, not knowing that ids follow dates, walked
    ///   the newest ids back through 1.3 M records to reach a March, 248 ms). On PostgreSQL
    ///   a closed period of a few days is probed a day at a time instead: the first and last
    ///   id of each day are the ends of that day in the `(period, id, org_id)` index (a word and
    ///   a month at a province of 20 M cases: 149 → 5.1 ms; the city's probe 38.6 → 2.6 ms).
    /// - **Units:** two look-ups a unit in the register's `(org_id, id)` (migration 0036).
    ///   At a province the cities' records lie in id blocks, so a county clerk's search for a
    ///   common word walked the other cities' blocks first (2.8 s among 8.2 M cases).
    pub(crate) fn id_range_probe(&self, def: &RegisterDef) -> Option<String> {
        if !self.searches_text {
            return None;
        }
        let table = def.table;
        // `+ 0`: PostgreSQL otherwise answers MIN and MAX each by walking the primary key
        // from its end until a record of the period comes (231 ms for a March); so it scans
        // the period's index entries (14 ms). SQLite scans them either way.
        let ids = format!("SELECT MIN(r2.id + 0) AS low, MAX(r2.id + 0) AS high FROM {table} r2");
        match (&self.period_bounds, &self.unit_list) {
            // The period's records of the units: at a province their own city's block only.
            (Some(bounds), Some(units)) => {
                Some(format!("{ids} WHERE {bounds} AND r2.org_id IN ({units})"))
            }
            (Some(_), None) if self.period_days.is_some() => self.days_probe(def),
            (Some(bounds), None) => Some(format!("{ids} WHERE {bounds}")),
            (None, Some(units)) => {
                let first = |order: &str| {
                    format!(
                        "(SELECT r2.id FROM {table} r2 WHERE r2.org_id = u.id \
                         ORDER BY r2.id{order} LIMIT 1)"
                    )
                };
                Some(format!(
                    "SELECT MIN({}) AS low, MAX({}) AS high FROM org_unit u WHERE u.id IN ({units})",
                    first(""),
                    first(" DESC")
                ))
            }
            (None, None) => None,
        }
    }

    /// The smallest and largest id of a closed period's records, two index look-ups a day
    /// (PostgreSQL, [`ListQuery::id_range_probe`]).
    fn days_probe(&self, def: &RegisterDef) -> Option<String> {
        let (from, to) = self.period_days.as_ref()?;
        let (table, period) = (def.table, def.period_field);
        let end = |order: &str| {
            format!(
                "(SELECT r2.id FROM {table} r2 WHERE r2.{period} = CAST(d.day AS DATE) \
                 ORDER BY r2.id{order} LIMIT 1)"
            )
        };
        Some(format!(
            "SELECT MIN({}) AS low, MAX({}) AS high FROM generate_series(CAST({from} AS DATE), \
             CAST({to} AS DATE), INTERVAL '1 day') AS d(day)",
            end(""),
            end(" DESC")
        ))
    }

    /// Binds the probed id range ([`ListQuery::id_range_probe`]); no record in the period or
    /// the units (`None`) bounds the matches to none.
    pub(crate) fn bound_ids(&mut self, range: (Option<i64>, Option<i64>)) {
        let (low, high) = match range {
            (Some(low), Some(high)) => (low, high),
            _ => (1, 0),
        };
        let low = self.param(Bind::Int(low));
        let high = self.param(Bind::Int(high));
        if self.text.is_none() {
            self.conditions
                .push(format!("r.id BETWEEN {low} AND {high}"));
        }
        self.id_bounds = Some((low, high));
    }

    /// The bound of the FTS5 matches by the probed ids.
    pub(super) fn id_range(&self, fts: &str) -> Option<String> {
        let (low, high) = self.id_bounds.as_ref()?;
        Some(format!("{fts}.rowid BETWEEN {low} AND {high}"))
    }
}
