//! 公示期限与去标识化 — whether a published decision may be shown to the public today, and what
//! of its party a public page may show. The periods are dated data
//! (`data/publicity_periods.toml`, sources in LEGAL-RULES-2 §1): the regime in force on the
//! decision date decides the longest period of a 行政处罚 by its 失信程度; 简易程序 and
//! 警告-only penalties are not published; a withdrawn record (信用修复, a decision revoked or
//! changed) is gone at once.

use std::sync::OnceLock;

use chrono::{Months, NaiveDate};
use serde::Deserialize;

use crate::error::DomainError;

const EMBEDDED: &str = include_str!("../data/publicity_periods.toml");

/// 失信程度 — the class a sector gives a penalty (国办发〔2025〕22号 二).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 轻微失信.
    Minor,
    /// 一般失信 — also the class of a penalty whose class was not recorded.
    General,
    /// 严重失信.
    Serious,
}

impl Severity {
    /// The stored code (`minor`, `general`, `serious`); unknown codes read as none.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "minor" => Some(Self::Minor),
            "general" => Some(Self::General),
            "serious" => Some(Self::Serious),
            _ => None,
        }
    }
}

/// One class's period under a regime.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassPeriod {
    pub class: Severity,
    /// Published at all.
    pub publish: bool,
    /// 最短公示期 (repair may be applied for after it), months.
    #[serde(default)]
    pub min_months: Option<u32>,
    /// 最长公示期: publication stops after it, months.
    pub max_months: u32,
}

/// A regime of publicity periods and the dates it governs decisions of.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regime {
    pub key: String,
    /// The document, with its number.
    pub name: String,
    pub valid_from: NaiveDate,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// What the source says.
    pub source: String,
    /// Whether the figures were read in the document itself (else 「未经证实」).
    pub verified: bool,
    pub classes: Vec<ClassPeriod>,
}

/// What is never published.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusions {
    pub simple_procedure: bool,
    pub warning_only: bool,
    pub source: String,
}

/// How an ID number of a natural person is shown.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaskPattern {
    pub keep_head: usize,
    pub keep_tail: usize,
    pub source: String,
}

impl MaskPattern {
    /// The text with all but its first `keep_head` and last `keep_tail` characters as `*`
    /// (all `*` when it is too short to keep both ends).
    pub fn mask(&self, text: &str) -> String {
        let chars: Vec<char> = text.trim().chars().collect();
        let n = chars.len();
        if n <= self.keep_head + self.keep_tail {
            return "*".repeat(n);
        }
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < self.keep_head || i >= n - self.keep_tail {
                    *c
                } else {
                    '*'
                }
            })
            .collect()
    }
}

/// 公示期限规则 — the whole table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicityRules {
    #[serde(rename = "regime")]
    pub regimes: Vec<Regime>,
    pub exclusions: Exclusions,
    pub mask: MaskPattern,
}

/// The facts of one published decision that decide whether it is public.
#[derive(Debug, Clone, Default)]
pub struct PublicationFacts {
    /// 行政处罚 (else 行政许可 or another decision, which has no 失信 period).
    pub penalty: bool,
    pub decision_date: Option<NaiveDate>,
    pub published_date: Option<NaiveDate>,
    /// 撤下日期: repaired, revoked or changed.
    pub withdrawn_date: Option<NaiveDate>,
    /// The record's own 公示截止期.
    pub stated_end: Option<NaiveDate>,
    pub severity: Option<Severity>,
    /// 简易程序.
    pub simple_procedure: bool,
    /// Only a 警告 was imposed.
    pub warning_only: bool,
}

/// Why a decision is not on the public site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    NotPublished,
    Withdrawn,
    Expired,
    SimpleProcedure,
    WarningOnly,
    MinorNotPublished,
}

/// Public today, until the end date (inclusive) if there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visible {
    pub until: Option<NaiveDate>,
}

impl PublicityRules {
    /// The embedded table, parsed once. Its tests check it parses.
    pub fn embedded() -> &'static PublicityRules {
        static RULES: OnceLock<PublicityRules> = OnceLock::new();
        RULES.get_or_init(|| match Self::parse(EMBEDDED) {
            Ok(rules) => rules,
            Err(e) => panic!("embedded publicity_periods.toml: {e}"),
        })
    }

    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let rules: PublicityRules = toml::from_str(text)
            .map_err(|e| DomainError::invalid("公示期限规则", e.to_string()))?;
        if rules.regimes.is_empty() {
            return Err(DomainError::invalid("公示期限规则", "至少需要一个规则版本"));
        }
        Ok(rules)
    }

    /// The regime that governs a decision of `date`: the one in force then, or the first for
    /// a decision older than every regime.
    pub fn regime_for(&self, date: NaiveDate) -> &Regime {
        self.regimes
            .iter()
            .find(|r| r.valid_from <= date && r.valid_to.is_none_or(|to| date < to))
            .unwrap_or_else(|| {
                self.regimes
                    .iter()
                    .min_by_key(|r| r.valid_from)
                    .unwrap_or(&self.regimes[0])
            })
    }

    /// Whether the decision is public on `today`, and until when.
    pub fn visibility(
        &self,
        facts: &PublicationFacts,
        today: NaiveDate,
    ) -> Result<Visible, Hidden> {
        let published = facts.published_date.ok_or(Hidden::NotPublished)?;
        if published > today {
            return Err(Hidden::NotPublished);
        }
        if facts.withdrawn_date.is_some_and(|d| d <= today) {
            return Err(Hidden::Withdrawn);
        }
        let mut until = facts.stated_end;
        if facts.penalty {
            if self.exclusions.simple_procedure && facts.simple_procedure {
                return Err(Hidden::SimpleProcedure);
            }
            if self.exclusions.warning_only && facts.warning_only {
                return Err(Hidden::WarningOnly);
            }
            let decided = facts.decision_date.unwrap_or(published);
            let class = facts.severity.unwrap_or(Severity::General);
            let regime = self.regime_for(decided);
            if let Some(period) = regime.classes.iter().find(|c| c.class == class) {
                if !period.publish {
                    return Err(Hidden::MinorNotPublished);
                }
                let end = decided
                    .checked_add_months(Months::new(period.max_months))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(decided);
                until = Some(until.map_or(end, |u| u.min(end)));
            }
        }
        match until {
            Some(end) if end < today => Err(Hidden::Expired),
            _ => Ok(Visible { until }),
        }
    }

    /// A natural person's ID as a public page shows it.
    pub fn mask_id(&self, id: &str) -> String {
        self.mask.mask(id)
    }
}

#[cfg(test)]
#[path = "publicity_period_tests.rs"]
mod tests;
