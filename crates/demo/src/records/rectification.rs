//! 问题整改 — the problems that the city's 督察组, 案卷评查, 巡察, audits and complaints found in
//! its departments and counties, each handed over with a time limit. In the report year the
//! stated number are rectified and closed (六盘水 2024: 「排查出106个问题均完成整改」, the
//! figure of `enforcement.problems_rectified`); a tenth more, found late in the year, show the
//! other states: awaiting closure, still open past the time limit (some with a 督办函, a few
//! of those with a 约谈).

use chrono::{Days, NaiveDate};
use fazhi_domain::register::rectification::RECTIFICATIONS;

use super::{Raw, Writer, YearPlan};
use crate::error::Result;
use crate::synth::Synth;
use crate::world::World;

const SOURCES: &[(&str, u32)] = &[
    ("法治督察", 30),
    ("案卷评查", 20),
    ("巡察", 15),
    ("审计", 8),
    ("12345/群众举报", 14),
    ("复议纠错", 8),
    ("行政诉讼败诉", 3),
    ("司法/检察建议", 2),
];

/// What was found, and the rule it breaches.
const PROBLEMS: &[(&str, &str)] = &[
    (
        "行政处罚决定书未告知当事人申请行政复议、提起行政诉讼的途径和期限",
        "《中华人民共和国行政处罚法》第五十九条",
    ),
    (
        "执法人员现场检查时未出示执法证件",
        "《中华人民共和国行政处罚法》第五十五条",
    ),
    (
        "重大执法决定作出前未经法制审核",
        "《中华人民共和国行政处罚法》第五十八条",
    ),
    (
        "行政处罚决定未在七个工作日内公示",
        "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》(国办发〔2018〕118号)",
    ),
    (
        "现场执法未进行音像记录,执法全过程记录不完整",
        "国办发〔2018〕118号",
    ),
    (
        "案卷缺少送达回证,证据材料未按顺序装订",
        "《中华人民共和国行政处罚法》第六十一条",
    ),
    (
        "重大行政决策未公开征求社会公众意见",
        "《重大行政决策程序暂行条例》第十四条",
    ),
    (
        "行政规范性文件未经合法性审核即印发",
        "《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》(国办发〔2018〕115号)",
    ),
    (
        "行政机关负责人未出庭应诉也未委托相应工作人员出庭",
        "《中华人民共和国行政诉讼法》第三条",
    ),
    (
        "政府信息公开申请答复超过法定期限",
        "《中华人民共和国政府信息公开条例》第三十三条",
    ),
];

/// The states of the problems found late in the report year, beyond the closed ones.
#[derive(Debug, Clone, Copy)]
enum Open {
    AwaitingClosure,
    InProgress,
    NotStarted,
}

pub(super) async fn rectifications(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    plan: YearPlan<'_>,
) -> Result<()> {
    let closed = plan.want("enforcement.problems_rectified", plan.volume(60.0))?;
    let open = if plan.complete {
        0
    } else {
        closed.div_ceil(10)
    };
    // Departments carry most problems, county governments the rest.
    let mut units: Vec<(&str, u32)> = world
        .agencies
        .iter()
        .map(|a| (a.code.as_str(), a.dept.weight.max(1)))
        .collect();
    units.extend(
        world
            .govs
            .iter()
            .skip(1)
            .map(|g| (g.code.as_str(), g.weight)),
    );
    let year_end = NaiveDate::from_ymd_opt(s.year, 12, 31).unwrap_or_default();
    let mut numbers = 0;
    for i in 0..closed + open {
        numbers += 1;
        let state = (i >= closed).then(|| match (i - closed) % 3 {
            0 => Open::AwaitingClosure,
            1 => Open::InProgress,
            _ => Open::NotStarted,
        });
        let found = match state {
            None => s.seasonal_date_until(year_end - Days::new(120)),
            Some(_) => s.late_date(90),
        };
        let source = s.weighted(SOURCES);
        let (description, rule) = s.pick(PROBLEMS);
        let team = s.int(1, 3);
        let mut raw = Raw::default();
        raw.put(
            "problem_no",
            format!(
                "{}督〔{}〕{}-{:03}",
                world.govs[0].short, s.year, team, numbers
            ),
        )
        .put("source", source)
        .date("found_date", Some(found))
        .put("issuer", issuer(source, &world.govs[0].name, team))
        .put("description", description)
        .put("rule_breached", rule);
        let due = s.after_days(found, 30, 90);
        raw.date("due_date", Some(due));
        match state {
            None => {
                let rectified = s.after_days(found, 15, 80).min(due);
                raw.put("status", "已销号")
                    .put(
                        "measures",
                        "逐项制定整改措施,举一反三完善制度并对在办案件全面自查",
                    )
                    .put("evidence", report_number(world, s.year, numbers))
                    .date("rectified_date", Some(rectified))
                    .date("closed_date", Some(s.after_days(rectified, 3, 15)));
            }
            Some(Open::AwaitingClosure) => {
                raw.put("status", "申请销号")
                    .put("measures", "已完成文书格式修订并组织全员培训,申请销号")
                    .put("evidence", report_number(world, s.year, numbers))
                    .date("rectified_date", Some(s.after_days(found, 10, 25).min(due)));
            }
            Some(Open::InProgress) => {
                raw.put("status", "整改中")
                    .put("measures", "已制定整改方案,正在逐案补正");
                if s.chance(0.5) {
                    raw.put(
                        "supervision_letter",
                        format!("{}法督函〔{}〕{}号", world.govs[0].short, s.year, numbers),
                    );
                    // Still not rectified some weeks after the letter: the unit is summoned.
                    let talk = s.after_days(due, 15, 30);
                    if talk <= year_end && s.chance(0.5) {
                        raw.date("interview_date", Some(talk));
                    }
                }
            }
            Some(Open::NotStarted) => {
                raw.put("status", "待整改");
            }
        }
        let unit = s.weighted(&units);
        w.create(&RECTIFICATIONS, unit, &raw).await?;
    }
    Ok(())
}

/// 整改佐证材料 of a problem reported done: the unit's 整改报告 by its 文号 (a problem's
/// number stands for the report's; the demo keeps no files).
fn report_number(world: &World, year: i32, number: u32) -> String {
    format!("{}整改报〔{year}〕{number}号", world.govs[0].short)
}

/// Who handed the problem over: the office's inspection team, or the body that found it
/// (`city` as 六盘水市).
fn issuer(source: &str, city: &str, team: i64) -> String {
    match source {
        "法治督察" | "案卷评查" => {
            format!("中共{city}委全面依法治市委员会办公室第{team}督察组")
        }
        "巡察" => format!("中共{city}委第{team}巡察组"),
        "审计" => format!("{city}审计局"),
        "12345/群众举报" => format!("{city}12345政务服务便民热线"),
        "复议纠错" => format!("{city}人民政府行政复议办公室"),
        _ => format!("{city}司法局"),
    }
}
