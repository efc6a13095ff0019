//! 公文 DOCX writer, after GB/T 9704-2012《党政机关公文格式》: A4; margins top 37 mm, bottom
//! 35 mm, left 28 mm, right 26 mm (§5.2.1: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm); title in
//! 2号方正小标宋简体 (§7.3.1); body in 3号仿宋_GB2312 (§5.2.2); level-1 headings 黑体 and
//! level-2 楷体 (§7.3.3); 22 lines a page on a line grid (§5.2.2: 22 lines of 28 characters;
//! the 16 pt body fills the 156 mm line with 27–28 characters — a character grid is not
//! written because LibreOffice widens the characters of Word's `charSpace` grid to about 18
//! a line, measured on its PDF export); page numbers in 4号 half-width
//! 宋体 digits with a 一字线 on each side, odd pages right and even pages left, one character
//! from the edge (§7.5).
//!
//! Fonts are named as government offices install them (方正小标宋简体, 仿宋_GB2312,
//! 楷体_GB2312, 黑体); where they are missing, Word and LibreOffice substitute by family (the
//! CI machine renders with Noto CJK).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, DocGrid, DocGridType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin,
    PageNum, Paragraph, Run, RunFonts, SpecialIndentType, Style, StyleType, Table as DocxTable,
    TableCell, TableRow, WidthType,
};

use crate::ReportError;
use crate::model::{Block, Report, Table, plain_text};

/// Twips per millimetre (1 twip = 1/1440 inch).
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
/// A4 in twips.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;

fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// 3号 = 16 pt; 2号 = 22 pt; 4号 = 14 pt (sizes in half-points).
const SIZE_3: usize = 32;
const SIZE_2: usize = 44;
const SIZE_4: usize = 28;
/// Width of one 3号 character in twips.
const CHAR_TWIPS: i32 = 320;

/// 行距: 版心 225 mm over 22 lines.
fn line_pitch() -> i32 {
    mm(225.0) / 22
}

pub const FONT_TITLE: &str = "方正小标宋简体";
pub const FONT_BODY: &str = "仿宋_GB2312";
pub const FONT_HEADING_1: &str = "黑体";
pub const FONT_HEADING_2: &str = "楷体_GB2312";
pub const FONT_PAGE_NUMBER: &str = "宋体";

fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
}

fn exact_lines() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line_pitch())
}

/// Paragraph styles of the 公文: 公文标题, 一级标题, 二级标题, 公文正文.
fn styles(docx: Docx) -> Docx {
    let body = Style::new("GongwenBody", StyleType::Paragraph)
        .name("公文正文")
        .fonts(fonts(FONT_BODY))
        .size(SIZE_3)
        .line_spacing(exact_lines())
        .first_line_chars(200)
        .align(AlignmentType::Both);
    let title = Style::new("GongwenTitle", StyleType::Paragraph)
        .name("公文标题")
        .fonts(fonts(FONT_TITLE))
        .size(SIZE_2)
        .align(AlignmentType::Center)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .line(240)
                .after(line_pitch() as u32),
        );
    let heading1 = Style::new("GongwenHeading1", StyleType::Paragraph)
        .name("一级标题")
        .based_on("GongwenBody")
        .fonts(fonts(FONT_HEADING_1))
        .size(SIZE_3)
        .line_spacing(exact_lines())
        .first_line_chars(200)
        .outline_lvl(0);
    let heading2 = Style::new("GongwenHeading2", StyleType::Paragraph)
        .name("二级标题")
        .based_on("GongwenBody")
        .fonts(fonts(FONT_HEADING_2))
        .size(SIZE_3)
        .line_spacing(exact_lines())
        .first_line_chars(200)
        .outline_lvl(1);
    docx.add_style(body)
        .add_style(title)
        .add_style(heading1)
        .add_style(heading2)
        .default_fonts(fonts(FONT_BODY))
        .default_size(SIZE_3)
}

/// "— 1 —" in 4号宋体, one character in from the outer edge.
fn page_number_footer(align: AlignmentType) -> Footer {
    let run = |text: &str| {
        Run::new()
            .add_text(text)
            .fonts(fonts(FONT_PAGE_NUMBER))
            .size(SIZE_4)
    };
    let paragraph = Paragraph::new()
        .align(align)
        .add_run(run("— "))
        .add_page_num(PageNum::new())
        .add_run(run(" —"));
    let paragraph = match align {
        AlignmentType::Right => paragraph.indent(None, None, Some(SIZE_4 as i32 * 10), None),
        _ => paragraph.indent(Some(SIZE_4 as i32 * 10), None, None, None),
    };
    Footer::new().add_paragraph(paragraph)
}

/// 待填写 slots are highlighted so a clerk finds every one before the report goes out.
const SLOT_HIGHLIGHT: &str = "yellow";
/// How a placeholder for missing narrative opens (see `Slot::display`).
const SLOT_OPEN: &str = "【待填写";

/// A paragraph of `style` whose 【待填写：…】 placeholders are highlighted runs.
fn styled(style: &str, text: &str) -> Paragraph {
    placeholder_runs(text)
        .into_iter()
        .fold(Paragraph::new().style(style), |p, (part, slot)| {
            let run = Run::new().add_text(part);
            p.add_run(if slot {
                run.highlight(SLOT_HIGHLIGHT)
            } else {
                run
            })
        })
}

