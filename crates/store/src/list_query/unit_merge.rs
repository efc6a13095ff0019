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
    /// 1,000 among a province's 20 M cases took 105 ms, merged 7.6 ms. Each branch has its own
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

    /// PostgreSQL, a text search by `LIKE` without a period: the plan (`EXPLAIN (FORMAT JSON)`)
    /// whose estimated rows tell whether the capped count of the matches is left to the
    /// planner instead of walking the newest records first ([`super::TextPlan::OnTheirRows`],
    /// [`crate::ScopedStore::text_plan`]) — of the records the conditions other than the text
    /// leave (a status), or, for the text alone in the whole tree, of its matches (a rare name
    /// is found in 13,150 of a province's cases, whose sort for the walk read them all, 85 ms).
    /// `None`: no choice to make (a search within some units is bounded by their ids).
    pub(crate) fn rows_probe(&self, def: &RegisterDef) -> Option<String> {
        self.like_at
            .filter(|_| self.postgres && self.period_bounds.is_none())?;
        let others = (self.conditions.len()).saturating_sub(usize::from(self.limited) + 1);
        let explained: Vec<String> = if others > 0 {
            self.other_conditions().collect()
        } else if !self.limited {
            self.conditions.clone()
        } else {
            return None;
        };
        Some(format!(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM {} r {}",
            def.table,
            where_of(explained.into_iter())
        ))
    }
}
