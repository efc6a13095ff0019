//! 行政执法案件 — a year of enforcement cases across the agencies, by workload: mostly
//! 处罚 and 检查, filed on working days, decided within the usual time, published mostly within
//! 7 working days; each names two certificated officers of its agency.

use chrono::NaiveDate;
use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;

use super::certificates::Handlers;
use super::synth::{Party, PartyKind, Synth, yuan};
use super::world::World;
use super::{Raw, Writer};

const CASES: usize = 900;

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
    pub id: i64,
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

struct Plan {
    agency: usize,
    filed: NaiveDate,
    raw: Raw,
    decided: Option<Decided>,
}

pub(super) async fn enforcement_cases(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    handlers: &Handlers,
) -> anyhow::Result<Vec<Decided>> {
    let weights = world.agency_weights();
    let mut plans = Vec::with_capacity(CASES);
    for _ in 0..CASES {
        let agency = s.weighted(&weights);
        plans.push(plan(s, world, agency, &handlers[agency])?);
    }
    // Filed in date order, so the generated 案件编号 run with the calendar.
    plans.sort_by_key(|p| p.filed);
    let mut decided = Vec::new();
    for plan in plans {
        let org = &world.agencies[plan.agency].code;
        let stored = w.create(&ENFORCEMENT_CASES, org, &plan.raw).await?;
        if let Some(mut d) = plan.decided {
            d.id = stored.id;
            decided.push(d);
        }
    }
    Ok(decided)
}

fn plan(s: &mut Synth, world: &World, agency: usize, officers: &[String]) -> anyhow::Result<Plan> {
    let a = &world.agencies[agency];
    let gov = &world.govs[a.gov];
    let kind = s.weighted(KINDS);
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
    let filed = s.seasonal_date();
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
    let decided = match kind {
        "处罚" => penalty(s, &mut raw, filed, a.dept.detains, violation, law),
        "许可" => {
            let licence = s.pick(a.dept.licences);
            licensing(s, &mut raw, filed, licence)
        }
        _ => {
            other(s, &mut raw, kind, filed);
            None
        }
    };
    let decided = decided.map(|(category, amount, content, decision, published)| Decided {
        id: 0,
        agency,
        penalty: kind == "处罚",
        party,
        decision,
        published,
        category,
        amount,
        content,
    });
    Ok(Plan {
        agency,
        filed,
        raw,
        decided,
    })
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

/// 公示: mostly within 7 working days of the decision, a few late, a very few never.
fn publish(s: &mut Synth, raw: &mut Raw, decision: NaiveDate) -> Option<NaiveDate> {
    let lag = s.weighted(&[(0, 90), (1, 7), (2, 3)]);
    let published = match lag {
        0 => s.after_working(decision, 1, 7),
        1 => s.after_working(decision, 8, 20),
        _ => return None,
    };
    (published <= s.as_of).then(|| {
        raw.date("published_date", Some(published));
        published
    })
}

/// Decision and closure of a case filed on `filed` taking `days`; the status at year end.
fn conclude(
    s: &mut Synth,
    raw: &mut Raw,
    filed: NaiveDate,
    days: i64,
    closing: (i64, i64),
) -> Option<NaiveDate> {
    let decision = s.after_days(filed, days, days);
    if decision > s.as_of {
        raw.put("status", "办理中");
        return None;
    }
    let closed = s.after_days(decision, closing.0, closing.1);
    raw.date("decision_date", Some(decision));
    if closed <= s.as_of {
        raw.date("closed_date", Some(closed))
            .put("status", "已结案");
    } else {
        raw.put("status", "已决定");
    }
    Some(decision)
}

type Outcome = (String, i64, String, NaiveDate, Option<NaiveDate>);

fn penalty(
    s: &mut Synth,
    raw: &mut Raw,
    filed: NaiveDate,
    detains: bool,
    violation: &str,
    law: &str,
) -> Option<Outcome> {
    let days = if detains && s.chance(0.5) {
        s.int(0, 3)
    } else {
        s.weighted(&[(0_i64, 50), (1, 35), (2, 12), (3, 3)]) * 30 + s.int(5, 30)
    };
    let decision = conclude(s, raw, filed, days, (5, 40))?;
    let exemption = s.weighted(&[
        ("", 90),
        ("首违不罚", 6),
        ("轻微不罚", 3),
        ("无主观过错不罚", 1),
    ]);
    if !exemption.is_empty() {
        raw.put("no_penalty", exemption);
        publish(s, raw, decision);
        return None;
    }
    let (types, fine, confiscated) = penalty_types(s, detains);
    raw.put("penalty_types", types.join("、"));
    if fine > 0 {
        raw.put("fine_amount", yuan(fine));
    }
    if confiscated > 0 {
        raw.put("confiscation_amount", yuan(confiscated));
    }
    let heavy = types
        .iter()
        .any(|t| matches!(*t, "吊销许可证件" | "责令停产停业"));
    if fine >= 50_000 || heavy || s.chance(0.02) {
        legal_review(s, raw, filed, decision);
    }
    let published = publish(s, raw, decision);
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

fn licensing(s: &mut Synth, raw: &mut Raw, filed: NaiveDate, licence: &str) -> Option<Outcome> {
    // 行政许可法 第四十二条: 20 working days; a few take longer (extended or late).
    let decision = if s.chance(0.95) {
        s.after_working(filed, 1, 20)
    } else {
        s.after_working(filed, 21, 30)
    };
    if decision > s.as_of {
        raw.put("status", "办理中");
        return None;
    }
    raw.date("decision_date", Some(decision))
        .date("closed_date", Some(decision))
        .put("status", "已结案");
    let published = publish(s, raw, decision);
    let category = s.weighted(&[("普通", 70), ("核准", 15), ("登记", 15)]);
    let content = format!("准予{licence}");
    Some((category.to_owned(), 0, content, decision, published))
}

/// 检查、强制 and the rarer kinds: a decision soon after filing, usually published.
fn other(s: &mut Synth, raw: &mut Raw, kind: &str, filed: NaiveDate) {
    let (days, closing) = match kind {
        "检查" => (s.int(0, 7), (0, 10)),
        "强制" => (s.int(0, 2), (20, 40)),
        _ => (s.int(5, 40), (0, 10)),
    };
    if let Some(decision) = conclude(s, raw, filed, days, closing)
        && s.chance(0.85)
    {
        let published = s.after_working(decision, 1, 20);
        if published <= s.as_of {
            raw.date("published_date", Some(published));
        }
    }
}
