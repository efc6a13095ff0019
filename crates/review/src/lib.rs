//! 报表与审核 — the review of reported figures as they go up the org tree (pure, no IO):
//! data sets defined as data ([`dataset`]), the states of a form and the steps between them
//! ([`flow`]), who reports and who reviews ([`tree`]), what a submission is checked for
//! ([`checks`]), completeness and timeliness ([`timeliness`]), and 考核 — scoring units by a
//! scheme defined as data ([`assessment`], [`scoring`]). The store keeps the forms
//! and enforces the lock; the web shows them.

pub mod assessment;
pub mod checks;
pub mod dataset;
pub mod error;
pub mod flow;
pub mod scoring;
pub mod timeliness;
pub mod tree;

pub use assessment::{Scheme, Schemes};
pub use checks::{Finding, Severity, check_form};
pub use dataset::{
    DISCLOSURE_SLOT_PREFIX, DataSet, DataSets, Due, ReportText, Reporters, grain_label,
    is_reportable,
};
pub use error::ReviewError;
pub use flow::{Status, Step, next};
pub use scoring::{FormsRecord, ScoreLine, UnitFigures, UnitScore, score};
pub use timeliness::{StoredForm, Tally, is_late, monthly_tallies};
pub use tree::{Unit, Units};

#[cfg(test)]
mod assessment_tests;
#[cfg(test)]
mod tests;
