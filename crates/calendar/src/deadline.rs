//! 期限计算 — the deadline engine: a rule version, a start date and options give a due date.
//!
//! Counting follows 民事诉讼法 (2023) 第八十五条 unless the rule says otherwise: the start day is not
//! counted, and a calendar-day or month period whose last day is a rest day ends on the next working
//! day. Working-day periods count the working days after the start day.

use std::sync::OnceLock;

use chrono::{Days, Months, NaiveDate};

use crate::calendar::{Calendar, CalendarPolicy};
use crate::error::{CalendarError, DeadlineError, RuleError};
use crate::explain::explain;
use crate::rules::{PeriodUnit, RuleBook, RuleVersion};

/// The longest walk a paused period may take, in days (20 years): a guard, never reached by data.
const MAX_WALK_DAYS: u32 = 7305;

/// 计算选项 — what happened to the clock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeadlineOptions<'a> {
    /// 已批准延长.
    pub extended: bool,
    /// 中止期间 (inclusive date ranges) not counted, e.g. 征求第三方意见.
    pub pauses: Vec<(NaiveDate, NaiveDate)>,
    /// 重新起算日 (补正 received): the clock starts again from this date.
    pub restart_on: Option<NaiveDate>,
    /// 地区, for rules with per-jurisdiction periods.
    pub jurisdiction: Option<&'a str>,
}

/// 期限 — a computed due date and how it was computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub rule_key: String,
    pub rule_name: String,
    /// The version used, e.g. `disclosure.reply@2019-05-15`.
    pub rule_version: String,
    pub valid_from: Option<NaiveDate>,
    /// The day the clock started from (the restart day if any).
    pub clock_start: NaiveDate,
    /// The last day before carry-forward.
    pub nominal_end: NaiveDate,
    /// 届满日.
    pub due: NaiveDate,
    /// The calendar policy the due date depends on.
    pub policy: CalendarPolicy,
    /// 计算说明 — Chinese, one step per line.
    pub explanation: Vec<String>,
    /// 暂估 — the due date lies in (or was counted through) a year whose holiday notice is not
    /// published yet, counted on weekends alone; computed again when the notice is loaded.
    pub provisional: bool,
}

/// The computation before it is explained.
#[derive(Debug, Clone)]
pub(crate) struct Plan<'r> {
    pub version: &'r RuleVersion,
    pub start: NaiveDate,
    pub clock_start: NaiveDate,
    /// First day that may count.
    pub first_counted: NaiveDate,
    pub base_length: u32,
    pub length: u32,
    /// The jurisdiction asked for and whether it had its own period.
    pub jurisdiction: Option<(String, bool)>,
    pub extended: bool,
    pub pauses: Vec<(NaiveDate, NaiveDate)>,
    pub nominal: NaiveDate,
    pub due: NaiveDate,
}

/// Years after the last published notice that a provisional due date may reach.
const PROVISIONAL_YEARS: i32 = 2;

/// 期限计算器 — the calendar and the rule book together.
#[derive(Debug, Clone)]
pub struct DeadlineEngine {
    calendar: Calendar,
    rules: RuleBook,
    /// The same with the years after the last notice counted on weekends alone, built when a
    /// provisional due date is first asked for and dropped when the calendar or rules change.
    provisional: OnceLock<Box<DeadlineEngine>>,
    /// 本地地区 — the jurisdiction of the deployment (a province, 山西省), used by rules set per
    /// jurisdiction when a computation names none.
    jurisdiction: Option<String>,
}

impl DeadlineEngine {
    pub fn new(calendar: Calendar, rules: RuleBook) -> Self {
        Self {
            calendar,
            rules,
            provisional: OnceLock::new(),
            jurisdiction: None,
        }
    }

    /// Sets the deployment's jurisdiction (see [`DeadlineEngine::jurisdiction`]); re-evaluate
    /// open deadlines afterwards.
    pub fn set_jurisdiction(&mut self, jurisdiction: Option<String>) {
        self.provisional = OnceLock::new();
        self.jurisdiction = jurisdiction;
    }

    /// The deployment's jurisdiction, if set.
    pub fn jurisdiction(&self) -> Option<&str> {
        self.jurisdiction.as_deref()
    }

