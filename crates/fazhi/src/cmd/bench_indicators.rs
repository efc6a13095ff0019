//! `fazhi bench indicators` — the whole catalog for one city-year over N enforcement cases and
//! M records in each other register: cold (cube queries), warm (cube cached), and the naive
//! way (one aggregate query per computed indicator, no cube) measured in the same run.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use fazhi_catalog::IndicatorSet;
use fazhi_domain::{OrgId, register};
use fazhi_indicators::Period;
use fazhi_store::Store;

pub async fn run(url: &str, cases: u64, others: u64, repeats: u32) -> anyhow::Result<ExitCode> {
    let store = Store::open(url)
        .await
        .with_context(|| format!("无法打开 {url}"))?;
    let system = store.unscoped_system("bench");
    fazhi_demo::org_tree(&system).await?;
    let orgs = system.list_orgs().await?;
    let ids: Vec<OrgId> = orgs.iter().map(|o| o.id).collect();
    let city = orgs
        .iter()
        .find(|o| o.code == "520200")
        .context("示范城市")?
        .id;
    let t = Instant::now();
    let seeded = seed(&store, &ids, cases, others).await?;
    let seed_time = t.elapsed();
    let period = Period::Year(2024);

    let t = Instant::now();
    let set = system.indicators("520200", period).await?;
    let cold = t.elapsed();
    let mut warm = Vec::new();
    for _ in 0..repeats {
        let t = Instant::now();
        let again = system.indicators("520200", period).await?;
        warm.push(t.elapsed());
        anyhow::ensure!(again == set, "warm result differs from cold");
    }
    let mut naive = time_naive(&store, city, &set, repeats.clamp(1, 3)).await?;
    warm.sort();
    naive.sort();
    let median = |v: &[Duration]| v.get(v.len() / 2).copied().unwrap_or_default();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let cores = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    println!("fazhi bench indicators — {url}, {cores} cores");
    println!(
        "records seeded:   {seeded} ({cases} enforcement cases, {others} in each other register) in {:.1} s",
        seed_time.as_secs_f64()
    );
    println!(
        "indicators:       {} ({} with a value for 520200 / 2024)",
        set.indicators.len(),
        set.indicators
            .values()
            .filter(|v| v.value.is_some())
            .count()
    );
    println!("cold (cube read): {:.1} ms", ms(cold));
    println!(
        "warm (cached):    median {:.2} ms of {repeats} (min {:.2}, max {:.2})",
        ms(median(&warm)),
        ms(warm[0]),
        ms(*warm.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "naive baseline:   median {:.1} ms (one aggregate query per computed indicator)",
        ms(median(&naive))
    );
    println!(
        "ratio naive / warm: {:.0}×",
        ms(median(&naive)) / ms(median(&warm)).max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// Seeds `cases` enforcement cases and `others` records in every other register, spread over
/// the units `ids`; the number of records written.
async fn seed(store: &Store, ids: &[OrgId], cases: u64, others: u64) -> anyhow::Result<u64> {
    let mut seeded = 0;
    for def in register::all() {
        let n = if def.key == "enforcement-cases" {
            cases
        } else {
            others
        };
        seeded += store.unscoped_seed_bench_register(def, ids, n).await?;
    }
    // The seeding writes past the store's write paths: the indicator cells are recomputed.
    store.rebuild_indicators().await?;
    Ok(seeded)
}

/// Times the naive baseline (one aggregate query per computed indicator) `runs` times for the
/// city's 2024 and checks each of its values against the engine's `set`.
async fn time_naive(
    store: &Store,
    city: OrgId,
    set: &IndicatorSet,
    runs: u32,
) -> anyhow::Result<Vec<Duration>> {
    let period = Period::Year(2024);
    let mut naive = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let values = store.unscoped_indicators_naive(city, period).await?;
        naive.push(t.elapsed());
        for (key, value) in values {
            anyhow::ensure!(
                set.value(&key) == value.map(|v| (v * 100.0).round() / 100.0) || value.is_none(),
                "naive {key} differs"
            );
        }
    }
    Ok(naive)
}
