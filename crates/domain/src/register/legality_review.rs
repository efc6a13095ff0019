//! 合法性审查 — the requests for legal review (送审) that units send to the 司法局 (or their own
//! 法制机构): administrative agreements and contracts, items for the government's executive
//! meeting, 重大行政决策 and 规范性文件 (each linked to its record in that register), 信访 and
//! other 涉法事务. One record per matter sent: who reviewed it, when the opinion was given, how
//! many opinions it held and whether the sending unit adopted them, and a contract's amount.
//! The seeds count the matters and the opinions (株洲 2024: 「全年共审查各类合同、市政府常务会议
//! 题及涉法事务291件,出具意见建议1255条」; 六盘水 2024: 「共对244件重大行政事项进行合法性审查」;
//! 乐平 2024: 「出具合法性审核意见39件」).
//!
//! The review period is the rule book's, one rule per kind (`legality_review.<kind>`), because
//! local rules differ: 5 working days by default (「未经证实」 for contracts, meeting items and
//! other matters; LEGAL-RULES-2 §4.2–4.3), 7 for a 重大行政决策 (暂行条例 第二十六条: the sender
//! must leave 「一般不少于7个工作日」).
//!
//! 株洲's 「对1875件合同逐一核查」 was a 专项清查 of existing contracts, not a review on request:
//! it stays the reported figure `contracts.reviewed` and is not modelled here.

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{
    EnumOption, FieldDef, FieldError, FieldKind, LinkCheck, Record, RegisterDef,
};

#[cfg(test)]
mod tests;

/// 送审事项类型. The codes name the clock rules (`legality_review.<code>`).
pub const KINDS: &[EnumOption] = &[
    opt("contract", "行政协议/合同"),
    opt("meeting_item", "政府常务会议议题"),
    opt("major_decision", "重大行政决策"),
    opt("normative_doc", "规范性文件"),
    opt("legal_affairs", "信访/涉法事务"),
    opt("other", "其他"),
];

/// 审查人员类别 — 司法局 (法制机构) staff, or a 法律顾问 / 公职律师 of the roster
/// ([`crate::register::legal_adviser`]); 暂行条例 第二十八条 has the reviewer hear them.
pub const REVIEWER_KINDS: &[EnumOption] = &[
    opt("staff", "司法行政机关工作人员"),
    opt("counsel", "法律顾问"),
    opt("public_lawyer", "公职律师"),
];

/// 意见采纳情况 — whether the sending unit took the opinions up.
pub const ADOPTION: &[EnumOption] = &[
    opt("adopted", "采纳"),
    opt("partly_adopted", "部分采纳"),
    opt("not_adopted", "未采纳"),
];

pub const FIELDS: &[FieldDef] = &[
    field(
        "review_no",
        "审查编号",
        CODE,
        "司法局收件登记的编号,如 株司审〔2024〕15号;为空时由系统生成",
    ),
    required(
        "kind",
        "送审事项类型",
        FieldKind::Enum(KINDS),
        "行政协议/合同、政府常务会议议题、重大行政决策、规范性文件、信访/涉法事务或其他",
    ),
    required("title", "送审事项", LINE, "合同、议题或文件的名称"),
    required(
        "received_date",
        "收件日期",
        FieldKind::Date,
        "收到送审材料之日;审查期限自次日起算",
    ),
    field(
        "major_decision_id",
        "关联重大行政决策",
        FieldKind::Link,
        "送审重大行政决策的,填决策事项的目录编号(也可写 # 加记录号)",
    ),
    field(
        "normative_doc_id",
        "关联规范性文件",
        FieldKind::Link,
        "送审规范性文件的,填文件的文号(也可写 # 加记录号)",
    ),
    field(
        "contract_amount",
        "合同金额(元)",
        FieldKind::Amount,
        "行政协议/合同的标的金额",
    ),
    field(
        "reviewer",
        "审查人",
        LINE,
        "承办审查的工作人员或法律顾问、公职律师的姓名",
    ),
    field(
        "reviewer_kind",
        "审查人员类别",
        FieldKind::Enum(REVIEWER_KINDS),
        "司法行政机关工作人员、法律顾问或公职律师",
    ),
    field(
        "opinion_date",
        "出具意见日期",
        FieldKind::Date,
        "出具合法性审查意见书之日",
    ),
    field(
        "opinion_count",
        "意见建议条数",
        FieldKind::Integer { min: 0, max: 9999 },
        "审查意见书提出的意见建议条数;无修改意见的填0",
    ),
    field("opinions", "审查意见", PROSE, "意见建议的要点"),
    field(
        "adoption",
        "采纳情况",
        FieldKind::Enum(ADOPTION),
        "送审单位对审查意见的采纳情况",
    ),
];

/// 合法性审查登记簿.
pub static LEGALITY_REVIEWS: RegisterDef = RegisterDef {
    key: "legality-reviews",
    table: "legality_review",
    label: "合法性审查",
    org_label: "送审单位",
    fields: FIELDS,
    natural_key: "review_no",
    period_field: "received_date",
    search_fields: &["review_no", "title", "reviewer"],
    status_field: Some("kind"),
    rules,
    links: &[
        LinkCheck::Record {
            field: "major_decision_id",
            target: "major-decisions",
        },
        LinkCheck::Record {
            field: "normative_doc_id",
            target: "normative-documents",
        },
    ],
    normalize: None,
    derived: None,
};

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.order("received_date", "opinion_date");
    // A review of a decision or a document names the record it reviewed, and only then.
    let decision = c.is("kind", "major_decision");
    c.require("major_decision_id", decision, "送审重大行政决策的");
    c.forbid("major_decision_id", !decision, "仅送审重大行政决策的填写");
    let document = c.is("kind", "normative_doc");
    c.require("normative_doc_id", document, "送审规范性文件的");
    c.forbid("normative_doc_id", !document, "仅送审规范性文件的填写");
    c.forbid(
        "contract_amount",
        !c.is("kind", "contract"),
        "仅行政协议/合同填写合同金额",
    );
    let opinion = c.has("opinion_date");
    c.require("reviewer", opinion, "已出具审查意见");
    c.require("opinion_count", opinion, "已出具审查意见;无修改意见的填0");
    for key in ["opinion_count", "opinions", "adoption"] {
        c.forbid(key, !opinion, "尚未填写出具意见日期");
    }
    c.require("reviewer", c.has("reviewer_kind"), "已填写审查人员类别");
    c.forbid(
        "adoption",
        opinion && c.number("opinion_count") == 0 && c.has("opinion_count"),
        "审查意见没有提出意见建议,无所谓采纳",
    );
    c.finish()
}
