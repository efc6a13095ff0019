//! 时钟 — the one place that reads the system clock. Audit times, session expiry, login
//! throttling, generated keys and 成文日期 all ask here, so every reading of the time can be
//! found (clippy.toml bans `Utc::now` and `Local::now` everywhere else).
#![allow(clippy::disallowed_methods)]

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// Now, in UTC.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Now as RFC 3339 text (the stored form of `created_at` / `updated_at`).
pub fn now_rfc3339() -> String {
    now().to_rfc3339()
}

/// Seconds since the Unix epoch.
pub fn unix_seconds() -> i64 {
    now().timestamp()
}

/// Today in Beijing (China Standard Time, UTC+8 all year, no daylight saving): the date of
/// the working-day calendar, of generated keys and of a report's 成文日期.
pub fn beijing_today() -> NaiveDate {
    (now() + TimeDelta::hours(8)).date_naive()
}

/// The Beijing day of a stored RFC 3339 instant (`None` when it is not one).
pub fn beijing_day(instant: &str) -> Option<NaiveDate> {
    let at = DateTime::parse_from_rfc3339(instant).ok()?;
    Some((at.with_timezone(&Utc) + TimeDelta::hours(8)).date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_is_ahead_of_utc() {
        let utc = now().date_naive();
        let bj = beijing_today();
        assert!(bj == utc || bj == utc.succ_opt().unwrap_or(utc));
        let late = beijing_day("2025-02-28T17:30:00+00:00").map(|d| d.to_string());
        assert_eq!(
            late.as_deref(),
            Some("2025-03-01"),
            "01:30 in Beijing is the next day"
        );
    }
}
