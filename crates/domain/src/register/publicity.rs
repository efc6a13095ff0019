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
