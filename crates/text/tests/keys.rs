//! Key assignment on short sentences written for these tests (not report text).
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use fazhi_text::Reader;

fn keys(text: &str, rules_only: bool) -> Vec<(f64, Option<String>)> {
    let reader = Reader::embedded().expect("catalog");
    let reader = if rules_only {
        reader.with_key_model(None)
    } else {
        reader
    };
    reader
        .extract(text)
        .into_iter()
        .map(|s| (s.value, s.key))
        .collect()
}

#[test]
fn a_second_rate_named_in_its_own_words_does_not_take_the_first_ones_key() {
    let text = "办理人大代表建议42件，办复率均为100%，满意率达98%。";
    for rules_only in [true, false] {
        let k = keys(text, rules_only);
        assert_eq!(k.len(), 3, "{k:?}");
        assert!(k[1].1.is_some(), "{k:?}");
        assert_ne!(k[2].1, k[1].1, "rules only: {rules_only}: {k:?}");
    }
}

#[test]
fn both_ends_of_a_range_are_statistics() {
    let k = keys("审批时间由原来的20个工作日缩短为3—5个工作日。", true);
    let values: Vec<f64> = k.iter().map(|s| s.0).collect();
    assert_eq!(values, vec![20.0, 3.0, 5.0]);
}

#[test]
fn the_learned_scorer_keeps_clear_core_statistics() {
    let text = "全年受理行政复议案件120件，审结110件，纠错率为8.5%。";
    let model = keys(text, false);
    let rules = keys(text, true);
    assert_eq!(model, rules);
    assert_eq!(model[0].1.as_deref(), Some("reconsideration.received"));
}

#[test]
fn details_of_one_case_are_not_statistics() {
    let text = "全年调解劳动纠纷260件，成功率96%。在调处一起欠薪纠纷时，\
                工人先后到4家工地讨薪，经调解，企业支付工资6.2万元。\
                某建材公司与11名业主发生争议。全年培训调解员300人次。";
    let reader = Reader::embedded().expect("catalog");
    let values: Vec<f64> = reader.extract(text).into_iter().map(|s| s.value).collect();
    assert_eq!(values, vec![260.0, 96.0, 300.0]);
}
