//! 年度报告 — the published reports by year, each as a page and as its Word file: the snapshot
//! taken when it was published, with a strong ETag.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use fazhi_store::portal::PublishedReportRow;

use super::{PortalError, cached, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "portal/reports.html")]
struct ReportsPage {
    active: &'static str,
    years: Vec<(i32, Vec<PublishedReportRow>)>,
}

/// `/gongshi/reports`.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PortalError> {
    let mut years: Vec<(i32, Vec<PublishedReportRow>)> = Vec::new();
    for report in state.store.published_reports().await? {
        match years.last_mut() {
            Some((year, rows)) if *year == report.year => rows.push(report),
            _ => years.push((report.year, vec![report])),
        }
    }
    render(
        &headers,
        &ReportsPage {
            active: "reports",
            years,
        },
        300,
    )
}

#[derive(Template)]
#[template(path = "portal/report.html")]
struct ReportPage {
    active: &'static str,
    id: i64,
    title: String,
    org_name: String,
    published_on: String,
    html: String,
}

async fn find(
    state: &AppState,
    id: &str,
) -> Result<fazhi_store::portal::PublishedReport, PortalError> {
    let missing = || PortalError::not_found("没有这份已发布的报告");
    let id: i64 = id.parse().map_err(|_| missing())?;
    state.store.published_report(id).await?.ok_or_else(missing)
}

/// `/gongshi/reports/{id}`.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PortalError> {
    let report = find(&state, &id).await?;
    let page = ReportPage {
        active: "reports",
        id: report.id,
        title: report.title,
        org_name: report.org_name,
        published_on: report.published_on,
        html: report.html,
    };
    render(&headers, &page, 3600)
}

/// `/gongshi/reports/{id}/docx`.
pub async fn docx(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PortalError> {
    let report = find(&state, &id).await?;
    let name = format!("{}-{}年度报告.docx", report.org_code, report.year);
    let disposition = format!(
        "attachment; filename=\"report.docx\"; filename*=UTF-8''{}",
        form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
    );
    let file = (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    .to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        report.docx,
    );
    cached(&headers, &format!("\"{}\"", report.etag), 3600, file)
}
