//! 示范报表 — the review flow in the demo city. The report year's 填报值 are spread over the
//! units that report the annual form (additive whole numbers outside the catalog's relations;
//! the rest stays with the city) and approved bottom-up, so the city's figures remain the
//! seed's. The periods after it carry forms in every state: all approved but the latest period
//! of each data set, where units are approved, submitted, returned, drafts or never filled.

use std::collections::HashMap;

use chrono::NaiveDate;
use fazhi_catalog::Catalog;
use fazhi_indicators::Period;
use fazhi_review::{DISCLOSURE_SLOT_PREFIX, DataSet, ReportText, Step, Unit, Units};
use fazhi_store::{FormStep, ImportOptions, ReportedInput, ScopedStore};

use crate::error::{DemoError, Result, store as store_err};
use crate::targets::ReportedTarget;

/// The comment every demo submission carries (some values differ from last year by more than
/// the plausibility check allows).
const COMMENT: &str = "示范数据:按各单位台账汇总填报";
/// The reason of the demo's returned forms.
const RETURN_REASON: &str = "数据与执法台账不符,请核实后重新上报";

/// How many forms the demo left in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormCounts {
    pub approved: usize,
    pub submitted: usize,
    pub returned: usize,
    pub draft: usize,
    pub missing: usize,
}

/// Writes the report year's reported values through the annual forms and the later periods'
/// forms; `today` decides which periods are over.
pub async fn review_forms(
    store: &ScopedStore,
    catalog: &Catalog,
    city_code: &str,
    reported: &[ReportedTarget],
    today: NaiveDate,
) -> Result<FormCounts> {
    let units = store
        .review_units()
        .await
        .map_err(store_err("读取机构失败"))?;
    let sets = store
        .data_sets()
        .await
        .map_err(store_err("读取报表定义失败"))?;
    let city = units
        .by_code(city_code)
        .cloned()
        .ok_or_else(|| DemoError::Invalid(format!("示范城市「{city_code}」不在机构树中")))?;
    let mut counts = FormCounts::default();
    let Some(annual) = sets.get("annual") else {
        save(store, city_rows(&city, reported)).await?;
        return Ok(counts);
    };
    let reporters: Vec<Unit> = bottom_up(&units, annual, &city);
    let mut years: Vec<i32> = reported.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut spread_last = HashMap::new();
    for &year in &years {
        let rows = spread(catalog, annual, &reporters, &city, reported, year);
        spread_last = rows_by_unit(&rows);
        save(store, rows).await?;
        let period = Period::Year(year);
        for unit in &reporters {
            approve(store, annual, period, unit).await?;
            counts.approved += 1;
        }
    }
    let Some(&report_year) = years.last() else {
        return Ok(counts);
    };
    for set in sets.all().iter().filter(|s| s.report) {
        let period = Period::Year(report_year);
        for unit in &bottom_up(&units, set, &city) {
            write_report(store, set, unit, report_year).await?;
            approve(store, set, period, unit).await?;
            let published = format!("{}-03-28", report_year + 1);
            step(store, set, period, unit, Step::Publish, &published).await?;
            counts.approved += 1;
        }
    }
    for set in sets.all() {
        let periods: Vec<Period> = (report_year + 1..=chrono::Datelike::year(&today))
            .flat_map(|y| set.periods_of(y))
            .filter(|p| p.last_day() < today)
            .collect();
        let set_units = bottom_up(&units, set, &city);
        for (n, &period) in periods.iter().enumerate() {
            let latest = n + 1 == periods.len();
            for (i, unit) in set_units.iter().enumerate() {
                let values = later_values(catalog, set, unit, period, &spread_last, i);
                let state = if latest { i % 6 } else { 5 };
                form_in_state(store, set, period, unit, values, state, &mut counts).await?;
            }
        }
    }
    Ok(counts)
}

/// The reporting units of a data set, deepest first (a form is approved only after those it
/// reviews).
/// The reporters of `set` in `city`'s tree (a province demo holds several cities), deepest
/// first.
fn bottom_up(units: &Units, set: &DataSet, city: &Unit) -> Vec<Unit> {
    let mut list: Vec<Unit> = units
        .reporters(set)
        .filter(|u| units.within(u.id, city.id))
        .cloned()
        .collect();
    list.sort_by_key(|u| (std::cmp::Reverse(units.depth(u.id)), u.code.clone()));
    list
}

