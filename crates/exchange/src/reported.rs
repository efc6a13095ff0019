//! 填报值导入 — rows of `单位代码, 期间, 指标, 数值[, 说明]` for figures that have no register;
//! the indicator is a key of the catalog or its Chinese name. Same rules as register imports:
//! every problem reported with row and column, nothing written unless all rows are valid.

use std::path::Path;

use fazhi_catalog::{Catalog, Kind};
use fazhi_store::{ImportOptions, ReportedInput, ScopedStore, parse_period};
use rust_xlsxwriter::{Format as XFormat, Workbook};

use crate::ExchangeError;
use crate::import::{ImportReport, RowError};
use crate::read::{Format, RowSink, read_rows};
use crate::write::unneutralise;

/// The columns: (header, English name, required).
pub const REPORTED_HEADERS: [(&str, &str, bool); 5] = [
    ("单位代码", "org", false),
    ("期间", "period", true),
    ("指标", "key", true),
    ("数值", "value", true),
    ("说明", "note", false),
];

/// At most this many rows in one reported-values file (they are held in memory).
const MAX_ROWS: u64 = 1_000_000;

struct Sink<'a> {
    catalog: &'a Catalog,
    columns: [Option<usize>; 5],
    headers: Vec<String>,
    rows: Vec<ReportedInput>,
    errors: Vec<RowError>,
    error_count: u64,
}

impl Sink<'_> {
    fn problem(&mut self, row: u64, column: usize, value: &str, message: String) {
        self.error_count += 1;
        if self.errors.len() < fazhi_store::MAX_LISTED_PROBLEMS {
            let header = self.columns[column]
                .and_then(|i| self.headers.get(i).cloned())
                .unwrap_or_else(|| REPORTED_HEADERS[column].0.to_owned());
            self.errors
                .push(RowError::new(row, &header, value, message));
        }
    }
}

fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '\u{FF0C}' | ' '))
        .collect();
    let (number, scale) = match cleaned.strip_suffix('万') {
        Some(rest) => (rest.to_owned(), 10_000.0),
        None => (cleaned, 1.0),
    };
    let number = number.trim_end_matches('%');
    number
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| v * scale)
}

impl RowSink for Sink<'_> {
    fn header(&mut self, cells: &[String]) -> Result<(), ExchangeError> {
        self.headers = cells.to_vec();
        for (i, cell) in cells.iter().enumerate() {
            let name = cell.trim().trim_end_matches('*');
            match REPORTED_HEADERS.iter().position(|(zh, en, _)| {
                *zh == name
                    || en.eq_ignore_ascii_case(name)
                    || (name == "indicator_key" && *en == "key")
            }) {
                Some(c) => self.columns[c] = Some(i),
                None if name.is_empty() || name.starts_with(crate::ERROR_HEADER) => {}
                None => {
                    self.error_count += 1;
                    self.errors.push(RowError::new(
                        1,
                        cell,
                        "",
                        "不是填报值文件的列名,应为:单位代码、期间、指标、数值、说明".into(),
                    ));
                }
            }
        }
        for (c, (zh, _, required)) in REPORTED_HEADERS.iter().enumerate() {
            if *required && self.columns[c].is_none() {
                self.error_count += 1;
                self.errors
                    .push(RowError::new(1, zh, "", "缺少必填列".into()));
            }
        }
        if self.error_count > 0 {
            return Err(ExchangeError::file("列名有误"));
        }
        Ok(())
    }

    fn row(&mut self, line: u64, cells: &[String]) -> Result<bool, ExchangeError> {
        if self.rows.len() as u64 >= MAX_ROWS {
            return Err(ExchangeError::file(format!("填报值文件最多{MAX_ROWS}行")));
        }
        let cell = |c: usize| -> &str {
            self.columns[c]
                .and_then(|i| cells.get(i))
                .map_or("", |s| unneutralise(s.trim()))
        };
        let (org, period, key, value, note) = (cell(0), cell(1), cell(2), cell(3), cell(4));
        let (org, period, key, value, note) = (
            org.to_owned(),
            period.to_owned(),
            key.to_owned(),
            value.to_owned(),
            note.to_owned(),
        );
        let mut ok = true;
        let period_parsed = match parse_period(&period) {
            Ok(p) => p,
            Err(message) => {
                self.problem(line, 1, &period, message);
                ok = false;
                String::new()
            }
        };
        let indicator = self
            .catalog
            .get(&key)
            .or_else(|| self.catalog.indicators().iter().find(|i| i.name == key));
        let indicator_key = match indicator {
            Some(i) => i.key.clone(),
            None => {
                let message = if key.is_empty() {
                    "必须填写(指标的中文名称,见模板的指标说明表)".to_owned()
                } else {
                    "不是指标目录中的指标,应为指标的中文名称(如「培训班/研讨班/培训场次」),见模板的指标说明表"
                        .to_owned()
                };
                self.problem(line, 2, &key, message);
                ok = false;
                String::new()
            }
        };
        let number = parse_number(&value);
        if number.is_none() {
            let message = if value.is_empty() {
                "必须填写"
            } else {
                "应为数字,如 1234、1,234.5 或 1.2万"
            };
            self.problem(line, 3, &value, message.into());
            ok = false;
        }
        if note.chars().count() > 500 {
            self.problem(line, 4, &note, "过长:最多500个字符".into());
            ok = false;
        }
        if ok {
            self.rows.push(ReportedInput {
                line,
                org_code: Some(org).filter(|o| !o.is_empty()),
                period: period_parsed,
                indicator_key,
                value: number.unwrap_or_default(),
                note: Some(note).filter(|n| !n.is_empty()),
                qualifier: None,
            });
        }
        Ok(true)
    }
}

