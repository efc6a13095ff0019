use super::*;
use crate::register::testing::{accept, reject};

const CASE: &[(&str, &str)] = &[
    ("court", "六盘水市中级人民法院"),
    ("court_case_no", "(2024)黔02行初15号"),
    ("plaintiff", "张三"),
    ("act_challenged", "行政处罚决定"),
    ("co_defendant", "是"),
    ("instance", "一审"),
    ("received_date", "2024-08-01"),
    ("answer_filed_date", "2024-08-14"),
    ("hearing_date", "2024-09-20"),
    ("head_appearance", "副职"),
    ("judgment_date", "2024-11-05"),
    ("outcome", "撤销"),
    ("reconsideration_case_id", "12"),
];

#[test]
fn a_realistic_case_is_accepted_and_lost() {
    let r = accept(&LITIGATIONS, CASE, &[]);
    assert_eq!(r.text("head_appearance"), Some("deputy"));
    assert!(is_lost(&r));
    let won = accept(&LITIGATIONS, CASE, &[("outcome", "驳回诉讼请求")]);
    assert!(!is_lost(&won));
    let pending = accept(
        &LITIGATIONS,
        CASE,
        &[("judgment_date", ""), ("outcome", "")],
    );
    assert!(!is_lost(&pending));
}

#[test]
fn lost_outcomes_are_judgments_against_the_organ() {
    let lost = crate::register::counted::counted_by(LOST_INDICATOR, "outcome");
    assert!(
        lost.len() >= 7,
        "the catalog lists the lost outcomes: {lost:?}"
    );
    for code in lost {
        assert!(OUTCOMES.iter().any(|o| o.code == *code), "{code}");
    }
    for kept in [
        "reject_claim",
        "withdrawn",
        "mediation",
        "dismiss_suit",
        "appeal_dismissed",
    ] {
        assert!(
            !crate::register::counted::is_counted(LOST_INDICATOR, "outcome", kept),
            "{kept}"
        );
    }
}

#[test]
fn dates_in_order() {
    reject(
        &LITIGATIONS,
        CASE,
        &[("answer_filed_date", "2024-07-31")],
        "answer_filed_date",
        "不能早于「收到起诉状副本日期」",
    );
    reject(
        &LITIGATIONS,
        CASE,
        &[("judgment_date", "2024-08-10"), ("hearing_date", "")],
        "judgment_date",
        "不能早于「答辩日期」",
    );
    reject(
        &LITIGATIONS,
        CASE,
        &[("hearing_date", "2024-11-06")],
        "judgment_date",
        "不能早于「开庭日期」",
    );
    reject(
        &LITIGATIONS,
        CASE,
        &[("hearing_date", "2024-07-01")],
        "hearing_date",
        "不能早于「收到起诉状副本日期」",
    );
}

#[test]
fn outcome_and_judgment_date_go_together() {
    reject(
        &LITIGATIONS,
        CASE,
        &[("outcome", "")],
        "outcome",
        "已填写裁判日期",
    );
    reject(
        &LITIGATIONS,
        CASE,
        &[("judgment_date", "")],
        "judgment_date",
        "已填写裁判结果",
    );
}

#[test]
fn appearance_needs_a_hearing() {
    reject(
        &LITIGATIONS,
        CASE,
        &[("hearing_date", "")],
        "hearing_date",
        "负责人出庭",
    );
    accept(
        &LITIGATIONS,
        CASE,
        &[("hearing_date", ""), ("head_appearance", "未出庭")],
    );
    reject(
        &LITIGATIONS,
        CASE,
        &[("head_appearance", "律师")],
        "head_appearance",
        "正职、副职",
    );
}

#[test]
fn lost_flag_is_a_derived_fact_only_once_decided() {
    let decided = accept(&LITIGATIONS, CASE, &[]);
    let facts = LITIGATIONS.derive(&decided);
    assert_eq!(facts.len(), 1);
    assert_eq!(
        (facts[0].label, facts[0].value.as_str()),
        ("是否败诉", "是")
    );
    let open = accept(
        &LITIGATIONS,
        CASE,
        &[("outcome", ""), ("judgment_date", "")],
    );
    assert!(LITIGATIONS.derive(&open).is_empty());
}
