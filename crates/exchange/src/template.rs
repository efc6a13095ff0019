//! 导入模板 — a register's template: one sheet with the columns and drop-downs (list
//! validations) for enumerated and 是/否 columns, a second sheet 说明 explaining each column.
//! The error file handed back after a failed import is built on the same two sheets
//! ([`crate::errors_file`]), so it keeps the drop-downs and the explanations.

use fazhi_domain::register::{FieldDef, FieldKind, RegisterDef};
use rust_xlsxwriter::{DataValidation, Format, Workbook, Worksheet};

use crate::ExchangeError;
use crate::columns::{ORG_HEADER, template_headers};

/// Rows of the template that carry the drop-downs.
pub(crate) const VALIDATED_ROWS: u32 = 10_000;

/// The name of the help sheet.
pub const HELP_SHEET: &str = "说明";

/// A register's sheet name: its label within Excel's 31 characters.
pub(crate) fn sheet_name(label: &str) -> String {
    label.chars().take(31).collect()
}

/// A column index that fits Excel's column type.
pub(crate) fn column(i: usize) -> Result<u16, ExchangeError> {
    u16::try_from(i).map_err(|_| ExchangeError::file("列数过多"))
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
        FieldKind::Link => "关联记录的编号(如案件编号)".into(),
    }
}

/// Writes the header row (required columns marked), column widths and the frozen header.
pub(crate) fn header_row(
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
        let col = column(i)?;
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

/// Whether each template column (单位代码 first) is required.
pub(crate) fn required_columns(def: &RegisterDef) -> Vec<bool> {
    std::iter::once(false)
        .chain(def.fields.iter().map(|f| f.required))
        .collect()
}

/// The header row of the template's first sheet.
pub(crate) fn entry_sheet(sheet: &mut Worksheet, def: &RegisterDef) -> Result<(), ExchangeError> {
    header_row(sheet, &template_headers(def), &required_columns(def))
}

/// The drop-downs (list validations) of the enumerated and 是/否 columns, rows 2 to
/// `last_row` (0-based).
pub(crate) fn drop_downs(
    sheet: &mut Worksheet,
    def: &RegisterDef,
    last_row: u32,
) -> Result<(), ExchangeError> {
    for (i, field) in def.fields.iter().enumerate() {
        let col = column(i + 1)?;
        let values: Vec<&str> = match field.kind {
            FieldKind::Enum(options) => options.iter().map(|o| o.label).collect(),
            FieldKind::Bool => vec!["是", "否"],
            _ => continue,
        };
        let validation = DataValidation::new()
            .allow_list_strings(&values)?
            .set_error_title("不是允许的值")?
            .set_error_message(format!("「{}」应为:{}", field.label, values.join("、")))?;
        sheet.add_data_validation(1, col, last_row, col, &validation)?;
    }
    Ok(())
}

/// The 说明 sheet: column, field name, required, type, allowed values, help with legal source.
pub(crate) fn help_sheet(workbook: &mut Workbook, def: &RegisterDef) -> Result<(), ExchangeError> {
    let help = workbook.add_worksheet().set_name(HELP_SHEET)?;
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
    Ok(())
}

/// 导入模板 — the register's template workbook as bytes.
pub fn template(def: &RegisterDef) -> Result<Vec<u8>, ExchangeError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name(sheet_name(def.label))?;
    entry_sheet(sheet, def)?;
    drop_downs(sheet, def, VALIDATED_ROWS)?;
    help_sheet(&mut workbook, def)?;
    Ok(workbook.save_to_buffer()?)
}
