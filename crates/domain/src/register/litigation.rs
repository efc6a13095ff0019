//! 行政应诉 — administrative suits in which an organ of the city is the defendant, per
//! instance (审级), with the head's court appearance and the judgment (行政诉讼法, 2017 text).

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{
    DerivedFact, EnumOption, FieldDef, FieldError, FieldKind, LinkCheck, Record, RegisterDef,
};

#[cfg(test)]
mod tests;

pub const INSTANCES: &[EnumOption] = &[
    opt("first", "一审"),
    opt("second", "二审"),
    opt("retrial", "再审"),
];

/// 负责人出庭应诉情况 — 行政诉讼法 第三条第三款; 最高人民法院关于行政机关负责人出庭应诉若干问题
/// 的规定 (2020) 第二条: 正职、副职负责人 and other heads who share oversight count; entrusted or
/// lower-level officials do not (record those as 未出庭).
pub const HEAD_APPEARANCE: &[EnumOption] = &[
    opt("principal", "正职"),
    opt("deputy", "副职"),
    opt("in_charge", "分管负责人"),
    opt("absent", "未出庭"),
];

/// 裁判结果 — 行政诉讼法: 驳回诉讼请求 第六十九条; 撤销(含部分撤销、重作) 第七十条; 履行 第七十二条;
/// 给付 第七十三条; 确认违法 第七十四条; 确认无效 第七十五条; 变更 第七十七条; 行政协议 第七十八条;
/// 撤诉 第六十二条; 调解 第六十条; 裁定驳回起诉 (行诉法解释 第六十九条); on appeal 驳回上诉、维持原
/// 裁判 and 发回重审 第八十九条.
pub const OUTCOMES: &[EnumOption] = &[
    opt("reject_claim", "驳回诉讼请求"),
    opt("revoke", "撤销"),
    opt("perform", "履行"),
    opt("payment", "给付"),
    opt("confirm_unlawful", "确认违法"),
    opt("confirm_void", "确认无效"),
    opt("change", "变更"),
    opt("agreement", "行政协议"),
    opt("withdrawn", "撤诉"),
    opt("mediation", "调解"),
    opt("dismiss_suit", "裁定驳回起诉"),
    opt("appeal_dismissed", "驳回上诉维持原裁判"),
    opt("remanded", "发回重审"),
    opt("other", "其他"),
];

/// The catalog indicator whose outcomes are 败诉 — judgments against the defendant organ, the
/// numerator of 行政诉讼败诉率 (LEGAL-RULES §2): 行政诉讼法 第七十条、第七十二条至第七十五条、
/// 第七十七条、第七十八条.
pub const LOST_INDICATOR: &str = "litigation.lost";

/// Whether the organ lost this instance (败诉), derived from the outcome.
pub fn is_lost(record: &Record) -> bool {
    record
        .text("outcome")
        .is_some_and(|o| crate::register::counted::is_counted(LOST_INDICATOR, "outcome", o))
}

/// 是否败诉, once an outcome is recorded.
fn derived(record: &Record) -> Vec<DerivedFact> {
    if record.get("outcome").is_null() {
        return Vec::new();
    }
    vec![DerivedFact {
        label: "是否败诉",
        value: if is_lost(record) { "是" } else { "否" }.to_owned(),
        note: "撤销、履行、给付、确认违法、确认无效、变更及行政协议判决计为败诉(行政诉讼法第七十条至第七十八条)",
    }]
}

pub const FIELDS: &[FieldDef] = &[
    required("court", "受理法院", LINE, ""),
    required("court_case_no", "法院案号", CODE, "如(2024)黔02行初15号"),
    field("plaintiff", "原告", LINE, ""),
    field("act_challenged", "被诉行政行为", PROSE, ""),
    field(
        "co_defendant",
        "复议机关是否共同被告",
        FieldKind::Bool,
        "复议维持的,原机关和复议机关为共同被告(行政诉讼法第二十六条)",
    ),
    required(
        "instance",
        "审级",
        FieldKind::Enum(INSTANCES),
        "一审、二审或再审",
    ),
    required(
        "received_date",
        "收到起诉状副本日期",
        FieldKind::Date,
        "自收到之日起15日内答辩(行政诉讼法第六十七条)",
    ),
    field(
        "answer_filed_date",
        "答辩日期",
        FieldKind::Date,
        "提交答辩状和证据之日",
    ),
    field("hearing_date", "开庭日期", FieldKind::Date, ""),
    field(
        "head_appearance",
        "负责人出庭情况",
        FieldKind::Enum(HEAD_APPEARANCE),
        "正职、副职、分管负责人或未出庭",
    ),
    field(
        "judgment_date",
        "裁判日期",
        FieldKind::Date,
        "判决、裁定或调解书的日期",
    ),
    field(
        "outcome",
        "裁判结果",
        FieldKind::Enum(OUTCOMES),
        "行政诉讼法第六十九条至第七十八条",
    ),
    field(
        "reconsideration_case_id",
        "关联复议案件",
        FieldKind::Link,
        "经复议后起诉的,复议案件的案号(也可写 # 加记录号)",
    ),
];

/// 行政应诉登记簿.
pub static LITIGATIONS: RegisterDef = RegisterDef {
    key: "litigations",
    table: "litigation_case",
    label: "行政应诉案件",
    org_label: "被告机关",
    fields: FIELDS,
    natural_key: "court_case_no",
    period_field: "received_date",
    search_fields: &["court_case_no", "court", "plaintiff"],
    status_field: Some("outcome"),
    rules,
    links: &[LinkCheck::Record {
        field: "reconsideration_case_id",
        target: "reconsiderations",
    }],
    normalize: None,
    derived: Some(derived),
};

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.chain(&["received_date", "answer_filed_date", "judgment_date"]);
    c.chain(&["received_date", "hearing_date", "judgment_date"]);
    c.require("judgment_date", c.has("outcome"), "已填写裁判结果");
    c.require("outcome", c.has("judgment_date"), "已填写裁判日期");
    let appeared = c.has("head_appearance") && !c.is("head_appearance", "absent");
    c.require("hearing_date", appeared, "负责人出庭须有开庭日期");
    c.finish()
}
