//! 人大代表建议、政协委员提案 — the suggestions and proposals the city's congress and conference
//! assign to the government each year: most from the annual sessions (交办 in March and April),
//! a few from between sessions. The stated counts are the year's (乐平 2024: 「建议124件、提案
//! 116件」, 株洲 2024: 239 and 202); the 主办单位 are the city's departments and, for a quarter,
//! the county governments. All are answered by the year's end (cities report 办复率 100%),
//! nearly all within three months (six when complex), a few late; most proposers are 满意,
//! some 基本满意, a few 不满意 or silent.

use chrono::{Datelike, NaiveDate};
use fazhi_domain::register::suggestion::SUGGESTIONS;

use super::{Raw, Writer, YearPlan};
use crate::error::Result;
use crate::synth::Synth;
use crate::world::World;

const TOPICS: &[&str] = &[
    "加快老旧小区加装电梯",
    "完善城区停车设施",
    "加强农村饮水安全保障",
    "优化中小学学位供给",
    "加强社区居家养老服务",
    "规范校外培训机构管理",
    "推进生活垃圾分类",
    "改善农村公路通行条件",
    "加强食品安全监管",
    "支持民营企业融资",
    "完善城市排水防涝设施",
    "加强古树名木保护",
    "提升政务服务便利度",
    "规范农贸市场管理",
    "加强基层医疗卫生服务",
    "推动文旅融合发展",
];

const PARTY_GROUPS: &[&str] = &[
    "民革市委会",
    "民盟市委会",
    "民建市委会",
    "农工党市委会",
    "九三学社市委会",
    "市工商联",
];

const CATEGORIES: &[(&str, u32)] = &[
    ("A类(已解决或采纳)", 55),
    ("B类(列入计划解决)", 30),
    ("C类(因条件限制不能解决)", 12),
    ("D类(留作参考)", 3),
];

/// What happens to one suggestion by the year's end.
#[derive(Debug, Clone, Copy)]
struct Fate {
    npc: bool,
    replied: bool,
    /// 满意 or 基本满意 (only when replied).
    satisfied: bool,
}

/// How many of each the year has: the stated counts, a stated total split between the two,
/// or default volumes; replied and satisfied as stated, else nearly all.
fn fates(s: &mut Synth, plan: YearPlan<'_>) -> Result<Vec<Fate>> {
    let stated_npc = plan.count("suggestions.npc")?;
    let stated_cppcc = plan.count("suggestions.cppcc")?;
    let total = plan.count("suggestions.received")?;
    let (npc, cppcc) = match (stated_npc, stated_cppcc, total) {
        (Some(n), Some(c), _) => (n, c),
        (Some(n), None, Some(t)) => (n, (t - n).max(0)),
        (None, Some(c), Some(t)) => ((t - c).max(0), c),
        (None, None, Some(t)) => {
            let n = (t as f64 * 0.55).round() as i64;
            (n, t - n)
        }
        _ => (
            plan.want("suggestions.npc", plan.volume(200.0))? as i64,
            plan.want("suggestions.cppcc", plan.volume(170.0))? as i64,
        ),
    };
    let (npc, cppcc) = (npc.max(0) as usize, cppcc.max(0) as usize);
    let all = npc + cppcc;
    // Cities report 办复率 100%: every one assigned in the year is answered by its end unless
    // the report says otherwise.
    let replied = match plan.count("suggestions.replied")? {
        Some(n) => (n.max(0) as usize).min(all),
        None => all,
    };
    let satisfied = match plan.count("suggestions.satisfied")? {
        Some(n) => (n.max(0) as usize).min(replied),
        None => (replied as f64 * 0.97).round() as usize,
    };
    let mut kinds: Vec<bool> = (0..all).map(|i| i < npc).collect();
    s.shuffle(&mut kinds);
    Ok(kinds
        .into_iter()
        .enumerate()
        .map(|(i, npc)| Fate {
            npc,
            replied: i < replied,
            satisfied: i < satisfied,
        })
        .collect())
}

/// 届次 of the year's sessions: the congress's and the conference's terms began in 2022 (and
/// every five years before and after), the year's session counted from there.
fn session(year: i32, npc: bool) -> (String, String) {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let since = year - 2022;
    let term = if npc { 15 } else { 12 } + since.div_euclid(5);
    let nth = DIGITS[since.rem_euclid(5) as usize + 1];
    let term = match term {
        10..=19 => format!("十{}", DIGITS[(term - 10) as usize]),
        1..=9 => DIGITS[term as usize].to_owned(),
        _ => term.to_string(),
    };
    let body = if npc { "人大" } else { "政协" };
    (
        format!("市{body}{term}届{nth}次会议"),
        format!("{body}{term}届{nth}次"),
    )
}

