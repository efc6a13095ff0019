//! 考核方案 — how units are scored, as data (`assessment.toml`, shipped as an example): per
//! year, the units scored and the items — a catalog indicator or the timeliness of forms, its
//! weight (分值) and its rule. Checked against the catalog and the data sets when read, with
//! every problem listed in Chinese. The scoring itself is in [`crate::scoring`].

use std::collections::BTreeSet;

use fazhi_catalog::Catalog;
use serde::Deserialize;

use crate::dataset::{DataSets, RawReporters, Reporters};
use crate::error::ReviewError;

/// The shipped example scheme.
pub const SHIPPED: &str = include_str!("../assessment.toml");

/// What happens below the target of a [`Rule::FullAt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Below {
    /// 按比例得分 — weight × value ÷ target.
    Proportional,
    /// 不得分.
    Zero,
}

/// 计分规则 — one item's scoring rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// 达标得满分 — value ≥ target: full weight; below: as `below` says.
    FullAt { target: f64, below: Below },
    /// 越低越好 — at or below `threshold` or the average of the scored units: full weight;
    /// above the average, `per_point` points lost per point above it, down to 0.
    MaxAt {
        threshold: Option<f64>,
        per_point: f64,
    },
    /// 按时报送 — each late or missing form of the year loses `per_form`, down to 0.
    LateForms {
        per_form: f64,
        /// Data set codes counted; empty: every data set.
        data_sets: Vec<String>,
    },
}

/// 考核项目 — one scored item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// 名称.
    pub name: String,
    /// The catalog key (indicator rules only).
    pub key: Option<String>,
    /// 单位 of the figure (%, 件 …).
    pub unit: String,
    /// 分值.
    pub weight: f64,
    pub rule: Rule,
    /// Points when the unit has no figure (true: full, as when there were no cases).
    pub full_if_missing: bool,
    /// 依据.
    pub basis: Option<String>,
}

impl Item {
    /// The rule in words, for the table and the export.
    pub fn rule_words(&self) -> String {
        let w = points_text(self.weight);
        let unit = &self.unit;
        let missing = if self.full_if_missing {
            ";无数据得满分"
        } else {
            ""
        };
        let main = match &self.rule {
            Rule::FullAt { target, below } => {
                let t = points_text(*target);
                match below {
                    Below::Proportional => {
                        format!("达到{t}{unit}得满分{w}分,未达到按比例得分")
                    }
                    Below::Zero => format!("达到{t}{unit}得满分{w}分,未达到不得分"),
                }
            }
            Rule::MaxAt {
                threshold,
                per_point,
            } => {
                let limit = threshold
                    .map(|t| format!("不高于{}{unit}或", points_text(t)))
                    .unwrap_or_default();
                format!(
                    "{limit}不高于参评单位平均值得满分{w}分,高于平均值每1个百分点扣{}分,扣完为止",
                    points_text(*per_point)
                )
            }
            Rule::LateForms {
                per_form,
                data_sets,
            } => {
                let which = if data_sets.is_empty() {
                    "各报表".to_owned()
                } else {
                    format!("报表{}", data_sets.join("、"))
                };
                format!(
                    "满分{w}分,{which}逾期报送或未报送每份扣{}分,扣完为止",
                    points_text(*per_form)
                )
            }
        };
        format!("{main}{missing}")
    }
}

/// 考核方案 — one scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// 名称.
    pub name: String,
    /// The years it applies to.
    pub years: Vec<i32>,
    /// 参评单位 — the units scored.
    pub units: Reporters,
    pub items: Vec<Item>,
    /// 依据.
    pub source: Option<String>,
}

impl Scheme {
    /// 满分 — the sum of the weights.
    pub fn full_marks(&self) -> f64 {
        self.items.iter().map(|i| i.weight).sum()
    }
}

/// Every scheme in effect, at most one per year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schemes {
    schemes: Vec<Scheme>,
}

