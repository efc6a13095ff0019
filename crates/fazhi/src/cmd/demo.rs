//! `fazhi demo` — builds a calibrated demo city ([`fazhi_demo`]): the org tree of one of the five
//! seed reports (or of any published report), one account per role, and a year of case-level
//! records in every register whose computed indicators equal the figures the report published.
//! `--check` then drafts the city's report and reads it back ([`super::demo_check`]). This
//! module parses the arguments, shows the progress and prints.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Once;

use anyhow::Context;
use fazhi_demo::targets::{Calibration, show};
use fazhi_demo::{Built, DEFAULT_PROFILE, DEMO_PASSWORD, DemoOptions, Profile, Progress};
use fazhi_store::Store;

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
    /// 省级示范:把 --profile 列出的城市(逗号分隔)建在这个省级单位之下,如 520000
    #[arg(long, requires = "province_name", conflicts_with_all = ["from_report", "check"])]
    province: Option<String>,
    /// 与 --province 同用:省级单位的名称,如 贵州省
    #[arg(long)]
    province_name: Option<String>,
    /// 与 --province 同用:以 --profile 的第一个画像生成 N 座城市(代码依次为 省代码前两位+01..N+00)
    #[arg(long, requires = "province")]
    cities: Option<u32>,
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.scale > 0.0 && args.scale <= 10.0,
        "--scale 应在 0 与 10 之间(1 为全量),实为 {}",
        args.scale
    );
    if let (Some(code), Some(name)) = (&args.province, &args.province_name) {
        let cities = super::demo_province::Cities {
            profiles: &args.profile,
            copies: args.cities,
        };
        return super::demo_province::run(&args.db, (code, name), cities, args.scale, args.seed);
    }
    let reader = fazhi_text::Reader::embedded().context("指标目录加载失败")?;
    let profile = match &args.from_report {
        Some(path) => {
            let text = crate::cmd::extract::read_report(path)?;
            Profile::from_report(&text, &reader, args.region.as_deref().unwrap_or_default())?
        }
        None => Profile::embedded(&args.profile)?,
    };
    let options = DemoOptions {
        profile,
        scale: args.scale,
        seed: args.seed,
        parent: None,
    };
    crate::runtime()?.block_on(async {
        let store = Store::open(&args.db)
            .await
            .with_context(|| format!("无法打开数据库 {}", args.db))?;
        let bar = spinner();
        let started = Once::new();
        let progress = |p: Progress<'_>| match p {
            Progress::Register(label) => {
                started.call_once(|| bar.enable_steady_tick(std::time::Duration::from_millis(200)));
                bar.set_message(format!("正在写入{label}"));
            }
            Progress::Record => bar.inc(1),
        };
        let built = fazhi_demo::build(&store, reader.catalog(), &options, &progress).await;
        bar.finish_and_clear();
        let built = built?;
        print_built(&options.profile, &built);
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
            options.profile.first_county().name
        );
        println!("  viewer   只读用户,全部数据");
        let code = if args.check {
            let system = store.unscoped_system("demo");
            let table = crate::cmd::demo_check::round_trip(
                &system,
                &options.profile,
                &built.calibration,
                &reader,
            )
            .await?;
            print!("{}", crate::cmd::demo_check::render(&table));
            if table.all_match() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        } else {
            ExitCode::SUCCESS
        };
        // Closing the last connection checkpoints SQLite's write-ahead log into the database
        // file: left open, the server's first write would copy 1.5 GB of it.
        store.close().await;
        Ok(code)
    })
}

/// The spinner of the record generation, ticking from the first register written.
pub(super) fn spinner() -> indicatif::ProgressBar {
    indicatif::ProgressBar::new_spinner().with_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg} 已生成 {pos} 条 ({per_sec}) {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    )
}

pub(super) fn print_built(profile: &Profile, built: &Built) {
    println!(
        "示范城市「{}」({} 年):新建机构 {} 个,新建账号 {} 个。",
        profile.city.name, profile.year, built.orgs_created, built.accounts_created
    );
    match &built.generated {
        None => println!("登记簿已有记录,未新建示范记录。"),
        Some(g) => {
            let secs = g.elapsed.as_secs_f64();
            let total = g.counts.total();
            println!(
                "生成示范登记记录 {total} 条,用时 {secs:.1} 秒({:.0} 条/秒);填报值 {} 项。",
                total as f64 / secs.max(1e-9),
                g.reported
            );
            print!("{}", g.counts);
            let f = &g.forms;
            println!(
                "示范报表:已审核 {},待审核 {},已退回 {},草稿 {},未填报 {}。",
                f.approved, f.submitted, f.returned, f.draft, f.missing
            );
        }
    }
    print_skipped(&built.calibration);
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
