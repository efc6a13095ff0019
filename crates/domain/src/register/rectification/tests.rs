use super::*;
use crate::register::testing::{accept, reject};

const PROBLEM: &[(&str, &str)] = &[
    ("problem_no", "督察〔2024〕1组-03"),
    ("source", "法治督察"),
    ("found_date", "2024-04-10"),
    ("issuer", "市委依法治市办第一督察组"),
    ("description", "行政处罚决定书未载明救济途径"),
    ("rule_breached", "行政处罚法第五十九条"),
    ("due_date", "2024-07-10"),
    ("status", "已销号"),
    ("measures", "修订文书格式并对全部在办案件补正"),
    ("rectified_date", "2024-06-28"),
    ("closed_date", "2024-07-05"),
];

#[test]
fn a_closed_problem_is_accepted() {
    let r = accept(&RECTIFICATIONS, PROBLEM, &[]);
    assert_eq!(r.text("source"), Some("inspection"));
    assert_eq!(r.text("status"), Some("closed"));
}

#[test]
fn an_open_problem_needs_no_measures_yet() {
    accept(
        &RECTIFICATIONS,
        PROBLEM,
        &[
            ("status", "待整改"),
            ("measures", ""),
            ("rectified_date", ""),
            ("closed_date", ""),
        ],
    );
}

#[test]
fn the_time_limit_is_not_before_the_finding() {
    reject(
        &RECTIFICATIONS,
        PROBLEM,
        &[("due_date", "2024-04-01")],
        "due_date",
        "不能早于「发现日期」",
    );
}

#[test]
fn closure_needs_the_rectification_reported() {
    reject(
        &RECTIFICATIONS,
        PROBLEM,
        &[
            ("status", "申请销号"),
            ("rectified_date", ""),
            ("closed_date", ""),
        ],
        "rectified_date",
        "必须填写",
    );
    reject(
        &RECTIFICATIONS,
        PROBLEM,
        &[
            ("status", "申请销号"),
            ("measures", ""),
            ("closed_date", ""),
        ],
        "measures",
        "必须填写",
    );
}

#[test]
fn only_a_closed_problem_has_a_closing_date() {
    reject(
        &RECTIFICATIONS,
        PROBLEM,
        &[("status", "整改中")],
        "closed_date",
        "只有已销号",
    );
    reject(
        &RECTIFICATIONS,
        PROBLEM,
        &[("closed_date", "")],
        "closed_date",
        "必须填写",
    );
}

#[test]
fn closing_is_not_before_rectifying() {
    reject(
        &RECTIFICATIONS,
        PROBLEM,
        &[("closed_date", "2024-06-01")],
        "closed_date",
        "不能早于「整改完成日期」",
    );
}

#[test]
fn standing_is_read_from_the_dates_as_of_a_day() {
    let r = accept(&RECTIFICATIONS, PROBLEM, &[]);
    let on = |y, m, d| standing(&r, chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
    assert_eq!(on(2024, 4, 9), None, "found later");
    assert_eq!(on(2024, 6, 1), Some(Standing::Open { overdue: false }));
    assert_eq!(on(2024, 6, 28), Some(Standing::Rectified));
    assert_eq!(on(2024, 7, 5), Some(Standing::Closed));
    let late = accept(
        &RECTIFICATIONS,
        PROBLEM,
        &[
            ("status", "整改中"),
            ("rectified_date", ""),
            ("closed_date", ""),
        ],
    );
    let day = |d| chrono::NaiveDate::from_ymd_opt(2024, 7, d).unwrap();
    assert_eq!(
        standing(&late, day(10)),
        Some(Standing::Open { overdue: false }),
        "due that day"
    );
    assert_eq!(
        standing(&late, day(11)),
        Some(Standing::Open { overdue: true })
    );
}
