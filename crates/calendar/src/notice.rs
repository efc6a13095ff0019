//! 放假调休通知 — the data file format of the State Council's yearly holiday notices, and its
//! validation.
//!
//! The format is that of `data/holidays.toml`; an administrator loads a new year's notice in the same
//! format at run time (see [`crate::Calendar::load_toml`]).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use crate::error::CalendarError;
use crate::weekday_zh;

/// The statutory festivals — 全国年节及纪念日放假办法 第二条 (2013 and 2024 texts).
pub const FESTIVALS: [&str; 7] = [
    "元旦",
    "春节",
    "清明节",
    "劳动节",
    "端午节",
    "中秋节",
    "国庆节",
];

/// A parsed data document: one or more years.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoticeDocument {
    #[serde(default)]
    pub year: Vec<YearNotice>,
}

/// 年度放假安排 — one year's arrangement as published in the State Council notice.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearNotice {
    /// The calendar year every date below lies in.
    pub year: i32,
    /// 通知标题, e.g. 国务院办公厅关于2025年部分节假日安排的通知.
    pub notice: String,
    /// The gov.cn address of the notice, where recorded.
    #[serde(default)]
    pub url: Option<String>,
    /// Why the address is missing, or where it was seen.
    #[serde(default)]
    pub url_note: Option<String>,
    /// Later notices that changed the year, and cross-year remarks.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The holiday periods with their 调休上班 days.
    #[serde(default)]
    pub holiday: Vec<HolidayPeriod>,
}

/// 假期 — one festival's days off, and the weekend days made working days for it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayPeriod {
    /// 节日名称: one of [`FESTIVALS`], or two joined by 「、」 (国庆节、中秋节).
    pub name: String,
    /// First day off.
    pub from: NaiveDate,
    /// Last day off, inclusive.
    pub to: NaiveDate,
    /// 调休上班日: weekend days that are working days.
    #[serde(default)]
    pub work: Vec<NaiveDate>,
}

/// Parses and validates a data document; returns its years in order.
pub(crate) fn parse_document(text: &str) -> Result<Vec<YearNotice>, CalendarError> {
    let doc: NoticeDocument =
        toml::from_str(text).map_err(|e| CalendarError::Parse(e.message().to_owned()))?;
    let mut seen = BTreeSet::new();
    for notice in &doc.year {
        if !seen.insert(notice.year) {
            return Err(CalendarError::DuplicateYear { year: notice.year });
        }
        validate_year(notice)?;
    }
    let mut years = doc.year;
    years.sort_by_key(|n| n.year);
    Ok(years)
}

/// Checks one year: range, title, names, dates inside the year, no duplicates, 调休 on weekends.
pub(crate) fn validate_year(notice: &YearNotice) -> Result<(), CalendarError> {
    let year = notice.year;
    if !(2000..=2100).contains(&year) {
        return Err(CalendarError::YearOutOfRange { year });
    }
    if notice.notice.trim().is_empty() {
        return Err(CalendarError::MissingNotice { year });
    }
    let mut dates = BTreeSet::new();
    for period in &notice.holiday {
        validate_period(year, period)?;
        for date in period.from.iter_days().take_while(|d| *d <= period.to) {
            insert_once(&mut dates, date)?;
        }
        for &date in &period.work {
            check_in_year(year, date)?;
            check_weekend(date)?;
            insert_once(&mut dates, date)?;
        }
    }
    Ok(())
}

fn validate_period(year: i32, period: &HolidayPeriod) -> Result<(), CalendarError> {
    if !is_festival_name(&period.name) {
        return Err(CalendarError::UnknownHolidayName {
            year,
            name: period.name.clone(),
        });
    }
    check_in_year(year, period.from)?;
    check_in_year(year, period.to)?;
    if period.to < period.from {
        return Err(CalendarError::PeriodReversed {
            year,
            name: period.name.clone(),
            from: period.from,
            to: period.to,
        });
    }
    let days = (period.to - period.from).num_days() + 1;
    if days > 31 {
        return Err(CalendarError::PeriodTooLong {
            year,
            name: period.name.clone(),
            days,
        });
    }
    Ok(())
}

/// A festival name, or several joined by 「、」 (a combined 国庆节、中秋节 period).
fn is_festival_name(name: &str) -> bool {
    !name.is_empty() && name.split('、').all(|part| FESTIVALS.contains(&part))
}

fn check_in_year(year: i32, date: NaiveDate) -> Result<(), CalendarError> {
    if date.year() == year {
        Ok(())
    } else {
        Err(CalendarError::DateOutsideYear { year, date })
    }
}

fn check_weekend(date: NaiveDate) -> Result<(), CalendarError> {
    match date.weekday() {
        Weekday::Sat | Weekday::Sun => Ok(()),
        other => Err(CalendarError::AdjustedWorkdayNotWeekend {
            date,
            weekday: weekday_zh(other).to_owned(),
        }),
    }
}

fn insert_once(dates: &mut BTreeSet<NaiveDate>, date: NaiveDate) -> Result<(), CalendarError> {
    if dates.insert(date) {
        Ok(())
    } else {
        Err(CalendarError::DuplicateDate { date })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            "[[year]]\nyear = 2027\nnotice = \"国务院办公厅关于2027年部分节假日安排的通知\"\n{body}"
        )
    }

    #[test]
    fn accepts_a_simple_year() {
        let text = doc(
            "holiday = [{ name = \"元旦\", from = \"2027-01-01\", to = \"2027-01-03\", work = [\"2027-01-09\"] }]",
        );
        let years = parse_document(&text).map_err(|e| e.to_string());
        assert_eq!(years.map(|y| y.len()), Ok(1));
    }

    #[test]
    fn rejects_date_in_another_year() {
        let text =
            doc("holiday = [{ name = \"元旦\", from = \"2026-12-31\", to = \"2027-01-01\" }]");
        let err = parse_document(&text).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("2027年的放假安排中出现了其他年份的日期 2026-12-31")
        );
    }

    #[test]
    fn rejects_duplicates_and_weekday_adjustments() {
        let overlap = doc(
            "holiday = [{ name = \"春节\", from = \"2027-02-05\", to = \"2027-02-11\" }, { name = \"元旦\", from = \"2027-02-11\", to = \"2027-02-11\" }]",
        );
        assert!(matches!(
            parse_document(&overlap),
            Err(CalendarError::DuplicateDate { .. })
        ));
        let weekday = doc(
            "holiday = [{ name = \"春节\", from = \"2027-02-05\", to = \"2027-02-11\", work = [\"2027-02-15\"] }]",
        );
        let err = parse_document(&weekday).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("2027-02-15（星期一）不是周末，不能作为调休上班日")
        );
    }

    #[test]
    fn rejects_bad_names_reversed_periods_and_bad_toml() {
        let name =
            doc("holiday = [{ name = \"圣诞节\", from = \"2027-12-25\", to = \"2027-12-25\" }]");
        assert!(matches!(
            parse_document(&name),
            Err(CalendarError::UnknownHolidayName { .. })
        ));
        let reversed =
            doc("holiday = [{ name = \"元旦\", from = \"2027-01-03\", to = \"2027-01-01\" }]");
        assert!(matches!(
            parse_document(&reversed),
            Err(CalendarError::PeriodReversed { .. })
        ));
        assert!(matches!(
            parse_document("[[year]]\nyear = \"x\""),
            Err(CalendarError::Parse(_))
        ));
        let twice = format!("{}\n{}", doc(""), doc(""));
        assert_eq!(
            parse_document(&twice),
            Err(CalendarError::DuplicateYear { year: 2027 })
        );
    }
}
