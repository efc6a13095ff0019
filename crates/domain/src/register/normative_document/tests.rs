use chrono::NaiveDate;

use super::*;
use crate::register::testing::{accept, reject};

const DOC: &[(&str, &str)] = &[
    ("title", "六盘水市城市生活垃圾分类管理办法"),
    ("doc_number", "六盘水府发[2024]3号"),
    ("review_date", "2024-02-20"),
    ("reviewer", "六盘水市司法局"),
    ("review_result", "修改后通过"),
    ("issue_date", "2024-03-01"),
    ("effective_date", "2024-04-01"),
    ("provisional", "否"),
    ("filing_organ", "贵州省人民政府"),
    ("filed_date", "2024-03-15"),
    ("filing_result", "予以备案"),
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_realistic_document_is_accepted_with_its_number_normalised() {
    let r = accept(&NORMATIVE_DOCUMENTS, DOC, &[]);
    assert_eq!(r.text("doc_number"), Some("六盘水府发〔2024〕3号"));
    assert_eq!(r.text("review_result"), Some("approved_after_revision"));
}

#[test]
fn doc_numbers_follow_gb_t_9704() {
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("doc_number", "六盘水府发〔2024〕第3号")],
        "doc_number",
        "第",
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("doc_number", "六盘水府发〔2024〕03号")],
        "doc_number",
        "虚位",
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("doc_number", "六盘水府发2024-3")],
        "doc_number",
        "括号",
    );
}

#[test]
fn default_expiry_is_five_years_or_two_when_provisional() {
    let r = accept(&NORMATIVE_DOCUMENTS, DOC, &[]);
    assert_eq!(default_expiry(&r), Some(day(2029, 3, 31)));
    let r = accept(&NORMATIVE_DOCUMENTS, DOC, &[("provisional", "是")]);
    assert_eq!(default_expiry(&r), Some(day(2026, 3, 31)));
    let r = accept(&NORMATIVE_DOCUMENTS, DOC, &[("effective_date", "")]);
    assert_eq!(
        default_expiry(&r),
        Some(day(2029, 2, 28)),
        "from the issue date"
    );
    let leap = accept(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[
            ("effective_date", "2024-02-29"),
            ("issue_date", "2024-02-21"),
        ],
    );
    assert_eq!(default_expiry(&leap), Some(day(2029, 2, 27)));
    let draft = accept(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[
            ("issue_date", ""),
            ("effective_date", ""),
            ("filed_date", ""),
            ("filing_result", ""),
        ],
    );
    assert_eq!(default_expiry(&draft), None);
}

#[test]
fn expiry_within_the_validity_limit() {
    accept(&NORMATIVE_DOCUMENTS, DOC, &[("expiry_date", "2029-03-31")]);
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("expiry_date", "2029-04-01")],
        "expiry_date",
        "5年",
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("provisional", "是"), ("expiry_date", "2027-03-31")],
        "expiry_date",
        "2年",
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("expiry_date", "2024-03-31")],
        "expiry_date",
        "不能早于「施行日期」",
    );
}

#[test]
fn review_before_issue() {
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("review_date", "2024-03-02")],
        "issue_date",
        "不能早于「合法性审核日期」",
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("review_date", "")],
        "review_date",
        "已填写审核结果",
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("review_result", "不通过")],
        "issue_date",
        "不得印发",
    );
    let rejected = [
        ("review_result", "不通过"),
        ("issue_date", ""),
        ("effective_date", ""),
        ("filed_date", ""),
        ("filing_result", ""),
    ];
    accept(&NORMATIVE_DOCUMENTS, DOC, &rejected);
}

#[test]
fn effective_on_or_after_issue() {
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("effective_date", "2024-02-29")],
        "effective_date",
        "不能早于「印发日期」",
    );
}

#[test]
fn filed_after_issue() {
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("filed_date", "2024-02-29")],
        "filed_date",
        "不能早于「印发日期」",
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("issue_date", ""), ("effective_date", "")],
        "issue_date",
        "已报送备案",
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("filed_date", "")],
        "filed_date",
        "备案审查结果",
    );
}

#[test]
fn cleanup_and_its_date_go_together() {
    accept(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("cleanup", "废止"), ("cleanup_date", "2025-12-01")],
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("cleanup", "废止")],
        "cleanup_date",
        "已填写清理结果",
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("cleanup_date", "2025-12-01")],
        "cleanup",
        "已填写清理日期",
    );
    reject(
        &NORMATIVE_DOCUMENTS,
        DOC,
        &[("cleanup", "保留"), ("cleanup_date", "2024-01-01")],
        "cleanup_date",
        "不能早于「印发日期」",
    );
}
