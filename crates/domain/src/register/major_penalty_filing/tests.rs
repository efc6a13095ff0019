use super::*;
use crate::register::testing::{accept, reject};

const FILING: &[(&str, &str)] = &[
    ("filing_no", "泸司备〔2024〕15号"),
    ("decision_no", "泸市监罚〔2024〕88号"),
    ("decision_kind", "重大行政处罚"),
    ("ground", "较大数额罚款或没收"),
    ("party", "某某建材有限公司"),
    ("amount", "200000"),
    ("decision_date", "2024-03-04"),
    ("filed_date", "2024-03-12"),
    ("filed_with", "市人民政府(市司法局)"),
    ("review_result", "符合规定"),
    ("review_date", "2024-03-25"),
];

#[test]
fn a_reviewed_filing_is_accepted() {
    let r = accept(&MAJOR_PENALTY_FILINGS, FILING, &[]);
    assert_eq!(r.text("decision_kind"), Some("penalty"));
    assert_eq!(r.get("amount").as_int(), Some(20_000_000));
}

#[test]
fn filing_and_review_follow_the_decision() {
    reject(
        &MAJOR_PENALTY_FILINGS,
        FILING,
        &[("filed_date", "2024-03-01")],
        "filed_date",
        "不能早于",
    );
    reject(
        &MAJOR_PENALTY_FILINGS,
        FILING,
        &[("filed_date", "")],
        "review_date",
        "先填写报送备案日期",
    );
    reject(
        &MAJOR_PENALTY_FILINGS,
        FILING,
        &[("review_date", "")],
        "review_result",
        "尚未填写审查日期",
    );
    reject(
        &MAJOR_PENALTY_FILINGS,
        FILING,
        &[("review_result", "")],
        "review_result",
        "必须填写",
    );
}

#[test]
fn the_ground_matches_the_kind_of_decision() {
    reject(
        &MAJOR_PENALTY_FILINGS,
        FILING,
        &[("ground", "查封、扣押、冻结")],
        "ground",
        "属于行政强制",
    );
    reject(
        &MAJOR_PENALTY_FILINGS,
        FILING,
        &[("decision_kind", "重大行政强制")],
        "ground",
        "属于行政处罚",
    );
    accept(
        &MAJOR_PENALTY_FILINGS,
        FILING,
        &[
            ("decision_kind", "重大行政强制"),
            ("ground", "查封、扣押、冻结"),
            ("amount", ""),
        ],
    );
    reject(
        &MAJOR_PENALTY_FILINGS,
        FILING,
        &[("amount", "")],
        "amount",
        "较大数额罚款",
    );
}
