//! 导入 — a register's file into the store: a reader thread streams the rows, parses each with
//! the register's own [`RegisterDef::parse_texts`] and hands chunks to
//! [`ScopedStore::import_records`], which checks the rest and writes all or nothing.

use std::path::Path;
use std::sync::Arc;

use fazhi_domain::register::RegisterDef;
use fazhi_store::{
    ImportChunk, ImportOptions, ImportOutcome, ImportProblem, ImportRow, ScopedStore,
};
use serde::Serialize;

use crate::ExchangeError;
use crate::columns::{HeaderMap, Target};
use crate::read::{Format, RowSink, read_rows};
use crate::write::unneutralise;

/// Rows per chunk handed to the store.
const CHUNK_ROWS: usize = 2000;
/// Chunks in flight between reader and writer (bounds memory).
const CHANNEL_CHUNKS: usize = 4;
/// Longest value quoted back in a problem.
const MAX_QUOTED_CHARS: usize = 100;
/// Marks a file whose reading failed, so the store does not commit.
const READ_FAILED: &str = "文件未能完整读取";

/// Called with the number of rows read so far.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// 行错误 — one problem as the clerk sees it: the row number in Excel, the column header, the
/// value and what is expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: u64,
    pub column: String,
    pub value: String,
    pub message: String,
}

impl RowError {
    pub fn new(row: u64, column: &str, value: &str, message: String) -> Self {
        Self {
            row,
            column: column.to_owned(),
            value: quote(value),
            message,
        }
    }

    /// The problem without its row number.
    pub fn describe(&self) -> String {
        match (self.column.is_empty(), self.value.is_empty()) {
            (true, true) => self.message.clone(),
            (true, false) => format!("「{}」{}", self.value, self.message),
            (false, true) => format!("「{}」{}", self.column, self.message),
            (false, false) => format!("「{}」的值「{}」{}", self.column, self.value, self.message),
        }
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "第{}行:{}", self.row, self.describe())
    }
}

fn quote(value: &str) -> String {
    if value.chars().count() <= MAX_QUOTED_CHARS {
        value.to_owned()
    } else {
        let head: String = value.chars().take(MAX_QUOTED_CHARS).collect();
        format!("{head}…(共{}个字符)", value.chars().count())
    }
}

/// 导入报告.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub outcome: ImportOutcome,
    /// The listed problems with their column headers (at most 1,000).
    pub errors: Vec<RowError>,
    /// Every problem, listed or not.
    pub error_count: u64,
}

impl ImportReport {
    pub fn ok(&self) -> bool {
        self.error_count == 0
    }
}

struct RegisterSink {
    def: &'static RegisterDef,
    map: Option<HeaderMap>,
    header_errors: Vec<RowError>,
    /// The current row's cell texts by field position (`def.fields`).
    raw: Vec<String>,
    /// Per column of the file: the position of its field, if it holds one.
    field_at: Vec<Option<usize>>,
    chunk: ImportChunk,
    tx: tokio::sync::mpsc::Sender<ImportChunk>,
    read: u64,
    progress: Option<Progress>,
}

impl RegisterSink {
    fn send(&mut self) -> Result<bool, ExchangeError> {
        let chunk = std::mem::take(&mut self.chunk);
        if let Some(progress) = &self.progress {
            progress(self.read);
        }
        // A closed channel means the store gave up (a database error it reports itself).
        Ok(self.tx.blocking_send(chunk).is_ok())
    }

    fn fail(&mut self, message: &str) {
        self.chunk.problems.push(ImportProblem {
            line: 1,
            field: "",
            value: String::new(),
            message: message.to_owned(),
        });
        let _ = self.send();
    }
}

impl RowSink for RegisterSink {
    fn header(&mut self, cells: &[String]) -> Result<(), ExchangeError> {
        match HeaderMap::new(self.def, cells) {
            Ok(map) => {
                self.field_at = map
                    .targets
                    .iter()
                    .map(|target| match target {
                        Some(Target::Field(field)) => {
                            self.def.fields.iter().position(|f| f.key == field.key)
                        }
                        _ => None,
                    })
                    .collect();
                self.map = Some(map);
                Ok(())
            }
            Err(problems) => {
                self.header_errors = problems;
                Err(ExchangeError::file(READ_FAILED))
            }
        }
    }