pub(super) async fn suggestions(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    plan: YearPlan<'_>,
) -> Result<()> {
    let fates = fates(s, plan)?;
    let (year, as_of) = (s.year, s.as_of);
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(as_of);
    let (year_end, sessions_from, sessions_to) = (day(12, 31), day(3, 10), day(4, 20));
    let departments: Vec<(usize, u32)> = world
        .agency_weights()
        .into_iter()
        .filter(|&(i, _)| world.agencies[i].gov == 0)
        .collect();
    let counties: Vec<(usize, u32)> = world.gov_weights().into_iter().skip(1).collect();
    let mut serial = [0_u32; 4];
    for fate in fates {
        // Those still open at the year's end came between the sessions, late in the year.
        let between = !fate.replied || s.chance(0.1);
        let (session_name, prefix) = if between {
            let body = if fate.npc { "人大" } else { "政协" };
            ("闭会期间".to_owned(), format!("{body}闭会〔{year}〕"))
        } else {
            session(year, fate.npc)
        };
        let n = &mut serial[usize::from(fate.npc) * 2 + usize::from(between)];
        *n += 1;
        let assigned = if !fate.replied {
            s.late_date(45)
        } else if between {
            s.date_between(day(4, 1), day(10, 31))
        } else {
            s.date_between(sessions_from, sessions_to)
        };
        let complex = s.chance(0.08);
        let to_county = !counties.is_empty() && (departments.is_empty() || s.chance(0.25));
        let org = if to_county {
            world.govs[s.weighted(&counties)].code.clone()
        } else if departments.is_empty() {
            world.govs[0].code.clone()
        } else {
            world.agencies[s.weighted(&departments)].code.clone()
        };
        let topic = s.pick(TOPICS);
        let proposer = if !fate.npc && s.chance(0.2) {
            s.pick(PARTY_GROUPS).to_owned()
        } else {
            s.person_name()
        };
        let mut raw = Raw::default();
        raw.put(
            "kind",
            if fate.npc {
                "人大代表建议"
            } else {
                "政协委员提案"
            },
        )
        .put("suggestion_no", format!("{prefix}第{n}号"))
        .put("session", session_name)
        .put("proposer", proposer)
        .put(
            "title",
            format!("关于{topic}的{}", if fate.npc { "建议" } else { "提案" }),
        )
        .date("assigned_date", Some(assigned))
        .flag("complex", complex);
        if s.chance(0.35) && departments.len() > 1 {
            let co = &world.agencies[s.weighted(&departments)];
            if co.code != org {
                raw.put("co_units", &co.name);
            }
        }
        if fate.replied {
            // Within three months (six when complex); one in thirty late.
            let (low, high) = match (complex, s.chance(1.0 / 30.0)) {
                (_, true) if !plan.complete => (if complex { 185 } else { 95 }, 200),
                (true, _) => (60, 170),
                (false, _) => (20, 85),
            };
            let replied = s
                .after_days(assigned, low, high)
                .min(year_end)
                .max(assigned);
            let category = s.weighted(CATEGORIES);
            raw.date("reply_date", Some(replied))
                .put("category", category);
            if fate.satisfied {
                raw.put(
                    "satisfaction",
                    s.pick(&["满意", "满意", "满意", "基本满意"]),
                );
            } else if s.chance(0.5) {
                raw.put("satisfaction", "不满意")
                    .put("follow_up", "已重新办理,再次答复并当面沟通");
            }
            if category.starts_with('B') {
                raw.put(
                    "follow_up",
                    format!("已列入{}年工作计划,按季度跟踪落实", replied.year() + 1),
                );
            }
        }
        w.create(&SUGGESTIONS, &org, &raw).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::session;

    #[test]
    fn sessions_follow_the_five_year_terms() {
        assert_eq!(
            session(2024, true),
            (
                "市人大十五届三次会议".to_owned(),
                "人大十五届三次".to_owned()
            )
        );
        assert_eq!(session(2022, false).1, "政协十二届一次");
        assert_eq!(session(2019, true).1, "人大十四届三次");
        assert_eq!(session(2027, false).1, "政协十三届一次");
    }
}
