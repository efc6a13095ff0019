//! Tests of assessment schemes (the shipped example, every problem listed) and of scoring
//! against hand-computed scores.

use std::collections::BTreeMap;

use fazhi_catalog::Catalog;

use crate::*;

fn catalog() -> &'static Catalog {
    Catalog::embedded().expect("embedded catalog")
}

fn sets() -> DataSets {
    DataSets::shipped(catalog()).expect("shipped data sets")
}

const SCHEME: &str = r#"
[[scheme]]
name = "测试方案"
years = [2024]
units = { kinds = ["county"] }

[[scheme.item]]
key = "litigation.head_appearance_rate"
weight = 20
rule = "full_at"
target = 100
if_missing = "full"

[[scheme.item]]
key = "litigation.loss_rate"
weight = 20
rule = "max_at"
per_point = 2

[[scheme.item]]
key = "legality_review.rate"
weight = 10
rule = "full_at"
target = 100
below = "zero"

[[scheme.item]]
name = "按时报送"
weight = 10
rule = "late_forms"
per_form = 5
"#;

fn unit(code: &str, values: &[(&str, f64)], forms: &[(&str, FormsRecord)]) -> UnitFigures {
    UnitFigures {
        code: code.to_owned(),
        name: format!("{code}县"),
        values: values.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
        forms: forms
            .iter()
            .map(|(k, r)| ((*k).to_owned(), *r))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn record(expected: u32, late: u32, missing: u32) -> FormsRecord {
    FormsRecord {
        expected,
        late,
        missing,
    }
}

#[test]
fn the_shipped_example_is_valid_and_labelled_an_example() {
    let schemes = Schemes::shipped(catalog(), &sets()).expect("shipped scheme");
    let scheme = schemes.of_year(2024).expect("a scheme for 2024");
    assert!(scheme.name.contains("示例"), "{}", scheme.name);
    assert!((scheme.full_marks() - 100.0).abs() < 1e-9);
    assert_eq!(schemes.of_year(1999), None);
}

#[test]
fn scores_match_the_hand_computed_ones_and_ties_share_a_rank() {
    let schemes = Schemes::from_toml(SCHEME, catalog(), &sets()).expect("scheme");
    let scheme = schemes.of_year(2024).expect("2024");
    let (head, loss, legal) = (
        "litigation.head_appearance_rate",
        "litigation.loss_rate",
        "legality_review.rate",
    );
    let units = [
        // 20 + 20 (4 ≤ average 7) + 10 + 10 = 60
        unit(
            "a",
            &[(head, 100.0), (loss, 4.0), (legal, 100.0)],
            &[("annual", record(1, 0, 0))],
        ),
        // 20×80÷100 = 16; 10 − 7 = 3 points above the average × 2 = 6 lost → 14;
        // 90 < 100 → 0; one late and one missing form × 5 = 10 lost → 0. Total 30.
        unit(
            "b",
            &[(head, 80.0), (loss, 10.0), (legal, 90.0)],
            &[
                ("annual", record(1, 1, 0)),
                ("enforcement-quarterly", record(4, 0, 1)),
            ],
        ),
        // No hearings: full 20; 7 = the average: 20; 10; no forms due: 10. Total 60.
        unit("c", &[(loss, 7.0), (legal, 100.0)], &[]),
    ];
    let scores = score(scheme, &units);
    let summary: Vec<(&str, f64, u32)> = scores
        .iter()
        .map(|s| (s.code.as_str(), s.total, s.rank))
        .collect();
    assert_eq!(
        summary,
        vec![("a", 60.0, 1), ("c", 60.0, 1), ("b", 30.0, 3)]
    );
    let b = &scores[2];
    let points: Vec<f64> = b.lines.iter().map(|l| l.points).collect();
    assert_eq!(points, vec![16.0, 14.0, 0.0, 0.0]);
    assert_eq!(b.lines[0].figure, "80%");
    assert!(b.lines[1].why.contains("平均值7%"), "{}", b.lines[1].why);
    assert!(b.lines[1].why.contains("扣6分"), "{}", b.lines[1].why);
    assert_eq!(b.lines[3].figure, "应报5份,逾期报送1份,未报送1份");
    assert_eq!(scores[1].lines[0].figure, "无数据");
}

#[test]
fn a_deduction_never_goes_below_zero_and_a_threshold_gives_full_marks() {
    let text = SCHEME.replace("per_point = 2", "per_point = 2\nthreshold = 12");
    let schemes = Schemes::from_toml(&text, catalog(), &sets()).expect("scheme");
    let scheme = schemes.of_year(2024).expect("2024");
    let loss = "litigation.loss_rate";
    let units = [
        unit("a", &[(loss, 0.0)], &[("annual", record(12, 3, 9))]),
        unit("b", &[(loss, 11.0)], &[]),
        unit("c", &[(loss, 40.0)], &[]),
    ];
    let scores = score(scheme, &units);
    let by_code: BTreeMap<&str, &UnitScore> = scores.iter().map(|s| (s.code.as_str(), s)).collect();
    // b: 11 is above the average 17 → no; at or below the threshold 12 → full 20.
    assert_eq!(by_code["b"].lines[1].points, 20.0);
    // c: 40 − 17 = 23 points above × 2 = 46 > 20 → 0, not negative.
    assert_eq!(by_code["c"].lines[1].points, 0.0);
    // a: 12 forms late or missing × 5 = 60 > 10 → 0.
    assert_eq!(by_code["a"].lines[3].points, 0.0);
    // No legality figure and no if_missing: 0.
    assert_eq!(by_code["a"].lines[2].points, 0.0);
}

#[test]
fn a_bad_scheme_lists_every_problem_in_chinese() {
    let text = r#"
[[scheme]]
name = "甲"
years = [2024, 1900]
units = { kinds = ["village"] }

[[scheme.item]]
key = "no.such_key"
weight = 10
rule = "full_at"
target = 100

[[scheme.item]]
key = "litigation.loss_rate"
weight = -1
rule = "max_at"
target = 5

[[scheme.item]]
name = "按时报送"
weight = 10
rule = "late_forms"
per_form = 5
data_sets = ["nope"]

[[scheme.item]]
key = "litigation.loss_rate"
weight = 10
rule = "lowest"

[[scheme]]
name = "乙"
years = [2024]
units = { kinds = ["county"] }
"#;
    let err = Schemes::from_toml(text, catalog(), &sets()).expect_err("invalid");
    let ReviewError::SchemeInvalid(problems) = &err else {
        panic!("not a list of problems: {err}");
    };
    let all = problems.join("\n");
    for expected in [
        "年度1900不合理",
        "参评单位类别「village」无效",
        "「no.such_key」不是指标目录中的指标",
        "分值(weight)应为正数",
        "规则「max_at」不使用target",
        "规则「max_at」须填写每点扣分(per_point)",
        "报表「nope」不存在",
        "规则「lowest」无效",
        "2024年已有其他考核方案",
        "没有任何考核项目",
    ] {
        assert!(all.contains(expected), "missing 「{expected}」 in:\n{all}");
    }
    assert!(err.to_string().starts_with("考核方案有"), "{err}");
    let syntax = Schemes::from_toml("[[scheme]]\nname = ", catalog(), &sets()).expect_err("syntax");
    assert!(
        matches!(syntax, ReviewError::SchemeSyntax { line: Some(2), .. }),
        "{syntax}"
    );
}
