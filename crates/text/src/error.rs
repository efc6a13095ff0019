//! 错误 — errors of the report reader.

/// An error of the report reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// The indicator catalog could not be loaded.
    #[error(transparent)]
    Catalog(#[from] fazhi_catalog::CatalogError),
}
