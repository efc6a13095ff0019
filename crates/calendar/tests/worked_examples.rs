//! The worked examples of LEGAL-RULES.md §1.1, and one example per rule key.

use chrono::NaiveDate;
use fazhi_calendar::{
    Calendar, CalendarError, CalendarPolicy, DayKind, DeadlineEngine, DeadlineError,
    DeadlineOptions,
};

fn d(s: &str) -> NaiveDate {
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(date) => date,
        Err(e) => panic!("bad test date {s}: {e}"),
    }
}

fn engine() -> DeadlineEngine {
    match DeadlineEngine::embedded() {
        Ok(engine) => engine,
        Err(e) => panic!("embedded data: {e}"),
    }
}

fn due(key: &str, start: &str) -> String {
    due_with(key, start, &DeadlineOptions::default())
}

fn due_with(key: &str, start: &str, options: &DeadlineOptions<'_>) -> String {
    match engine().compute(key, d(start), options) {
        Ok(deadline) => deadline.due.to_string(),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn five_working_days_over_spring_festival_2025() {
    let deadline = engine().compute(
        "reconsideration.acceptance",
        d("2025-01-24"),
        &DeadlineOptions::default(),
    );
    let Ok(deadline) = deadline else {
        panic!("{deadline:?}")
    };
    assert_eq!(deadline.due, d("2025-02-07"));
    let text = deadline.explanation.join("\n");
    assert!(
        text.contains("2025-01-26（星期日）为春节调休上班日，按设置计为工作日"),
        "{text}"
    );
    assert!(
        text.contains("跳过 2025-01-28 至 2025-02-04 春节假期（8 天）"),
        "{text}"
    );
    assert!(text.contains("adjusted_workday_counts = true"), "{text}");
}

#[test]
fn adjusted_workday_policy_changes_the_result() {
    let mut engine = engine();
    engine.calendar_mut().set_policy(CalendarPolicy {
        adjusted_workday_counts: false,
    });
    let result = engine.compute(
        "reconsideration.acceptance",
        d("2025-01-24"),
        &DeadlineOptions::default(),
    );
    let Ok(deadline) = result else {
        panic!("{result:?}")
    };
    // 1/27, 2/5, 2/6, 2/7, then 2/10 (2/8 is a 调休 Saturday, not counted either).
    assert_eq!(deadline.due, d("2025-02-10"));
    assert!(
        deadline
            .explanation
            .iter()
            .any(|l| l.contains("按设置不计为工作日，已跳过"))
    );
    assert!(!deadline.policy.adjusted_workday_counts);
}

#[test]
fn national_day_2024_working_days() {
    assert_eq!(
        due("reconsideration.supplement_notice", "2024-09-27"),
        "2024-10-10"
    );
    assert_eq!(due("disclosure.reply", "2024-09-27"), "2024-10-30");
}

#[test]
fn sixty_days_carried_forward_over_national_day_2025() {
    let result = engine().compute(
        "reconsideration.decision",
        d("2025-08-03"),
        &DeadlineOptions::default(),
    );
    let Ok(deadline) = result else {
        panic!("{result:?}")
    };
    assert_eq!(deadline.nominal_end, d("2025-10-02"));
    assert_eq!(deadline.due, d("2025-10-09"));
    assert_eq!(deadline.rule_version, "reconsideration.decision@2024-01-01");
    let text = deadline.explanation.join("\n");
    assert!(text.contains("国庆节、中秋节假期"), "{text}");
    assert!(
        text.contains("行政复议法第八十八条第一款适用民事诉讼法第八十五条"),
        "{text}"
    );
}

#[test]
fn calendar_day_kinds() {
    let cal = match Calendar::embedded() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let kind = |s: &str| cal.day_kind(d(s)).map(DayKind::as_str);
    assert_eq!(kind("2025-01-24"), Ok("workday"));
    assert_eq!(kind("2025-01-25"), Ok("weekend"));
    assert_eq!(kind("2025-01-26"), Ok("adjusted-workday"));
    assert_eq!(kind("2025-02-01"), Ok("holiday"));
    assert_eq!(kind("2022-12-31"), Ok("holiday"));
    assert_eq!(
        cal.day(d("2025-10-05")).map(|i| i.holiday),
        Ok(Some("国庆节、中秋节"))
    );
    assert_eq!(
        cal.years().collect::<Vec<_>>(),
        (2019..=2026).collect::<Vec<_>>()
    );
}

#[test]
fn uncovered_years_are_errors() {
    let cal = match Calendar::embedded() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        cal.day_kind(d("2027-01-04")),
        Err(CalendarError::NotCovered { year: 2027 })
    );
    assert_eq!(
        cal.day_kind(d("2018-12-31")),
        Err(CalendarError::NotCovered { year: 2018 })
    );
    assert_eq!(
        CalendarError::NotCovered { year: 2027 }.to_string(),
        "2027年的放假安排尚未载入日历，无法计算"
    );
    // A period running into 2027 fails rather than guesses.
    assert_eq!(
        due("reconsideration.decision", "2026-12-01"),
        "error: 2027年的放假安排尚未载入日历，无法计算"
    );
    assert_eq!(
        due("disclosure.reply", "2026-12-20"),
        "error: 2027年的放假安排尚未载入日历，无法计算"
    );
}

#[test]
fn a_new_year_can_be_loaded_at_run_time() {
    let mut engine = engine();
    let text = r#"
[[year]]
year = 2027
notice = "国务院办公厅关于2027年部分节假日安排的通知"
url_note = "测试数据"
holiday = [{ name = "元旦", from = "2027-01-01", to = "2027-01-03" }]
"#;
    assert_eq!(engine.calendar_mut().load_toml(text), Ok(vec![2027]));
    assert_eq!(
        due("reconsideration.decision", "2026-12-01"),
        "error: 2027年的放假安排尚未载入日历，无法计算"
    );
    let result = engine.due_date(
        "reconsideration.decision",
        d("2026-12-01"),
        &DeadlineOptions::default(),
    );
    // 2026-12-01 + 60 = 2027-01-30, a Saturday → Monday 2027-02-01.
    assert_eq!(result, Ok(d("2027-02-01")));
    let bad = text.replace("2027-01-03", "2027-01-02\", work = [\"2027-01-05\"]");
    let bad = bad.replace("\"2027-01-02\"\", ", "\"2027-01-02\", ");
    assert!(engine.calendar_mut().load_toml(&bad).is_err());
}

#[test]
fn unknown_rule_lists_valid_keys() {
    let err = due("no.such", "2025-01-02");
    assert!(
        err.starts_with("error: 未知的期限规则「no.such」。可用的规则："),
        "{err}"
    );
    assert!(err.contains("disclosure.reply"), "{err}");
}

#[test]
fn disclosure_reply_versions_by_effective_date() {
    // Before 2019-05-15 the 2007 Regulations gave 15 (+15) working days.
    let old = engine().compute(
        "disclosure.reply",
        d("2019-05-14"),
        &DeadlineOptions::default(),
    );
    let Ok(old) = old else { panic!("{old:?}") };
    assert_eq!(old.rule_version, "disclosure.reply@2008-05-01");
    assert_eq!(old.due, d("2019-06-04")); // 15 working days; 6/7 端午 not reached
    let new = engine().compute(
        "disclosure.reply",
        d("2019-05-15"),
        &DeadlineOptions::default(),
    );
    let Ok(new) = new else { panic!("{new:?}") };
    assert_eq!(new.rule_version, "disclosure.reply@2019-05-15");
    assert_eq!(new.due, d("2019-06-13")); // 20 working days, skipping 端午 6/7
    let extended = DeadlineOptions {
        extended: true,
        ..Default::default()
    };
    assert_eq!(
        due_with("disclosure.reply", "2019-05-14", &extended),
        "2019-06-26"
    );
    assert_eq!(
        due_with("disclosure.reply", "2019-05-15", &extended),
        "2019-07-11"
    );
}

#[test]
fn pauses_and_restarts() {
    // Third-party consultation 2025-03-10..2025-03-14 (5 working days) is not counted.
    let paused = DeadlineOptions {
        pauses: vec![(d("2025-03-10"), d("2025-03-14"))],
        ..Default::default()
    };
    assert_eq!(due("disclosure.reply", "2025-03-03"), "2025-03-31");
    assert_eq!(
        due_with("disclosure.reply", "2025-03-03", &paused),
        "2025-04-08"
    );
    let restart = DeadlineOptions {
        restart_on: Some(d("2025-03-20")),
        ..Default::default()
    };
    assert_eq!(
        due_with("disclosure.reply", "2025-03-03", &restart),
        "2025-04-18"
    );
    assert_eq!(
        due_with("penalty.decision", "2025-03-03", &paused),
        "error: 期限规则「penalty.decision」的期限不因中止而停止计算"
    );
    assert_eq!(
        due_with("penalty.decision", "2025-03-03", &restart),
        "error: 期限规则「penalty.decision」不因补正而重新计算"
    );
    let reversed = DeadlineOptions {
        pauses: vec![(d("2025-03-14"), d("2025-03-10"))],
        ..Default::default()
    };
    assert!(matches!(
        engine().compute("disclosure.reply", d("2025-03-03"), &reversed),
        Err(DeadlineError::InvalidPause { .. })
    ));
}

#[test]
fn print_explanations_for_review() {
    let engine = engine();
    for (key, start) in [
        ("reconsideration.acceptance", "2025-01-24"),
        ("reconsideration.decision", "2025-08-03"),
        ("npc_suggestion.reply", "2024-11-30"),
    ] {
        let opts = DeadlineOptions {
            extended: key.starts_with("npc"),
            pauses: vec![],
            restart_on: None,
            jurisdiction: None,
        };
        if let Ok(dl) = engine.compute(key, d(start), &opts) {
            println!("{}\n  {}", dl.due, dl.explanation.join("\n  "));
        }
    }
}
