//! 报告提纲 — the report's outline (`outline.toml`): headings, narrative slots and which
//! indicator families each part states. Loaded and checked against the catalog.

use std::collections::BTreeMap;

use fazhi_catalog::Catalog;
use serde::Deserialize;

use crate::ReportError;

/// The outline file shipped with fazhi.
pub const EMBEDDED_OUTLINE: &str = include_str!("../outline.toml");

/// 报告提纲.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outline {
    /// Title pattern with {author} and {year}.
    pub title: String,
    pub addressee: String,
    /// Default opening paragraph (a slot people may rewrite).
    pub opening: String,
    pub closing: String,
    /// 领起语 by family: the words that open the family's paragraph of figures.
    #[serde(default)]
    pub leads: BTreeMap<String, String>,
    #[serde(rename = "section")]
    pub sections: Vec<OutlineSection>,
}

/// A level-1 part (一、…).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlineSection {
    pub key: String,
    pub heading: String,
    #[serde(default)]
    pub hint: String,
    #[serde(default)]
    pub families: Vec<String>,
    /// Left out of the draft while its slot is empty (五、其他需要报告的情况).
    #[serde(default)]
    pub optional: bool,
    #[serde(default, rename = "sub")]
    pub subs: Vec<OutlineSub>,
}

/// A level-2 part ((一)…) of a level-1 part.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlineSub {
    pub key: String,
    pub heading: String,
    pub hint: String,
    pub families: Vec<String>,
}

/// The key of the opening paragraph's slot.
pub const OPENING_SLOT: &str = "opening";

impl Outline {
    /// Parses and checks an outline: unique slot keys, families known to the catalog and
    /// placed once.
    pub fn from_toml(text: &str, catalog: &Catalog) -> Result<Outline, ReportError> {
        let outline: Outline =
            toml::from_str(text).map_err(|e| ReportError::Outline(e.to_string()))?;
        outline.check(catalog)?;
        Ok(outline)
    }

    /// The embedded outline, checked against `catalog`.
    pub fn embedded(catalog: &Catalog) -> Result<Outline, ReportError> {
        Outline::from_toml(EMBEDDED_OUTLINE, catalog)
    }

    /// Every slot key with its hint, in report order (the opening first).
    pub fn slots(&self) -> Vec<(&str, &str)> {
        let mut slots = vec![(OPENING_SLOT, "开篇段落")];
        for section in &self.sections {
            if section.subs.is_empty() {
                slots.push((section.key.as_str(), section.hint.as_str()));
            }
            for sub in &section.subs {
                slots.push((sub.key.as_str(), sub.hint.as_str()));
            }
        }
        slots
    }

    /// Families by the heading key of the part that states them.
    fn placements(&self) -> Vec<(&str, &str)> {
        let mut placed = Vec::new();
        for section in &self.sections {
            for family in &section.families {
                placed.push((family.as_str(), section.key.as_str()));
            }
            for sub in &section.subs {
                for family in &sub.families {
                    placed.push((family.as_str(), sub.key.as_str()));
                }
            }
        }
        placed
    }

    fn check(&self, catalog: &Catalog) -> Result<(), ReportError> {
        let mut seen = BTreeMap::new();
        for (key, _) in self.slots() {
            if seen.insert(key, ()).is_some() {
                return Err(ReportError::Outline(format!("栏目键 {key} 重复")));
            }
        }
        let known: std::collections::BTreeSet<&str> = catalog
            .indicators()
            .iter()
            .filter_map(|i| i.key.split('.').next())
            .collect();
        for family in self.leads.keys() {
            if !known.contains(family.as_str()) {
                return Err(ReportError::Outline(format!(
                    "领起语的指标族 {family} 不在指标目录中"
                )));
            }
        }
        let mut placed = BTreeMap::new();
        for (family, part) in self.placements() {
            if !known.contains(family) {
                return Err(ReportError::Outline(format!(
                    "{part} 引用的指标族 {family} 不在指标目录中"
                )));
            }
            if let Some(other) = placed.insert(family, part) {
                return Err(ReportError::Outline(format!(
                    "指标族 {family} 同时出现在 {other} 和 {part}"
                )));
            }
        }
        Ok(())
    }

    /// Families of the catalog that no part of the outline states.
    pub fn unplaced_families<'c>(&self, catalog: &'c Catalog) -> Vec<&'c str> {
        let placed: std::collections::BTreeSet<&str> =
            self.placements().into_iter().map(|(f, _)| f).collect();
        let mut missing: Vec<&str> = catalog
            .indicators()
            .iter()
            .filter_map(|i| i.key.split('.').next())
            .filter(|f| !placed.contains(f))
            .collect();
        missing.dedup();
        missing
    }
}
