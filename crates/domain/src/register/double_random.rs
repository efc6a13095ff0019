//! 双随机、一公开 — the two registers behind random inspections (国办发〔2015〕58号: 「建立健全
//! 市场主体和执法检查人员名录库，通过摇号等方式，从市场主体名录库中随机抽取检查对象，从执法检查
//! 人员名录库中随机选派执法检查人员」, LEGAL-RULES-2 §5):
//!
//! - **检查对象名录库** ([`INSPECTION_OBJECTS`]): the market subjects a unit supervises, by
//!   统一社会信用代码; the population a 双随机 draw takes its objects from;
//! - **抽查结果** ([`RANDOM_INSPECTIONS`]): one record per object inspected — who inspected it
//!   (two certificate holders, 行政处罚法 (2021) 第五十五条「执法人员不得少于两人」), when, what was
//!   found, and when the result was published (20 working days from the end of the check,
//!   rule `double_random.publish`, LEGAL-RULES §1.8).
//!
//! The officers' pool is the certificates register itself (持证); the draw of objects and of
//! officers is `crate::draw` with the avoidance rules of `crate::draw::officers`.

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{
    EnumOption, FieldDef, FieldError, FieldKind, LinkCheck, Record, RegisterDef,
};

#[cfg(test)]
mod tests;

/// 主体类型.
pub const OBJECT_TYPES: &[EnumOption] = &[
    opt("enterprise", "企业"),
    opt("individual_business", "个体工商户"),
    opt("cooperative", "农民专业合作社"),
    opt("other_organisation", "其他组织"),
];

/// 风险等级 (信用风险分类: 抽查比例和频次随风险提高, 国办发〔2015〕58号 (3)).
pub const RISK_LEVELS: &[EnumOption] = &[
    opt("low", "低风险"),
    opt("normal", "一般风险"),
    opt("elevated", "较高风险"),
    opt("high", "高风险"),
];

/// 名录状态: only 在册 objects are drawn.
pub const OBJECT_STATUSES: &[EnumOption] = &[
    opt("listed", "在册"),
    opt("removed", "已移出(注销、吊销或迁出)"),
];

/// The status code of an object a draw may take.
pub const LISTED: &str = "listed";

pub const OBJECT_FIELDS: &[FieldDef] = &[
    required(
        "credit_code",
        "统一社会信用代码",
        FieldKind::CreditCode,
        "18位,校验位按GB 32100-2015检查",
    ),
    required("name", "名称", LINE, "营业执照上的名称"),
    required("object_type", "主体类型", FieldKind::Enum(OBJECT_TYPES), ""),
    field("industry", "行业", LINE, "如 食品经营、建筑施工"),
    field("address", "住所", LINE, ""),
    required(
        "listed_date",
        "纳入名录日期",
        FieldKind::Date,
        "纳入本单位检查对象名录库之日",
    ),
    field("risk_level", "风险等级", FieldKind::Enum(RISK_LEVELS), ""),
    field(
        "abnormal",
        "列入经营异常名录",
        FieldKind::Bool,
        "是/否;列入的应提高抽查比例",
    ),
    required("status", "名录状态", FieldKind::Enum(OBJECT_STATUSES), ""),
    field(
        "removed_date",
        "移出日期",
        FieldKind::Date,
        "注销、吊销或迁出后移出名录之日",
    ),
];

/// 检查对象名录库. The owning unit is the 监管单位.
pub static INSPECTION_OBJECTS: RegisterDef = RegisterDef {
    key: "inspection-objects",
    table: "inspection_object",
    label: "检查对象名录库",
    org_label: "监管单位",
    fields: OBJECT_FIELDS,
    natural_key: "credit_code",
    period_field: "listed_date",
    search_fields: &["credit_code", "name"],
    status_field: Some("status"),
    rules: object_rules,
    links: &[],
    normalize: None,
    derived: None,
};

