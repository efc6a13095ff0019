//! A deployment's jurisdiction (本地地区): rules set per province use it when a computation
//! names none — 重大行政处罚备案 within 5 days in 青海 (省政府令第4号), 15 by default (山西令第206号).
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use chrono::NaiveDate;
use fazhi_calendar::{DeadlineEngine, DeadlineOptions};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_deployment_jurisdiction_applies_when_a_computation_names_none() {
    let mut engine = DeadlineEngine::embedded().unwrap();
    let plain = DeadlineOptions::default();
    assert_eq!(
        engine.due_date("major_penalty.filing", d("2024-03-04"), &plain),
        Ok(d("2024-03-19")),
        "15 days by default"
    );
    engine.set_jurisdiction(Some("青海省".to_owned()));
    assert_eq!(engine.jurisdiction(), Some("青海省"));
    let result = engine.compute("major_penalty.filing", d("2024-03-04"), &plain);
    let Ok(deadline) = result else {
        panic!("{result:?}")
    };
    assert_eq!(deadline.due, d("2024-03-11"), "5 days end on a Saturday");
    assert!(deadline.explanation.iter().any(|l| l.contains("青海省")));
    // A computation that names its jurisdiction still wins.
    let shanxi = DeadlineOptions {
        jurisdiction: Some("山西省"),
        ..Default::default()
    };
    assert_eq!(
        engine.due_date("major_penalty.filing", d("2024-03-04"), &shanxi),
        Ok(d("2024-03-19"))
    );
}
