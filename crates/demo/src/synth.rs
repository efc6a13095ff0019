//! 合成数据 — the made-up people, businesses, ids, amounts and dates of the demo registers.
//! Names come from small syllable and word lists; ids carry valid check characters but belong
//! to nobody. Dates follow the working calendar and a seasonal curve (quiet around 春节).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use fazhi_calendar::Calendar;
use fazhi_domain::{CitizenId, CreditCode};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::error::{DemoError, Result};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "罗", "高", "龙", "熊", "韦", "蒙", "邓", "田", "冉", "付", "曾", "彭", "余",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀", "霞", "平", "刚", "桂", "英", "华", "文", "俊", "红", "玲", "兴", "国", "贵", "林", "海",
    "燕", "成", "松", "琴", "永", "德", "云", "春",
];
const BRANDS: &[&str] = &[
    "鑫源", "宏达", "恒信", "盛泰", "华景", "金凤", "乌蒙", "凉都", "黔誉", "瑞丰", "聚福", "永昌",
    "德和", "兴旺", "润泽", "博远", "康宁", "众诚", "天赐", "荣盛", "佳禾", "云顶", "山城", "九鼎",
];
const TRADES: &[&str] = &[
    "商贸",
    "建材",
    "餐饮管理",
    "物流",
    "煤业",
    "农业开发",
    "食品",
    "医药",
    "建筑工程",
    "运输",
    "环保科技",
    "房地产开发",
    "矿业",
    "农牧",
    "酒业",
    "汽车销售",
];
const SHOPS: &[&str] = &[
    "小吃店",
    "便利店",
    "五金店",
    "烧烤店",
    "粉馆",
    "副食店",
    "农家乐",
    "汽修部",
    "美发店",
    "药房",
    "服装店",
    "茶叶店",
];
/// Relative number of records per month: fewer in 春节 February, more from the second quarter.
const MONTH_WEIGHTS: [(u32, u32); 12] = [
    (1, 7),
    (2, 4),
    (3, 8),
    (4, 9),
    (5, 9),
    (6, 9),
    (7, 8),
    (8, 8),
    (9, 9),
    (10, 8),
    (11, 10),
    (12, 10),
];
const ID_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Who a record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartyKind {
    Person,
    Company,
    /// 个体工商户
    Shop,
}

#[derive(Debug, Clone)]
pub(crate) struct Party {
    pub kind: PartyKind,
    pub name: String,
    pub id: String,
    /// 法定代表人 or 经营者 (empty for a person).
    pub representative: String,
}

/// The random source and calendar of one demo run.
pub(crate) struct Synth {
    rng: StdRng,
    /// Region codes of the city's counties (birthplaces in 公民身份号码).
    regions: Vec<String>,
    calendar: Option<Calendar>,
    pub year: i32,
    /// The day the demo data is "as of": nothing happens after it.
    pub as_of: NaiveDate,
}

impl Synth {
    pub fn new(year: i32, seed: u64, regions: Vec<String>) -> Result<Self> {
        let as_of = NaiveDate::from_ymd_opt(year, 12, 31)
            .ok_or_else(|| DemoError::Invalid(format!("示范年度无效:{year}")))?;
        if regions.is_empty() {
            return Err(DemoError::Invalid("示范城市没有区划代码".into()));
        }
        Ok(Self {
            rng: StdRng::seed_from_u64(seed ^ (year as u64).wrapping_mul(0x9e37_79b9)),
            regions,
            calendar: Calendar::embedded().ok(),
            year,
            as_of,
        })
    }

