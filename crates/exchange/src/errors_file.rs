//! 错误说明文件 — the file handed back after a failed import, as good as the template: the
//! register's sheet with the template's columns and drop-downs ([`crate::template`]) and its
//! 说明 sheet, each row of the upload at the row number it had there, dates as dates and
//! numbers as numbers, every cell with a problem filled red with the problem as a note, and a
//! 错误说明 column listing the row's problems (which import ignores, so the corrected file
//! imports as is).
//!
//! A file whose header does not match the register (or a 填报值 file) is copied as it was,
//! with the same highlights and 错误说明 column.

use std::path::Path;

use fazhi_domain::register::{FieldKind, RegisterDef, parse_amount_fen, parse_date};
use rust_xlsxwriter::{ExcelDateTime, Format, Note, Workbook, Worksheet};

use crate::ExchangeError;
use crate::columns::{ERROR_HEADER, HeaderMap, ORG_HEADER, Target};
use crate::import::RowError;
use crate::read::{Format as FileFormat, RowSink, read_rows};
use crate::template::{
    VALIDATED_ROWS, column, drop_downs, entry_sheet, header_row, help_sheet, sheet_name,
};
use crate::write::{XLSX_SHEET_ROWS, neutralise};

/// The fill of a cell with a problem.
const BAD_FILL: &str = "#FFC7CE";
/// The font of the 错误说明 column.
const ERROR_FONT: &str = "#C00000";

/// How a cell is written: its kind of value, and whether it has a problem.
struct Formats {
    text: [Format; 2],
    date: [Format; 2],
    amount: [Format; 2],
    integer: [Format; 2],
    error: Format,
}

impl Formats {
    fn new() -> Self {
        let pair = |f: Format| [f.clone(), f.set_background_color(BAD_FILL)];
        Self {
            text: pair(Format::new()),
            date: pair(Format::new().set_num_format("yyyy-mm-dd")),
            amount: pair(Format::new().set_num_format("0.00")),
            integer: pair(Format::new().set_num_format("0")),
            error: Format::new().set_font_color(ERROR_FONT).set_text_wrap(),
        }
    }
}

/// Where the upload's columns go in the error file.
#[derive(Default)]
struct Layout {
    /// The register whose template's columns the file has (`None`: the upload's own columns,
    /// when its header does not match the register).
    template: Option<&'static RegisterDef>,
    /// Per column of the upload, the error file's column it fills (`None`: dropped).
    at: Vec<Option<usize>>,
}

/// The error file's sheet being written, row by row (constant memory).
struct ErrorSheet<'a> {
    sheet: &'a mut Worksheet,
    def: Option<&'static RegisterDef>,
    problems: &'a [RowError],
    layout: Layout,
    /// The upload's header cells (the problems name their columns by these).
    headers: Vec<String>,
    next_row: u32,
    error_col: u16,
    formats: Formats,
}

