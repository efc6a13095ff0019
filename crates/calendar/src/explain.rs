//! 计算说明 — the Chinese explanation of a computed deadline, one step per line.

use chrono::{Datelike, NaiveDate};

use crate::calendar::{Calendar, DayKind};
use crate::deadline::{Plan, day_span, prev_day};
use crate::error::DeadlineError;
use crate::rules::{PeriodUnit, RuleVersion};
use crate::weekday_zh;

/// 民事诉讼法 (2023) 第八十五条, the default for a rule that gives no basis of its own.
const DEFAULT_CARRY_BASIS: &str = "民事诉讼法第八十五条：期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期";

/// Builds the explanation lines for a plan.
pub(crate) fn explain(calendar: &Calendar, plan: &Plan<'_>) -> Result<Vec<String>, DeadlineError> {
    let v = plan.version;
    let mut lines = vec![rule_line(v), source_line(v)];
    lines.extend(start_lines(plan));
    lines.extend(length_lines(plan));
    for &(from, to) in &plan.pauses {
        lines.push(pause_line(calendar, plan, from, to)?);
    }
    if v.unit == PeriodUnit::WorkingDays {
        lines.extend(working_day_lines(calendar, plan)?);
    } else {
        lines.extend(carry_lines(calendar, plan)?);
    }
    lines.push(format!("届满日：{}", day_label(plan.due)));
    Ok(lines)
}

fn day_label(d: NaiveDate) -> String {
    format!("{d}（{}）", weekday_zh(d.weekday()))
}

fn rule_line(v: &RuleVersion) -> String {
    let version = match (v.valid_from, v.valid_to) {
        (Some(f), Some(t)) => format!("{f}至{t}有效的版本"),
        (Some(f), None) => format!("{f}起施行的版本"),
        (None, Some(t)) => format!("{t}前有效的版本"),
        (None, None) => "现行版本".to_owned(),
    };
    // The rule by its name only: explanations are read by clerks, the key is the program's.
    format!("规则：{}（{version}）", v.name)
}

fn source_line(v: &RuleVersion) -> String {
    let s = &v.source;
    match &s.quote {
        Some(q) => format!(
            "依据：{}{}：{}（原文：「{q}」）",
            s.law, s.article, s.summary
        ),
        None => format!("依据：{}{}：{}", s.law, s.article, s.summary),
    }
}

fn start_lines(plan: &Plan<'_>) -> Vec<String> {
    let v = plan.version;
    let mut lines = vec![format!(
        "起算：{}，{}",
        day_label(plan.start),
        v.start_event
    )];
    if plan.clock_start != plan.start {
        let note = v.restart_note.as_deref().unwrap_or("补正");
        lines.push(format!(
            "重新起算：自 {} 起重新计算期限（{note}）",
            day_label(plan.clock_start)
        ));
    }
    lines.push(if v.start_day_counts {
        "起算日当日计入期间（本规则的特别规定）".to_owned()
    } else {
        "起算日当日不计入期间（民事诉讼法第八十五条：期间开始的时和日，不计算在期间内）".to_owned()
    });
    lines
}

fn length_lines(plan: &Plan<'_>) -> Vec<String> {
    let v = plan.version;
    let word = v.unit.word_zh();
    let unit = match v.unit {
        PeriodUnit::WorkingDays => "工作日（不含法定休假日）".to_owned(),
        PeriodUnit::CalendarDays => "自然日".to_owned(),
        PeriodUnit::Months => "月（到期月份的对应日；该月没有对应日的，为该月最后一日）".to_owned(),
    };
    let mut lines = vec![format!("计算单位：{unit}，期限 {}{word}", plan.base_length)];
    if let Some((j, found)) = &plan.jurisdiction {
        lines.push(if *found {
            format!("地区「{j}」的期限设置为 {}{word}", plan.base_length)
        } else {
            format!(
                "地区「{j}」未单独设置期限，按默认 {}{word}计算",
                plan.base_length
            )
        });
    }
    if plan.extended
        && let Some(ext) = &v.extension
    {
        lines.push(format!(
            "延长：延长 {}{word}（{}），合计 {}{word}",
            ext.length, ext.approver, plan.length
        ));
    }
    lines
}

