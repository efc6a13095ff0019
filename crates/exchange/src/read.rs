//! 读取 — rows of an xlsx, CSV or NDJSON file as text cells, streamed: CSV and NDJSON line by
//! line, xlsx cell by cell through calamine's sheet reader (only the shared-strings table is
//! held whole). Row numbers are those Excel shows (the header is row 1).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use calamine::{DataRef, Reader as _, Xlsx};
use chrono::NaiveDate;

use crate::ExchangeError;
use crate::decode::Decoded;
use crate::limits::{LineCap, check_xlsx_inflation, is_line_too_long};

/// File formats read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
    Ndjson,
}

impl Format {
    /// From the file name's extension (`xlsx`, `csv`/`txt`, `ndjson`/`jsonl`), else from the
    /// first bytes (a zip archive is xlsx, `{` starts NDJSON, anything else is CSV).
    pub fn detect(path: &Path, name: Option<&str>) -> Result<Self, ExchangeError> {
        let name = name
            .map(str::to_owned)
            .unwrap_or_else(|| path.display().to_string());
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("xlsx" | "xlsm") => return Ok(Self::Xlsx),
            Some("csv" | "txt") => return Ok(Self::Csv),
            Some("ndjson" | "jsonl") => return Ok(Self::Ndjson),
            Some("xls") => {
                return Err(ExchangeError::file(
                    "不支持旧版 Excel(.xls)文件,请在 Excel 中另存为「Excel 工作簿(.xlsx)」",
                ));
            }
            _ => {}
        }
        let mut head = [0_u8; 4];
        let n = File::open(path)?.read(&mut head)?;
        Ok(match &head[..n] {
            [b'P', b'K', 3, 4] => Self::Xlsx,
            [b'{', ..] => Self::Ndjson,
            _ => Self::Csv,
        })
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            "ndjson" | "jsonl" => Some(Self::Ndjson),
            _ => None,
        }
    }
}

/// Receives the header and then each non-empty row.
pub trait RowSink {
    /// The header row's cells; an error stops reading.
    fn header(&mut self, cells: &[String]) -> Result<(), ExchangeError>;
    /// One row with its Excel row number; `Ok(false)` stops reading.
    fn row(&mut self, line: u64, cells: &[String]) -> Result<bool, ExchangeError>;
}

/// Reads `path` in `format` into `sink`. `sheet`: the preferred sheet of an xlsx (else the
/// first one).
pub fn read_rows(
    path: &Path,
    format: Format,
    sheet: Option<&str>,
    sink: &mut dyn RowSink,
) -> Result<(), ExchangeError> {
    if std::fs::metadata(path)?.len() == 0 {
        return Err(ExchangeError::file("文件是空的"));
    }
    match format {
        Format::Csv => read_csv(path, sink),
        Format::Ndjson => read_ndjson(path, sink),
        Format::Xlsx => read_xlsx(path, sheet, sink),
    }
}

