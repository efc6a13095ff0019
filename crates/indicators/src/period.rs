//! 统计期间 — a year, half, quarter or month, written `2024`, `2024H1`, `2024Q1`, `202403`
//! (the `period` column of `reported_value` and the `period` parameter of the API).

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::IndicatorError;

/// One calendar month, the grain of the register cube.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    /// `2024-03` (the first seven characters of an ISO date) → March 2024.
    pub fn parse_iso(text: &str) -> Option<Self> {
        let (y, m) = text.get(..7)?.split_once('-')?;
        Self::new(y.parse().ok()?, m.parse().ok()?)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        let next = if self.month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.month + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }
}

/// 统计期间.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    /// 上半年 (1) or 下半年 (2).
    Half(i32, u32),
    /// 第一至第四季度.
    Quarter(i32, u32),
    Month(i32, u32),
}

/// How finely a period divides the year, coarsest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grain {
    Year,
    Half,
    Quarter,
    Month,
}

impl Period {
    /// Parses `2024`, `2024H1`, `2024Q3`, `202403` (also `2024-03`), and the forms clerks
    /// type: 2024年, 2024年上半年, 2024年第一季度, 2024年3月.
    pub fn parse(text: &str) -> Result<Period, IndicatorError> {
        let t = canonical_text(text);
        let bad = || IndicatorError::Period(text.trim().to_owned());
        let year = |s: &str| -> Result<i32, IndicatorError> {
            let y: i32 = s.parse().map_err(|_| bad())?;
            (1900..=2200).contains(&y).then_some(y).ok_or_else(bad)
        };
        let part = |s: &str, max: u32| -> Result<u32, IndicatorError> {
            let n: u32 = s.parse().map_err(|_| bad())?;
            (1..=max).contains(&n).then_some(n).ok_or_else(bad)
        };
        if !t.is_ascii() {
            return Err(bad());
        }
        match t.len() {
            4 => Ok(Period::Year(year(&t)?)),
            6 if &t[4..5] == "H" => Ok(Period::Half(year(&t[..4])?, part(&t[5..], 2)?)),
            6 if &t[4..5] == "Q" => Ok(Period::Quarter(year(&t[..4])?, part(&t[5..], 4)?)),
            6 => Ok(Period::Month(year(&t[..4])?, part(&t[4..], 12)?)),
            7 if &t[4..5] == "-" => Ok(Period::Month(year(&t[..4])?, part(&t[5..], 12)?)),
            _ => Err(bad()),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Half(y, _) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    pub fn grain(self) -> Grain {
        match self {
            Period::Year(_) => Grain::Year,
            Period::Half(..) => Grain::Half,
            Period::Quarter(..) => Grain::Quarter,
            Period::Month(..) => Grain::Month,
        }
    }

    /// First and last month (inclusive).
    fn month_range(self) -> (u32, u32) {
        match self {
            Period::Year(_) => (1, 12),
            Period::Half(_, h) => (6 * h - 5, 6 * h),
            Period::Quarter(_, q) => (3 * q - 2, 3 * q),
            Period::Month(_, m) => (m, m),
        }
    }

    /// The months the period covers, in order.
    pub fn months(self) -> Vec<YearMonth> {
        let (a, b) = self.month_range();
        (a..=b)
            .map(|month| YearMonth {
                year: self.year(),
                month,
            })
            .collect()
    }

    /// Whether `other` lies inside this period.
    pub fn contains(self, other: Period) -> bool {
        let (a, b) = self.month_range();
        let (c, d) = other.month_range();
        self.year() == other.year() && a <= c && d <= b
    }

    /// The same period one year earlier (for 同比).
    pub fn previous_year(self) -> Period {
        match self {
            Period::Year(y) => Period::Year(y - 1),
            Period::Half(y, h) => Period::Half(y - 1, h),
            Period::Quarter(y, q) => Period::Quarter(y - 1, q),
            Period::Month(y, m) => Period::Month(y - 1, m),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        self.months()
            .first()
            .map(|m| m.first_day())
            .unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.months()
            .last()
            .map(|m| m.last_day())
            .unwrap_or(NaiveDate::MAX)
    }

    /// Chinese label: 2024年, 2024年上半年, 2024年第一季度, 2024年3月.
    pub fn label(self) -> String {
        const Q: [&str; 4] = ["一", "二", "三", "四"];
        match self {
            Period::Year(y) => format!("{y}年"),
            Period::Half(y, 1) => format!("{y}年上半年"),
            Period::Half(y, _) => format!("{y}年下半年"),
            Period::Quarter(y, q) => format!("{y}年第{}季度", Q[(q as usize - 1).min(3)]),
            Period::Month(y, m) => format!("{y}年{m}月"),
        }
    }
}

/// Chinese period words rewritten to the codes `Period::parse` reads: 2024年第一季度 → 2024Q1,
/// 2024年3月 and 2024-3 → 2024-03.
fn canonical_text(text: &str) -> String {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.to_ascii_uppercase();
    let Some((year, rest)) = t.split_once('年') else {
        // 2024-3 → 2024-03
        return match t.split_once('-') {
            Some((year, month)) if month.len() == 1 => format!("{year}-0{month}"),
            _ => t,
        };
    };
    let part = match rest {
        "" => String::new(),
        "上半年" => "H1".into(),
        "下半年" => "H2".into(),
        "第一季度" | "一季度" => "Q1".into(),
        "第二季度" | "二季度" => "Q2".into(),
        "第三季度" | "三季度" => "Q3".into(),
        "第四季度" | "四季度" => "Q4".into(),
        month => match month.trim_end_matches('月').parse::<u32>() {
            Ok(m) => format!("-{m:02}"),
            Err(_) => format!("年{rest}"),
        },
    };
    format!("{year}{part}")
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Half(y, h) => write!(f, "{y}H{h}"),
            Period::Quarter(y, q) => write!(f, "{y}Q{q}"),
            Period::Month(y, m) => write!(f, "{y}{m:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form_and_round_trips() {
        for text in [
            "2024", "2024H1", "2024H2", "2024Q1", "2024Q4", "202403", "202412",
        ] {
            let p = Period::parse(text).expect(text);
            assert_eq!(p.to_string(), text);
        }
        assert_eq!(Period::parse("2024-03").unwrap(), Period::Month(2024, 3));
        assert_eq!(Period::parse("2024q2").unwrap(), Period::Quarter(2024, 2));
        for (text, want) in [
            ("2024年", Period::Year(2024)),
            ("2024年下半年", Period::Half(2024, 2)),
            ("2024年第一季度", Period::Quarter(2024, 1)),
            ("2024年3月", Period::Month(2024, 3)),
            ("2024-3", Period::Month(2024, 3)),
        ] {
            assert_eq!(Period::parse(text).expect(text), want, "{text}");
        }
        for bad in [
            "",
            "24",
            "2024H3",
            "2024Q0",
            "202413",
            "2024年13月",
            "2024年春",
            "abcd",
            "2024Q12",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn months_and_bounds() {
        let h2 = Period::Half(2024, 2);
        assert_eq!(h2.months().len(), 6);
        assert_eq!(
            h2.months()[0],
            YearMonth {
                year: 2024,
                month: 7
            }
        );
        assert_eq!(Period::Quarter(2024, 3).months().len(), 3);
        assert_eq!(Period::Year(2024).months().len(), 12);
        assert_eq!(
            Period::Month(2024, 2).last_day(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            Period::Quarter(2024, 4).first_day(),
            NaiveDate::from_ymd_opt(2024, 10, 1).unwrap()
        );
        assert!(Period::Year(2024).contains(Period::Month(2024, 5)));
        assert!(Period::Half(2024, 1).contains(Period::Quarter(2024, 2)));
        assert!(!Period::Half(2024, 1).contains(Period::Quarter(2024, 3)));
        assert!(!Period::Year(2024).contains(Period::Month(2023, 5)));
    }

    #[test]
    fn previous_year_and_labels() {
        assert_eq!(
            Period::Quarter(2024, 1).previous_year(),
            Period::Quarter(2023, 1)
        );
        assert_eq!(Period::Month(2024, 3).label(), "2024年3月");
        assert_eq!(Period::Quarter(2024, 3).label(), "2024年第三季度");
        assert_eq!(Period::Half(2024, 1).label(), "2024年上半年");
        assert_eq!(YearMonth::parse_iso("2024-03-05"), YearMonth::new(2024, 3));
        assert_eq!(YearMonth::parse_iso("2024-13-05"), None);
    }
}