impl Schemes {
    /// Reads and checks schemes against the catalog and the data sets; every problem is
    /// listed in the error.
    pub fn from_toml(
        text: &str,
        catalog: &Catalog,
        sets: &DataSets,
    ) -> Result<Schemes, ReviewError> {
        let file: RawFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            ReviewError::SchemeSyntax {
                line,
                message: e.message().to_owned(),
            }
        })?;
        let mut problems = Vec::new();
        let mut schemes = Vec::new();
        let mut years = BTreeSet::new();
        if file.scheme.is_empty() {
            problems.push("没有任何考核方案([[scheme]])".to_owned());
        }
        for (n, raw) in file.scheme.into_iter().enumerate() {
            let place = format!("第{}个考核方案「{}」", n + 1, raw.name.trim());
            for year in &raw.years {
                if !years.insert(*year) {
                    problems.push(format!("{place}:{year}年已有其他考核方案"));
                }
            }
            if let Some(scheme) = raw.check(&place, catalog, sets, &mut problems) {
                schemes.push(scheme);
            }
        }
        if problems.is_empty() {
            Ok(Schemes { schemes })
        } else {
            Err(ReviewError::SchemeInvalid(problems))
        }
    }

    /// The shipped example.
    pub fn shipped(catalog: &Catalog, sets: &DataSets) -> Result<Schemes, ReviewError> {
        Self::from_toml(SHIPPED, catalog, sets)
    }

    pub fn all(&self) -> &[Scheme] {
        &self.schemes
    }

    /// The scheme of `year`.
    pub fn of_year(&self, year: i32) -> Option<&Scheme> {
        self.schemes.iter().find(|s| s.years.contains(&year))
    }
}

/// A number without needless decimals: 25, 2.5, 83.33.
pub fn points_text(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    scheme: Vec<RawScheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    name: String,
    years: Vec<i32>,
    units: RawReporters,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    item: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    key: Option<String>,
    weight: f64,
    rule: String,
    #[serde(default)]
    target: Option<f64>,
    #[serde(default)]
    below: Option<String>,
    #[serde(default)]
    threshold: Option<f64>,
    #[serde(default)]
    per_point: Option<f64>,
    #[serde(default)]
    per_form: Option<f64>,
    #[serde(default)]
    data_sets: Vec<String>,
    #[serde(default)]
    if_missing: Option<String>,
    #[serde(default)]
    basis: Option<String>,
}

impl RawScheme {
    fn check(
        self,
        place: &str,
        catalog: &Catalog,
        sets: &DataSets,
        problems: &mut Vec<String>,
    ) -> Option<Scheme> {
        let before = problems.len();
        if self.name.trim().is_empty() {
            problems.push(format!("{place}:缺少名称"));
        }
        if self.years.is_empty() {
            problems.push(format!("{place}:没有列出适用年度(years)"));
        }
        for year in &self.years {
            if !(2000..=2100).contains(year) {
                problems.push(format!("{place}:年度{year}不合理,应在2000至2100之间"));
            }
        }
        let units = self.units.check(place, "参评单位", problems);
        if self.item.is_empty() {
            problems.push(format!("{place}:没有任何考核项目([[scheme.item]])"));
        }
        let items: Vec<Item> = self
            .item
            .into_iter()
            .enumerate()
            .filter_map(|(n, raw)| {
                let at = format!("{place}第{}项", n + 1);
                raw.check(&at, catalog, sets, problems)
            })
            .collect();
        if problems.len() > before {
            return None;
        }
        Some(Scheme {
            name: self.name.trim().to_owned(),
            years: self.years,
            units,
            items,
            source: self.source,
        })
    }
}

