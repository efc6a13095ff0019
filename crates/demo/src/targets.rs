//! 校准目标 — what the generated city-year must reproduce. From a profile's figures this works out
//! the exact value each register-backed indicator must take in the report year and the year
//! before (for 同比), the reported values (填报值) of figures no register holds, and which
//! figures cannot be reproduced and why.
//!
//! Published rates and changes are rounded, so parts are chosen to give the published value at
//! the published precision: 调解成功率 97.73% from 22,511 ÷ 23,033; a 同比增长36.7% of 23,033
//! cases from a previous year of 16,849 (36.70%). A missing part is solved for (a denominator
//! that no report states is chosen near the volume its relations suggest).

use std::collections::{BTreeMap, HashMap};

use fazhi_catalog::{Catalog, Indicator, RelationOp};

use crate::profile::Figure;

/// The exact values register-backed indicators must take in one year.
#[derive(Debug, Clone, Default)]
pub struct YearTargets {
    pub year: i32,
    values: BTreeMap<String, f64>,
}

impl YearTargets {
    fn new(year: i32) -> Self {
        Self {
            year,
            values: BTreeMap::new(),
        }
    }

    /// The count a register-backed indicator must reach, when one is set.
    pub fn count(&self, key: &str) -> Option<i64> {
        self.values.get(key).map(|v| v.round() as i64)
    }

    /// Fills the keys `current` sets and this year does not with `factor` × the current value,
    /// or 0 above `cap` (no such year generated).
    pub fn default_from(&mut self, current: &YearTargets, factor: f64, cap: f64) {
        for (key, value) in &current.values {
            let guess = if *value > cap {
                0.0
            } else {
                (value * factor).round()
            };
            self.values.entry(key.clone()).or_insert(guess);
        }
    }
}

/// A figure with no register behind it, written as a 填报值 of the top unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedTarget {
    pub key: String,
    pub year: i32,
    pub value: f64,
    pub qualifier: Option<String>,
}

/// A published figure the generated year must give back, and where it comes from.
#[derive(Debug, Clone)]
pub struct Expected {
    pub figure: Figure,
    pub source: &'static str,
}

/// A published figure that is not reproduced, with the reason (the to-do list).
#[derive(Debug, Clone)]
pub struct Skipped {
    pub figure: Figure,
    pub reason: String,
}

/// 校准结果.
#[derive(Debug, Clone, Default)]
pub struct Calibration {
    pub current: YearTargets,
    pub previous: YearTargets,
    pub reported: Vec<ReportedTarget>,
    pub expected: Vec<Expected>,
    pub skipped: Vec<Skipped>,
}

impl Figure {
    /// The value with its sign (a decrease is negative).
    pub fn signed(&self) -> f64 {
        if self.falling {
            -self.value
        } else {
            self.value
        }
    }

    /// Step of the last significant digit of a rounded count (1,900 → 100; 18,000 → 1,000).
    fn step(&self) -> f64 {
        let mut step = 1.0;
        let mut v = self.value.round() as i64;
        while v != 0 && v % 10 == 0 && step < 1e12 {
            v /= 10;
            step *= 10.0;
        }
        step
    }

    /// The range of values the figure stands for, qualifier and published precision included.
    pub fn range(&self) -> (f64, f64) {
        let v = self.signed();
        let half = 0.5 * 10f64.powi(-(self.precision as i32));
        match self.qualifier.as_str() {
            "余" | "多" | "超" | "以上" => (v, v + self.step() - 1e-9),
            "近" => (v - self.step() + 1e-9, v),
            "约" => (v - self.step() / 2.0, v + self.step() / 2.0),
            _ => (v - half, v + half - 1e-9),
        }
    }

    /// Whether a regenerated value gives back this figure.
    pub fn accepts(&self, x: f64) -> bool {
        let (low, high) = self.range();
        // Rates are shown rounded to 2 decimals: compare what a report would print.
        let shown = (x * 100.0).round() / 100.0;
        shown >= low - 1e-9 && shown <= high + 1e-9
    }

