//! 指标目录错误 — errors raised while loading the catalog.

/// An invalid catalog file. Messages are Chinese: an administrator edits this file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// The TOML could not be parsed.
    #[error("指标目录格式错误: {0}")]
    Parse(String),
    /// Two indicators share a key.
    #[error("指标键重复: {0}")]
    DuplicateKey(String),
    /// A field holds a value the catalog does not accept.
    #[error("指标「{key}」的字段「{field}」无效: {reason}")]
    Invalid {
        key: String,
        field: &'static str,
        reason: String,
    },
    /// A field refers to a key that is not defined.
    #[error("指标「{key}」的字段「{field}」引用了未定义的指标「{target}」")]
    UnknownKey {
        key: String,
        field: &'static str,
        target: String,
    },
}
