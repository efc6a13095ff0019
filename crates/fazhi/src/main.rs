//! `fazhi` — the command-line entry point of the 法治政府建设 platform.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: an import moves millions of small values
/// between its reader and checker threads, where glibc's allocator took 18 % of the samples
/// of a profile (see docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The default embedded database, created and migrated on first use.
pub const DEFAULT_DB: &str = "sqlite://fazhi.db";

#[derive(Parser, Debug)]
#[command(name = "fazhi", version, about = "法治政府建设管理平台 fazhi")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 启动网页服务
    Serve(cmd::serve::ServeArgs),
    /// 生成示范城市(六盘水市)的组织机构和账号
    Demo(cmd::demo::DemoArgs),
    /// 账号管理
    User(cmd::user::UserArgs),
    /// 审计日志
    Audit(cmd::audit::AuditArgs),
    /// 随机抽取(案卷评查、双随机)的核验
    Draw(cmd::draw::DrawArgs),
    /// 官方工作日历
    Calendar(cmd::calendar::CalendarArgs),
    /// 计算法定期限
    Deadline(cmd::calendar::DeadlineArgs),
    /// 性能基准
    #[cfg(feature = "bench")]
    Bench(cmd::bench::BenchArgs),
    /// 计算指标(按机构及其下级、统计期间,含同比)
    Indicators(cmd::indicators::IndicatorsArgs),
    /// 从公开的法治政府建设报告中提取统计数字
    Extract(cmd::extract::ExtractArgs),
    /// 核对报告中比率与数量是否一致
    Check(cmd::extract::CheckArgs),
    /// 比较多份报告的指标
    Compare(cmd::compare::CompareArgs),
    /// 生成法治政府建设年度报告(docx/html/md)
    Report(cmd::report::ReportArgs),
    /// 从 Excel/CSV/NDJSON 文件导入登记簿记录或填报值(全部成功才写入)
    Import(cmd::import::ImportArgs),
    /// 把登记簿记录导出为 Excel 或 CSV(与导入模板同列)
    Export(cmd::export::ExportArgs),
    /// 发送每日待办邮件(有电子邮箱的账号)
    Digest(cmd::digest::DigestArgs),
    /// 城市联邦到省级库(PostgreSQL 逻辑复制)
    Federation(cmd::federation::FederationArgs),
}

/// Log filter when `FAZHI_LOG` is unset. The server reports slow statements; one-shot
/// commands (import, demo, bench) run long statements on purpose (an index rebuild, a
/// million-row aggregate), whose warnings would bury what the command prints for the clerk.
fn default_log_filter(command: &Command) -> &'static str {
    match command {
        Command::Serve(_) => "warn",
        _ => "warn,sqlx::query=error",
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("FAZHI_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new(default_log_filter(&cli.command))
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Command::Serve(args) => cmd::serve::run(args),
        Command::Demo(args) => cmd::demo::run(args),
        Command::User(args) => cmd::user::run(args),
        Command::Audit(args) => cmd::audit::run(args),
        Command::Federation(args) => cmd::federation::run(args),
        Command::Draw(args) => cmd::draw::run(args),
        Command::Calendar(args) => cmd::calendar::run_calendar(args),
        Command::Deadline(args) => cmd::calendar::run_deadline(args),
        #[cfg(feature = "bench")]
        Command::Bench(args) => cmd::bench::run(args),
        Command::Indicators(args) => cmd::indicators::run(args),
        Command::Extract(args) => cmd::extract::run_extract(args),
        Command::Check(args) => cmd::extract::run_check(args),
        Command::Compare(args) => cmd::compare::run_compare(args),
        Command::Report(args) => cmd::report::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Digest(args) => cmd::digest::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("错误:{err:#}");
            ExitCode::from(2)
        }
    }
}

/// A multi-threaded runtime for the commands that talk to the database.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
