//! `fazhi demo` — builds a calibrated demo city: the org tree of one of the five seed reports
//! (or of any published report), one account per role, and a year of case-level records in
//! every register (with the year before, for 同比) whose computed indicators equal the figures
//! the report published; figures no register holds become reported values. `--check` then
//! drafts the city's report and reads it back ([`super::demo_check`]). Running it again on a
//! database that holds records leaves them alone.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use fazhi_catalog::Catalog;
use fazhi_domain::CreditCode;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register;
use fazhi_store::{
    ImportOptions, NewUser, RecordFilter, ReportedInput, ScopedStore, Store, StoreError,
};

use crate::cmd::demo_records::profile::{Agencies, DEFAULT_PROFILE, Profile};
use crate::cmd::demo_records::targets::{Calibration, YearTargets, calibrate, show};
use crate::cmd::demo_records::{World, Writer, YearPlan, certificate_stock, fill_year};

/// The password of every demo account (printed; change it in any real deployment).
const DEMO_PASSWORD: &str = "Fazhi@2024";
/// Registers larger than this in the report year get no previous year (it would double the
/// generation time of a full-scale city for one 同比 the report does not state).
const PREVIOUS_YEAR_CAP: f64 = 200_000.0;

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
    db: String,
    /// 示范城市画像:liupanshui-2024、leping-2024、zhumadian-2024、luzhou-2019、zhuzhou-2024
    #[arg(long, default_value = DEFAULT_PROFILE)]
    profile: String,
    /// 由任一已发布的年度报告(UTF-8 文本)生成示范城市,代替 --profile
    #[arg(long, requires = "region")]
    from_report: Option<PathBuf>,
    /// 与 --from-report 同用:报告所属政府的6位行政区划代码(报告正文不写代码),如 360281
    #[arg(long)]
    region: Option<String>,
    /// 规模:1 为报告的全量;0.01 为快速演示(计数按比例缩小,比率不变)
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// 随机种子(同一种子生成同样的记录)
    #[arg(long, default_value_t = 20240101)]
    seed: u64,
    /// 生成后核对:计算指标、起草报告并读回,逐项对照公布值,不一致时退出码为 1
    #[arg(long)]
    check: bool,
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.scale > 0.0 && args.scale <= 10.0,
        "--scale 应在 0 与 10 之间(1 为全量),实为 {}",
        args.scale
    );
    let reader = fazhi_text::Reader::embedded().context("指标目录加载失败")?;
    let profile = match &args.from_report {
        Some(path) => {
            let text = crate::cmd::extract::read_report(path)?;
            Profile::from_report(&text, &reader, args.region.as_deref().unwrap_or_default())?
        }
        None => Profile::embedded(&args.profile)?,
    };
    let catalog = reader.catalog();
    crate::runtime()?.block_on(async {
        let store = Store::open(&args.db)
            .await
            .with_context(|| format!("无法打开数据库 {}", args.db))?;
        let system = store.unscoped_system("demo");
        let agencies = Agencies::embedded()?;
        let created = build_tree(&system, &profile, &agencies).await?;
        let users = create_accounts(&system, &profile, &agencies).await?;
        println!(
            "示范城市「{}」({} 年):新建机构 {created} 个,新建账号 {users} 个。",
            profile.city.name, profile.year
        );
        let calibration = calibration(catalog, &profile, args.scale, args.seed)?;
        if has_records(&system).await? {
            println!("登记簿已有记录,未新建示范记录。");
        } else {
            generate(&system, &profile, &calibration, args.scale, args.seed).await?;
        }
        print_skipped(&calibration);
        println!("数据库:{}", args.db);
        println!(
            "启动:fazhi serve --db {} ,然后在浏览器打开 http://127.0.0.1:8080/",
            args.db
        );
        println!("登录账号(密码均为 {DEMO_PASSWORD}):");
        println!("  admin    系统管理员,全部数据");
        println!("  office   依法治市办,全部数据");
        println!(
            "  clerk    {}业务人员,仅本级及下级",
            first_county(&profile).name
        );
        println!("  viewer   只读用户,全部数据");
        if !args.check {
            return Ok(ExitCode::SUCCESS);
        }
        let table =
            crate::cmd::demo_check::round_trip(&system, &profile, &calibration, &reader).await?;
        print!("{}", table.render());
        Ok(if table.all_match() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    })
}