impl ErrorSheet<'_> {
    /// The error file's column of a problem's column header, if the file has it.
    fn column_of(&self, header: &str) -> Option<usize> {
        if header.is_empty() {
            return None;
        }
        let source = self.headers.iter().position(|h| h == header)?;
        self.target(source)
    }

    /// The kind of value a column of the error file holds (`None`: text).
    fn kind_at(&self, col: usize) -> Option<FieldKind> {
        let def = self.layout.template?;
        col.checked_sub(1)
            .and_then(|i| def.fields.get(i))
            .map(|f| f.kind)
    }

    /// Writes one cell typed by its column's kind: a date that reads as a date as a date
    /// cell, an amount or whole number as a number; anything else (or anything that does not
    /// read) as the text given.
    fn cell(&mut self, row: u32, col: usize, text: &str, bad: bool) -> Result<(), ExchangeError> {
        let (c, b) = (column(col)?, usize::from(bad));
        let text = text.trim();
        match self.kind_at(col) {
            Some(FieldKind::Date) if !text.is_empty() => {
                if let Some(date) = excel_date(text) {
                    self.sheet
                        .write_datetime_with_format(row, c, &date, &self.formats.date[b])?;
                    return Ok(());
                }
            }
            Some(FieldKind::Amount) => {
                if let Ok(fen) = parse_amount_fen(text) {
                    let yuan = fen as f64 / 100.0;
                    self.sheet
                        .write_number_with_format(row, c, yuan, &self.formats.amount[b])?;
                    return Ok(());
                }
            }
            Some(FieldKind::Integer { .. }) => {
                if let Some(n) = whole_number(text) {
                    self.sheet
                        .write_number_with_format(row, c, n, &self.formats.integer[b])?;
                    return Ok(());
                }
            }
            _ => {}
        }
        if text.is_empty() {
            if bad {
                self.sheet.write_blank(row, c, &self.formats.text[1])?;
            }
        } else {
            let format = &self.formats.text[b];
            self.sheet
                .write_string_with_format(row, c, neutralise(text).as_ref(), format)?;
        }
        Ok(())
    }

    /// The row of the error file for upload row `line`: the same row number where it can be
    /// (rows come in ascending order), else the next free row.
    fn row_for(&mut self, line: u64) -> u32 {
        let wanted = u32::try_from(line.saturating_sub(1))
            .ok()
            .filter(|r| *r <= XLSX_SHEET_ROWS);
        let row = wanted.map_or(self.next_row, |r| r.max(self.next_row));
        self.next_row = row + 1;
        row
    }

    /// Copies one row of the upload, marks its bad cells and lists its problems.
    fn put(&mut self, line: u64, cells: &[String]) -> Result<(), ExchangeError> {
        let row = self.row_for(line);
        // Each problem with the error file's column it marks (if any), named as there.
        let problems: Vec<(Option<usize>, RowError)> = (self.problems.iter())
            .filter(|p| p.row == line)
            .map(|p| (self.column_of(&p.column), self.named_here(p)))
            .collect();
        let mut notes: Vec<(usize, Vec<String>)> = Vec::new();
        for (at, problem) in &problems {
            if let Some(col) = *at {
                match notes.iter_mut().find(|(c, _)| *c == col) {
                    Some((_, texts)) => texts.push(problem.to_string()),
                    None => notes.push((col, vec![problem.to_string()])),
                }
            }
        }
        let mut placed: Vec<(usize, &str)> = cells
            .iter()
            .enumerate()
            .filter_map(|(i, cell)| self.target(i).map(|col| (col, cell.as_str())))
            .collect();
        for (col, _) in &notes {
            if !placed.iter().any(|(c, _)| c == col) {
                placed.push((*col, ""));
            }
        }
        placed.sort_by_key(|(c, _)| *c);
        for (col, text) in placed {
            let bad = notes.iter().any(|(c, _)| *c == col);
            self.cell(row, col, text, bad)?;
        }
        for (col, texts) in notes {
            let note = Note::new(texts.join("\n"))
                .set_author("导入检查")
                .add_author_prefix(false)
                .set_width(360)
                .set_height(120);
            self.sheet.insert_note(row, column(col)?, &note)?;
        }
        if !problems.is_empty() {
            let text: Vec<String> = problems.iter().map(|(_, p)| p.describe()).collect();
            self.sheet.write_string_with_format(
                row,
                self.error_col,
                text.join(";"),
                &self.formats.error,
            )?;
        }
        Ok(())
    }

    /// `problem` naming its column as the error file does (the template's Chinese label,
    /// where the upload may have used a field key or another order).
    fn named_here(&self, problem: &RowError) -> RowError {
        let mut named = problem.clone();
        let at = self.column_of(&problem.column);
        if let (Some(def), Some(col)) = (self.layout.template, at) {
            named.column = match col.checked_sub(1).and_then(|i| def.fields.get(i)) {
                Some(field) => field.label.to_owned(),
                None => ORG_HEADER.to_owned(),
            };
        }
        named
    }

    /// The error file's column of the upload's column `i` (`None`: dropped).
    fn target(&self, i: usize) -> Option<usize> {
        self.layout.at.get(i).copied().flatten()
    }

    /// The upload's header matched to the register: the template's header row.
    fn template_header(
        &mut self,
        def: &'static RegisterDef,
        map: &HeaderMap,
    ) -> Result<(), ExchangeError> {
        let at = map
            .targets
            .iter()
            .map(|target| match target {
                Some(Target::Org) => Some(0),
                Some(Target::Field(field)) => def
                    .fields
                    .iter()
                    .position(|f| f.key == field.key)
                    .map(|i| i + 1),
                _ => None,
            })
            .collect();
        entry_sheet(self.sheet, def)?;
        self.error_col = column(def.fields.len() + 1)?;
        self.layout = Layout {
            template: Some(def),
            at,
        };
        self.sheet.write_string_with_format(
            0,
            self.error_col,
            ERROR_HEADER,
            &self.formats.error,
        )?;
        self.sheet.set_column_width(self.error_col, 60)?;
        Ok(())
    }

    /// A header that does not match: the upload's own columns, its problems on the header.
    fn uploaded_header(&mut self, cells: &[String]) -> Result<(), ExchangeError> {
        let mut keep: Vec<String> = Vec::new();
        let mut at = Vec::with_capacity(cells.len());
        for cell in cells {
            if cell.trim().starts_with(ERROR_HEADER) {
                at.push(None);
            } else {
                at.push(Some(keep.len()));
                keep.push(cell.clone());
            }
        }
        self.error_col = column(keep.len())?;
        self.layout = Layout { template: None, at };
        header_row(self.sheet, &keep, &[])?;
        for problem in self.problems.iter().filter(|p| p.row == 1) {
            if let Some(col) = keep.iter().position(|h| *h == problem.column) {
                let note = Note::new(problem.to_string()).add_author_prefix(false);
                self.sheet.insert_note(0, column(col)?, &note)?;
            }
        }
        let header_problems: Vec<String> = (self.problems.iter())
            .filter(|p| p.row == 1)
            .map(|p| p.describe())
            .collect();
        let text = if header_problems.is_empty() {
            ERROR_HEADER.to_owned()
        } else {
            format!("{ERROR_HEADER}(列名:{})", header_problems.join(";"))
        };
        self.sheet
            .write_string_with_format(0, self.error_col, text, &self.formats.error)?;
        self.sheet.set_column_width(self.error_col, 60)?;
        Ok(())
    }
}

