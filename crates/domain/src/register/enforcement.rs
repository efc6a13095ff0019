//! 行政执法案件 — administrative enforcement cases (处罚, 许可, 强制, 检查 …), one record per
//! case under its 一案一码, with the facts the 三项制度 checks and the annual report count.

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{
    DerivedFact, EnumOption, FieldDef, FieldError, FieldKind, LinkCheck, Record, RegisterDef,
};
use crate::{CitizenId, CreditCode};

#[cfg(test)]
mod tests;

/// 执法行为类别.
pub const KINDS: &[EnumOption] = &[
    opt("penalty", "处罚"),
    opt("licensing", "许可"),
    opt("coercion", "强制"),
    opt("inspection", "检查"),
    opt("levy", "征收"),
    opt("requisition", "征用"),
    opt("confirmation", "确认"),
    opt("adjudication", "裁决"),
    opt("other", "其他"),
];

pub const PARTY_TYPES: &[EnumOption] = &[
    opt("natural_person", "自然人"),
    opt("legal_person", "法人"),
    opt("other_organization", "其他组织"),
];

/// 处罚种类 — 行政处罚法 (2021) 第九条, in the order of the article.
pub const PENALTY_TYPES: &[EnumOption] = &[
    opt("warning", "警告"),
    opt("circulated_criticism", "通报批评"),
    opt("fine", "罚款"),
    opt("confiscate_gains", "没收违法所得"),
    opt("confiscate_property", "没收非法财物"),
    opt("suspend_licence", "暂扣许可证件"),
    opt("downgrade_qualification", "降低资质等级"),
    opt("revoke_licence", "吊销许可证件"),
    opt("restrict_operations", "限制开展生产经营活动"),
    opt("suspend_operations", "责令停产停业"),
    opt("order_closure", "责令关闭"),
    opt("restrict_practice", "限制从业"),
    opt("detention", "行政拘留"),
    opt("other", "其他"),
];

/// 不予处罚情形 — 行政处罚法 (2021) 第三十条、第三十一条、第三十三条、第三十六条. An enum rather
/// than a yes/no: the annual reports count 首违不罚 on its own, and the grounds differ in law
/// (「不予」 is mandatory for 轻微并及时改正 and 无主观过错, 「可以不予」 for 首违).
pub const NO_PENALTY: &[EnumOption] = &[
    opt("none", "无"),
    opt("first_offence", "首违不罚"),
    opt("minor", "轻微不罚"),
    opt("no_fault", "无主观过错不罚"),
    opt("other", "其他不予处罚"),
];

/// 法制审核意见.
pub const REVIEW_RESULTS: &[EnumOption] = &[
    opt("agree", "同意"),
    opt("disagree", "不同意"),
    opt("agree_after_revision", "修改后同意"),
];

/// 全过程记录方式 — 行政处罚法 (2021) 第四十七条.
pub const RECORDING: &[EnumOption] = &[
    opt("written", "文字"),
    opt("audiovisual", "音像"),
    opt("written_and_audiovisual", "文字和音像"),
    opt("none", "无"),
];

pub const STATUSES: &[EnumOption] = &[
    opt("in_progress", "办理中"),
    opt("decided", "已决定"),
    opt("closed", "已结案"),
    opt("revoked", "已撤销"),
];

pub const FIELDS: &[FieldDef] = &[
    field("case_code", "案件编号", CODE, "一案一码;为空时由系统生成"),
    required(
        "kind",
        "执法类别",
        FieldKind::Enum(KINDS),
        "处罚、许可、强制、检查、征收、征用、确认、裁决或其他",
    ),
    required("party_name", "当事人名称", LINE, "自然人姓名或单位全称"),
    required(
        "party_type",
        "当事人类型",
        FieldKind::Enum(PARTY_TYPES),
        "自然人、法人或其他组织",
    ),
    field(
        "party_id",
        "当事人证件号码",
        FieldKind::PartyId,
        "自然人填公民身份号码,法人和其他组织填统一社会信用代码",
    ),
    required(
        "filed_date",
        "立案日期",
        FieldKind::Date,
        "立案(受理、启动)之日",
    ),
    field(
        "decision_date",
        "决定日期",
        FieldKind::Date,
        "作出执法决定之日",
    ),
    field("closed_date", "结案日期", FieldKind::Date, ""),
    field(
        "penalty_types",
        "处罚种类",
        FieldKind::EnumSet(PENALTY_TYPES),
        "行政处罚法第九条;可多选,以顿号分隔",
    ),
    field("fine_amount", "罚款金额(元)", FieldKind::Amount, ""),
    field(
        "confiscation_amount",
        "没收金额(元)",
        FieldKind::Amount,
        "没收违法所得、没收非法财物的金额",
    ),
    field(
        "no_penalty",
        "不予处罚情形",
        FieldKind::Enum(NO_PENALTY),
        "行政处罚法第三十三条:首违不罚、轻微不罚、无主观过错不罚",
    ),
    field(
        "major_decision",
        "是否重大执法决定",
        FieldKind::Bool,
        "重大执法决定须经法制审核(行政处罚法第五十八条)",
    ),
    field("legal_review_date", "法制审核日期", FieldKind::Date, ""),
    field("legal_reviewer", "法制审核人员", LINE, ""),
    field(
        "legal_review_result",
        "法制审核意见",
        FieldKind::Enum(REVIEW_RESULTS),
        "同意、不同意或修改后同意",
    ),
    field(
        "published_date",
        "公示日期",
        FieldKind::Date,
        "执法决定向社会公开之日(许可、处罚7个工作日内)",
    ),
    field(
        "recorded",
        "全过程记录",
        FieldKind::Enum(RECORDING),
        "文字、音像、文字和音像或无(行政处罚法第四十七条)",
    ),
    field(
        "handlers",
        "执法人员执法证号",
        PROSE,
        "办案执法人员的执法证号,以逗号分隔,不少于两人(行政处罚法第四十二条)",
    ),
    required(
        "status",
        "办理状态",
        FieldKind::Enum(STATUSES),
        "办理中、已决定、已结案或已撤销",
    ),
];