/// The targets of the profile, for the report year and the year before.
pub(crate) fn calibration(
    catalog: &Catalog,
    profile: &Profile,
    scale: f64,
    seed: u64,
) -> anyhow::Result<Calibration> {
    let plan = fazhi_indicators::Plan::new(catalog).context("指标计算方案无效")?;
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

async fn has_records(store: &ScopedStore) -> anyhow::Result<bool> {
    let probe = RecordFilter {
        limit: 1,
        ..RecordFilter::default()
    };
    let (existing, _) = store
        .list_records(&register::enforcement::ENFORCEMENT_CASES, &probe)
        .await
        .context("读取执法案件失败")?;
    Ok(existing > 0)
}

/// Writes the two years of records and the reported values.
async fn generate(
    store: &ScopedStore,
    profile: &Profile,
    c: &Calibration,
    scale: f64,
    seed: u64,
) -> anyhow::Result<()> {
    let world = World::load(store, profile).await?;
    let size = world.size() * scale;
    let progress = indicatif::ProgressBar::new_spinner().with_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg} 已生成 {pos} 条 ({per_sec}) {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    progress.enable_steady_tick(std::time::Duration::from_millis(200));
    let started = std::time::Instant::now();
    let mut writer = Writer::new(store, progress.clone());
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
            size: size * share,
            complete,
        };
        fill_year(&mut writer, &world, plan, &handlers, seed).await?;
    }
    progress.finish_and_clear();
    save_reported(store, profile, c).await?;
    let secs = started.elapsed().as_secs_f64();
    let total = writer.counts.total();
    println!(
        "生成示范登记记录 {total} 条,用时 {secs:.1} 秒({:.0} 条/秒);填报值 {} 项。",
        total as f64 / secs.max(1e-9),
        c.reported.len()
    );
    print!("{}", writer.counts);
    Ok(())
}

fn revoked_default(t: &YearTargets, key: &str, size: f64) -> usize {
    t.count(key)
        .map_or((40.0 * size).round() as usize, |n| n.max(0) as usize)
}

