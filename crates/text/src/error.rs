//! 错误 — errors of the report reader.

/// An error of the report reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// The indicator catalog could not be loaded.
    #[error(transparent)]
    Catalog(#[from] fazhi_catalog::CatalogError),
    /// A line of the key model's weights could not be read.
    #[error("指标打分模型第 {line} 行格式错误: 应为「序号<TAB>权重」")]
    KeyModel { line: usize },
}
