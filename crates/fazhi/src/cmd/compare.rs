//! `fazhi compare` — several published reports side by side: one row per catalog key, one
//! column per report, and the catalog's caveat (口径说明) for each key. Writes CSV, XLSX or
//! HTML; the table itself is built by `fazhi_text::Reader::compare`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use fazhi_text::{Cell, Comparison, Rows};

/// 比较多份报告的指标.
#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// 报告文件 (UTF-8 文本)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 输出格式: csv | xlsx | html
    #[arg(long, default_value = "csv")]
    format: String,
    /// 输出文件
    #[arg(short, long)]
    out: PathBuf,
    /// 列出目录中的全部指标(默认只列至少一份报告提到的指标)
    #[arg(long)]
    all_keys: bool,
}

/// Output format of `fazhi compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
    Html,
}

fn format(name: &str) -> anyhow::Result<Format> {
    match name {
        "csv" => Ok(Format::Csv),
        "xlsx" => Ok(Format::Xlsx),
        "html" => Ok(Format::Html),
        other => bail!("不支持的输出格式「{other}」: 请使用 csv、xlsx 或 html"),
    }
}

/// Runs `fazhi compare`.
pub fn run_compare(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let format = format(&args.format)?;
    let reader = fazhi_text::Reader::embedded().context("指标目录加载失败")?;
    let mut reports = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let text = super::extract::read_report(file)?;
        let name = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        reports.push((name, text));
    }
    let rows = if args.all_keys {
        Rows::All
    } else {
        Rows::Stated
    };
    let comparison = reader.compare(&reports, rows);
    match format {
        Format::Csv => write_csv(&comparison, &args.out),
        Format::Xlsx => write_xlsx(&comparison, &args.out),
        Format::Html => std::fs::write(&args.out, html(&comparison)).map_err(Into::into),
    }
    .with_context(|| format!("无法写入文件: {}", args.out.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// Header row: 指标键, 指标, 单位, one heading per report, 口径说明.
fn header(c: &Comparison) -> Vec<String> {
    let mut h = vec!["指标键".to_string(), "指标".into(), "单位".into()];
    h.extend(c.columns.iter().map(|col| col.heading.clone()));
    h.push("口径说明".into());
    h
}

/// A cell's text; a key stated more than once notes how often (the first figure is shown).
fn cell_text(cell: Option<&Cell>) -> String {
    match cell {
        None => String::new(),
        Some(c) if c.occurrences > 1 => format!("{}(共{}处)", c.text, c.occurrences),
        Some(c) => c.text.clone(),
    }
}

fn write_csv(c: &Comparison, out: &Path) -> anyhow::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    // A byte-order mark, so that spreadsheet programs read the Chinese as UTF-8.
    std::io::Write::write_all(&mut file, "\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record(header(c))?;
    for row in &c.rows {
        let mut record = vec![row.key.clone(), row.name.clone(), row.unit.clone()];
        record.extend(row.cells.iter().map(|cell| cell_text(cell.as_ref())));
        record.push(row.caveat.clone());
        w.write_record(record)?;
    }
    w.flush()?;
    Ok(())
}

fn write_xlsx(c: &Comparison, out: &Path) -> anyhow::Result<()> {
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("指标比较")?;
    let bold = XFormat::new().set_bold();
    for (col, title) in header(c).iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, title, &bold)?;
    }
    for (i, row) in c.rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &row.key)?;
        sheet.write_string(r, 1, &row.name)?;
        sheet.write_string(r, 2, &row.unit)?;
        for (k, cell) in row.cells.iter().enumerate() {
            let col = 3 + k as u16;
            match cell {
                // A plain figure in the catalog's unit is a number people can compute with.
                Some(cell)
                    if cell.qualifier.is_empty()
                        && cell.value_max.is_none()
                        && cell.occurrences == 1
                        && cell.unit == row.unit =>
                {
                    sheet.write_number(r, col, cell.value)?;
                }
                Some(cell) => {
                    sheet.write_string(r, col, cell_text(Some(cell)))?;
                }
                None => {}
            }
        }
        sheet.write_string(r, 3 + row.cells.len() as u16, &row.caveat)?;
    }
    sheet.set_freeze_panes(1, 3)?;
    sheet.set_column_width(1, 28)?;
    book.save(out)?;
    Ok(())
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

fn html(c: &Comparison) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>指标比较</title>\n<style>table{border-collapse:collapse}th,td{border:1px solid #999;padding:2px 6px}td.caveat{color:#555;font-size:90%}</style></head>\n<body>\n<h1>指标比较</h1>\n<table>\n<thead><tr>",
    );
    for h in header(c) {
        let _ = write!(out, "<th>{}</th>", escape(&h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &c.rows {
        let _ = write!(
            out,
            "<tr id=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td>",
            escape(&row.key),
            escape(&row.key),
            escape(&row.name),
            escape(&row.unit)
        );
        for cell in &row.cells {
            let _ = write!(out, "<td>{}</td>", escape(&cell_text(cell.as_ref())));
        }
        let _ = writeln!(
            out,
            "<td class=\"caveat\">{}</td></tr>",
            escape(&row.caveat)
        );
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
