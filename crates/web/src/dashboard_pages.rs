//! 驾驶舱 — the city cockpit: main indicators with 同比 arrows, a monthly trend chart, the
//! sub-units side by side, warnings from the catalog relations and the deadline alerts; every
//! computed number links to the register list filtered to the records behind it. Also the
//! JSON API `GET /api/v1/indicators`.

use askama::Template;
use axum::Json;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Html;
use chrono::Datelike;
use fazhi_catalog::{IndicatorSet, IndicatorValue, YoyUnit};
use fazhi_domain::OrgId;
use fazhi_indicators::{Period, drill_down, fmt_number};
use fazhi_store::{IndicatorData, OrgRow, ScopedStore, StoreError};
use serde::Deserialize;

use crate::auth::{ApiUser, PageUser};
use crate::error::{ApiError, PageError};
use crate::filters;
use crate::home::{Choice, Layout, choices, today};

#[derive(Deserialize, Default)]
pub struct IndicatorQuery {
    #[serde(default)]
    org: String,
    /// The period as text (links, the API): 2024、2024H1、2024Q1 or 202403.
    #[serde(default)]
    period: String,
    /// The page's picker: a year with data …
    #[serde(default)]
    year: String,
    /// … and a part of it: empty (全年), H1/H2, Q1–Q4 or a month 01–12.
    #[serde(default)]
    part: String,
    #[serde(default)]
    trend: String,
    /// 含未审核数据: `1` counts the reported values of forms not yet approved.
    #[serde(default)]
    unapproved: String,
}

impl IndicatorQuery {
    fn unapproved(&self) -> bool {
        matches!(self.unapproved.as_str(), "1" | "true")
    }
}

/// The unit asked for, or the top of the caller's scope.
async fn chosen_org(store: &ScopedStore, code: &str) -> Result<OrgRow, StoreError> {
    if !code.trim().is_empty() {
        return store.get_org(code).await;
    }
    let orgs = store.list_orgs().await?;
    let ids: std::collections::HashSet<OrgId> = orgs.iter().map(|o| o.id).collect();
    orgs.into_iter()
        .find(|o| o.parent_id.is_none_or(|p| !ids.contains(&p)))
        .ok_or_else(|| StoreError::not_found("机构", "(数据范围内无机构)"))
}

/// The period asked for, or the latest year up to this one in which the unit has data.
pub(crate) fn chosen_period(
    data: &IndicatorData,
    org_id: OrgId,
    text: &str,
) -> Result<Period, String> {
    if !text.trim().is_empty() {
        return Period::parse(text).map_err(|e| e.to_string());
    }
    let this_year = today().year();
    Ok(Period::Year(
        data.latest_year_with_data(org_id, this_year)
            .unwrap_or(this_year),
    ))
}

/// The period of the page's picker (`year` and `part`), else of `period`, else the default.
fn picked_period(
    data: &IndicatorData,
    org_id: OrgId,
    q: &IndicatorQuery,
) -> Result<Period, String> {
    let year = q.year.trim();
    if year.is_empty() {
        return chosen_period(data, org_id, &q.period);
    }
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err("年度应为四位数年份".into());
    }
    Period::parse(&format!("{year}{}", q.part.trim())).map_err(|e| e.to_string())
}

/// 期间 choices within a year: 全年, the halves, the quarters, the months.
const PARTS: [(&str, &str); 19] = [
    ("", "全年"),
    ("H1", "上半年"),
    ("H2", "下半年"),
    ("Q1", "第一季度"),
    ("Q2", "第二季度"),
    ("Q3", "第三季度"),
    ("Q4", "第四季度"),
    ("01", "1月"),
    ("02", "2月"),
    ("03", "3月"),
    ("04", "4月"),
    ("05", "5月"),
    ("06", "6月"),
    ("07", "7月"),
    ("08", "8月"),
    ("09", "9月"),
    ("10", "10月"),
    ("11", "11月"),
    ("12", "12月"),
];

/// The `part` value of a period (see [`PARTS`]).
fn part_of(period: Period) -> String {
    match period {
        Period::Year(_) => String::new(),
        Period::Half(_, h) => format!("H{h}"),
        Period::Quarter(_, q) => format!("Q{q}"),
        Period::Month(_, m) => format!("{m:02}"),
    }
}

/// The years with data of the unit and the year shown, latest first, as select choices.
pub(crate) fn year_choices(data: &IndicatorData, org_id: OrgId, shown: i32) -> Vec<Choice> {
    let mut years = data.years_with_data(org_id);
    years.push(shown);
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    choices(
        years.into_iter().map(|y| (y, format!("{y}年"))),
        &shown.to_string(),
    )
}

/// The units as a tree for a select: depth-first under their parents, each label indented by
/// its depth with full-width spaces (which a browser keeps in an option, unlike ASCII ones);
/// `keep` chooses the units listed, the current one is always listed.
pub(crate) fn unit_tree_choices(
    orgs: Vec<OrgRow>,
    current: &str,
    keep: impl Fn(&OrgRow) -> bool,
) -> Vec<Choice> {
    crate::org_pages::flatten_tree(orgs)
        .into_iter()
        .filter(|n| n.org.code == current || keep(&n.org))
        .map(|n| Choice {
            selected: n.org.code == current,
            label: format!("{}{}", "\u{3000}".repeat(n.depth), n.org.name),
            value: n.org.code,
        })
        .collect()
}

