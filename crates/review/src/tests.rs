//! Tests of data set definitions, review relations and submission checks against the
//! embedded catalog.

use std::collections::HashMap;

use fazhi_catalog::Catalog;
use fazhi_domain::OrgId;
use fazhi_domain::org::OrgKind;
use fazhi_indicators::{Grain, Period};

use crate::*;

fn catalog() -> &'static Catalog {
    Catalog::embedded().expect("embedded catalog")
}

#[test]
fn the_shipped_data_sets_are_valid_and_cover_the_seeds_forms() {
    let sets = DataSets::shipped(catalog()).expect("shipped definitions");
    let annual = sets.get("annual").expect("annual form");
    assert_eq!(annual.grain, Grain::Year);
    assert!(
        annual.keys.len() > 100,
        "the annual form carries the reported keys"
    );
    assert_eq!(
        sets.get("enforcement-quarterly").map(|s| s.grain),
        Some(Grain::Quarter)
    );
    assert_eq!(
        sets.get("legal-services-monthly").map(|s| s.grain),
        Some(Grain::Month)
    );
    assert_eq!(
        sets.of_key("disputes.screened", Grain::Month)
            .map(|s| s.code.as_str()),
        Some("legal-services-monthly")
    );
    assert_eq!(
        sets.of_key("disputes.screened", Grain::Year)
            .map(|s| s.code.as_str()),
        Some("annual")
    );
    assert!(sets.of_key("disputes.screened", Grain::Half).is_none());
    assert!(
        sets.all_of_key("mediation.cases").next().is_none(),
        "computed keys are in no form"
    );
}

#[test]
fn bad_definitions_list_every_problem_in_chinese() {
    let text = r#"
[[data_set]]
code = "Bad Code"
name = "坏报表"
period = "weekly"
keys = ["no.such_key", "mediation.cases"]
reporters = { kinds = ["village"] }
due = { working_days = 0 }
review = ["county"]

[[data_set]]
code = "ok"
name = "好报表"
period = "year"
keys = ["training.sessions", "training.sessions"]
reporters = { kinds = ["county"] }
due = { date = "02-30" }
review = ["nation"]
"#;
    let Err(ReviewError::Invalid(problems)) = DataSets::from_toml(text, catalog()) else {
        panic!("bad definitions were accepted");
    };
    let all = problems.join("\n");
    for want in [
        "代码「Bad Code」",
        "周期「weekly」无效",
        "「no.such_key」不是指标目录中的指标",
        "(mediation.cases)由登记簿或其他指标计算得出",
        "报送单位类别「village」无效",
        "报送期限0个工作日不合理",
        "报送日期「02-30」无效",
        "审核层级「nation」无效",
    ] {
        assert!(all.contains(want), "missing 「{want}」 in:\n{all}");
    }
    let syntax = DataSets::from_toml("[[data_set]]\ncode = ", catalog());
    assert!(
        matches!(&syntax, Err(ReviewError::Syntax { line: Some(2), .. })),
        "{syntax:?}"
    );
    let twice = DataSets::from_toml(
        &format!(
            "{}\n{}",
            one_set("a", "training.sessions"),
            one_set("b", "training.sessions")
        ),
        catalog(),
    );
    let Err(ReviewError::Invalid(problems)) = twice else {
        panic!("a key in two yearly forms was accepted");
    };
    assert!(
        problems[0].contains("同一指标在同一周期只能属于一个报表"),
        "{problems:?}"
    );
}

fn one_set(code: &str, key: &str) -> String {
    format!(
        "[[data_set]]\ncode = \"{code}\"\nname = \"表{code}\"\nperiod = \"year\"\nkeys = [\"{key}\"]\n\
         reporters = {{ kinds = [\"county\"] }}\ndue = {{ date = \"03-01\" }}\nreview = [\"city\"]\n"
    )
}

