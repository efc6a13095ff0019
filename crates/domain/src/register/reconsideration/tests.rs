use super::*;
use crate::register::testing::{accept, reject};

const CASE: &[(&str, &str)] = &[
    ("case_no", "六盘水府复〔2024〕12号"),
    ("applicant", "张三"),
    ("respondent", "六盘水市钟山区市场监督管理局"),
    ("act_challenged", "钟市监罚〔2024〕35号行政处罚决定"),
    ("enforcement_case_id", "17"),
    ("received_date", "2024-04-01"),
    ("supplement_notice_date", "2024-04-03"),
    ("supplement_date", "2024-04-10"),
    ("acceptance", "受理"),
    ("acceptance_date", "2024-04-12"),
    ("procedure", "普通程序"),
    ("extension_approved_date", "2024-06-05"),
    ("extension_days", "30"),
    ("decision_date", "2024-07-08"),
    ("decision_type", "撤销"),
    ("later_sued", "是"),
    ("litigation_case_id", "3"),
];

#[test]
fn a_realistic_case_is_accepted() {
    let r = accept(&RECONSIDERATIONS, CASE, &[]);
    assert_eq!(r.text("decision_type"), Some("revoke"));
    assert!(is_corrected("revoke"));
    assert_eq!(
        r.text("enforcement_case_id"),
        Some("17"),
        "resolved by the store"
    );
    let received = [
        ("acceptance", ""),
        ("acceptance_date", ""),
        ("procedure", ""),
        ("extension_approved_date", ""),
        ("extension_days", ""),
        ("decision_date", ""),
        ("decision_type", ""),
        ("later_sued", ""),
        ("litigation_case_id", ""),
    ];
    accept(&RECONSIDERATIONS, CASE, &received);
}

#[test]
fn corrected_decisions_are_decision_codes_and_exclude_upholding() {
    let corrected = crate::register::counted::counted_by(CORRECTED_INDICATOR, "decision_type");
    assert!(
        corrected.len() >= 6,
        "the catalog lists the corrections: {corrected:?}"
    );
    for code in corrected {
        assert!(DECISION_TYPES.iter().any(|o| o.code == *code), "{code}");
    }
    for kept in [
        "uphold",
        "reject_claim",
        "mediation",
        "settlement",
        "dismiss_application",
    ] {
        assert!(!is_corrected(kept), "{kept}");
    }
}

#[test]
fn supplement_dates_in_order() {
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("supplement_notice_date", "2024-03-30")],
        "supplement_notice_date",
        "不能早于「收到申请日期」",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("supplement_date", "2024-04-02")],
        "supplement_date",
        "不能早于「补正通知日期」",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("supplement_notice_date", "")],
        "supplement_notice_date",
        "已登记补正日期",
    );
}

#[test]
fn acceptance_and_decision_dates_in_order() {
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[
            ("acceptance_date", "2024-03-31"),
            ("supplement_notice_date", ""),
            ("supplement_date", ""),
        ],
        "acceptance_date",
        "不能早于「收到申请日期」",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[
            ("decision_date", "2024-04-11"),
            ("extension_approved_date", ""),
            ("extension_days", ""),
        ],
        "decision_date",
        "不能早于「受理决定日期」",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("extension_approved_date", "2024-07-09")],
        "decision_date",
        "不能早于「延期批准日期」",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("acceptance_date", "")],
        "acceptance_date",
        "受理",
    );
}

#[test]
fn extension_only_in_ordinary_procedure_and_at_most_30_days() {
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("procedure", "简易程序")],
        "procedure",
        "第六十二条",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("extension_days", "31")],
        "extension_days",
        "0至30",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("extension_approved_date", "")],
        "extension_approved_date",
        "第六十二条",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("extension_days", "")],
        "extension_days",
        "第六十二条",
    );
    accept(
        &RECONSIDERATIONS,
        CASE,
        &[
            ("procedure", "简易程序"),
            ("extension_approved_date", ""),
            ("extension_days", "0"),
        ],
    );
}

#[test]
fn decision_type_and_date_go_together() {
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("decision_type", "")],
        "decision_type",
        "已填写决定日期",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[
            ("decision_date", ""),
            ("extension_approved_date", ""),
            ("extension_days", ""),
        ],
        "decision_date",
        "已填写决定类型",
    );
}

#[test]
fn refused_cases_have_no_decision() {
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("acceptance", "不予受理")],
        "decision_type",
        "不予受理",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("acceptance", "待定")],
        "acceptance",
        "应为「受理」",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("acceptance", "")],
        "acceptance",
        "应为「受理」",
    );
    let refused = [
        ("acceptance", "不予受理"),
        ("procedure", ""),
        ("extension_approved_date", ""),
        ("extension_days", ""),
        ("decision_date", ""),
        ("decision_type", ""),
    ];
    accept(&RECONSIDERATIONS, CASE, &refused);
}

#[test]
fn linked_suit_means_sued() {
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("later_sued", "否")],
        "later_sued",
        "应为「是」",
    );
    reject(
        &RECONSIDERATIONS,
        CASE,
        &[("enforcement_case_id", "#0")],
        "enforcement_case_id",
        "",
    );
}