    /// A whole number in `low..=high`.
    pub fn int(&mut self, low: i64, high: i64) -> i64 {
        self.rng.random_range(low..=high.max(low))
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    /// One of `options` with probability proportional to its weight.
    pub fn weighted<T: Copy>(&mut self, options: &[(T, u32)]) -> T {
        let total: u32 = options.iter().map(|(_, w)| w).sum();
        let mut n = self.rng.random_range(0..total.max(1));
        for (item, weight) in options {
            if n < *weight {
                return *item;
            }
            n -= weight;
        }
        options[0].0
    }

    pub fn person_name(&mut self) -> String {
        let surname = self.pick(SURNAMES);
        let first = self.pick(GIVEN);
        if self.chance(0.7) {
            format!("{surname}{first}{}", self.pick(GIVEN))
        } else {
            format!("{surname}{first}")
        }
    }

    /// A synthetic 公民身份号码 of someone born between `from` and `to` (years).
    pub fn citizen_id(&mut self, from: i32, to: i32) -> Result<String> {
        let region = self.regions[self.rng.random_range(0..self.regions.len())].clone();
        let start = NaiveDate::from_ymd_opt(from, 1, 1)
            .ok_or_else(|| DemoError::Generated(format!("出生年份 {from}")))?;
        let span = i64::from((to - from + 1) * 365);
        let birth = start + Days::new(self.int(0, span - 1) as u64);
        let body = format!("{region}{}{:03}", birth.format("%Y%m%d"), self.int(1, 999));
        Ok(CitizenId::with_check_char(&body)?.as_str().to_owned())
    }

    /// A synthetic 统一社会信用代码 registered by 市场监管 (9) in `region`; `category` 1 is a
    /// company, 2 an 个体工商户.
    pub fn credit_code(&mut self, category: char, region: &str) -> Result<String> {
        let body: String = (0..9)
            .map(|_| ID_CHARS[self.rng.random_range(0..ID_CHARS.len())] as char)
            .collect();
        Ok(CreditCode::with_check_char(&format!("9{category}{region}{body}"))?.to_string())
    }

    /// A party of the given kind from `place` (a district name) registered in `region`.
    pub fn party(&mut self, kind: PartyKind, place: &str, region: &str) -> Result<Party> {
        let (name, id, representative) = match kind {
            PartyKind::Person => (
                self.person_name(),
                self.citizen_id(1958, 2004)?,
                String::new(),
            ),
            PartyKind::Company => {
                let name = format!("{place}{}{}有限公司", self.pick(BRANDS), self.pick(TRADES));
                (name, self.credit_code('1', region)?, self.person_name())
            }
            PartyKind::Shop => {
                let owner = self.person_name();
                let surname: String = owner.chars().take(1).collect();
                let name = format!("{place}{surname}记{}", self.pick(SHOPS));
                (name, self.credit_code('2', region)?, owner)
            }
        };
        Ok(Party {
            kind,
            name,
            id,
            representative,
        })
    }

    /// A fine in 元: mostly 200–5,000, some up to 10,000, a few 10,000–200,000.
    pub fn fine_yuan(&mut self) -> i64 {
        let raw = match self.weighted(&[(0, 82), (1, 13), (2, 5)]) {
            0 => self.int(2, 50) * 100,
            1 => self.int(11, 20) * 500,
            _ => self.int(10, 200) * 1000,
        };
        if raw < 1000 && self.chance(0.3) {
            raw + 50
        } else {
            raw
        }
    }

    /// A seasonal working day of the demo year.
    pub fn seasonal_date(&mut self) -> NaiveDate {
        loop {
            let month = self.weighted(&MONTH_WEIGHTS);
            let day = self.int(1, 31) as u32;
            let Some(date) = NaiveDate::from_ymd_opt(self.year, month, day) else {
                continue;
            };
            // Most work falling on a holiday or weekend is simply not there, not postponed.
            let moved = self.working_day_from(date);
            if moved != date && self.chance(0.75) {
                continue;
            }
            if moved.year() == self.year && moved <= self.as_of {
                return moved;
            }
        }
    }

    /// A seasonal working day of the demo year no later than `limit` (the first working day
    /// of the year when `limit` is earlier).
    pub fn seasonal_date_until(&mut self, limit: NaiveDate) -> NaiveDate {
        for _ in 0..20 {
            let d = self.seasonal_date();
            if d <= limit {
                return d;
            }
        }
        let first = NaiveDate::from_ymd_opt(self.year, 1, 2).unwrap_or(limit);
        self.date_between(first, limit.max(first))
    }

    /// A working day within the last `days` days of the year.
    pub fn late_date(&mut self, days: i64) -> NaiveDate {
        let from = self.as_of - Days::new(days.max(1) as u64);
        let d = self.date_between(from, self.as_of);
        d.min(self.as_of)
    }

    /// Shuffles `items` with the run's seeded source: a fair order for pre-counted outcomes.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        use rand::seq::SliceRandom;
        items.shuffle(&mut self.rng);
    }

    /// A date in `[from, to]` (inclusive), moved to the next working day.
    pub fn date_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        let offset = self.int(0, span) as u64;
        self.working_day_from(from + Days::new(offset))
    }

    /// Between `low` and `high` working days after `date`.
    pub fn after_working(&mut self, date: NaiveDate, low: i64, high: i64) -> NaiveDate {
        let n = self.int(low, high);
        self.working_days_after(date, n.max(0) as u32)
    }

    /// Between `low` and `high` calendar days after `date`, on a working day.
    pub fn after_days(&mut self, date: NaiveDate, low: i64, high: i64) -> NaiveDate {
        let n = self.int(low, high);
        self.working_day_from(self.days_after(date, n))
    }

    /// Between `low` and `high` calendar days before `date`, on a working day (never after
    /// `date`).
    pub fn working_day_before(&mut self, date: NaiveDate, low: i64, high: i64) -> NaiveDate {
        let mut day = date - Days::new(self.int(low, high).max(0) as u64);
        for _ in 0..30 {
            if self.working_day_from(day) == day {
                break;
            }
            day = day - Days::new(1);
        }
        day
    }

    /// `days` calendar days after `date`.
    pub fn days_after(&self, date: NaiveDate, days: i64) -> NaiveDate {
        date + Days::new(days.max(0) as u64)
    }

    /// `n` working days after `date` (by the State Council calendar where it covers the year).
    pub fn working_days_after(&self, date: NaiveDate, n: u32) -> NaiveDate {
        if let Some(found) = self
            .calendar
            .as_ref()
            .and_then(|c| c.add_working_days(date, n).ok())
        {
            return found;
        }
        let mut day = date;
        for _ in 0..n {
            day = weekday_after(day + Days::new(1));
        }
        day
    }

    /// The first working day on or after `date`.
    pub fn working_day_from(&self, date: NaiveDate) -> NaiveDate {
        self.calendar
            .as_ref()
            .and_then(|c| c.next_working_day_from(date).ok())
            .unwrap_or_else(|| weekday_after(date))
    }
}

/// The first Monday–Friday on or after `date` (fallback outside the calendar's years).
fn weekday_after(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date + Days::new(2),
        Weekday::Sun => date + Days::new(1),
        _ => date,
    }
}

/// 元 as a clerk types it: 5000.00.
pub(crate) fn yuan(amount: i64) -> String {
    format!("{amount}.00")
}
