//! 往返核对 — the round trip of `fazhi demo --check`: compute the city-year's indicators, draft
//! its annual report as Markdown, and let [`fazhi_demo::check`] compare each published figure
//! with what was computed and what the report reader reads back; then print the table.

use std::fmt::Write as _;

use anyhow::Context;
use fazhi_demo::Profile;
use fazhi_demo::check::RoundTrip;
use fazhi_demo::targets::{Calibration, show};
use fazhi_indicators::Period;
use fazhi_report::{LargeCounts, Rendered};
use fazhi_store::ScopedStore;
use fazhi_text::Reader;

/// Computes, drafts and reads back the profile's year in `store`.
pub async fn round_trip(
    store: &ScopedStore,
    profile: &Profile,
    calibration: &Calibration,
    reader: &Reader<'_>,
) -> anyhow::Result<RoundTrip> {
    let org = &profile.city.code;
    let set = store
        .indicators(org, Period::Year(profile.year))
        .await
        .context("计算指标失败")?;
    let drafted = store
        .draft_annual_report(org, profile.year, LargeCounts::Exact)
        .await?;
    let rendered = Rendered::new(&drafted.report, "md", &|key: &str| drafted.link(key))
        .context("Markdown 格式不可用")??;
    let markdown = String::from_utf8(rendered.bytes).context("报告不是 UTF-8")?;
    Ok(fazhi_demo::check::round_trip(
        profile,
        calibration,
        &set,
        &markdown,
        reader,
    ))
}

/// The table as printed by `fazhi demo --check`.
pub fn render(table: &RoundTrip) -> String {
    let mut out = String::new();
    let matched = table.rows.iter().filter(|r| r.matches()).count();
    let _ = writeln!(
        out,
        "往返核对「{}」:公布数字 {} 个可复现,一致 {matched} 个;未复现 {} 个。",
        table.profile,
        table.rows.len(),
        table.skipped.len()
    );
    let _ = writeln!(
        out,
        "指标\t公布值\t来源\t计算值\t报告读回\t计算一致\t读回一致"
    );
    for r in &table.rows {
        let back: Vec<String> = r.read_back.iter().map(|v| number(*v)).collect();
        let yes = |b: bool| if b { "是" } else { "否" };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.figure.key,
            show(&r.figure),
            r.source,
            r.computed.map_or_else(|| "—".to_owned(), number),
            if back.is_empty() {
                "—".to_owned()
            } else {
                back.join("、")
            },
            yes(r.computed_matches),
            yes(r.read_back_matches)
        );
    }
    for (f, reason) in &table.skipped {
        let _ = writeln!(out, "未复现\t{}\t{}\t{reason}", f.key, show(f));
    }
    out
}

fn number(v: f64) -> String {
    fazhi_indicators::fmt_number((v * 100.0).round() / 100.0)
}