fn pause_line(
    calendar: &Calendar,
    plan: &Plan<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<String, DeadlineError> {
    let note = plan.version.pause_note.as_deref().unwrap_or("期限中止");
    let counted = if plan.version.unit == PeriodUnit::WorkingDays {
        let mut working = 0;
        for day in day_span(from, to) {
            working += u32::from(calendar.is_working_day(day)?);
        }
        format!("其中 {working} 个工作日")
    } else {
        format!("共 {} 日", (to - from).num_days() + 1)
    };
    Ok(format!(
        "中止：{from} 至 {to} 不计入期限（{note}），{counted}"
    ))
}

/// Skipped holidays (grouped by festival), skipped weekends, and 调休上班 days with the policy.
fn working_day_lines(calendar: &Calendar, plan: &Plan<'_>) -> Result<Vec<String>, DeadlineError> {
    let policy = calendar.policy();
    let mut lines = vec![if policy.adjusted_workday_counts {
        "口径：调休上班日计为工作日（法律未明确规定，系本系统的设置）".to_owned()
    } else {
        "口径：调休上班日不计为工作日（法律未明确规定，系本系统的设置）".to_owned()
    }];
    let mut weekends = 0;
    let mut run: Option<(NaiveDate, NaiveDate, String)> = None;
    for day in day_span(plan.first_counted, plan.nominal) {
        let info = calendar.day(day)?;
        let name = info.holiday.unwrap_or("");
        match info.kind {
            DayKind::Holiday => {
                run = extend_run(run, day, name, &mut lines);
                continue;
            }
            DayKind::Weekend => weekends += 1,
            DayKind::AdjustedWorkday => {
                lines.push(adjusted_line(day, name, policy.adjusted_workday_counts))
            }
            DayKind::Workday => {}
        }
        flush_run(run.take(), &mut lines);
    }
    flush_run(run, &mut lines);
    if weekends > 0 {
        lines.push(format!("跳过周末 {weekends} 天"));
    }
    Ok(lines)
}

fn adjusted_line(day: NaiveDate, name: &str, counts: bool) -> String {
    let verdict = if counts {
        "按设置计为工作日"
    } else {
        "按设置不计为工作日，已跳过"
    };
    format!("{}为{name}调休上班日，{verdict}", day_label(day))
}

fn extend_run(
    run: Option<(NaiveDate, NaiveDate, String)>,
    day: NaiveDate,
    name: &str,
    lines: &mut Vec<String>,
) -> Option<(NaiveDate, NaiveDate, String)> {
    match run {
        Some((from, _, current)) if current == name => Some((from, day, current)),
        other => {
            flush_run(other, lines);
            Some((day, day, name.to_owned()))
        }
    }
}

fn flush_run(run: Option<(NaiveDate, NaiveDate, String)>, lines: &mut Vec<String>) {
    if let Some((from, to, name)) = run {
        let days = (to - from).num_days() + 1;
        lines.push(if from == to {
            format!("跳过 {from} {name}假期（1 天）")
        } else {
            format!("跳过 {from} 至 {to} {name}假期（{days} 天）")
        });
    }
}

/// The nominal end of a calendar or month period and its carry-forward.
fn carry_lines(calendar: &Calendar, plan: &Plan<'_>) -> Result<Vec<String>, DeadlineError> {
    let v = plan.version;
    let info = calendar.day(plan.nominal)?;
    let what = match info.holiday {
        Some(name) if info.kind == DayKind::Holiday => format!("{name}假期"),
        _ => info.kind.label_zh().to_owned(),
    };
    let mut lines = vec![format!(
        "期间的最后一日为 {}，{what}",
        day_label(plan.nominal)
    )];
    if plan.due == plan.nominal {
        if !v.carry_forward && !calendar.is_working_day(plan.nominal)? {
            lines.push("本规则规定期间届满日不因休假日顺延".to_owned());
        }
        return Ok(lines);
    }
    let basis = v
        .carry_forward_basis
        .as_deref()
        .unwrap_or(DEFAULT_CARRY_BASIS);
    lines.push(format!(
        "顺延：期间届满日为休假日，依{basis}，顺延至 {}",
        day_label(plan.due)
    ));
    let mut weekend = false;
    let mut run = None;
    for day in day_span(plan.nominal, prev_day(plan.due)?) {
        let info = calendar.day(day)?;
        weekend |= info.kind == DayKind::Weekend;
        if info.kind == DayKind::Holiday {
            run = extend_run(run, day, info.holiday.unwrap_or(""), &mut lines);
        } else {
            flush_run(run.take(), &mut lines);
        }
    }
    flush_run(run, &mut lines);
    if calendar.day_kind(plan.due)? == DayKind::AdjustedWorkday {
        lines.push(format!(
            "{} 为调休上班日，按本系统的设置视为工作日",
            plan.due
        ));
    }
    if weekend {
        lines.push("周末按惯例视为法定休假日一并顺延（法律未明确规定）".to_owned());
    }
    Ok(lines)
}
