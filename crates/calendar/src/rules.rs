//! 法定期限规则 — statutory time limits as data (`data/deadline_rules.toml`), with their legal source
//! and effective dates, grouped by key into versions.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::RuleError;

/// The embedded rule data.
const EMBEDDED_RULES: &str = include_str!("../data/deadline_rules.toml");

/// 期间单位 — how a period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    /// 日（自然日）.
    CalendarDays,
    /// 工作日.
    WorkingDays,
    /// 月.
    Months,
}

impl PeriodUnit {
    /// The Chinese counting word: 日 / 个工作日 / 个月.
    pub fn word_zh(self) -> &'static str {
        match self {
            PeriodUnit::CalendarDays => "日",
            PeriodUnit::WorkingDays => "个工作日",
            PeriodUnit::Months => "个月",
        }
    }
}

/// 法律依据 — where a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalSource {
    /// The law or document, with its version.
    pub law: String,
    /// Article and paragraph.
    pub article: String,
    /// What the clause says (Chinese).
    pub summary: String,
    /// The clause verbatim, only where it was checked against the text.
    #[serde(default)]
    pub quote: Option<String>,
}

/// 延长期限 — how far a period may be extended and who approves.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    pub length: u32,
    pub unit: PeriodUnit,
    /// 批准人.
    pub approver: String,
}

/// 规则版本 — one version of a rule, in force from `valid_from` to `valid_to` (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleVersion {
    pub key: String,
    pub name: String,
    /// 起算事件.
    pub start_event: String,
    pub length: u32,
    pub unit: PeriodUnit,
    /// Whether the start day counts; by default it does not — 民事诉讼法 (2023) 第八十五条.
    #[serde(default)]
    pub start_day_counts: bool,
    /// Whether a calendar or month period ending on a rest day moves to the next working day.
    #[serde(default = "default_true")]
    pub carry_forward: bool,
    /// Why it moves (shown in the explanation).
    #[serde(default)]
    pub carry_forward_basis: Option<String>,
    #[serde(default)]
    pub extension: Option<Extension>,
    /// Whether the clock stops for pauses (e.g. 征求第三方意见).
    #[serde(default)]
    pub pause_allowed: bool,
    #[serde(default)]
    pub pause_note: Option<String>,
    /// Whether the clock restarts (补正).
    #[serde(default)]
    pub restart_allowed: bool,
    #[serde(default)]
    pub restart_note: Option<String>,
    /// Whether the period is set per jurisdiction (e.g. 规范性文件备案); `length` is the default.
    #[serde(default)]
    pub per_jurisdiction: bool,
    /// Per-jurisdiction override of `length` in calendar days.
    #[serde(default)]
    pub jurisdiction_days: BTreeMap<String, u32>,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    pub source: LegalSource,
    #[serde(default)]
    pub note: Option<String>,
}

fn default_true() -> bool {
    true
}

impl RuleVersion {
    /// Whether this version is in force on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_to.is_none_or(|t| date <= t)
    }

    /// A label for the version, e.g. `disclosure.reply@2019-05-15`.
    pub fn version_id(&self) -> String {
        match self.valid_from {
            Some(from) => format!("{}@{from}", self.key),
            None => self.key.clone(),
        }
    }

    fn validate(&self) -> Result<(), RuleError> {
        let invalid = |field, reason: &str| RuleError::Invalid {
            key: self.key.clone(),
            field,
            reason: reason.to_owned(),
        };
        if self.key.is_empty() || !self.key.contains('.') {
            return Err(invalid("key", "应为「领域.事项」形式"));
        }
        if self.name.trim().is_empty() {
            return Err(invalid("name", "不能为空"));
        }
        if self.length == 0 || self.length > 3660 {
            return Err(invalid("length", "应在 1 至 3660 之间"));
        }
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to)
            && to < from
        {
            return Err(invalid("valid_to", "早于 valid_from"));
        }
        if let Some(ext) = &self.extension
            && (ext.unit != self.unit || ext.length == 0)
        {
            return Err(invalid("extension", "单位须与期限相同且长度大于 0"));
        }
        if (self.per_jurisdiction || !self.jurisdiction_days.is_empty())
            && self.unit != PeriodUnit::CalendarDays
        {
            return Err(invalid("jurisdiction_days", "仅适用于以日计算的期限"));
        }
        Ok(())
    }
}

