//! 报表 — data sets: which catalog keys a unit reports together, for which period type, which
//! units report them, by when, and which level reviews them. Defined as data (`datasets.toml`,
//! shipped; the city office may replace it through the store), checked against the catalog
//! when read, with every problem listed in Chinese.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use fazhi_catalog::{Catalog, Indicator, Kind};
use fazhi_domain::org::OrgKind;
use fazhi_indicators::{Grain, Period};
use serde::Deserialize;

use crate::error::ReviewError;

/// The shipped definitions.
pub const SHIPPED: &str = include_str!("../datasets.toml");

/// 报送期限 — when a data set's form for a period is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// N working days (on the statutory calendar) after the period's last day.
    WorkingDaysAfter(u32),
    /// A fixed month and day of the year after the period's year (年报: 3月1日).
    FixedDate { month: u32, day: u32 },
}

/// 报送单位 — the units that report a data set: by kind, by level (the kind of the government
/// a unit belongs to: its own kind for a government), with named exceptions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reporters {
    pub kinds: Vec<OrgKind>,
    /// Empty: every level.
    pub levels: Vec<OrgKind>,
    /// Unit codes that report although kind or level says no.
    pub include: Vec<String>,
    /// Unit codes that do not report although kind and level say yes.
    pub exclude: Vec<String>,
}

impl Reporters {
    /// Whether a unit of `kind`, at government level `level`, with `code` reports.
    pub fn covers(&self, code: &str, kind: OrgKind, level: Option<OrgKind>) -> bool {
        if self.exclude.iter().any(|c| c == code) {
            return false;
        }
        if self.include.iter().any(|c| c == code) {
            return true;
        }
        self.kinds.contains(&kind)
            && (self.levels.is_empty() || level.is_some_and(|l| self.levels.contains(&l)))
    }
}

/// 报表 — one data set.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSet {
    /// Code in URLs and files, e.g. `annual`.
    pub code: String,
    /// 名称, e.g. 年度法治政府建设填报表.
    pub name: String,
    /// 报送周期.
    pub grain: Grain,
    /// Catalog keys, in the form's order.
    pub keys: Vec<String>,
    pub reporters: Reporters,
    pub due: Due,
    /// 审核层级 — a unit's form is reviewed by its nearest government above of one of these
    /// kinds; a unit with none above (the top) accepts its own form.
    pub review: Vec<OrgKind>,
    /// 依据 — where the due date or the form comes from.
    pub source: Option<String>,
    /// 报告 — the form is the unit's own annual report (its narrative), not figures: it has no
    /// keys, and a submission needs the report written.
    pub report: bool,
    /// Which report a report form submits (its narrative slots and its page).
    pub text: ReportText,
}

/// The narrative slots of the 政府信息公开工作年度报告 begin with this (`disclosure_report.overview`
/// …); every other slot belongs to the 法治政府建设年度报告.
pub const DISCLOSURE_SLOT_PREFIX: &str = "disclosure_report.";

/// Which written report a report form (`kind = "report"` or `"disclosure_report"`) submits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportText {
    /// 法治政府建设年度报告 (`/annual-report`).
    #[default]
    LawBasedGovernment,
    /// 政府信息公开工作年度报告 (`/disclosure-report`, 条例第四十九条's due dates).
    Disclosure,
}

impl ReportText {
    /// Whether narrative slot `slot` is part of this report.
    pub fn owns_slot(self, slot: &str) -> bool {
        slot.starts_with(DISCLOSURE_SLOT_PREFIX) == (self == Self::Disclosure)
    }

    /// The name of that page in the menus.
    pub fn page_label(self) -> &'static str {
        match self {
            Self::LawBasedGovernment => "年度报告",
            Self::Disclosure => "政府信息公开年报",
        }
    }

    /// The page where the report is written.
    pub fn page(self) -> &'static str {
        match self {
            Self::LawBasedGovernment => "/annual-report",
            Self::Disclosure => "/disclosure-report",
        }
    }
}

impl DataSet {
    /// 截止日期 of the form for `period` (of this data set's grain).
    pub fn due_date(
        &self,
        period: Period,
        calendar: &fazhi_calendar::Calendar,
    ) -> Result<NaiveDate, ReviewError> {
        match self.due {
            Due::WorkingDaysAfter(n) => Ok(calendar.add_working_days(period.last_day(), n)?),
            Due::FixedDate { month, day } => {
                NaiveDate::from_ymd_opt(period.year() + 1, month, day).ok_or(ReviewError::BadDate)
            }
        }
    }