impl RawItem {
    fn check(
        self,
        place: &str,
        catalog: &Catalog,
        sets: &DataSets,
        problems: &mut Vec<String>,
    ) -> Option<Item> {
        let before = problems.len();
        if !(self.weight.is_finite() && self.weight > 0.0) {
            problems.push(format!("{place}:分值(weight)应为正数"));
        }
        let positive = |value: Option<f64>, field: &str, problems: &mut Vec<String>| match value {
            Some(v) if v.is_finite() && v > 0.0 => Some(v),
            Some(_) => {
                problems.push(format!("{place}:{field}应为正数"));
                None
            }
            None => {
                problems.push(format!("{place}:规则「{}」须填写{field}", self.rule));
                None
            }
        };
        let unused = |given: bool, field: &str, problems: &mut Vec<String>| {
            if given {
                problems.push(format!("{place}:规则「{}」不使用{field}", self.rule));
            }
        };
        let rule = match self.rule.as_str() {
            "full_at" => {
                unused(self.threshold.is_some(), "threshold", problems);
                unused(self.per_point.is_some(), "per_point", problems);
                unused(self.per_form.is_some(), "per_form", problems);
                let below = match self.below.as_deref() {
                    None | Some("proportional") => Some(Below::Proportional),
                    Some("zero") => Some(Below::Zero),
                    Some(other) => {
                        problems.push(format!(
                            "{place}:below「{other}」无效,应为 proportional(按比例)或 zero(不得分)"
                        ));
                        None
                    }
                };
                let target = positive(self.target, "目标值(target)", problems);
                Some(Rule::FullAt {
                    target: target?,
                    below: below?,
                })
            }
            "max_at" => {
                unused(self.target.is_some(), "target", problems);
                unused(self.below.is_some(), "below", problems);
                unused(self.per_form.is_some(), "per_form", problems);
                if self.threshold.is_some_and(|t| !(t.is_finite() && t >= 0.0)) {
                    problems.push(format!("{place}:阈值(threshold)不能为负数"));
                }
                let per_point = positive(self.per_point, "每点扣分(per_point)", problems);
                Some(Rule::MaxAt {
                    threshold: self.threshold,
                    per_point: per_point?,
                })
            }
            "late_forms" => {
                unused(self.key.is_some(), "key(按时报送不取指标)", problems);
                unused(self.target.is_some(), "target", problems);
                unused(self.per_point.is_some(), "per_point", problems);
                for code in &self.data_sets {
                    if sets.get(code).is_none() {
                        problems.push(format!("{place}:报表「{code}」不存在"));
                    }
                }
                let per_form = positive(self.per_form, "每份扣分(per_form)", problems);
                Some(Rule::LateForms {
                    per_form: per_form?,
                    data_sets: self.data_sets.clone(),
                })
            }
            other => {
                problems.push(format!(
                    "{place}:规则「{other}」无效,应为 full_at(达标得满分)、max_at(越低越好)或 late_forms(按时报送)"
                ));
                None
            }
        };
        let indicator = match (&rule, &self.key) {
            (Some(Rule::LateForms { .. }) | None, _) => None,
            (Some(_), None) => {
                problems.push(format!("{place}:缺少指标(key)"));
                None
            }
            (Some(_), Some(key)) => catalog.get(key).or_else(|| {
                problems.push(format!("{place}:「{key}」不是指标目录中的指标"));
                None
            }),
        };
        let name = self
            .name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .or_else(|| indicator.map(|i| i.name.clone()));
        if name.is_none() && indicator.is_none() && self.key.is_none() {
            problems.push(format!("{place}:缺少名称(name)"));
        }
        let full_if_missing = match self.if_missing.as_deref() {
            None | Some("zero") => false,
            Some("full") => true,
            Some(other) => {
                problems.push(format!(
                    "{place}:if_missing「{other}」无效,应为 full(得满分)或 zero(不得分)"
                ));
                false
            }
        };
        if problems.len() > before {
            return None;
        }
        Some(Item {
            name: name?,
            key: indicator.map(|i| i.key.clone()),
            unit: indicator.map_or_else(|| "份".to_owned(), |i| i.unit.clone()),
            weight: self.weight,
            rule: rule?,
            full_if_missing,
            basis: self.basis,
        })
    }
}
