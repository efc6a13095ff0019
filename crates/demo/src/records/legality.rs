//! 合法性审查 and the 法律顾问、公职律师名册 — the matters the city's departments and
//! governments send to the 司法局 for legal review in the year, and the year's line of the
//! roster for each adviser and 公职律师.
//!
//! Reviews: as many reviewed in the year as the report states (株洲 2024: 「全年共审查各类合同、
//! 市政府常务会议题及涉法事务291件,出具意见建议1255条」; 六盘水 244; 乐平 39), of the kinds that
//! sentence names — contracts, executive-meeting items, 信访/涉法事务 and a few others — with the
//! stated opinions shared among them (some reviews find nothing to change). 重大行政决策 and
//! 规范性文件 are reviewed in the demo within their own registers (their 合法性审查日期), so
//! none is sent here twice. Nearly all are answered within the five working days of the rule
//! book, a few late; most opinions are adopted.
//!
//! Roster: the stated advisers (株洲: 「12名市政府法律顾问共列席市政府常务会议21次」) all of the
//! city government, the attendances and opinions stated shared among them; 公职律师 in the
//! departments, who attend no meeting in the demo.

use chrono::{Datelike, Months, NaiveDate};
use fazhi_domain::register::legal_adviser::LEGAL_ADVISERS;
use fazhi_domain::register::legality_review::LEGALITY_REVIEWS;

use super::{Raw, Writer, YearPlan};
use crate::error::Result;
use crate::synth::{Synth, yuan};
use crate::world::World;

const CONTRACTS: &[&str] = &[
    "城区停车场特许经营协议",
    "污水处理厂委托运营合同",
    "国有建设用地使用权出让合同",
    "政府和社会资本合作项目合同",
    "物业服务采购合同",
    "道路养护服务合同",
    "招商引资投资协议",
    "房屋征收补偿协议",
    "信息化平台建设合同",
    "公交线路运营补贴协议",
];

const MEETING_ITEMS: &[&str] = &[
    "关于调整城区供水价格的议题",
    "关于印发城市更新实施方案的议题",
    "关于设立产业发展基金的议题",
    "关于加快建设保障性租赁住房的议题",
    "关于调整最低生活保障标准的议题",
    "关于优化营商环境若干措施的议题",
];

const LEGAL_AFFAIRS: &[&str] = &[
    "关于某小区征收补偿信访事项的法律意见",
    "关于某企业债务纠纷的涉法事务",
    "关于某项目土地权属争议的涉法事务",
    "关于行政复议决定履行的涉法事务",
];

const OTHER: &[&str] = &["关于规范行政执法裁量基准的函", "关于政府信息公开答复的请示"];

const FIRMS: &[&str] = &[
    "正和", "明德", "衡平", "天元", "君泰", "弘法", "金石", "众信",
];

/// One review's kind: the label a clerk picks and the titles it draws from.
#[derive(Debug, Clone, Copy)]
struct Kind {
    label: &'static str,
    titles: &'static [&'static str],
}

const KINDS: [Kind; 4] = [
    Kind {
        label: "行政协议/合同",
        titles: CONTRACTS,
    },
    Kind {
        label: "政府常务会议议题",
        titles: MEETING_ITEMS,
    },
    Kind {
        label: "信访/涉法事务",
        titles: LEGAL_AFFAIRS,
    },
    Kind {
        label: "其他",
        titles: OTHER,
    },
];

/// The kind of each review of the year: the stated counts by kind, the rest shared out by the
/// usual mix (half contracts, a quarter meeting items).
fn kinds(s: &mut Synth, plan: YearPlan<'_>, total: usize) -> Result<Vec<Kind>> {
    let stated = [
        plan.count("legality_review.contracts")?,
        plan.count("legality_review.meeting_items")?,
        plan.count("legality_review.legal_affairs")?,
    ];
    let mut out = Vec::with_capacity(total);
    for (kind, n) in KINDS.iter().zip(stated) {
        out.extend(std::iter::repeat_n(*kind, n.unwrap_or(0).max(0) as usize));
    }
    // The kinds without a stated count (其他 never has one) take the rest.
    let free: Vec<(usize, u32)> = [50, 25, 18, 7]
        .into_iter()
        .enumerate()
        .filter(|(i, _)| stated.get(*i).is_none_or(Option::is_none))
        .collect();
    while out.len() < total {
        out.push(KINDS[s.weighted(&free)]);
    }
    out.truncate(total);
    s.shuffle(&mut out);
    Ok(out)
}

/// `total` shared among `n` holders at random; holders marked `false` in `open` get none.
fn share(s: &mut Synth, total: usize, open: &[bool]) -> Vec<usize> {
    let mut out = vec![0; open.len()];
    let takers: Vec<usize> = (0..open.len()).filter(|i| open[*i]).collect();
    let takers = if takers.is_empty() {
        (0..open.len()).collect()
    } else {
        takers
    };
    if takers.is_empty() {
        return out;
    }
    for _ in 0..total {
        out[s.pick(&takers)] += 1;
    }
    out
}

