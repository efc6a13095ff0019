//! PostgreSQL's list plans at a province: a few units' pages merged from each unit's index
//! ([`ListQuery::unit_merge`]), and the probe of the records a text search's other conditions
//! leave ([`ListQuery::rows_probe`]).

use fazhi_domain::register::RegisterDef;

use super::{ListQuery, where_of};

/// Most units whose lists are merged from each unit's index (each is one branch of the plan).
pub(crate) const MERGED_UNITS_MOST: usize = 64;

impl ListQuery {
    /// 按单位合并 — PostgreSQL, a list without a text search limited to 2 to
    /// [`MERGED_UNITS_MOST`] units: the records of each unit, each in the list's order from
    /// the register's `(org_id, period)` index, merged (one `UNION ALL` branch a unit, which
    /// PostgreSQL reads as a Merge Append). A deep page then skips the units' own index entries.
    /// Walking the register's `(period, id, org_id)` index instead tests every unit's entries:
    /// a county clerk's page 1,000 among a province's 15 M cases read 1.5 M of them (89 ms).
    /// `None`: the list is read as one query.
    pub(super) fn unit_merge(&self, def: &RegisterDef) -> Option<String> {
        let units = self.unit_params.len();
        if !self.postgres || self.searches_text || !(2..=MERGED_UNITS_MOST).contains(&units) {
            return None;
        }
        // The unit condition is the first; the others are repeated in each branch.
        let others: Vec<String> = self.conditions.iter().skip(1).cloned().collect();
        let period = def.period_field;
        let branches: Vec<String> = (self.unit_params.iter())
            .map(|unit| {
                let conditions =
                    std::iter::once(format!("r.org_id = {unit}")).chain(others.iter().cloned());
                format!(
                    "SELECT r.id, r.{period} FROM {} r {}",
                    def.table,
                    where_of(conditions)
                )
            })
            .collect();
        Some(format!("({}) r", branches.join(" UNION ALL ")))
    }

    /// PostgreSQL, a text search by `LIKE` with another condition than its units and no
    /// period: the count of the records the other conditions leave, up to one more than
    /// [`super::TEST_ROWS_MOST`] ([`ListQuery::others_probe`]). When they are few, the count of
    /// the matches does not walk the newest records first ([`super::TextPlan::OnTheirRows`]).
    /// `None`: no choice to make.
    pub(crate) fn rows_probe(&self, def: &RegisterDef) -> Option<String> {
        let others = (self.conditions.len()).saturating_sub(usize::from(self.limited) + 1);
        let probed =
            self.postgres && self.like_at.is_some() && self.period_bounds.is_none() && others > 0;
        probed.then(|| self.others_probe(def))
    }
}
