//! 行政执法案件 — a year of enforcement cases across the agencies, by workload: mostly
//! 处罚 and 检查, filed on working days, decided within the usual time, published mostly within
//! 7 working days; each names two certificated officers of its agency.

use chrono::NaiveDate;
use fazhi_domain::RecordId;
use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;

use super::certificates::Handlers;
use super::{Raw, Writer, YearPlan, option_code};
use crate::error::{DemoError, Result, store};
use crate::synth::{Party, PartyKind, Synth, yuan};
use crate::world::World;

/// Decided cases kept for 双公示 and 复议 to link to (a uniform sample of the year's).
const LINK_POOL: usize = 5_000;
/// Share of cases still open at the year's end (filed in its last weeks).
const PENDING_SHARE: f64 = 0.02;

/// 执法类别 (label as typed) and share.
const KINDS: &[(&str, u32)] = &[
    ("处罚", 55),
    ("检查", 20),
    ("许可", 12),
    ("强制", 6),
    ("确认", 2),
    ("征收", 2),
    ("裁决", 1),
    ("其他", 2),
];

/// A decided 处罚 or 许可 case, for 双公示 and 复议.
#[derive(Debug, Clone)]
pub(super) struct Decided {
    /// 案件编号, to find the record's id once written.
    pub case_code: String,
    /// The record's id once written.
    pub id: Option<RecordId>,
    pub agency: usize,
    pub penalty: bool,
    pub party: Party,
    pub decision: NaiveDate,
    pub published: Option<NaiveDate>,
    /// 处罚种类 or 许可类别 as listed.
    pub category: String,
    /// 罚没金额 (元), 0 when none.
    pub amount: i64,
    pub content: String,
}

/// What a case must come to by the year's end, fixed before its details are drawn.
#[derive(Debug, Clone, Copy)]
struct Fate {
    filed: NaiveDate,
    agency: u32,
    kind: u8,
    decided: bool,
    published: bool,
    /// 重大执法决定 with 法制审核.
    major: bool,
}

pub(super) async fn enforcement_cases(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    handlers: &Handlers,
    plan: YearPlan<'_>,
) -> Result<Vec<Decided>> {
    let fates = fates(s, world, plan)?;
    let mut pool: Vec<Decided> = Vec::new();
    let mut seen = 0usize;
    let mut serials = vec![0u32; world.agencies.len()];
    for fate in fates {
        let agency = fate.agency as usize;
        serials[agency] += 1;
        let org = &world.agencies[agency].code;
        let code = format!("{org}-{}-{:06}", s.year, serials[agency]);
        let case = case(s, world, fate, &handlers[agency])?;
        let mut raw = case.raw;
        raw.put("case_code", code.clone());
        w.create(&ENFORCEMENT_CASES, org, &raw).await?;
        if let Some(mut d) = case.decided {
            // Reservoir sampling: every decided case equally likely to be kept.
            seen += 1;
            d.case_code = code;
            if pool.len() < LINK_POOL {
                pool.push(d);
            } else {
                let k = s.int(0, seen as i64 - 1) as usize;
                if k < LINK_POOL {
                    pool[k] = d;
                }
            }
        }
    }
    w.flush().await?;
    let codes: Vec<String> = pool.iter().map(|d| d.case_code.clone()).collect();
    let ids = w
        .store
        .record_ids(&ENFORCEMENT_CASES, &codes)
        .await
        .map_err(store("读取执法案件编号失败"))?;
    for d in &mut pool {
        d.id = ids.get(&d.case_code).copied();
    }
    pool.sort_by_key(|d| d.decision);
    Ok(pool)
}

