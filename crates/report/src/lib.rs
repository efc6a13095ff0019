//! 年度报告 — drafts the 法治政府建设年度报告 of an org unit and year from the indicator values
//! (`fazhi_catalog::IndicatorSet`), following an outline (`outline.toml`) of the five content
//! items 《法治政府建设与责任落实督察工作规定》 asks for; statistic sentences come from the
//! catalog, narrative slots from people. The drafted [`Report`] is format-neutral; the writers
//! render it as Markdown, HTML and 公文 DOCX. No IO here.

mod bulletin;
mod disclosure;
mod docx;
mod draft;
mod html;
mod letter;
mod markdown;
mod model;
pub mod numbers;
mod outline;
mod render;

pub use crate::docx::{
    FONT_BODY, FONT_HEADING_1, FONT_HEADING_2, FONT_PAGE_NUMBER, FONT_TITLE, to_docx,
};
pub use bulletin::{Bulletin, BulletinLine, bulletin};
pub use disclosure::{DISCLOSURE_SLOTS, DisclosureReport, disclosure_report};
pub use draft::{DraftContext, chinese_ordinal, draft};
pub use html::{FigureLink, escape, to_html_document, to_html_fragment};
pub use letter::{LetterProblem, SupervisionLetter, supervision_letter};
pub use markdown::to_markdown;
pub use model::{Block, Gap, Report, Section, Slot, Span, Table, plain_text};
pub use numbers::LargeCounts;
pub use outline::{EMBEDDED_OUTLINE, OPENING_SLOT, Outline, OutlineSection, OutlineSub};
pub use render::{Drafted, Rendered};

/// Errors of drafting and writing.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("报告提纲有误：{0}")]
    Outline(String),
    #[error("生成 DOCX 失败：{0}")]
    Docx(String),
}
