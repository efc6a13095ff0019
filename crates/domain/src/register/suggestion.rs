//! 人大代表建议、政协委员提案办理 — the suggestions of people's congress deputies and the
//! proposals of CPPCC members that the congress's and the conference's offices assign (交办) to
//! the government's units, with the reply, its classification and the proposer's verdict.
//! The seeds count them (乐平 2024: 「建议124件、提案116件」; 株洲 2024: 「办理市人大代表建议239件、
//! 市政协提案202件」) and report 办复率 and 满意率.
//!
//! One record per suggestion or proposal: the record's unit is the 主办单位 (the unit that
//! replies), the 协办单位 are named as text. The reply clocks are the rule book's:
//! `npc_suggestion.reply` (代表法 第五十一条: three months from 交办, six for suggestions
//! 涉及面广、处理难度大) and `cppcc_proposal.reply` (three months; its source is unconfirmed, see
//! the rule's note).

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{EnumOption, FieldDef, FieldError, FieldKind, Record, RegisterDef};

#[cfg(test)]
mod tests;

/// 类型: a deputy's suggestion or a member's proposal.
pub const KINDS: &[EnumOption] = &[opt("npc", "人大代表建议"), opt("cppcc", "政协委员提案")];

/// 办理结果分类 as answers mark them. A/B/C are the classes the issue names; D 留作参考 is kept
/// because answers to proposals (and several cities' 建议办理办法) mark suggestions that are only
/// taken for reference apart from those that cannot be met for want of conditions — a city
/// that does not use it simply never picks it.
pub const CATEGORIES: &[EnumOption] = &[
    opt("solved", "A类(已解决或采纳)"),
    opt("planned", "B类(列入计划解决)"),
    opt("constrained", "C类(因条件限制不能解决)"),
    opt("for_reference", "D类(留作参考)"),
];

/// 满意度 — the proposer's verdict on the reply (征询意见表).
pub const SATISFACTION: &[EnumOption] = &[
    opt("satisfied", "满意"),
    opt("basically_satisfied", "基本满意"),
    opt("dissatisfied", "不满意"),
];

pub const FIELDS: &[FieldDef] = &[
    required(
        "kind",
        "建议提案类型",
        FieldKind::Enum(KINDS),
        "人大代表建议或政协委员提案",
    ),
    required(
        "suggestion_no",
        "建议提案编号",
        CODE,
        "交办时的编号,写明类别和届次或年份,如 人大七届四次第12号、政协〔2024〕第35号",
    ),
    required(
        "session",
        "届次",
        LINE,
        "提出建议提案的会议,如 市七届人大四次会议、市政协七届四次会议;闭会期间提出的写明",
    ),
    required(
        "proposer",
        "代表或委员",
        LINE,
        "领衔代表、提案委员;集体提案写提案单位",
    ),
    required("title", "标题", LINE, "建议或提案的案由"),
    field(
        "co_units",
        "协办单位",
        LINE,
        "主办单位即本记录的单位;协办单位以顿号分隔",
    ),
    required(
        "assigned_date",
        "交办日期",
        FieldKind::Date,
        "答复期限自交办之日起计算",
    ),
    field(
        "complex",
        "涉及面广处理难度大",
        FieldKind::Bool,
        "是:自交办之日起六个月内答复(代表法第五十一条);否:三个月",
    ),
    field(
        "reply_date",
        "答复日期",
        FieldKind::Date,
        "书面答复代表或委员之日",
    ),
    field(
        "category",
        "办理结果分类",
        FieldKind::Enum(CATEGORIES),
        "答复函标注的类别",
    ),
    field(
        "satisfaction",
        "满意度",
        FieldKind::Enum(SATISFACTION),
        "代表或委员对答复的意见(征询意见表)",
    ),
    field(
        "follow_up",
        "跟踪落实",
        PROSE,
        "B类承诺事项的落实、不满意件的重新办理情况",
    ),
];

/// 建议提案办理登记簿.
pub static SUGGESTIONS: RegisterDef = RegisterDef {
    key: "suggestions",
    table: "suggestion_item",
    label: "建议提案",
    org_label: "主办单位",
    fields: FIELDS,
    natural_key: "suggestion_no",
    period_field: "assigned_date",
    search_fields: &["suggestion_no", "title", "proposer"],
    status_field: Some("kind"),
    rules,
    links: &[],
    normalize: None,
    derived: None,
};

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.order("assigned_date", "reply_date");
    let replied = c.has("reply_date");
    c.require("category", replied, "已答复的,答复函应标注办理结果分类");
    c.forbid("category", !replied, "尚未填写答复日期");
    c.forbid(
        "satisfaction",
        !replied,
        "尚未答复,代表或委员无从表示是否满意",
    );
    if record.text("suggestion_no").is_some_and(bare_number) {
        c.fail(
            "suggestion_no",
            "只有序号:人大建议与政协提案、不同届次的序号会重复,请写明类别和届次,如 人大七届四次第12号"
                .to_owned(),
        );
    }
    c.finish()
}

/// A number with nothing to tell a suggestion from a proposal or one session from another
/// (「12」「第12号」).
fn bare_number(no: &str) -> bool {
    let rest: String = no
        .chars()
        .filter(|ch| !matches!(ch, '第' | '号' | '#' | ' ' | '-'))
        .collect();
    !rest.is_empty() && rest.chars().all(|ch| ch.is_ascii_digit())
}
