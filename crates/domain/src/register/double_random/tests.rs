use super::*;
use crate::register::testing::{accept, reject};

const OBJECT: &[(&str, &str)] = &[
    ("credit_code", "914403001922038216"),
    ("name", "某某食品有限公司"),
    ("object_type", "企业"),
    ("listed_date", "2024-01-05"),
    ("status", "在册"),
];

const INSPECTION: &[(&str, &str)] = &[
    ("inspection_no", "3-001"),
    ("task_name", "2024年食品经营者双随机抽查"),
    ("object_id", "914403001922038216"),
    ("matter", "食品经营许可事项检查"),
    ("officers", "52020001, 52020002"),
    ("planned_date", "2024-05-06"),
    ("check_date", "2024-05-20"),
    ("result", "未发现问题"),
    ("published_date", "2024-06-03"),
];

#[test]
fn an_object_and_an_inspection_are_accepted() {
    let o = accept(&INSPECTION_OBJECTS, OBJECT, &[]);
    assert_eq!(o.text("status"), Some(LISTED));
    let i = accept(&RANDOM_INSPECTIONS, INSPECTION, &[]);
    assert_eq!(i.text("result"), Some("no_problem"));
}

#[test]
fn a_wrong_credit_code_is_refused_with_its_check_character() {
    reject(
        &INSPECTION_OBJECTS,
        OBJECT,
        &[("credit_code", "91310115MA1G4L1WXK")],
        "credit_code",
        "校验位",
    );
}

#[test]
fn a_removed_object_has_a_removal_date_and_a_listed_one_none() {
    reject(
        &INSPECTION_OBJECTS,
        OBJECT,
        &[("status", "已移出(注销、吊销或迁出)")],
        "removed_date",
        "必须填写",
    );
    reject(
        &INSPECTION_OBJECTS,
        OBJECT,
        &[("removed_date", "2024-03-01")],
        "removed_date",
        "不应填写",
    );
    reject(
        &INSPECTION_OBJECTS,
        OBJECT,
        &[
            ("status", "已移出(注销、吊销或迁出)"),
            ("removed_date", "2023-12-01"),
        ],
        "removed_date",
        "不能早于",
    );
}

#[test]
fn one_officer_is_not_enough() {
    reject(
        &RANDOM_INSPECTIONS,
        INSPECTION,
        &[("officers", "52020001")],
        "officers",
        "不得少于两人",
    );
    reject(
        &RANDOM_INSPECTIONS,
        INSPECTION,
        &[("officers", "52020001、")],
        "officers",
        "只有1名",
    );
    accept(
        &RANDOM_INSPECTIONS,
        INSPECTION,
        &[("officers", "52020001、52020002、52020003")],
    );
}

#[test]
fn a_result_comes_with_the_end_of_the_check_and_before_its_publication() {
    reject(
        &RANDOM_INSPECTIONS,
        INSPECTION,
        &[("check_date", "")],
        "result",
        "不应填写",
    );
    reject(
        &RANDOM_INSPECTIONS,
        INSPECTION,
        &[("result", "")],
        "result",
        "必须填写",
    );
    reject(
        &RANDOM_INSPECTIONS,
        INSPECTION,
        &[("published_date", "2024-05-19")],
        "published_date",
        "不能早于",
    );
    // A planned inspection: nothing found, nothing published yet.
    accept(
        &RANDOM_INSPECTIONS,
        INSPECTION,
        &[("check_date", ""), ("result", ""), ("published_date", "")],
    );
}
