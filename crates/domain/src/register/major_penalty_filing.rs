//! 重大行政处罚、行政强制决定备案 — major penalty and coercion decisions filed with the
//! government (or its 司法行政部门) after they are made, and what the review of the filing found.
//! The seeds count them (泸州 2019: 备案重大行政处罚1469件, 重大行政强制455件).
//!
//! The duty and its window are provincial, not national (LEGAL-RULES-2 §6.3: 山西 15 days from
//! the decision, 《山西省重大行政处罚决定备案办法》省政府令第206号; 青海 5 days, 省政府令第4号),
//! and many provinces now rely on 法制审核 (行政处罚法 第五十八条) instead: the window is the
//! rule book's per-jurisdiction rule `major_penalty.filing`, data a deployment sets, not code.

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{
    EnumOption, FieldDef, FieldError, FieldKind, LinkCheck, Record, RegisterDef,
};

#[cfg(test)]
mod tests;

/// 决定类型.
pub const DECISION_KINDS: &[EnumOption] = &[
    opt("penalty", "重大行政处罚"),
    opt("coercion", "重大行政强制"),
];

/// 重大情形 (山西令第206号 第二条 and the common provincial lists).
pub const GROUNDS: &[EnumOption] = &[
    opt("large_fine", "较大数额罚款或没收"),
    opt("suspension", "责令停产停业、关闭"),
    opt("licence_revoked", "吊销许可证件、营业执照"),
    opt("detention", "行政拘留"),
    opt("seizure", "查封、扣押、冻结"),
    opt("enforcement", "强制执行"),
    opt("other", "其他重大情形"),
];

/// 备案审查结论.
pub const REVIEW_RESULTS: &[EnumOption] = &[
    opt("compliant", "符合规定"),
    opt("correction_ordered", "责令纠正"),
    opt("revoked_or_changed", "建议撤销或变更"),
];

pub const FIELDS: &[FieldDef] = &[
    required("filing_no", "备案编号", CODE, "备案机关登记的编号"),
    required(
        "decision_no",
        "决定书文号",
        CODE,
        "行政处罚决定书或行政强制决定书的文号",
    ),
    field(
        "case_id",
        "关联执法案件",
        FieldKind::Link,
        "行政执法案件编号(也可写 # 加记录号)",
    ),
    required(
        "decision_kind",
        "决定类型",
        FieldKind::Enum(DECISION_KINDS),
        "",
    ),
    required("ground", "重大情形", FieldKind::Enum(GROUNDS), ""),
    required("party", "当事人", LINE, ""),
    field("amount", "罚没金额", FieldKind::Amount, "元"),
    required("decision_date", "决定日期", FieldKind::Date, ""),
    field(
        "filed_date",
        "报送备案日期",
        FieldKind::Date,
        "报送备案机关之日(期限按本省规定,见期限规则)",
    ),
    field("filed_with", "备案机关", LINE, "如 市人民政府(市司法局)"),
    field(
        "review_result",
        "审查结论",
        FieldKind::Enum(REVIEW_RESULTS),
        "",
    ),
    field("review_date", "审查日期", FieldKind::Date, ""),
    field("review_opinion", "审查意见", PROSE, ""),
];

/// 重大行政执法决定备案登记簿.
pub static MAJOR_PENALTY_FILINGS: RegisterDef = RegisterDef {
    key: "major-penalty-filings",
    table: "major_penalty_filing",
    label: "重大处罚强制备案",
    org_label: "报备机关",
    fields: FIELDS,
    natural_key: "filing_no",
    period_field: "decision_date",
    search_fields: &["filing_no", "decision_no", "party"],
    status_field: Some("decision_kind"),
    rules,
    links: &[LinkCheck::Record {
        field: "case_id",
        target: "enforcement-cases",
    }],
    normalize: None,
    derived: None,
};

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.chain(&["decision_date", "filed_date", "review_date"]);
    c.forbid(
        "review_date",
        !c.has("filed_date"),
        "报送备案后才能审查,请先填写报送备案日期",
    );
    let reviewed = c.has("review_date");
    c.require("review_result", reviewed, "已审查");
    c.forbid("review_result", !reviewed, "尚未填写审查日期");
    let penalty_ground = c.is_any(
        "ground",
        &["large_fine", "suspension", "licence_revoked", "detention"],
    );
    let coercion_ground = c.is_any("ground", &["seizure", "enforcement"]);
    if c.is("decision_kind", "penalty") && coercion_ground {
        c.fail(
            "ground",
            "属于行政强制,与决定类型「重大行政处罚」不符,请改选决定类型".to_owned(),
        );
    }
    if c.is("decision_kind", "coercion") && penalty_ground {
        c.fail(
            "ground",
            "属于行政处罚,与决定类型「重大行政强制」不符,请改选决定类型".to_owned(),
        );
    }
    c.require(
        "amount",
        c.is("ground", "large_fine"),
        "重大情形为较大数额罚款或没收",
    );
    c.finish()
}