    /// A whole count within the figure's range (the figure itself unless qualified).
    fn count_within(&self, pick: u64) -> f64 {
        if self.qualifier.is_empty() || self.step() <= 1.0 {
            return self.value.round();
        }
        let step = self.step() as u64;
        let offset = 1 + pick % (step - 1).max(1);
        match self.qualifier.as_str() {
            "近" => self.value - offset as f64,
            "约" => self.value,
            _ => self.value + offset as f64,
        }
    }
}

/// Works out the targets of `figures` for `year`; `computes` tells which keys the registers
/// compute (the engine's plan). `scale` multiplies counts and amounts (1.0
/// reproduces the report); `pick` varies the values chosen inside a qualifier's range.
pub fn calibrate(
    catalog: &Catalog,
    computes: &dyn Fn(&str) -> bool,
    figures: &[Figure],
    year: i32,
    scale: f64,
    pick: u64,
) -> Calibration {
    let mut solver = Solver {
        catalog,
        computes,
        out: Calibration {
            current: YearTargets::new(year),
            previous: YearTargets::new(year - 1),
            ..Calibration::default()
        },
        reported: [HashMap::new(), HashMap::new()],
    };
    let chosen = solver.choose(figures);
    let (mut rates, mut changes) = (Vec::new(), Vec::new());
    for fig in chosen {
        let Some(ind) = catalog.get(&fig.key) else {
            continue;
        };
        if ind.change_of.is_some() {
            changes.push(fig);
        } else if ind.numerator.is_some() && ind.denominator.is_some() {
            rates.push(fig);
        } else {
            solver.set_level(ind, &fig, scale, pick);
        }
    }
    solver.solve_rates(&rates);
    solver.solve_changes(&changes);
    solver.finish()
}

struct Solver<'a> {
    catalog: &'a Catalog,
    computes: &'a dyn Fn(&str) -> bool,
    out: Calibration,
    /// Reported values of the current [0] and previous [1] year: key → (value, qualifier).
    reported: [HashMap<String, (f64, Option<String>)>; 2],
}

/// Which year a value belongs to.
#[derive(Clone, Copy)]
enum Year {
    Current = 0,
    Previous = 1,
}

