//! 示范城市 — the calibrated demo city of `fazhi demo`: the org tree of one of the five seed
//! reports (or of any published report, [`Profile::from_report`]), one account per role, and a
//! year of case-level records in every register (with the year before, for 同比) whose computed
//! indicators equal the figures the report published; figures no register holds become
//! reported values (填报值).
//!
//! The parts: [`profile`] (the embedded profiles and the figures of a report), [`targets`] (the
//! calibration solver: the exact counts each register must reach), `records` (the generators,
//! writing through the store's audited bulk import), [`check`] (the round trip of `--check`) and
//! [`forms`] (the annual forms that carry the reported values, and later forms in every state of
//! the review flow) and [`build()`], the driver. The binary parses arguments, shows progress and prints.

mod build;
pub mod check;
mod city;
mod draws;
mod error;
pub mod forms;
pub mod profile;
mod records;
mod synth;
pub mod targets;
mod world;

pub use build::{Built, DemoOptions, Generated, build, calibration};
pub use city::{DEMO_PASSWORD, org_tree, province};
pub use error::{DemoError, Result};
pub use profile::{DEFAULT_PROFILE, Profile};
pub use records::RegisterCounts;

/// What a build reports while it writes records, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// The records of this register (its label, 行政执法案件 …) are being written.
    Register(&'a str),
    /// One more record was queued for writing.
    Record,
}

/// The progress callback a build is given (`&|_| {}` for none).
pub type ProgressFn<'a> = dyn Fn(Progress<'_>) + Sync + 'a;
