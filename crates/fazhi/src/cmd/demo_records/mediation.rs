//! 人民调解 — the township mediation committees' cases: family and neighbour disputes most,
//! settled within days, almost all successfully.

use fazhi_domain::register::mediation::MEDIATIONS;

use super::synth::{Synth, yuan};
use super::world::World;
use super::{Raw, Writer};

const MEDIATIONS_TOTAL: usize = 400;
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

pub(super) async fn mediations(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
) -> anyhow::Result<()> {
    let weights: Vec<(usize, u32)> = world
        .townships
        .iter()
        .enumerate()
        .map(|(i, t)| (i, world.govs[t.gov].weight))
        .collect();
    let mut plans: Vec<(usize, chrono::NaiveDate)> = (0..MEDIATIONS_TOTAL)
        .map(|_| (s.weighted(&weights), s.seasonal_date()))
        .collect();
    plans.sort_by_key(|p| p.1);
    let mut numbers = vec![0; world.townships.len()];
    for (town, received) in plans {
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
        conclude(s, &mut raw, received, dispute);
        w.create(&MEDIATIONS, &township.code, &raw).await?;
    }
    Ok(())
}

fn conclude(s: &mut Synth, raw: &mut Raw, received: chrono::NaiveDate, dispute: &str) {
    let concluded = if s.chance(0.9) {
        s.after_days(received, 0, 15)
    } else {
        s.after_days(received, 16, 30)
    };
    if concluded > s.as_of {
        return;
    }
    let outcome = s.weighted(&[("成功", 970), ("不成功", 25), ("终止", 5)]);
    raw.date("concluded_date", Some(concluded))
        .put("outcome", outcome);
    if outcome != "成功" {
        return;
    }
    if MONEY.contains(&dispute) || s.chance(0.1) {
        let amount = s.weighted(&[(0, 70), (1, 25), (2, 5)]);
        let amount = match amount {
            0 => s.int(5, 100) * 100,
            1 => s.int(10, 50) * 1000,
            _ => s.int(5, 30) * 10_000,
        };
        raw.put("agreement_amount", yuan(amount));
    }
    raw.flag("judicial_confirmation", s.chance(0.08));
}
