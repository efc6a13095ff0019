//! `fazhi export` — a register's records (filtered by unit and period) as xlsx or CSV in the
//! template's columns, so the file imports back into an empty database unchanged.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use fazhi_exchange::Format;
use fazhi_store::{RecordFilter, Store};

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// 登记簿(如 enforcement-cases)
    register: String,
    #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
    db: String,
    /// 只导出该单位及其下级单位的记录
    #[arg(long)]
    org: Option<String>,
    /// 起始日期(按登记簿的期间字段,含当日)
    #[arg(long)]
    from: Option<String>,
    /// 截止日期(含当日)
    #[arg(long)]
    to: Option<String>,
    /// xlsx 或 csv
    #[arg(long, default_value = "xlsx")]
    format: String,
    #[arg(short = 'o', long)]
    output: PathBuf,
}

fn date(text: Option<&str>, what: &str) -> anyhow::Result<Option<chrono::NaiveDate>> {
    text.map(|t| {
        fazhi_domain::register::parse_date(t).map_err(|e| anyhow::anyhow!("{what}「{t}」{e}"))
    })
    .transpose()
}

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let def = crate::cmd::import::register_arg(&args.register)?;
    let format = match Format::parse(&args.format) {
        Some(f @ (Format::Xlsx | Format::Csv)) => f,
        _ => anyhow::bail!("不支持的格式「{}」,应为 xlsx 或 csv", args.format),
    };
    let filter = RecordFilter {
        org_code: args.org.clone(),
        from: date(args.from.as_deref(), "起始日期")?,
        to: date(args.to.as_deref(), "截止日期")?,
        ..RecordFilter::default()
    };
    let count = crate::runtime()?.block_on(async {
        let store = Store::open(&args.db)
            .await
            .with_context(|| format!("无法打开数据库 {}", args.db))?;
        let system = store.unscoped_system("cli-export");
        Ok::<u64, anyhow::Error>(
            fazhi_exchange::export_register(&system, def, &filter, format, &args.output).await?,
        )
    })?;
    println!("已导出 {count} 条记录到 {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}
