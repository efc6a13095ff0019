//! 模板与导出 — the import template (one sheet with the columns, drop-downs for enumerated
//! columns, a second sheet explaining each column) and exports in the same columns, so an
//! export imports back unchanged. Text that a spreadsheet would run as a formula is
//! neutralised with a leading `'` (which import removes again).

use fazhi_domain::RecordId;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use fazhi_domain::register::{FieldDef, FieldKind, RegisterDef};
use fazhi_store::StoredRecord;
use rust_xlsxwriter::{DataValidation, Format, Workbook, Worksheet};

use crate::ExchangeError;
use crate::columns::{ERROR_HEADER, ORG_HEADER, template_headers};
use crate::import::RowError;
use crate::read::Format as FileFormat;

/// Rows of the template that carry the drop-downs.
const VALIDATED_ROWS: u32 = 10_000;

/// Prefixes a cell that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) with `'`.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// Reverses [`neutralise`] on import.
pub(crate) fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest)
            if matches!(
                rest.as_bytes().first(),
                Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
            ) =>
        {
            rest
        }
        _ => text,
    }
}

fn sheet_name(label: &str) -> String {
    label.chars().take(31).collect()
}

/// Data rows of one xlsx sheet: Excel's 1,048,576 rows less the header.
pub const XLSX_SHEET_ROWS: u32 = 1_048_575;

/// The name of the `part`-th sheet (from 2) of an export that `base` could not hold:
/// `base(part)`, `base` shortened to keep Excel's 31 characters.
pub(crate) fn continued_sheet_name(base: &str, part: usize) -> String {
    let suffix = format!("({part})");
    let keep = 31 - suffix.chars().count().min(31);
    base.chars().take(keep).chain(suffix.chars()).collect()
}

fn kind_text(field: &FieldDef) -> String {
    match field.kind {
        FieldKind::Text { max_chars } => format!("文本(最多{max_chars}字)"),
        FieldKind::Date => "日期(2024-03-05、2024/3/5、2024年3月5日)".into(),
        FieldKind::Amount => "金额(元,可写 1,234.50 或 1.2万元)".into(),
        FieldKind::Integer { min, max } => format!("整数({min}至{max})"),
        FieldKind::Bool => "是/否".into(),
        FieldKind::Enum(_) => "单选(从下拉列表中选择)".into(),
        FieldKind::EnumSet(_) => "多选(以顿号、逗号分隔)".into(),
        FieldKind::CreditCode => "统一社会信用代码(18位)".into(),
        FieldKind::CitizenId => "公民身份号码(18位)".into(),
        FieldKind::PartyId => "公民身份号码或统一社会信用代码".into(),
        FieldKind::Link => "关联记录编号(整数)".into(),
    }
}

