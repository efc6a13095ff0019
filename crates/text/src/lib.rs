//! 报告阅读 — reading published 法治政府建设年度报告 (pure: no IO, no async).
//!
//! - [`normalise`]: traditional → simplified, scraping artefacts removed, offsets kept.
//! - [`Reader::extract`]: every statistic with value, unit, qualifier, catalog key and span.
//! - [`Reader::check`]: stated rates, 同比 changes and parts checked against stated counts.
//! - [`metadata`]: issuing government, level, year, document number, date.
//! - [`to_jsonl`] / [`to_table`]: what `fazhi extract` prints.

mod normalise;
mod number;
mod scan;

pub use normalise::{Normalised, normalise};
pub use number::{ChineseNumber, Decimal, parse_arabic, parse_chinese};
pub use scan::Dimension;