/// 期限规则 — all versions of one key, ordered by `valid_from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub key: String,
    pub versions: Vec<RuleVersion>,
}

impl Rule {
    /// The version in force on `date`.
    pub fn version_on(&self, date: NaiveDate) -> Option<&RuleVersion> {
        self.versions.iter().find(|v| v.in_force_on(date))
    }

    fn check_overlaps(&self) -> Result<(), RuleError> {
        for pair in self.versions.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let a_end = a.valid_to.unwrap_or(NaiveDate::MAX);
            if let Some(b_start) = b.valid_from.or(Some(NaiveDate::MIN))
                && b_start <= a_end
            {
                return Err(RuleError::OverlappingVersions {
                    key: self.key.clone(),
                    date: b_start,
                });
            }
        }
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDocument {
    #[serde(default)]
    rule: Vec<RuleVersion>,
}

/// 规则库 — the rules by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleBook {
    rules: BTreeMap<String, Rule>,
}

impl RuleBook {
    /// The embedded rules (`data/deadline_rules.toml`).
    pub fn embedded() -> Result<Self, RuleError> {
        Self::from_toml(EMBEDDED_RULES)
    }

    /// Rules from a document in the `data/deadline_rules.toml` format.
    pub fn from_toml(text: &str) -> Result<Self, RuleError> {
        let doc: RuleDocument =
            toml::from_str(text).map_err(|e| RuleError::Parse(e.message().to_owned()))?;
        let mut rules: BTreeMap<String, Rule> = BTreeMap::new();
        for version in doc.rule {
            version.validate()?;
            rules
                .entry(version.key.clone())
                .or_insert_with(|| Rule {
                    key: version.key.clone(),
                    versions: Vec::new(),
                })
                .versions
                .push(version);
        }
        for rule in rules.values_mut() {
            rule.versions
                .sort_by_key(|v| v.valid_from.unwrap_or(NaiveDate::MIN));
            rule.check_overlaps()?;
        }
        Ok(Self { rules })
    }

    /// Replaces every version of the keys present in `text` (an amended law loaded at run time).
    pub fn load_toml(&mut self, text: &str) -> Result<Vec<String>, RuleError> {
        let loaded = Self::from_toml(text)?;
        let keys = loaded.rules.keys().cloned().collect();
        self.rules.extend(loaded.rules);
        Ok(keys)
    }

    /// The rule with this key.
    pub fn get(&self, key: &str) -> Option<&Rule> {
        self.rules.get(key)
    }

    /// Every rule key, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.rules.keys().map(String::as_str)
    }

    /// Every rule.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.values()
    }

    /// Sets the period of `key` for one jurisdiction (规范性文件备案 per province or city), in every
    /// version of the rule; returns false if the key is unknown or not set per jurisdiction.
    pub fn set_jurisdiction_days(&mut self, key: &str, jurisdiction: &str, days: u32) -> bool {
        let Some(rule) = self.rules.get_mut(key) else {
            return false;
        };
        let mut set = false;
        for version in &mut rule.versions {
            if version.per_jurisdiction && days > 0 {
                version
                    .jurisdiction_days
                    .insert(jurisdiction.to_owned(), days);
                set = true;
            }
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_load() {
        let book = RuleBook::embedded();
        assert!(book.is_ok(), "{book:?}");
    }

    #[test]
    fn overlapping_versions_are_rejected() {
        let one = r#"
[[rule]]
key = "x.y"
name = "甲"
start_event = "收到之日"
length = 5
unit = "working_days"
valid_from = "2020-01-01"
source = { law = "某法", article = "第一条", summary = "五日" }
"#;
        let text = format!("{one}{}", one.replace("2020-01-01", "2021-01-01"));
        assert!(matches!(
            RuleBook::from_toml(&text),
            Err(RuleError::OverlappingVersions { .. })
        ));
        let bad_ext = one.replace(
            "valid_from",
            "extension = { length = 1, unit = \"months\", approver = \"某人\" }\nvalid_from",
        );
        let err = RuleBook::from_toml(&bad_ext).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("期限规则「x.y」的「extension」无效：单位须与期限相同且长度大于 0")
        );
    }
}