/// The figures no register holds, as 填报值 of the top unit.
async fn save_reported(
    store: &ScopedStore,
    profile: &Profile,
    c: &Calibration,
) -> anyhow::Result<()> {
    let rows: Vec<ReportedInput> = c
        .reported
        .iter()
        .map(|r| ReportedInput {
            line: 0,
            org_code: Some(profile.city.code.clone()),
            period: r.year.to_string(),
            indicator_key: r.key.clone(),
            value: r.value,
            note: Some(format!("{}年度报告公布值", profile.year)),
            qualifier: r.qualifier.clone(),
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let outcome = store
        .save_reported_values(rows, &ImportOptions::default())
        .await
        .context("写入填报值失败")?;
    anyhow::ensure!(
        outcome.committed,
        "填报值被拒绝:{:?}",
        outcome.problems.first()
    );
    Ok(())
}

fn print_skipped(c: &Calibration) {
    if c.skipped.is_empty() {
        return;
    }
    println!("报告中未复现的数字 {} 个:", c.skipped.len());
    for s in &c.skipped {
        println!("  {} {}:{}", s.figure.key, show(&s.figure), s.reason);
    }
}

fn first_county(p: &Profile) -> &crate::cmd::demo_records::profile::Government {
    p.county.first().unwrap_or(&p.city)
}

/// A synthetic but check-digit-valid credit code for agency number `n` in `region`
/// (登记管理部门 1 机构编制, 机构类别 1 机关).
fn demo_credit_code(region: &str, n: usize) -> Option<String> {
    let body = format!("11{region}{:09}", 70_000_000 + n * 7919);
    CreditCode::with_check_char(&body[..17])
        .ok()
        .map(|c| c.to_string())
}

async fn add(
    store: &ScopedStore,
    code: &str,
    kind: &str,
    name: &str,
    credit: Option<String>,
    parent: Option<&str>,
) -> anyhow::Result<usize> {
    let since = NaiveDate::from_ymd_opt(2020, 1, 1).context("日期")?;
    let unit = NewOrgUnit::parse(code, kind, name, credit.as_deref(), since)?;
    match store.create_org(unit, parent).await {
        Ok(_) => Ok(1),
        Err(StoreError::Conflict(_)) => Ok(0),
        Err(e) => Err(e).with_context(|| format!("新增机构「{name}」失败")),
    }
}

/// The default profile's org tree (for benchmarks that need a realistic tree).
pub(crate) async fn demo_tree(store: &ScopedStore) -> anyhow::Result<usize> {
    let profile = Profile::embedded(DEFAULT_PROFILE)?;
    build_tree(store, &profile, &Agencies::embedded()?).await
}

/// The level word of a government's name (市、县、区) for the office's name.
fn level(name: &str) -> &'static str {
    match name.chars().last() {
        Some('区') => "区",
        Some('县') => "县",
        _ => "市",
    }
}

async fn build_tree(store: &ScopedStore, p: &Profile, a: &Agencies) -> anyhow::Result<usize> {
    let city = &p.city;
    // A 县级市 reporting on its own (乐平) is the top of its tree, as a city is.
    let mut n = add(store, &city.code, "city", &city.name, None, None).await?;
    let mut agency_no = 0;
    for office in &a.office {
        agency_no += 1;
        let code = format!("{}-{}", city.code, office.suffix);
        let name = office
            .name
            .replace("{city}", &city.name)
            .replace("{level}", level(&city.name));
        n += add(
            store,
            &code,
            "office",
            &name,
            demo_credit_code(&city.code, agency_no),
            Some(&city.code),
        )
        .await?;
    }
    for gov in p.governments() {
        if gov.code != city.code {
            n += add(
                store,
                &gov.code,
                "county",
                &gov.name,
                None,
                Some(&city.code),
            )
            .await?;
        }
        for dept in &a.department {
            agency_no += 1;
            let code = format!("{}-{}", gov.code, dept.suffix);
            let name = format!("{}{}", gov.name, dept.name);
            n += add(
                store,
                &code,
                "department",
                &name,
                demo_credit_code(&gov.code, agency_no),
                Some(&gov.code),
            )
            .await?;
        }
        for (i, town) in gov.townships.iter().enumerate() {
            let code = format!("{}{:03}", gov.code, i + 1);
            n += add(store, &code, "township", town, None, Some(&gov.code)).await?;
        }
    }
    Ok(n)
}

async fn create_accounts(store: &ScopedStore, p: &Profile, a: &Agencies) -> anyhow::Result<usize> {
    let office_code = format!(
        "{}-{}",
        p.city.code,
        a.office
            .first()
            .map(|o| o.suffix.as_str())
            .unwrap_or("yfzs")
    );
    let county = first_county(p).code.clone();
    let accounts = [
        (
            "admin",
            "系统管理员",
            Role::Admin,
            p.city.code.clone(),
            ScopeKind::All,
        ),
        (
            "office",
            "依法治市办",
            Role::Office,
            office_code,
            ScopeKind::All,
        ),
        (
            "clerk",
            "区县业务员",
            Role::Clerk,
            county,
            ScopeKind::Subtree,
        ),
        (
            "viewer",
            "只读用户",
            Role::Viewer,
            p.city.code.clone(),
            ScopeKind::All,
        ),
    ];
    let mut n = 0;
    for (username, display, role, org, scope) in accounts {
        let user = NewUser {
            username: username.into(),
            display_name: display.into(),
            password: DEMO_PASSWORD.into(),
            role,
            org_code: org,
            scope,
        };
        match store.create_user(user).await {
            Ok(created) => {
                // The password is printed: each account is told to change it at first login.
                store.require_password_change(&created.username).await?;
                n += 1;
            }
            Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e).with_context(|| format!("新增账号 {username} 失败")),
        }
    }
    Ok(n)
}
