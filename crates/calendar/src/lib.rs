//! 工作日历与法定期限 — the official working-day calendar and statutory deadline rules.
//!
//! Pure: no IO, no async, no database. The data lives in `data/holidays.toml` (the State Council's
//! yearly 放假调休 notices) and `data/deadline_rules.toml` (statutory time limits with their sources),
//! both embedded and both replaceable at run time from TOML text of the same format.
//!
//! Entry points: [`Calendar`] (day kinds, working-day arithmetic), [`RuleBook`] (rule versions by
//! effective date), [`DeadlineEngine`] (due date + Chinese explanation).

mod calendar;
mod deadline;
mod error;
mod explain;
mod notice;
mod rules;

pub use calendar::{Calendar, CalendarPolicy, DayInfo, DayKind};
pub use deadline::{Deadline, DeadlineEngine, DeadlineOptions, EmbeddedDataError};
pub use error::{CalendarError, DeadlineError, RuleError};
pub use notice::{FESTIVALS, HolidayPeriod, YearNotice};
pub use rules::{Extension, LegalSource, PeriodUnit, Rule, RuleBook, RuleVersion};

use chrono::Weekday;

/// 星期 — the Chinese weekday name.
pub fn weekday_zh(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}
