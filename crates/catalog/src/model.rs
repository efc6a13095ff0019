//! The catalog's data types, as read from `indicators.toml`.

use serde::{Deserialize, Serialize};

/// 指标类型 — how an indicator's value arises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// 计数 — a count of records or events.
    Count,
    /// 金额 — a sum of money, in 元.
    Amount,
    /// 比率 — a percentage, ideally numerator / denominator.
    Rate,
    /// 填报值 — a value reported as such (rankings, changes, figures with no register).
    Reported,
}

/// 指标 — one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Dotted key, e.g. `mediation.success_rate`.
    pub key: String,
    /// 名称.
    pub name: String,
    /// Canonical unit word (件, 人, %, 元 …).
    pub unit: String,
    pub kind: Kind,
    /// 定义 — short Chinese definition.
    pub definition: String,
    /// English gloss.
    #[serde(default)]
    pub english: String,
    /// 依据 — legal or official source, when one exists.
    #[serde(default)]
    pub source: Option<String>,
    /// A core key of KEYS.md.
    #[serde(default)]
    pub core: bool,
    /// For rates: the key counted above the line.
    #[serde(default)]
    pub numerator: Option<String>,
    /// For rates: the key counted below the line.
    #[serde(default)]
    pub denominator: Option<String>,
    /// For `*_yoy` keys: the key whose 同比 change this is.
    #[serde(default)]
    pub change_of: Option<String>,
    /// Phrases published reports use; `A…B` means A, then B later in the same clause.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Topic words; when present, the indicator is only read near one of them.
    #[serde(default)]
    pub context: Vec<String>,
    /// 口径说明 — what to keep in mind when comparing cities (differing denominators …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
    /// 报告语句 — the annual report's sentence, with `{value}` (and `{direction}`).
    pub sentence: String,
    /// Reserved for the register-query definition added later; kept opaque here.
    #[serde(default)]
    pub compute: Option<toml::Table>,
}

impl Indicator {
    /// Whether this is a `*_yoy` (同比) indicator.
    pub fn is_yoy(&self) -> bool {
        self.change_of.is_some()
    }
}

/// 单位 — unit words by dimension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Units {
    pub count: Vec<String>,
    pub amount: Vec<String>,
    pub rate: Vec<String>,
    pub points: Vec<String>,
}

impl Units {
    /// Every unit word, of any dimension.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.count
            .iter()
            .chain(&self.amount)
            .chain(&self.rate)
            .chain(&self.points)
            .map(String::as_str)
    }

    /// Whether `word` is a known unit word.
    pub fn contains(&self, word: &str) -> bool {
        self.all().any(|u| u == word)
    }
}

/// Comparison of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RelationOp {
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "=")]
    Equal,
    #[serde(rename = ">=")]
    AtLeast,
}

impl RelationOp {
    /// Whether `left op right` holds (with a small tolerance for equality).
    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            RelationOp::AtMost => left <= right + 1e-9,
            RelationOp::Equal => (left - right).abs() <= 1e-9 * right.abs().max(1.0),
            RelationOp::AtLeast => left + 1e-9 >= right,
        }
    }

    /// The symbol as written in the file.
    pub fn symbol(self) -> &'static str {
        match self {
            RelationOp::AtMost => "<=",
            RelationOp::Equal => "=",
            RelationOp::AtLeast => ">=",
        }
    }
}

/// 校验关系 — `sum(left) op right`, e.g. `mediation.success <= mediation.cases`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub left: Vec<String>,
    pub op: RelationOp,
    pub right: String,
}

/// The file as a whole.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogFile {
    pub units: Units,
    #[serde(default)]
    pub indicator: Vec<Indicator>,
    #[serde(default)]
    pub relation: Vec<Relation>,
}
