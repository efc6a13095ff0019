//! 执法人员与执法证 — enforcement officers and their certificates: 申请 → 审核 → 发证 → 注销.
//! Enforcement cases name officers by certificate number; the store checks those numbers
//! against this register (行政处罚法 (2021) 第四十二条: 执法人员应当持有执法证件).

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use chrono::NaiveDate;

use crate::register::{EnumOption, FieldDef, FieldError, FieldKind, Record, RegisterDef};

#[cfg(test)]
mod tests;

/// The status code of a certificate valid for casework (已发证); 注销 ends it.
pub const ISSUED: &str = "issued";

/// Why a named certificate was refused: the one message of the form, the API and the import.
pub const INVALID_FOR_CASEWORK: &str =
    "不是有效的执法证号(须已发证且未注销),持证人员才能办案(行政处罚法第四十二条)";

/// Whether a certificate of `status`, issued on `issued`, lets its holder act in a case of
/// date `on` (行政处罚法 (2021) 第四十二条: 执法人员应当持有执法证件): it must be 已发证 (not
/// 注销) and issued on or before that date; an unknown date on either side does not refuse.
pub fn valid_for_casework(status: &str, issued: Option<NaiveDate>, on: Option<NaiveDate>) -> bool {
    status == ISSUED
        && match (issued, on) {
            (Some(issued), Some(on)) => issued <= on,
            _ => true,
        }
}

/// The certificate numbers a case names: separated by ASCII or full-width commas or 、.
pub fn named_numbers(list: &str) -> impl Iterator<Item = &str> {
    list.split([',', '\u{FF0C}', '\u{3001}'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// 证件状态. Only [`ISSUED`] is valid for casework.
pub const STATUSES: &[EnumOption] = &[
    opt("applied", "申请"),
    opt("approved", "审核通过"),
    opt("rejected", "审核不通过"),
    opt(ISSUED, "已发证"),
    opt("revoked", "已注销"),
];

pub const FIELDS: &[FieldDef] = &[
    required("officer_name", "姓名", LINE, ""),
    required("officer_id", "公民身份号码", FieldKind::CitizenId, ""),
    field("exam_date", "考试日期", FieldKind::Date, "执法资格考试日期"),
    field(
        "exam_score",
        "考试成绩",
        FieldKind::Integer { min: 0, max: 100 },
        "0至100分",
    ),
    field(
        "training_hours",
        "培训学时",
        FieldKind::Integer {
            min: 0,
            max: 10_000,
        },
        "",
    ),
    field(
        "certificate_no",
        "执法证号",
        CODE,
        "发证后必须填写;申请阶段为空时由系统生成登记编号",
    ),
    required(
        "status",
        "证件状态",
        FieldKind::Enum(STATUSES),
        "申请、审核通过、审核不通过、已发证或已注销",
    ),
    required("applied_date", "申请日期", FieldKind::Date, ""),
    field("reviewed_date", "审核日期", FieldKind::Date, ""),
    field("issued_date", "发证日期", FieldKind::Date, ""),
    field("revoked_date", "注销日期", FieldKind::Date, ""),
    field(
        "revoke_reason",
        "注销原因",
        PROSE,
        "如调离执法岗位、退休、违法违纪",
    ),
];

/// 执法证登记簿.
pub static CERTIFICATES: RegisterDef = RegisterDef {
    key: "certificates",
    table: "enforcement_certificate",
    label: "执法人员与执法证",
    org_label: "所属执法机关",
    fields: FIELDS,
    natural_key: "certificate_no",
    period_field: "applied_date",
    search_fields: &["officer_name", "certificate_no"],
    status_field: Some("status"),
    rules,
    links: &[],
    normalize: None,
    derived: None,
};

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.chain(&[
        "applied_date",
        "reviewed_date",
        "issued_date",
        "revoked_date",
    ]);
    c.order("exam_date", "issued_date");
    let reviewed = c.is_any("status", &["approved", "rejected", "issued", "revoked"]);
    c.require("reviewed_date", reviewed, "已审核的申请");
    let issued = c.is_any("status", &["issued", "revoked"]);
    c.require("issued_date", issued, "证件已发放");
    c.require("certificate_no", issued, "证件已发放");
    let revoked = c.is("status", "revoked");
    c.require("revoked_date", revoked, "证件已注销");
    c.require("revoke_reason", revoked, "证件已注销");
    c.forbid("revoked_date", !revoked, "证件未注销");
    let unissued = c.is_any("status", &["applied", "approved", "rejected"]);
    let why = if c.is("status", "rejected") {
        "审核不通过的不得发证"
    } else {
        "证件尚未发放"
    };
    c.forbid("issued_date", unissued, why);
    c.finish()
}
