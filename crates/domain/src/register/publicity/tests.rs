use super::*;
use crate::register::testing::{accept, reject};

const PENALTY: &[(&str, &str)] = &[
    ("kind", "行政处罚"),
    ("decision_no", "钟市监罚〔2024〕35号"),
    ("party_name", "六盘水某某商贸有限公司"),
    ("party_category", "法人及非法人组织"),
    ("party_id", "914403001922038216"),
    ("legal_rep", "赵六"),
    ("category", "罚款;没收违法所得"),
    ("content", "罚款5万元,没收违法所得12345.60元"),
    ("amount", "62345.60"),
    ("decision_date", "2024-05-20"),
    ("valid_from", "2024-05-20"),
    ("valid_to", "2027-05-19"),
    ("publicity_end", "2027-05-19"),
    ("deciding_org_credit_code", "11500226753092798P"),
    ("data_source", "六盘水市钟山区市场监督管理局"),
    ("enforcement_case_id", "17"),
    ("published_date", "2024-05-24"),
];

const LICENCE: &[(&str, &str)] = &[
    ("kind", "行政许可"),
    ("category", "普通"),
    ("amount", ""),
    ("content", "食品经营许可"),
];

#[test]
fn penalty_and_licence_records_are_accepted() {
    let r = accept(&PUBLICITY_RECORDS, PENALTY, &[]);
    assert_eq!(
        r.get("amount").as_int(),
        Some(6_234_560),
        "stored in 分 of 元"
    );
    accept(&PUBLICITY_RECORDS, PENALTY, LICENCE);
    accept(
        &PUBLICITY_RECORDS,
        PENALTY,
        &[LICENCE, &[("category", "")]].concat(),
    );
}

#[test]
fn published_after_decision() {
    reject(
        &PUBLICITY_RECORDS,
        PENALTY,
        &[("published_date", "2024-05-19")],
        "published_date",
        "不能早于「决定日期」",
    );
    reject(
        &PUBLICITY_RECORDS,
        PENALTY,
        &[("publicity_end", "2024-05-19")],
        "publicity_end",
        "不能早于「决定日期」",
    );
}

#[test]
fn validity_in_order() {
    reject(
        &PUBLICITY_RECORDS,
        PENALTY,
        &[("valid_to", "2024-05-19")],
        "valid_to",
        "不能早于「有效期自」",
    );
}

#[test]
fn penalties_need_a_category() {
    reject(
        &PUBLICITY_RECORDS,
        PENALTY,
        &[("category", "")],
        "category",
        "处罚类别",
    );
}

#[test]
fn amounts_only_on_penalties() {
    reject(
        &PUBLICITY_RECORDS,
        PENALTY,
        &[LICENCE, &[("amount", "100")]].concat(),
        "amount",
        "只有行政处罚",
    );
}

#[test]
fn party_id_matches_category() {
    reject(
        &PUBLICITY_RECORDS,
        PENALTY,
        &[("party_category", "自然人")],
        "party_id",
        "公民身份号码",
    );
    reject(
        &PUBLICITY_RECORDS,
        PENALTY,
        &[("party_id", "11010519491231002X")],
        "party_id",
        "统一社会信用代码",
    );
    accept(
        &PUBLICITY_RECORDS,
        PENALTY,
        &[
            ("party_category", "个体工商户"),
            ("party_id", "11010519491231002X"),
        ],
    );
    reject(
        &PUBLICITY_RECORDS,
        PENALTY,
        &[("deciding_org_credit_code", "91310115MA1G4L1WXK")],
        "deciding_org_credit_code",
        "",
    );
}
