//! `fazhi import` — a register's (or reported values') Excel/CSV/NDJSON file into the database,
//! all or nothing, and `fazhi import template` — the register's template workbook.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use fazhi_domain::register::{RegisterDef, by_key};
use fazhi_exchange::{Format, ImportReport};
use fazhi_store::{ImportOptions, KeptFile, REPORTED_VALUES, Store};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    command: Option<ImportCommand>,
    #[command(flatten)]
    import: Option<ImportFile>,
}

#[derive(clap::Subcommand, Debug)]
enum ImportCommand {
    /// 下载导入模板(Excel):列名、必填标记、下拉选项和各列说明
    Template {
        /// 登记簿(如 enforcement-cases)或 reported-values(填报值)
        register: String,
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
struct ImportFile {
    /// 登记簿(如 enforcement-cases)或 reported-values(填报值)
    register: String,
    /// 文件(.xlsx、.csv 或 .ndjson)
    file: PathBuf,
    #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
    db: String,
    /// 只检查,不写入
    #[arg(long)]
    dry_run: bool,
    /// 文件中未填单位代码的行所属的单位
    #[arg(long)]
    org: Option<String>,
    /// 文件格式(默认按扩展名识别):xlsx、csv 或 ndjson
    #[arg(long)]
    format: Option<String>,
}

/// The register named on the command line, with the list of names when unknown.
pub fn register_arg(key: &str) -> anyhow::Result<&'static RegisterDef> {
    by_key(key).with_context(|| {
        let keys: Vec<&str> = fazhi_domain::register::all()
            .iter()
            .map(|d| d.key)
            .collect();
        format!(
            "没有名为「{key}」的登记簿,可用:{}、{REPORTED_VALUES}",
            keys.join("、")
        )
    })
}

pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    match (args.command, args.import) {
        (Some(ImportCommand::Template { register, output }), _) => {
            let bytes = if register == REPORTED_VALUES {
                fazhi_exchange::reported_template()?
            } else {
                fazhi_exchange::template(register_arg(&register)?)?
            };
            std::fs::write(&output, bytes)
                .with_context(|| format!("无法写入 {}", output.display()))?;
            println!("模板已写入 {}", output.display());
            Ok(ExitCode::SUCCESS)
        }
        (None, Some(file)) => import_file(file),
        (None, None) => anyhow::bail!("请指定登记簿和文件,或使用 fazhi import template"),
    }
}

fn progress_bar() -> (ProgressBar, fazhi_exchange::ImportProgress) {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} 已处理 {human_pos} 行 · {per_sec} · 用时 {elapsed}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let hidden = bar.is_hidden();
    let shown = bar.clone();
    let last_line = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let progress: fazhi_exchange::ImportProgress = Arc::new(move |rows| {
        shown.set_position(rows);
        // Without a terminal, a plain line every 100,000 rows (logs, and the tests that
        // watch a running import).
        if hidden && rows / 100_000 > last_line.load(std::sync::atomic::Ordering::Relaxed) {
            last_line.store(rows / 100_000, std::sync::atomic::Ordering::Relaxed);
            eprintln!("已处理 {rows} 行");
        }
    });
    (bar, progress)
}

fn import_file(args: ImportFile) -> anyhow::Result<ExitCode> {
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !args.file.is_file() {
        anyhow::bail!("找不到文件 {}", args.file.display());
    }
    let format = match &args.format {
        Some(f) => Format::parse(f)
            .with_context(|| format!("不支持的格式「{f}」,应为 xlsx、csv 或 ndjson"))?,
        None => Format::detect(&args.file, None)?,
    };
    let options = ImportOptions {
        default_org: args.org.clone(),
        dry_run: args.dry_run,
        file: Some(KeptFile {
            name,
            path: args.file.clone(),
        }),
    };
    let started = std::time::Instant::now();
    let report = crate::runtime()?.block_on(async {
        let store = Store::open(&args.db)
            .await
            .with_context(|| format!("无法打开数据库 {}", args.db))?;
        let system = store.unscoped_system("cli-import");
        if args.register == REPORTED_VALUES {
            Ok::<ImportReport, anyhow::Error>(
                fazhi_exchange::import_reported(&system, &args.file, format, options).await?,
            )
        } else {
            let def = register_arg(&args.register)?;
            let (bar, progress) = progress_bar();
            let report = fazhi_exchange::import_register(
                &system,
                def,
                &args.file,
                format,
                options,
                Some(progress),
            )
            .await;
            bar.finish_and_clear();
            Ok(report?)
        }
    })?;
    print_report(&report, args.dry_run, started.elapsed());
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_report(report: &ImportReport, dry_run: bool, elapsed: Duration) {
    let o = &report.outcome;
    if !report.ok() {
        eprintln!("导入失败,未写入任何数据。共 {} 个问题:", report.error_count);
        for error in &report.errors {
            eprintln!("  {error}");
        }
        let unlisted = report
            .error_count
            .saturating_sub(report.errors.len() as u64);
        if unlisted > 0 {
            eprintln!("  ……另有 {unlisted} 个问题未列出");
        }
        return;
    }
    let verb = if dry_run {
        "检查通过(未写入)"
    } else {
        "导入成功"
    };
    println!(
        "{verb}:共 {} 行,新增 {},更新 {},未变 {};用时 {:.1} 秒",
        o.rows,
        o.created,
        o.updated,
        o.unchanged,
        elapsed.as_secs_f64()
    );
    if let (Some(batch), Some(sha)) = (o.batch_id, &o.file_sha256) {
        println!("导入批次 {batch},文件 SHA-256 {sha}");
    }
}
