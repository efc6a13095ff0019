//! 行政执法监督的两本登记簿 — 重大行政处罚、强制决定备案 and 双随机、一公开.
//!
//! Filings: the stated counts are filed within the year (泸州 2019: 「备案重大行政处罚1469件,
//! 重大行政强制455件」, `enforcement.major_penalties_filed` / `major_coercion_filed`); most
//! within the window, a few late, and a few decided in December still unfiled at the year's
//! end (their clocks running). Random inspections: the 市场监管 departments keep a 检查对象名录库
//! that grows each year, and check a share of it, two certificate holders per object; most
//! results are published within 20 working days, some late, some not yet.

use chrono::{Days, NaiveDate};
use fazhi_domain::register::double_random::{INSPECTION_OBJECTS, RANDOM_INSPECTIONS};
use fazhi_domain::register::major_penalty_filing::MAJOR_PENALTY_FILINGS;

use super::{Handlers, Raw, Writer, YearPlan};
use crate::error::Result;
use crate::synth::{Synth, yuan};
use crate::world::World;

const PENALTY_GROUNDS: &[(&str, u32)] = &[
    ("较大数额罚款或没收", 70),
    ("责令停产停业、关闭", 15),
    ("吊销许可证件、营业执照", 10),
    ("行政拘留", 5),
];

const COERCION_GROUNDS: &[(&str, u32)] = &[("查封、扣押、冻结", 85), ("强制执行", 15)];

pub(super) async fn major_penalty_filings(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    plan: YearPlan<'_>,
) -> Result<()> {
    let penalties = plan.want("enforcement.major_penalties_filed", plan.volume(40.0))?;
    let coercions = plan.want("enforcement.major_coercion_filed", plan.volume(12.0))?;
    let unfiled = if plan.complete {
        0
    } else {
        (penalties + coercions).div_ceil(50)
    };
    let units: Vec<(usize, u32)> = world.agency_weights();
    let year_end = NaiveDate::from_ymd_opt(s.year, 12, 31).unwrap_or(s.as_of);
    let filed_with = format!(
        "{}人民政府({}司法局)",
        world.govs[0].name, world.govs[0].name
    );
    for i in 0..penalties + coercions + unfiled {
        let penalty = i < penalties || (i >= penalties + coercions && i % 2 == 0);
        let agency = &world.agencies[s.weighted(&units)];
        let filed = i < penalties + coercions;
        let decided = if filed {
            s.seasonal_date_until(year_end - Days::new(20))
        } else {
            s.late_date(8)
        };
        let (kind, ground) = if penalty {
            ("重大行政处罚", s.weighted(PENALTY_GROUNDS))
        } else {
            ("重大行政强制", s.weighted(COERCION_GROUNDS))
        };
        let serial = i + 1;
        let mut raw = Raw::default();
        raw.put(
            "filing_no",
            format!("{}司备〔{}〕{serial}号", world.govs[0].short, s.year),
        )
        .put(
            "decision_no",
            format!(
                "{}{}决〔{}〕{serial}号",
                world.govs[agency.gov].short, agency.dept.abbr, s.year
            ),
        )
        .put("decision_kind", kind)
        .put("ground", ground)
        .put(
            "party",
            format!("{}某某有限公司", world.govs[agency.gov].short),
        )
        .date("decision_date", Some(decided));
        if ground == "较大数额罚款或没收" {
            raw.put("amount", yuan(s.int(50_000, 2_000_000)));
        }
        if filed {
            // One in twenty is filed after the 15-day window.
            let on = if s.chance(0.05) {
                s.after_days(decided, 16, 30)
            } else {
                s.after_days(decided, 2, 13)
            };
            let on = on.min(year_end);
            raw.date("filed_date", Some(on))
                .put("filed_with", &filed_with);
            let reviewed = s.after_days(on, 5, 20);
            if reviewed <= year_end {
                let verdict = if s.chance(0.04) {
                    "责令纠正"
                } else {
                    "符合规定"
                };
                raw.put("review_result", verdict)
                    .date("review_date", Some(reviewed));
            }
        }
        w.create(&MAJOR_PENALTY_FILINGS, &agency.code, &raw).await?;
    }
    Ok(())
}

const INDUSTRIES: &[&str] = &[
    "食品经营",
    "餐饮服务",
    "药品零售",
    "特种设备使用",
    "建材销售",
    "广告发布",
];