fn unit(id: i64, parent: Option<i64>, kind: OrgKind, code: &str) -> Unit {
    Unit {
        id: OrgId::new(id),
        parent: parent.map(OrgId::new),
        kind,
        code: code.to_owned(),
        name: code.to_owned(),
    }
}

/// 市(1) > 市司法局(2), 县(3) > 县司法局(4), 镇(5).
fn city() -> Units {
    Units::new(vec![
        unit(1, None, OrgKind::City, "c"),
        unit(2, Some(1), OrgKind::Department, "c-sfj"),
        unit(3, Some(1), OrgKind::County, "k"),
        unit(4, Some(3), OrgKind::Department, "k-sfj"),
        unit(5, Some(3), OrgKind::Township, "t"),
    ])
}

#[test]
fn depth_and_subtrees() {
    let units = city();
    let id = OrgId::new;
    assert_eq!(
        [1, 2, 4].map(|n| units.depth(id(n))),
        [0, 1, 2],
        "the city, a department, a county's department"
    );
    assert!(units.within(id(4), id(3)) && units.within(id(3), id(3)));
    assert!(units.within(id(5), id(1)));
    assert!(
        !units.within(id(2), id(3)),
        "the city's department is not the county's"
    );
    assert!(!units.within(id(1), id(3)));
}

#[test]
fn forms_are_reviewed_by_the_nearest_reviewing_government_above() {
    let sets = DataSets::shipped(catalog()).expect("shipped");
    let annual = sets.get("annual").expect("annual");
    let units = city();
    let id = OrgId::new;
    let reporters: Vec<&str> = units.reporters(annual).map(|u| u.code.as_str()).collect();
    assert_eq!(
        reporters,
        ["c", "c-sfj", "k", "k-sfj"],
        "towns do not report the annual form"
    );
    assert_eq!(
        units.reviewer(annual, id(4)),
        id(3),
        "a county department → its county"
    );
    assert_eq!(units.reviewer(annual, id(3)), id(1), "a county → the city");
    assert_eq!(
        units.reviewer(annual, id(2)),
        id(1),
        "a city department → the city"
    );
    assert_eq!(
        units.reviewer(annual, id(1)),
        id(1),
        "the city accepts its own"
    );
    let by_city: Vec<&str> = units
        .reviewed_by(annual, id(1))
        .map(|u| u.code.as_str())
        .collect();
    assert_eq!(by_city, ["c-sfj", "k"]);
    assert_eq!(units.level(id(4)), Some(OrgKind::County));
    let monthly = sets.get("legal-services-monthly").expect("monthly");
    assert_eq!(units.reviewer(monthly, id(3)), id(1));
    let mut except = annual.clone();
    except.reporters.exclude.push("k-sfj".into());
    except.reporters.include.push("t".into());
    let reporters: Vec<&str> = units.reporters(&except).map(|u| u.code.as_str()).collect();
    assert_eq!(reporters, ["c", "c-sfj", "k", "t"]);
}

#[test]
fn due_dates_fall_on_the_working_day_calendar() {
    let calendar = fazhi_calendar::Calendar::embedded().expect("calendar");
    let sets = DataSets::shipped(catalog()).expect("shipped");
    let quarterly = sets.get("enforcement-quarterly").expect("quarterly");
    // 2024Q3 ends on Monday 30 September; 1–7 October is the National Day holiday, and
    // Saturday 12 October is a 调休 working day: the 10th working day after is 18 October.
    let due = quarterly
        .due_date(Period::Quarter(2024, 3), &calendar)
        .expect("due");
    assert_eq!(due.to_string(), "2024-10-18");
    let annual = sets.get("annual").expect("annual");
    let due = annual.due_date(Period::Year(2024), &calendar).expect("due");
    assert_eq!(due.to_string(), "2025-03-01");
    assert_eq!(annual.due_words(), "次年3月1日前");
}

