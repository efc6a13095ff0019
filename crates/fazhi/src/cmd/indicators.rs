//! `fazhi indicators` — every indicator of the catalog for a unit (with its sub-units) and a
//! period, as JSON (the shape of `/api/v1/indicators`) or a table; `fazhi indicators rebuild`
//! recomputes the maintained indicator cells from the registers, `… check` compares them.

use std::process::ExitCode;

use anyhow::Context;
use fazhi_indicators::{Period, fmt_number};
use fazhi_store::Store;

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct IndicatorsArgs {
    #[command(subcommand)]
    action: Option<IndicatorsAction>,
    /// 数据库地址
    #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
    db: String,
    /// 机构代码,如 520200
    #[arg(long)]
    org: Option<String>,
    /// 年度,如 2024
    #[arg(long)]
    year: Option<i32>,
    /// 统计期间:2024、2024H1、2024Q1 或 202403(代替 --year)
    #[arg(long)]
    period: Option<String>,
    /// 输出格式
    #[arg(long, default_value = "table", value_parser = ["json", "table"])]
    format: String,
    /// 表格中也列出无数据的指标
    #[arg(long)]
    all: bool,
}

#[derive(clap::Subcommand, Debug)]
enum IndicatorsAction {
    /// 重算指标数据:从登记簿重新汇总(日常写入时自动维护,无需运行)
    Rebuild {
        /// 数据库地址
        #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
        db: String,
    },
    /// 核对指标数据与登记簿是否一致(不一致时退出码为 1)
    Check {
        /// 数据库地址
        #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
        db: String,
    },
}

/// `rebuild` and `check`.
fn maintain(action: IndicatorsAction) -> anyhow::Result<ExitCode> {
    let (IndicatorsAction::Rebuild { db } | IndicatorsAction::Check { db }) = &action;
    crate::runtime()?.block_on(async {
        let store = Store::open(db)
            .await
            .with_context(|| format!("无法打开 {db}"))?;
        if matches!(action, IndicatorsAction::Rebuild { .. }) {
            let cells = store.rebuild_indicators().await?;
            println!("已重算指标数据:{cells} 个非零数据格");
            return Ok(ExitCode::SUCCESS);
        }
        let drift = store.indicator_drift().await?;
        if drift.is_empty() {
            println!("指标数据与登记簿一致");
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "指标数据与登记簿不一致的数据格 {} 个(单位 月份 列:保存值 ≠ 实际值):",
            drift.len()
        );
        for line in drift.iter().take(50) {
            println!("  {line}");
        }
        println!("可运行 fazhi indicators rebuild 重算");
        Ok(ExitCode::from(1))
    })
}

pub fn run(args: IndicatorsArgs) -> anyhow::Result<ExitCode> {
    if let Some(action) = args.action {
        return maintain(action);
    }
    let Some(org) = args.org.clone() else {
        anyhow::bail!("请用 --org 指定机构代码(如 520200),或运行 fazhi indicators rebuild / check");
    };
    let period = match (&args.period, args.year) {
        (Some(p), _) => Period::parse(p)?,
        (None, Some(y)) => Period::Year(y),
        (None, None) => anyhow::bail!("请用 --year 或 --period 指定统计期间"),
    };
    let set = crate::runtime()?.block_on(async {
        let store = Store::open(&args.db)
            .await
            .with_context(|| format!("无法打开 {}", args.db))?;
        let set = store
            .unscoped_system("cli")
            .indicators(&org, period)
            .await?;
        anyhow::Ok(set)
    })?;
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&set)?);
        return Ok(ExitCode::SUCCESS);
    }
    let catalog = fazhi_catalog::Catalog::embedded()?;
    println!("{}({}) {}", set.org_name, set.org, period.label());
    for ind in catalog.indicators() {
        let Some(v) = set.indicators.get(&ind.key) else {
            continue;
        };
        if v.value.is_none() && !args.all {
            continue;
        }
        let value = v.value.map(fmt_number).unwrap_or_else(|| "无数据".into());
        let mut line = format!("{:<44} {:<24} {value} {}", ind.key, ind.name, ind.unit);
        if let (Some(n), Some(d)) = (v.numerator, v.denominator) {
            line.push_str(&format!("  ({} / {})", fmt_number(n), fmt_number(d)));
        }
        if let Some(y) = v.yoy {
            let unit = match y.unit {
                fazhi_catalog::YoyUnit::Percent => "%",
                fazhi_catalog::YoyUnit::Points => "百分点",
            };
            line.push_str(&format!("  同比 {:+}{unit}", y.change));
        }
        println!("{line}");
    }
    for w in &set.warnings {
        println!("警告:{}", w.message);
    }
    Ok(ExitCode::SUCCESS)
}