const RESULTS: &[(&str, u32)] = &[
    ("未发现问题", 80),
    ("发现问题已责令改正", 12),
    ("发现问题已移送或立案查处", 3),
    ("通过登记的住所无法联系", 4),
    ("已关闭停业或不再经营", 1),
];

const MATTERS: &[&str] = &[
    "食品经营许可事项检查",
    "企业公示信息检查",
    "产品质量监督抽查",
    "广告发布行为检查",
];

/// The 市场监管 departments' objects listed this year, and this year's random inspections of
/// them (two of the department's certificate holders each).
pub(super) async fn random_inspections(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    handlers: &Handlers,
    plan: YearPlan<'_>,
) -> Result<()> {
    let regulators: Vec<usize> = (0..world.agencies.len())
        .filter(|&i| world.agencies[i].dept.suffix == "scjg" && handlers[i].len() >= 2)
        .collect();
    if regulators.is_empty() {
        return Ok(());
    }
    let year_start = NaiveDate::from_ymd_opt(s.year, 1, 1).unwrap_or(s.as_of);
    // At least six a unit: a 双随机 draw takes three of each.
    let new_objects = (plan.volume(150.0).round() as usize).max(6 * regulators.len());
    // Listed in the year's first two months, inspected from mid-March.
    let listing_end = year_start + Days::new(59);
    let mut listed: Vec<(usize, String)> = Vec::with_capacity(new_objects);
    for n in 0..new_objects {
        let i = regulators[n % regulators.len()];
        let agency = &world.agencies[i];
        let individual = s.chance(0.4);
        let code = s.credit_code(if individual { '2' } else { '1' }, world.region_of(agency))?;
        let mut raw = Raw::default();
        raw.put("credit_code", &code)
            .put(
                "name",
                format!(
                    "{}{}{}",
                    world.govs[agency.gov].short,
                    s.person_name(),
                    if individual {
                        "商行"
                    } else {
                        "商贸有限公司"
                    }
                ),
            )
            .put(
                "object_type",
                if individual {
                    "个体工商户"
                } else {
                    "企业"
                },
            )
            .put("industry", s.pick(INDUSTRIES))
            .date("listed_date", Some(s.date_between(year_start, listing_end)))
            .put(
                "risk_level",
                s.pick(&["低风险", "一般风险", "一般风险", "较高风险"]),
            )
            .flag("abnormal", s.chance(0.03))
            .put("status", "在册");
        w.create(&INSPECTION_OBJECTS, &agency.code, &raw).await?;
        listed.push((i, code));
    }
    let checks = plan
        .want("random_inspection.entities_checked", plan.volume(60.0))?
        .min(listed.len());
    let year_end = NaiveDate::from_ymd_opt(s.year, 12, 31).unwrap_or(s.as_of);
    for n in 0..checks {
        let (i, code) = listed[s.int(0, listed.len() as i64 - 1) as usize].clone();
        let agency = &world.agencies[i];
        let officers = &handlers[i];
        let first = s.int(0, officers.len() as i64 - 1) as usize;
        let second = (first + 1 + s.int(0, officers.len() as i64 - 2) as usize) % officers.len();
        let planned = s.date_between(year_start + Days::new(73), year_end - Days::new(40));
        let checked = s.after_days(planned, 0, 10);
        let mut raw = Raw::default();
        raw.put(
            "inspection_no",
            format!("{}-{}-{:04}", agency.code, s.year, n + 1),
        )
        .put(
            "task_name",
            format!("{}年{}双随机抽查", s.year, agency.name),
        )
        .put("object_id", &code)
        .put("matter", s.pick(MATTERS))
        .put(
            "officers",
            format!("{}、{}", officers[first], officers[second]),
        )
        .date("planned_date", Some(planned))
        .date("check_date", Some(checked))
        .put("result", s.weighted(RESULTS));
        // Most results published within 20 working days, some late, a few still not.
        if !s.chance(0.03) || plan.complete {
            let published = if s.chance(0.06) {
                s.after_working(checked, 21, 30)
            } else {
                s.after_working(checked, 3, 18)
            };
            raw.date("published_date", Some(published.min(year_end).max(checked)));
        }
        w.create(&RANDOM_INSPECTIONS, &agency.code, &raw).await?;
    }
    Ok(())
}
