//! 法律顾问、公职律师名册 — the government's legal advisers (律师、专家 appointed by a unit) and
//! its 公职律师, one record per person per year of service: the appointing unit, the
//! appointment's term, and what the year held — the meetings they attended (列席) and the legal
//! opinions they gave. The seeds count them by year (株洲 2024: 「12名市政府法律顾问共列席市政府
//! 常务会议21次,发表法律意见87条」), so a record is the year's line of the roster, dated by the
//! day its figures were counted to (usually the year's end): a register's figures are placed in a
//! period by one date, and an appointment of three years attends meetings in each of them.
//!
//! 中办发〔2016〕30号《关于推行法律顾问制度和公职律师公司律师制度的意见》 (LEGAL-RULES-2 §4.4):
//! 「党政机关讨论、决定重大事项之前，应当听取法律顾问、公职律师的法律意见」.

use chrono::Datelike;

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{EnumOption, FieldDef, FieldError, FieldKind, Record, RegisterDef};

#[cfg(test)]
mod tests;

/// 类别.
pub const KINDS: &[EnumOption] = &[opt("counsel", "法律顾问"), opt("public_lawyer", "公职律师")];

pub const FIELDS: &[FieldDef] = &[
    field(
        "entry_no",
        "名册编号",
        CODE,
        "本年度名册中的编号;为空时由系统生成",
    ),
    required("name", "姓名", LINE, ""),
    required("kind", "类别", FieldKind::Enum(KINDS), "法律顾问或公职律师"),
    required(
        "licence_no",
        "执业证号",
        CODE,
        "律师执业证号或公职律师证号;法学专家等无证号的填工作证件号",
    ),
    field(
        "employer",
        "执业机构或工作单位",
        LINE,
        "律师事务所、高校或所在机关",
    ),
    required(
        "term_start",
        "聘期起",
        FieldKind::Date,
        "聘任(公职律师为取得证书)之日",
    ),
    field("term_end", "聘期止", FieldKind::Date, "长期任职的可不填"),
    required(
        "tally_date",
        "履职统计日期",
        FieldKind::Date,
        "本年度列席次数、法律意见统计截至之日,一般为年末;年度数据按此日期计入",
    ),
    field(
        "meetings_attended",
        "列席会议次数",
        FieldKind::Integer { min: 0, max: 1000 },
        "本年度列席政府常务会议等会议的次数",
    ),
    field(
        "meetings",
        "列席会议",
        PROSE,
        "如 市人民政府第25次、第27次常务会议",
    ),
    field(
        "opinions",
        "出具法律意见条数",
        FieldKind::Integer {
            min: 0,
            max: 100_000,
        },
        "本年度出具或发表的法律意见条数",
    ),
];

/// 法律顾问、公职律师名册.
pub static LEGAL_ADVISERS: RegisterDef = RegisterDef {
    key: "legal-advisers",
    table: "legal_adviser",
    label: "法律顾问公职律师",
    org_label: "聘任单位",
    fields: FIELDS,
    natural_key: "entry_no",
    period_field: "tally_date",
    search_fields: &["entry_no", "name", "licence_no"],
    status_field: Some("kind"),
    rules,
    links: &[],
    normalize: None,
    derived: None,
};

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.order("term_start", "term_end");
    c.order("term_start", "tally_date");
    // The year counted must fall within the term: a term that ended before the year began
    // attended nothing in it.
    if let (Some(end), Some(tally)) = (record.date("term_end"), record.date("tally_date"))
        && end.year() < tally.year()
    {
        c.fail(
            "term_end",
            format!(
                "早于统计年度({}年):聘期已届满的,不应列入该年度名册",
                tally.year()
            ),
        );
    }
    c.forbid(
        "meetings",
        c.has("meetings_attended") && c.number("meetings_attended") == 0,
        "列席会议次数为0",
    );
    c.finish()
}
