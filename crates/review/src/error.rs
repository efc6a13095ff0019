//! 错误 — what the review domain refuses. Every message is Chinese: a clerk sees it.

/// 报表与审核错误.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// The definitions are not valid TOML.
    #[error("报表定义格式错误{}:{message}", line.map(|l| format!("(第{l}行)")).unwrap_or_default())]
    Syntax {
        line: Option<usize>,
        message: String,
    },
    /// The definitions are TOML but wrong; every problem is listed.
    #[error("报表定义有{}处错误:{}", .0.len(), .0.join(";"))]
    Invalid(Vec<String>),
    /// The assessment scheme is not valid TOML.
    #[error("考核方案格式错误{}:{message}", line.map(|l| format!("(第{l}行)")).unwrap_or_default())]
    SchemeSyntax {
        line: Option<usize>,
        message: String,
    },
    /// The assessment scheme is TOML but wrong; every problem is listed.
    #[error("考核方案有{}处错误:{}", .0.len(), .0.join(";"))]
    SchemeInvalid(Vec<String>),
    /// A due date that does not exist.
    #[error("报送日期无效")]
    BadDate,
    /// The calendar cannot answer (a year without its 放假安排).
    #[error(transparent)]
    Calendar(#[from] fazhi_calendar::CalendarError),
    /// A step the form's state does not allow.
    #[error("{0}")]
    Flow(String),
}