impl Solver<'_> {
    /// One figure per key: those in the catalog's unit (or unitless); for counts and amounts
    /// the largest (the whole city rather than a part), otherwise the first.
    fn choose(&mut self, figures: &[Figure]) -> Vec<Figure> {
        let mut by_key: BTreeMap<&str, Vec<&Figure>> = BTreeMap::new();
        for f in figures {
            by_key.entry(f.key.as_str()).or_default().push(f);
        }
        let mut chosen = Vec::new();
        for (key, figs) in by_key {
            let Some(ind) = self.catalog.get(key) else {
                for f in figs {
                    self.skip(f, "指标目录中没有这个键".into());
                }
                continue;
            };
            let (fitting, other): (Vec<&Figure>, Vec<&Figure>) = figs
                .into_iter()
                .partition(|f| f.unit.is_empty() || f.unit == ind.unit);
            for f in other {
                self.skip(
                    f,
                    format!("单位「{}」不是目录单位「{}」:另一项统计", f.unit, ind.unit),
                );
            }
            let best = if ind.is_additive() && !ind.is_rate() && ind.change_of.is_none() {
                fitting
                    .iter()
                    .copied()
                    .max_by(|a, b| a.value.total_cmp(&b.value))
            } else {
                fitting.first().copied()
            };
            let Some(best) = best else { continue };
            for f in fitting.iter().filter(|f| !std::ptr::eq(**f, best)) {
                self.skip(
                    f,
                    format!(
                        "同一指标的另一口径或分项(每个单位每期只有一个值,取{})",
                        show(best)
                    ),
                );
            }
            chosen.push(best.clone());
        }
        chosen
    }

    fn skip(&mut self, figure: &Figure, reason: String) {
        self.out.skipped.push(Skipped {
            figure: figure.clone(),
            reason,
        });
    }

    fn expect(&mut self, figure: &Figure, source: &'static str) {
        self.out.expected.push(Expected {
            figure: figure.clone(),
            source,
        });
    }

    /// A count, amount or plain reported value.
    fn set_level(&mut self, ind: &Indicator, fig: &Figure, scale: f64, pick: u64) {
        let scaled = |v: f64| {
            if ind.is_additive() && scale != 1.0 {
                let s = v * scale;
                if ind.unit == "元" {
                    s.round()
                } else {
                    s.round().max(1.0)
                }
            } else {
                v
            }
        };
        if (self.computes)(&ind.key) {
            let value = scaled(fig.count_within(pick));
            self.set(Year::Current, &ind.key, value);
            self.expect(fig, "登记簿");
        } else {
            let q = (!fig.qualifier.is_empty()).then(|| fig.qualifier.clone());
            self.reported[0].insert(ind.key.clone(), (scaled(fig.signed()), q));
            self.expect(fig, "填报值");
        }
    }

    fn get(&self, year: Year, key: &str) -> Option<f64> {
        let targets = match year {
            Year::Current => &self.out.current,
            Year::Previous => &self.out.previous,
        };
        targets
            .values
            .get(key)
            .copied()
            .or_else(|| self.reported[year as usize].get(key).map(|(v, _)| *v))
    }

    fn set(&mut self, year: Year, key: &str, value: f64) {
        if (self.computes)(key) {
            let targets = match year {
                Year::Current => &mut self.out.current,
                Year::Previous => &mut self.out.previous,
            };
            targets.values.insert(key.to_owned(), value);
        } else {
            self.reported[year as usize].insert(key.to_owned(), (value, None));
        }
    }

    /// A starting guess for an unknown denominator: just under a total it cannot exceed (审结
    /// ≤ 收案), else a few hundred.
    fn guess(&self, year: Year, key: &str) -> f64 {
        self.catalog
            .relations()
            .iter()
            .filter(|r| r.op == RelationOp::AtMost && r.left.len() == 1 && r.left[0] == key)
            .find_map(|r| self.get(year, &r.right))
            .map_or(400.0, |total| (total * 0.92).floor().max(1.0))
    }

    /// Rates of the report year: the missing part of each from the published rate.
    fn solve_rates(&mut self, rates: &[Figure]) {
        let mut by_den: BTreeMap<String, Vec<(&Figure, String)>> = BTreeMap::new();
        for fig in rates {
            let Some(ind) = self.catalog.get(&fig.key) else {
                continue;
            };
            let (Some(num), Some(den)) = (&ind.numerator, &ind.denominator) else {
                continue;
            };
            by_den
                .entry(den.clone())
                .or_default()
                .push((fig, num.clone()));
        }
        for (den, group) in by_den {
            let fixed_den = self.get(Year::Current, &den);
            let candidates: Vec<f64> = match fixed_den {
                Some(d) => vec![d],
                None => search_around(self.guess(Year::Current, &den)),
            };
            let solved = candidates.into_iter().find_map(|d| {
                let mut nums = Vec::new();
                for (fig, num) in &group {
                    let n = match self.get(Year::Current, num) {
                        Some(n) => fig.accepts(round2(n / d * 100.0)).then_some(n)?,
                        None => numerator_for(fig, d)?,
                    };
                    nums.push((num.clone(), n));
                }
                Some((d, nums))
            });
            match solved {
                Some((d, nums)) => {
                    if fixed_den.is_none() {
                        self.set(Year::Current, &den, d);
                    }
                    for (num, n) in nums {
                        if self.get(Year::Current, &num).is_none() {
                            self.set(Year::Current, &num, n);
                        }
                    }
                    for (fig, _) in &group {
                        self.expect(fig, "由分子分母计算");
                    }
                }
                None => {
                    for (fig, _) in &group {
                        self.skip(fig, format!("与同一报告中「{den}」等数值无法同时成立"));
                    }
                }
            }
        }
    }

    /// 同比: the previous year's value of each changed indicator.
    fn solve_changes(&mut self, changes: &[Figure]) {
        // Counts first: a rate's previous parts may be fixed by their own changes.
        let mut ordered: Vec<&Figure> = changes.iter().collect();
        ordered.sort_by_key(|f| {
            self.target_of(f)
                .is_some_and(|t| self.catalog.get(&t).is_some_and(Indicator::is_rate))
        });
        for fig in ordered {
            let Some(target) = self.target_of(fig) else {
                continue;
            };
            let Some(ind) = self.catalog.get(&target) else {
                continue;
            };
            let solved = if ind.is_rate() {
                self.previous_rate(fig, ind)
            } else {
                self.previous_level(fig, &target)
            };
            match solved {
                Ok(()) => self.expect(fig, "由上年数据计算同比"),
                Err(reason) => self.skip(fig, reason),
            }
        }
    }

    fn target_of(&self, fig: &Figure) -> Option<String> {
        self.catalog.get(&fig.key)?.change_of.clone()
    }

    fn previous_level(&mut self, fig: &Figure, target: &str) -> Result<(), String> {
        let now = self
            .get(Year::Current, target)
            .ok_or_else(|| format!("报告没有给出「{target}」本年的数值"))?;
        if let Some(before) = self.get(Year::Previous, target) {
            return (change(now, before).is_some_and(|c| fig.accepts(c)))
                .then_some(())
                .ok_or_else(|| "上年数值已由其他数据确定,与该同比不符".into());
        }
        let guess = (now / (1.0 + fig.signed() / 100.0)).round();
        let before = search_around(guess)
            .into_iter()
            .find(|b| change(now, *b).is_some_and(|c| fig.accepts(c)))
            .ok_or_else(|| "找不到整数的上年数值使同比等于公布值".to_owned())?;
        self.set(Year::Previous, target, before);
        Ok(())
    }

    fn previous_rate(&mut self, fig: &Figure, ind: &Indicator) -> Result<(), String> {
        let (Some(num), Some(den)) = (ind.numerator.clone(), ind.denominator.clone()) else {
            return Err("目录中该比率没有分子分母".into());
        };
        let rate_now = match (self.get(Year::Current, &num), self.get(Year::Current, &den)) {
            (Some(n), Some(d)) if d > 0.0 => round2(n / d * 100.0),
            _ => return Err(format!("报告没有给出「{}」本年的分子分母", ind.key)),
        };
        let accepts =
            |n: f64, d: f64| d > 0.0 && fig.accepts(round2(rate_now - round2(n / d * 100.0)));
        let dens = match self.get(Year::Previous, &den) {
            Some(d) => vec![d],
            None => search_around(self.get(Year::Current, &den).unwrap_or(400.0)),
        };
        let known_num = self.get(Year::Previous, &num);
        for d in dens {
            let n = match known_num {
                Some(n) => accepts(n, d).then_some(n),
                None => {
                    let want = (rate_now - fig.signed()) / 100.0 * d;
                    search_around(want.round())
                        .into_iter()
                        .take(7)
                        .find(|n| *n >= 0.0 && *n <= d && accepts(*n, d))
                }
            };
            if let Some(n) = n {
                self.set(Year::Previous, &den, d);
                self.set(Year::Previous, &num, n);
                return Ok(());
            }
        }
        Err("上年的分子分母已由其他同比确定,无法同时满足该比率的同比".into())
    }

    fn finish(mut self) -> Calibration {
        for (i, year) in [self.out.current.year, self.out.previous.year]
            .into_iter()
            .enumerate()
        {
            let mut values: Vec<_> = self.reported[i].drain().collect();
            values.sort_by(|a, b| a.0.cmp(&b.0));
            for (key, (value, qualifier)) in values {
                self.out.reported.push(ReportedTarget {
                    key,
                    year,
                    value,
                    qualifier,
                });
            }
        }
        self.out
    }
}