impl RowSink for ErrorSheet<'_> {
    fn header(&mut self, cells: &[String]) -> Result<(), ExchangeError> {
        self.headers = cells.to_vec();
        self.next_row = 1;
        match self.def.map(|def| (def, HeaderMap::new(def, cells))) {
            Some((def, Ok(map))) => self.template_header(def, &map),
            _ => self.uploaded_header(cells),
        }
    }

    fn row(&mut self, line: u64, cells: &[String]) -> Result<bool, ExchangeError> {
        self.put(line, cells)?;
        Ok(true)
    }
}

/// A date as the clerk typed it (2024-03-05, 2024/3/5, 2024年3月5日 …) as an Excel date.
fn excel_date(text: &str) -> Option<ExcelDateTime> {
    use chrono::Datelike;
    let date = parse_date(text).ok()?;
    let year = u16::try_from(date.year()).ok()?;
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// A whole number as typed (thousands separators allowed) that a spreadsheet holds exactly.
fn whole_number(text: &str) -> Option<f64> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '\u{FF0C}'))
        .collect();
    let n: i64 = digits.parse().ok()?;
    (n.unsigned_abs() < 1 << 53).then_some(n as f64)
}

/// 错误说明文件 — the upload at `source` handed back with its problems (see the module):
/// `def` is the register it was imported into (`None`: a 填报值 file, copied as it was).
pub fn errors_workbook(
    source: &Path,
    format: FileFormat,
    def: Option<&'static RegisterDef>,
    problems: &[RowError],
) -> Result<Vec<u8>, ExchangeError> {
    let mut workbook = Workbook::new();
    let name = def.map_or_else(|| "导入错误".to_owned(), |d| sheet_name(d.label));
    let worksheet = workbook
        .add_worksheet_with_constant_memory()?
        .set_name(name)?;
    let mut sink = ErrorSheet {
        sheet: worksheet,
        def,
        problems,
        layout: Layout::default(),
        headers: Vec::new(),
        next_row: 0,
        error_col: 0,
        formats: Formats::new(),
    };
    read_rows(source, format, def.map(|d| d.label), &mut sink)?;
    if let Some(def) = sink.layout.template {
        drop_downs(sink.sheet, def, sink.next_row.max(VALIDATED_ROWS))?;
    }
    if let Some(def) = def {
        help_sheet(&mut workbook, def)?;
    }
    Ok(workbook.save_to_buffer()?)
}
