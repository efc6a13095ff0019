//! 一致性校验 — checking a report against itself: a stated rate against the counts stated
//! beside it (catalog numerator / denominator), a 同比 change against both years' figures,
//! a part (其中 …) against its total, and the catalog's relations between keys.

use fazhi_catalog::{Catalog, Relation};
use serde::{Deserialize, Serialize};

use crate::extract::{Reading, Statistic};
use crate::scan::Dimension;

/// 校验类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// 比率 = 分子 / 分母.
    Rate,
    /// 同比 = (本年 − 上年) / 上年.
    YearOnYear,
    /// 其中 … ≤ 总数.
    PartOfTotal,
    /// A relation listed in the catalog.
    Relation,
}

/// 校验结论.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verdict {
    /// 一致.
    Consistent,
    /// 不一致, with the value the stated figures imply.
    Inconsistent { expected: f64 },
    /// 无法校验 (the figures needed are not stated).
    Uncheckable,
}

/// 校验结果 — one check of one stated figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub kind: CheckKind,
    /// Key of the figure checked.
    pub key: String,
    /// The figure as stated.
    pub stated: f64,
    /// Its char span in the original text.
    pub start: usize,
    pub end: usize,
    /// The figures used: (key, value).
    pub inputs: Vec<(String, f64)>,
    pub verdict: Verdict,
    /// 说明 — Chinese explanation for the table.
    pub explanation: String,
}

/// Runs every check on a reading.
pub fn check(reading: &Reading, catalog: &Catalog) -> Vec<Check> {
    let stats = &reading.statistics;
    let mut out = Vec::new();
    for i in 0..stats.len() {
        if let Some(c) = rate_check(stats, i, catalog) {
            out.push(c);
        }
        if let Some(c) = yoy_check(stats, i, catalog) {
            out.push(c);
        }
        if let Some(c) = part_check(stats, i) {
            out.push(c);
        }
    }
    out.extend(relation_checks(stats, catalog));
    out
}

/// Whether `value` states `exact` to the precision written (rounded or truncated).
pub fn agrees(exact: f64, value: f64, precision: u32) -> bool {
    let step = 10f64.powi(-(precision as i32));
    let rounded = (exact / step).round() * step;
    (rounded - value).abs() <= step * 0.5 + 1e-9 || (exact - value).abs() < step + 1e-9
}

fn round_to(value: f64, precision: u32) -> f64 {
    let step = 10f64.powi(precision as i32);
    (value * step).round() / step
}

/// The statistic with `key` nearest before `i` in the same sentence, else in the same segment.
fn nearest<'a>(stats: &'a [Statistic], i: usize, key: &str) -> Option<&'a Statistic> {
    let s = &stats[i];
    let same = |t: &&Statistic| t.key.as_deref() == Some(key);
    let in_sentence = stats.iter().filter(|t| t.sentence == s.sentence).find(same);
    in_sentence.or_else(|| {
        stats[..i]
            .iter()
            .rev()
            .filter(|t| t.segment == s.segment)
            .find(same)
    })
}

/// The Chinese name of catalog key `key` (explanations name indicators, never their keys).
fn name_of<'a>(catalog: &'a Catalog, key: &'a str) -> &'a str {
    catalog.get(key).map_or(key, |i| i.name.as_str())
}

fn base(kind: CheckKind, s: &Statistic, key: &str) -> Check {
    Check {
        kind,
        key: key.to_string(),
        stated: s.value,
        start: s.start,
        end: s.end,
        inputs: Vec::new(),
        verdict: Verdict::Uncheckable,
        explanation: String::new(),
    }
}

fn rate_check(stats: &[Statistic], i: usize, catalog: &Catalog) -> Option<Check> {
    let s = &stats[i];
    if s.dimension != Dimension::Rate {
        return None;
    }
    let key = s.key.as_deref()?;
    let ind = catalog.get(key)?;
    let (num_key, den_key) = (ind.numerator.as_deref()?, ind.denominator.as_deref()?);
    let mut c = base(CheckKind::Rate, s, key);
    let (Some(num), Some(den)) = (nearest(stats, i, num_key), nearest(stats, i, den_key)) else {
        c.explanation = format!(
            "未同时给出「{}」与「{}」,无法校验",
            name_of(catalog, num_key),
            name_of(catalog, den_key)
        );
        return Some(c);
    };
    c.inputs = vec![(num_key.into(), num.value), (den_key.into(), den.value)];
    if den.value == 0.0 {
        c.explanation = "分母为0,无法校验".into();
        return Some(c);
    }
    let exact = num.value / den.value * 100.0;
    let shown = round_to(exact, s.precision);
    if agrees(exact, s.value, s.precision) {
        c.verdict = Verdict::Consistent;
        c.explanation = format!("{} / {} = {shown}%,与所述一致", num.value, den.value);
    } else {
        c.verdict = Verdict::Inconsistent { expected: shown };
        c.explanation = format!(
            "{} / {} = {shown}%,所述为{}%",
            num.value, den.value, s.value
        );
    }
    Some(c)
}

const PRIOR_YEAR: [&str; 6] = ["上年", "去年", "上一年", "同期", "上年度", "前一年"];
const COMPARED: [&str; 6] = ["全省", "全国", "全市", "平均", "高于", "低于"];
const DOWN: [&str; 5] = ["下降", "减少", "降低", "回落", "下滑"];