/// 同比 in % as the engine computes it (2 decimals).
fn change(now: f64, before: f64) -> Option<f64> {
    (before > 0.0).then(|| round2((now - before) / before * 100.0))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A numerator giving the figure's rate over `d`, if a whole one does.
fn numerator_for(fig: &Figure, d: f64) -> Option<f64> {
    let n = (fig.value / 100.0 * d).round();
    [n, n - 1.0, n + 1.0]
        .into_iter()
        .find(|n| *n >= 0.0 && *n <= d && fig.accepts(round2(n / d * 100.0)))
}

/// Whole numbers nearest `x` first, out to ±2,000 (at least 1).
fn search_around(x: f64) -> Vec<f64> {
    let x = x.round().max(1.0);
    let mut out = vec![x];
    for k in 1..=2000 {
        out.push(x + f64::from(k));
        if x - f64::from(k) >= 1.0 {
            out.push(x - f64::from(k));
        }
    }
    out
}

/// A figure as published: 1900余个, 97.73%.
pub fn show(f: &Figure) -> String {
    let sign = if f.falling { "-" } else { "" };
    format!(
        "{sign}{}{}{}",
        fazhi_indicators::fmt_number(f.value),
        f.qualifier,
        f.unit
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(key: &str, value: f64, unit: &str) -> Figure {
        Figure {
            key: key.into(),
            value,
            unit: unit.into(),
            qualifier: String::new(),
            precision: if value.fract() == 0.0 { 0 } else { 2 },
            falling: false,
        }
    }

    fn registers(key: &str) -> bool {
        key.starts_with("mediation.") || key.starts_with("litigation.")
    }

    fn solve(figures: &[Figure]) -> Calibration {
        let catalog = Catalog::embedded().unwrap();
        calibrate(catalog, &registers, figures, 2024, 1.0, 7)
    }

    #[test]
    fn a_rate_with_both_parts_keeps_them_and_a_missing_part_is_solved() {
        let c = solve(&[
            fig("mediation.cases", 23033.0, "件"),
            fig("mediation.success", 22511.0, "件"),
            fig("mediation.success_rate", 97.73, "%"),
            fig("litigation.concluded", 732.0, "件"),
            fig("litigation.loss_rate", 6.42, "%"),
        ]);
        assert_eq!(c.current.count("mediation.success"), Some(22511));
        let lost = c.current.count("litigation.lost").unwrap();
        assert_eq!(round2(lost as f64 / 732.0 * 100.0), 6.42, "{lost}");
        assert!(c.skipped.is_empty(), "{:?}", c.skipped);
    }

    #[test]
    fn changes_give_the_previous_year_at_the_published_precision() {
        let mut yoy = fig("mediation.cases_yoy", 36.7, "%");
        yoy.precision = 1;
        let mut loss_yoy = fig("litigation.loss_rate_yoy", 10.88, "百分点");
        loss_yoy.falling = true;
        let c = solve(&[
            fig("mediation.cases", 23033.0, "件"),
            yoy,
            fig("litigation.concluded", 732.0, "件"),
            fig("litigation.lost", 47.0, "件"),
            loss_yoy,
        ]);
        let before = c.previous.count("mediation.cases").unwrap() as f64;
        assert_eq!(((23033.0 - before) / before * 1000.0).round() / 10.0, 36.7);
        let (l, k) = (
            c.previous.count("litigation.lost").unwrap() as f64,
            c.previous.count("litigation.concluded").unwrap() as f64,
        );
        assert_eq!(round2(6.42 - round2(l / k * 100.0)), -10.88);
    }

    #[test]
    fn qualified_counts_stay_within_the_qualifier_and_other_scopes_are_skipped() {
        let mut about = fig("litigation.received", 1900.0, "件");
        about.qualifier = "余".into();
        let c = solve(&[
            about.clone(),
            fig("litigation.received", 238.0, "件"),
            fig("mediation.cases", 45.0, "期"),
            fig("pufa.activities", 150.0, "场"),
        ]);
        let n = c.current.count("litigation.received").unwrap();
        assert!((1901..2000).contains(&n), "{n}");
        assert!(about.accepts(n as f64));
        assert_eq!(c.skipped.len(), 2, "{:?}", c.skipped);
        assert_eq!(c.reported[0].key, "pufa.activities");
        assert_eq!(c.reported[0].value, 150.0);
    }
}
