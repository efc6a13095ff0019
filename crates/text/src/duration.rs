//! 时长 — telling a reported time result (「平均办理时间20.86天」, 「压缩至2小时内办结」,
//! 「由原来的30个工作日缩短为3个工作日」) from a span that is not a statistic (连续14年,
//! 提前7个月, 打造15分钟服务圈, 2024年).
//!
//! Years are never results. Other time units are results when the clause before the number
//! speaks of a processing time or of shortening one, or when 办结/完成 follows the unit.

/// Time units after a number, longest first.
const TIME_UNITS: [&str; 9] = [
    "个工作日",
    "个月",
    "个小时",
    "工作日",
    "小时",
    "分钟",
    "天",
    "年",
    "周",
];

/// Time units that can hold a processing time or a saving (years and weeks cannot).
const RESULT_UNITS: [&str; 7] = ["个工作日", "个月", "个小时", "工作日", "小时", "分钟", "天"];

/// Words before the number that make a time a reported result.
const RESULT_WORDS: [&str; 14] = [
    "时间",
    "时限",
    "用时",
    "耗时",
    "时长",
    "周期",
    "压缩",
    "缩短",
    "提速",
    "减至",
    "降至",
    "原来的",
    "平均",
    "缩减",
];

/// Words just before the number that make a time a span, not a result.
const SPAN_WORDS: [&str; 6] = ["连续", "提前", "历时", "长达", "停建", "每"];

/// Words just after the unit that make a time a processing commitment.
const DONE_WORDS: [&str; 4] = ["办结", "内办结", "内完成", "完成"];

/// The time unit opening `rest`, if any.
pub(crate) fn time_unit(rest: &str) -> Option<&'static str> {
    TIME_UNITS.into_iter().find(|u| rest.starts_with(u))
}

/// Whether the time unit `unit`, read after a number starting at byte `start` and ending at
/// byte `unit_end`, reports a result.
pub(crate) fn is_result(text: &str, start: usize, unit: &str, unit_end: usize) -> bool {
    if !RESULT_UNITS.contains(&unit) {
        return false;
    }
    let before = clause_before(text, start, 16);
    if SPAN_WORDS.iter().any(|w| before.ends_with(w)) {
        return false;
    }
    if RESULT_WORDS.iter().any(|w| before.contains(w)) {
        return true;
    }
    let after = &text[unit_end..];
    DONE_WORDS.iter().any(|w| after.starts_with(w))
}

/// Up to `max` chars before byte `at`, cut at the last clause mark.
fn clause_before(text: &str, at: usize, max: usize) -> &str {
    let head = &text[..at];
    let mut from = at;
    for (n, (i, c)) in head.char_indices().rev().enumerate() {
        if n >= max || matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | '\n') {
            break;
        }
        from = i;
    }
    &head[from..]
}
