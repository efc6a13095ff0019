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
    /// Whether values of sub-units add up to the unit's value. Defaults to true for count and
    /// amount units, false for rates and 百分点; rankings set it to false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additive: Option<bool>,
    /// 计算口径 — how the value is computed from a register. Without it, a count or amount is
    /// a reported value (填报值) and a rate is computed from its numerator and denominator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute: Option<Compute>,
    /// 报送情况 — a count of forms (报表) taken from their submissions instead of entered:
    /// the forms due, submitted, or submitted on time in the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forms: Option<FormCount>,
}

impl Indicator {
    /// Whether this is a `*_yoy` (同比) indicator.
    pub fn is_yoy(&self) -> bool {
        self.change_of.is_some()
    }

    /// Whether this is a rate (unit %) — its 同比 is in 百分点 and it is never summed.
    pub fn is_rate(&self) -> bool {
        self.kind == Kind::Rate || self.unit == "%"
    }

    /// Whether sub-units' values add up to the unit's value (see [`Indicator::additive`]).
    pub fn is_additive(&self) -> bool {
        self.additive
            .unwrap_or(!self.is_rate() && self.unit != "百分点" && !self.is_yoy())
    }
}

/// Which forms a [`Indicator::forms`] indicator counts. A form is one reporting unit's form of
/// one data set and period, counted in the month its period ends, once that period has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormCount {
    /// 应报 — forms due from the units that report the data set.
    Expected,
    /// 已报 — of those, forms submitted at least once.
    Submitted,
    /// 按时报送 — of those, forms first submitted on or before their due date.
    OnTime,
}

/// 计算口径 — a count or sum over one register's records, filtered by field values, placed in
/// a period by one of its date fields. Field names and codes are those of the register's
/// definition (`fazhi_domain::register`); the indicator engine checks them at start-up.
///
/// ```toml
/// [indicator.compute]
/// register = "mediations"
/// count = true
/// date = "concluded_date"
/// where = { outcome = ["success"] }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compute {
    /// The register's key (`mediations`, `enforcement-cases` …).
    pub register: String,
    /// Count the matching records.
    #[serde(default)]
    pub count: bool,
    /// Or sum this amount or integer field (amounts are shown in 元).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<String>,
    /// The date field that places a record in a period (default: the register's period field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Conditions on fields, all of which must hold.
    #[serde(
        default,
        rename = "where",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    pub filters: std::collections::BTreeMap<String, FieldTest>,
}

/// A condition on one field of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldTest {
    /// 是/否 field: `true`, or `false` (= not 是: 否 or empty).
    Flag(bool),
    /// Enum field: one of these codes; enum-set field: contains one of them.
    Codes(Vec<String>),
    /// `"not_null"` (filled in) or `"null"` (empty).
    Presence(Presence),
}

/// Whether a field is filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    NotNull,
    Null,
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
