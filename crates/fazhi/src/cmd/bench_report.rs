//! `fazhi bench report` — time to draft and render a city-year annual report (target ≤ 200 ms),
//! split into its parts: the indicator set (warm), drafting, and each writer. Runs on an
//! existing database, by default the demo city of `fazhi demo`.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use fazhi_report::LargeCounts;
use fazhi_store::Store;

/// Median of `runs` timings of `f`.
async fn median<F, Fut, T>(runs: usize, mut f: F) -> anyhow::Result<(Duration, T)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        last = Some(f().await?);
        times.push(t.elapsed());
    }
    times.sort();
    let value = last.context("无结果")?;
    Ok((times[times.len() / 2], value))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

pub async fn bench_report(
    url: &str,
    org: &str,
    year: i32,
    runs: usize,
) -> anyhow::Result<ExitCode> {
    let store = Store::open(url)
        .await
        .with_context(|| format!("无法打开 {url}"))?;
    let system = store.unscoped_system("bench");
    system
        .get_org(org)
        .await
        .with_context(|| format!("数据库中没有单位 {org}(先运行 fazhi demo)"))?;
    // Warm-up: the first computation fills the indicator cache.
    let cold = Instant::now();
    system
        .draft_annual_report(org, year, LargeCounts::Exact)
        .await?;
    let cold = cold.elapsed();
    let (values, _) = median(runs, || async {
        Ok(system
            .indicators(org, fazhi_indicators::Period::Year(year))
            .await?)
    })
    .await?;
    let (drafted, result) = median(runs, || async {
        Ok(system
            .draft_annual_report(org, year, LargeCounts::Exact)
            .await?)
    })
    .await?;
    let report = &result.report;
    let link = |key: &str| result.link(key);
    let (md, md_len) = median(runs, || async {
        Ok(fazhi_report::to_markdown(report).len())
    })
    .await?;
    let (html, html_len) = median(runs, || async {
        Ok(fazhi_report::to_html_document(report, &link).len())
    })
    .await?;
    let (docx, docx_len) =
        median(runs, || async { Ok(fazhi_report::to_docx(report)?.len()) }).await?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "年度报告基准:{org} {year} 年,{} 个数字,{runs} 次取中位数,{cores} 核",
        report.figures().count()
    );
    println!("  首次(冷,含指标计算)      {}", ms(cold));
    println!("  指标集(热)               {}", ms(values));
    println!("  起草(热,含指标集与叙述)  {}", ms(drafted));
    println!("  Markdown 输出            {}({md_len} 字节)", ms(md));
    println!("  HTML 输出                {}({html_len} 字节)", ms(html));
    println!("  DOCX 输出                {}({docx_len} 字节)", ms(docx));
    let total = drafted + docx;
    println!(
        "  起草 + DOCX 合计          {}(目标 ≤ 200 ms;DOCX 是 Markdown 的 {:.1} 倍)",
        ms(total),
        docx.as_secs_f64() / md.as_secs_f64().max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}
