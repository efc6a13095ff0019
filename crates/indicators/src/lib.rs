//! 指标引擎 — computes the indicator catalog over the org tree and periods, with 同比.
//!
//! Pure: the store reads the data (one grouped aggregate query per register and date field
//! into a [`Cube`], the reported values, the org versions); this crate resolves the catalog's
//! compute definitions against the registers ([`Plan`]), rolls the cube up over a subtree and
//! a period, computes rates from their summed parts, 同比, and the relation warnings.

mod cube;
mod engine;
mod link;
mod period;
mod plan;
mod reported;
mod tree;

pub use cube::Cube;
pub use engine::{Engine, Request, fmt_number};
pub use link::drill_down;
pub use period::{Grain, Period, YearMonth};
pub use plan::{Column, DateGroup, Filter, Located, Measure, Plan, RawCell, RegisterPlan, Test};
pub use reported::{ReportedIndex, ReportedValue};
pub use tree::{OrgTree, OrgVersion};

/// Errors of the indicator engine, in Chinese (they reach clerks and administrators).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndicatorError {
    #[error("统计期间「{0}」无效:应为年(2024)、半年(2024H1)、季度(2024Q1)或月份(202403)")]
    Period(String),
    #[error("指标目录的计算口径有误:{}", .0.join(";"))]
    Plan(Vec<String>),
}

/// The plan of the embedded catalog, resolved once.
pub fn embedded_plan() -> Result<&'static Plan, IndicatorError> {
    static PLAN: std::sync::LazyLock<Result<Plan, IndicatorError>> =
        std::sync::LazyLock::new(|| {
            let catalog = fazhi_catalog::Catalog::embedded()
                .map_err(|e| IndicatorError::Plan(vec![e.to_string()]))?;
            Plan::new(catalog)
        });
    PLAN.as_ref().map_err(Clone::clone)
}

#[cfg(test)]
mod tests;
