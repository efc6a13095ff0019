//! 错误 — the errors of the calendar, the rule book and the deadline engine.
//!
//! Every message is Chinese because a clerk sees it.

use chrono::NaiveDate;

/// 工作日历错误 — a date the calendar cannot answer for, or calendar data that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The year's 放假调休 notice has not been loaded: never guess.
    #[error("{year}年的放假安排尚未载入日历，无法计算")]
    NotCovered { year: i32 },
    /// The TOML text could not be read.
    #[error("放假安排数据格式错误：{0}")]
    Parse(String),
    /// A year outside the range a notice can plausibly cover.
    #[error("放假安排年份 {year} 不合理（应在 2000 至 2100 之间）")]
    YearOutOfRange { year: i32 },
    /// The same year appears twice in one document.
    #[error("放假安排中 {year} 年出现了两次")]
    DuplicateYear { year: i32 },
    /// The notice title is missing.
    #[error("{year}年的放假安排缺少通知标题")]
    MissingNotice { year: i32 },
    /// A date listed under one year lies in another.
    #[error("{year}年的放假安排中出现了其他年份的日期 {date}")]
    DateOutsideYear { year: i32, date: NaiveDate },
    /// A holiday period ends before it starts.
    #[error("{year}年「{name}」假期的结束日 {to} 早于开始日 {from}")]
    PeriodReversed {
        year: i32,
        name: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// A holiday period longer than any notice has ever made.
    #[error("{year}年「{name}」假期长达 {days} 天，超过 31 天，请核对")]
    PeriodTooLong { year: i32, name: String, days: i64 },
    /// A festival name outside the statutory list.
    #[error(
        "{year}年的假期名称「{name}」不是法定节日（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节）"
    )]
    UnknownHolidayName { year: i32, name: String },
    /// One date listed twice (two periods overlap, or a 调休上班 day inside a holiday).
    #[error("日期 {date} 在放假安排中重复出现")]
    DuplicateDate { date: NaiveDate },
    /// A 调休上班 day must be a Saturday or Sunday.
    #[error("{date}（{weekday}）不是周末，不能作为调休上班日")]
    AdjustedWorkdayNotWeekend { date: NaiveDate, weekday: String },
    /// Date arithmetic left the representable range.
    #[error("日期超出可计算范围")]
    DateOverflow,
}

/// 期限规则数据错误 — the deadline rule data is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The TOML text could not be read.
    #[error("期限规则数据格式错误：{0}")]
    Parse(String),
    /// A rule field is missing or impossible.
    #[error("期限规则「{key}」的「{field}」无效：{reason}")]
    Invalid {
        key: String,
        field: &'static str,
        reason: String,
    },
    /// Two versions of one rule are in force on the same day.
    #[error("期限规则「{key}」有两个版本在 {date} 同时有效")]
    OverlappingVersions { key: String, date: NaiveDate },
}

/// 期限计算错误 — a deadline that cannot be computed as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    /// No rule with this key; lists the valid keys.
    #[error("未知的期限规则「{key}」。可用的规则：{valid}")]
    UnknownRule { key: String, valid: String },
    // The messages below name the rule by its Chinese `name`: they reach clerks' pages (a
    // record's deadline explanation), where a key means nothing.
    /// The rule exists but no version was in force on the start date.
    #[error("期限规则「{name}」在 {date} 没有施行中的版本，无法计算")]
    NoVersionInForce {
        key: String,
        name: String,
        date: NaiveDate,
    },
    /// An extension was asked for a rule that has none.
    #[error("期限规则「{name}」没有法定的延长期限")]
    ExtensionNotAllowed { key: String, name: String },
    /// Pauses were given for a rule whose clock does not stop.
    #[error("期限规则「{name}」的期限不因中止而停止计算")]
    PauseNotAllowed { key: String, name: String },
    /// A pause that ends before it starts, or starts before the clock.
    #[error("中止期间 {from} 至 {to} 无效：{reason}")]
    InvalidPause {
        from: NaiveDate,
        to: NaiveDate,
        reason: &'static str,
    },
    /// A restart was given for a rule that does not restart.
    #[error("期限规则「{name}」不因补正而重新计算")]
    RestartNotAllowed { key: String, name: String },
    /// The restart lies before the original start.
    #[error("重新起算日 {restart} 早于原起算日 {start}")]
    RestartBeforeStart {
        start: NaiveDate,
        restart: NaiveDate,
    },
    /// The calendar cannot answer (usually an uncovered year).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}
