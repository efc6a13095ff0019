//! 指标目录 — the indicator catalog, the spine of fazhi.
//!
//! One data file, `indicators.toml`, defines every indicator once: key, Chinese name, unit,
//! kind, definition, source, the phrases published reports use for it, the sentence the
//! annual report uses, and for rates the numerator and denominator keys. It also lists the
//! relations between keys that published figures must satisfy. The file is embedded in the
//! binary and validated when it is loaded.

mod error;
mod model;
mod validate;
mod values;

use std::collections::HashMap;
use std::sync::LazyLock;

pub use error::CatalogError;
pub use model::{
    Compute, FieldTest, FormCount, Indicator, Kind, Presence, Relation, RelationOp, Units,
};
pub use values::{IndicatorSet, IndicatorValue, ValueWarning, YearOnYear, YoyUnit};

/// The catalog data file shipped with fazhi.
pub const EMBEDDED_TOML: &str = include_str!("../indicators.toml");

/// 指标目录 — the validated catalog with lookups by key.
#[derive(Debug, Clone)]
pub struct Catalog {
    indicators: Vec<Indicator>,
    relations: Vec<Relation>,
    units: Units,
    by_key: HashMap<String, usize>,
}

static BUILTIN: LazyLock<Result<Catalog, CatalogError>> =
    LazyLock::new(|| Catalog::from_toml(EMBEDDED_TOML));

impl Catalog {
    /// Parses and validates a catalog file.
    pub fn from_toml(text: &str) -> Result<Catalog, CatalogError> {
        let file: model::CatalogFile =
            toml::from_str(text).map_err(|e| CatalogError::Parse(e.to_string()))?;
        validate::validate(&file)?;
        let by_key = file
            .indicator
            .iter()
            .enumerate()
            .map(|(i, ind)| (ind.key.clone(), i))
            .collect();
        Ok(Catalog {
            indicators: file.indicator,
            relations: file.relation,
            units: file.units,
            by_key,
        })
    }

    /// The embedded catalog, parsed once. Fails only if the shipped file is invalid,
    /// which the crate's tests rule out.
    pub fn embedded() -> Result<&'static Catalog, CatalogError> {
        BUILTIN.as_ref().map_err(Clone::clone)
    }

    /// All indicators, in file order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// The indicator with this key.
    pub fn get(&self, key: &str) -> Option<&Indicator> {
        self.by_key.get(key).map(|&i| &self.indicators[i])
    }

    /// The codes of enum field `field` that indicator `key` counts (its computation's `where`
    /// list); empty when the indicator is not computed or sets no such condition.
    pub fn counted_codes(&self, key: &str, field: &str) -> &[String] {
        let test = self
            .get(key)
            .and_then(|i| i.compute.as_ref())
            .and_then(|c| c.filters.get(field));
        match test {
            Some(FieldTest::Codes(codes)) => codes,
            _ => &[],
        }
    }

    /// Whether the key is defined.
    pub fn contains(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }

    /// Validation relations (校验关系).
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// Unit words by dimension.
    pub fn units(&self) -> &Units {
        &self.units
    }

    /// The rate whose numerator is `key` (e.g. `mediation.success` → `mediation.success_rate`).
    pub fn rate_with_numerator(&self, key: &str) -> Option<&Indicator> {
        self.indicators
            .iter()
            .find(|i| i.numerator.as_deref() == Some(key))
    }

    /// The 同比 key of `key` (e.g. `mediation.cases` → `mediation.cases_yoy`).
    pub fn yoy_of(&self, key: &str) -> Option<&Indicator> {
        self.indicators
            .iter()
            .find(|i| i.change_of.as_deref() == Some(key))
    }

    /// Keys marked core in KEYS.md.
    pub fn core_keys(&self) -> impl Iterator<Item = &str> {
        self.indicators
            .iter()
            .filter(|i| i.core)
            .map(|i| i.key.as_str())
    }
}

#[cfg(test)]
mod tests;