/// Every case's fate, in filing order: as many filed, of each kind, decided, published and
/// reviewed as the plan says.
fn fates(s: &mut Synth, world: &World, plan: YearPlan<'_>) -> Result<Vec<Fate>> {
    let published_target = plan.count("enforcement.cases_published")?;
    let default_total = match published_target {
        Some(p) => p as f64 / 0.93,
        None => plan.volume(12_000.0),
    };
    let total = plan.want("enforcement.cases", default_total)?;
    let kinds = kind_counts(plan, total)?;
    let published = plan.want("enforcement.cases_published", total as f64 * 0.9)?;
    let pending = if plan.complete {
        0
    } else {
        ((total as f64 * PENDING_SHARE) as usize).min(total.saturating_sub(published))
    };
    let mut fates: Vec<Fate> = Vec::with_capacity(total);
    for (kind, n) in kinds.iter().enumerate() {
        for _ in 0..*n {
            fates.push(Fate {
                filed: s.as_of,
                agency: 0,
                kind: kind as u8,
                decided: true,
                published: false,
                major: false,
            });
        }
    }
    s.shuffle(&mut fates);
    let decided = fates.len() - pending;
    for (i, f) in fates.iter_mut().enumerate() {
        f.decided = i < decided;
        f.published = i < published.min(decided);
    }
    let penalty = KINDS
        .iter()
        .position(|(k, _)| *k == "处罚")
        .ok_or_else(|| DemoError::Generated("执法类别表缺少「处罚」".into()))?
        as u8;
    let major = plan.want(
        "enforcement.major_decisions_reviewed",
        kinds[penalty as usize] as f64 * 0.025,
    )?;
    let mut left = major;
    for f in fates.iter_mut() {
        if left == 0 {
            break;
        }
        if f.kind == penalty && f.decided {
            f.major = true;
            left -= 1;
        }
    }
    let weights = world.agency_weights();
    for f in fates.iter_mut() {
        f.agency = s.weighted(&weights) as u32;
        f.filed = if f.decided {
            s.seasonal_date()
        } else {
            s.late_date(20)
        };
    }
    fates.sort_by_key(|f| f.filed);
    Ok(fates)
}

/// Cases of each kind of [`KINDS`]: the plan's where the catalog has a count of that 执法类别
/// and the report states it, the rest by share.
fn kind_counts(plan: YearPlan<'_>, total: usize) -> Result<Vec<usize>> {
    let mut stated: Vec<Option<i64>> = Vec::with_capacity(KINDS.len());
    for (label, _) in KINDS {
        let code = option_code(&ENFORCEMENT_CASES, "kind", label)?;
        stated.push(plan.stated(&ENFORCEMENT_CASES, "kind", code));
    }
    let mut counts: Vec<Option<usize>> = stated
        .iter()
        .map(|n| n.map(|n| n.max(0) as usize))
        .collect();
    let fixed: usize = counts.iter().flatten().sum();
    let free_weight: u32 = KINDS
        .iter()
        .zip(&counts)
        .filter(|(_, c)| c.is_none())
        .map(|((_, w), _)| w)
        .sum();
    let rest = total.saturating_sub(fixed);
    let mut given = 0;
    for (i, c) in counts.iter_mut().enumerate() {
        if c.is_none() {
            let n = rest * KINDS[i].1 as usize / free_weight.max(1) as usize;
            given += n;
            *c = Some(n);
        }
    }
    let mut out: Vec<usize> = counts.into_iter().map(Option::unwrap_or_default).collect();
    if let Some(i) = (0..KINDS.len()).find(|i| stated[*i].is_none()) {
        out[i] += rest.saturating_sub(given);
    }
    Ok(out)
}

struct Case {
    raw: Raw,
    decided: Option<Decided>,
}

fn case(s: &mut Synth, world: &World, fate: Fate, officers: &[String]) -> Result<Case> {
    let agency = fate.agency as usize;
    let a = &world.agencies[agency];
    let gov = &world.govs[a.gov];
    let kind = KINDS[fate.kind as usize].0;
    let party_kind = match (kind, a.dept.detains) {
        ("许可", _) => s.weighted(&[
            (PartyKind::Company, 60),
            (PartyKind::Shop, 30),
            (PartyKind::Person, 10),
        ]),
        (_, true) => s.weighted(&[
            (PartyKind::Person, 75),
            (PartyKind::Company, 10),
            (PartyKind::Shop, 15),
        ]),
        _ => s.weighted(&[
            (PartyKind::Person, 30),
            (PartyKind::Company, 45),
            (PartyKind::Shop, 25),
        ]),
    };
    let party = s.party(party_kind, &gov.name, &gov.code)?;
    let filed = fate.filed;
    let mut raw = Raw::default();
    raw.put("kind", kind)
        .put("party_name", party.name.clone())
        .put("party_type", party_type(party.kind))
        .put("party_id", party.id.clone())
        .date("filed_date", Some(filed))
        .put("handlers", two_officers(s, officers));
    let recorded = s.weighted(&[("文字和音像", 55), ("音像", 15), ("文字", 28), ("无", 2)]);
    raw.put("recorded", recorded);
    let (violation, law) = s.pick(a.dept.violations);
    let decided = if !fate.decided {
        raw.put("status", "办理中");
        None
    } else {
        match kind {
            "处罚" => penalty(s, &mut raw, fate, a.dept.detains, violation, law),
            "许可" => {
                let licence = s.pick(a.dept.licences);
                licensing(s, &mut raw, fate, licence)
            }
            _ => {
                other(s, &mut raw, kind, fate);
                None
            }
        }
    };
    let decided = decided.map(|(category, amount, content, decision, published)| Decided {
        case_code: String::new(),
        id: None,
        agency,
        penalty: kind == "处罚",
        party,
        decision,
        published,
        category,
        amount,
        content,
    });
    Ok(Case { raw, decided })
}

