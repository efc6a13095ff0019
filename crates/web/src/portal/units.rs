//! 行政执法公示 — the units, and one unit's published enforcement decisions counted by kind and
//! year with its 双公示 decisions public today.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use fazhi_store::portal::{DecisionQuery, PublicUnit};

use super::decisions::Listed;
use super::{PortalError, render};
use crate::AppState;

/// The unit kinds in the order the list shows them, with their headings.
const GROUPS: &[(&str, &[&str])] = &[
    ("人民政府", &["province", "city", "county"]),
    ("政府工作部门", &["department"]),
    ("乡镇人民政府、街道办事处", &["township"]),
    ("其他机构", &["office"]),
];

#[derive(Template)]
#[template(path = "portal/units.html")]
struct UnitsPage {
    active: &'static str,
    groups: Vec<(&'static str, Vec<PublicUnit>)>,
}

/// `/gongshi/units`.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PortalError> {
    let units = state.store.public_units().await?;
    let groups = GROUPS
        .iter()
        .map(|(heading, kinds)| {
            let members: Vec<PublicUnit> = units
                .iter()
                .filter(|u| kinds.contains(&u.kind.as_str()))
                .cloned()
                .collect();
            (*heading, members)
        })
        .filter(|(_, members)| !members.is_empty())
        .collect();
    render(
        &headers,
        &UnitsPage {
            active: "units",
            groups,
        },
        300,
    )
}

#[derive(Template)]
#[template(path = "portal/unit.html")]
struct UnitPage {
    active: &'static str,
    /// The unit's decisions in the search (none when it has no public decision).
    search_link: String,
    name: String,
    kinds: Vec<&'static str>,
    /// Year, the count of each kind, the year's total.
    years: Vec<(i32, Vec<i64>, i64)>,
    summary: String,
    items: Vec<Listed>,
}

/// `/gongshi/units/{code}`.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, PortalError> {
    let unknown = || PortalError::not_found("没有这个单位");
    if code.len() > 40 {
        return Err(unknown());
    }
    let units = state.store.public_units().await?;
    let unit = units
        .into_iter()
        .find(|u| u.code == code)
        .ok_or_else(unknown)?;
    let counts = state
        .store
        .public_enforcement_counts(&code)
        .await?
        .ok_or_else(unknown)?;
    let mut kinds: Vec<&'static str> = Vec::new();
    for c in counts.iter() {
        if !kinds.contains(&c.kind) {
            kinds.push(c.kind);
        }
    }
    let mut years: Vec<(i32, Vec<i64>, i64)> = Vec::new();
    for c in counts.iter() {
        if years.last().is_none_or(|y| y.0 != c.year) {
            years.push((c.year, vec![0; kinds.len()], 0));
        }
        if let (Some(year), Some(column)) =
            (years.last_mut(), kinds.iter().position(|k| *k == c.kind))
        {
            year.1[column] += c.count;
            year.2 += c.count;
        }
    }
    let found = state
        .store
        .public_decisions(&DecisionQuery {
            org: Some(code.clone()),
            limit: 20,
            ..DecisionQuery::default()
        })
        .await?;
    let summary = match (found.total, found.capped) {
        (0, _) => "暂无公示中的决定".to_owned(),
        (n, false) => format!("公示中 {n} 条,以下为最新 {} 条", found.items.len()),
        (n, true) => format!("公示中超过 {n} 条,以下为最新 {} 条", found.items.len()),
    };
    let page = UnitPage {
        active: "units",
        search_link: if found.total > 0 {
            format!("/gongshi/decisions?org={code}")
        } else {
            String::new()
        },
        name: unit.name,
        kinds,
        years,
        summary,
        items: found.items.iter().map(|d| Listed::of(d)).collect(),
    };
    render(&headers, &page, 300)
}
