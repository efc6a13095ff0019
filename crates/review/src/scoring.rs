//! 考核评分 — a scheme ([`crate::assessment`]) applied to the scored units' figures and form
//! timeliness: each unit's points per item with the figure, the rule in words and why, its
//! total and its rank (ties share a rank: 1, 1, 3).

use std::collections::BTreeMap;

use crate::assessment::{Below, Item, Rule, Scheme, points_text};

/// 报送记录 — one unit's forms of one data set over the assessment year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormsRecord {
    /// 应报 — forms due by now.
    pub expected: u32,
    /// 逾期报送 — first submitted after the due date.
    pub late: u32,
    /// 未报送 — not submitted, and past the due date.
    pub missing: u32,
}

/// 参评单位的数据 — what a unit is scored on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitFigures {
    pub code: String,
    pub name: String,
    /// Indicator values by catalog key; an absent key has no figure.
    pub values: BTreeMap<String, f64>,
    /// Form timeliness by data set code.
    pub forms: BTreeMap<String, FormsRecord>,
}

/// 得分明细 — how one item's points were earned.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreLine {
    /// 考核项目.
    pub item: String,
    /// The catalog key, for the drill-down to the figure.
    pub key: Option<String>,
    /// 数据 — the figure in words (83.3%, 应报 5 份,逾期 1 份).
    pub figure: String,
    /// 计分规则 in words.
    pub rule: String,
    /// 分值.
    pub weight: f64,
    /// 得分.
    pub points: f64,
    /// 说明 — why these points.
    pub why: String,
}

/// 考核结果 — one unit's score.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitScore {
    pub code: String,
    pub name: String,
    /// 总分.
    pub total: f64,
    /// 名次 — 1 is best; equal totals share a rank.
    pub rank: u32,
    pub lines: Vec<ScoreLine>,
}

/// Scores every unit; the result is in rank order (then by code).
pub fn score(scheme: &Scheme, units: &[UnitFigures]) -> Vec<UnitScore> {
    let averages: Vec<Option<f64>> = scheme
        .items
        .iter()
        .map(|item| item.key.as_deref().and_then(|key| average(units, key)))
        .collect();
    let mut scores: Vec<UnitScore> = units
        .iter()
        .map(|unit| {
            let lines: Vec<ScoreLine> = scheme
                .items
                .iter()
                .zip(&averages)
                .map(|(item, avg)| line(item, unit, *avg))
                .collect();
            UnitScore {
                code: unit.code.clone(),
                name: unit.name.clone(),
                total: round2(lines.iter().map(|l| l.points).sum()),
                rank: 0,
                lines,
            }
        })
        .collect();
    scores.sort_by(|a, b| {
        hundredths(b.total)
            .cmp(&hundredths(a.total))
            .then_with(|| a.code.cmp(&b.code))
    });
    let mut previous: Option<(i64, u32)> = None;
    for (i, s) in scores.iter_mut().enumerate() {
        let place = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let rank = match previous {
            Some((total, rank)) if total == hundredths(s.total) => rank,
            _ => place,
        };
        s.rank = rank;
        previous = Some((hundredths(s.total), rank));
    }
    scores
}

/// 平均值 of a key over the units that have it.
fn average(units: &[UnitFigures], key: &str) -> Option<f64> {
    let values: Vec<f64> = units
        .iter()
        .filter_map(|u| u.values.get(key).copied())
        .collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn line(item: &Item, unit: &UnitFigures, average: Option<f64>) -> ScoreLine {
    let weight = item.weight;
    let (figure, points, why) = match &item.rule {
        Rule::LateForms {
            per_form,
            data_sets,
        } => late_forms(unit, *per_form, data_sets, weight),
        rule => {
            let value = item
                .key
                .as_deref()
                .and_then(|k| unit.values.get(k).copied());
            match value {
                None if item.full_if_missing => (
                    String::from("无数据"),
                    weight,
                    String::from("无数据(无案件),得满分"),
                ),
                None => (String::from("无数据"), 0.0, String::from("无数据,不得分")),
                Some(v) => {
                    let figure = format!("{}{}", points_text(v), item.unit);
                    let (points, why) = by_value(rule, v, weight, average, &item.unit);
                    (figure, points, why)
                }
            }
        }
    };
    ScoreLine {
        item: item.name.clone(),
        key: item.key.clone(),
        figure,
        rule: item.rule_words(),
        weight,
        points: round2(points.clamp(0.0, weight)),
        why,
    }
}

fn by_value(rule: &Rule, v: f64, weight: f64, average: Option<f64>, unit: &str) -> (f64, String) {
    let w = points_text(weight);
    match rule {
        Rule::FullAt { target, below } => {
            let t = points_text(*target);
            if v >= *target {
                (weight, format!("达到{t}{unit},得满分{w}分"))
            } else {
                match below {
                    Below::Proportional => {
                        let p = weight * v / target;
                        (
                            p,
                            format!(
                                "未达到{t}{unit},按比例得分:{w}×{}÷{t}={}分",
                                points_text(v),
                                points_text(p)
                            ),
                        )
                    }
                    Below::Zero => (0.0, format!("未达到{t}{unit},不得分")),
                }
            }
        }
        Rule::MaxAt {
            threshold,
            per_point,
        } => {
            let avg = average.unwrap_or(v);
            let a = points_text(avg);
            if let Some(t) = threshold.filter(|t| v <= *t) {
                (
                    weight,
                    format!("不高于{}{unit},得满分{w}分", points_text(t)),
                )
            } else if v <= avg {
                (weight, format!("不高于参评单位平均值{a}{unit},得满分{w}分"))
            } else {
                let over = v - avg;
                let lost = (over * per_point).min(weight);
                (
                    weight - lost,
                    format!(
                        "高于参评单位平均值{a}{unit}{}个百分点,扣{}分",
                        points_text(over),
                        points_text(lost)
                    ),
                )
            }
        }
        Rule::LateForms { .. } => (0.0, String::new()),
    }
}

fn late_forms(
    unit: &UnitFigures,
    per_form: f64,
    data_sets: &[String],
    weight: f64,
) -> (String, f64, String) {
    let mut sum = FormsRecord::default();
    for (code, record) in &unit.forms {
        if data_sets.is_empty() || data_sets.contains(code) {
            sum.expected += record.expected;
            sum.late += record.late;
            sum.missing += record.missing;
        }
    }
    let figure = format!(
        "应报{}份,逾期报送{}份,未报送{}份",
        sum.expected, sum.late, sum.missing
    );
    let count = sum.late + sum.missing;
    if count == 0 {
        return (
            figure,
            weight,
            format!("均按时报送,得满分{}分", points_text(weight)),
        );
    }
    let lost = (f64::from(count) * per_form).min(weight);
    let why = format!(
        "{count}份逾期或未报送,每份扣{}分,共扣{}分",
        points_text(per_form),
        points_text(lost)
    );
    (figure, weight - lost, why)
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn hundredths(value: f64) -> i64 {
    // Totals are at most the sum of a scheme's weights: far inside i64.
    (value * 100.0).round() as i64
}
