//! 图表 — small server-rendered SVG charts: column charts and monthly trends with Chinese
//! labels. Pure strings: no JavaScript, no fonts or files fetched, a `viewBox` so they scale
//! and print, the same output for the dashboards and the annual report.

use std::fmt::Write;

/// Size, title and unit of a chart.
#[derive(Debug, Clone)]
pub struct ChartOptions {
    pub title: String,
    /// Unit shown after values (件, %, 元 …).
    pub unit: String,
    pub width: u32,
    pub height: u32,
}

impl Default for ChartOptions {
    fn default() -> Self {
        Self {
            title: String::new(),
            unit: String::new(),
            width: 640,
            height: 260,
        }
    }
}

/// One line of a trend chart; `None` points are gaps (no data), never drawn as 0.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

const PALETTE: [&str; 4] = ["#1f5fa8", "#c0392b", "#2e8b57", "#8e6c00"];
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 40.0;

/// Escapes text for SVG/XML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A number for a label: integers plain, others with up to 2 decimals.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A round upper bound for the axis (1, 2, 5 × 10ⁿ).
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&v| v >= max)
        .unwrap_or(10.0 * magnitude)
}

fn open(svg: &mut String, opts: &ChartOptions, label: &str) {
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{l}" font-family="sans-serif" font-size="12">"#,
        w = opts.width,
        h = opts.height,
        l = escape(label)
    );
    let _ = write!(svg, "<title>{}</title>", escape(label));
    if !opts.title.is_empty() {
        let _ = write!(
            svg,
            r#"<text x="{}" y="18" font-size="14" font-weight="bold">{}</text>"#,
            LEFT,
            escape(&opts.title)
        );
    }
}

/// Horizontal grid lines with axis labels; returns the y of a value.
fn axis(svg: &mut String, opts: &ChartOptions, max: f64) -> impl Fn(f64) -> f64 + use<> {
    let (h, w) = (f64::from(opts.height), f64::from(opts.width));
    let plot_h = h - TOP - BOTTOM;
    for i in 0..=4 {
        let v = max * f64::from(i) / 4.0;
        let y = TOP + plot_h - plot_h * f64::from(i) / 4.0;
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#555">{}</text>"##,
            w - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            escape(&number(v))
        );
    }
    move |v: f64| TOP + plot_h - plot_h * (v / max).clamp(0.0, 1.0)
}

/// 柱状图 — one column per (label, value); `None` values leave an empty slot marked 无数据.
pub fn bars(items: &[(String, Option<f64>)], opts: &ChartOptions) -> String {
    let mut svg = String::new();
    open(
        &mut svg,
        opts,
        &format!("{}(单位:{})", opts.title, opts.unit),
    );
    let max = nice_max(items.iter().filter_map(|(_, v)| *v).fold(0.0, f64::max));
    let y_of = axis(&mut svg, opts, max);
    let plot_w = f64::from(opts.width) - LEFT - RIGHT;
    let slot = plot_w / items.len().max(1) as f64;
    let base = y_of(0.0);
    for (i, (label, value)) in items.iter().enumerate() {
        let x = LEFT + slot * i as f64;
        let cx = x + slot / 2.0;
        match value {
            Some(v) => {
                let y = y_of(*v);
                let _ = write!(
                    svg,
                    r#"<rect x="{:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}:{}{}</title></rect><text x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                    x + slot * 0.15,
                    slot * 0.7,
                    (base - y).max(0.0),
                    PALETTE[0],
                    escape(label),
                    escape(&number(*v)),
                    escape(&opts.unit),
                    y - 4.0,
                    escape(&number(*v))
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r##"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#999">无数据</text>"##,
                    base - 4.0
                );
            }
        }
        let _ = write!(
            svg,
            r#"<text x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            base + 16.0,
            escape(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// 趋势图 — lines over labelled steps (e.g. 1月 … 12月), one per series, with a legend.
pub fn trend(labels: &[String], series: &[Series], opts: &ChartOptions) -> String {
    let mut svg = String::new();
    open(
        &mut svg,
        opts,
        &format!("{}(单位:{})", opts.title, opts.unit),
    );
    let max = nice_max(
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .fold(0.0, |a, &b| f64::max(a, b)),
    );
    let y_of = axis(&mut svg, opts, max);
    let plot_w = f64::from(opts.width) - LEFT - RIGHT;
    let step = plot_w / labels.len().max(1) as f64;
    let x_of = |i: usize| LEFT + step * (i as f64 + 0.5);
    let base = y_of(0.0);
    for (i, label) in labels.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x_of(i),
            base + 16.0,
            escape(label)
        );
    }
    for (k, s) in series.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        // Gaps split the line: a missing month is not a zero.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => runs
                    .last_mut()
                    .map(|r| r.push((x_of(i), y_of(*v))))
                    .unwrap_or(()),
                None => runs.push(Vec::new()),
            }
        }
        for run in runs.iter().filter(|r| r.len() > 1) {
            let points: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
            let _ = write!(
                svg,
                r#"<polyline fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
                points.join(" ")
            );
        }
        for (i, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    svg,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{colour}"><title>{} {}:{}{}</title></circle>"#,
                    x_of(i),
                    y_of(*v),
                    escape(&s.name),
                    escape(labels.get(i).map(String::as_str).unwrap_or("")),
                    escape(&number(*v)),
                    escape(&opts.unit)
                );
            }
        }
        let lx = f64::from(opts.width) - RIGHT - 110.0 * (series.len() - k) as f64;
        let _ = write!(
            svg,
            r#"<rect x="{lx:.1}" y="8" width="12" height="12" fill="{colour}"/><text x="{:.1}" y="18">{}</text>"#,
            lx + 16.0,
            escape(&s.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_a_round_axis_and_escape_labels() {
        let svg = bars(
            &[
                ("钟山区".into(), Some(50.0)),
                ("<六枝>".into(), Some(100.0)),
                ("盘州市".into(), None),
            ],
            &ChartOptions {
                title: "调解案件".into(),
                unit: "件".into(),
                ..ChartOptions::default()
            },
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("viewBox=\"0 0 640 260\""));
        assert!(svg.contains("&lt;六枝&gt;") && !svg.contains("<六枝>"));
        assert_eq!(svg.matches("<rect").count(), 2, "no bar for missing data");
        assert!(svg.contains("无数据"));
        assert!(!svg.contains("<script"));
        // The 100 bar reaches the top of the plot (axis max 100), the 50 bar half-way.
        assert!(svg.contains(&format!("y=\"{TOP:.1}\"")));
    }

    #[test]
    fn trend_breaks_lines_at_missing_months() {
        let labels: Vec<String> = (1..=4).map(|m| format!("{m}月")).collect();
        let svg = trend(
            &labels,
            &[Series {
                name: "2024年".into(),
                values: vec![Some(1.0), Some(2.0), None, Some(4.0)],
            }],
            &ChartOptions::default(),
        );
        assert_eq!(svg.matches("<polyline").count(), 1, "one run of two points");
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("4月"));
    }

    #[test]
    fn nice_axis_bounds() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(120.0), 200.0);
        assert_eq!(nice_max(97.6), 100.0);
        assert_eq!(number(97.60), "97.6");
        assert_eq!(number(3.0), "3");
    }
}