/// 导入填报值 — the file at `path` into `reported_value`, all or nothing.
pub async fn import_reported(
    store: &ScopedStore,
    path: &Path,
    format: Format,
    options: ImportOptions,
) -> Result<ImportReport, ExchangeError> {
    let catalog =
        Catalog::embedded().map_err(|e| ExchangeError::file(format!("指标目录无法读取:{e}")))?;
    let mut sink = Sink {
        catalog,
        columns: [None; 5],
        headers: Vec::new(),
        rows: Vec::new(),
        errors: Vec::new(),
        error_count: 0,
    };
    let source = path.to_owned();
    let (result, mut sink) = tokio::task::spawn_blocking(move || {
        let result = read_rows(&source, format, Some("填报值"), &mut sink);
        (result, sink)
    })
    .await
    .map_err(|_| ExchangeError::file("读取文件的任务意外终止"))?;
    if sink.error_count == 0 {
        result?;
    }
    if sink.error_count == 0 && sink.rows.is_empty() {
        return Err(ExchangeError::file("文件只有列名行,没有数据行"));
    }
    if sink.error_count > 0 {
        return Ok(ImportReport {
            outcome: fazhi_store::ImportOutcome {
                rows: sink.rows.len() as u64,
                problem_count: sink.error_count,
                ..Default::default()
            },
            errors: std::mem::take(&mut sink.errors),
            error_count: sink.error_count,
        });
    }
    let outcome = store.save_reported_values(sink.rows, &options).await?;
    let errors = outcome
        .problems
        .iter()
        .map(|p| {
            let column = match p.field {
                fazhi_store::ORG_FIELD => "单位代码",
                "period" => "期间",
                "value" => "数值",
                _ => "指标",
            };
            RowError::new(p.line, column, &p.value, p.message.clone())
        })
        .collect();
    Ok(ImportReport {
        error_count: outcome.problem_count,
        errors,
        outcome,
    })
}

