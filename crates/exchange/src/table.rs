//! 表格导出 — a plain table as an xlsx workbook, for lists that are not a register (the audit
//! log): one bold, frozen header row and rows of text, each cell neutralised like the
//! register exports (text that would run as a formula gets a leading `'`).

use rust_xlsxwriter::{Format, Workbook};

use crate::ExchangeError;
use crate::write::neutralise;

/// One column: its header and width (in characters).
pub struct Column<'a> {
    pub header: &'a str,
    pub width: f64,
}

/// The table as an xlsx workbook (bytes) with one sheet named `sheet`. Cells may hold several
/// lines (wrapped in Excel).
pub fn table_workbook(
    sheet: &str,
    columns: &[Column<'_>],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, ExchangeError> {
    let mut workbook = Workbook::new();
    let name: String = sheet.chars().take(31).collect();
    let worksheet = workbook.add_worksheet().set_name(name)?;
    let bold = Format::new().set_bold().set_background_color("#DDEBF7");
    let wrapped = Format::new().set_text_wrap();
    for (i, column) in columns.iter().enumerate() {
        let col = u16::try_from(i).map_err(|_| ExchangeError::file("列数过多"))?;
        worksheet.write_string_with_format(0, col, column.header, &bold)?;
        worksheet.set_column_width(col, column.width)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let line = u32::try_from(r + 1).map_err(|_| ExchangeError::file("行数过多"))?;
        for (c, cell) in row.iter().enumerate().take(columns.len()) {
            // `take` keeps c below the column count, which fits u16.
            let col = u16::try_from(c).map_err(|_| ExchangeError::file("列数过多"))?;
            worksheet.write_string_with_format(line, col, neutralise(cell).as_ref(), &wrapped)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}
