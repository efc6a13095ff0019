use super::*;
use crate::register::Value;
use crate::register::testing::{accept, reject};

const CONTRACT: &[(&str, &str)] = &[
    ("review_no", "株司审〔2024〕15号"),
    ("kind", "行政协议/合同"),
    ("title", "市城区停车场特许经营协议"),
    ("received_date", "2024-03-04"),
    ("contract_amount", "1,250万元"),
    ("reviewer", "李某某"),
    ("reviewer_kind", "法律顾问"),
    ("opinion_date", "2024-03-08"),
    ("opinion_count", "6"),
    ("opinions", "违约责任条款不对等;特许经营期限超出规定"),
    ("adoption", "部分采纳"),
];

#[test]
fn a_reviewed_contract_is_accepted() {
    let r = accept(&LEGALITY_REVIEWS, CONTRACT, &[]);
    assert_eq!(r.text("kind"), Some("contract"));
    assert_eq!(r.get("contract_amount"), &Value::Fen(1_250_000_000));
    assert_eq!(r.get("opinion_count"), &Value::Int(6));
    assert_eq!(r.text("adoption"), Some("partly_adopted"));
    // Received, not yet reviewed; the number left to the system.
    accept(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[
            ("review_no", ""),
            ("opinion_date", ""),
            ("opinion_count", ""),
            ("opinions", ""),
            ("adoption", ""),
        ],
    );
    // A review without changes: no opinions to adopt.
    accept(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("opinion_count", "0"), ("opinions", ""), ("adoption", "")],
    );
}

#[test]
fn dates_out_of_order_name_the_field() {
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("opinion_date", "2024-03-01")],
        "opinion_date",
        "不能早于「收件日期」",
    );
    accept(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("opinion_date", "2024-03-04")],
    );
}

#[test]
fn decisions_and_documents_name_their_record() {
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("kind", "重大行政决策"), ("contract_amount", "")],
        "major_decision_id",
        "必须填写(送审重大行政决策的)",
    );
    let r = accept(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[
            ("kind", "重大行政决策"),
            ("contract_amount", ""),
            ("major_decision_id", "ZD-2024-03"),
        ],
    );
    assert_eq!(r.text("major_decision_id"), Some("ZD-2024-03"));
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("kind", "规范性文件"), ("contract_amount", "")],
        "normative_doc_id",
        "必须填写(送审规范性文件的)",
    );
    accept(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[
            ("kind", "normative_doc"),
            ("contract_amount", ""),
            ("normative_doc_id", "株政发〔2024〕3号"),
        ],
    );
    // A link that does not fit the kind is refused, not kept silently.
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("normative_doc_id", "株政发〔2024〕3号")],
        "normative_doc_id",
        "仅送审规范性文件的填写",
    );
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("kind", "政府常务会议议题")],
        "contract_amount",
        "仅行政协议/合同填写合同金额",
    );
}

#[test]
fn opinions_follow_the_opinion_date() {
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("opinion_date", "")],
        "opinion_count",
        "尚未填写出具意见日期",
    );
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[
            ("opinion_date", ""),
            ("opinion_count", ""),
            ("opinions", ""),
        ],
        "adoption",
        "尚未填写出具意见日期",
    );
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("opinion_count", "")],
        "opinion_count",
        "必须填写",
    );
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("reviewer", "")],
        "reviewer",
        "必须填写",
    );
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("opinion_count", "0")],
        "adoption",
        "无所谓采纳",
    );
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("opinion_count", "-1")],
        "opinion_count",
        "",
    );
}

#[test]
fn unknown_options_name_the_allowed_ones() {
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("kind", "合同")],
        "kind",
        "行政协议/合同、政府常务会议议题、重大行政决策",
    );
    reject(
        &LEGALITY_REVIEWS,
        CONTRACT,
        &[("adoption", "基本采纳")],
        "adoption",
        "采纳、部分采纳、未采纳",
    );
}
