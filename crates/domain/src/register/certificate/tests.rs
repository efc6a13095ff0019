use super::*;
use crate::register::testing::{accept, reject};

const ISSUED: &[(&str, &str)] = &[
    ("officer_name", "李四"),
    ("officer_id", "11010519491231002X"),
    ("exam_date", "2024-01-20"),
    ("exam_score", "86"),
    ("training_hours", "60"),
    ("certificate_no", "52020100123"),
    ("status", "已发证"),
    ("applied_date", "2024-01-05"),
    ("reviewed_date", "2024-02-01"),
    ("issued_date", "2024-02-20"),
];

const REVOKED: &[(&str, &str)] = &[
    ("status", "已注销"),
    ("revoked_date", "2025-01-10"),
    ("revoke_reason", "调离执法岗位"),
];

#[test]
fn issued_and_revoked_certificates_are_accepted() {
    let r = accept(&CERTIFICATES, ISSUED, &[]);
    assert_eq!(
        r.text("status"),
        Some("issued"),
        "the store's validity check relies on this code"
    );
    assert_eq!(r.get("exam_score").as_int(), Some(86));
    accept(&CERTIFICATES, ISSUED, REVOKED);
    let applied = [
        ("status", "申请"),
        ("reviewed_date", ""),
        ("issued_date", ""),
        ("certificate_no", ""),
    ];
    accept(&CERTIFICATES, ISSUED, &applied);
}

#[test]
fn field_checks() {
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("officer_id", "110105194912310021")],
        "officer_id",
        "",
    );
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("exam_score", "101")],
        "exam_score",
        "0至100",
    );
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("exam_score", "八十")],
        "exam_score",
        "不是整数",
    );
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("training_hours", "-1")],
        "training_hours",
        "超出范围",
    );
}

#[test]
fn lifecycle_dates_are_in_order() {
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("reviewed_date", "2024-01-01")],
        "reviewed_date",
        "不能早于「申请日期」",
    );
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("issued_date", "2024-01-31")],
        "issued_date",
        "不能早于「审核日期」",
    );
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("exam_date", "2024-03-01")],
        "issued_date",
        "不能早于「考试日期」",
    );
    let early_revocation = [REVOKED, &[("revoked_date", "2024-02-19")]].concat();
    reject(
        &CERTIFICATES,
        ISSUED,
        &early_revocation,
        "revoked_date",
        "不能早于「发证日期」",
    );
}

#[test]
fn issued_needs_issue_date_and_number() {
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("issued_date", "")],
        "issued_date",
        "证件已发放",
    );
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("certificate_no", "")],
        "certificate_no",
        "证件已发放",
    );
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("reviewed_date", "")],
        "reviewed_date",
        "已审核",
    );
}

#[test]
fn revoked_needs_date_and_reason() {
    let no_date = [REVOKED, &[("revoked_date", "")]].concat();
    reject(&CERTIFICATES, ISSUED, &no_date, "revoked_date", "已注销");
    let no_reason = [REVOKED, &[("revoke_reason", "")]].concat();
    reject(&CERTIFICATES, ISSUED, &no_reason, "revoke_reason", "已注销");
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("revoked_date", "2025-01-10")],
        "revoked_date",
        "未注销",
    );
}

#[test]
fn rejected_or_pending_applications_have_no_issue_date() {
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("status", "审核不通过")],
        "issued_date",
        "审核不通过的不得发证",
    );
    reject(
        &CERTIFICATES,
        ISSUED,
        &[("status", "审核通过")],
        "issued_date",
        "尚未发放",
    );
    accept(
        &CERTIFICATES,
        ISSUED,
        &[("status", "审核不通过"), ("issued_date", "")],
    );
}

#[test]
fn only_issued_certificates_dated_before_the_case_are_valid_for_casework() {
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    assert!(valid_for_casework(
        "issued",
        day("2024-02-20"),
        day("2024-03-01")
    ));
    assert!(valid_for_casework(
        "issued",
        day("2024-03-01"),
        day("2024-03-01")
    ));
    assert!(!valid_for_casework(
        "issued",
        day("2024-03-02"),
        day("2024-03-01")
    ));
    assert!(!valid_for_casework(
        "revoked",
        day("2024-02-20"),
        day("2024-03-01")
    ));
    assert!(!valid_for_casework("applied", None, None));
    assert!(valid_for_casework("issued", None, day("2024-03-01")));
    assert!(valid_for_casework("issued", day("2024-02-20"), None));
}

#[test]
fn a_case_names_certificates_separated_by_any_comma() {
    let named: Vec<&str> = named_numbers(" A1,A2，A3、 ,A4 ").collect();
    assert_eq!(named, ["A1", "A2", "A3", "A4"]);
}
