//! 人民调解 — cases of people's mediation committees, for 调解成功率 = 成功 ÷ 受理
//! (LEGAL-RULES §2) and the dispute-type breakdown of the annual report.

use crate::register::rules::{CODE, Check, field, opt, required};
use crate::register::{EnumOption, FieldDef, FieldError, FieldKind, Record, RegisterDef};

#[cfg(test)]
mod tests;

/// 纠纷类型.
pub const DISPUTE_TYPES: &[EnumOption] = &[
    opt("marriage_family", "婚姻家庭"),
    opt("neighbourhood", "邻里"),
    opt("housing_homestead", "房屋宅基地"),
    opt("contract", "合同"),
    opt("damages", "损害赔偿"),
    opt("labour", "劳动争议"),
    opt("forest_land", "山林土地"),
    opt("expropriation", "征地拆迁"),
    opt("property_management", "物业"),
    opt("medical", "医疗"),
    opt("road_traffic", "道路交通"),
    opt("other", "其他"),
];

/// 调解结果. 成功 is the numerator of 调解成功率.
pub const OUTCOMES: &[EnumOption] = &[
    opt("success", "成功"),
    opt("failure", "不成功"),
    opt("terminated", "终止"),
];

pub const FIELDS: &[FieldDef] = &[
    required("case_no", "案件编号", CODE, ""),
    required(
        "dispute_type",
        "纠纷类型",
        FieldKind::Enum(DISPUTE_TYPES),
        "",
    ),
    required(
        "parties_count",
        "当事人数",
        FieldKind::Integer {
            min: 2,
            max: 100_000,
        },
        "纠纷当事人人数,至少2人",
    ),
    required("received_date", "受理日期", FieldKind::Date, ""),
    field(
        "concluded_date",
        "调结日期",
        FieldKind::Date,
        "调解结束之日",
    ),
    field(
        "outcome",
        "调解结果",
        FieldKind::Enum(OUTCOMES),
        "成功、不成功或终止",
    ),
    field(
        "agreement_amount",
        "协议金额(元)",
        FieldKind::Amount,
        "调解协议涉及的金额",
    ),
    field(
        "judicial_confirmation",
        "是否申请司法确认",
        FieldKind::Bool,
        "调解协议生效后30日内共同申请(人民调解法第三十三条)",
    ),
];

/// 人民调解登记簿.
pub static MEDIATIONS: RegisterDef = RegisterDef {
    key: "mediations",
    table: "mediation_case",
    label: "人民调解案件",
    org_label: "调解委员会",
    fields: FIELDS,
    natural_key: "case_no",
    period_field: "received_date",
    search_fields: &["case_no"],
    status_field: Some("outcome"),
    rules,
    links: &[],
    normalize: None,
    derived: None,
};

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.order("received_date", "concluded_date");
    c.require("concluded_date", c.has("outcome"), "已填写调解结果");
    c.require("outcome", c.has("concluded_date"), "已填写调结日期");
    let success = c.is("outcome", "success");
    c.forbid("agreement_amount", !success, "只有调解成功才有协议金额");
    // 人民调解法 第三十三条: 司法确认 confirms a 调解协议, which only a successful mediation has.
    if c.flag("judicial_confirmation") && !success {
        c.fail(
            "judicial_confirmation",
            "只有调解成功达成协议的才能申请司法确认(人民调解法第三十三条)".into(),
        );
    }
    c.finish()
}