fn city_rows(city: &Unit, reported: &[ReportedTarget]) -> Vec<ReportedInput> {
    reported
        .iter()
        .map(|r| {
            input(
                &city.code,
                Period::Year(r.year),
                &r.key,
                r.value,
                r.qualifier.clone(),
            )
        })
        .collect()
}

fn input(
    org: &str,
    period: Period,
    key: &str,
    value: f64,
    qualifier: Option<String>,
) -> ReportedInput {
    ReportedInput {
        line: 0,
        org_code: Some(org.to_owned()),
        period: period.to_string(),
        indicator_key: key.to_owned(),
        value,
        note: None,
        qualifier,
    }
}

/// The year's stated figures as the units' values: whole additive figures of the annual form
/// that no relation ties are split over the reporters (largest remainder, weights varying by
/// unit), everything else stays with the city.
fn spread(
    catalog: &Catalog,
    annual: &DataSet,
    reporters: &[Unit],
    city: &Unit,
    reported: &[ReportedTarget],
    year: i32,
) -> Vec<ReportedInput> {
    let related = |key: &str| {
        catalog
            .relations()
            .iter()
            .any(|r| r.right == key || r.left.iter().any(|l| l == key))
    };
    let weights: Vec<f64> = (0..reporters.len())
        .map(|i| 1.0 + ((i * 37) % 11) as f64 / 5.0)
        .collect();
    let mut rows = Vec::new();
    for r in reported.iter().filter(|r| r.year == year) {
        let splittable = annual.keys.contains(&r.key)
            && catalog.get(&r.key).is_some_and(|i| i.is_additive())
            && r.qualifier.is_none()
            && r.value.fract() == 0.0
            && r.value >= reporters.len() as f64
            && !related(&r.key);
        if !splittable {
            rows.push(input(
                &city.code,
                Period::Year(year),
                &r.key,
                r.value,
                r.qualifier.clone(),
            ));
            continue;
        }
        for (unit, share) in reporters
            .iter()
            .zip(largest_remainder(r.value as u64, &weights))
        {
            rows.push(input(
                &unit.code,
                Period::Year(year),
                &r.key,
                share as f64,
                None,
            ));
        }
    }
    rows
}

/// `total` split in proportion to `weights`, in whole numbers that add up to it.
fn largest_remainder(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut shares: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    let short = total.saturating_sub(shares.iter().sum());
    for &i in order.iter().cycle().take(short as usize) {
        shares[i] += 1;
    }
    shares
}

fn rows_by_unit(rows: &[ReportedInput]) -> HashMap<(String, String), f64> {
    rows.iter()
        .filter_map(|r| Some(((r.org_code.clone()?, r.indicator_key.clone()), r.value)))
        .collect()
}

/// Values of a later period: the annual form restates the unit's report-year values a little
/// higher; the quarterly and monthly forms get plausible volumes (resolved below screened).
fn later_values(
    catalog: &Catalog,
    set: &DataSet,
    unit: &Unit,
    period: Period,
    last_year: &HashMap<(String, String), f64>,
    i: usize,
) -> Vec<(String, f64)> {
    let step = period.months().first().map_or(1, |m| m.month) as usize;
    let wobble = 1.0 + ((i * 7 + step * 3) % 9) as f64 / 40.0;
    if set.grain == fazhi_indicators::Grain::Year {
        return set
            .keys
            .iter()
            .filter_map(|k| {
                let rate = catalog.get(k).is_some_and(|i| i.is_rate());
                last_year
                    .get(&(unit.code.clone(), k.clone()))
                    .map(|v| (k.clone(), if rate { *v } else { (v * wobble).round() }))
            })
            .collect();
    }
    let base = 20.0 + ((i * 13) % 17) as f64 * 6.0;
    set.keys
        .iter()
        .enumerate()
        .map(|(n, k)| {
            let value = match k.as_str() {
                "disputes.resolved" => (base * wobble * 0.9).floor(),
                k if k.starts_with("criminal_transfer") => ((i + n) % 3) as f64,
                _ => (base * wobble / (1 + n % 3) as f64).round(),
            };
            (k.clone(), value)
        })
        .collect()
}