/// 行政执法案件登记簿.
pub static ENFORCEMENT_CASES: RegisterDef = RegisterDef {
    key: "enforcement-cases",
    table: "enforcement_case",
    label: "行政执法案件",
    org_label: "执法机关",
    fields: FIELDS,
    natural_key: "case_code",
    period_field: "filed_date",
    search_fields: &["case_code", "party_name", "party_id"],
    status_field: Some("status"),
    rules,
    // Officers must hold a valid certificate when the case is opened and investigated.
    links: &[LinkCheck::ValidCertificates {
        field: "handlers",
        on_date_field: "filed_date",
    }],
    normalize: None,
    derived: Some(derived),
};

/// Kinds whose on-site actions need at least two certificated officers: 行政处罚法 (2021)
/// 第四十二条、第五十五条; 行政强制法 第十八条.
const TWO_OFFICER_KINDS: &[&str] = &["penalty", "coercion", "inspection"];

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.chain(&["filed_date", "decision_date", "closed_date"]);
    let is_penalty = c.is("kind", "penalty");
    let decided = c.is_any("status", &["decided", "closed"]);
    c.require(
        "decision_date",
        is_penalty && decided,
        "处罚案件已决定或已结案",
    );
    c.require("closed_date", c.is("status", "closed"), "办理状态为已结案");
    legal_review(&mut c);
    penalties(&mut c, is_penalty);
    party_id(&mut c, record);
    handlers(&mut c, record);
    c.finish()
}

/// 重大执法决定法制审核 — 行政处罚法 (2021) 第五十八条: 「未经法制审核或者审核未通过的，
/// 不得作出决定」.
fn legal_review(c: &mut Check<'_>) {
    let major = c.flag("major_decision");
    let reason = "重大执法决定须经法制审核,行政处罚法第五十八条";
    c.require("legal_review_date", major, reason);
    c.require("legal_reviewer", major, reason);
    c.require("legal_review_result", major, reason);
    c.order("legal_review_date", "decision_date");
    if c.is("legal_review_result", "disagree") {
        c.forbid(
            "decision_date",
            true,
            "法制审核不同意的,不得作出决定,行政处罚法第五十八条",
        );
    }
}

fn penalties(c: &mut Check<'_>, is_penalty: bool) {
    c.forbid("penalty_types", !is_penalty, "只有处罚案件有处罚种类");
    if c.contains("penalty_types", "fine") {
        c.require("fine_amount", true, "处罚种类含罚款");
        if c.has("fine_amount") && c.number("fine_amount") <= 0 {
            c.fail("fine_amount", "应大于0(处罚种类含罚款)".into());
        }
    }
    if c.number("fine_amount") > 0 && !c.contains("penalty_types", "fine") {
        c.fail("penalty_types", "应包含「罚款」(已填写罚款金额)".into());
    }
    let confiscates = c.contains("penalty_types", "confiscate_gains")
        || c.contains("penalty_types", "confiscate_property");
    if c.number("confiscation_amount") > 0 && !confiscates {
        c.fail(
            "penalty_types",
            "应包含「没收违法所得」或「没收非法财物」(已填写没收金额)".into(),
        );
    }
    let exempt = c.has("no_penalty") && !c.is("no_penalty", "none");
    if exempt {
        c.forbid("no_penalty", !is_penalty, "只有处罚案件有不予处罚情形");
        c.forbid("penalty_types", true, "不予处罚的案件没有处罚种类");
    }
}