fn party_type(kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::Person => "自然人",
        PartyKind::Company => "法人",
        PartyKind::Shop => "其他组织",
    }
}

fn two_officers(s: &mut Synth, officers: &[String]) -> String {
    if officers.len() < 2 {
        return officers.join(",");
    }
    let first = s.int(0, officers.len() as i64 - 1) as usize;
    let step = s.int(1, officers.len() as i64 - 1) as usize;
    let second = (first + step) % officers.len();
    format!("{},{}", officers[first], officers[second])
}

/// 公示 of a case the plan publishes: mostly within 7 working days of the decision, a few
/// late, never after the year's end.
fn publish(s: &mut Synth, raw: &mut Raw, decision: NaiveDate, fate: Fate) -> Option<NaiveDate> {
    if !fate.published {
        return None;
    }
    let published = if s.chance(0.93) {
        s.after_working(decision, 1, 7)
    } else {
        s.after_working(decision, 8, 20)
    }
    .min(s.as_of)
    .max(decision);
    raw.date("published_date", Some(published));
    Some(published)
}

/// Decision and closure of a case filed on `filed` taking `days`, both within the year; a case
/// decided near the year's end may still be open (已决定), unless the year must complete.
fn conclude(
    s: &mut Synth,
    raw: &mut Raw,
    filed: NaiveDate,
    days: i64,
    closing: (i64, i64),
) -> NaiveDate {
    let decision = s.after_days(filed, days, days).min(s.as_of).max(filed);
    let closed = s.after_days(decision, closing.0, closing.1);
    raw.date("decision_date", Some(decision));
    if closed <= s.as_of {
        raw.date("closed_date", Some(closed))
            .put("status", "已结案");
    } else {
        raw.put("status", "已决定");
    }
    decision
}

type Outcome = (String, i64, String, NaiveDate, Option<NaiveDate>);

fn penalty(
    s: &mut Synth,
    raw: &mut Raw,
    fate: Fate,
    detains: bool,
    violation: &str,
    law: &str,
) -> Option<Outcome> {
    let days = if detains && s.chance(0.5) {
        s.int(0, 3)
    } else {
        s.weighted(&[(0_i64, 50), (1, 35), (2, 12), (3, 3)]) * 30 + s.int(5, 30)
    };
    let filed = fate.filed;
    let decision = conclude(s, raw, filed, days, (5, 40));
    let exemption = if fate.major {
        ""
    } else {
        s.weighted(&[
            ("", 90),
            ("首违不罚", 6),
            ("轻微不罚", 3),
            ("无主观过错不罚", 1),
        ])
    };
    if !exemption.is_empty() {
        raw.put("no_penalty", exemption);
        publish(s, raw, decision, fate);
        return None;
    }
    let (mut types, mut fine, confiscated) = penalty_types(s, detains);
    if fate.major && fine < 50_000 {
        // 重大执法决定: a large fine (较大数额罚款) is the usual ground.
        fine = s.int(50, 300) * 1000;
    }
    if fate.major && !types.contains(&"罚款") {
        types.push("罚款");
    }
    raw.put("penalty_types", types.join("、"));
    if fine > 0 && types.contains(&"罚款") {
        raw.put("fine_amount", yuan(fine));
    }
    if confiscated > 0 {
        raw.put("confiscation_amount", yuan(confiscated));
    }
    if fate.major {
        legal_review(s, raw, filed, decision);
    }
    let published = publish(s, raw, decision, fate);
    let measures: Vec<String> = types
        .iter()
        .map(|t| match *t {
            "罚款" => format!("罚款{fine}元"),
            "没收违法所得" => format!("没收违法所得{confiscated}元"),
            other => other.to_owned(),
        })
        .collect();
    let content = format!("{violation},违反{law}的规定,{}", measures.join("、"));
    if s.chance(0.005) {
        raw.put("status", "已撤销");
    }
    Some((
        types.join("、"),
        fine + confiscated,
        content,
        decision,
        published,
    ))
}

