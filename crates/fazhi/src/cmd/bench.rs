//! `fazhi bench` — measured performance of the parts that must scale, each against a baseline
//! measured in the same run.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use fazhi_calendar::{DeadlineEngine, DeadlineOptions};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::Store;

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    #[command(subcommand)]
    command: BenchCommand,
}

#[derive(clap::Subcommand, Debug)]
enum BenchCommand {
    /// 日历变更后重新计算全部未办结法定期限的耗时
    Deadlines {
        /// 未办结期限的条数
        #[arg(long, default_value_t = 1_000_000)]
        records: u64,
        /// 数据库(默认:临时目录中新建的 SQLite 文件)
        #[arg(long)]
        db: Option<String>,
    },
    /// 计算一个城市一年全部指标的耗时(冷、热缓存与逐项查询对比)
    Indicators {
        /// 行政执法案件条数
        #[arg(long, default_value_t = 1_500_000)]
        cases: u64,
        /// 其他每个登记簿的条数
        #[arg(long, default_value_t = 50_000)]
        others: u64,
        /// 热缓存重复次数
        #[arg(long, default_value_t = 20)]
        repeats: u32,
        /// 数据库(默认:临时目录中新建的 SQLite 文件)
        #[arg(long)]
        db: Option<String>,
    },
    /// 起草并输出一份城市年度报告的耗时(指标集、起草、三种格式)
    Report {
        /// 数据库(默认:fazhi demo 生成的示范城市)
        #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
        db: String,
        /// 单位代码
        #[arg(long, default_value = "520200")]
        org: String,
        /// 报告年度
        #[arg(long, default_value_t = 2024)]
        year: i32,
        /// 重复次数(取中位数)
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// 批量导入执法案件 CSV 的速度(与逐条录入和 sqlite3 .import 对比)
    Import {
        /// 生成的案件行数
        #[arg(long, default_value_t = 1_500_000)]
        rows: u64,
        /// 逐条录入路径的样本行数
        #[arg(long, default_value_t = 20_000)]
        sample: u64,
        /// 保留生成的文件和数据库的目录
        #[arg(long)]
        keep: Option<std::path::PathBuf>,
        /// 在文件末尾追加一行错误数据:只测量批量导入发现错误、整体回滚所需的时间和内存
        #[arg(long)]
        bad_last_row: bool,
        /// 另测导入到这个空数据库(如 postgres://…)的速度,与同一次运行的 SQLite 对比
        #[arg(long)]
        db: Option<String>,
    },
    /// 登录的耗时:Argon2id 单次校验(基线)、完整登录、多个登录同时到达
    Login {
        /// 重复次数(取中位数)
        #[arg(long, default_value_t = 20)]
        runs: usize,
        /// 同时到达的登录个数
        #[arg(long, default_value_t = 32)]
        burst: usize,
        /// 数据库(默认:临时目录中新建的 SQLite 文件)
        #[arg(long)]
        db: Option<String>,
    },
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let dir = std::env::temp_dir().join(format!("fazhi-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let default_url = format!("sqlite://{}", dir.join("bench.db").display());
    let result = match args.command {
        BenchCommand::Deadlines { records, db } => {
            let url = db.unwrap_or(default_url);
            crate::runtime()?.block_on(bench_deadlines(&url, records))
        }
        BenchCommand::Indicators {
            cases,
            others,
            repeats,
            db,
        } => {
            let url = db.unwrap_or(default_url);
            crate::runtime()?.block_on(super::bench_indicators::run(&url, cases, others, repeats))
        }
        BenchCommand::Report {
            db,
            org,
            year,
            runs,
        } => crate::runtime()?.block_on(super::bench_report::bench_report(&db, &org, year, runs)),
        BenchCommand::Import {
            rows,
            sample,
            keep,
            bad_last_row,
            db,
        } => super::bench_import::run(rows, sample, keep, bad_last_row, db),
        BenchCommand::Login { runs, burst, db } => {
            let url = db.unwrap_or(default_url);
            crate::runtime()?.block_on(super::bench_login::run(&url, runs, burst))
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn bench_deadlines(url: &str, records: u64) -> anyhow::Result<ExitCode> {
    let store = Store::open(url)
        .await
        .with_context(|| format!("无法打开 {url}"))?;
    let since = NaiveDate::from_ymd_opt(2020, 1, 1).context("日期")?;
    let city = store
        .unscoped_system("bench")
        .create_org(
            NewOrgUnit::parse("520200", "city", "六盘水市", None, since)?,
            None,
        )
        .await?;
    let t = Instant::now();
    let seeded = store.unscoped_seed_bench_clocks(city.id, records).await?;
    let seed_time = t.elapsed();

    // Baseline: the same due dates computed in memory only (no database).
    let engine = DeadlineEngine::embedded()?;
    let base = NaiveDate::from_ymd_opt(2024, 1, 1).context("日期")?;
    let rules = [
        "reconsideration.decision",
        "penalty.decision",
        "double_publicity.publish",
        "litigation.answer",
        "normative_doc.filing",
    ];
    let t = Instant::now();
    let mut checksum = 0_i64;
    for i in 0..seeded {
        let start = base + chrono::Days::new(i % 700);
        let due = engine.due_date(rules[(i % 5) as usize], start, &DeadlineOptions::default())?;
        checksum += i64::from(chrono::Datelike::ordinal(&due));
    }
    let memory_time = t.elapsed();

    let t = Instant::now();
    let count = store.unscoped_reevaluate_deadlines().await?;
    let reeval_time = t.elapsed();
    let cores = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    println!("fazhi bench deadlines — {url}, {cores} cores");
    println!(
        "open clocks seeded:            {seeded} in {:.2} s",
        seed_time.as_secs_f64()
    );
    println!(
        "baseline, engine only:         {:.2} s ({:.0} due dates/s, checksum {checksum})",
        memory_time.as_secs_f64(),
        seeded as f64 / memory_time.as_secs_f64()
    );
    println!(
        "re-evaluate all open clocks:   {count} in {:.2} s ({:.0}/s)",
        reeval_time.as_secs_f64(),
        count as f64 / reeval_time.as_secs_f64()
    );
    println!(
        "ratio re-evaluate / baseline:  {:.1}×",
        reeval_time.as_secs_f64() / memory_time.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
