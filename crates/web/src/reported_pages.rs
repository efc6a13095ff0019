//! 填报值页面 — `/reported`: view and enter the reported values (填报值) of a unit and period;
//! a file of them is imported on the import page.

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use fazhi_catalog::{Catalog, Kind};
use fazhi_store::{ImportOptions, ReportedInput};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::{Choice, Layout, choices};
use crate::register_pages::form_values;

#[derive(Deserialize, Default)]
pub struct ReportedQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    msg: String,
}

pub struct ReportedLine {
    pub key: String,
    pub name: String,
    pub unit: String,
    pub value: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "reported.html")]
struct ReportedPage {
    layout: Layout,
    orgs: Vec<Choice>,
    org: String,
    period: String,
    lines: Vec<ReportedLine>,
    can_write: bool,
    message: String,
    error: String,
}

async fn reported_page(
    user: &PageUser,
    org: &str,
    period: &str,
) -> Result<ReportedPage, PageError> {
    let orgs = user.store.list_orgs().await?;
    let org = if org.is_empty() {
        orgs.first().map(|o| o.code.clone()).unwrap_or_default()
    } else {
        org.to_owned()
    };
    let period = fazhi_store::parse_period(period)
        .unwrap_or_else(|_| crate::home::today().format("%Y").to_string());
    let stored = user
        .store
        .list_reported_values(Some(&org), Some(&period))
        .await?;
    let catalog = Catalog::embedded()
        .map_err(|e| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let lines = catalog
        .indicators()
        .iter()
        .filter(|i| i.kind == Kind::Reported)
        .map(|i| {
            let found = stored.iter().find(|s| s.indicator_key == i.key);
            ReportedLine {
                key: i.key.clone(),
                name: i.name.clone(),
                unit: i.unit.clone(),
                value: found.map(|s| s.value.to_string()).unwrap_or_default(),
                note: found.and_then(|s| s.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(ReportedPage {
        layout: Layout::new(user, "reported"),
        orgs: choices(orgs.into_iter().map(|o| (o.code, o.name)), &org),
        org,
        period,
        lines,
        can_write: user.session.principal.role.can_write_records(),
        message: String::new(),
        error: String::new(),
    })
}

/// GET /reported?org=&period=
pub async fn reported(
    user: PageUser,
    Query(query): Query<ReportedQuery>,
) -> Result<Html<String>, PageError> {
    let mut view = reported_page(&user, &query.org, &query.period).await?;
    view.message = query.msg;
    Ok(Html(view.render()?))
}

/// POST /reported — the values of the form (`value.<key>`, `note.<key>`) for one unit and period.
pub async fn save_reported(user: PageUser, body: axum::body::Bytes) -> Result<Response, PageError> {
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let org = values.get("org").cloned().unwrap_or_default();
    let period = values.get("period").cloned().unwrap_or_default();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in &values {
        let Some(key) = name.strip_prefix("value.") else {
            continue;
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match text.replace([',', '，'], "").parse::<f64>() {
            Ok(value) if value.is_finite() => rows.push(ReportedInput {
                line: 0,
                org_code: None,
                period: period.clone(),
                indicator_key: key.to_owned(),
                value,
                note: values
                    .get(&format!("note.{key}"))
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty()),
                qualifier: None,
            }),
            _ => problems.push(format!("「{key}」的值「{text}」应为数字")),
        }
    }
    let catalog = Catalog::embedded()
        .map_err(|e| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    problems.extend(
        rows.iter()
            .filter(|r| !catalog.contains(&r.indicator_key))
            .map(|r| format!("「{}」不是指标目录中的指标", r.indicator_key)),
    );
    if problems.is_empty() {
        let options = ImportOptions {
            default_org: Some(org.clone()),
            ..ImportOptions::default()
        };
        let outcome = user.store.save_reported_values(rows, &options).await?;
        if outcome.problem_count == 0 {
            let msg = format!(
                "已保存:新增 {},更新 {},未变 {}",
                outcome.created, outcome.updated, outcome.unchanged
            );
            let location = format!(
                "/reported?org={}&period={}&msg={}",
                enc(&org),
                enc(&fazhi_store::parse_period(&period).unwrap_or(period.clone())),
                enc(&msg)
            );
            return Ok(axum::response::Redirect::to(&location).into_response());
        }
        problems.extend(
            outcome
                .problems
                .iter()
                .map(|p| format!("「{}」{}", p.value, p.message)),
        );
    }
    let mut view = reported_page(&user, &org, &period).await?;
    view.error = format!("未保存任何数值:{}", problems.join(";"));
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
}

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