/// 处罚种类 and amounts (元): mostly fines, some warnings, a few heavier measures.
fn penalty_types(s: &mut Synth, detains: bool) -> (Vec<&'static str>, i64, i64) {
    let choice = s.weighted(&[
        (0, 62),
        (1, 14),
        (2, 10),
        (3, 6),
        (4, 3),
        (5, 2),
        (6, if detains { 12 } else { 0 }),
    ]);
    let fine = s.fine_yuan();
    match choice {
        0 => (vec!["罚款"], fine, 0),
        1 => (vec!["警告"], 0, 0),
        2 => (vec!["警告", "罚款"], fine, 0),
        3 => (vec!["罚款", "没收违法所得"], fine, s.int(5, 300) * 100),
        4 => (vec!["罚款", "责令停产停业"], fine, 0),
        5 => (vec!["罚款", "吊销许可证件"], fine, 0),
        _ => (vec!["行政拘留"], 0, 0),
    }
}

/// 重大执法决定法制审核 a few working days before the decision.
fn legal_review(s: &mut Synth, raw: &mut Raw, filed: NaiveDate, decision: NaiveDate) {
    let back = s.int(1, 7).min((decision - filed).num_days().max(0));
    let reviewed = decision - chrono::Days::new(back as u64);
    let result = s.weighted(&[("同意", 85), ("修改后同意", 15)]);
    raw.flag("major_decision", true)
        .date("legal_review_date", Some(reviewed))
        .put("legal_reviewer", s.person_name())
        .put("legal_review_result", result);
}

fn licensing(s: &mut Synth, raw: &mut Raw, fate: Fate, licence: &str) -> Option<Outcome> {
    // 行政许可法 第四十二条: 20 working days; a few take longer (extended or late).
    let filed = fate.filed;
    let decision = if s.chance(0.95) {
        s.after_working(filed, 1, 20)
    } else {
        s.after_working(filed, 21, 30)
    }
    .min(s.as_of)
    .max(filed);
    raw.date("decision_date", Some(decision))
        .date("closed_date", Some(decision))
        .put("status", "已结案");
    let published = publish(s, raw, decision, fate);
    let category = s.weighted(&[("普通", 70), ("核准", 15), ("登记", 15)]);
    let content = format!("准予{licence}");
    Some((category.to_owned(), 0, content, decision, published))
}

/// 检查、强制 and the rarer kinds: a decision soon after filing, published when the plan says.
fn other(s: &mut Synth, raw: &mut Raw, kind: &str, fate: Fate) {
    let (days, closing) = match kind {
        "检查" => (s.int(0, 7), (0, 10)),
        "强制" => (s.int(0, 2), (20, 40)),
        _ => (s.int(5, 40), (0, 10)),
    };
    let decision = conclude(s, raw, fate.filed, days, closing);
    publish(s, raw, decision, fate);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind the generator types is an option of the register, and the kinds the catalog
    /// counts on their own are found through its filters.
    #[test]
    fn kinds_are_options_and_the_catalog_names_their_counts() {
        let catalog = fazhi_catalog::Catalog::embedded().unwrap();
        let mut counted = Vec::new();
        for (label, _) in KINDS {
            let code = option_code(&ENFORCEMENT_CASES, "kind", label).unwrap();
            if let Some(i) =
                super::super::counting_indicator(catalog, &ENFORCEMENT_CASES, "kind", code)
            {
                counted.push((*label, i.key.as_str()));
            }
        }
        assert_eq!(
            counted,
            [
                ("处罚", "enforcement.penalty_cases"),
                ("检查", "enforcement.inspection_cases"),
                ("许可", "enforcement.licensing_cases"),
                ("强制", "enforcement.coercion_cases"),
            ]
        );
        assert!(option_code(&ENFORCEMENT_CASES, "kind", "没收").is_err());
        assert!(option_code(&ENFORCEMENT_CASES, "no_such_field", "处罚").is_err());
    }
}
