//! 工作日历 — the official working-day calendar built from the yearly 放假调休 notices.
//!
//! Each covered year is precomputed into a table of day kinds plus a running count of working days,
//! so [`Calendar::is_working_day`] is one lookup and [`Calendar::add_working_days`] /
//! [`Calendar::count_working_days`] are a binary search per year crossed, without allocation.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::error::CalendarError;
use crate::notice::{YearNotice, parse_document};

/// The embedded notices for 2019–2026 (`data/holidays.toml`).
const EMBEDDED_HOLIDAYS: &str = include_str!("../data/holidays.toml");

/// 日期类型 — what kind of day a date is under the year's notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// 工作日 — Monday to Friday outside any holiday period.
    Workday,
    /// 周末 — Saturday or Sunday outside any holiday period and not a 调休上班 day.
    Weekend,
    /// 节假日 — a day off in a holiday period (weekends inside it included).
    Holiday,
    /// 调休上班日 — a weekend day the notice makes a working day.
    AdjustedWorkday,
}

impl DayKind {
    /// The stable machine name: `workday`, `weekend`, `holiday`, `adjusted-workday`.
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Workday => "workday",
            DayKind::Weekend => "weekend",
            DayKind::Holiday => "holiday",
            DayKind::AdjustedWorkday => "adjusted-workday",
        }
    }

    /// The Chinese name shown to clerks.
    pub fn label_zh(self) -> &'static str {
        match self {
            DayKind::Workday => "工作日",
            DayKind::Weekend => "周末",
            DayKind::Holiday => "节假日",
            DayKind::AdjustedWorkday => "调休上班日",
        }
    }
}

/// 计算口径设置 — policy choices the law leaves open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarPolicy {
    /// Whether a 调休上班 weekend day counts as a 工作日 for statutory working-day periods.
    /// No legal text settles it (LEGAL-RULES.md §1.1, §7 item 1); every calendar dataset treats it
    /// as a working day, so the default is `true`. Every explanation states the setting used.
    pub adjusted_workday_counts: bool,
}

impl Default for CalendarPolicy {
    fn default() -> Self {
        Self {
            adjusted_workday_counts: true,
        }
    }
}

/// One date as the calendar sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayInfo<'a> {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// The festival of the holiday period, or the festival a 调休上班 day belongs to.
    pub holiday: Option<&'a str>,
}

/// One year precomputed: kinds, festival index, running working-day count.
#[derive(Debug, Clone)]
struct YearTable {
    notice: YearNotice,
    kinds: Vec<DayKind>,
    /// 0 = none, otherwise 1 + index into `notice.holiday`.
    festival: Vec<u8>,
    /// `worked[i]` = working days from January 1 up to and including ordinal0 `i`.
    worked: Vec<u16>,
}

impl YearTable {
    fn build(notice: YearNotice, policy: CalendarPolicy) -> Result<Self, CalendarError> {
        let year = notice.year;
        let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(CalendarError::DateOverflow)?;
        let len = if first.leap_year() { 366 } else { 365 };
        let mut kinds: Vec<DayKind> = first.iter_days().take(len).map(plain_kind).collect();
        let mut festival = vec![0u8; len];
        for (index, period) in notice.holiday.iter().enumerate() {
            let tag = u8::try_from(index + 1).map_err(|_| CalendarError::DateOverflow)?;
            for day in period.from.iter_days().take_while(|d| *d <= period.to) {
                kinds[day.ordinal0() as usize] = DayKind::Holiday;
                festival[day.ordinal0() as usize] = tag;
            }
            for day in &period.work {
                kinds[day.ordinal0() as usize] = DayKind::AdjustedWorkday;
                festival[day.ordinal0() as usize] = tag;
            }
        }
        let mut table = Self {
            notice,
            kinds,
            festival,
            worked: Vec::new(),
        };
        table.recount(policy);
        Ok(table)
    }

    fn recount(&mut self, policy: CalendarPolicy) {
        let mut total = 0u16;
        self.worked = self
            .kinds
            .iter()
            .map(|&kind| {
                total += u16::from(counts_as_working(kind, policy));
                total
            })
            .collect();
    }

    fn total(&self) -> u32 {
        self.worked.last().copied().map_or(0, u32::from)
    }

    fn worked_through(&self, ordinal0: u32) -> u32 {
        u32::from(self.worked[ordinal0 as usize])
    }

    fn festival_name(&self, ordinal0: u32) -> Option<&str> {
        let tag = self.festival[ordinal0 as usize];
        let index = usize::from(tag.checked_sub(1)?);
        self.notice.holiday.get(index).map(|p| p.name.as_str())
    }
}

fn plain_kind(date: NaiveDate) -> DayKind {
    match date.weekday() {
        Weekday::Sat | Weekday::Sun => DayKind::Weekend,
        _ => DayKind::Workday,
    }
}

fn counts_as_working(kind: DayKind, policy: CalendarPolicy) -> bool {
    match kind {
        DayKind::Workday => true,
        DayKind::AdjustedWorkday => policy.adjusted_workday_counts,
        DayKind::Weekend | DayKind::Holiday => false,
    }
}

/// 工作日历 — the covered years and the policy they are counted under.
#[derive(Debug, Clone)]
pub struct Calendar {
    years: BTreeMap<i32, YearTable>,
    policy: CalendarPolicy,
}

