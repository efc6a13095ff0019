//! 导入的行 — the rows an import reads and the outcome it returns (public), and the rows as
//! they pass through the checks and the plan (crate-internal).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use fazhi_domain::register::Record;
use serde::Serialize;

use crate::deadline::ClockRow;

/// The pseudo field key of the unit column (单位代码) in problems.
pub const ORG_FIELD: &str = "org";

/// At most this many problems are listed; the rest are counted.
pub const MAX_LISTED_PROBLEMS: usize = 1000;

/// One parsed row of a file: its row number as the clerk sees it in Excel, the unit named in
/// the row (else the import's default unit) and the parsed record.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub line: u64,
    pub org_code: Option<String>,
    pub record: Record,
}

/// 导入问题 — one problem of one row: which field (key, [`ORG_FIELD`], or empty for the file
/// or row as a whole), the value as given and what is wrong, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    pub line: u64,
    pub field: &'static str,
    pub value: String,
    pub message: String,
}

/// A piece of the file as the reader hands it over: rows that parsed, and the problems of
/// those that did not.
#[derive(Debug, Default)]
pub struct ImportChunk {
    pub rows: Vec<ImportRow>,
    pub problems: Vec<ImportProblem>,
}

/// The uploaded file, kept with the batch.
#[derive(Debug, Clone)]
pub struct KeptFile {
    pub name: String,
    pub path: PathBuf,
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The unit of rows that name none (`--org`).
    pub default_org: Option<String>,
    /// Check everything, count what would change, write nothing.
    pub dry_run: bool,
    /// The file to keep with the batch (none: nothing kept, e.g. tests).
    pub file: Option<KeptFile>,
}

/// 导入结果.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportOutcome {
    /// The batch (`import_batch.id`) when committed.
    pub batch_id: Option<i64>,
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// The first [`MAX_LISTED_PROBLEMS`] problems in row order.
    pub problems: Vec<ImportProblem>,
    /// All problems, listed or not.
    pub problem_count: u64,
    /// True when the rows were written (no problem and not a dry run).
    pub committed: bool,
    pub file_sha256: Option<String>,
}

impl ImportOutcome {
    pub(crate) fn add_problem(&mut self, problem: ImportProblem) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED_PROBLEMS {
            self.problems.push(problem);
        }
    }
}

/// A unit rows may name: id and region.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub(crate) id: i64,
    pub(crate) code: Arc<str>,
    pub(crate) region: Arc<str>,
}

/// A checked row ready to be compared with the stored one and written.
pub(crate) struct Prepared {
    pub(crate) line: u64,
    pub(crate) unit: Unit,
    pub(crate) key: String,
    /// The key was generated here: the row is new whatever is stored.
    pub(crate) generated: bool,
    pub(crate) record: Record,
    pub(crate) clocks: Vec<ClockRow>,
}

/// A row that passed the checks needing no database, with its statutory clocks.
pub(crate) struct Checked {
    pub(crate) line: u64,
    pub(crate) unit: Unit,
    pub(crate) record: Record,
    pub(crate) clocks: Vec<ClockRow>,
}

/// Stored records by region and natural key: id, unit id, record.
pub(crate) type Existing = HashMap<String, HashMap<String, (i64, i64, Record)>>;

/// What a chunk does to the table.
#[derive(Default)]
pub(crate) struct Plan {
    pub(crate) inserts: Vec<Prepared>,
    pub(crate) updates: Vec<(i64, Prepared)>,
}
