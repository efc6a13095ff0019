use super::*;
use crate::register::testing::{accept, reject};

const CASE: &[(&str, &str)] = &[
    ("case_no", "钟山人调〔2024〕88号"),
    ("dispute_type", "邻里"),
    ("parties_count", "2"),
    ("received_date", "2024-05-06"),
    ("concluded_date", "2024-05-20"),
    ("outcome", "成功"),
    ("agreement_amount", "3000"),
    ("judicial_confirmation", "是"),
];

#[test]
fn a_realistic_case_is_accepted() {
    let r = accept(&MEDIATIONS, CASE, &[]);
    assert_eq!(r.text("dispute_type"), Some("neighbourhood"));
    assert_eq!(r.get("agreement_amount").as_int(), Some(300_000));
    accept(
        &MEDIATIONS,
        CASE,
        &[
            ("concluded_date", ""),
            ("outcome", ""),
            ("agreement_amount", ""),
            ("judicial_confirmation", ""),
        ],
    );
}

#[test]
fn at_least_two_parties() {
    reject(
        &MEDIATIONS,
        CASE,
        &[("parties_count", "1")],
        "parties_count",
        "超出范围",
    );
}

#[test]
fn concluded_after_received() {
    reject(
        &MEDIATIONS,
        CASE,
        &[("concluded_date", "2024-05-01")],
        "concluded_date",
        "不能早于「受理日期」",
    );
}

#[test]
fn outcome_and_conclusion_go_together() {
    reject(
        &MEDIATIONS,
        CASE,
        &[
            ("outcome", ""),
            ("agreement_amount", ""),
            ("judicial_confirmation", ""),
        ],
        "outcome",
        "已填写调结日期",
    );
    reject(
        &MEDIATIONS,
        CASE,
        &[("concluded_date", "")],
        "concluded_date",
        "已填写调解结果",
    );
}

#[test]
fn agreements_only_when_successful() {
    reject(
        &MEDIATIONS,
        CASE,
        &[("outcome", "不成功"), ("judicial_confirmation", "")],
        "agreement_amount",
        "调解成功",
    );
    reject(
        &MEDIATIONS,
        CASE,
        &[("outcome", "终止"), ("agreement_amount", "")],
        "judicial_confirmation",
        "第三十三条",
    );
    accept(
        &MEDIATIONS,
        CASE,
        &[
            ("outcome", "不成功"),
            ("agreement_amount", ""),
            ("judicial_confirmation", "否"),
        ],
    );
}
