//! HTML writer: a standalone, printable document (fonts of the 公文 with fallbacks, no external
//! assets) or a fragment for the web page. Each figure links to its indicator.

use std::fmt::Write;

use crate::model::{Block, Report, Span, Table};

/// Where a figure links to: the indicator's page for `key`.
pub type FigureLink<'a> = &'a dyn Fn(&str) -> String;

/// Escapes text for HTML content and attribute values (one escaper for SVG and HTML).
pub use fazhi_chart::escape;

const STYLE: &str = "body{max-width:46em;margin:2em auto;padding:0 1em;\
font-family:'FangSong_GB2312','仿宋_GB2312','FangSong','仿宋','STFangsong','Noto Serif CJK SC',serif;\
font-size:16pt;line-height:1.8}\
h1{font-family:'FZXiaoBiaoSong-B05S','方正小标宋简体','SimSun','Noto Serif CJK SC',serif;\
font-size:22pt;text-align:center;font-weight:normal}\
h2{font-family:'SimHei','黑体','Noto Sans CJK SC',sans-serif;font-size:16pt;font-weight:normal}\
h3{font-family:'KaiTi_GB2312','楷体_GB2312','KaiTi','楷体','Noto Serif CJK SC',serif;font-size:16pt;font-weight:normal}\
p{text-indent:2em;margin:0}p.addressee{text-indent:0}p.signature{text-align:right}\
.slot.empty{color:#a33}a.figure{color:inherit;text-decoration:underline dotted}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #333;padding:.2em .6em}";

/// A whole HTML document.
pub fn to_html_document(report: &Report, link: FigureLink) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        escape(&report.title),
        to_html_fragment(report, link)
    )
}

/// The report's body as an HTML fragment (for embedding in a page).
pub fn to_html_fragment(report: &Report, link: FigureLink) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<h1>{}</h1>", escape(&report.title));
    // A report published to the public (政府信息公开年报) has no 主送机关.
    if !report.addressee.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"addressee\">{}：</p>",
            escape(&report.addressee)
        );
    }
    for section in &report.sections {
        match section.level {
            0 => {}
            1 => {
                let _ = writeln!(out, "<h2>{}</h2>", escape(&section.heading));
            }
            _ => {
                let _ = writeln!(out, "<h3>{}</h3>", escape(&section.heading));
            }
        }
        for block in &section.blocks {
            write_block(&mut out, block, link);
        }
    }
    let _ = writeln!(out, "<p>{}</p>", escape(&report.closing));
    let _ = writeln!(
        out,
        "<p class=\"signature\">{}<br>{}</p>",
        escape(&report.signature),
        escape(&report.date)
    );
    if let Some(table) = &report.appendix {
        let _ = writeln!(out, "<h2>附表：{}</h2>", escape(&table.caption));
        write_table(&mut out, table);
    }
    out
}

fn write_block(out: &mut String, block: &Block, link: FigureLink) {
    match block {
        Block::Paragraph(spans) => {
            out.push_str("<p>");
            for span in spans {
                match span {
                    Span::Text(text) => out.push_str(&escape(text)),
                    // A figure with nowhere to link (a published or downloaded copy) is
                    // plain text: no empty link, no catalog key in the page.
                    Span::Figure { key, text } if link(key).is_empty() => {
                        out.push_str(&escape(text));
                    }
                    Span::Figure { key, text } => {
                        let _ = write!(
                            out,
                            "<a class=\"figure\" data-key=\"{k}\" href=\"{h}\">{t}</a>",
                            k = escape(key),
                            h = escape(&link(key)),
                            t = escape(text)
                        );
                    }
                }
            }
            out.push_str("</p>\n");
        }
        Block::Slot(slot) => {
            let empty = if slot.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                ""
            } else {
                " empty"
            };
            for line in slot.display().lines().filter(|l| !l.trim().is_empty()) {
                let _ = writeln!(
                    out,
                    "<p class=\"slot{empty}\" data-slot=\"{}\">{}</p>",
                    escape(&slot.key),
                    escape(line.trim())
                );
            }
        }
        Block::Table(table) => write_table(out, table),
    }
}

fn write_table(out: &mut String, table: &Table) {
    out.push_str("<table>\n<tr>");
    for h in &table.header {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for c in row {
            let _ = write!(out, "<td>{}</td>", escape(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}
