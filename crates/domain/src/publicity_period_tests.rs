use chrono::NaiveDate;

use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn penalty(decided: &str) -> PublicationFacts {
    PublicationFacts {
        penalty: true,
        decision_date: Some(day(decided)),
        published_date: Some(day(decided)),
        ..PublicationFacts::default()
    }
}

fn rules() -> &'static PublicityRules {
    PublicityRules::embedded()
}

#[test]
fn the_embedded_table_parses_and_its_regimes_follow_each_other() {
    let regimes = &rules().regimes;
    assert_eq!(regimes.len(), 3);
    for pair in regimes.windows(2) {
        assert_eq!(
            pair[0].valid_to,
            Some(pair[1].valid_from),
            "{}",
            pair[1].key
        );
    }
    assert_eq!(rules().regime_for(day("2026-04-01")).key, "ndrc-order-36");
    assert_eq!(rules().regime_for(day("2026-03-31")).key, "ndrc-order-58");
    assert_eq!(rules().regime_for(day("2015-01-01")).key, "ndrc-2019-527");
}

#[test]
fn a_general_penalty_is_public_for_one_year_from_its_decision() {
    let facts = penalty("2024-03-15");
    let seen = rules().visibility(&facts, day("2025-03-14")).unwrap();
    assert_eq!(seen.until, Some(day("2025-03-14")));
    assert_eq!(
        rules().visibility(&facts, day("2025-03-15")),
        Err(Hidden::Expired)
    );
}

#[test]
fn a_serious_penalty_stays_three_years_and_a_stated_end_shortens_it() {
    let mut facts = penalty("2024-03-15");
    facts.severity = Some(Severity::Serious);
    assert!(rules().visibility(&facts, day("2027-03-14")).is_ok());
    assert_eq!(
        rules().visibility(&facts, day("2027-03-15")),
        Err(Hidden::Expired)
    );
    facts.stated_end = Some(day("2025-06-30"));
    assert_eq!(
        rules().visibility(&facts, day("2025-07-01")),
        Err(Hidden::Expired)
    );
}

#[test]
fn minor_penalties_are_not_published_from_order_36_on_but_were_before() {
    let mut facts = penalty("2026-04-01");
    facts.severity = Some(Severity::Minor);
    assert_eq!(
        rules().visibility(&facts, day("2026-04-02")),
        Err(Hidden::MinorNotPublished)
    );
    let mut older = penalty("2025-01-10");
    older.severity = Some(Severity::Minor);
    assert!(rules().visibility(&older, day("2025-02-01")).is_ok());
}

#[test]
fn simple_procedure_warnings_and_withdrawn_records_are_hidden() {
    let mut facts = penalty("2024-05-01");
    facts.simple_procedure = true;
    assert_eq!(
        rules().visibility(&facts, day("2024-05-02")),
        Err(Hidden::SimpleProcedure)
    );
    let mut warning = penalty("2024-05-01");
    warning.warning_only = true;
    assert_eq!(
        rules().visibility(&warning, day("2024-05-02")),
        Err(Hidden::WarningOnly)
    );
    let mut repaired = penalty("2024-05-01");
    repaired.withdrawn_date = Some(day("2024-09-01"));
    assert!(rules().visibility(&repaired, day("2024-08-31")).is_ok());
    assert_eq!(
        rules().visibility(&repaired, day("2024-09-01")),
        Err(Hidden::Withdrawn)
    );
}

#[test]
fn licences_have_no_credit_period_but_keep_their_own_end() {
    let mut licence = PublicationFacts {
        penalty: false,
        decision_date: Some(day("2019-01-02")),
        published_date: Some(day("2019-01-05")),
        ..PublicationFacts::default()
    };
    assert_eq!(
        rules().visibility(&licence, day("2026-12-01")),
        Ok(Visible { until: None })
    );
    assert_eq!(
        rules().visibility(&licence, day("2019-01-04")),
        Err(Hidden::NotPublished)
    );
    licence.stated_end = Some(day("2024-01-01"));
    assert_eq!(
        rules().visibility(&licence, day("2024-01-02")),
        Err(Hidden::Expired)
    );
}

#[test]
fn ids_keep_six_and_four_characters() {
    assert_eq!(rules().mask_id("52020119900307123X"), "520201********123X");
    assert_eq!(rules().mask_id("12345"), "*****");
    assert_eq!(
        rules()
            .mask_id(" 五二零二零一一九九零零三零七一二三四 ")
            .chars()
            .count(),
        18
    );
}

#[test]
fn a_table_without_regimes_is_refused_in_chinese() {
    let text = "regime = []\n[exclusions]\nsimple_procedure = true\nwarning_only = true\n\
        source = \"s\"\n[mask]\nkeep_head = 6\nkeep_tail = 4\nsource = \"s\"\n";
    let err = PublicityRules::parse(text).unwrap_err();
    assert!(err.to_string().contains("至少需要一个规则版本"), "{err}");
}
