//! 人民调解 — the township mediation committees' cases: family and neighbour disputes most,
//! settled within days, almost all successfully.

use fazhi_domain::register::mediation::MEDIATIONS;

use super::{Raw, Writer, YearPlan};
use crate::error::Result;
use crate::synth::{Synth, yuan};
use crate::world::World;

const DISPUTES: &[(&str, u32)] = &[
    ("婚姻家庭", 20),
    ("邻里", 22),
    ("房屋宅基地", 10),
    ("合同", 8),
    ("损害赔偿", 10),
    ("劳动争议", 6),
    ("山林土地", 7),
    ("征地拆迁", 3),
    ("物业", 4),
    ("医疗", 1),
    ("道路交通", 5),
    ("其他", 4),
];
/// Disputes whose agreements usually settle a sum of money.
const MONEY: &[&str] = &[
    "合同",
    "损害赔偿",
    "劳动争议",
    "道路交通",
    "医疗",
    "征地拆迁",
];

/// How a mediation ends by the year's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Success { confirmed: bool },
    Failure,
    Open,
}

pub(super) async fn mediations(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    plan: YearPlan<'_>,
) -> Result<()> {
    let weights: Vec<(usize, u32)> = world
        .townships
        .iter()
        .enumerate()
        .map(|(i, t)| (i, world.govs[t.gov].weight))
        .collect();
    let mut plans: Vec<(usize, chrono::NaiveDate, Ending)> = endings(s, plan)?
        .into_iter()
        .map(|ending| {
            let received = if ending == Ending::Open {
                s.late_date(20)
            } else {
                s.seasonal_date()
            };
            (s.weighted(&weights), received, ending)
        })
        .collect();
    plans.sort_by_key(|p| p.1);
    let mut numbers = vec![0; world.townships.len()];
    for (town, received, ending) in plans {
        let township = &world.townships[town];
        numbers[town] += 1;
        let short = township
            .name
            .trim_end_matches("街道")
            .trim_end_matches('镇')
            .trim_end_matches('乡');
        let dispute = s.weighted(DISPUTES);
        let parties = s.weighted(&[(0, 85), (1, 12), (2, 3)]);
        let parties = match parties {
            0 => 2,
            1 => s.int(3, 5),
            _ => s.int(6, 40),
        };
        let mut raw = Raw::default();
        raw.put(
            "case_no",
            format!("{short}人调〔{}〕{}号", s.year, numbers[town]),
        )
        .put("dispute_type", dispute)
        .put("parties_count", parties.to_string())
        .date("received_date", Some(received));
        conclude(s, &mut raw, received, dispute, ending);
        w.create(&MEDIATIONS, &township.code, &raw).await?;
    }
    Ok(())
}

/// Every mediation's ending: as many received, concluded, successful and confirmed by a court
/// as the plan says.
fn endings(s: &mut Synth, plan: YearPlan<'_>) -> Result<Vec<Ending>> {
    let received = plan.want(
        "mediation.cases",
        plan.volume_above(
            6_000.0,
            &[("mediation.success", 0.97), ("mediation.concluded", 0.98)],
        )?,
    )?;
    let success = plan
        .want("mediation.success", received as f64 * 0.97)?
        .min(received);
    // Of the unsuccessful, most are closed (不成功、终止) and a few still open at the year's end.
    let unsuccessful = plan.finished(received - success, 0.6);
    let concluded = plan
        .want("mediation.concluded", success as f64 + unsuccessful)?
        .clamp(success, received);
    let confirmed = plan
        .want("mediation.judicial_confirmations", success as f64 * 0.08)?
        .min(success);
    let mut endings: Vec<Ending> = (0..success)
        .map(|i| Ending::Success {
            confirmed: i < confirmed,
        })
        .chain(std::iter::repeat_n(Ending::Failure, concluded - success))
        .chain(std::iter::repeat_n(Ending::Open, received - concluded))
        .collect();
    s.shuffle(&mut endings);
    Ok(endings)
}

/// Conclusion within the year (mostly within 15 days), its result and agreement.
fn conclude(
    s: &mut Synth,
    raw: &mut Raw,
    received: chrono::NaiveDate,
    dispute: &str,
    ending: Ending,
) {
    let confirmed = match ending {
        Ending::Open => return,
        Ending::Failure => None,
        Ending::Success { confirmed } => Some(confirmed),
    };
    let concluded = if s.chance(0.9) {
        s.after_days(received, 0, 15)
    } else {
        s.after_days(received, 16, 30)
    }
    .min(s.as_of)
    .max(received);
    let Some(confirmed) = confirmed else {
        let outcome = s.weighted(&[("不成功", 85), ("终止", 15)]);
        raw.date("concluded_date", Some(concluded))
            .put("outcome", outcome);
        return;
    };
    raw.date("concluded_date", Some(concluded))
        .put("outcome", "成功");
    if MONEY.contains(&dispute) || s.chance(0.1) {
        let amount = s.weighted(&[(0, 70), (1, 25), (2, 5)]);
        let amount = match amount {
            0 => s.int(5, 100) * 100,
            1 => s.int(10, 50) * 1000,
            _ => s.int(5, 30) * 10_000,
        };
        raw.put("agreement_amount", yuan(amount));
    }
    raw.flag("judicial_confirmation", confirmed);
}