fn party_id(c: &mut Check<'_>, record: &Record) {
    let Some(id) = record.text("party_id") else {
        return;
    };
    if c.is("party_type", "natural_person") {
        if CitizenId::parse(id).is_err() {
            c.fail("party_id", "应为公民身份号码(当事人类型为自然人)".into());
        }
    } else if c.has("party_type") && CreditCode::parse(id).is_err() {
        c.fail(
            "party_id",
            "应为统一社会信用代码(当事人类型为法人或其他组织)".into(),
        );
    }
}

fn handlers(c: &mut Check<'_>, record: &Record) {
    let Some(list) = record.text("handlers") else {
        return;
    };
    let mut numbers: Vec<&str> = certificate_numbers(list).collect();
    numbers.sort_unstable();
    numbers.dedup();
    if c.is_any("kind", TWO_OFFICER_KINDS) && numbers.len() < 2 {
        c.fail(
            "handlers",
            "应至少有两名执法人员(行政处罚法第四十二条、行政强制法第十八条)".into(),
        );
    }
}

/// The certificate numbers listed in a 执法人员 field (separated by , , 、 ; or spaces).
pub fn certificate_numbers(list: &str) -> impl Iterator<Item = &str> {
    list.split([',', '\u{FF0C}', '\u{3001}', ';', '\u{FF1B}', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// 三项制度 — the three enforcement rules of 国办发〔2018〕118号.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreeRule {
    /// 行政执法公示
    Publicity,
    /// 执法全过程记录
    Recording,
    /// 重大执法决定法制审核
    LegalReview,
}

/// Whether a case meets one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplianceStatus {
    Met,
    NotMet,
    NotApplicable,
}

/// One case measured against one of the 三项制度, with the reason in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compliance {
    pub rule: ThreeRule,
    pub status: ComplianceStatus,
    pub reason: &'static str,
}

impl ThreeRule {
    pub fn label(self) -> &'static str {
        match self {
            Self::Publicity => "三项制度·执法公示",
            Self::Recording => "三项制度·全过程记录",
            Self::LegalReview => "三项制度·法制审核",
        }
    }
}

impl ComplianceStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "符合",
            Self::NotMet => "不符合",
            Self::NotApplicable => "不适用",
        }
    }
}

/// The 三项制度 compliance as derived facts of a case.
fn derived(record: &Record) -> Vec<DerivedFact> {
    three_rules_compliance(record)
        .into_iter()
        .map(|c| DerivedFact {
            label: c.rule.label(),
            value: c.status.label().to_owned(),
            note: c.reason,
        })
        .collect()
}

/// The case against 公示, 全过程记录 and 法制审核, in that order. Publication timeliness (7 working
/// days for 许可/处罚, 20 for other decisions) needs the calendar and is judged elsewhere; here
/// a decided case is compliant when a 公示日期 is recorded.
pub fn three_rules_compliance(record: &Record) -> [Compliance; 3] {
    [publicity(record), recording(record), review(record)]
}

fn publicity(record: &Record) -> Compliance {
    use ComplianceStatus::*;
    let priority = matches!(record.text("kind"), Some("penalty" | "licensing"));
    let (status, reason) = match (record.date("decision_date"), record.date("published_date")) {
        (None, _) => (NotApplicable, "尚未作出执法决定,无需公示"),
        (Some(_), Some(_)) if priority => (Met, "许可、处罚决定已公示"),
        (Some(_), Some(_)) => (Met, "执法决定已公示"),
        (Some(_), None) if priority => (NotMet, "许可、处罚决定应在7个工作日内公示,未登记公示日期"),
        (Some(_), None) => (NotMet, "执法决定应在20个工作日内公示,未登记公示日期"),
    };
    Compliance {
        rule: ThreeRule::Publicity,
        status,
        reason,
    }
}

fn recording(record: &Record) -> Compliance {
    use ComplianceStatus::*;
    let (status, reason) = match record.text("recorded") {
        Some("none") => (NotMet, "未进行全过程记录"),
        Some(_) => (Met, "已进行全过程记录"),
        None => (NotMet, "未登记全过程记录情况"),
    };
    Compliance {
        rule: ThreeRule::Recording,
        status,
        reason,
    }
}

fn review(record: &Record) -> Compliance {
    use ComplianceStatus::*;
    let (status, reason) = if !record.flag("major_decision") {
        (NotApplicable, "非重大执法决定,无需法制审核")
    } else {
        let reviewed = record.date("legal_review_date");
        let decided = record.date("decision_date");
        match (reviewed, record.text("legal_review_result")) {
            (None, _) | (_, None) => (NotMet, "重大执法决定未经法制审核"),
            (Some(_), Some("disagree")) if decided.is_some() => {
                (NotMet, "法制审核不同意仍作出决定")
            }
            (Some(r), Some(_)) if decided.is_some_and(|d| d < r) => (NotMet, "法制审核晚于决定"),
            (Some(_), Some(_)) => (Met, "重大执法决定已经法制审核"),
        }
    };
    Compliance {
        rule: ThreeRule::LegalReview,
        status,
        reason,
    }
}
