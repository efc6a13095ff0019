//! 双公示 — licensing and penalty decisions published for the credit system: most of them the
//! year's registered cases (linked by record id), plus licences decided outside the case register.

use chrono::{Months, NaiveDate};
use fazhi_domain::register::publicity::PUBLICITY_RECORDS;

use super::cases::Decided;
use super::synth::{Party, PartyKind, Synth, yuan};
use super::world::World;
use super::{Raw, Writer};

/// Published case decisions to carry over (roughly; legal entities more often than people).
const LINKED_TARGET: f64 = 240.0;
/// Licences not registered as cases (e.g. granted at the 政务服务中心 window).
const UNLINKED: usize = 60;

pub(super) async fn publicity(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    decided: &[Decided],
) -> anyhow::Result<()> {
    let published: Vec<&Decided> = decided.iter().filter(|d| d.published.is_some()).collect();
    let share = LINKED_TARGET / published.len().max(1) as f64;
    let mut plans: Vec<Decided> = Vec::new();
    for d in published {
        let weight = if d.party.kind == PartyKind::Person {
            0.5
        } else {
            1.2
        };
        if s.chance(share * weight) {
            plans.push(d.clone());
        }
    }
    for _ in 0..UNLINKED {
        plans.push(unlinked(s, world)?);
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
        raw.put("data_source", agency.name.clone());
        if let Some(code) = &agency.credit_code {
            raw.put("deciding_org_credit_code", code.clone());
        }
        w.create(&PUBLICITY_RECORDS, &agency.code, &raw).await?;
    }
    Ok(())
}

fn unlinked(s: &mut Synth, world: &World) -> anyhow::Result<Decided> {
    let agency = s.weighted(&world.agency_weights());
    let a = &world.agencies[agency];
    let gov = &world.govs[a.gov];
    let kind = s.weighted(&[(PartyKind::Company, 65), (PartyKind::Shop, 35)]);
    let party: Party = s.party(kind, &gov.name, &gov.code)?;
    let decision = s.seasonal_date();
    let published = s.after_working(decision, 1, 7);
    Ok(Decided {
        id: 0,
        agency,
        penalty: false,
        party,
        decision,
        published: (published <= s.as_of).then_some(published),
        category: s
            .weighted(&[("普通", 70), ("核准", 15), ("登记", 15)])
            .to_owned(),
        amount: 0,
        content: format!("准予{}", s.pick(a.dept.licences)),
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
    if d.id > 0 {
        raw.put("enforcement_case_id", d.id.to_string());
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

/// The day before the same date `years` later (the end of a period of whole years).
fn years_after(date: NaiveDate, years: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(12 * years))
        .and_then(|d| d.pred_opt())
}
