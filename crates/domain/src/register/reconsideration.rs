//! 行政复议 — administrative reconsideration cases handled by a 复议机关, from receipt of the
//! application to the decision, under the 行政复议法 as revised in 2023 (in force 2024-01-01).

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{
    DerivedFact, EnumOption, FieldDef, FieldError, FieldKind, LinkCheck, Record, RegisterDef,
};

#[cfg(test)]
mod tests;

/// 受理情况 — 行政复议法 (2023) 第三十条. Empty means 待定.
pub const ACCEPTANCE: &[EnumOption] = &[
    opt("accepted", "受理"),
    opt("rejected", "不予受理"),
    opt("pending", "待定"),
];

/// 审理程序 — 行政复议法 (2023) 第五十三条 (简易程序), 第六十二条 (期限).
pub const PROCEDURES: &[EnumOption] = &[opt("ordinary", "普通程序"), opt("simplified", "简易程序")];

/// 复议决定类型 — 行政复议法 (2023):
/// 变更 第六十三条; 撤销(含部分撤销、责令重作) 第六十四条; 确认违法 第六十五条; 责令履行
/// 第六十六条; 确认无效 第六十七条; 维持 第六十八条; 驳回复议请求 第六十九条; 行政协议 第七十一条;
/// 调解 第七十三条; 和解后终止 第七十四条; 驳回申请 第三十三条; 撤回申请终止 第四十一条第一项;
/// 其他终止 第四十一条. The outcomes of 第七十条 (answer not filed: 视为没有证据) are themselves
/// 撤销/确认违法/确认无效/责令履行 and are recorded as those.
pub const DECISION_TYPES: &[EnumOption] = &[
    opt("change", "变更"),
    opt("revoke", "撤销"),
    opt("confirm_unlawful", "确认违法"),
    opt("order_performance", "责令履行"),
    opt("confirm_void", "确认无效"),
    opt("uphold", "维持"),
    opt("reject_claim", "驳回复议请求"),
    opt("agreement_remedy", "行政协议责令履行或补救"),
    opt("mediation", "调解"),
    opt("settlement", "和解终止"),
    opt("dismiss_application", "驳回申请"),
    opt("withdrawn", "撤回申请终止"),
    opt("other_termination", "其他终止"),
];

/// 是否纠错, once a decision type is recorded.
fn derived(record: &Record) -> Vec<DerivedFact> {
    let Some(decision) = record.text("decision_type") else {
        return Vec::new();
    };
    vec![DerivedFact {
        label: "是否纠错",
        value: if is_corrected(decision) { "是" } else { "否" }.to_owned(),
        note: "变更、撤销、确认违法、责令履行、确认无效及行政协议补救计为纠错(行政复议法第六十三条至第六十七条、第七十一条)",
    }]
}

/// The catalog indicator whose decision types are 纠错 — decisions that correct the challenged
/// act, the numerator of 行政复议纠错率 (LEGAL-RULES §2): 行政复议法 (2023) 第六十三条至第六十七条
/// and 第七十一条 (第七十条 outcomes are recorded as 撤销/确认违法/确认无效/责令履行). Every
/// decision type counts as 审结.
pub const CORRECTED_INDICATOR: &str = "reconsideration.corrected";

/// Whether decision type `code` corrects the act (纠错), as the catalog counts it.
pub fn is_corrected(code: &str) -> bool {
    crate::register::counted::is_counted(CORRECTED_INDICATOR, "decision_type", code)
}

