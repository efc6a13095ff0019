//! 指标计算 — every indicator of the catalog for one org subtree and period: register counts
//! from the cube rolled up over the (effective-dated) tree, reported values, rates from their
//! summed parts (never averaged), 同比 against the same period of the previous year, and the
//! catalog's relations checked as warnings.

use fazhi_domain::OrgId;
use std::collections::{BTreeMap, HashMap, HashSet};

use fazhi_catalog::{Catalog, Indicator, IndicatorSet, IndicatorValue, ValueWarning, YearOnYear};

use crate::cube::Cube;
use crate::period::Period;
use crate::plan::Plan;
use crate::reported::ReportedIndex;
use crate::tree::OrgTree;

/// What to compute.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    pub org_id: OrgId,
    pub period: Period,
    /// Only the unit itself, not its sub-units (a principal whose scope is the unit alone).
    pub unit_only: bool,
    /// Also compute the previous year for 同比.
    pub with_yoy: bool,
}

/// The inputs of a computation: the catalog, its plan, and the data read by the store.
#[derive(Debug, Clone, Copy)]
pub struct Engine<'a> {
    pub catalog: &'a Catalog,
    pub plan: &'a Plan,
    pub cube: &'a Cube,
    pub reported: &'a ReportedIndex,
    pub tree: &'a OrgTree,
}

#[derive(Debug, Clone, Default)]
struct Raw {
    value: Option<f64>,
    qualifier: Option<String>,
    numerator: Option<f64>,
    denominator: Option<f64>,
}

