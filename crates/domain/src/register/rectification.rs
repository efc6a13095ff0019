//! 问题清单与整改 — problems found by 法治督察, 案卷评查, 巡察, 审计, complaints, 复议纠错 and lost
//! lawsuits, each with the unit responsible, the 整改时限 set by the issuing office, and its way
//! to 销号: 待整改 → 整改中 → 申请销号 → 已销号 (closure approved by the issuing office). 逾期 is
//! not a stored state: it is the clock of 整改时限 running past its date
//! ([`crate::register::deadlines`]), so it changes with the calendar, not with an edit.
//!
//! The seeds count these (001: a 13-item 问题清单 from three 督察组; 000: 106 problems rectified);
//! the procedure follows 《法治政府建设与责任落实督察工作规定》(中办发〔2019〕, 第二十五条起:
//! 督察发现的问题应当限期整改, 整改情况报告督察单位) — the time limit is the issuer's, not a statute's.

use chrono::NaiveDate;

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{
    EnumOption, FieldDef, FieldError, FieldKind, LinkCheck, Record, RegisterDef,
};

#[cfg(test)]
mod tests;

/// 问题来源.
pub const SOURCES: &[EnumOption] = &[
    opt("inspection", "法治督察"),
    opt("case_file_review", "案卷评查"),
    opt("patrol", "巡察"),
    opt("audit", "审计"),
    opt("complaint", "12345/群众举报"),
    opt("reconsideration_correction", "复议纠错"),
    opt("litigation_loss", "行政诉讼败诉"),
    opt("judicial_suggestion", "司法/检察建议"),
];

/// 整改状态. 已销号 is the numerator of 整改率; 逾期 is read from the clock, not stored.
pub const STATUSES: &[EnumOption] = &[
    opt("open", "待整改"),
    opt("in_progress", "整改中"),
    opt("closure_requested", "申请销号"),
    opt("closed", "已销号"),
];

pub const FIELDS: &[FieldDef] = &[
    required("problem_no", "问题编号", CODE, "督察组或交办单位的编号"),
    required("source", "问题来源", FieldKind::Enum(SOURCES), ""),
    required(
        "found_date",
        "发现日期",
        FieldKind::Date,
        "督察反馈或交办之日",
    ),
    field("issuer", "交办单位", LINE, "如 市委依法治市办第一督察组"),
    required("description", "问题描述", PROSE, ""),
    field(
        "rule_breached",
        "违反规定",
        LINE,
        "违反的法律、法规、规章或文件条款",
    ),
    required(
        "due_date",
        "整改时限",
        FieldKind::Date,
        "交办单位确定的整改完成日期",
    ),
    required("status", "整改状态", FieldKind::Enum(STATUSES), ""),
    field("measures", "整改措施", PROSE, "已采取的措施和成效"),
    field(
        "evidence",
        "整改佐证材料",
        LINE,
        "整改报告文号或佐证材料名称;申请销号或已销号的问题必须有佐证材料(也可在记录页上传文件)",
    ),
    field(
        "rectified_date",
        "整改完成日期",
        FieldKind::Date,
        "责任单位报告整改完成之日",
    ),
    field(
        "closed_date",
        "销号日期",
        FieldKind::Date,
        "交办单位审核同意销号之日",
    ),
    field(
        "supervision_letter",
        "督办函文号",
        CODE,
        "逾期未整改发出督办函的,填写其文号",
    ),
    field(
        "interview_date",
        "约谈日期",
        FieldKind::Date,
        "督办后仍逾期未整改、约谈责任单位负责人的日期",
    ),
    field(
        "reconsideration_case_id",
        "关联复议案件",
        FieldKind::Link,
        "复议纠错发现的问题:复议案件编号(也可写 # 加记录号)",
    ),
    field(
        "litigation_case_id",
        "关联行政诉讼案件",
        FieldKind::Link,
        "行政诉讼败诉发现的问题:法院案号(也可写 # 加记录号)",
    ),
];

/// 问题整改台账.
pub static RECTIFICATIONS: RegisterDef = RegisterDef {
    key: "rectifications",
    table: "rectification_problem",
    label: "问题整改",
    org_label: "责任单位",
    fields: FIELDS,
    natural_key: "problem_no",
    period_field: "found_date",
    search_fields: &["problem_no", "description"],
    status_field: Some("status"),
    rules,
    links: &[
        LinkCheck::Record {
            field: "reconsideration_case_id",
            target: "reconsiderations",
        },
        LinkCheck::Record {
            field: "litigation_case_id",
            target: "litigations",
        },
        LinkCheck::Evidence {
            field: "evidence",
            required_when: reported_done,
            reason: EVIDENCE_REASON,
        },
    ],
    normalize: None,
    derived: None,
};

