//! 双公示 — licensing and penalty decisions published to 信用中国 within 7 working days
//! (LEGAL-RULES §1.7), with the fields of the 信用中国 collection standard (§3.4). Amounts are
//! stored in 元 (exact, in 分) and converted to 万元 only on export.

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{
    EnumOption, FieldDef, FieldError, FieldKind, LinkCheck, Record, RegisterDef,
};
use crate::{CitizenId, CreditCode};

#[cfg(test)]
mod tests;

pub const KINDS: &[EnumOption] = &[opt("licensing", "行政许可"), opt("penalty", "行政处罚")];

/// 失信程度 — the sector's class of a penalty (国办发〔2025〕22号 二), which sets its 公示期.
pub const SEVERITIES: &[EnumOption] = &[
    opt("minor", "轻微失信"),
    opt("general", "一般失信"),
    opt("serious", "严重失信"),
];

/// 处罚程序 — 行政处罚法 (2021) 第五章第二节、第三节.
pub const PROCEDURES: &[EnumOption] = &[opt("simple", "简易程序"), opt("ordinary", "普通程序")];

/// 撤下原因 — LEGAL-RULES-2 §1.4: a repaired record, or a decision revoked or changed
/// (行政处罚法第四十八条, within 3 working days).
pub const WITHDRAW_REASONS: &[EnumOption] = &[
    opt("repaired", "信用修复"),
    opt("revoked", "决定撤销或变更"),
    opt("other", "其他"),
];

/// 行政相对人类别 (信用中国).
pub const PARTY_CATEGORIES: &[EnumOption] = &[
    opt("legal_entity", "法人及非法人组织"),
    opt("individual_business", "个体工商户"),
    opt("natural_person", "自然人"),
];

pub const FIELDS: &[FieldDef] = &[
    required(
        "kind",
        "公示类型",
        FieldKind::Enum(KINDS),
        "行政许可或行政处罚",
    ),
    required(
        "decision_no",
        "决定文书号",
        CODE,
        "行政许可决定文书号或行政处罚决定书文号",
    ),
    required("party_name", "行政相对人名称", LINE, ""),
    required(
        "party_category",
        "行政相对人类别",
        FieldKind::Enum(PARTY_CATEGORIES),
        "法人及非法人组织、个体工商户或自然人",
    ),
    field(
        "party_id",
        "行政相对人代码",
        FieldKind::PartyId,
        "统一社会信用代码;自然人填公民身份号码",
    ),
    field("legal_rep", "法定代表人", LINE, ""),
    field(
        "category",
        "许可类别/处罚类别",
        LINE,
        "行政处罚必须填写处罚类别(行政处罚法第九条)",
    ),
    required("content", "许可内容/处罚内容", PROSE, ""),
    field(
        "amount",
        "罚没金额(元)",
        FieldKind::Amount,
        "罚款和没收金额,以元计(报送信用中国时换算为万元)",
    ),
    required(
        "decision_date",
        "决定日期",
        FieldKind::Date,
        "许可决定日期或处罚决定日期",
    ),
    field("valid_from", "有效期自", FieldKind::Date, ""),
    field("valid_to", "有效期至", FieldKind::Date, ""),
    field("publicity_end", "公示截止期", FieldKind::Date, ""),
    field(
        "deciding_org_credit_code",
        "决定机关统一社会信用代码",
        FieldKind::CreditCode,
        "",
    ),
    field("data_source", "数据来源单位", LINE, ""),
    field(
        "enforcement_case_id",
        "关联执法案件",
        FieldKind::Link,
        "对应执法案件的案件编号(也可写 # 加记录号)",
    ),
    field(
        "published_date",
        "公示日期",
        FieldKind::Date,
        "上网公开之日(决定之日起7个工作日内)",
    ),
    field(
        "severity",
        "失信程度",
        FieldKind::Enum(SEVERITIES),
        "行政处罚的失信程度,由行业主管部门认定;决定公示期(国办发〔2025〕22号),未填按一般失信",
    ),
    field(
        "procedure",
        "处罚程序",
        FieldKind::Enum(PROCEDURES),
        "简易程序作出的行政处罚不在公示平台公开",
    ),
    field(
        "withdrawn_date",
        "撤下日期",
        FieldKind::Date,
        "信用修复或决定被撤销、变更后撤下公示之日",
    ),
    field(
        "withdraw_reason",
        "撤下原因",
        FieldKind::Enum(WITHDRAW_REASONS),
        "信用修复、决定撤销或变更、其他",
    ),
];

/// 双公示登记簿.
pub static PUBLICITY_RECORDS: RegisterDef = RegisterDef {
    key: "publicity-records",
    table: "publicity_record",
    label: "双公示信息",
    org_label: "决定机关",
    fields: FIELDS,
    natural_key: "decision_no",
    period_field: "decision_date",
    search_fields: &["decision_no", "party_name", "party_id"],
    status_field: Some("kind"),
    rules,
    links: &[LinkCheck::Record {
        field: "enforcement_case_id",
        target: "enforcement-cases",
    }],
    normalize: None,
    derived: None,
};

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.order("decision_date", "published_date");
    c.order("valid_from", "valid_to");
    c.order("decision_date", "publicity_end");
    let penalty = c.is("kind", "penalty");
    c.require("category", penalty, "行政处罚须填写处罚类别");
    c.forbid("amount", !penalty, "只有行政处罚有罚没金额");
    c.forbid("severity", !penalty, "只有行政处罚有失信程度");
    c.forbid("procedure", !penalty, "只有行政处罚有处罚程序");
    c.order("decision_date", "withdrawn_date");
    let withdrawn = record.date("withdrawn_date").is_some();
    c.require("withdraw_reason", withdrawn, "撤下公示须填写撤下原因");
    c.forbid("withdraw_reason", !withdrawn, "未撤下的记录不填撤下原因");
    if let Some(id) = record.text("party_id") {
        if c.is("party_category", "natural_person") && CitizenId::parse(id).is_err() {
            c.fail("party_id", "应为公民身份号码(行政相对人为自然人)".into());
        }
        if c.is("party_category", "legal_entity") && CreditCode::parse(id).is_err() {
            c.fail(
                "party_id",
                "应为统一社会信用代码(行政相对人为法人及非法人组织)".into(),
            );
        }
    }
    c.finish()
}