/// 指标 — every indicator of the catalog for a unit (with its sub-units) and a period, with 同比.
#[utoipa::path(get, path = "/api/v1/indicators",
    params(("org" = Option<String>, Query, description = "机构代码(默认:数据范围的顶级机构)"),
           ("period" = Option<String>, Query, description = "2024、2024H1、2024Q1 或 202403"),
           ("unapproved" = Option<String>, Query, description = "1:含未审核数据(默认只采用审核通过的填报值)")),
    responses((status = 200, description = "IndicatorSet: {org, org_name, period, indicators: {key: {value, unit, numerator?, denominator?, yoy?}}, warnings}"),
              (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn api_indicators(
    user: ApiUser,
    Query(q): Query<IndicatorQuery>,
) -> Result<Json<IndicatorSet>, ApiError> {
    let org = chosen_org(&user.store, &q.org).await?;
    let data = user.store.indicator_data_with(q.unapproved()).await?;
    let period = chosen_period(&data, org.id, &q.period)
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e))?;
    Ok(Json(data.compute(org.id, period, true)))
}

/// One indicator card.
pub struct Card {
    pub name: String,
    pub value: String,
    pub unit: String,
    pub link: Option<String>,
    /// For rates: 分子/分母 with their links.
    pub parts: Vec<(String, String, Option<String>)>,
    /// ▲ / ▼ / ＝ with the change, e.g. ▲ 12.5%.
    pub yoy: Option<(String, String)>,
}

pub struct CompareRow {
    pub name: String,
    pub code: String,
    pub cells: Vec<(String, Option<String>)>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    org_name: String,
    org_code: String,
    period: String,
    period_label: String,
    /// The unit tree.
    orgs: Vec<Choice>,
    /// Years with data, latest first.
    years: Vec<Choice>,
    /// 全年, halves, quarters, months.
    parts: Vec<Choice>,
    trends: Vec<Choice>,
    cards: Vec<Card>,
    trend_svg: String,
    compare_headers: Vec<String>,
    compare_rows: Vec<CompareRow>,
    compare_svg: String,
    warnings: Vec<String>,
    overdue: i64,
    due_soon: i64,
    /// 含未审核数据.
    unapproved: bool,
}

/// A figure as read: thousands grouped (`1,530,501`, `65.22`).
fn figure(x: f64) -> String {
    fazhi_domain::numbers::thousands(&fmt_number(x))
}

fn shown(v: &IndicatorValue) -> String {
    v.value.map(figure).unwrap_or_else(|| "—".into())
}

fn arrow(v: &IndicatorValue) -> Option<(String, String)> {
    let y = v.yoy?;
    let unit = match y.unit {
        YoyUnit::Percent => "%",
        YoyUnit::Points => "个百分点",
    };
    let (sign, class) = if y.change > 0.0 {
        ("▲", "up")
    } else if y.change < 0.0 {
        ("▼", "down")
    } else {
        ("＝", "flat")
    };
    Some((
        format!(
            "{sign} {}{unit}(上年同期 {})",
            figure(y.change.abs()),
            figure(y.previous)
        ),
        class.to_owned(),
    ))
}

/// The cockpit shows core indicators and every register-computed one that has data.
fn card_keys(data: &IndicatorData, set: &IndicatorSet) -> Vec<String> {
    data.catalog
        .indicators()
        .iter()
        .filter(|i| !i.is_yoy())
        .filter(|i| set.value(&i.key).is_some())
        .filter(|i| {
            i.core
                || data.plan.locate(&i.key).is_some()
                || i.numerator
                    .as_ref()
                    .is_some_and(|n| data.plan.locate(n).is_some())
        })
        .map(|i| i.key.clone())
        .collect()
}

fn card(data: &IndicatorData, set: &IndicatorSet, key: &str, period: Period) -> Option<Card> {
    let ind = data.catalog.get(key)?;
    let v = set.indicators.get(key)?;
    let link = |k: &str| drill_down(data.plan, k, &set.org, period);
    let mut parts = Vec::new();
    if let (Some(n), Some(d)) = (&ind.numerator, &ind.denominator) {
        for (k, x) in [(n, v.numerator), (d, v.denominator)] {
            let name = data
                .catalog
                .get(k)
                .map(|i| i.name.clone())
                .unwrap_or_default();
            parts.push((name, x.map(figure).unwrap_or_else(|| "—".into()), link(k)));
        }
    }
    Some(Card {
        name: ind.name.clone(),
        value: shown(v),
        unit: ind.unit.clone(),
        link: link(key),
        parts,
        yoy: arrow(v),
    })
}

