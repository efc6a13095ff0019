//! The worked examples of LEGAL-RULES.md §1.1, and one example per rule key.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

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
    assert!(
        text.contains("口径：调休上班日计为工作日（法律未明确规定，系本系统的设置）"),
        "{text}"
    );
    // Explanations reach clerks: no setting or rule key in them.
    assert!(
        !text.contains("adjusted_workday_counts") && !text.contains("reconsideration."),
        "{text}"
    );
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
    // A bad document is rejected as a whole and leaves the calendar as it was.
    let bad = format!(
        "{}\n{}",
        text.replace("2027", "2028"),
        text.replace(
            "\"2027-01-03\" }",
            "\"2027-01-03\", work = [\"2027-01-05\"] }"
        )
    );
    assert_eq!(
        engine
            .calendar_mut()
            .load_toml(&bad)
            .map_err(|e| e.to_string()),
        Err("2027-01-05（星期二）不是周末，不能作为调休上班日".to_owned())
    );
    assert_eq!(engine.calendar().years().last(), Some(2027));
}

#[test]
fn a_loaded_year_replaces_the_embedded_one() {
    let mut engine = engine();
    // Suppose a corrected 2026 notice moved 劳动节 (test data only).
    let text = r#"
[[year]]
year = 2026
notice = "国务院办公厅关于2026年部分节假日安排的通知（测试）"
holiday = [{ name = "劳动节", from = "2026-05-01", to = "2026-05-02" }]
"#;
    assert_eq!(engine.calendar_mut().load_toml(text), Ok(vec![2026]));
    assert_eq!(
        engine.calendar().day_kind(d("2026-02-16")),
        Ok(DayKind::Workday)
    );
    assert_eq!(
        engine.calendar().day_kind(d("2026-05-02")),
        Ok(DayKind::Holiday)
    );
    assert_eq!(
        engine.calendar().notice(2026).map(|n| n.notice.as_str()),
        Ok("国务院办公厅关于2026年部分节假日安排的通知（测试）")
    );
    assert!(engine.calendar_mut().remove_year(2026));
    assert_eq!(
        engine.calendar().day_kind(d("2026-02-16")),
        Err(CalendarError::NotCovered { year: 2026 })
    );
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
        "error: 期限规则「行政处罚决定」的期限不因中止而停止计算"
    );
    assert_eq!(
        due_with("penalty.decision", "2025-03-03", &restart),
        "error: 期限规则「行政处罚决定」不因补正而重新计算"
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

/// One hand-checked example per rule key (start Mon 2025-04-28 unless noted; 5/1–5/5 劳动节,
/// 5/31–6/2 端午节).
#[test]
fn every_rule_key_has_an_example() {
    let plain = DeadlineOptions::default();
    let ext = DeadlineOptions {
        extended: true,
        ..Default::default()
    };
    let cases: &[(&str, &str, &DeadlineOptions<'_>, &str)] = &[
        (
            "reconsideration.acceptance",
            "2025-04-28",
            &plain,
            "2025-05-08",
        ),
        (
            "reconsideration.supplement_notice",
            "2025-04-28",
            &plain,
            "2025-05-08",
        ),
        (
            "reconsideration.applicant_supplement",
            "2025-04-28",
            &plain,
            "2025-05-15",
        ),
        (
            "reconsideration.copy_to_respondent",
            "2025-04-28",
            &plain,
            "2025-05-12",
        ),
        ("reconsideration.answer", "2024-12-20", &plain, "2025-01-06"),
        (
            "reconsideration.decision",
            "2025-04-28",
            &plain,
            "2025-06-27",
        ),
        ("reconsideration.decision", "2025-04-28", &ext, "2025-07-28"),
        (
            "reconsideration.decision",
            "2023-08-01",
            &plain,
            "2023-10-07",
        ),
        (
            "reconsideration.decision_simplified",
            "2024-12-20",
            &plain,
            "2025-01-20",
        ),
        ("litigation.answer", "2024-12-20", &plain, "2025-01-06"),
        ("penalty.decision", "2025-04-28", &plain, "2025-07-28"),
        (
            "penalty.hearing_request",
            "2024-12-20",
            &plain,
            "2024-12-27",
        ),
        ("penalty.fine_payment", "2025-04-28", &plain, "2025-05-13"),
        ("licensing.decision", "2025-04-28", &plain, "2025-05-29"),
        ("licensing.decision", "2025-04-28", &ext, "2025-06-13"),
        (
            "licensing.joint_decision",
            "2024-12-20",
            &plain,
            "2025-02-28",
        ),
        ("disclosure.reply", "2025-04-28", &plain, "2025-05-29"),
        (
            "disclosure.supplement_notice",
            "2024-12-20",
            &plain,
            "2024-12-31",
        ),
        ("disclosure.proactive", "2024-12-20", &plain, "2025-01-20"),
        (
            "double_publicity.publish",
            "2025-04-28",
            &plain,
            "2025-05-12",
        ),
        (
            "enforcement_decision.publish",
            "2025-04-28",
            &plain,
            "2025-05-29",
        ),
        ("double_random.publish", "2024-12-20", &plain, "2025-01-20"),
        ("npc_suggestion.reply", "2025-04-28", &plain, "2025-07-28"),
        ("npc_suggestion.reply", "2025-04-28", &ext, "2025-10-28"),
        // 2024-03-15 + 3 months = Saturday 15 June → Monday 17 June; six months: 15 September,
        // a Sunday inside the 中秋 break (15–17 September) → Wednesday 18 September.
        ("cppcc_proposal.reply", "2024-03-15", &plain, "2024-06-17"),
        ("cppcc_proposal.reply", "2024-03-15", &ext, "2024-09-18"),
        ("rule.filing", "2024-10-01", &plain, "2024-10-31"),
        ("rule.filing", "2024-11-01", &plain, "2024-12-02"),
        ("normative_doc.filing", "2024-12-20", &plain, "2025-01-20"),
        // 15 days by default (山西省人民政府令第206号).
        ("major_penalty.filing", "2024-03-04", &plain, "2024-03-19"),
        // 「每年1月31日前」: 2026-01-31 is a Saturday, and a fixed date does not move.
        (
            "disclosure.annual_report",
            "2025-12-31",
            &plain,
            "2026-01-31",
        ),
        (
            "disclosure.annual_report_government",
            "2025-12-31",
            &plain,
            "2026-03-31",
        ),
        (
            "mediation.judicial_confirmation",
            "2025-04-28",
            &plain,
            "2025-05-28",
        ),
        // Received Friday 27 September 2024: Sunday 29 September is a 调休 working day (1),
        // Monday 30 September (2), the 国庆 break 1–7 October, then 8, 9 and 10 October (3–5).
        (
            "legality_review.contract",
            "2024-09-27",
            &plain,
            "2024-10-10",
        ),
        (
            "legality_review.meeting_item",
            "2024-03-04",
            &plain,
            "2024-03-11",
        ),
        // Seven for a 重大行政决策: 11 October (6) and Saturday 12 October, a 调休 working day (7).
        (
            "legality_review.major_decision",
            "2024-09-27",
            &plain,
            "2024-10-12",
        ),
        (
            "legality_review.normative_doc",
            "2024-03-04",
            &plain,
            "2024-03-11",
        ),
        (
            "legality_review.legal_affairs",
            "2024-03-04",
            &plain,
            "2024-03-11",
        ),
        ("legality_review.other", "2024-03-04", &plain, "2024-03-11"),
    ];
    let engine = engine();
    for (key, start, options, expected) in cases {
        let got = engine
            .due_date(key, d(start), options)
            .map(|x| x.to_string());
        assert_eq!(got.as_deref(), Ok(*expected), "{key} from {start}");
    }
    for key in engine.rules().keys() {
        assert!(cases.iter().any(|c| c.0 == key), "no example for {key}");
    }
}

#[test]
fn rule_versions_by_effective_date() {
    let engine = engine();
    let version = |key: &str, start: &str| {
        engine
            .compute(key, d(start), &DeadlineOptions::default())
            .map(|x| x.rule_version)
    };
    assert_eq!(
        version("rule.filing", "2024-10-31").as_deref(),
        Ok("rule.filing@2002-01-01")
    );
    assert_eq!(
        version("rule.filing", "2024-11-01").as_deref(),
        Ok("rule.filing@2024-11-01")
    );
    assert_eq!(
        version("reconsideration.decision", "2023-12-31").as_deref(),
        Ok("reconsideration.decision@1999-10-01")
    );
    assert_eq!(
        engine.due_date(
            "reconsideration.acceptance",
            d("2023-12-29"),
            &DeadlineOptions::default()
        ),
        Err(DeadlineError::NoVersionInForce {
            key: "reconsideration.acceptance".into(),
            name: "行政复议申请受理审查".into(),
            date: d("2023-12-29")
        })
    );
}

#[test]
fn jurisdiction_overrides_and_missing_extensions() {
    let mut engine = engine();
    assert!(
        engine
            .rules_mut()
            .set_jurisdiction_days("normative_doc.filing", "河南省", 15)
    );
    assert!(
        !engine
            .rules_mut()
            .set_jurisdiction_days("penalty.decision", "河南省", 15)
    );
    let henan = DeadlineOptions {
        jurisdiction: Some("河南省"),
        ..Default::default()
    };
    let other = DeadlineOptions {
        jurisdiction: Some("广东省"),
        ..Default::default()
    };
    let result = engine.compute("normative_doc.filing", d("2025-04-28"), &henan);
    let Ok(deadline) = result else {
        panic!("{result:?}")
    };
    assert_eq!(deadline.due, d("2025-05-13"));
    assert!(
        deadline
            .explanation
            .iter()
            .any(|l| l == "地区「河南省」的期限设置为 15日")
    );
    let result = engine.compute("normative_doc.filing", d("2025-04-28"), &other);
    let Ok(deadline) = result else {
        panic!("{result:?}")
    };
    assert_eq!(deadline.due, d("2025-05-28"));
    assert!(
        deadline
            .explanation
            .iter()
            .any(|l| l.contains("未单独设置期限，按默认 30日计算"))
    );
    let ext = DeadlineOptions {
        extended: true,
        ..Default::default()
    };
    assert_eq!(
        engine
            .due_date("penalty.decision", d("2025-04-28"), &ext)
            .map_err(|e| e.to_string()),
        Err("期限规则「行政处罚决定」没有法定的延长期限".to_owned())
    );
}

#[test]
fn a_due_date_past_the_last_notice_is_provisional_until_it_is_loaded() {
    let mut engine = engine();
    let options = DeadlineOptions::default();
    // 2026-12-01 + 60 = 2027-01-30, a Saturday → Monday 2027-02-01 on weekends alone.
    assert_eq!(
        engine.due_date_or_provisional("reconsideration.decision", d("2026-12-01"), &options),
        Ok((d("2027-02-01"), true))
    );
    let explained = engine
        .compute_or_provisional("reconsideration.decision", d("2026-12-01"), &options)
        .unwrap();
    assert!(explained.provisional);
    assert!(
        explained.explanation[0].starts_with("暂估：2027年起的放假安排尚未发布"),
        "{:?}",
        explained.explanation
    );
    assert!(engine.is_provisional(d("2027-02-01")));
    assert!(!engine.is_provisional(d("2026-12-31")));
    // A covered due date is not provisional; a year before the first notice is not guessed.
    assert_eq!(
        engine.due_date_or_provisional("reconsideration.decision", d("2026-03-02"), &options),
        engine
            .due_date("reconsideration.decision", d("2026-03-02"), &options)
            .map(|due| (due, false))
    );
    assert!(
        engine
            .due_date_or_provisional("reconsideration.decision", d("2018-06-01"), &options)
            .is_err()
    );
    // A horizon of three working days from 2026-12-30: 12-31, 1 January (provisional), 4 January.
    assert_eq!(
        engine.working_days_after(d("2026-12-30"), 3),
        Ok(d("2027-01-04"))
    );
    // Loaded, 2027 counts its own days off; 2028 is provisional now.
    let notice = r#"
[[year]]
year = 2027
notice = "国务院办公厅关于2027年部分节假日安排的通知"
url_note = "测试数据"
holiday = [{ name = "春节", from = "2027-01-30", to = "2027-02-05" }]
"#;
    assert_eq!(engine.calendar_mut().load_toml(notice), Ok(vec![2027]));
    assert_eq!(
        engine.due_date_or_provisional("reconsideration.decision", d("2026-12-01"), &options),
        Ok((d("2027-02-08"), false)),
        "carried past the loaded holiday"
    );
    assert!(matches!(
        engine.due_date_or_provisional("reconsideration.decision", d("2027-12-01"), &options),
        Ok((_, true))
    ));
    assert!(engine.is_provisional(d("2028-01-30")));
}