pub(super) async fn reviews(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    plan: YearPlan<'_>,
) -> Result<()> {
    let total = plan.want("legality_review.count", plan.volume(120.0))?;
    let kinds = kinds(s, plan, total)?;
    let opinions = plan.want("legality_review.opinions", total as f64 * 4.3)?;
    // One review in eight finds nothing to change, unless the opinions are too few to spare.
    let open: Vec<bool> = (0..total)
        .map(|_| opinions < total || !s.chance(0.12))
        .collect();
    let counts = share(s, opinions, &open);
    let departments: Vec<(usize, u32)> = world
        .agency_weights()
        .into_iter()
        .filter(|&(i, _)| world.agencies[i].gov == 0)
        .collect();
    let counties: Vec<(usize, u32)> = world.gov_weights().into_iter().skip(1).collect();
    let (year, city) = (s.year, &world.govs[0]);
    let last = s.as_of - chrono::Days::new(20);
    for (n, (kind, count)) in kinds.into_iter().zip(counts).enumerate() {
        let org = if kind.label == "政府常务会议议题" || departments.is_empty() {
            city.code.clone()
        } else if !counties.is_empty() && s.chance(0.15) {
            world.govs[s.weighted(&counties)].code.clone()
        } else {
            world.agencies[s.weighted(&departments)].code.clone()
        };
        let received = s.seasonal_date_until(last);
        // Within the five working days, one in twenty late.
        let days = if s.chance(0.05) && !plan.complete {
            s.int(6, 9)
        } else {
            s.int(1, 5)
        };
        let opinion = s.working_days_after(received, days as u32).min(s.as_of);
        let mut raw = Raw::default();
        raw.put(
            "review_no",
            format!("{}司审〔{year}〕{}号", city.short, n + 1),
        )
        .put("kind", kind.label)
        .put("title", s.pick(kind.titles))
        .date("received_date", Some(received))
        .put("reviewer", s.person_name())
        .put(
            "reviewer_kind",
            s.weighted(&[
                ("司法行政机关工作人员", 60),
                ("法律顾问", 35),
                ("公职律师", 5),
            ]),
        )
        .date("opinion_date", Some(opinion))
        .put("opinion_count", count.to_string());
        if kind.label == "行政协议/合同" {
            let wan = match s.weighted(&[(0, 60), (1, 32), (2, 8)]) {
                0 => s.int(5, 200),
                1 => s.int(200, 3_000),
                _ => s.int(3_000, 50_000),
            };
            raw.put("contract_amount", yuan(wan * 10_000));
        }
        if count > 0 {
            raw.put(
                "opinions",
                "主体资格、权利义务条款、违约责任及争议解决条款的修改意见",
            );
            if s.chance(0.9) {
                raw.put(
                    "adoption",
                    s.weighted(&[("采纳", 80), ("部分采纳", 16), ("未采纳", 4)]),
                );
            }
        }
        w.create(&LEGALITY_REVIEWS, &org, &raw).await?;
    }
    Ok(())
}

pub(super) async fn advisers(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    plan: YearPlan<'_>,
) -> Result<()> {
    let counsel = plan.want("legal_advisers.count", plan.volume(8.0))?;
    let lawyers = plan.want("legal_advisers.public_lawyers", plan.volume(10.0))?;
    let meetings = plan.want("legal_advisers.meetings_attended", counsel as f64 * 1.8)?;
    let opinions = plan.want("legal_advisers.opinions", counsel as f64 * 7.0)?;
    let all = vec![true; counsel];
    let (met, advised) = (share(s, meetings, &all), share(s, opinions, &all));
    let (year, city) = (s.year, &world.govs[0]);
    let region = city.code.get(..4).unwrap_or("0000");
    for i in 0..counsel {
        let mut raw = person(s, year, region, i, true);
        raw.put(
            "entry_no",
            format!("{}法顾〔{year}〕{}号", city.short, i + 1),
        )
        .put(
            "employer",
            format!("{}{}律师事务所", city.short, s.pick(FIRMS)),
        )
        .put("meetings_attended", met[i].to_string())
        .put("opinions", advised[i].to_string());
        if met[i] > 0 {
            raw.put(
                "meetings",
                format!("{}人民政府常务会议{}次", city.name, met[i]),
            );
        }
        w.create(&LEGAL_ADVISERS, &city.code, &raw).await?;
    }
    let departments: Vec<(usize, u32)> = world.agency_weights();
    for i in 0..lawyers {
        let org = if departments.is_empty() {
            city.code.clone()
        } else {
            world.agencies[s.weighted(&departments)].code.clone()
        };
        let mut raw = person(s, year, region, counsel + i, false);
        raw.put(
            "entry_no",
            format!("{}公律〔{year}〕{}号", city.short, i + 1),
        )
        .put("meetings_attended", "0")
        .put("opinions", s.int(2, 30).to_string());
        w.create(&LEGAL_ADVISERS, &org, &raw).await?;
    }
    Ok(())
}

/// One person's line: name, kind, a 17-digit 证号 (1 for 律师, 2 for 公职律师, the city's
/// region, the year, a serial), a three-year term that covers the year, counted to its end.
fn person(s: &mut Synth, year: i32, region: &str, serial: usize, counsel: bool) -> Raw {
    let start = s.date_between(
        NaiveDate::from_ymd_opt(year - 2, 1, 1).unwrap_or(s.as_of),
        NaiveDate::from_ymd_opt(year, 3, 31).unwrap_or(s.as_of),
    );
    let end = start
        .checked_add_months(Months::new(36))
        .and_then(|d| d.pred_opt())
        .filter(|d| d.year() >= year);
    let mut raw = Raw::default();
    raw.put("name", s.person_name())
        .put(
            "kind",
            if counsel {
                "法律顾问"
            } else {
                "公职律师"
            },
        )
        .put(
            "licence_no",
            format!(
                "{}{region}{year}{:08}",
                if counsel { 1 } else { 2 },
                serial + 1
            ),
        )
        .date("term_start", Some(start))
        .date("term_end", end)
        .date("tally_date", Some(s.as_of));
    raw
}
