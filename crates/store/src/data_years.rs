//! 有数据的年度 — the years a unit has figures for, so pages open on the latest of them and
//! offer them in a year picker instead of a free text box.

use std::collections::{HashMap, HashSet};

use fazhi_domain::OrgId;
use fazhi_indicators::Period;

use crate::IndicatorData;

impl IndicatorData {
    /// The years, ascending, in which the unit `org_id` — with its subtree as it stood at the
    /// year's end, unless the principal sees its own unit only — has register or reported data.
    pub fn years_with_data(&self, org_id: OrgId) -> Vec<i32> {
        let mut subtrees: HashMap<i32, HashSet<OrgId>> = HashMap::new();
        let mut member = |year: i32, unit: OrgId| {
            if self.unit_only {
                return unit == org_id;
            }
            subtrees
                .entry(year)
                .or_insert_with(|| self.tree.subtree_on(org_id, Period::Year(year).last_day()))
                .contains(&unit)
        };
        let mut years = self.cube.years_with(&mut member);
        years.extend(self.reported.years_with(&mut member));
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The latest year up to `this_year` in which the unit has data (see
    /// [`Self::years_with_data`]).
    pub fn latest_year_with_data(&self, org_id: OrgId, this_year: i32) -> Option<i32> {
        self.years_with_data(org_id)
            .into_iter()
            .rfind(|&y| y <= this_year)
    }
}
