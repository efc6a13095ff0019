//! Markdown writer: headings `#`/`##`/`###`, paragraphs, empty slots as 【待填写：…】, the
//! summary table as a pipe table.

use std::fmt::Write;

use crate::model::{Block, Report, plain_text};

/// The report as Markdown.
pub fn to_markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", report.title);
    if !report.addressee.is_empty() {
        let _ = writeln!(out, "{}：\n", report.addressee);
    }
    for section in &report.sections {
        match section.level {
            0 => {}
            1 => {
                let _ = writeln!(out, "## {}\n", section.heading);
            }
            _ => {
                let _ = writeln!(out, "### {}\n", section.heading);
            }
        }
        for block in &section.blocks {
            match block {
                Block::Paragraph(spans) => {
                    let _ = writeln!(out, "{}\n", plain_text(spans));
                }
                Block::Slot(slot) => {
                    for line in slot.display().lines().filter(|l| !l.trim().is_empty()) {
                        let _ = writeln!(out, "{}\n", line.trim());
                    }
                }
                Block::Table(table) => write_table(&mut out, table),
            }
        }
    }
    let _ = writeln!(out, "{}\n", report.closing);
    let _ = writeln!(out, "{}  \n{}\n", report.signature, report.date);
    if let Some(table) = &report.appendix {
        let _ = writeln!(out, "## 附表：{}\n", table.caption);
        write_table(&mut out, table);
    }
    out
}

fn write_table(out: &mut String, table: &crate::model::Table) {
    let cell = |s: &str| s.replace('|', "\\|");
    let _ = writeln!(
        out,
        "| {} |",
        table
            .header
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(out, "|{}", " --- |".repeat(table.header.len()));
    for row in &table.rows {
        let _ = writeln!(
            out,
            "| {} |",
            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        );
    }
    out.push('\n');
}
