//! 上报校验 — what is checked when a unit submits a form: the catalog's relations (审结 ≤ 收案,
//! parts ≤ totals), rates within 0–100 and no negative counts block the submission; a value far
//! from last year's (同比 beyond ±50 %) is a warning that needs the unit's written comment.

use std::collections::HashMap;

use fazhi_catalog::Catalog;
use fazhi_indicators::fmt_number;

use crate::dataset::DataSet;

/// A 同比 change beyond this share of last year's value needs a comment.
pub const PLAUSIBLE_CHANGE: f64 = 0.5;

/// How a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// 错误 — the form cannot be submitted.
    Block,
    /// 提示 — the form can be submitted with a written comment (说明).
    Warn,
}

/// One finding on a form.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The catalog key the finding is about.
    pub key: String,
    pub severity: Severity,
    /// In Chinese, naming the indicators.
    pub message: String,
}

/// The findings on a form's `values` (by catalog key), given last year's values of the same
/// unit and period.
pub fn check_form(
    catalog: &Catalog,
    set: &DataSet,
    values: &HashMap<String, f64>,
    last_year: &HashMap<String, f64>,
) -> Vec<Finding> {
    let name = |key: &str| catalog.get(key).map_or(key, |i| i.name.as_str()).to_owned();
    let mut findings = Vec::new();
    for key in &set.keys {
        let (Some(&value), Some(indicator)) = (values.get(key), catalog.get(key)) else {
            continue;
        };
        let block = |message: String| Finding {
            key: key.clone(),
            severity: Severity::Block,
            message,
        };
        if indicator.is_rate() && !(0.0..=100.0).contains(&value) {
            findings.push(block(format!(
                "「{}」为 {}%,比率应在 0 至 100 之间",
                indicator.name,
                fmt_number(value)
            )));
        } else if indicator.is_additive() && value < 0.0 {
            findings.push(block(format!(
                "「{}」为 {},不能为负数",
                indicator.name,
                fmt_number(value)
            )));
        }
        if let Some(&before) = last_year.get(key).filter(|b| **b > 0.0) {
            let change = (value - before) / before;
            if change.abs() > PLAUSIBLE_CHANGE {
                findings.push(Finding {
                    key: key.clone(),
                    severity: Severity::Warn,
                    message: format!(
                        "「{}」为 {}{},上年同期为 {}{},{}{:.0}%,超过 ±{:.0}%,请说明原因",
                        indicator.name,
                        fmt_number(value),
                        indicator.unit,
                        fmt_number(before),
                        indicator.unit,
                        if change > 0.0 { "增长" } else { "下降" },
                        change.abs() * 100.0,
                        PLAUSIBLE_CHANGE * 100.0
                    ),
                });
            }
        }
    }
    for relation in catalog.relations() {
        let in_form = |k: &String| set.keys.contains(k);
        if !in_form(&relation.right) || !relation.left.iter().all(in_form) {
            continue;
        }
        let Some(&right) = values.get(&relation.right) else {
            continue;
        };
        let lefts: Option<Vec<f64>> = relation
            .left
            .iter()
            .map(|k| values.get(k).copied())
            .collect();
        let Some(lefts) = lefts else { continue };
        let left: f64 = lefts.iter().sum();
        if !relation.op.holds(left, right) {
            let names: Vec<String> = relation
                .left
                .iter()
                .map(|k| format!("「{}」", name(k)))
                .collect();
            let should = match relation.op {
                fazhi_catalog::RelationOp::AtMost => "应不大于",
                fazhi_catalog::RelationOp::Equal => "应等于",
                fazhi_catalog::RelationOp::AtLeast => "应不小于",
            };
            findings.push(Finding {
                key: relation.left[0].clone(),
                severity: Severity::Block,
                message: format!(
                    "{}{}为 {},{should}「{}」({})",
                    names.join("与"),
                    if names.len() > 1 { "之和" } else { "" },
                    fmt_number(left),
                    name(&relation.right),
                    fmt_number(right)
                ),
            });
        }
    }
    // Errors first: they are what stops the submission.
    findings.sort_by_key(|f| f.severity != Severity::Block);
    findings
}

/// Whether any finding blocks the submission.
pub fn blocks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Block)
}

/// Whether any finding is a warning (the submission then needs a comment).
pub fn warns(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Warn)
}
