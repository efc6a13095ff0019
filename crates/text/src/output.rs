//! 输出格式 — what `fazhi extract` prints: JSON lines, or a table for people.

use serde::Serialize;

use crate::extract::Statistic;

#[derive(Serialize)]
struct Line<'a> {
    key: Option<&'a str>,
    value: serde_json::Number,
    unit: &'a str,
    qualifier: &'a str,
    start: usize,
    end: usize,
    context: &'a str,
}

/// A number as JSON: integral values without a fraction (18000, not 18000.0).
pub(crate) fn json_number(v: f64) -> serde_json::Number {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        serde_json::Number::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).unwrap_or_else(|| serde_json::Number::from(0))
    }
}

/// One JSON object per statistic, in text order, each on its own line
/// (`key`, `value`, `unit`, `qualifier`, `start`, `end`, `context`).
pub fn to_jsonl(stats: &[Statistic]) -> String {
    let mut out = String::new();
    for s in stats {
        let line = Line {
            key: s.key.as_deref(),
            value: json_number(s.value),
            unit: &s.unit,
            qualifier: &s.qualifier,
            start: s.start,
            end: s.end,
            context: &s.context,
        };
        if let Ok(json) = serde_json::to_string(&line) {
            out.push_str(&json);
            out.push('\n');
        }
    }
    out
}

/// A plain-text table: 位置, 指标, 数值, 单位, 限定, 上下文.
pub fn to_table(stats: &[Statistic]) -> String {
    let mut out = String::from("位置\t指标\t数值\t单位\t限定\t原文\n");
    for s in stats {
        let context: String = s.context.chars().take(40).collect();
        out.push_str(&format!(
            "{}-{}\t{}\t{}\t{}\t{}\t{}\n",
            s.start,
            s.end,
            s.key.as_deref().unwrap_or("—"),
            json_number(s.value),
            s.unit,
            s.qualifier,
            context
        ));
    }
    out
}
