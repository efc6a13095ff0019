use super::*;
use crate::register::Value;
use crate::register::testing::{accept, reject};

const COUNSEL: &[(&str, &str)] = &[
    ("entry_no", "株法顾2024-01"),
    ("name", "周某某"),
    ("kind", "法律顾问"),
    ("licence_no", "14302201010123456"),
    ("employer", "湖南某某律师事务所"),
    ("term_start", "2023-07-01"),
    ("term_end", "2026-06-30"),
    ("tally_date", "2024-12-31"),
    ("meetings_attended", "2"),
    ("meetings", "市人民政府第25次、第31次常务会议"),
    ("opinions", "7"),
];

#[test]
fn a_year_of_service_is_accepted() {
    let r = accept(&LEGAL_ADVISERS, COUNSEL, &[]);
    assert_eq!(r.text("kind"), Some("counsel"));
    assert_eq!(r.get("meetings_attended"), &Value::Int(2));
    assert_eq!(r.get("opinions"), &Value::Int(7));
    // A 公职律师 without an end to the term, nothing attended yet.
    accept(
        &LEGAL_ADVISERS,
        COUNSEL,
        &[
            ("kind", "public_lawyer"),
            ("term_end", ""),
            ("meetings_attended", "0"),
            ("meetings", ""),
            ("entry_no", ""),
        ],
    );
    // A term that ends within the year counted.
    accept(&LEGAL_ADVISERS, COUNSEL, &[("term_end", "2024-06-30")]);
}

#[test]
fn the_term_and_the_year_are_in_order() {
    reject(
        &LEGAL_ADVISERS,
        COUNSEL,
        &[("term_end", "2023-06-30")],
        "term_end",
        "不能早于「聘期起」",
    );
    reject(
        &LEGAL_ADVISERS,
        COUNSEL,
        &[("tally_date", "2023-06-30")],
        "tally_date",
        "不能早于「聘期起」",
    );
    reject(
        &LEGAL_ADVISERS,
        COUNSEL,
        &[("term_end", "2023-12-31")],
        "term_end",
        "聘期已届满的,不应列入该年度名册",
    );
}

#[test]
fn meetings_named_only_when_attended() {
    reject(
        &LEGAL_ADVISERS,
        COUNSEL,
        &[("meetings_attended", "0")],
        "meetings",
        "列席会议次数为0",
    );
    reject(
        &LEGAL_ADVISERS,
        COUNSEL,
        &[("kind", "律师")],
        "kind",
        "法律顾问、公职律师",
    );
    reject(
        &LEGAL_ADVISERS,
        COUNSEL,
        &[("name", "")],
        "name",
        "必须填写",
    );
}