/// Rounds shown rates, changes and amounts to 2 decimals (the parts stay exact).
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl<'c> Engine<'c> {
    /// Every indicator of the catalog for the request; `None` values mean no data.
    pub fn compute(&self, req: &Request) -> IndicatorSet {
        let current = self.values(req.org_id, req.period, req.unit_only);
        let previous = req
            .with_yoy
            .then(|| self.values(req.org_id, req.period.previous_year(), req.unit_only));
        let mut indicators = BTreeMap::new();
        for ind in self.catalog.indicators() {
            let raw = current.get(ind.key.as_str()).cloned().unwrap_or_default();
            let yoy = match (&previous, raw.value) {
                (Some(prev), Some(now)) => prev
                    .get(ind.key.as_str())
                    .and_then(|p| p.value)
                    .and_then(|before| year_on_year(ind, now, before)),
                _ => None,
            };
            indicators.insert(
                ind.key.clone(),
                IndicatorValue {
                    value: raw.value,
                    unit: ind.unit.clone(),
                    numerator: raw.numerator,
                    denominator: raw.denominator,
                    yoy,
                    qualifier: raw.qualifier,
                },
            );
        }
        self.fill_yoy_keys(&mut indicators);
        let warnings = self.warnings(&indicators);
        let root = self.tree.current(req.org_id);
        IndicatorSet {
            org: root.map(|o| o.code.clone()).unwrap_or_default(),
            org_name: root.map(|o| o.name.clone()).unwrap_or_default(),
            period: req.period.to_string(),
            indicators,
            warnings,
        }
    }

    /// The values of `keys` alone for the request (no 同比, no warnings): what the cockpit's
    /// trend (24 months) and sub-unit table (8 keys a unit) read, without computing the whole
    /// catalog each time; the same values as [`Engine::compute`] gives for them. A key not in
    /// the catalog gives `None`; a `*_yoy` key needs 同比, so the whole set is computed then.
    pub fn values_of(&self, req: &Request, keys: &[&str]) -> Vec<Option<f64>> {
        let needs_yoy = keys
            .iter()
            .any(|k| self.catalog.get(k).is_some_and(|i| i.change_of.is_some()));
        if needs_yoy {
            let set = self.compute(&Request {
                with_yoy: true,
                ..*req
            });
            return keys.iter().map(|k| set.value(k)).collect();
        }
        let mut wanted: HashSet<&str> = HashSet::new();
        for key in keys {
            if let Some(ind) = self.catalog.get(key) {
                wanted.insert(ind.key.as_str());
                // A rate is computed from its parts.
                wanted.extend(ind.numerator.as_deref());
                wanted.extend(ind.denominator.as_deref());
            }
        }
        let values = self.values_among(req.org_id, req.period, req.unit_only, Some(&wanted));
        keys.iter()
            .map(|k| values.get(k).and_then(|r| r.value))
            .collect()
    }

    /// `*_yoy` keys take the computed 同比 of the key they follow when it has one.
    fn fill_yoy_keys(&self, indicators: &mut BTreeMap<String, IndicatorValue>) {
        for ind in self.catalog.indicators() {
            let Some(target) = &ind.change_of else {
                continue;
            };
            let change = indicators
                .get(target)
                .and_then(|v| v.yoy)
                .map(|y| round2(y.change));
            if let (Some(change), Some(slot)) = (change, indicators.get_mut(&ind.key)) {
                slot.value = Some(change);
                slot.qualifier = None;
            }
        }
    }

    /// Values before 同比: computed, reported, then rates from their parts.
    fn values(&self, root: OrgId, period: Period, unit_only: bool) -> HashMap<&str, Raw> {
        self.values_among(root, period, unit_only, None)
    }

    /// [`Engine::values`] of the indicators in `only` (all when `None`).
    fn values_among(
        &self,
        root: OrgId,
        period: Period,
        unit_only: bool,
        only: Option<&HashSet<&str>>,
    ) -> HashMap<&str, Raw> {
        let wanted = |ind: &Indicator| only.is_none_or(|keys| keys.contains(ind.key.as_str()));
        let totals = self.cube_totals(root, period, unit_only);
        let units = if unit_only {
            HashSet::from([root])
        } else {
            self.tree.subtree_on(root, period.last_day())
        };
        let mut out: HashMap<&str, Raw> = HashMap::new();
        for ind in self.catalog.indicators().iter().filter(|i| wanted(i)) {
            let raw = match self.plan.locate(&ind.key) {
                Some(loc) => Raw {
                    value: (totals[loc.register.presence] > 0.0).then(|| {
                        let v = totals[loc.column.index];
                        if ind.unit == "元" { round2(v) } else { v }
                    }),
                    ..Raw::default()
                },
                None => self.reported(ind, root, period, &units),
            };
            out.insert(ind.key.as_str(), raw);
        }
        for ind in self.catalog.indicators().iter().filter(|i| wanted(i)) {
            let (Some(num), Some(den)) = (&ind.numerator, &ind.denominator) else {
                continue;
            };
            let part = |k: &String| out.get(k.as_str()).and_then(|r| r.value);
            let (n, d) = (part(num), part(den));
            let Some(slot) = out.get_mut(ind.key.as_str()) else {
                continue;
            };
            if n.is_some() || d.is_some() {
                slot.numerator = n;
                slot.denominator = d;
            }
            if let (Some(n), Some(d)) = (n, d)
                && d != 0.0
            {
                slot.value = Some(round2(n / d * 100.0));
                slot.qualifier = None;
            }
        }
        out
    }

    /// The cube summed over the period's months and the units below `root` in each month.
    fn cube_totals(&self, root: OrgId, period: Period, unit_only: bool) -> Vec<f64> {
        let mut totals = vec![0.0; self.cube.width()];
        for month in period.months() {
            let Some(cells) = self.cube.month(month) else {
                continue;
            };
            let units = if unit_only {
                HashSet::from([root])
            } else {
                self.tree.subtree_on(root, month.last_day())
            };
            for (org, values) in cells {
                if units.contains(org) {
                    for (t, v) in totals.iter_mut().zip(values) {
                        *t += v;
                    }
                }
            }
        }
        totals
    }

    fn reported(
        &self,
        ind: &Indicator,
        root: OrgId,
        period: Period,
        units: &HashSet<OrgId>,
    ) -> Raw {
        if !ind.is_additive() {
            let v = self.reported.unit_value(&ind.key, root, period);
            return Raw {
                value: v.as_ref().map(|(x, _)| *x),
                qualifier: v.and_then(|(_, q)| q),
                ..Raw::default()
            };
        }
        let parts: Vec<(f64, Option<String>)> = self
            .reported
            .units(&ind.key)
            .filter(|u| units.contains(u))
            .filter_map(|u| self.reported.unit_value(&ind.key, u, period))
            .collect();
        if parts.is_empty() {
            return Raw::default();
        }
        let qualifier = match parts.as_slice() {
            [(_, q)] => q.clone(),
            _ => None,
        };
        Raw {
            value: Some(parts.iter().map(|(v, _)| v).sum()),
            qualifier,
            ..Raw::default()
        }
    }

    fn warnings<'a>(&'a self, values: &BTreeMap<String, IndicatorValue>) -> Vec<ValueWarning> {
        fn name<'a>(catalog: &'a Catalog, k: &'a str) -> &'a str {
            catalog.get(k).map(|i| i.name.as_str()).unwrap_or(k)
        }
        let name = |k: &'a str| name(self.catalog, k);
        let value = |k: &str| values.get(k).and_then(|v| v.value);
        let mut out = Vec::new();
        for rel in self.catalog.relations() {
            let left: Option<Vec<f64>> = rel.left.iter().map(|k| value(k)).collect();
            let (Some(left), Some(right)) = (left, value(&rel.right)) else {
                continue;
            };
            let sum: f64 = left.iter().sum();
            if rel.op.holds(sum, right) {
                continue;
            }
            let names: Vec<&str> = rel.left.iter().map(|k| name(k)).collect();
            let word = match rel.op {
                fazhi_catalog::RelationOp::AtMost => "不应大于",
                fazhi_catalog::RelationOp::Equal => "应等于",
                fazhi_catalog::RelationOp::AtLeast => "不应小于",
            };
            out.push(ValueWarning {
                relation: format!("{} {} {}", rel.left.join(" + "), rel.op.symbol(), rel.right),
                message: format!(
                    "{}({}){word}{}({})",
                    names.join("与"),
                    fmt_number(sum),
                    name(&rel.right),
                    fmt_number(right)
                ),
            });
        }
        out
    }
}

/// 同比: relative % for additive counts and amounts, 百分点 for rates, none otherwise.
fn year_on_year(ind: &Indicator, now: f64, before: f64) -> Option<YearOnYear> {
    if ind.is_yoy() || ind.unit == "百分点" {
        return None;
    }
    if ind.is_rate() {
        let y = YearOnYear::of_rate(now, before);
        return Some(YearOnYear {
            change: round2(y.change),
            ..y
        });
    }
    if !ind.is_additive() {
        return None;
    }
    YearOnYear::of_count(now, before).map(|y| YearOnYear {
        change: round2(y.change),
        ..y
    })
}

/// A number as Chinese reports write it: integers without decimals.
pub fn fmt_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{:.2}", x)
    }
}
