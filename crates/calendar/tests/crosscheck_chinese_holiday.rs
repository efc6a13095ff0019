//! Cross-checks `data/holidays.toml` day for day against crates.io `chinese_holiday` 2026.0.1
//! (`src/constants.rs`, SPECIAL_DAY_LIST), 2019-01-01 to 2026-12-25 (the end of that crate's data).
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use chinese_holiday::{DayKind as Theirs, Ymd, chinese_holiday};
use chrono::{Datelike, NaiveDate};
use fazhi_calendar::{Calendar, DayKind};

fn ours_matches(ours: DayKind, theirs: Theirs) -> bool {
    match ours {
        DayKind::Workday => theirs == Theirs::NormalWorkday,
        DayKind::Weekend => theirs == Theirs::NormalHoliday,
        DayKind::Holiday => theirs.is_holiday() && theirs != Theirs::NormalHoliday,
        DayKind::AdjustedWorkday => theirs.is_workday() && theirs != Theirs::NormalWorkday,
    }
}

/// The festival behind a `chinese_holiday` kind, to compare names.
fn festival(theirs: Theirs) -> Option<&'static str> {
    use Theirs::*;
    match theirs {
        NewYearsDayHoliday | NewYearsDayWorkday => Some("元旦"),
        SpringFestivalHoliday | SpringFestivalWorkday => Some("春节"),
        ChingMingFestivalHoliday | ChingMingFestivalWorkday => Some("清明节"),
        InternationalWorkersDayHoliday | InternationalWorkersDayWorkday => Some("劳动节"),
        DragonBoatFestivalHoliday | DragonBoatFestivalWorkday => Some("端午节"),
        MidAutumnFestivalHoliday | MidAutumnFestivalWorkday => Some("中秋节"),
        NationalDayHoliday | NationalDayWorkday => Some("国庆节"),
        _ => None,
    }
}

#[test]
fn holidays_match_chinese_holiday_2019_to_2026() {
    let calendar = match Calendar::embedded() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(2019, 1, 1),
        NaiveDate::from_ymd_opt(2026, 12, 25),
    ) else {
        panic!("dates")
    };
    let mut mismatches = Vec::new();
    let (mut ours_special, mut theirs_special) = (0, 0);
    for date in first.iter_days().take_while(|d| *d <= last) {
        let ymd = Ymd::new(date.year() as u16, date.month() as u8, date.day() as u8);
        let theirs = chinese_holiday(ymd);
        let info = match calendar.day(date) {
            Ok(info) => info,
            Err(e) => panic!("{date}: {e}"),
        };
        if !ours_matches(info.kind, theirs) {
            mismatches.push(format!("{date}: ours {:?}, theirs {theirs:?}", info.kind));
        }
        ours_special += usize::from(info.holiday.is_some());
        theirs_special += usize::from(festival(theirs).is_some());
        if let (Some(name), Some(theirs_name)) = (info.holiday, festival(theirs))
            && !name.split('、').any(|part| part == theirs_name)
        {
            mismatches.push(format!("{date}: ours {name}, theirs {theirs_name}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // Same number of special days (holiday days + 调休上班 days) on both sides: 288.
    assert_eq!((ours_special, theirs_special), (288, 288));
}
