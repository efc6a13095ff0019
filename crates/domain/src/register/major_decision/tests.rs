use super::*;
use crate::register::testing::{accept, reject};

const DECISION: &[(&str, &str)] = &[
    ("catalog_year", "2024"),
    ("catalog_no", "2024-03"),
    ("title", "六盘水市中心城区停车收费标准调整"),
    ("listed_date", "2024-02-10"),
    ("public_participation_required", "是"),
    ("public_participation_start", "2024-03-01"),
    ("public_participation_end", "2024-03-31"),
    (
        "public_participation_evidence",
        "征求意见公告;收到意见42条,采纳15条",
    ),
    ("expert_review_required", "是"),
    ("expert_review_date", "2024-04-10"),
    ("expert_review_evidence", "专家论证意见书"),
    ("risk_assessment_required", "是"),
    ("risk_assessment_date", "2024-04-20"),
    ("risk_assessment_evidence", "社会稳定风险评估报告"),
    ("legality_review_date", "2024-05-08"),
    ("legality_review_result", "修改后合法"),
    ("legality_review_evidence", "市司法局合法性审查意见书"),
    ("collective_decision_date", "2024-05-20"),
    ("decision_meeting", "市人民政府第12次常务会议"),
];

#[test]
fn a_realistic_decision_is_accepted() {
    let r = accept(&MAJOR_DECISIONS, DECISION, &[]);
    assert_eq!(r.get("catalog_year").as_int(), Some(2024));
    let listed_only = [
        ("public_participation_required", ""),
        ("public_participation_start", ""),
        ("public_participation_end", ""),
        ("expert_review_required", "否"),
        ("expert_review_date", ""),
        ("risk_assessment_required", "否"),
        ("risk_assessment_date", ""),
        ("legality_review_date", ""),
        ("legality_review_result", ""),
        ("collective_decision_date", ""),
    ];
    accept(&MAJOR_DECISIONS, DECISION, &listed_only);
}

#[test]
fn required_steps_need_their_dates() {
    reject(
        &MAJOR_DECISIONS,
        DECISION,
        &[("public_participation_start", "")],
        "public_participation_start",
        "第十四条",
    );
    reject(
        &MAJOR_DECISIONS,
        DECISION,
        &[("public_participation_end", "")],
        "public_participation_end",
        "第十四条",
    );
    reject(
        &MAJOR_DECISIONS,
        DECISION,
        &[("expert_review_date", "")],
        "expert_review_date",
        "第十九条",
    );
    reject(
        &MAJOR_DECISIONS,
        DECISION,
        &[("risk_assessment_date", "")],
        "risk_assessment_date",
        "第二十二条",
    );
    accept(
        &MAJOR_DECISIONS,
        DECISION,
        &[("expert_review_required", "否"), ("expert_review_date", "")],
    );
}

#[test]
fn steps_precede_the_collective_decision() {
    for step in [
        "expert_review_date",
        "risk_assessment_date",
        "legality_review_date",
    ] {
        reject(
            &MAJOR_DECISIONS,
            DECISION,
            &[(step, "2024-05-21")],
            "collective_decision_date",
            "不能早于",
        );
    }
    let late_comments = [
        ("public_participation_start", "2024-05-01"),
        ("public_participation_end", "2024-06-05"),
    ];
    reject(
        &MAJOR_DECISIONS,
        DECISION,
        &late_comments,
        "collective_decision_date",
        "不能早于「征求意见截止日期」",
    );
}

#[test]
fn no_decision_without_legality_review() {
    reject(
        &MAJOR_DECISIONS,
        DECISION,
        &[("legality_review_date", ""), ("legality_review_result", "")],
        "legality_review_date",
        "第二十五条",
    );
    reject(
        &MAJOR_DECISIONS,
        DECISION,
        &[("legality_review_result", "不合法")],
        "collective_decision_date",
        "第二十五条",
    );
    reject(
        &MAJOR_DECISIONS,
        DECISION,
        &[("legality_review_date", "")],
        "legality_review_date",
        "合法性审查结论",
    );
}

#[test]
fn comment_period_at_least_30_days_unless_explained() {
    reject(
        &MAJOR_DECISIONS,
        DECISION,
        &[("public_participation_end", "2024-03-30")],
        "public_participation_end",
        "仅29日",
    );
    accept(
        &MAJOR_DECISIONS,
        DECISION,
        &[
            ("public_participation_end", "2024-03-30"),
            ("public_participation_short_reason", "情况紧急"),
        ],
    );
    reject(
        &MAJOR_DECISIONS,
        DECISION,
        &[("public_participation_end", "2024-02-28")],
        "public_participation_end",
        "不能早于「征求意见开始日期」",
    );
}