fn all_empty(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

fn read_csv(path: &Path, sink: &mut dyn RowSink) -> Result<(), ExchangeError> {
    let capped = LineCap::new(File::open(path)?);
    let decoded = Decoded::new(BufReader::with_capacity(1 << 16, capped))
        .map_err(|e| ExchangeError::file(e.to_string()))?;
    let mut reader = BufReader::with_capacity(1 << 16, decoded);
    let delimiter = {
        let head = reader
            .fill_buf()
            .map_err(|e| ExchangeError::file(e.to_string()))?;
        let first_line = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
        let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
        [b',', b'\t', b';']
            .into_iter()
            .max_by_key(|c| count(*c))
            .unwrap_or(b',')
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(reader);
    let mut record = csv::StringRecord::new();
    let mut cells: Vec<String> = Vec::new();
    let mut index = 0_u64;
    let mut header_seen = false;
    loop {
        let more = csv
            .read_record(&mut record)
            .map_err(|e| csv_error(e, index + 1))?;
        if !more {
            break;
        }
        index += 1;
        cells.resize(record.len(), String::new());
        cells.truncate(record.len());
        for (cell, field) in cells.iter_mut().zip(record.iter()) {
            cell.clear();
            cell.push_str(field);
        }
        if !header_seen {
            if all_empty(&cells) {
                continue;
            }
            header_seen = true;
            sink.header(&cells)?;
        } else if !all_empty(&cells) && !sink.row(index, &cells)? {
            break;
        }
    }
    if !header_seen {
        return Err(ExchangeError::file(
            "文件中没有任何内容(应有列名行和数据行)",
        ));
    }
    Ok(())
}

fn csv_error(err: csv::Error, line: u64) -> ExchangeError {
    match err.kind() {
        csv::ErrorKind::Io(io) if is_line_too_long(io) => {
            ExchangeError::file(format!("第{line}行附近:{io}"))
        }
        csv::ErrorKind::Io(io) => ExchangeError::file(format!("第{line}行附近无法读取:{io}")),
        csv::ErrorKind::Utf8 { .. } => {
            ExchangeError::file(format!("第{line}行不是有效的文本(编码无法识别)"))
        }
        _ => ExchangeError::file(format!("第{line}行不是有效的 CSV:{err}")),
    }
}

fn read_ndjson(path: &Path, sink: &mut dyn RowSink) -> Result<(), ExchangeError> {
    let reader = BufReader::with_capacity(1 << 16, LineCap::new(File::open(path)?));
    let mut header: Vec<String> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut line_no = 0_u64;
    for line in reader.lines() {
        line_no += 1;
        let line = line.map_err(|e| {
            if is_line_too_long(&e) {
                ExchangeError::file(format!("第{line_no}行:{e}"))
            } else {
                ExchangeError::file(format!("第{line_no}行不是有效的 UTF-8 文本"))
            }
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| ExchangeError::file(format!("第{line_no}行不是有效的 JSON:{e}")))?;
        let serde_json::Value::Object(object) = value else {
            return Err(ExchangeError::file(format!(
                "第{line_no}行应为一个 JSON 对象({{\"列名\": 值, …}})"
            )));
        };
        if header.is_empty() {
            header = object.keys().cloned().collect();
            sink.header(&header)?;
        }
        cells.clear();
        cells.resize(header.len(), String::new());
        for (key, value) in &object {
            let Some(i) = header.iter().position(|h| h == key) else {
                return Err(ExchangeError::file(format!(
                    "第{line_no}行有第一行没有的键「{key}」:每一行应使用相同的键"
                )));
            };
            cells[i] = json_text(value);
        }
        // NDJSON has no header line: the first object is row 1 of the data, shown as line 1.
        if !all_empty(&cells) && !sink.row(line_no, &cells)? {
            break;
        }
    }
    if header.is_empty() {
        return Err(ExchangeError::file("文件中没有任何 JSON 对象"));
    }
    Ok(())
}

fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn read_xlsx(
    path: &Path,
    sheet: Option<&str>,
    sink: &mut dyn RowSink,
) -> Result<(), ExchangeError> {
    check_xlsx_inflation(path)?;
    let mut workbook: Xlsx<BufReader<File>> = calamine::open_workbook(path)
        .map_err(|e| ExchangeError::file(format!("不是有效的 Excel(xlsx)文件:{e}")))?;
    let names = workbook.sheet_names();
    let name = sheet
        .and_then(|s| names.iter().find(|n| n.as_str() == s))
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| ExchangeError::file("Excel 文件中没有工作表"))?;
    // An export of more rows than a sheet holds goes on in 「名称(2)」, 「名称(3)」 …, each
    // with the header again; their rows are numbered on from the previous sheet's.
    let mut header: Option<Vec<String>> = None;
    let mut offset = 0_u64;
    let mut part = 1;
    let mut current_name = name.clone();
    loop {
        let (go_on, last_row) =
            read_sheet(&mut workbook, &current_name, offset, &mut header, sink)?;
        if header.is_none() {
            return Err(ExchangeError::file(format!(
                "工作表「{name}」是空的(应有列名行和数据行)"
            )));
        }
        part += 1;
        let next = crate::write::continued_sheet_name(&name, part);
        if !go_on || !names.contains(&next) {
            return Ok(());
        }
        offset += last_row;
        current_name = next;
    }
}

/// Reads one sheet: its first non-empty row is the header (handed to the sink for the first
/// sheet, compared with it for a continuation), then the rows numbered from `offset`.
/// Returns whether to go on and the number of the sheet's last row.
fn read_sheet(
    workbook: &mut Xlsx<BufReader<File>>,
    name: &str,
    offset: u64,
    header: &mut Option<Vec<String>>,
    sink: &mut dyn RowSink,
) -> Result<(bool, u64), ExchangeError> {
    let mut cells_reader = workbook
        .worksheet_cells_reader(name)
        .map_err(|e| ExchangeError::file(format!("无法读取工作表「{name}」:{e}")))?;
    let mut cells: Vec<String> = Vec::new();
    let mut current: Option<u32> = None;
    let mut header_seen = false;
    let mut flush = |row: u32, cells: &mut Vec<String>| -> Result<bool, ExchangeError> {
        let result = if all_empty(cells) {
            Ok(true)
        } else if !header_seen {
            header_seen = true;
            match header {
                None => {
                    *header = Some(cells.clone());
                    sink.header(cells).map(|()| true)
                }
                Some(first) if first == cells => Ok(true),
                Some(_) => Err(ExchangeError::file(format!(
                    "工作表「{name}」的列名与第一张工作表不同,无法作为续表导入"
                ))),
            }
        } else {
            sink.row(offset + u64::from(row) + 1, cells)
        };
        cells.clear();
        result
    };
    loop {
        let cell = cells_reader
            .next_cell()
            .map_err(|e| ExchangeError::file(format!("工作表「{name}」无法读取:{e}")))?;
        let Some(cell) = cell else { break };
        let (row, col) = cell.get_position();
        if current != Some(row) {
            if let Some(r) = current
                && !flush(r, &mut cells)?
            {
                return Ok((false, u64::from(r) + 1));
            }
            current = Some(row);
        }
        let col = col as usize;
        if col >= 16_384 {
            continue;
        }
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = cell_text(cell.get_value());
    }
    let go_on = match current {
        Some(r) => flush(r, &mut cells)?,
        None => true,
    };
    Ok((go_on, current.map_or(0, |r| u64::from(r) + 1)))
}

/// A cell as the text a clerk typed: dates as 2024-03-05, whole numbers without `.0`.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        DataRef::DateTime(dt) => {
            let serial = dt.as_f64();
            NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|base| {
                    base.checked_add_days(chrono::Days::new(serial.max(0.0).floor() as u64))
                })
                .map_or_else(|| float_text(serial), |d| d.to_string())
        }
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        // Shortest text that reads back as the same number, then rounded display noise
        // (0.1 + 0.2) cut at 10 decimals.
        let text = format!("{f:.10}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}
