//! 双公示 — licensing and penalty decisions published for the credit system: most of them the
//! year's registered cases (linked by record id), plus licences decided outside the case register.

use chrono::{Months, NaiveDate};
use fazhi_domain::register::link;
use fazhi_domain::register::publicity::PUBLICITY_RECORDS;

use super::cases::Decided;
use super::{Raw, Writer, YearPlan};
use crate::error::Result;
use crate::synth::{Party, PartyKind, Synth, yuan};
use crate::world::World;

/// 双公示 records when the profile states none: about one per published 处罚/许可 decision of
/// a city of size 1, capped (most are carried over from the case register).
const DEFAULT_PER_SIZE: f64 = 3_000.0;

pub(super) async fn publicity(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    decided: &[Decided],
    plan: YearPlan<'_>,
) -> Result<()> {
    let total_default = plan.volume(DEFAULT_PER_SIZE);
    let stated_penalty = plan.count("double_publicity.penalty")?;
    let stated_licensing = plan.count("double_publicity.licensing")?;
    let total = plan.want(
        "double_publicity.records",
        match (stated_penalty, stated_licensing) {
            (Some(p), Some(l)) => (p + l) as f64,
            _ => total_default,
        },
    )?;
    let penalty = plan
        .want("double_publicity.penalty", total as f64 * 0.4)?
        .min(total);
    let licensing = plan.want("double_publicity.licensing", (total - penalty) as f64)?;
    let mut linked: Vec<&Decided> = decided.iter().filter(|d| d.published.is_some()).collect();
    s.shuffle(&mut linked);
    let mut plans: Vec<Decided> = Vec::with_capacity(penalty + licensing);
    for (is_penalty, want) in [(true, penalty), (false, licensing)] {
        // About four in five carried over from the case register, the rest decided elsewhere.
        let carried: Vec<Decided> = linked
            .iter()
            .filter(|d| d.penalty == is_penalty)
            .take(want * 4 / 5)
            .map(|d| (*d).clone())
            .collect();
        for _ in carried.len()..want {
            plans.push(unlinked(s, world, is_penalty)?);
        }
        plans.extend(carried);
    }
    plans.sort_by_key(|d| d.decision);
    let mut numbers = vec![(0, 0); world.agencies.len()];
    for d in plans {
        let agency = &world.agencies[d.agency];
        let gov = &world.govs[agency.gov];
        let counter = &mut numbers[d.agency];
        let (n, kind) = if d.penalty {
            counter.0 += 1;
            (counter.0, "罚决")
        } else {
            counter.1 += s.int(1, 3);
            (counter.1, "许准")
        };
        let number = format!("{}{}{kind}〔{}〕{n}号", gov.short, agency.dept.abbr, s.year);
        let mut raw = record(&d, &number);
        if d.penalty {
            credit_facts(s, &mut raw, d.decision);
        }
        raw.put("data_source", agency.name.clone());
        if let Some(code) = &agency.credit_code {
            raw.put("deciding_org_credit_code", code.clone());
        }
        w.create(&PUBLICITY_RECORDS, &agency.code, &raw).await?;
    }
    Ok(())
}

/// A decision not in the case register (a licence granted at the 政务服务中心 window, a penalty
/// decided by an agency outside it), published within 7 working days.
fn unlinked(s: &mut Synth, world: &World, penalty: bool) -> Result<Decided> {
    let agency = s.weighted(&world.agency_weights());
    let a = &world.agencies[agency];
    let gov = &world.govs[a.gov];
    let kind = s.weighted(&[(PartyKind::Company, 65), (PartyKind::Shop, 35)]);
    let party: Party = s.party(kind, &gov.name, &gov.code)?;
    let decision = s.seasonal_date();
    let published = s.after_working(decision, 1, 7).min(s.as_of).max(decision);
    let (category, amount, content) = if penalty {
        let fine = s.fine_yuan();
        let (violation, law) = s.pick(a.dept.violations);
        (
            "罚款".to_owned(),
            fine,
            format!("{violation},违反{law}的规定,罚款{fine}元"),
        )
    } else {
        (
            s.weighted(&[("普通", 70), ("核准", 15), ("登记", 15)])
                .to_owned(),
            0,
            format!("准予{}", s.pick(a.dept.licences)),
        )
    };
    Ok(Decided {
        case_code: String::new(),
        id: None,
        agency,
        penalty,
        party,
        decision,
        published: Some(published),
        category,
        amount,
        content,
    })
}

fn record(d: &Decided, number: &str) -> Raw {
    let mut raw = Raw::default();
    let category = match d.party.kind {
        PartyKind::Person => "自然人",
        PartyKind::Company => "法人及非法人组织",
        PartyKind::Shop => "个体工商户",
    };
    raw.put(
        "kind",
        if d.penalty {
            "行政处罚"
        } else {
            "行政许可"
        },
    )
    .put("decision_no", number)
    .put("party_name", d.party.name.clone())
    .put("party_category", category)
    .put("party_id", d.party.id.clone())
    .put("category", d.category.clone())
    .put("content", d.content.clone())
    .date("decision_date", Some(d.decision))
    .date("published_date", d.published);
    if !d.party.representative.is_empty() {
        raw.put("legal_rep", d.party.representative.clone());
    }
    if let Some(id) = d.id {
        raw.put("enforcement_case_id", link::id_text(id.get()));
    }
    if d.penalty {
        if d.amount > 0 {
            raw.put("amount", yuan(d.amount));
        }
        raw.date("publicity_end", years_after(d.decision, 3));
    } else {
        let years = if d.category == "登记" { 3 } else { 5 };
        let until = years_after(d.decision, years);
        raw.date("valid_from", Some(d.decision))
            .date("valid_to", until)
            .date("publicity_end", until);
    }
    raw
}

/// A penalty's 失信程度 and 程序 as its sector would set them, and now and then its withdrawal:
/// about one in twenty-five repaired (信用修复) after the shortest period, one in two hundred
/// revoked. A few 简易程序 decisions show that they stay off the public portal.
fn credit_facts(s: &mut Synth, raw: &mut Raw, decided: NaiveDate) {
    let severity = s.weighted(&[("一般失信", 70), ("严重失信", 22), ("轻微失信", 8)]);
    raw.put("severity", severity);
    let procedure = if s.chance(0.05) {
        "简易程序"
    } else {
        "普通程序"
    };
    raw.put("procedure", procedure);
    let (reason, after_months) = if s.chance(0.04) {
        ("信用修复", if severity == "严重失信" { 13 } else { 4 })
    } else if s.chance(0.005) {
        ("决定撤销或变更", 1)
    } else {
        return;
    };
    let withdrawn = decided
        .checked_add_months(Months::new(after_months))
        .map(|d| s.after_working(d, 0, 20));
    if let Some(day) = withdrawn.filter(|d| *d <= s.as_of) {
        raw.date("withdrawn_date", Some(day))
            .put("withdraw_reason", reason);
    }
}

/// The day before the same date `years` later (the end of a period of whole years).
fn years_after(date: NaiveDate, years: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(12 * years))
        .and_then(|d| d.pred_opt())
}
