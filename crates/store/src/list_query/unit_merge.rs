//! PostgreSQL's list plans at a province: a page of a few units merged from each unit's index
//! ([`ListQuery::unit_merge`]), and the probe of the records a text search's other conditions
//! leave ([`ListQuery::rows_probe`]).

use fazhi_domain::register::RegisterDef;

use super::{ListQuery, where_of};

/// Most units whose page is merged from each unit's index (each is one branch of the plan).
pub(crate) const MERGED_UNITS_MOST: usize = 64;

impl ListQuery {
    /// 按单位合并 — PostgreSQL, a page of a list without a text search or deadline filter,
    /// limited to 2 to [`MERGED_UNITS_MOST`] units: where its ids come from (in place of the
    /// page source's `from` and `where_clause`). Each unit's records are read in the list's
    /// order from the register's `(org_id, period)` index, at most the page's end of them
    /// (`$limit + $offset`, the page's own parameters), and the units are merged (a Merge
    /// Append): a deep page skips the units' own index entries. The walk of the register's
    /// `(period, id, org_id)` index tests every unit's entries instead: a county clerk's page
    /// 1,000 among a province's 15 M cases read 1.5 M of them (89 ms). Each branch has its own
    /// `ORDER BY … LIMIT`: PostgreSQL does not take a branch's unit as a constant of the
    /// merged order otherwise, and sorts the units' every record. Not for a count, which must
    /// read past the page. `None`: the page is read by one query.
    pub(crate) fn unit_merge(&self, def: &RegisterDef, limit: usize) -> Option<String> {
        let units = self.unit_params.len();
        let merged = self.postgres
            && !self.searches_text
            && self.due.is_none()
            && (2..=MERGED_UNITS_MOST).contains(&units);
        if !merged {
            return None;
        }
        // The unit condition is the first; the others are repeated in each branch.
        let others: Vec<String> = self.conditions.iter().skip(1).cloned().collect();
        let (table, period) = (def.table, def.period_field);
        let order = self.newest_first(&[&format!("r.{period}"), "r.id"]);
        let branches: Vec<String> = (self.unit_params.iter())
            .map(|unit| {
                let conditions =
                    std::iter::once(format!("r.org_id = {unit}")).chain(others.iter().cloned());
                format!(
                    "(SELECT r.id, r.{period} FROM {table} r {} ORDER BY {order} \
                     LIMIT ${limit} + ${})",
                    where_of(conditions),
                    limit + 1
                )
            })
            .collect();
        Some(format!("({}) r", branches.join(" UNION ALL ")))
    }

    /// PostgreSQL, a text search by `LIKE` with another condition than its units and no
    /// period: the plan (`EXPLAIN (FORMAT JSON)`) of the records the conditions other than the
    /// text leave, whose estimated rows tell whether they are few
    /// ([`crate::ScopedStore::text_plan`]). When they are, the capped count of the matches is
    /// left to the planner instead of walking the newest records first
    /// ([`super::TextPlan::OnTheirRows`]). `None`: no choice to make.
    pub(crate) fn rows_probe(&self, def: &RegisterDef) -> Option<String> {
        let others = (self.conditions.len()).saturating_sub(usize::from(self.limited) + 1);
        let probed =
            self.postgres && self.like_at.is_some() && self.period_bounds.is_none() && others > 0;
        let others = (self.conditions.iter().enumerate())
            .filter(|(i, _)| Some(*i) != self.like_at)
            .map(|(_, c)| c.clone());
        probed.then(|| {
            format!(
                "EXPLAIN (FORMAT JSON) SELECT 1 FROM {} r {}",
                def.table,
                where_of(others)
            )
        })
    }
}
