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

#[test]
fn only_a_correction_links_its_reconsideration() {
    reject(
        &RECTIFICATIONS,
        PROBLEM,
        &[("reconsideration_case_id", "复〔2024〕3号")],
        "reconsideration_case_id",
        "只有来源为复议纠错",
    );
    accept(
        &RECTIFICATIONS,
        PROBLEM,
        &[
            ("source", "复议纠错"),
            ("reconsideration_case_id", "复〔2024〕3号"),
        ],
    );
    reject(
        &RECTIFICATIONS,
        PROBLEM,
        &[("source", "复议纠错"), ("litigation_case_id", "#4")],
        "litigation_case_id",
        "只有来源为行政诉讼败诉",
    );
}

#[test]
fn a_correcting_reconsideration_proposes_a_problem_linked_to_it() {
    use crate::register::reconsideration::RECONSIDERATIONS;
    let case: &[(&str, &str)] = &[
        ("case_no", "六盘水复〔2024〕12号"),
        ("applicant", "王某"),
        ("respondent", "钟山区市场监督管理局"),
        ("act_challenged", "钟市监罚〔2024〕5号行政处罚决定"),
        ("received_date", "2024-03-01"),
        ("acceptance", "受理"),
        ("acceptance_date", "2024-03-05"),
        ("procedure", "普通程序"),
        ("decision_type", "撤销"),
        ("decision_date", "2024-04-20"),
    ];
    let r = accept(&RECONSIDERATIONS, case, &[]);
    let proposed: std::collections::BTreeMap<_, _> = proposed_from("reconsiderations", 7, &r)
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(proposed["source"], "复议纠错");
    assert_eq!(proposed["found_date"], "2024-04-20");
    assert_eq!(proposed["reconsideration_case_id"], "#7");
    assert!(proposed["description"].contains("钟市监罚〔2024〕5号"));
    let upheld = accept(&RECONSIDERATIONS, case, &[("decision_type", "维持")]);
    assert!(proposed_from("reconsiderations", 7, &upheld).is_none());
    assert!(proposed_from("mediations", 7, &r).is_none());
}

#[test]
fn an_interview_follows_a_letter() {
    reject(
        &RECTIFICATIONS,
        PROBLEM,
        &[("interview_date", "2024-08-01")],
        "interview_date",
        "约谈前应先发出督办函",
    );
    accept(
        &RECTIFICATIONS,
        PROBLEM,
        &[
            ("supervision_letter", "六盘水法督函〔2024〕3号"),
            ("interview_date", "2024-08-01"),
        ],
    );
}

#[test]
fn a_problem_reported_done_lacks_evidence_until_its_text_or_a_file_shows_it() {
    let closed = accept(&RECTIFICATIONS, PROBLEM, &[]);
    let missing = RECTIFICATIONS.missing_evidence(&closed);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].field, "evidence");
    assert_eq!(
        missing[0].to_string(),
        format!("「整改佐证材料」必须填写({EVIDENCE_REASON})")
    );
    let requested = accept(
        &RECTIFICATIONS,
        PROBLEM,
        &[("status", "申请销号"), ("closed_date", "")],
    );
    assert_eq!(RECTIFICATIONS.missing_evidence(&requested).len(), 1);
    let shown = accept(
        &RECTIFICATIONS,
        PROBLEM,
        &[(
            "evidence",
            "钟山区司法局关于整改情况的报告(钟司报〔2024〕7号)",
        )],
    );
    assert!(RECTIFICATIONS.missing_evidence(&shown).is_empty());
    let in_progress = accept(
        &RECTIFICATIONS,
        PROBLEM,
        &[("status", "整改中"), ("closed_date", "")],
    );
    assert!(RECTIFICATIONS.missing_evidence(&in_progress).is_empty());
}