pub const FIELDS: &[FieldDef] = &[
    required("case_no", "案号", CODE, "复议机关编定的案号"),
    required("applicant", "申请人", LINE, ""),
    required("respondent", "被申请人", LINE, "作出行政行为的行政机关名称"),
    required("act_challenged", "被申请复议的行政行为", PROSE, ""),
    field(
        "enforcement_case_id",
        "关联执法案件",
        FieldKind::Link,
        "被复议的执法案件的案件编号(也可写 # 加记录号)",
    ),
    required(
        "received_date",
        "收到申请日期",
        FieldKind::Date,
        "复议机关收到复议申请之日",
    ),
    field(
        "supplement_notice_date",
        "补正通知日期",
        FieldKind::Date,
        "收到申请后5个工作日内一次性通知补正(第三十一条)",
    ),
    field(
        "supplement_date",
        "补正日期",
        FieldKind::Date,
        "申请人提交补正材料之日",
    ),
    field(
        "acceptance",
        "受理情况",
        FieldKind::Enum(ACCEPTANCE),
        "受理、不予受理或待定(第三十条)",
    ),
    field("acceptance_date", "受理决定日期", FieldKind::Date, ""),
    field(
        "procedure",
        "审理程序",
        FieldKind::Enum(PROCEDURES),
        "普通程序或简易程序(第五十三条)",
    ),
    field(
        "extension_approved_date",
        "延期批准日期",
        FieldKind::Date,
        "普通程序经复议机构负责人批准延期(第六十二条)",
    ),
    field(
        "extension_days",
        "延长天数",
        FieldKind::Integer { min: 0, max: 30 },
        "最多30日(第六十二条)",
    ),
    field(
        "decision_date",
        "决定日期",
        FieldKind::Date,
        "作出复议决定、调解书或终止决定之日",
    ),
    field(
        "decision_type",
        "决定类型",
        FieldKind::Enum(DECISION_TYPES),
        "第三十三条、第四十一条、第六十三条至第七十四条",
    ),
    field("later_sued", "是否复议后起诉", FieldKind::Bool, ""),
    field(
        "litigation_case_id",
        "关联应诉案件",
        FieldKind::Link,
        "复议后诉讼的应诉案件的法院案号(也可写 # 加记录号)",
    ),
];

/// 行政复议登记簿.
pub static RECONSIDERATIONS: RegisterDef = RegisterDef {
    key: "reconsiderations",
    table: "reconsideration_case",
    label: "行政复议案件",
    org_label: "复议机关",
    fields: FIELDS,
    natural_key: "case_no",
    period_field: "received_date",
    search_fields: &["case_no", "applicant", "respondent"],
    status_field: Some("decision_type"),
    rules,
    links: &[
        LinkCheck::Record {
            field: "enforcement_case_id",
            target: "enforcement-cases",
        },
        LinkCheck::Record {
            field: "litigation_case_id",
            target: "litigations",
        },
    ],
    normalize: None,
    derived: Some(derived),
};

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.chain(&["received_date", "supplement_notice_date", "supplement_date"]);
    c.chain(&[
        "received_date",
        "acceptance_date",
        "extension_approved_date",
        "decision_date",
    ]);
    c.require(
        "supplement_notice_date",
        c.has("supplement_date"),
        "已登记补正日期",
    );
    let decided_on_acceptance = c.is_any("acceptance", &["accepted", "rejected"]);
    c.require(
        "acceptance_date",
        decided_on_acceptance,
        "已作出受理或不予受理决定",
    );
    extension(&mut c);
    c.require("decision_date", c.has("decision_type"), "已填写决定类型");
    c.require("decision_type", c.has("decision_date"), "已填写决定日期");
    if c.is("acceptance", "rejected") {
        c.forbid("decision_type", true, "不予受理的案件没有复议决定");
    } else if c.has("decision_type") && !c.is("acceptance", "accepted") {
        c.fail("acceptance", "应为「受理」(已作出复议决定)".into());
    }
    if c.has("litigation_case_id") && !c.flag("later_sued") {
        c.fail("later_sued", "应为「是」(已关联应诉案件)".into());
    }
    c.finish()
}

/// 行政复议法 (2023) 第六十二条: only the ordinary procedure may be extended, by at most 30 days,
/// with the approval of the 复议机构负责人.
fn extension(c: &mut Check<'_>) {
    let extended = c.has("extension_approved_date") || c.number("extension_days") > 0;
    if extended && c.is("procedure", "simplified") {
        c.fail(
            "procedure",
            "简易程序不得延期,延期仅适用于普通程序(第六十二条)".into(),
        );
    }
    if c.number("extension_days") > 30 {
        c.fail(
            "extension_days",
            "延长期限最多不得超过三十日(第六十二条)".into(),
        );
    }
    let reason = "延期须经复议机构负责人批准,第六十二条";
    c.require(
        "extension_approved_date",
        c.number("extension_days") > 0,
        reason,
    );
    c.require("extension_days", c.has("extension_approved_date"), reason);
}
