//! 指标值 — computed (or reported) indicator values for one org unit and period: what the
//! indicator engine produces and what the dashboards, the API and the annual report consume.
//! The JSON shape (`{"indicators": {key: {"value", "unit", "numerator", "denominator",
//! "yoy"}}}`) is the one of `fazhi indicators --format json` and `/api/v1/indicators`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// 同比 — change against the same period of the previous year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct YearOnYear {
    /// The value of the same period one year earlier.
    pub previous: f64,
    /// Change: in % of `previous` for counts and amounts; in 百分点 for rates.
    pub change: f64,
    /// `%` or `百分点`.
    pub unit: YoyUnit,
}

/// Unit of a 同比 change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum YoyUnit {
    /// 百分比 — relative change of a count or amount.
    #[serde(rename = "%")]
    Percent,
    /// 百分点 — absolute change of a rate.
    #[serde(rename = "百分点")]
    Points,
}

impl YearOnYear {
    /// 同比 of a count or amount: relative change in %; `None` when the previous value is 0.
    pub fn of_count(current: f64, previous: f64) -> Option<YearOnYear> {
        (previous != 0.0).then(|| YearOnYear {
            previous,
            change: (current - previous) / previous * 100.0,
            unit: YoyUnit::Percent,
        })
    }

    /// 同比 of a rate (both in %): difference in 百分点.
    pub fn of_rate(current: f64, previous: f64) -> YearOnYear {
        YearOnYear {
            previous,
            change: current - previous,
            unit: YoyUnit::Points,
        }
    }
}

/// One indicator's value. `value` is `None` when there is no data — never a fake 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    pub value: Option<f64>,
    /// Canonical unit word of the catalog (件, 人, %, 元 …).
    pub unit: String,
    /// For rates: the summed parts the rate is computed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<f64>,
    /// 同比, when the previous year has data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yoy: Option<YearOnYear>,
    /// Approximation word of a reported value (余, 近, 超 …), as in 1.8万余次.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
}

/// A warning from a catalog relation (e.g. 审结 ≤ 收案) that the computed values break.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueWarning {
    /// The relation as written, e.g. `mediation.success <= mediation.cases`.
    pub relation: String,
    /// Chinese explanation with the values.
    pub message: String,
}

/// 指标集 — every indicator of the catalog for one org unit (its subtree) and period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSet {
    /// Code of the org unit whose subtree was summed, e.g. `520200`.
    pub org: String,
    /// Name of that unit, e.g. 六盘水市.
    pub org_name: String,
    /// `2024`, `2024H1`, `2024Q1` or `202403`.
    pub period: String,
    pub indicators: BTreeMap<String, IndicatorValue>,
    #[serde(default)]
    pub warnings: Vec<ValueWarning>,
}

impl IndicatorSet {
    /// The value of `key` when it has data.
    pub fn value(&self, key: &str) -> Option<f64> {
        self.indicators.get(key).and_then(|v| v.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yoy_of_counts_is_relative_and_of_rates_in_points() {
        let up = YearOnYear::of_count(150.0, 120.0).unwrap();
        assert!((up.change - 25.0).abs() < 1e-9);
        assert_eq!(up.unit, YoyUnit::Percent);
        assert!(YearOnYear::of_count(5.0, 0.0).is_none());
        let rate = YearOnYear::of_rate(97.73, 98.5);
        assert!((rate.change + 0.77).abs() < 1e-9);
        assert_eq!(rate.unit, YoyUnit::Points);
    }

    #[test]
    fn missing_values_serialise_as_null_not_zero() {
        let mut set = IndicatorSet::default();
        set.indicators.insert(
            "mediation.cases".into(),
            IndicatorValue {
                value: None,
                unit: "件".into(),
                numerator: None,
                denominator: None,
                yoy: None,
                qualifier: None,
            },
        );
        let json = serde_json::to_value(&set).unwrap();
        assert!(json["indicators"]["mediation.cases"]["value"].is_null());
        assert_eq!(set.value("mediation.cases"), None);
    }
}