/// 填报值模板 — the columns, and a second sheet listing the catalog's reported indicators.
pub fn reported_template() -> Result<Vec<u8>, ExchangeError> {
    let catalog =
        Catalog::embedded().map_err(|e| ExchangeError::file(format!("指标目录无法读取:{e}")))?;
    let mut workbook = Workbook::new();
    let bold = XFormat::new().set_bold().set_background_color("#DDEBF7");
    let sheet = workbook.add_worksheet().set_name("填报值")?;
    for (col, (zh, _, required)) in REPORTED_HEADERS.iter().enumerate() {
        let header = if *required {
            format!("{zh}*")
        } else {
            (*zh).to_owned()
        };
        sheet.write_string_with_format(0, col as u16, &header, &bold)?;
        sheet.set_column_width(col as u16, 18)?;
    }
    let help = workbook.add_worksheet().set_name("指标")?;
    for (col, header) in ["指标键", "指标名称", "单位", "类型", "定义"]
        .iter()
        .enumerate()
    {
        help.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    let mut indicators: Vec<_> = catalog.indicators().iter().collect();
    indicators.sort_by_key(|i| i.kind != Kind::Reported);
    for (row, indicator) in (1_u32..).zip(indicators) {
        help.write_string(row, 0, &indicator.key)?;
        help.write_string(row, 1, &indicator.name)?;
        help.write_string(row, 2, &indicator.unit)?;
        help.write_string(
            row,
            3,
            if indicator.kind == Kind::Reported {
                "填报值"
            } else {
                "登记簿统计(通常无需填报)"
            },
        )?;
        help.write_string(row, 4, &indicator.definition)?;
    }
    help.set_column_width(0, 36)?;
    help.set_column_width(1, 30)?;
    help.set_column_width(4, 80)?;
    Ok(workbook.save_to_buffer()?)
}

/// One line of a form's workbook: the indicator's name and unit, and its value if saved.
pub struct FormTemplateLine {
    pub name: String,
    pub unit: String,
    pub value: Option<f64>,
}

/// 报表模板 — the workbook of one unit's form for one period: a row per indicator of the form
/// with the unit's code, the period and the indicator's name filled in and the saved value, if
/// any; the clerk fills 数值 and imports it on the 填报值 import page (an empty 数值 is refused
/// there, so lines left blank are deleted). A 说明 sheet says how.
pub fn form_template(
    org_code: &str,
    period: &str,
    form_name: &str,
    lines: &[FormTemplateLine],
) -> Result<Vec<u8>, ExchangeError> {
    let mut workbook = Workbook::new();
    let bold = XFormat::new().set_bold().set_background_color("#DDEBF7");
    let sheet = workbook.add_worksheet().set_name("填报值")?;
    for (col, (zh, _, required)) in REPORTED_HEADERS.iter().enumerate() {
        let header = if *required {
            format!("{zh}*")
        } else {
            (*zh).to_owned()
        };
        sheet.write_string_with_format(0, col as u16, &header, &bold)?;
        sheet.set_column_width(col as u16, if col == 2 { 36 } else { 16 })?;
    }
    for (row, line) in (1_u32..).zip(lines) {
        sheet.write_string(row, 0, org_code)?;
        sheet.write_string(row, 1, period)?;
        sheet.write_string(row, 2, &line.name)?;
        if let Some(value) = line.value {
            sheet.write_number(row, 3, value)?;
        }
        sheet.write_string(row, 4, "")?;
    }
    let help = workbook.add_worksheet().set_name("说明")?;
    let notes = [
        format!("《{form_name}》填报模板"),
        format!("单位代码 {org_code},期间 {period}。"),
        "在「数值」列填写本期数值(数字,可带千分位逗号;单位见报表页面)。".to_owned(),
        "没有数值的指标请删除整行:「数值」为空的行会被拒绝导入。".to_owned(),
        "填好后在「填报值」导入页面上传;全部行无误才会写入,已上报或已审核的报表不能导入。"
            .to_owned(),
    ];
    for (row, note) in (0_u32..).zip(notes) {
        help.write_string(row, 0, &note)?;
    }
    help.set_column_width(0, 90)?;
    Ok(workbook.save_to_buffer()?)
}