/// Fills one form and leaves it in `state`: 0 never filled, 1 draft, 2 submitted, 3 returned,
/// otherwise approved (submitted when what it reviews is not all approved).
async fn form_in_state(
    store: &ScopedStore,
    set: &DataSet,
    period: Period,
    unit: &Unit,
    values: Vec<(String, f64)>,
    state: usize,
    counts: &mut FormCounts,
) -> Result<()> {
    if state == 0 || (values.is_empty() && !set.report) {
        counts.missing += 1;
        return Ok(());
    }
    if set.report {
        write_report(store, set, unit, period.year()).await?;
        step(store, set, period, unit, Step::Save, "").await?;
    } else {
        let rows = values
            .into_iter()
            .map(|(k, v)| input(&unit.code, period, &k, v, None))
            .collect();
        save(store, rows).await?;
    }
    if state == 1 {
        counts.draft += 1;
        return Ok(());
    }
    step(store, set, period, unit, Step::Submit, COMMENT).await?;
    match state {
        2 => counts.submitted += 1,
        3 => {
            step(store, set, period, unit, Step::Return, RETURN_REASON).await?;
            counts.returned += 1;
        }
        _ => match step(store, set, period, unit, Step::Approve, "").await {
            Ok(()) => counts.approved += 1,
            Err(_) => counts.submitted += 1,
        },
    }
    Ok(())
}

/// A unit's report of `set`: the opening of its 法治政府建设年度报告 (the rest is drafted from
/// the figures), or the 总体情况 of its 政府信息公开工作年度报告 (the tables are counted).
async fn write_report(store: &ScopedStore, set: &DataSet, unit: &Unit, year: i32) -> Result<()> {
    let (slot, text) = match set.text {
        ReportText::LawBasedGovernment => (
            fazhi_report::OPENING_SLOT.to_owned(),
            format!(
                "{year}年,{}坚持以习近平新时代中国特色社会主义思想为指导,深入贯彻习近平法治思想,\
                 全面落实法治政府建设各项任务,现将有关情况报告如下。(示范数据)",
                unit.name
            ),
        ),
        ReportText::Disclosure => (
            format!("{DISCLOSURE_SLOT_PREFIX}overview"),
            format!(
                "{year}年,{}认真贯彻落实《中华人民共和国政府信息公开条例》,围绕主动公开、依申请公开、\
                 政府信息管理、平台建设和监督保障开展工作。(示范数据)",
                unit.name
            ),
        ),
    };
    let slots = [(slot, text)].into_iter().collect();
    store
        .save_report_narratives(&unit.code, year, &slots)
        .await
        .map_err(store_err("写入年度报告失败"))
}

async fn approve(store: &ScopedStore, set: &DataSet, period: Period, unit: &Unit) -> Result<()> {
    step(store, set, period, unit, Step::Submit, COMMENT).await?;
    step(store, set, period, unit, Step::Approve, "").await
}

async fn step(
    store: &ScopedStore,
    set: &DataSet,
    period: Period,
    unit: &Unit,
    step: Step,
    text: &str,
) -> Result<()> {
    let code = period.to_string();
    let outcome = store
        .form_step(FormStep {
            org_code: &unit.code,
            data_set: &set.code,
            period: &code,
            step,
            text: Some(text),
        })
        .await
        .map_err(store_err("报表操作失败"))?;
    if outcome.done {
        return Ok(());
    }
    let why: Vec<String> = outcome.findings.into_iter().map(|f| f.message).collect();
    Err(DemoError::Rejected(format!(
        "《{}》{} {}:{}",
        set.name,
        code,
        unit.name,
        why.join(";")
    )))
}

async fn save(store: &ScopedStore, rows: Vec<ReportedInput>) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let outcome = store
        .save_reported_values(rows, &ImportOptions::default())
        .await
        .map_err(store_err("写入填报值失败"))?;
    if !outcome.committed {
        return Err(DemoError::Rejected(format!(
            "填报值:{:?}",
            outcome.problems.first()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::largest_remainder;

    #[test]
    fn shares_add_up_to_the_whole() {
        let shares = largest_remainder(103, &[1.0, 2.0, 1.4, 3.0]);
        assert_eq!(shares.iter().sum::<u64>(), 103);
        assert!(shares[3] > shares[0]);
        assert_eq!(largest_remainder(0, &[1.0, 1.0]), vec![0, 0]);
    }
}
