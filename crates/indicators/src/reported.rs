//! 填报值 — values entered per org unit and period for figures without a register.
//!
//! A unit's value for a period is the value entered for exactly that period; when there is
//! none, the sum of the values entered for its parts at the coarsest grain that has any
//! (a year from its halves, else quarters, else months; a half from quarters, else months;
//! a quarter from months). Additive indicators of a subtree sum their units' values; the
//! others (rates, 百分点, rankings) are only read from the unit itself.

use fazhi_domain::OrgId;
use std::collections::HashMap;

use crate::period::{Grain, Period};

/// One `reported_value` row.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedValue {
    pub org_id: OrgId,
    pub period: Period,
    pub key: String,
    pub value: f64,
    pub qualifier: Option<String>,
}

/// Reported values by key and unit.
#[derive(Debug, Clone, Default)]
pub struct ReportedIndex {
    by_key: HashMap<String, HashMap<OrgId, Vec<ReportedValue>>>,
}

impl ReportedIndex {
    pub fn new(values: Vec<ReportedValue>) -> Self {
        let mut by_key: HashMap<String, HashMap<OrgId, Vec<ReportedValue>>> = HashMap::new();
        for v in values {
            by_key
                .entry(v.key.clone())
                .or_default()
                .entry(v.org_id)
                .or_default()
                .push(v);
        }
        Self { by_key }
    }

    /// The years of the values entered by units that are a `member(year, unit)`, ascending.
    pub fn years_with(&self, mut member: impl FnMut(i32, OrgId) -> bool) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .by_key
            .values()
            .flat_map(|units| units.iter())
            .flat_map(|(&unit, values)| values.iter().map(move |v| (unit, v.period.year())))
            .filter(|&(unit, year)| member(year, unit))
            .map(|(_, year)| year)
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// Units that reported `key` at all.
    pub fn units(&self, key: &str) -> impl Iterator<Item = OrgId> + '_ {
        self.by_key
            .get(key)
            .into_iter()
            .flat_map(|m| m.keys().copied())
    }

    /// One unit's value for `period` (exact, else summed parts), with its qualifier when it
    /// is a single entered value.
    pub fn unit_value(
        &self,
        key: &str,
        org_id: OrgId,
        period: Period,
    ) -> Option<(f64, Option<String>)> {
        let entries = self.by_key.get(key)?.get(&org_id)?;
        if let Some(exact) = entries.iter().find(|e| e.period == period) {
            return Some((exact.value, exact.qualifier.clone()));
        }
        for grain in [Grain::Half, Grain::Quarter, Grain::Month] {
            if grain <= period.grain() {
                continue;
            }
            let parts: Vec<&ReportedValue> = entries
                .iter()
                .filter(|e| e.period.grain() == grain && period.contains(e.period))
                .collect();
            if !parts.is_empty() {
                return Some((parts.iter().map(|e| e.value).sum(), None));
            }
        }
        None
    }
}
