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
        let (mut years, reported) = self.years_by_source(org_id);
        years.extend(reported);
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The years with register data and the years with reported data, each ascending.
    fn years_by_source(&self, org_id: OrgId) -> (Vec<i32>, Vec<i32>) {
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
        let registers = self.cube.years_with(&mut member);
        let reported = self.reported.years_with(&mut member);
        (registers, reported)
    }

    /// The latest year up to `this_year` in which the unit has register data — the records
    /// behind most of a report's figures; the monthly forms of a year just begun do not make
    /// it the year to open — else the latest with reported data.
    pub fn latest_year_with_data(&self, org_id: OrgId, this_year: i32) -> Option<i32> {
        let (registers, reported) = self.years_by_source(org_id);
        let latest = |years: Vec<i32>| years.into_iter().rfind(|&y| y <= this_year);
        latest(registers).or_else(|| latest(reported))
    }
}