#[test]
fn completeness_counts_each_due_form_in_the_month_its_period_ends() {
    let calendar = fazhi_calendar::Calendar::embedded().expect("calendar");
    let text = "[[data_set]]\ncode = \"q\"\nname = \"季表\"\nperiod = \"quarter\"\n\
        keys = [\"training.sessions\"]\nreporters = { kinds = [\"county\"] }\n\
        due = { working_days = 10 }\nreview = [\"city\"]\n";
    let sets = DataSets::from_toml(text, catalog()).expect("definition");
    let day = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").expect("day");
    let form = |quarter: u32, submitted: Option<&str>| StoredForm {
        org_id: OrgId::new(3),
        data_set: "q".into(),
        period: Period::Quarter(2024, quarter),
        first_submitted: submitted.map(day),
        approved: quarter == 3,
    };
    // Q2 is due on 12 July: submitted on the 20th, late. Q3 is due on 18 October (across the
    // National Day holiday): submitted that day, on time. Q1 was never submitted. Q4 was
    // submitted early but is not due yet on 20 October.
    let forms = [
        form(2, Some("2024-07-20")),
        form(3, Some("2024-10-18")),
        form(4, Some("2024-10-19")),
    ];
    let tallies = monthly_tallies(&sets, &city(), &forms, day("2024-10-20"), |set, period| {
        set.due_date(period, &calendar).ok()
    });
    let county = OrgId::new(3);
    let at = |month: u32| tallies.get(&(county, Period::Month(2024, month))).copied();
    let tally = |submitted, on_time, approved| Tally {
        expected: 1,
        submitted,
        on_time,
        approved,
    };
    assert_eq!(at(3), Some(tally(0, 0, 0)), "Q1 due, never submitted");
    assert_eq!(at(6), Some(tally(1, 0, 0)), "Q2 submitted late");
    assert_eq!(at(9), Some(tally(1, 1, 1)), "Q3 on its due day");
    assert_eq!(at(12), None, "Q4 is not due yet");
    assert_eq!(tallies.len(), 3, "only the county reports: {tallies:?}");
    let mut year = Tally::default();
    tallies.values().for_each(|t| year.merge(*t));
    assert_eq!(year.submission_rate().map(f64::round), Some(67.0));
    assert_eq!(year.timeliness_rate().map(f64::round), Some(33.0));
    assert!(
        monthly_tallies(&sets, &city(), &[], day("2024-10-20"), |_, _| None).is_empty(),
        "no form stored: nothing expected yet"
    );
}

#[test]
fn submissions_are_checked_against_relations_rates_and_last_year() {
    let sets = DataSets::shipped(catalog()).expect("shipped");
    let monthly = sets.get("legal-services-monthly").expect("monthly");
    let values = |pairs: &[(&str, f64)]| -> HashMap<String, f64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    let now = values(&[("disputes.screened", 10.0), ("disputes.resolved", 12.0)]);
    let findings = check_form(catalog(), monthly, &now, &HashMap::new());
    assert!(
        checks::blocks(&findings),
        "resolved above screened blocks: {findings:?}"
    );
    assert!(findings[0].message.contains("应不大于"), "{findings:?}");
    let now = values(&[("disputes.screened", 30.0), ("disputes.resolved", 12.0)]);
    let last = values(&[("disputes.screened", 10.0), ("disputes.resolved", 11.0)]);
    let findings = check_form(catalog(), monthly, &now, &last);
    assert!(!checks::blocks(&findings), "{findings:?}");
    assert_eq!(
        findings.len(),
        1,
        "only the tripled figure warns: {findings:?}"
    );
    assert!(findings[0].message.contains("增长200%"), "{findings:?}");
    let annual = sets.get("annual").expect("annual");
    let rate = values(&[("legality_review.rate", 120.0)]);
    let findings = check_form(catalog(), annual, &rate, &HashMap::new());
    assert!(checks::blocks(&findings) && findings[0].message.contains("0 至 100"));
}