fn header_row(
    sheet: &mut Worksheet,
    headers: &[String],
    required: &[bool],
) -> Result<(), ExchangeError> {
    let bold = Format::new().set_bold().set_background_color("#DDEBF7");
    let marked = Format::new()
        .set_bold()
        .set_background_color("#FCE4D6")
        .set_font_color("#C00000");
    for (i, header) in headers.iter().enumerate() {
        let col = u16::try_from(i).map_err(|_| ExchangeError::file("列数过多"))?;
        let format = if required.get(i).copied().unwrap_or(false) {
            &marked
        } else {
            &bold
        };
        sheet.write_string_with_format(0, col, header, format)?;
        sheet.set_column_width(col, (header.chars().count() as f64 * 2.2).max(12.0))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// 导入模板 — the register's template workbook as bytes.
pub fn template(def: &RegisterDef) -> Result<Vec<u8>, ExchangeError> {
    let mut workbook = Workbook::new();
    let headers = template_headers(def);
    let required: Vec<bool> = std::iter::once(false)
        .chain(def.fields.iter().map(|f| f.required))
        .collect();
    let sheet = workbook.add_worksheet().set_name(sheet_name(def.label))?;
    header_row(sheet, &headers, &required)?;
    for (i, field) in def.fields.iter().enumerate() {
        let col = u16::try_from(i + 1).map_err(|_| ExchangeError::file("列数过多"))?;
        let values: Vec<&str> = match field.kind {
            FieldKind::Enum(options) => options.iter().map(|o| o.label).collect(),
            FieldKind::Bool => vec!["是", "否"],
            _ => continue,
        };
        let validation = DataValidation::new()
            .allow_list_strings(&values)?
            .set_error_title("不是允许的值")?
            .set_error_message(format!("「{}」应为:{}", field.label, values.join("、")))?;
        sheet.add_data_validation(1, col, VALIDATED_ROWS, col, &validation)?;
    }
    let help = workbook.add_worksheet().set_name("说明")?;
    let help_headers: Vec<String> = ["列名", "字段名", "必填", "类型", "允许的值", "说明"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    header_row(help, &help_headers, &[])?;
    help.write_string(1, 0, ORG_HEADER)?;
    help.write_string(1, 1, "org")?;
    help.write_string(1, 2, "否")?;
    help.write_string(1, 3, "单位代码")?;
    help.write_string(
        1,
        5,
        format!("{}的单位代码;为空时为导入时选择的单位", def.org_label),
    )?;
    for (i, field) in def.fields.iter().enumerate() {
        let row = u32::try_from(i + 2).map_err(|_| ExchangeError::file("列数过多"))?;
        help.write_string(row, 0, field.label)?;
        help.write_string(row, 1, field.key)?;
        help.write_string(row, 2, if field.required { "是" } else { "否" })?;
        help.write_string(row, 3, kind_text(field))?;
        let allowed: Vec<&str> = field.options().iter().map(|o| o.label).collect();
        help.write_string(row, 4, allowed.join("、"))?;
        help.write_string(row, 5, field.help)?;
    }
    help.set_column_width(4, 40)?;
    help.set_column_width(5, 60)?;
    let last = u32::try_from(def.fields.len() + 3).unwrap_or(u32::MAX);
    help.write_string(
        last,
        0,
        "带 * 的列必须填写;列的顺序可以调整;列名可用中文列名或英文字段名。",
    )?;
    help.write_string(
        last + 1,
        0,
        "同一编号的记录再次导入时更新原记录,不会重复。以 = + - @ 开头的内容导出时前加 ' 。",
    )?;
    Ok(workbook.save_to_buffer()?)
}

/// Writes records in the template's columns, row by row (xlsx in constant memory).
pub enum Exporter {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Xlsx {
        workbook: Box<Workbook>,
        /// The last row written on the current sheet (0: the header).
        row: u32,
        path: std::path::PathBuf,
        /// The sheet being written (0-based) and the data rows a sheet takes.
        sheet: usize,
        sheet_rows: u32,
        headers: Vec<String>,
        required: Vec<bool>,
    },
}

impl Exporter {
    /// Creates `path` and writes the header row.
    pub fn create(
        def: &RegisterDef,
        format: FileFormat,
        path: &Path,
    ) -> Result<Self, ExchangeError> {
        Self::with_sheet_rows(def, format, path, XLSX_SHEET_ROWS)
    }

    /// [`Exporter::create`] with at most `sheet_rows` data rows per xlsx sheet (at most
    /// [`XLSX_SHEET_ROWS`]); more rows go on in further sheets, each with the header.
    pub fn with_sheet_rows(
        def: &RegisterDef,
        format: FileFormat,
        path: &Path,
        sheet_rows: u32,
    ) -> Result<Self, ExchangeError> {
        let headers = template_headers(def);
        match format {
            FileFormat::Csv | FileFormat::Ndjson => {
                let mut file = BufWriter::new(File::create(path)?);
                // UTF-8 BOM: Excel opens the file with the right encoding.
                file.write_all(b"\xEF\xBB\xBF")?;
                let mut writer = csv::Writer::from_writer(file);
                writer.write_record(&headers)?;
                Ok(Self::Csv(Box::new(writer)))
            }
            FileFormat::Xlsx => {
                let mut workbook = Box::new(Workbook::new());
                let required: Vec<bool> = std::iter::once(false)
                    .chain(def.fields.iter().map(|f| f.required))
                    .collect();
                let sheet = workbook
                    .add_worksheet_with_constant_memory()?
                    .set_name(sheet_name(def.label))?;
                header_row(sheet, &headers, &required)?;
                Ok(Self::Xlsx {
                    workbook,
                    row: 0,
                    path: path.to_owned(),
                    sheet: 0,
                    sheet_rows: sheet_rows.clamp(1, XLSX_SHEET_ROWS),
                    headers,
                    required,
                })
            }
        }
    }

    /// One record: unit code, then every field as a clerk would type it.
    pub fn write(&mut self, def: &RegisterDef, record: &StoredRecord) -> Result<(), ExchangeError> {
        let cells = std::iter::once(record.org_code.clone()).chain(
            def.fields
                .iter()
                .map(|f| f.display(record.record.get(f.key))),
        );
        match self {
            Self::Csv(writer) => {
                for cell in cells {
                    writer.write_field(neutralise(&cell).as_bytes())?;
                }
                writer.write_record(None::<&[u8]>)?;
            }
            Self::Xlsx {
                workbook,
                row,
                sheet,
                sheet_rows,
                headers,
                required,
                ..
            } => {
                if *row >= *sheet_rows {
                    // A full sheet: the rest goes on in 「名称(2)」 … with the header again.
                    *sheet += 1;
                    let name = continued_sheet_name(&sheet_name(def.label), *sheet + 1);
                    let next = workbook
                        .add_worksheet_with_constant_memory()?
                        .set_name(name)?;
                    header_row(next, headers, required)?;
                    *row = 0;
                }
                *row += 1;
                let sheet = workbook.worksheet_from_index(*sheet)?;
                for (col, cell) in cells.enumerate() {
                    if !cell.is_empty() {
                        let col =
                            u16::try_from(col).map_err(|_| ExchangeError::file("列数过多"))?;
                        sheet.write_string(*row, col, neutralise(&cell).as_ref())?;
                    }
                }
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Result<(), ExchangeError> {
        match self {
            Self::Csv(mut writer) => writer.flush()?,
            Self::Xlsx {
                mut workbook, path, ..
            } => workbook.save(&path)?,
        }
        Ok(())
    }
}

/// The sheet of the errors workbook being written: each row of the source copied, with its
/// problems in a red last column.
struct ErrorSheet<'a> {
    sheet: &'a mut Worksheet,
    problems: &'a [RowError],
    next_row: u32,
    error_col: u16,
    red: Format,
}
impl ErrorSheet<'_> {
    /// Copies one source row and writes its problems next to it.
    fn put(&mut self, line: u64, cells: &[String]) -> Result<(), ExchangeError> {
        let row = self.next_row;
        self.next_row += 1;
        for (col, cell) in cells.iter().enumerate().take(usize::from(self.error_col)) {
            if !cell.is_empty() {
                self.sheet
                    .write_string(row, col as u16, neutralise(cell).as_ref())?;
            }
        }
        let text: Vec<String> = self
            .problems
            .iter()
            .filter(|p| p.row == line)
            .map(|p| p.describe())
            .collect();
        if !text.is_empty() {
            self.sheet
                .write_string_with_format(row, self.error_col, text.join(";"), &self.red)?;
        }
        Ok(())
    }
}
impl crate::read::RowSink for ErrorSheet<'_> {
    fn header(&mut self, cells: &[String]) -> Result<(), ExchangeError> {
        let keep: Vec<String> = cells
            .iter()
            .filter(|c| !c.trim().starts_with(ERROR_HEADER))
            .cloned()
            .collect();
        self.error_col = u16::try_from(keep.len()).unwrap_or(u16::MAX - 1);
        self.next_row = 1;
        for (col, cell) in keep.iter().enumerate() {
            self.sheet.write_string(0, col as u16, cell)?;
        }
        let header_problems: Vec<String> = self
            .problems
            .iter()
            .filter(|p| p.row == 1)
            .map(|p| p.describe())
            .collect();
        let text = if header_problems.is_empty() {
            ERROR_HEADER.to_owned()
        } else {
            format!("{ERROR_HEADER}(列名:{})", header_problems.join(";"))
        };
        self.sheet
            .write_string_with_format(0, self.error_col, text, &self.red)?;
        Ok(())
    }
    fn row(&mut self, line: u64, cells: &[String]) -> Result<bool, ExchangeError> {
        self.put(line, cells)?;
        Ok(true)
    }
}

/// The file handed back with its problems: the same rows read again from `source`, with a
/// 错误说明 column listing each row's problems (header problems on the header row).
pub fn errors_workbook(
    source: &Path,
    format: FileFormat,
    sheet: Option<&str>,
    problems: &[RowError],
) -> Result<Vec<u8>, ExchangeError> {
    let mut workbook = Workbook::new();
    let worksheet = workbook
        .add_worksheet_with_constant_memory()?
        .set_name("导入错误")?;
    let mut sink = ErrorSheet {
        sheet: worksheet,
        problems,
        next_row: 0,
        error_col: 0,
        red: Format::new().set_font_color("#C00000"),
    };
    crate::read::read_rows(source, format, sheet, &mut sink)?;
    Ok(workbook.save_to_buffer()?)
}

/// 导出登记簿 — every record in scope matching `filter` into `path`, page by page in id order.
/// Returns the number of records written.
pub async fn export_register(
    store: &fazhi_store::ScopedStore,
    def: &'static RegisterDef,
    filter: &fazhi_store::RecordFilter,
    format: FileFormat,
    path: &Path,
) -> Result<u64, ExchangeError> {
    const PAGE: i64 = 5000;
    // Writing cells and compressing the workbook is CPU work: off the async executor, so the
    // server keeps answering while a large export is written.
    let target = path.to_owned();
    let mut exporter = blocking(move || Exporter::create(def, format, &target)).await?;
    let mut after = RecordId::new(0);
    let mut count = 0_u64;
    loop {
        let page = store.export_page(def, filter, after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        count += page.len() as u64;
        exporter = blocking(move || {
            for record in &page {
                exporter.write(def, record)?;
            }
            Ok(exporter)
        })
        .await?;
    }
    blocking(move || exporter.finish()).await?;
    Ok(count)
}

/// Runs file work on tokio's blocking threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ExchangeError> + Send + 'static,
) -> Result<T, ExchangeError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ExchangeError::file("写文件的线程意外终止"))?
}