/// The problem a record of another register reveals, as the values of a new problem's form:
/// a 复议 decision that corrects the act (纠错), or a lawsuit the organ lost (败诉). `None` for
/// any other record. The unit responsible is left for the clerk (the record names the organ as
/// text, not as a unit of the tree); the 整改时限 too.
pub fn proposed_from(
    register: &str,
    id: i64,
    record: &Record,
) -> Option<Vec<(&'static str, String)>> {
    let text = |key: &str| record.text(key).unwrap_or_default().to_owned();
    let day = |key: &str| record.date(key).map(|d| d.to_string()).unwrap_or_default();
    let (source, link, number, found, description) = match register {
        "reconsiderations" => {
            let decision = record.text("decision_type")?;
            if !super::reconsideration::is_corrected(decision) {
                return None;
            }
            let label = super::reconsideration::FIELDS
                .iter()
                .find(|f| f.key == "decision_type")
                .map(|f| f.display(record.get("decision_type")))
                .unwrap_or_default();
            (
                "复议纠错",
                "reconsideration_case_id",
                text("case_no"),
                day("decision_date"),
                format!("行政复议决定{label}:{}", text("act_challenged")),
            )
        }
        "litigations" => {
            if !super::litigation::is_lost(record) {
                return None;
            }
            (
                "行政诉讼败诉",
                "litigation_case_id",
                text("court_case_no"),
                day("judgment_date"),
                format!("行政诉讼败诉({}):{}", text("court"), text("act_challenged")),
            )
        }
        _ => return None,
    };
    Some(vec![
        ("problem_no", format!("{number}-整改")),
        ("source", source.to_owned()),
        ("found_date", found),
        ("issuer", String::new()),
        ("description", description),
        ("status", "待整改".to_owned()),
        (link, crate::register::link::id_text(id)),
    ])
}

/// 整改进度 — where a problem stood at the end of a day: a 通报 counts each unit's problems as
/// of its period's last day from the dates the record keeps, whatever happened since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// 已销号 by that day.
    Closed,
    /// 整改完成, 待销号.
    Rectified,
    /// Not reported done; `overdue` once the day is past the 整改时限.
    Open { overdue: bool },
}

/// The standing of `record` at the end of `day`; `None` when it was found later.
pub fn standing(record: &Record, day: NaiveDate) -> Option<Standing> {
    if record.date("found_date")? > day {
        return None;
    }
    let by_then = |key: &str| record.date(key).is_some_and(|d| d <= day);
    Some(if by_then("closed_date") {
        Standing::Closed
    } else if by_then("rectified_date") {
        Standing::Rectified
    } else {
        Standing::Open {
            overdue: record.date("due_date").is_some_and(|d| d < day),
        }
    })
}

/// Why a problem reported done needs evidence, and how to give it.
pub const EVIDENCE_REASON: &str =
    "申请销号或已销号的问题应有佐证材料:填写整改报告文号或材料名称,或在记录页上传文件";

/// 申请销号 or 已销号: the unit says the problem is rectified, so it shows how
/// (督察工作规定 第二十五条: 整改情况报告督察单位).
fn reported_done(record: &Record) -> bool {
    matches!(record.text("status"), Some("closure_requested" | "closed"))
}

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.order("found_date", "due_date");
    c.chain(&["found_date", "rectified_date", "closed_date"]);
    let reported = c.is_any("status", &["closure_requested", "closed"]);
    c.require("rectified_date", reported, "已申请销号或已销号");
    c.require("measures", reported, "已申请销号或已销号");
    c.forbid(
        "rectified_date",
        c.is_any("status", &["open"]),
        "整改状态为待整改时不能有整改完成日期",
    );
    let closed = c.is("status", "closed");
    c.require("closed_date", closed, "整改状态为已销号");
    c.forbid("closed_date", !closed, "只有已销号的问题才有销号日期");
    // 约谈 follows a 督办函 that did not help: the letter comes first.
    c.forbid(
        "interview_date",
        !c.has("supervision_letter"),
        "约谈前应先发出督办函,请先填写督办函文号",
    );
    c.order("found_date", "interview_date");
    c.forbid(
        "reconsideration_case_id",
        !c.is("source", "reconsideration_correction"),
        "只有来源为复议纠错的问题才关联复议案件",
    );
    c.forbid(
        "litigation_case_id",
        !c.is("source", "litigation_loss"),
        "只有来源为行政诉讼败诉的问题才关联诉讼案件",
    );
    c.finish()
}
