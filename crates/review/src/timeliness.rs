//! 报送情况 — completeness and timeliness: of the units that should report a form, how many
//! submitted it (报送率) and how many submitted it by the due date (报送及时率). A form counts
//! as submitted from its first submission, even if it was later returned.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use fazhi_domain::OrgId;
use fazhi_indicators::Period;

use crate::dataset::{DataSet, DataSets};
use crate::tree::Units;

/// The counts behind 报送率 and 报送及时率 of one data set and period (or a sum of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// 应报 — units that should report.
    pub expected: u32,
    /// 已报 — units that submitted at least once.
    pub submitted: u32,
    /// 按时报送 — units whose first submission was on or before the due date.
    pub on_time: u32,
    /// 已审核 — units whose form is approved.
    pub approved: u32,
}

impl Tally {
    /// Counts one expected unit: its first submission date, if any, and whether it is approved.
    pub fn add(&mut self, first_submitted: Option<NaiveDate>, due: NaiveDate, approved: bool) {
        self.expected += 1;
        if let Some(day) = first_submitted {
            self.submitted += 1;
            if day <= due {
                self.on_time += 1;
            }
        }
        if approved {
            self.approved += 1;
        }
    }

    /// Adds another tally (several periods or data sets).
    pub fn merge(&mut self, other: Tally) {
        self.expected += other.expected;
        self.submitted += other.submitted;
        self.on_time += other.on_time;
        self.approved += other.approved;
    }

    /// 报送率, in %; `None` when nobody was expected.
    pub fn submission_rate(&self) -> Option<f64> {
        rate(self.submitted, self.expected)
    }

    /// 报送及时率, in %.
    pub fn timeliness_rate(&self) -> Option<f64> {
        rate(self.on_time, self.expected)
    }

    /// 审核率, in %.
    pub fn approval_rate(&self) -> Option<f64> {
        rate(self.approved, self.expected)
    }
}

fn rate(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

/// Whether a form is late: not submitted by the due date (as of `today`), or first submitted
/// after it.
pub fn is_late(first_submitted: Option<NaiveDate>, due: NaiveDate, today: NaiveDate) -> bool {
    match first_submitted {
        Some(day) => day > due,
        None => today > due,
    }
}

/// One stored form, as completeness needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredForm {
    pub org_id: OrgId,
    pub data_set: String,
    pub period: Period,
    /// The day of its first submission, if any.
    pub first_submitted: Option<NaiveDate>,
    pub approved: bool,
}

/// 报送情况 by reporting unit and month: for every data set, every reporting unit and every
/// period of the years from the first stored form's to `today`'s whose due date (from `due`;
/// `None` when the calendar does not cover it) has passed, the unit's form is counted in the
/// month its period ends. A form submitted early is counted once it is due, so 报送率 never
/// exceeds 100 %.
pub fn monthly_tallies(
    sets: &DataSets,
    units: &Units,
    forms: &[StoredForm],
    today: NaiveDate,
    due: impl Fn(&DataSet, Period) -> Option<NaiveDate>,
) -> HashMap<(OrgId, Period), Tally> {
    let mut tallies: HashMap<(OrgId, Period), Tally> = HashMap::new();
    let Some(first_year) = forms.iter().map(|f| f.period.year()).min() else {
        return tallies;
    };
    let stored: HashMap<(OrgId, &str, Period), &StoredForm> = forms
        .iter()
        .map(|f| ((f.org_id, f.data_set.as_str(), f.period), f))
        .collect();
    for set in sets.all() {
        let reporters: Vec<OrgId> = units.reporters(set).map(|u| u.id).collect();
        for period in (first_year..=today.year()).flat_map(|y| set.periods_of(y)) {
            let Some(due_day) = due(set, period).filter(|d| *d < today) else {
                continue;
            };
            let last = period.last_day();
            let month = Period::Month(last.year(), last.month());
            for &org_id in &reporters {
                let form = stored.get(&(org_id, set.code.as_str(), period));
                tallies.entry((org_id, month)).or_default().add(
                    form.and_then(|f| f.first_submitted),
                    due_day,
                    form.is_some_and(|f| f.approved),
                );
            }
        }
    }
    tallies
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn rates_count_first_submissions_against_the_due_date() {
        let due = day("2025-03-01");
        let mut tally = Tally::default();
        tally.add(Some(day("2025-02-20")), due, true);
        tally.add(Some(day("2025-03-01")), due, false);
        tally.add(Some(day("2025-03-05")), due, true);
        tally.add(None, due, false);
        assert_eq!(tally.submission_rate(), Some(75.0));
        assert_eq!(tally.timeliness_rate(), Some(50.0));
        assert_eq!(tally.approval_rate(), Some(50.0));
        assert_eq!(Tally::default().submission_rate(), None);
        assert!(is_late(None, due, day("2025-03-02")));
        assert!(!is_late(None, due, day("2025-03-01")));
        assert!(is_late(Some(day("2025-03-02")), due, day("2025-03-02")));
    }
}
