//! `fazhi report` — drafts an org unit's 法治政府建设年度报告 for a year and writes it as 公文
//! DOCX, HTML or Markdown (the same draft as the web page's download buttons).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use fazhi_report::{LargeCounts, Rendered};
use fazhi_store::Store;

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
    db: String,
    /// 单位代码(如 520200),统计其本级及下属单位
    #[arg(long)]
    org: String,
    /// 报告年度
    #[arg(long)]
    year: i32,
    /// 输出格式:docx(公文格式)、html 或 md
    #[arg(long, default_value = "docx")]
    format: String,
    /// 输出文件
    #[arg(short = 'o', long)]
    output: PathBuf,
    /// 万以上的数量写作“1.8万余”的约数
    #[arg(long)]
    approximate: bool,
}

pub fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    crate::runtime()?.block_on(async {
        let store = Store::open(&args.db)
            .await
            .with_context(|| format!("无法打开数据库 {}", args.db))?;
        let scoped = store.unscoped_system("cli-report");
        let large = if args.approximate {
            LargeCounts::Approximate
        } else {
            LargeCounts::Exact
        };
        let drafted = scoped
            .draft_annual_report(&args.org, args.year, large)
            .await?;
        let report = &drafted.report;
        let Some(rendered) = Rendered::new(report, &args.format, &|key: &str| drafted.link(key))
        else {
            eprintln!("格式“{}”无效:应为 docx、html 或 md", args.format);
            return Ok(ExitCode::from(2));
        };
        let rendered = rendered?;
        std::fs::write(&args.output, &rendered.bytes)
            .with_context(|| format!("无法写入 {}", args.output.display()))?;
        println!(
            "已生成 {}({} 字节);数据缺口 {} 项",
            args.output.display(),
            rendered.bytes.len(),
            report.gaps.len()
        );
        Ok(ExitCode::SUCCESS)
    })
}
