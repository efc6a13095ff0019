//! 示范城市的构建 — the driver: the org tree and accounts, the calibration of the profile's
//! figures, two years of records and the reported values. Running it again on a database that
//! holds records leaves them alone.

use std::time::{Duration, Instant};

use fazhi_catalog::Catalog;
use fazhi_domain::register;
use fazhi_store::{RecordFilter, ScopedStore, Store};

use crate::ProgressFn;
use crate::city::{build_tree, create_accounts};
use crate::error::{DemoError, Result, store as store_err};
use crate::profile::{Agencies, Profile};
use crate::records::{RegisterCounts, Writer, YearPlan, certificate_stock, fill_year};
use crate::targets::{Calibration, YearTargets, calibrate};
use crate::world::World;

/// Registers larger than this in the report year get no previous year (it would double the
/// generation time of a full-scale city for one 同比 the report does not state).
const PREVIOUS_YEAR_CAP: f64 = 200_000.0;

/// What to build.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// The city and the figures to reproduce.
    pub profile: Profile,
    /// 1 for the report's full volumes; 0.01 for a quick demo (counts scaled, rates kept).
    pub scale: f64,
    /// The same seed generates the same records.
    pub seed: u64,
    /// 省级示范 — the code of the unit the city hangs under when several cities are built as
    /// one province (`fazhi demo --province`); the city's accounts are then named after it
    /// (`admin-520200` …). `None`: the city is the top of its tree, its accounts `admin` ….
    pub parent: Option<String>,
}

/// What a build created.
#[derive(Debug, Clone)]
pub struct Built {
    /// Org units new in this run.
    pub orgs_created: usize,
    /// Accounts new in this run.
    pub accounts_created: usize,
    /// The targets of the profile (what `--check` compares against, what was left out).
    pub calibration: Calibration,
    /// The records written; `None` when the registers already held records.
    pub generated: Option<Generated>,
}

/// The records and reported values a build wrote.
#[derive(Debug, Clone)]
pub struct Generated {
    pub counts: RegisterCounts,
    /// Reported values (填报值) saved.
    pub reported: usize,
    /// The forms of the review flow, by state.
    pub forms: crate::forms::FormCounts,
    /// Time spent writing records and reported values.
    pub elapsed: Duration,
}

/// Builds the demo city of `options` in `store` (as the system actor `demo`), reporting each
/// written record to `progress`.
pub async fn build(
    store: &Store,
    catalog: &Catalog,
    options: &DemoOptions,
    progress: &ProgressFn<'_>,
) -> Result<Built> {
    if !(options.scale > 0.0 && options.scale <= 10.0) {
        return Err(DemoError::Invalid(format!(
            "--scale 应在 0 与 10 之间(1 为全量),实为 {}",
            options.scale
        )));
    }
    let profile = &options.profile;
    let system = store.unscoped_system("demo");
    let agencies = Agencies::embedded()?;
    let parent = options.parent.as_deref();
    let orgs_created = build_tree(&system, profile, &agencies, parent).await?;
    let suffix = parent.map(|_| format!("-{}", profile.city.code));
    let accounts_created =
        create_accounts(&system, profile, &agencies, suffix.as_deref().unwrap_or("")).await?;
    let calibration = calibration(catalog, profile, options.scale, options.seed)?;
    let generated = if has_records(&system, &profile.city.code).await? {
        None
    } else {
        Some(generate(&system, catalog, options, &calibration, progress).await?)
    };
    Ok(Built {
        orgs_created,
        accounts_created,
        calibration,
        generated,
    })
}

/// The targets of the profile, for the report year and the year before.
pub fn calibration(
    catalog: &Catalog,
    profile: &Profile,
    scale: f64,
    seed: u64,
) -> Result<Calibration> {
    let plan = fazhi_indicators::Plan::new(catalog).map_err(DemoError::Plan)?;
    let computes = |key: &str| plan.locate(key).is_some();
    let mut c = calibrate(
        catalog,
        &computes,
        &profile.figure,
        profile.year,
        scale,
        seed,
    );
    c.previous
        .default_from(&c.current, 0.9, PREVIOUS_YEAR_CAP * scale);
    Ok(c)
}

/// Whether the city's units (`city`'s subtree) already hold enforcement cases.
async fn has_records(store: &ScopedStore, city: &str) -> Result<bool> {
    let probe = RecordFilter {
        limit: 1,
        org_code: Some(city.to_owned()),
        ..RecordFilter::default()
    };
    let (existing, _) = store
        .list_records(&register::enforcement::ENFORCEMENT_CASES, &probe)
        .await
        .map_err(store_err("读取执法案件失败"))?;
    Ok(existing > 0)
}

/// Writes the two years of records and the reported values.
async fn generate(
    store: &ScopedStore,
    catalog: &Catalog,
    options: &DemoOptions,
    c: &Calibration,
    progress: &ProgressFn<'_>,
) -> Result<Generated> {
    let (profile, scale, seed) = (&options.profile, options.scale, options.seed);
    let world = World::load(store, profile).await?;
    let size = world.size() * scale;
    let started = Instant::now();
    let mut writer = Writer::new(store, progress);
    let revoked_key = "enforcement.certificates_revoked";
    let revoked = [
        (
            c.previous.year,
            revoked_default(&c.previous, revoked_key, size),
        ),
        (
            c.current.year,
            revoked_default(&c.current, revoked_key, size),
        ),
    ];
    let holders = (2_500.0 * size) as usize;
    let handlers = certificate_stock(
        &mut writer,
        &world,
        c.previous.year,
        &revoked,
        holders,
        seed,
    )
    .await?;
    for (targets, complete, share) in [(&c.previous, true, 0.9), (&c.current, false, 1.0)] {
        let plan = YearPlan {
            targets,
            catalog,
            size: size * share,
            complete,
        };
        fill_year(&mut writer, &world, plan, &handlers, seed).await?;
    }
    let today = fazhi_store::clock::beijing_today();
    let forms =
        crate::forms::review_forms(store, catalog, &profile.city.code, &c.reported, today).await?;
    crate::draws::case_file_review(store, &profile.city.code, c.current.year).await?;
    crate::draws::double_random(store, &profile.city.code, c.current.year).await?;
    Ok(Generated {
        counts: writer.counts,
        reported: c.reported.len(),
        forms,
        elapsed: started.elapsed(),
    })
}

fn revoked_default(t: &YearTargets, key: &str, size: f64) -> usize {
    t.count(key)
        .map_or((40.0 * size).round() as usize, |n| n.max(0) as usize)
}
