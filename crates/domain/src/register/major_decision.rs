//! 重大行政决策 — items of the yearly 决策事项目录 and the five statutory steps each went
//! through (重大行政决策程序暂行条例, 国务院令第713号, in force 2019-09-01).

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{EnumOption, FieldDef, FieldError, FieldKind, Record, RegisterDef};

#[cfg(test)]
mod tests;

/// 公开征求意见 — 暂行条例 第十五条: 「一般不少于30日」; shorter only with a stated reason.
pub const MIN_COMMENT_DAYS: i64 = 30;

/// 合法性审查结论 — 暂行条例 第二十五条、第二十八条.
pub const LEGALITY_RESULTS: &[EnumOption] = &[
    opt("lawful", "合法"),
    opt("lawful_after_revision", "修改后合法"),
    opt("unlawful", "不合法"),
];

pub const FIELDS: &[FieldDef] = &[
    required(
        "catalog_year",
        "目录年度",
        FieldKind::Integer {
            min: 2019,
            max: 2100,
        },
        "列入哪一年度的决策事项目录",
    ),
    field("catalog_no", "目录编号", CODE, "为空时由系统生成"),
    required("title", "决策事项名称", LINE, ""),
    required(
        "listed_date",
        "列入目录日期",
        FieldKind::Date,
        "决策事项目录公布之日(暂行条例第三条)",
    ),
    field(
        "public_participation_required",
        "是否需公众参与",
        FieldKind::Bool,
        "暂行条例第十四条至第十八条",
    ),
    field(
        "public_participation_start",
        "征求意见开始日期",
        FieldKind::Date,
        "",
    ),
    field(
        "public_participation_end",
        "征求意见截止日期",
        FieldKind::Date,
        "征求意见期限一般不少于30日(第十五条)",
    ),
    field(
        "public_participation_short_reason",
        "征求意见期限不足30日的理由",
        PROSE,
        "因情况紧急等原因缩短期限的,应予说明(第十五条)",
    ),
    field(
        "public_participation_evidence",
        "公众参与材料",
        PROSE,
        "征求意见公告、听证会记录、意见采纳情况",
    ),
    field(
        "expert_review_required",
        "是否需专家论证",
        FieldKind::Bool,
        "专业性、技术性较强的事项(第十九条)",
    ),
    field("expert_review_date", "专家论证日期", FieldKind::Date, ""),
    field(
        "expert_review_evidence",
        "专家论证材料",
        PROSE,
        "论证意见及采纳情况",
    ),
    field(
        "risk_assessment_required",
        "是否需风险评估",
        FieldKind::Bool,
        "可能影响社会稳定、公共安全的事项(第二十二条)",
    ),
    field("risk_assessment_date", "风险评估日期", FieldKind::Date, ""),
    field(
        "risk_assessment_evidence",
        "风险评估材料",
        PROSE,
        "风险评估报告",
    ),
    field(
        "legality_review_date",
        "合法性审查日期",
        FieldKind::Date,
        "提交讨论前必须经合法性审查(第二十五条)",
    ),
    field(
        "legality_review_result",
        "合法性审查结论",
        FieldKind::Enum(LEGALITY_RESULTS),
        "合法、修改后合法或不合法",
    ),
    field("legality_review_evidence", "合法性审查意见", PROSE, ""),
    field(
        "collective_decision_date",
        "集体讨论决定日期",
        FieldKind::Date,
        "常务会议或全体会议讨论决定之日(第三十条)",
    ),
    field(
        "decision_meeting",
        "决定会议",
        LINE,
        "如 市人民政府第12次常务会议",
    ),
];

/// 重大行政决策登记簿.
pub static MAJOR_DECISIONS: RegisterDef = RegisterDef {
    key: "major-decisions",
    table: "major_decision",
    label: "重大行政决策",
    org_label: "决策机关",
    fields: FIELDS,
    natural_key: "catalog_no",
    period_field: "listed_date",
    search_fields: &["catalog_no", "title"],
    status_field: None,
    rules,
    links: &[],
    normalize: None,
    derived: None,
};

/// The step dates that must all precede the collective decision (第二十九条, 第三十条).
const STEP_DATES: &[&str] = &[
    "public_participation_end",
    "expert_review_date",
    "risk_assessment_date",
    "legality_review_date",
];

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    let pp = c.flag("public_participation_required");
    c.require("public_participation_start", pp, "需公众参与,第十四条");
    c.require("public_participation_end", pp, "需公众参与,第十四条");
    c.require(
        "expert_review_date",
        c.flag("expert_review_required"),
        "需专家论证,第十九条",
    );
    c.require(
        "risk_assessment_date",
        c.flag("risk_assessment_required"),
        "需风险评估,第二十二条",
    );
    c.order("public_participation_start", "public_participation_end");
    comment_period(&mut c, record);
    c.require(
        "legality_review_date",
        c.has("legality_review_result"),
        "已填写合法性审查结论",
    );
    let decided = c.has("collective_decision_date");
    // 第二十五条: 「未经合法性审查或者经审查不合法的，不得提交决策机关讨论」.
    if decided && !c.has("legality_review_date") {
        c.fail(
            "legality_review_date",
            "必须填写(未经合法性审查的,不得提交决策机关讨论,第二十五条)".into(),
        );
    }
    if decided && c.is("legality_review_result", "unlawful") {
        c.fail(
            "collective_decision_date",
            "不应填写(经审查不合法的,不得提交决策机关讨论,第二十五条)".into(),
        );
    }
    for step in STEP_DATES {
        c.order(step, "collective_decision_date");
    }
    c.order("public_participation_start", "collective_decision_date");
    c.finish()
}

/// 第十五条: the comment period runs at least 30 days (the start day not counted, LEGAL-RULES
/// §1.1), unless a reason for the shorter period is recorded.
fn comment_period(c: &mut Check<'_>, record: &Record) {
    let (Some(start), Some(end)) = (
        record.date("public_participation_start"),
        record.date("public_participation_end"),
    ) else {
        return;
    };
    let days = (end - start).num_days();
    if (0..MIN_COMMENT_DAYS).contains(&days) && !c.has("public_participation_short_reason") {
        c.fail(
            "public_participation_end",
            format!("征求意见期限仅{days}日,一般不少于30日;缩短的须填写「征求意见期限不足30日的理由」(第十五条)"),
        );
    }
}
