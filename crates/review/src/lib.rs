//! 报表与审核 — the review of reported figures as they go up the org tree (pure, no IO):
//! data sets defined as data ([`dataset`]), the states of a form and the steps between them
//! ([`flow`]), who reports and who reviews ([`tree`]), what a submission is checked for
//! ([`checks`]), and completeness and timeliness ([`timeliness`]). The store keeps the forms
//! and enforces the lock; the web shows them.

pub mod checks;
pub mod dataset;
pub mod error;
pub mod flow;
pub mod timeliness;
pub mod tree;

pub use checks::{Finding, Severity, check_form};
pub use dataset::{DataSet, DataSets, Due, Reporters, grain_label, is_reportable};
pub use error::ReviewError;
pub use flow::{Status, Step, next};
pub use timeliness::{Tally, is_late};
pub use tree::{Unit, Units};

#[cfg(test)]
mod tests;