fn yoy_check(stats: &[Statistic], i: usize, catalog: &Catalog) -> Option<Check> {
    let s = &stats[i];
    let key = s.key.as_deref()?;
    let base_key = catalog.get(key)?.change_of.as_deref()?;
    let mut c = base(CheckKind::YearOnYear, s, key);
    let same: Vec<&Statistic> = stats
        .iter()
        .filter(|t| t.segment == s.segment && t.key.as_deref() == Some(base_key))
        .collect();
    let current = same
        .iter()
        .rev()
        .find(|t| t.start < s.start && !PRIOR_YEAR.iter().any(|w| t.lead.contains(w)));
    // The prior year's own figure, not a province comparison (低于全省上年度 …).
    let prior = same.iter().find(|t| {
        PRIOR_YEAR.iter().any(|w| t.lead.contains(w))
            && !COMPARED.iter().any(|w| t.lead.contains(w))
            && current.is_some_and(|c| c.dimension == t.dimension)
    });
    let (Some(prior), Some(current)) = (prior, current) else {
        c.explanation = "未同时给出本年和上年数值,无法校验".into();
        return Some(c);
    };
    c.inputs = vec![
        (base_key.into(), current.value),
        (format!("{base_key} (上年)"), prior.value),
    ];
    let down = DOWN.iter().any(|w| s.lead.contains(w));
    let signed = if down { -s.value } else { s.value };
    let exact = if s.dimension == Dimension::Points {
        current.value - prior.value
    } else if prior.value != 0.0 {
        (current.value - prior.value) / prior.value * 100.0
    } else {
        c.explanation = "上年数值为0,无法校验".into();
        return Some(c);
    };
    if agrees(exact, signed, s.precision) {
        c.verdict = Verdict::Consistent;
        c.explanation = format!("本年{}、上年{},同比与所述一致", current.value, prior.value);
    } else {
        c.verdict = Verdict::Inconsistent {
            expected: round_to(exact.abs(), s.precision),
        };
        c.explanation = format!(
            "本年{}、上年{},同比应为{}",
            current.value,
            prior.value,
            round_to(exact, s.precision)
        );
    }
    Some(c)
}

fn part_check(stats: &[Statistic], i: usize) -> Option<Check> {
    let s = &stats[i];
    let lead = s.lead.trim_start_matches(|c: char| !c.is_alphanumeric());
    let countable = matches!(s.dimension, Dimension::Count | Dimension::Amount);
    if !lead.starts_with("其中") || i == 0 || !countable {
        return None;
    }
    let total = stats[..i]
        .iter()
        .rev()
        .take_while(|t| t.sentence == s.sentence || t.segment == s.segment)
        .find(|t| t.dimension == s.dimension && t.unit == s.unit)?;
    let key = s
        .key
        .clone()
        .or_else(|| total.key.clone())
        .unwrap_or_default();
    let mut c = base(CheckKind::PartOfTotal, s, &key);
    c.inputs = vec![(total.key.clone().unwrap_or_default(), total.value)];
    if s.value <= total.value {
        c.verdict = Verdict::Consistent;
        c.explanation = format!("其中{}不大于总数{}", s.value, total.value);
    } else {
        c.verdict = Verdict::Inconsistent {
            expected: total.value,
        };
        c.explanation = format!("其中{}大于总数{}", s.value, total.value);
    }
    Some(c)
}

fn relation_checks(stats: &[Statistic], catalog: &Catalog) -> Vec<Check> {
    let mut out = Vec::new();
    let mut segments: Vec<usize> = stats.iter().map(|s| s.segment).collect();
    segments.dedup();
    for seg in segments {
        let in_seg: Vec<&Statistic> = stats.iter().filter(|s| s.segment == seg).collect();
        for rel in catalog.relations() {
            if let Some(c) = relation_check(&in_seg, rel, catalog) {
                out.push(c);
            }
        }
    }
    out
}

fn relation_check(stats: &[&Statistic], rel: &Relation, catalog: &Catalog) -> Option<Check> {
    let find = |k: &str| stats.iter().find(|s| s.key.as_deref() == Some(k)).copied();
    let right = find(&rel.right)?;
    let lefts: Vec<&Statistic> = rel.left.iter().map(|k| find(k)).collect::<Option<_>>()?;
    let sum: f64 = lefts.iter().map(|s| s.value).sum();
    let mut c = base(CheckKind::Relation, lefts[0], &rel.left.join("+"));
    c.stated = sum;
    c.inputs = lefts
        .iter()
        .map(|s| (s.key.clone().unwrap_or_default(), s.value))
        .chain(std::iter::once((rel.right.clone(), right.value)))
        .collect();
    let left: Vec<&str> = rel.left.iter().map(|k| name_of(catalog, k)).collect();
    let text = format!(
        "{} {} {}",
        left.join(" + "),
        rel.op.symbol(),
        name_of(catalog, &rel.right)
    );
    if rel.op.holds(sum, right.value) {
        c.verdict = Verdict::Consistent;
        c.explanation = format!("{text}: {sum} 与 {} 相符", right.value);
    } else {
        c.verdict = Verdict::Inconsistent {
            expected: right.value,
        };
        c.explanation = format!("{text}: {sum} 与 {} 不符", right.value);
    }
    Some(c)
}

/// Checks as a plain-text table: 类型, 指标, 所述, 结论, 说明.
pub fn checks_table(checks: &[Check]) -> String {
    let mut out = String::from("类型\t指标\t所述\t结论\t说明\n");
    for c in checks {
        let kind = match c.kind {
            CheckKind::Rate => "比率",
            CheckKind::YearOnYear => "同比",
            CheckKind::PartOfTotal => "其中",
            CheckKind::Relation => "关系",
        };
        let verdict = match &c.verdict {
            Verdict::Consistent => "一致".to_string(),
            Verdict::Inconsistent { expected } => format!("不一致(应为{expected})"),
            Verdict::Uncheckable => "无法校验".to_string(),
        };
        out.push_str(&format!(
            "{kind}\t{}\t{}\t{verdict}\t{}\n",
            c.key, c.stated, c.explanation
        ));
    }
    out
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