/// `text` cut into runs, each marked whether it is a 【待填写…】 placeholder (up to its 】, or
/// to the end when the bracket is left open).
fn placeholder_runs(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(SLOT_OPEN) {
        if at > 0 {
            out.push((&rest[..at], false));
        }
        let end = rest[at..]
            .find('】')
            .map_or(rest.len(), |e| at + e + '】'.len_utf8());
        out.push((&rest[at..end], true));
        rest = &rest[end..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push((rest, false));
    }
    out
}

/// 正文段落: 首行缩进二字 (two 3号 characters).
fn body_paragraph(text: &str) -> Paragraph {
    indented("GongwenBody", text)
}

/// A paragraph of `style` indented two characters on its first line (body and headings).
fn indented(style: &str, text: &str) -> Paragraph {
    styled(style, text).indent(
        None,
        Some(SpecialIndentType::FirstLine(2 * CHAR_TWIPS)),
        None,
        None,
    )
}

fn flush_left(text: &str) -> Paragraph {
    body_paragraph(text).indent(Some(0), None, None, Some(0))
}

/// Column widths (twips) over the 156 mm text width, each in proportion to the longest text
/// of its column (3 to 30 characters), so that a description column is not as narrow as a
/// number column.
fn column_widths(t: &Table) -> Vec<usize> {
    let columns = t.header.len();
    let weights: Vec<usize> = (0..columns)
        .map(|i| {
            std::iter::once(&t.header)
                .chain(&t.rows)
                .filter_map(|row| row.get(i))
                .map(|text| text.chars().count())
                .max()
                .unwrap_or(0)
                .clamp(3, 30)
        })
        .collect();
    let total: usize = weights.iter().sum::<usize>().max(1);
    let text_width = usize::try_from(mm(156.0)).unwrap_or(8844);
    weights.iter().map(|w| text_width * w / total).collect()
}

fn table(t: &Table) -> DocxTable {
    let widths = column_widths(t);
    let cell = |text: &str, width: usize| {
        TableCell::new().width(width, WidthType::Dxa).add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(text)
                    .fonts(fonts(FONT_BODY))
                    .size(SIZE_4),
            ),
        )
    };
    let row = |texts: &[String]| {
        TableRow::new(
            texts
                .iter()
                .zip(&widths)
                .map(|(text, width)| cell(text, *width))
                .collect(),
        )
    };
    let mut rows = vec![row(&t.header)];
    rows.extend(t.rows.iter().map(|r| row(r)));
    DocxTable::new(rows).set_grid(widths.clone())
}

/// The report as a 公文 DOCX file.
pub fn to_docx(report: &Report) -> Result<Vec<u8>, ReportError> {
    let grid = DocGrid::new()
        .grid_type(DocGridType::Lines)
        .line_pitch(line_pitch() as usize);
    let mut docx = styles(Docx::new())
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .header(mm(15.0))
                .footer(mm(28.0) - mm(7.0)),
        )
        .footer(page_number_footer(AlignmentType::Right))
        .even_footer(page_number_footer(AlignmentType::Left));
    docx.document = docx.document.doc_grid(grid);
    if let Some(number) = &report.number {
        docx = docx.add_paragraph(
            body_paragraph(number)
                .indent(Some(0), None, None, Some(0))
                .align(AlignmentType::Center),
        );
    }
    docx = docx.add_paragraph(styled("GongwenTitle", &report.title));
    if !report.addressee.is_empty() {
        docx = docx.add_paragraph(flush_left(&format!("{}：", report.addressee)));
    }
    for section in &report.sections {
        match section.level {
            0 => {}
            1 => docx = docx.add_paragraph(indented("GongwenHeading1", &section.heading)),
            _ => docx = docx.add_paragraph(indented("GongwenHeading2", &section.heading)),
        }
        for block in &section.blocks {
            docx = match block {
                Block::Paragraph(spans) => docx.add_paragraph(body_paragraph(&plain_text(spans))),
                Block::Slot(slot) => slot
                    .display()
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .fold(docx, |d, line| d.add_paragraph(body_paragraph(line.trim()))),
                Block::Table(t) => docx.add_table(table(t)),
            };
        }
    }
    docx = docx
        .add_paragraph(body_paragraph(&report.closing))
        .add_paragraph(body_paragraph(""))
        .add_paragraph(
            body_paragraph(&report.signature)
                .align(AlignmentType::Right)
                .indent(None, None, Some(mm(156.0) / 28 * 4), None),
        )
        .add_paragraph(
            body_paragraph(&report.date)
                .align(AlignmentType::Right)
                .indent(None, None, Some(mm(156.0) / 28 * 4), None),
        );
    if let Some(t) = &report.appendix {
        // 附表 starts on a page of its own, after the signature and date.
        docx = docx
            .add_paragraph(
                styled("GongwenHeading1", &format!("附表：{}", t.caption)).page_break_before(true),
            )
            .add_table(table(t));
    }
    let mut bytes = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| ReportError::Docx(e.to_string()))?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::placeholder_runs;

    #[test]
    fn placeholders_are_cut_into_runs_of_their_own() {
        assert_eq!(
            placeholder_runs("本年度【待填写：工作举措】及【待填写：问题】。"),
            [
                ("本年度", false),
                ("【待填写：工作举措】", true),
                ("及", false),
                ("【待填写：问题】", true),
                ("。", false),
            ]
        );
        assert_eq!(
            placeholder_runs("没有待填写内容"),
            [("没有待填写内容", false)]
        );
        assert_eq!(placeholder_runs(""), [("", false)]);
        assert_eq!(
            placeholder_runs("开头【待填写：未闭合"),
            [("开头", false), ("【待填写：未闭合", true)]
        );
    }
}