impl Calendar {
    /// The calendar of the embedded notices (2019–2026) under the default policy.
    pub fn embedded() -> Result<Self, CalendarError> {
        Self::from_toml(EMBEDDED_HOLIDAYS, CalendarPolicy::default())
    }

    /// A calendar from a data document in the `data/holidays.toml` format.
    pub fn from_toml(text: &str, policy: CalendarPolicy) -> Result<Self, CalendarError> {
        let mut calendar = Self {
            years: BTreeMap::new(),
            policy,
        };
        calendar.load_toml(text)?;
        Ok(calendar)
    }

    /// Loads (or replaces) the years of a data document; all or nothing. Returns the years loaded.
    pub fn load_toml(&mut self, text: &str) -> Result<Vec<i32>, CalendarError> {
        let notices = parse_document(text)?;
        let tables = notices
            .into_iter()
            .map(|n| YearTable::build(n, self.policy))
            .collect::<Result<Vec<_>, _>>()?;
        let loaded = tables.iter().map(|t| t.notice.year).collect();
        for table in tables {
            self.years.insert(table.notice.year, table);
        }
        Ok(loaded)
    }

    /// Drops a year (e.g. a notice loaded by mistake); returns whether it was there.
    pub fn remove_year(&mut self, year: i32) -> bool {
        self.years.remove(&year).is_some()
    }

    /// The policy in force.
    pub fn policy(&self) -> CalendarPolicy {
        self.policy
    }

    /// Changes the policy and recounts every year.
    pub fn set_policy(&mut self, policy: CalendarPolicy) {
        self.policy = policy;
        for table in self.years.values_mut() {
            table.recount(policy);
        }
    }

    /// 暂估日历 — this calendar with every year after the last covered one, up to `until`,
    /// counted on weekends alone: their notices are not published, so their holidays and
    /// 调休 days are unknown. For provisional due dates only (marked 暂估, computed again when
    /// the notice is loaded); the last covered year's own table is untouched.
    pub fn with_provisional_years(&self, until: i32) -> Result<Self, CalendarError> {
        let mut calendar = self.clone();
        let Some(last) = self.last_year() else {
            return Ok(calendar);
        };
        for year in last + 1..=until {
            let notice = YearNotice {
                year,
                notice: format!("{year}年放假安排尚未发布（暂估：仅按周末计算）"),
                url: None,
                url_note: None,
                notes: Vec::new(),
                holiday: Vec::new(),
            };
            calendar
                .years
                .insert(year, YearTable::build(notice, self.policy)?);
        }
        Ok(calendar)
    }

    /// The last covered year.
    pub fn last_year(&self) -> Option<i32> {
        self.years.keys().next_back().copied()
    }

    /// The covered years, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// The notice a covered year was built from.
    pub fn notice(&self, year: i32) -> Result<&YearNotice, CalendarError> {
        Ok(&self.table(year)?.notice)
    }

    fn table(&self, year: i32) -> Result<&YearTable, CalendarError> {
        self.years
            .get(&year)
            .ok_or(CalendarError::NotCovered { year })
    }

    /// The kind of a date; an uncovered year is an error.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, CalendarError> {
        Ok(self.table(date.year())?.kinds[date.ordinal0() as usize])
    }

    /// The kind and festival of a date.
    pub fn day(&self, date: NaiveDate) -> Result<DayInfo<'_>, CalendarError> {
        let table = self.table(date.year())?;
        let i = date.ordinal0();
        Ok(DayInfo {
            date,
            kind: table.kinds[i as usize],
            holiday: table.festival_name(i),
        })
    }

    /// Whether a date is a working day under the policy.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(counts_as_working(self.day_kind(date)?, self.policy))
    }

    /// The `n`-th working day after `start` (the start day itself is not counted); `n = 0` gives
    /// `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n == 0 {
            return Ok(start);
        }
        let mut year = start.year();
        let mut table = self.table(year)?;
        let mut target = table.worked_through(start.ordinal0()) + n;
        while target > table.total() {
            target -= table.total();
            year += 1;
            table = self.table(year)?;
        }
        let index = table.worked.partition_point(|&w| u32::from(w) < target);
        let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(CalendarError::DateOverflow)?;
        first
            .checked_add_days(chrono::Days::new(index as u64))
            .ok_or(CalendarError::DateOverflow)
    }

    /// Working days in `(from, to]`: after `from`, up to and including `to`; 0 if `to <= from`.
    pub fn count_working_days(&self, from: NaiveDate, to: NaiveDate) -> Result<u32, CalendarError> {
        if to <= from {
            return Ok(0);
        }
        let mut count = 0u32;
        let mut before = self.table(from.year())?.worked_through(from.ordinal0());
        for year in from.year()..to.year() {
            count += self.table(year)?.total() - before;
            before = 0;
        }
        let last = self.table(to.year())?.worked_through(to.ordinal0());
        Ok(count + last - before)
    }

    /// The first working day on or after `date`.
    pub fn next_working_day_from(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        if self.is_working_day(date)? {
            return Ok(date);
        }
        self.add_working_days(date, 1)
    }

    /// Every day of `[from, to]`, each checked against coverage.
    pub fn range(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Iterator<Item = Result<DayInfo<'_>, CalendarError>> + '_ {
        from.iter_days()
            .take_while(move |d| *d <= to)
            .map(|d| self.day(d))
    }
}