    /// The embedded calendar (2019–2026, default policy) and rules.
    pub fn embedded() -> Result<Self, EmbeddedDataError> {
        Ok(Self::new(Calendar::embedded()?, RuleBook::embedded()?))
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// For loading a new year's notice or changing the policy; re-evaluate open deadlines afterwards.
    pub fn calendar_mut(&mut self) -> &mut Calendar {
        self.provisional = OnceLock::new();
        &mut self.calendar
    }

    pub fn rules(&self) -> &RuleBook {
        &self.rules
    }

    pub fn rules_mut(&mut self) -> &mut RuleBook {
        self.provisional = OnceLock::new();
        &mut self.rules
    }

    /// The due date with its Chinese explanation.
    pub fn compute(
        &self,
        rule_key: &str,
        start: NaiveDate,
        options: &DeadlineOptions<'_>,
    ) -> Result<Deadline, DeadlineError> {
        let plan = self.plan(rule_key, start, options)?;
        let explanation = explain(&self.calendar, &plan)?;
        Ok(Deadline {
            rule_key: plan.version.key.clone(),
            rule_name: plan.version.name.clone(),
            rule_version: plan.version.version_id(),
            valid_from: plan.version.valid_from,
            clock_start: plan.clock_start,
            nominal_end: plan.nominal,
            due: plan.due,
            policy: self.calendar.policy(),
            explanation,
            provisional: false,
        })
    }

    /// The due date with its explanation, or — when it falls in a year whose holiday notice
    /// is not published yet (every clock of 60 days opened in December) — a provisional one
    /// (暂估) counted on weekends alone for the years without a notice, so that it stays in
    /// the alerts instead of 「无法计算」; loading the notice computes it again.
    pub fn compute_or_provisional(
        &self,
        rule_key: &str,
        start: NaiveDate,
        options: &DeadlineOptions<'_>,
    ) -> Result<Deadline, DeadlineError> {
        match self.compute(rule_key, start, options) {
            Err(DeadlineError::Calendar(CalendarError::NotCovered { year })) => {
                let Some(engine) = self.provisional_for(year) else {
                    return Err(CalendarError::NotCovered { year }.into());
                };
                let mut deadline = engine.compute(rule_key, start, options)?;
                deadline.provisional = true;
                deadline
                    .explanation
                    .insert(0, provisional_line(&self.calendar));
                Ok(deadline)
            }
            other => other,
        }
    }

    /// [`DeadlineEngine::due_date`], or a provisional one (see
    /// [`DeadlineEngine::compute_or_provisional`]) with `true`.
    pub fn due_date_or_provisional(
        &self,
        rule_key: &str,
        start: NaiveDate,
        options: &DeadlineOptions<'_>,
    ) -> Result<(NaiveDate, bool), DeadlineError> {
        match self.due_date(rule_key, start, options) {
            Err(DeadlineError::Calendar(CalendarError::NotCovered { year })) => {
                let Some(engine) = self.provisional_for(year) else {
                    return Err(CalendarError::NotCovered { year }.into());
                };
                Ok((engine.due_date(rule_key, start, options)?, true))
            }
            other => other.map(|due| (due, false)),
        }
    }

    /// The `n`-th working day after `start` (a deadline filter's horizon), provisional past the
    /// last published notice like a due date.
    pub fn working_days_after(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        match self.calendar.add_working_days(start, n) {
            Err(CalendarError::NotCovered { year }) => match self.provisional_for(year) {
                Some(engine) => engine.calendar.add_working_days(start, n),
                None => Err(CalendarError::NotCovered { year }),
            },
            other => other,
        }
    }

    /// Whether `due` is provisional: it lies after the last year with a published notice.
    pub fn is_provisional(&self, due: NaiveDate) -> bool {
        self.calendar
            .last_year()
            .is_some_and(|last| chrono::Datelike::year(&due) > last)
    }

    /// The provisional engine when the uncovered `year` lies after the last notice (a year
    /// before the first one is not guessed).
    fn provisional_for(&self, year: i32) -> Option<&DeadlineEngine> {
        let last = self.calendar.last_year()?;
        if year <= last || year > last + PROVISIONAL_YEARS {
            return None;
        }
        if let Some(engine) = self.provisional.get() {
            return Some(engine);
        }
        let calendar = self
            .calendar
            .with_provisional_years(last + PROVISIONAL_YEARS)
            .ok()?;
        let mut engine = DeadlineEngine::new(calendar, self.rules.clone());
        engine.jurisdiction = self.jurisdiction.clone();
        Some(self.provisional.get_or_init(|| Box::new(engine)))
    }

    /// The due date only, without building the explanation: the bulk re-evaluation path.
    pub fn due_date(
        &self,
        rule_key: &str,
        start: NaiveDate,
        options: &DeadlineOptions<'_>,
    ) -> Result<NaiveDate, DeadlineError> {
        Ok(self.plan(rule_key, start, options)?.due)
    }

    fn version(&self, key: &str, start: NaiveDate) -> Result<&RuleVersion, DeadlineError> {
        let rule = self
            .rules
            .get(key)
            .ok_or_else(|| DeadlineError::UnknownRule {
                key: key.to_owned(),
                valid: self.rules.keys().collect::<Vec<_>>().join("、"),
            })?;
        rule.version_on(start)
            .ok_or_else(|| DeadlineError::NoVersionInForce {
                key: key.to_owned(),
                name: rule
                    .versions
                    .last()
                    .map_or_else(|| key.to_owned(), |v| v.name.clone()),
                date: start,
            })
    }

    fn plan<'r>(
        &'r self,
        key: &str,
        start: NaiveDate,
        options: &DeadlineOptions<'_>,
    ) -> Result<Plan<'r>, DeadlineError> {
        let version = self.version(key, start)?;
        let clock_start = restart_day(version, start, options.restart_on)?;
        let pauses = checked_pauses(version, clock_start, &options.pauses)?;
        let asked = options.jurisdiction.or(self.jurisdiction.as_deref());
        let (base_length, jurisdiction) = base_length(version, asked);
        let length = total_length(version, base_length, options.extended)?;
        let first_counted = if version.start_day_counts {
            clock_start
        } else {
            next_day(clock_start)?
        };
        let mut plan = Plan {
            version,
            start,
            clock_start,
            first_counted,
            base_length,
            length,
            jurisdiction,
            extended: options.extended,
            pauses,
            nominal: clock_start,
            due: clock_start,
        };
        plan.nominal = self.nominal_end(&plan)?;
        plan.due = self.carry_forward(&plan)?;
        Ok(plan)
    }

    fn nominal_end(&self, plan: &Plan<'_>) -> Result<NaiveDate, DeadlineError> {
        let cal = &self.calendar;
        let paused = |d: NaiveDate| plan.pauses.iter().any(|&(f, t)| f <= d && d <= t);
        let n = plan.length;
        match plan.version.unit {
            PeriodUnit::WorkingDays if plan.pauses.is_empty() => {
                // With the start day counted, a working start day is the first of the n days.
                let start = plan.clock_start;
                let counted_today = plan.version.start_day_counts && cal.is_working_day(start)?;
                Ok(cal.add_working_days(start, n - u32::from(counted_today))?)
            }
            PeriodUnit::WorkingDays => walk(plan.first_counted, n, |d| {
                Ok(!paused(d) && cal.is_working_day(d)?)
            }),
            PeriodUnit::CalendarDays => walk(plan.first_counted, n, |d| Ok(!paused(d))),
            PeriodUnit::Months => {
                let end = add_months(plan.clock_start, n, plan.version.start_day_counts)?;
                let extra = day_span(plan.first_counted, end)
                    .filter(|&d| paused(d))
                    .count();
                let extra = u32::try_from(extra).map_err(|_| CalendarError::DateOverflow)?;
                walk(next_day(end)?, extra, |d| Ok(!paused(d))).map(|d| d.max(end))
            }
        }
    }

    fn carry_forward(&self, plan: &Plan<'_>) -> Result<NaiveDate, DeadlineError> {
        let moves = plan.version.unit != PeriodUnit::WorkingDays && plan.version.carry_forward;
        if moves {
            Ok(self.calendar.next_working_day_from(plan.nominal)?)
        } else {
            // Still fails loudly if the due date lies in an uncovered year.
            self.calendar.day_kind(plan.nominal)?;
            Ok(plan.nominal)
        }
    }
}

