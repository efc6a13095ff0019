//! Property tests of the working-day arithmetic and the deadline engine.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use chrono::{Datelike, Days, NaiveDate};
use fazhi_calendar::{Calendar, CalendarPolicy, DeadlineEngine, DeadlineOptions, PeriodUnit};
use proptest::prelude::*;

fn calendar(adjusted_workday_counts: bool) -> Calendar {
    match Calendar::from_toml(
        include_str!("../data/holidays.toml"),
        CalendarPolicy {
            adjusted_workday_counts,
        },
    ) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

fn engine() -> DeadlineEngine {
    match DeadlineEngine::embedded() {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    }
}

fn date_in_2019_2025() -> impl Strategy<Value = NaiveDate> {
    (0u64..(365 * 7)).prop_map(|offset| {
        let base = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
        base + Days::new(offset)
    })
}

proptest! {
    #[test]
    fn add_then_count_back_gives_n(start in date_in_2019_2025(), n in 0u32..250, policy in any::<bool>()) {
        let cal = calendar(policy);
        let end = cal.add_working_days(start, n);
        prop_assume!(end.is_ok());
        let end = end.unwrap_or(start);
        prop_assert_eq!(cal.count_working_days(start, end), Ok(n));
        if n > 0 {
            prop_assert_eq!(cal.is_working_day(end), Ok(true));
            // Minimal: one working day fewer ends strictly earlier.
            prop_assert!(cal.add_working_days(start, n - 1).map(|e| e < end).unwrap_or(false));
        }
    }

    #[test]
    fn add_working_days_agrees_with_a_day_by_day_walk(start in date_in_2019_2025(), n in 1u32..60) {
        let cal = calendar(true);
        let mut day = start;
        let mut counted = 0;
        while counted < n {
            day = day + Days::new(1);
            if cal.is_working_day(day) == Ok(true) { counted += 1; }
        }
        prop_assert_eq!(cal.add_working_days(start, n), Ok(day));
    }

    #[test]
    fn deadlines_never_land_on_a_rest_day(start in date_in_2019_2025(), extended in any::<bool>()) {
        let engine = engine();
        let keys: Vec<String> = engine.rules().keys().map(str::to_owned).collect();
        for key in keys {
            let opts = DeadlineOptions { extended, ..Default::default() };
            let Ok(deadline) = engine.compute(&key, start, &opts) else { continue };
            prop_assert!(deadline.due > start, "{} {} {}", key, start, deadline.due);
            let carries = engine.rules().get(&key)
                .and_then(|r| r.version_on(start))
                .map(|v| v.unit == PeriodUnit::WorkingDays || v.carry_forward)
                .unwrap_or(true);
            if carries {
                prop_assert_eq!(engine.calendar().is_working_day(deadline.due), Ok(true), "{} from {}", key, start);
            }
            prop_assert_eq!(engine.due_date(&key, start, &opts), Ok(deadline.due));
            prop_assert!(deadline.explanation.last().map(|l| l.starts_with("届满日：")).unwrap_or(false));
        }
    }

    #[test]
    fn calendar_periods_end_on_or_after_the_nominal_day(start in date_in_2019_2025()) {
        let engine = engine();
        let Ok(deadline) = engine.compute("litigation.answer", start, &DeadlineOptions::default()) else {
            return Ok(());
        };
        prop_assert_eq!(deadline.nominal_end, start + Days::new(15));
        prop_assert!(deadline.due >= deadline.nominal_end);
        prop_assert!((deadline.due - deadline.nominal_end).num_days() < 12);
    }
}

#[test]
fn year_boundaries() {
    let cal = calendar(true);
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
    // 2024-12-31 (Tue) + 1 working day: 2025-01-01 is 元旦 → 2025-01-02.
    assert_eq!(cal.add_working_days(d(2024, 12, 31), 1), Ok(d(2025, 1, 2)));
    // 2025-12-31 (Wed) + 1: 2026-01-01..03 off, 01-04 (Sun) is a 调休上班日.
    assert_eq!(cal.add_working_days(d(2025, 12, 31), 1), Ok(d(2026, 1, 4)));
    assert_eq!(
        calendar(false).add_working_days(d(2025, 12, 31), 1),
        Ok(d(2026, 1, 5))
    );
    assert_eq!(
        cal.count_working_days(d(2019, 1, 1), d(2026, 12, 31))
            .map(|n| n > 1900),
        Ok(true)
    );
    // A whole year's working days, against the day-by-day count.
    let by_walk = d(2025, 1, 1)
        .iter_days()
        .take_while(|x| x.year() == 2025)
        .filter(|x| cal.is_working_day(*x) == Ok(true))
        .count() as u32;
    assert_eq!(
        cal.count_working_days(d(2024, 12, 31), d(2025, 12, 31)),
        Ok(by_walk)
    );
}

#[test]
fn leap_days() {
    let cal = calendar(true);
    let engine = engine();
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
    assert_eq!(cal.add_working_days(d(2020, 2, 28), 1), Ok(d(2020, 3, 2)));
    assert_eq!(cal.is_working_day(d(2024, 2, 29)), Ok(true));
    assert_eq!(cal.add_working_days(d(2024, 2, 28), 1), Ok(d(2024, 2, 29)));
    // Months from a leap day: 2024-02-29 + 3 months = 2024-05-29 (Wed).
    let opts = DeadlineOptions::default();
    assert_eq!(
        engine.due_date("npc_suggestion.reply", d(2024, 2, 29), &opts),
        Ok(d(2024, 5, 29))
    );
    // Clamped to month end: 2024-11-30 + 3 months = 2025-02-28 (Fri).
    assert_eq!(
        engine.due_date("npc_suggestion.reply", d(2024, 11, 30), &opts),
        Ok(d(2025, 2, 28))
    );
    // 2019-11-30 + 3 months = 2020-02-29 (Sat) → carried to Mon 2020-03-02.
    assert_eq!(
        engine.due_date("npc_suggestion.reply", d(2019, 11, 30), &opts),
        Ok(d(2020, 3, 2))
    );
    // Six months for complex items, from 交办 (not 3 + 3 from the clamped date).
    let ext = DeadlineOptions {
        extended: true,
        ..Default::default()
    };
    assert_eq!(
        engine.due_date("npc_suggestion.reply", d(2023, 8, 31), &ext),
        Ok(d(2024, 2, 29))
    );
    // 30 calendar days over a leap February: 2020-02-01 + 30 = 2020-03-02.
    assert_eq!(
        engine.due_date("rule.filing", d(2020, 2, 1), &opts),
        Ok(d(2020, 3, 2))
    );
}

#[test]
fn special_day_counts_match_legal_rules_notes() {
    // LEGAL-RULES.md §4: 2024 has 36 special days, 2025 has 33.
    let cal = calendar(true);
    let count = |year: i32| {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        first
            .iter_days()
            .take_while(|x| x.year() == year)
            .filter(|x| cal.day(*x).map(|i| i.holiday.is_some()).unwrap_or(false))
            .count()
    };
    assert_eq!((count(2024), count(2025)), (36, 33));
}

#[test]
fn bulk_reevaluation_is_fast() {
    // 1 M working-day additions must fit well within the 10 s budget even in a debug build.
    let cal = calendar(true);
    let base = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
    let started = std::time::Instant::now();
    let mut checksum = 0u64;
    for i in 0..1_000_000u64 {
        let start = base + Days::new(i % 2500);
        if let Ok(due) = cal.add_working_days(start, 20) {
            checksum += u64::from(due.ordinal());
        }
    }
    assert!(checksum > 0);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

#[test]
fn bulk_due_dates_are_fast() {
    // The store's re-evaluation path: DeadlineEngine::due_date, no explanation built.
    let engine = engine();
    let base = NaiveDate::from_ymd_opt(2019, 6, 1).unwrap_or_default();
    let keys = [
        "disclosure.reply",
        "reconsideration.decision",
        "npc_suggestion.reply",
        "licensing.decision",
    ];
    let opts = DeadlineOptions::default();
    let started = std::time::Instant::now();
    let mut ok = 0u32;
    for i in 0..1_000_000u64 {
        let key = keys[(i % 4) as usize];
        ok += u32::from(
            engine
                .due_date(key, base + Days::new(i % 2200), &opts)
                .is_ok(),
        );
    }
    assert_eq!(ok, 1_000_000);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}
