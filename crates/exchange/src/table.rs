//! 表格导出 — plain tables as an xlsx workbook, for what is not a register (the audit log, a
//! report's tables): each sheet one bold, frozen header row and rows of text, each cell
//! neutralised like the register exports (text that would run as a formula gets a leading
//! `'`); cells that are whole numbers are written as numbers, so Excel can sum them.

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::ExchangeError;
use crate::write::neutralise;

/// One column: its header and width (in characters).
pub struct Column<'a> {
    pub header: &'a str,
    pub width: f64,
}

/// One sheet of [`tables_workbook`].
pub struct Sheet<'a> {
    /// 工作表名 (cut to Excel's 31 characters).
    pub name: &'a str,
    pub columns: Vec<Column<'a>>,
    pub rows: &'a [Vec<String>],
}

/// The table as an xlsx workbook (bytes) with one sheet named `sheet`. Cells may hold several
/// lines (wrapped in Excel).
pub fn table_workbook(
    sheet: &str,
    columns: &[Column<'_>],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, ExchangeError> {
    let mut workbook = Workbook::new();
    write_sheet(workbook.add_worksheet(), sheet, columns, rows, false)?;
    Ok(workbook.save_to_buffer()?)
}

/// Several tables, one sheet each, whole numbers as numbers (a report's statistical tables).
pub fn tables_workbook(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, ExchangeError> {
    let mut workbook = Workbook::new();
    for sheet in sheets {
        write_sheet(
            workbook.add_worksheet(),
            sheet.name,
            &sheet.columns,
            sheet.rows,
            true,
        )?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn write_sheet(
    worksheet: &mut Worksheet,
    name: &str,
    columns: &[Column<'_>],
    rows: &[Vec<String>],
    numbers: bool,
) -> Result<(), ExchangeError> {
    let name: String = name.chars().take(31).collect();
    worksheet.set_name(name)?;
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7");
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
            match cell.parse::<i64>() {
                Ok(n) if numbers => {
                    worksheet.write_number(line, col, n as f64)?;
                }
                _ => {
                    worksheet.write_string_with_format(
                        line,
                        col,
                        neutralise(cell).as_ref(),
                        &wrapped,
                    )?;
                }
            }
        }
    }
    Ok(())
}