/// The explanation's first line of a provisional due date.
fn provisional_line(calendar: &Calendar) -> String {
    let next = calendar.last_year().map_or(0, |y| y + 1);
    format!(
        "暂估：{next}年起的放假安排尚未发布，这些年份只按周末计算（不含节假日和调休）；\
         载入放假安排后自动重新计算"
    )
}

/// The embedded data failed to load (a packaging error, covered by tests).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmbeddedDataError {
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Rules(#[from] RuleError),
}

fn restart_day(
    version: &RuleVersion,
    start: NaiveDate,
    restart_on: Option<NaiveDate>,
) -> Result<NaiveDate, DeadlineError> {
    let Some(restart) = restart_on else {
        return Ok(start);
    };
    if !version.restart_allowed {
        return Err(DeadlineError::RestartNotAllowed {
            key: version.key.clone(),
            name: version.name.clone(),
        });
    }
    if restart < start {
        return Err(DeadlineError::RestartBeforeStart { start, restart });
    }
    Ok(restart)
}

/// Validates, sorts and merges the pauses.
fn checked_pauses(
    version: &RuleVersion,
    clock_start: NaiveDate,
    pauses: &[(NaiveDate, NaiveDate)],
) -> Result<Vec<(NaiveDate, NaiveDate)>, DeadlineError> {
    if pauses.is_empty() {
        return Ok(Vec::new());
    }
    if !version.pause_allowed {
        return Err(DeadlineError::PauseNotAllowed {
            key: version.key.clone(),
            name: version.name.clone(),
        });
    }
    let mut sorted = pauses.to_vec();
    for &(from, to) in &sorted {
        let reason = if to < from {
            Some("开始日晚于结束日")
        } else if from < clock_start {
            Some("早于起算日")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(DeadlineError::InvalidPause { from, to, reason });
        }
    }
    sorted.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(sorted.len());
    for (from, to) in sorted {
        match merged.last_mut() {
            Some(last) if from <= next_day(last.1)? => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    Ok(merged)
}

fn base_length(version: &RuleVersion, jurisdiction: Option<&str>) -> (u32, Option<(String, bool)>) {
    if !version.per_jurisdiction {
        return (version.length, None);
    }
    match jurisdiction {
        Some(j) => match version.jurisdiction_days.get(j) {
            Some(&days) => (days, Some((j.to_owned(), true))),
            None => (version.length, Some((j.to_owned(), false))),
        },
        None => (version.length, None),
    }
}

fn total_length(version: &RuleVersion, base: u32, extended: bool) -> Result<u32, DeadlineError> {
    if !extended {
        return Ok(base);
    }
    match &version.extension {
        Some(ext) => Ok(base + ext.length),
        None => Err(DeadlineError::ExtensionNotAllowed {
            key: version.key.clone(),
            name: version.name.clone(),
        }),
    }
}

/// The `n`-th day from `first` (inclusive) for which `counts` holds; `n = 0` gives the day before.
fn walk(
    first: NaiveDate,
    n: u32,
    mut counts: impl FnMut(NaiveDate) -> Result<bool, CalendarError>,
) -> Result<NaiveDate, DeadlineError> {
    let mut day = prev_day(first)?;
    let mut counted = 0;
    let mut steps = 0;
    while counted < n {
        day = next_day(day)?;
        steps += 1;
        if steps > MAX_WALK_DAYS {
            return Err(CalendarError::DateOverflow.into());
        }
        if counts(day)? {
            counted += 1;
        }
    }
    Ok(day)
}

/// Same day-of-month `n` months later, clamped to the month's end; a day earlier when the start day
/// counts.
fn add_months(
    start: NaiveDate,
    n: u32,
    start_day_counts: bool,
) -> Result<NaiveDate, DeadlineError> {
    let end = start
        .checked_add_months(Months::new(n))
        .ok_or(CalendarError::DateOverflow)?;
    if start_day_counts {
        prev_day(end)
    } else {
        Ok(end)
    }
}

pub(crate) fn day_span(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

pub(crate) fn next_day(d: NaiveDate) -> Result<NaiveDate, DeadlineError> {
    Ok(d.checked_add_days(Days::new(1))
        .ok_or(CalendarError::DateOverflow)?)
}

pub(crate) fn prev_day(d: NaiveDate) -> Result<NaiveDate, DeadlineError> {
    Ok(d.checked_sub_days(Days::new(1))
        .ok_or(CalendarError::DateOverflow)?)
}
