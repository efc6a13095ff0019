use super::*;
use crate::Reader;

fn checks(text: &str) -> Vec<Check> {
    let reader = Reader::embedded().expect("catalog");
    reader.check(&reader.read(text))
}

#[test]
fn stated_rate_agrees_with_stated_counts() {
    let c = checks("受理人民调解案件49545件，调解成功48899件，调解成功率98.7%。");
    let rate = c
        .iter()
        .find(|c| c.kind == CheckKind::Rate)
        .expect("rate check");
    assert_eq!(rate.key, "mediation.success_rate");
    assert_eq!(rate.verdict, Verdict::Consistent);
}

#[test]
fn wrong_rate_is_inconsistent_with_expected_value() {
    let c = checks("受理调解案件6368件，调解成功6217件，调解成功率95.1%。");
    let rate = c
        .iter()
        .find(|c| c.kind == CheckKind::Rate)
        .expect("rate check");
    assert_eq!(rate.verdict, Verdict::Inconsistent { expected: 97.6 });
}

#[test]
fn rate_without_counts_is_uncheckable() {
    let c = checks("调解成功率为97.73%。");
    assert_eq!(c[0].verdict, Verdict::Uncheckable);
}

#[test]
fn part_larger_than_total_is_inconsistent() {
    let c = checks("领取标准化事项8287项，其中行政许可9371项。");
    let part = c
        .iter()
        .find(|c| c.kind == CheckKind::PartOfTotal)
        .expect("part check");
    assert_eq!(part.verdict, Verdict::Inconsistent { expected: 8287.0 });
}

#[test]
fn yoy_with_both_years_is_checked() {
    let c = checks("受理人民调解案件1200件，上年受理人民调解案件1000件，同比增长20%。");
    let yoy = c
        .iter()
        .find(|c| c.kind == CheckKind::YearOnYear)
        .expect("yoy check");
    assert_eq!(yoy.verdict, Verdict::Consistent);
}

#[test]
fn catalog_relation_is_checked() {
    let c = checks("排查矛盾纠纷5883起，化解5709起，化解率97.04%。");
    assert!(
        c.iter()
            .any(|c| c.kind == CheckKind::Relation && c.verdict == Verdict::Consistent)
    );
    let rate = c.iter().find(|c| c.kind == CheckKind::Rate).expect("rate");
    assert_eq!(rate.verdict, Verdict::Consistent);
}

#[test]
fn agreement_to_precision() {
    assert!(agrees(97.634, 97.63, 2));
    assert!(agrees(97.634, 97.6, 1));
    assert!(!agrees(97.634, 95.0, 0));
}
