//! 报告模型 — the format-neutral drafted report: sections of paragraphs, narrative slots and
//! tables, whose figures remember the indicator they come from. Every writer renders this model.

use serde::Serialize;

/// 年度报告 — one drafted annual report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// 发文字号, e.g. 六盘水法督函〔2025〕3号, printed centred above the title (a letter has
    /// one; a drafted annual report gets its number when it is issued, so it has none).
    pub number: Option<String>,
    /// 标题, e.g. 六盘水市人民政府关于2024年度法治政府建设情况的报告.
    pub title: String,
    /// 主送机关, e.g. 市人大常委会.
    pub addressee: String,
    pub sections: Vec<Section>,
    /// 结束语, e.g. 特此报告。
    pub closing: String,
    /// 落款 — the issuing authority.
    pub signature: String,
    /// 成文日期, e.g. 2025年1月15日.
    pub date: String,
    /// 数据缺口 — catalog indicators of the outline with no data for the year.
    pub gaps: Vec<Gap>,
    /// 附表 — the main indicators in one table, after the signature.
    pub appendix: Option<Table>,
}

/// 部分 — a heading and its content. Level 0 is the untitled opening, level 1 一、…, level 2 (一)….
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub level: u8,
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// 正文段落 made of text and figures.
    Paragraph(Vec<Span>),
    /// 叙述栏 — a paragraph only people can write; `text` is `None` while nobody has.
    Slot(Slot),
    /// 表格 — a header row and body rows of plain cells.
    Table(Table),
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Span {
    Text(String),
    /// A number printed from an indicator (`key`), as it appears in the text.
    Figure {
        key: String,
        text: String,
    },
}

/// 叙述栏 — an editable narrative paragraph, saved per org unit and year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slot {
    pub key: String,
    /// What belongs here (shown while empty).
    pub hint: String,
    pub text: Option<String>,
}

/// 表格.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// 数据缺口 — an indicator the report would state but has no value for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub key: String,
    pub name: String,
    /// The heading of the section it belongs to.
    pub section: String,
}

impl Slot {
    /// The text a reader sees: the narrative, or the placeholder 【待填写：hint】.
    pub fn display(&self) -> String {
        match &self.text {
            Some(text) if !text.trim().is_empty() => text.trim().to_owned(),
            _ => format!("【待填写：{}】", self.hint),
        }
    }
}

impl Report {
    /// Every slot of the report, in order.
    pub fn slots(&self) -> impl Iterator<Item = &Slot> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Block::Slot(slot) => Some(slot),
                _ => None,
            })
        })
    }

    /// Every figure of the report as (indicator key, printed text), in order.
    pub fn figures(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().flat_map(|b| match b {
                Block::Paragraph(spans) => spans
                    .iter()
                    .filter_map(|span| match span {
                        Span::Figure { key, text } => Some((key.as_str(), text.as_str())),
                        Span::Text(_) => None,
                    })
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            })
        })
    }
}

/// Plain text of a paragraph's spans.
pub fn plain_text(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Text(t) => t.as_str(),
            Span::Figure { text, .. } => text.as_str(),
        })
        .collect()
}