    /// 报送期限 in words: 期末后10个工作日内 / 次年3月1日前.
    pub fn due_words(&self) -> String {
        match self.due {
            Due::WorkingDaysAfter(n) => format!("期末后{n}个工作日内"),
            Due::FixedDate { month, day } => format!("次年{month}月{day}日前"),
        }
    }

    /// The periods of `year` this data set is reported for.
    pub fn periods_of(&self, year: i32) -> Vec<Period> {
        match self.grain {
            Grain::Year => vec![Period::Year(year)],
            Grain::Half => (1..=2).map(|h| Period::Half(year, h)).collect(),
            Grain::Quarter => (1..=4).map(|q| Period::Quarter(year, q)).collect(),
            Grain::Month => (1..=12).map(|m| Period::Month(year, m)).collect(),
        }
    }
}

/// 周期 in words.
pub fn grain_label(grain: Grain) -> &'static str {
    match grain {
        Grain::Year => "年报",
        Grain::Half => "半年报",
        Grain::Quarter => "季报",
        Grain::Month => "月报",
    }
}

/// Whether a catalog indicator is a reported value (填报值) that a form may carry: not computed
/// from a register or the forms' submissions, not a 同比, not a rate computed from its
/// numerator and denominator.
pub fn is_reportable(indicator: &Indicator) -> bool {
    indicator.compute.is_none()
        && indicator.forms.is_none()
        && indicator.change_of.is_none()
        && !(indicator.kind == Kind::Rate
            && indicator.numerator.is_some()
            && indicator.denominator.is_some())
}

/// Every data set in effect.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataSets {
    sets: Vec<DataSet>,
    /// The data set of each key and period type.
    by_key: BTreeMap<(String, Grain), usize>,
}

impl DataSets {
    /// Reads and checks definitions; every problem is listed in the error.
    pub fn from_toml(text: &str, catalog: &Catalog) -> Result<DataSets, ReviewError> {
        let file: RawFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            ReviewError::Syntax {
                line,
                message: e.message().to_owned(),
            }
        })?;
        let mut problems = Vec::new();
        let mut sets = Vec::new();
        let mut by_key = BTreeMap::new();
        let mut codes = BTreeSet::new();
        for (n, raw) in file.data_set.into_iter().enumerate() {
            let place = format!("第{}个报表「{}」", n + 1, raw.name.trim());
            if !codes.insert(raw.code.clone()) {
                problems.push(format!("{place}:代码「{}」重复", raw.code));
            }
            let Some(set) = raw.check(&place, catalog, &mut problems) else {
                continue;
            };
            for key in &set.keys {
                match by_key.get(&(key.clone(), set.grain)) {
                    Some(&other) => problems.push(format!(
                        "{place}:指标「{key}」已在第{}个报表中,同一指标在同一周期只能属于一个报表",
                        other + 1
                    )),
                    None => {
                        by_key.insert((key.clone(), set.grain), sets.len());
                    }
                }
            }
            sets.push(set);
        }
        if problems.is_empty() {
            Ok(DataSets { sets, by_key })
        } else {
            Err(ReviewError::Invalid(problems))
        }
    }

    /// The shipped definitions.
    pub fn shipped(catalog: &Catalog) -> Result<DataSets, ReviewError> {
        Self::from_toml(SHIPPED, catalog)
    }

    pub fn all(&self) -> &[DataSet] {
        &self.sets
    }

    pub fn get(&self, code: &str) -> Option<&DataSet> {
        self.sets.iter().find(|s| s.code == code)
    }

    /// The data set a catalog key is reported in for periods of `grain`.
    pub fn of_key(&self, key: &str, grain: Grain) -> Option<&DataSet> {
        self.by_key
            .get(&(key.to_owned(), grain))
            .and_then(|&i| self.sets.get(i))
    }

    /// The data sets a key is reported in, of any period type.
    pub fn all_of_key<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a DataSet> {
        self.sets
            .iter()
            .filter(move |s| s.keys.iter().any(|k| k == key))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    data_set: Vec<RawSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    code: String,
    name: String,
    period: String,
    keys: Vec<String>,
    reporters: RawReporters,
    due: RawDue,
    review: Vec<String>,
    #[serde(default)]
    source: Option<String>,
    /// `report` for the units' own 法治政府建设年度报告, `disclosure_report` for their
    /// 政府信息公开工作年度报告; figures otherwise.
    #[serde(default)]
    kind: Option<String>,
}

/// Units by kind, level and code as written in a file (a data set's reporters, an assessment
/// scheme's scored units).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReporters {
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    levels: Vec<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDue {
    #[serde(default)]
    working_days: Option<u32>,
    /// `MM-DD` of the following year.
    #[serde(default)]
    date: Option<String>,
}