pub async fn page(
    user: PageUser,
    Query(q): Query<IndicatorQuery>,
) -> Result<Html<String>, PageError> {
    let org = chosen_org(&user.store, &q.org).await?;
    let data = user.store.indicator_data_with(q.unapproved()).await?;
    let period =
        picked_period(&data, org.id, &q).map_err(|e| PageError::new(StatusCode::BAD_REQUEST, e))?;
    let set = data.compute(org.id, period, true);
    let keys = card_keys(&data, &set);
    let cards: Vec<Card> = keys
        .iter()
        .filter_map(|k| card(&data, &set, k, period))
        .collect();

    let trend_key = Some(q.trend.trim())
        .filter(|k| keys.iter().any(|c| c == k))
        .map(str::to_owned)
        .or_else(|| keys.iter().find(|k| data.plan.locate(k).is_some()).cloned())
        .unwrap_or_else(|| "mediation.cases".into());
    let trend_svg = trend_chart(&data, org.id, period.year(), &trend_key);
    let (compare_headers, compare_rows, compare_svg) =
        comparison(&data, org.id, period, &keys, &trend_key);

    let today = today();
    let soon = user.store.working_days_after(today, 5).unwrap_or(today);
    // The unit's own subtree: a county's cockpit shows the county's clocks.
    let alerts = user
        .store
        .deadline_alerts(today, soon, Some(&org.code))
        .await?;
    let mut warnings: Vec<String> = set.warnings.iter().map(|w| w.message.clone()).collect();
    warnings.sort();
    let orgs = user.store.list_orgs().await?;
    let name_of = |k: &String| {
        data.catalog
            .get(k)
            .map(|i| i.name.clone())
            .unwrap_or_default()
    };
    let view = DashboardPage {
        layout: Layout::new(&user, "dashboard"),
        org_name: org.name.clone(),
        org_code: org.code.clone(),
        period: period.to_string(),
        period_label: period.label(),
        orgs: unit_tree_choices(orgs, &org.code, |_| true),
        years: year_choices(&data, org.id, period.year()),
        parts: choices(PARTS, &part_of(period)),
        trends: choices(
            keys.iter()
                .filter(|k| data.plan.locate(k).is_some())
                .map(|k| (k.clone(), name_of(k))),
            &trend_key,
        ),
        cards,
        trend_svg,
        compare_headers,
        compare_rows,
        compare_svg,
        warnings,
        overdue: alerts.iter().map(|a| a.overdue).sum(),
        due_soon: alerts.iter().map(|a| a.due_soon).sum(),
        unapproved: q.unapproved(),
    };
    Ok(Html(view.render()?))
}

/// Months of the year against the previous year's.
fn trend_chart(data: &IndicatorData, org_id: OrgId, year: i32, key: &str) -> String {
    let ind = data.catalog.get(key);
    let series = [year, year - 1]
        .iter()
        .map(|&y| fazhi_chart::Series {
            name: format!("{y}年"),
            values: (1..=12)
                .map(|m| {
                    data.values_of(org_id, Period::Month(y, m), &[key])
                        .into_iter()
                        .next()
                        .flatten()
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    let labels: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    fazhi_chart::trend(
        &labels,
        &series,
        &fazhi_chart::ChartOptions {
            title: format!("{}(按月)", ind.map(|i| i.name.as_str()).unwrap_or(key)),
            unit: ind.map(|i| i.unit.clone()).unwrap_or_default(),
            ..Default::default()
        },
    )
}

/// The direct sub-units side by side (first eight cockpit indicators) and a column chart.
fn comparison(
    data: &IndicatorData,
    org_id: OrgId,
    period: Period,
    keys: &[String],
    chart_key: &str,
) -> (Vec<String>, Vec<CompareRow>, String) {
    let shown_keys: Vec<&String> = keys.iter().take(8).collect();
    let headers = shown_keys
        .iter()
        .filter_map(|k| {
            data.catalog
                .get(k)
                .map(|i| format!("{}({})", i.name, i.unit))
        })
        .collect();
    let mut bars = Vec::new();
    let rows = data
        .tree
        .children_on(org_id, period.last_day())
        .into_iter()
        .map(|child| {
            // The shown keys, then the chart's.
            let wanted: Vec<&str> = shown_keys
                .iter()
                .map(|k| k.as_str())
                .chain([chart_key])
                .collect();
            let mut values = data.values_of(child.org_id, period, &wanted);
            bars.push((child.name.clone(), values.pop().flatten()));
            CompareRow {
                name: child.name.clone(),
                code: child.code.clone(),
                cells: shown_keys
                    .iter()
                    .zip(values)
                    .map(|(k, v)| {
                        (
                            v.map_or_else(|| "—".into(), figure),
                            drill_down(data.plan, k, &child.code, period),
                        )
                    })
                    .collect(),
            }
        })
        .collect::<Vec<_>>();
    let ind = data.catalog.get(chart_key);
    let svg = if bars.is_empty() {
        String::new()
    } else {
        fazhi_chart::bars(
            &bars,
            &fazhi_chart::ChartOptions {
                title: format!(
                    "{}(下级单位)",
                    ind.map(|i| i.name.as_str()).unwrap_or(chart_key)
                ),
                unit: ind.map(|i| i.unit.clone()).unwrap_or_default(),
                ..Default::default()
            },
        )
    };
    (headers, rows, svg)
}
