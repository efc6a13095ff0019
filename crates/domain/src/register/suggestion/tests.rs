use super::*;
use crate::register::testing::{accept, reject};

const SUGGESTION: &[(&str, &str)] = &[
    ("kind", "人大代表建议"),
    ("suggestion_no", "人大七届四次第12号"),
    ("session", "市七届人大四次会议"),
    ("proposer", "张某某"),
    ("title", "关于加快老旧小区加装电梯的建议"),
    ("co_units", "市财政局、市自然资源和规划局"),
    ("assigned_date", "2024-03-15"),
    ("complex", "否"),
    ("reply_date", "2024-06-10"),
    ("category", "A类(已解决或采纳)"),
    ("satisfaction", "满意"),
];

#[test]
fn a_replied_suggestion_is_accepted() {
    let r = accept(&SUGGESTIONS, SUGGESTION, &[]);
    assert_eq!(r.text("kind"), Some("npc"));
    assert_eq!(r.text("category"), Some("solved"));
    assert_eq!(r.text("satisfaction"), Some("satisfied"));
    assert!(!r.flag("complex"));
    // Not yet replied: no category, no verdict.
    accept(
        &SUGGESTIONS,
        SUGGESTION,
        &[("reply_date", ""), ("category", ""), ("satisfaction", "")],
    );
    // The proposer's verdict comes later than the reply.
    accept(&SUGGESTIONS, SUGGESTION, &[("satisfaction", "")]);
    // Codes are accepted as well as labels (the API).
    accept(
        &SUGGESTIONS,
        SUGGESTION,
        &[("kind", "cppcc"), ("category", "for_reference")],
    );
}

#[test]
fn the_reply_follows_the_assignment() {
    reject(
        &SUGGESTIONS,
        SUGGESTION,
        &[("reply_date", "2024-03-14")],
        "reply_date",
        "不能早于「交办日期」",
    );
    accept(&SUGGESTIONS, SUGGESTION, &[("reply_date", "2024-03-15")]);
}

#[test]
fn category_and_verdict_only_with_a_reply() {
    reject(
        &SUGGESTIONS,
        SUGGESTION,
        &[("reply_date", ""), ("satisfaction", "")],
        "category",
        "尚未填写答复日期",
    );
    reject(
        &SUGGESTIONS,
        SUGGESTION,
        &[("reply_date", ""), ("category", "")],
        "satisfaction",
        "尚未答复",
    );
    reject(
        &SUGGESTIONS,
        SUGGESTION,
        &[("category", "")],
        "category",
        "必须填写",
    );
}

#[test]
fn a_bare_number_is_refused() {
    for no in ["12", "第12号", "012"] {
        reject(
            &SUGGESTIONS,
            SUGGESTION,
            &[("suggestion_no", no)],
            "suggestion_no",
            "请写明类别和届次",
        );
    }
    accept(
        &SUGGESTIONS,
        SUGGESTION,
        &[("suggestion_no", "政协〔2024〕第35号")],
    );
}

#[test]
fn unknown_options_name_the_allowed_ones() {
    reject(
        &SUGGESTIONS,
        SUGGESTION,
        &[("satisfaction", "非常满意")],
        "satisfaction",
        "满意、基本满意、不满意",
    );
    reject(
        &SUGGESTIONS,
        SUGGESTION,
        &[("kind", "议案")],
        "kind",
        "人大代表建议、政协委员提案",
    );
}