impl RawSet {
    /// The checked data set, or `None` with its problems noted.
    fn check(self, place: &str, catalog: &Catalog, problems: &mut Vec<String>) -> Option<DataSet> {
        let before = problems.len();
        let code_ok = !self.code.is_empty()
            && self
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !code_ok {
            problems.push(format!(
                "{place}:代码「{}」应由小写字母、数字和连字符组成",
                self.code
            ));
        }
        if self.name.trim().is_empty() {
            problems.push(format!("{place}:缺少名称"));
        }
        let grain = match self.period.as_str() {
            "year" | "年" => Some(Grain::Year),
            "half" | "半年" => Some(Grain::Half),
            "quarter" | "季" => Some(Grain::Quarter),
            "month" | "月" => Some(Grain::Month),
            other => {
                problems.push(format!(
                    "{place}:周期「{other}」无效,应为 year、half、quarter 或 month(年、半年、季、月)"
                ));
                None
            }
        };
        let (report, text) = match self.kind.as_deref() {
            None | Some("figures") => (false, ReportText::default()),
            Some("report") => (true, ReportText::LawBasedGovernment),
            Some("disclosure_report") => (true, ReportText::Disclosure),
            Some(other) => {
                problems.push(format!(
                    "{place}:类型「{other}」无效,应为 figures(数据)、report(法治政府建设年度报告)或 disclosure_report(政府信息公开工作年度报告)"
                ));
                (false, ReportText::default())
            }
        };
        if report && (!self.keys.is_empty() || self.period != "year") {
            problems.push(format!("{place}:年度报告类报表不列指标,周期应为 year"));
        }
        if !report && self.keys.is_empty() {
            problems.push(format!("{place}:没有列出任何指标"));
        }
        for key in &self.keys {
            match catalog.get(key) {
                None => problems.push(format!("{place}:「{key}」不是指标目录中的指标")),
                Some(i) if !is_reportable(i) => problems.push(format!(
                    "{place}:「{}」({key})由登记簿或其他指标计算得出,不能填报",
                    i.name
                )),
                Some(_) => {}
            }
        }
        let reporters = self.reporters.check(place, "报送单位", problems);
        let review = kinds_of(&self.review, place, "审核层级", problems);
        let due = match (self.due.working_days, self.due.date.as_deref()) {
            (Some(n), None) if (1..=60).contains(&n) => Some(Due::WorkingDaysAfter(n)),
            (Some(n), None) => {
                problems.push(format!("{place}:报送期限{n}个工作日不合理,应在1至60之间"));
                None
            }
            (None, Some(date)) => fixed_date(date).or_else(|| {
                problems.push(format!(
                    "{place}:报送日期「{date}」无效,应为「月-日」,如 03-01"
                ));
                None
            }),
            _ => {
                problems.push(format!(
                    "{place}:报送期限应为 working_days(期末后工作日数)或 date(次年月-日)之一"
                ));
                None
            }
        };
        if problems.len() > before {
            return None;
        }
        Some(DataSet {
            code: self.code,
            name: self.name.trim().to_owned(),
            grain: grain?,
            keys: self.keys,
            reporters,
            due: due?,
            review,
            source: self.source,
            report,
            text,
        })
    }
}

impl RawReporters {
    /// The units, with every unknown kind or level and an empty choice noted; `what` names
    /// them (报送单位, 参评单位).
    pub(crate) fn check(self, place: &str, what: &str, problems: &mut Vec<String>) -> Reporters {
        let kinds = kinds_of(&self.kinds, place, &format!("{what}类别"), problems);
        let levels = kinds_of(&self.levels, place, &format!("{what}层级"), problems);
        if kinds.is_empty() && self.include.is_empty() {
            problems.push(format!("{place}:没有指定{what}(kinds 或 include)"));
        }
        Reporters {
            kinds,
            levels,
            include: self.include,
            exclude: self.exclude,
        }
    }
}

pub(crate) fn kinds_of(
    texts: &[String],
    place: &str,
    what: &str,
    problems: &mut Vec<String>,
) -> Vec<OrgKind> {
    texts
        .iter()
        .filter_map(|t| match OrgKind::parse(t) {
            Ok(kind) => Some(kind),
            Err(_) => {
                problems.push(format!(
                    "{place}:{what}「{t}」无效,应为 province、city、county、township、department 或 office"
                ));
                None
            }
        })
        .collect()
}

/// `MM-DD` → the due date's month and day (29 February is refused: not every year has it).
fn fixed_date(text: &str) -> Option<Due> {
    let (month, day) = text.split_once('-')?;
    let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    NaiveDate::from_ymd_opt(2023, month, day)?;
    Some(Due::FixedDate { month, day })
}
