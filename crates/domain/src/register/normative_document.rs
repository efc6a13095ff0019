//! 规范性文件 — administrative normative documents: 合法性审核 before issue, 备案 after,
//! 有效期 and 清理. The 文号 is the natural key, validated and normalised by [`DocNumber`].

use chrono::{Months, NaiveDate};

use crate::register::rules::{CODE, Check, LINE, field, opt, required};
use crate::register::{
    DerivedFact, EnumOption, FieldDef, FieldError, FieldKind, Record, RegisterDef, Value,
};

mod doc_number;
#[cfg(test)]
mod tests;

pub use doc_number::DocNumber;

/// 合法性审核结果.
pub const REVIEW_RESULTS: &[EnumOption] = &[
    opt("approved", "通过"),
    opt("approved_after_revision", "修改后通过"),
    opt("rejected", "不通过"),
];

/// 备案审查结果.
pub const FILING_RESULTS: &[EnumOption] = &[
    opt("accepted", "予以备案"),
    opt("refused", "不予备案"),
    opt("corrected", "纠正"),
];

/// 清理结果.
pub const CLEANUP: &[EnumOption] = &[
    opt("retain", "保留"),
    opt("amend", "修改"),
    opt("repeal", "废止"),
    opt("declare_invalid", "宣布失效"),
];

/// 有效期: 「一般为5年，暂行办法、暂行规定有效期为2年」 (local rules, LEGAL-RULES §1.10).
pub const VALIDITY_YEARS: u32 = 5;
pub const PROVISIONAL_VALIDITY_YEARS: u32 = 2;

pub const FIELDS: &[FieldDef] = &[
    required("title", "文件名称", LINE, ""),
    required(
        "doc_number",
        "文号",
        CODE,
        "如 六盘水府发〔2024〕3号(GB/T 9704:年份用六角括号,序号不加「第」、不编虚位)",
    ),
    field(
        "review_date",
        "合法性审核日期",
        FieldKind::Date,
        "印发前须经合法性审核",
    ),
    field("reviewer", "审核机构", LINE, "承担合法性审核的机构"),
    field(
        "review_result",
        "审核结果",
        FieldKind::Enum(REVIEW_RESULTS),
        "通过、修改后通过或不通过",
    ),
    field("issue_date", "印发日期", FieldKind::Date, ""),
    field("effective_date", "施行日期", FieldKind::Date, ""),
    field(
        "provisional",
        "是否暂行",
        FieldKind::Bool,
        "暂行办法、暂行规定有效期2年,其他5年",
    ),
    field(
        "expiry_date",
        "有效期至",
        FieldKind::Date,
        "为空时按施行日期加5年(暂行2年)计算",
    ),
    field("filing_organ", "备案机关", LINE, ""),
    field("filed_date", "报送备案日期", FieldKind::Date, ""),
    field(
        "filing_result",
        "备案审查结果",
        FieldKind::Enum(FILING_RESULTS),
        "予以备案、不予备案或纠正",
    ),
    field(
        "cleanup",
        "清理结果",
        FieldKind::Enum(CLEANUP),
        "保留、修改、废止或宣布失效",
    ),
    field("cleanup_date", "清理日期", FieldKind::Date, ""),
];

/// 规范性文件登记簿.
pub static NORMATIVE_DOCUMENTS: RegisterDef = RegisterDef {
    key: "normative-documents",
    table: "normative_document",
    label: "规范性文件",
    org_label: "制定机关",
    fields: FIELDS,
    natural_key: "doc_number",
    period_field: "issue_date",
    search_fields: &["title", "doc_number"],
    status_field: Some("filing_result"),
    rules,
    links: &[],
    normalize: Some(normalize),
    derived: Some(derived),
};

/// Writes the 文号 in its canonical form (〔〕 brackets) when it parses.
fn normalize(record: &mut Record) {
    if let Some(number) = record
        .text("doc_number")
        .and_then(|t| DocNumber::parse(t).ok())
    {
        record.set("doc_number", Value::Text(number.to_string()));
    }
}

/// 有效期至 as implied when none was entered.
fn derived(record: &Record) -> Vec<DerivedFact> {
    match (record.date("expiry_date"), default_expiry(record)) {
        (None, Some(expiry)) => vec![DerivedFact {
            label: "有效期至(推算)",
            value: expiry.to_string(),
            note: "未填写有效期至:自施行日期起5年(暂行2年)",
        }],
        _ => Vec::new(),
    }
}

/// The expiry date implied by the effective date (the issue date when that is missing):
/// 5 years, or 2 for a 暂行 document, ending the day before the anniversary.
pub fn default_expiry(record: &Record) -> Option<NaiveDate> {
    let start = record
        .date("effective_date")
        .or(record.date("issue_date"))?;
    let years = if record.flag("provisional") {
        PROVISIONAL_VALIDITY_YEARS
    } else {
        VALIDITY_YEARS
    };
    start
        .checked_add_months(Months::new(12 * years))?
        .pred_opt()
}

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    if let Some(Err(message)) = record.text("doc_number").map(DocNumber::parse) {
        c.fail("doc_number", message);
    }
    c.require("review_date", c.has("review_result"), "已填写审核结果");
    c.order("review_date", "issue_date");
    c.forbid(
        "issue_date",
        c.is("review_result", "rejected"),
        "合法性审核不通过的文件不得印发",
    );
    c.order("issue_date", "effective_date");
    c.order("effective_date", "expiry_date");
    c.order("issue_date", "expiry_date");
    if let (Some(expiry), Some(limit)) = (record.date("expiry_date"), default_expiry(record))
        && expiry > limit
    {
        let years = if c.flag("provisional") {
            PROVISIONAL_VALIDITY_YEARS
        } else {
            VALIDITY_YEARS
        };
        c.fail(
            "expiry_date",
            format!("超过有效期上限{years}年(应不晚于{limit})"),
        );
    }
    c.require("issue_date", c.has("filed_date"), "已报送备案");
    c.order("issue_date", "filed_date");
    c.require("filed_date", c.has("filing_result"), "已填写备案审查结果");
    c.require("cleanup_date", c.has("cleanup"), "已填写清理结果");
    c.require("cleanup", c.has("cleanup_date"), "已填写清理日期");
    c.order("issue_date", "cleanup_date");
    c.finish()
}
