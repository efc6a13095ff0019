//! 报告阅读 — reading published 法治政府建设年度报告 (pure: no IO, no async).
//!
//! - [`normalise`]: traditional → simplified, scraping artefacts removed, offsets kept.
//! - [`Reader::read`] / [`extract`]: every statistic with value, unit, qualifier, catalog key
//!   and its span in the original text. Keys come from the catalog's phrases (the rules) and a
//!   small learned scorer ([`KeyModel`], `data/key_model.tsv`) choosing among them and "no key";
//!   `examples/train_keys.rs` trains it and cross-validates it by report.
//! - [`Reading::excerpts`]: each statistic as written, with the words around it.
//! - [`check`]: stated rates, 同比 changes and parts checked against stated counts.
//! - [`metadata`]: issuing government, level, year, document number, date.
//! - [`Reader::write_jsonl`] (straight from the text to a writer), [`to_jsonl`] / [`to_table`]:
//!   what `fazhi extract` prints.
//! - [`Reader::compare`]: several reports side by side, one row per catalog key.

mod check;
mod choices;
mod classify;
mod compare;
mod duration;
mod error;
mod excerpt;
mod extract;
mod keymodel;
mod layout;
mod metadata;
mod normalise;
mod number;
mod origins;
mod output;
mod phrases;
mod pieces;
mod scan;
mod story;
mod units;

pub use check::{Check, CheckKind, Verdict, agrees, check, checks_table};
pub use compare::{Cell, Comparison, ComparisonRow, ReportColumn, Rows, figure_text};
pub use error::TextError;
pub use excerpt::Excerpt;
pub use extract::{Reader, Reading, Statistic, extract};
pub use keymodel::{Evidence, KeyChoice, KeyExample, KeyModel, Training};
pub use metadata::{Level, Metadata, metadata};
pub use normalise::{Normalised, body_start, is_traditional, normalise, script_sample};
pub use number::{ChineseNumber, Decimal, parse_arabic, parse_chinese};
pub use output::{to_jsonl, to_table};
pub use pieces::{JsonlStream, PIECE_BYTES};
pub use scan::Dimension;
