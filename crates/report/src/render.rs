//! The drafted report with the link of each figure, and the export formats (公文 DOCX, HTML,
//! Markdown) the web page and `fazhi report` offer.

use std::collections::BTreeMap;

use crate::{FigureLink, Report, ReportError};

/// A drafted report with the link of each figure.
#[derive(Debug, Clone)]
pub struct Drafted {
    pub report: Report,
    /// Indicator key → the records behind it (the register list, filtered).
    pub records: BTreeMap<String, String>,
    /// The unit's cockpit for the year: where every other figure links.
    pub dashboard: String,
}

impl Drafted {
    /// Where a figure links: the records behind a register-computed indicator, otherwise the
    /// unit's cockpit for the year.
    pub fn link(&self, key: &str) -> String {
        self.records
            .get(key)
            .cloned()
            .unwrap_or_else(|| self.dashboard.clone())
    }
}

/// A report rendered in one of the export formats.
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub extension: &'static str,
}

impl Rendered {
    /// `report` in `format` (`docx`, `html`, `md` or `markdown`); `None` for an unknown format.
    pub fn new(
        report: &Report,
        format: &str,
        link: FigureLink,
    ) -> Option<Result<Rendered, ReportError>> {
        let (content_type, extension) = match format {
            "docx" => (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "docx",
            ),
            "html" => ("text/html; charset=utf-8", "html"),
            "md" | "markdown" => ("text/markdown; charset=utf-8", "md"),
            _ => return None,
        };
        let bytes = match extension {
            "docx" => crate::to_docx(report),
            "html" => Ok(crate::to_html_document(report, link).into_bytes()),
            _ => Ok(crate::to_markdown(report).into_bytes()),
        };
        Some(bytes.map(|bytes| Rendered {
            bytes,
            content_type,
            extension,
        }))
    }
}