fn object_rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, OBJECT_FIELDS);
    c.order("listed_date", "removed_date");
    let removed = c.is("status", "removed");
    c.require("removed_date", removed, "已移出名录");
    c.forbid("removed_date", !removed, "在册对象没有移出日期");
    c.finish()
}

/// 检查结果 (the categories the 国家企业信用信息公示系统 publishes).
pub const RESULTS: &[EnumOption] = &[
    opt("no_problem", "未发现问题"),
    opt("corrected", "发现问题已责令改正"),
    opt("case_filed", "发现问题已移送或立案查处"),
    opt("not_as_published", "公示信息隐瞒真实情况、弄虚作假"),
    opt("unreachable", "通过登记的住所无法联系"),
    opt("closed_down", "已关闭停业或不再经营"),
];

/// The results that found a problem (抽查发现问题).
pub const PROBLEM_RESULTS: &[&str] = &["corrected", "case_filed", "not_as_published"];

pub const INSPECTION_FIELDS: &[FieldDef] = &[
    required(
        "inspection_no",
        "抽查编号",
        CODE,
        "由随机抽取生成时为 抽取记录号-序号",
    ),
    required(
        "task_name",
        "抽查任务",
        LINE,
        "如 2025年食品经营者双随机抽查",
    ),
    field(
        "draw_id",
        "随机抽取记录号",
        FieldKind::Integer {
            min: 1,
            max: i64::MAX,
        },
        "随机抽取页面上的抽取记录号",
    ),
    required(
        "object_id",
        "检查对象",
        FieldKind::Link,
        "检查对象的统一社会信用代码(也可写 # 加记录号)",
    ),
    required("matter", "抽查事项", LINE, "随机抽查事项清单中的事项"),
    required(
        "officers",
        "检查人员执法证号",
        LINE,
        "至少两名持证执法人员,以逗号或顿号分隔",
    ),
    required("planned_date", "计划检查日期", FieldKind::Date, ""),
    field(
        "check_date",
        "检查完成日期",
        FieldKind::Date,
        "抽查检查结束之日",
    ),
    field("result", "检查结果", FieldKind::Enum(RESULTS), ""),
    field("findings", "检查情况", PROSE, "发现的问题及处理"),
    field(
        "published_date",
        "结果公示日期",
        FieldKind::Date,
        "在国家企业信用信息公示系统等公示检查结果之日",
    ),
];

/// 双随机抽查结果.
pub static RANDOM_INSPECTIONS: RegisterDef = RegisterDef {
    key: "random-inspections",
    table: "random_inspection",
    label: "双随机抽查",
    org_label: "抽查单位",
    fields: INSPECTION_FIELDS,
    natural_key: "inspection_no",
    period_field: "planned_date",
    search_fields: &["inspection_no", "task_name"],
    status_field: Some("result"),
    rules: inspection_rules,
    links: &[
        LinkCheck::Record {
            field: "object_id",
            target: "inspection-objects",
        },
        // 行政处罚法 (2021) 第四十二条、第五十五条: 持证, 不少于两人.
        LinkCheck::ValidCertificates {
            field: "officers",
            on_date_field: "planned_date",
        },
    ],
    normalize: None,
    derived: None,
};

fn inspection_rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, INSPECTION_FIELDS);
    c.order("check_date", "published_date");
    let checked = c.has("check_date");
    c.require("result", checked, "检查已完成");
    c.forbid(
        "result",
        !checked,
        "检查完成后才有检查结果,请先填写检查完成日期",
    );
    c.forbid(
        "published_date",
        !checked,
        "检查完成后才能公示结果,请先填写检查完成日期",
    );
    let officers = record.text("officers").unwrap_or_default();
    let named = super::certificate::named_numbers(officers).count();
    if !officers.is_empty() && named < 2 {
        c.fail(
            "officers",
            format!(
                "只有{named}名检查人员;执法检查人员不得少于两人(行政处罚法第五十五条),请填写至少两个执法证号"
            ),
        );
    }
    c.finish()
}
