//! 往返核对 — the round trip of a calibrated demo: compute the city-year's indicators, draft its
//! annual report as Markdown, read the figures back with the report reader, and compare each
//! published figure with what was computed and what was read back.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Context;
use fazhi_indicators::Period;
use fazhi_report::{LargeCounts, Rendered};
use fazhi_store::ScopedStore;
use fazhi_text::Reader;

use crate::cmd::demo_records::profile::{Figure, Profile, figures};
use crate::cmd::demo_records::targets::{Calibration, show};

/// One published figure and what came back.
#[derive(Debug, Clone)]
pub struct Row {
    pub figure: Figure,
    pub source: &'static str,
    /// The engine's value (a signed change for 同比 keys).
    pub computed: Option<f64>,
    /// The values read back from the drafted report under the same key.
    pub read_back: Vec<f64>,
    /// The computed value gives the published figure.
    pub computed_matches: bool,
    /// The report, read back, states it under the same key.
    pub read_back_matches: bool,
}

impl Row {
    pub fn matches(&self) -> bool {
        self.computed_matches && self.read_back_matches
    }
}

/// 核对表 — every expected figure, and the figures left out with their reasons.
#[derive(Debug, Clone)]
pub struct RoundTrip {
    pub profile: String,
    pub rows: Vec<Row>,
    pub skipped: Vec<(Figure, String)>,
}

impl RoundTrip {
    pub fn all_match(&self) -> bool {
        self.rows.iter().all(Row::matches)
    }

    /// The table as printed by `fazhi demo --check`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let matched = self.rows.iter().filter(|r| r.matches()).count();
        let _ = writeln!(
            out,
            "往返核对「{}」:公布数字 {} 个可复现,一致 {matched} 个;未复现 {} 个。",
            self.profile,
            self.rows.len(),
            self.skipped.len()
        );
        let _ = writeln!(
            out,
            "指标\t公布值\t来源\t计算值\t报告读回\t计算一致\t读回一致"
        );
        for r in &self.rows {
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
        for (f, reason) in &self.skipped {
            let _ = writeln!(out, "未复现\t{}\t{}\t{reason}", f.key, show(f));
        }
        out
    }
}

fn number(v: f64) -> String {
    fazhi_indicators::fmt_number((v * 100.0).round() / 100.0)
}

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
    let mut read: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for f in figures(reader.catalog(), &reader.extract(&markdown)) {
        read.entry(f.key.clone()).or_default().push(f.signed());
    }
    let rows = calibration
        .expected
        .iter()
        .map(|e| {
            let computed = set.value(&e.figure.key);
            let read_back = read.get(&e.figure.key).cloned().unwrap_or_default();
            Row {
                figure: e.figure.clone(),
                source: e.source,
                computed,
                computed_matches: computed.is_some_and(|v| e.figure.accepts(v)),
                read_back_matches: read_back.iter().any(|v| e.figure.accepts(*v)),
                read_back,
            }
        })
        .collect();
    Ok(RoundTrip {
        profile: profile.name.clone(),
        rows,
        skipped: calibration
            .skipped
            .iter()
            .map(|s| (s.figure.clone(), s.reason.clone()))
            .collect(),
    })
}