    fn row(&mut self, line: u64, cells: &[String]) -> Result<bool, ExchangeError> {
        let Some(map) = &self.map else {
            return Ok(false);
        };
        self.read += 1;
        for value in &mut self.raw {
            value.clear();
        }
        let mut org_code = None;
        for ((cell, target), at) in cells.iter().zip(&map.targets).zip(&self.field_at) {
            if let Some(value) = at.and_then(|i| self.raw.get_mut(i)) {
                value.push_str(unneutralise(cell.trim()));
            } else if matches!(target, Some(Target::Org)) && !cell.trim().is_empty() {
                org_code = Some(cell.trim().to_owned());
            }
        }
        let texts: Vec<&str> = self.raw.iter().map(String::as_str).collect();
        match self.def.parse_texts(&texts) {
            Ok(record) => self.chunk.rows.push(ImportRow {
                line,
                org_code,
                record,
            }),
            Err(errors) => self
                .chunk
                .problems
                .extend(errors.into_iter().map(|e| ImportProblem {
                    line,
                    field: e.field,
                    value: quote(&e.value),
                    message: e.message,
                })),
        }
        if self.chunk.rows.len() + self.chunk.problems.len() >= CHUNK_ROWS {
            return self.send();
        }
        Ok(true)
    }
}

/// 导入登记簿 — imports the file at `path` (shown to clerks as `file_name`) into `def`.
/// A problem in any row leaves the database as it was; the report lists the problems.
pub async fn import_register(
    store: &ScopedStore,
    def: &'static RegisterDef,
    path: &Path,
    format: Format,
    options: ImportOptions,
    progress: Option<Progress>,
) -> Result<ImportReport, ExchangeError> {
    let (tx, rx) = tokio::sync::mpsc::channel(CHANNEL_CHUNKS);
    let mut sink = RegisterSink {
        def,
        map: None,
        header_errors: Vec::new(),
        raw: vec![String::new(); def.fields.len()],
        field_at: Vec::new(),
        chunk: ImportChunk::default(),
        tx,
        read: 0,
        progress,
    };
    let source = path.to_owned();
    let sheet = def.label;
    let reader = std::thread::spawn(move || {
        let result = read_rows(&source, format, Some(sheet), &mut sink);
        match &result {
            Ok(()) => {
                if !sink.chunk.rows.is_empty() || !sink.chunk.problems.is_empty() {
                    let _ = sink.send();
                }
                if sink.read == 0 && sink.header_errors.is_empty() {
                    sink.fail("文件只有列名行,没有数据行");
                    let result = Err(ExchangeError::file("文件只有列名行,没有数据行"));
                    return (result, sink.map, sink.header_errors);
                }
            }
            Err(_) => sink.fail(READ_FAILED),
        }
        // The sender is dropped here: the store sees the end of the rows.
        (result, sink.map, sink.header_errors)
    });
    let stored = store.import_records(def, &options, rx).await;
    let (read_result, map, header_errors) = reader
        .join()
        .map_err(|_| ExchangeError::file("读取文件的线程意外终止"))?;
    let outcome = stored?;
    if !header_errors.is_empty() {
        let count = header_errors.len() as u64;
        return Ok(ImportReport {
            outcome,
            errors: header_errors,
            error_count: count,
        });
    }
    read_result?;
    let errors = outcome
        .problems
        .iter()
        .map(|p| {
            let column = map
                .as_ref()
                .map(|m| m.header_of(def, p.field))
                .unwrap_or_default();
            RowError {
                row: p.line,
                column,
                value: p.value.clone(),
                message: p.message.clone(),
            }
        })
        .collect();
    Ok(ImportReport {
        error_count: outcome.problem_count,
        errors,
        outcome,
    })
}
