//! 公示平台 — the public portal under `/gongshi/`: 双公示 search and decision pages, each unit's
//! 行政执法公示, and the published annual reports. No login, read-only, its own pages and
//! stylesheet; no handler here takes a session or reads a cookie, and every read goes through
//! the store's public reads (`Store::public_*`), which hold public columns only.
//! Responses carry cache headers (ETag where the content is a stable document); each client
//! address gets [`PortalRate`] requests a minute, then a Chinese 429 page.

mod decisions;
mod query;
mod rate_limit;
mod reports;
mod units;

use std::hash::{Hash, Hasher};

use askama::Template;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use fazhi_store::StoreError;

pub use rate_limit::PortalRate;

use crate::AppState;

/// The portal's routes, nested under `/gongshi`.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(decisions::home))
        .route("/decisions", get(decisions::search))
        .route("/decisions.csv", get(decisions::csv))
        .route("/decisions/{id}", get(decisions::page))
        .route("/units", get(units::list))
        .route("/units/{code}", get(units::page))
        .route("/reports", get(reports::list))
        .route("/reports/{id}", get(reports::page))
        .route("/reports/{id}/docx", get(reports::docx))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::limit,
        ))
}

async fn not_found() -> PortalError {
    PortalError::not_found("没有这个页面,请从公示平台首页进入。")
}

/// `/gongshi/` itself (a nested router does not see the trailing slash), rate-limited like the
/// rest.
pub fn home_route(state: &AppState) -> axum::routing::MethodRouter<AppState> {
    get(decisions::home).layer(axum::middleware::from_fn_with_state(
        state.clone(),
        rate_limit::limit,
    ))
}

#[derive(Template)]
#[template(path = "portal/error.html")]
struct ErrorPage<'a> {
    active: &'a str,
    heading: &'a str,
    message: &'a str,
}

/// An error shown to the public: a Chinese page with its status.
#[derive(Debug)]
pub struct PortalError {
    status: StatusCode,
    message: String,
}

impl PortalError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl From<StoreError> for PortalError {
    fn from(err: StoreError) -> Self {
        let (status, message, _) = crate::error::classify(&err);
        Self { status, message }
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        let heading = match self.status {
            StatusCode::NOT_FOUND => "未找到",
            StatusCode::TOO_MANY_REQUESTS => "访问过于频繁",
            s if s.is_client_error() => "查询条件有误",
            _ => "暂时无法访问",
        };
        let page = ErrorPage {
            active: "",
            heading,
            message: &self.message,
        };
        let body = page
            .render()
            .unwrap_or_else(|_| format!("<p>{}</p>", self.message));
        let mut response = (self.status, Html(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// A rendered page, cached by browsers and proxies for `max_age` seconds, with an ETag of its
/// body; `304 Not Modified` when the client already holds it.
pub fn cached_page(
    request: &HeaderMap,
    body: String,
    max_age: u32,
) -> Result<Response, PortalError> {
    let etag = etag_of(body.as_bytes());
    cached(request, &etag, max_age, Html(body))
}

/// A weak hash of the content as a quoted ETag (a cache validator, not a security check).
pub fn etag_of(content: &[u8]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    content.hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

/// `content` with `etag` and `Cache-Control: public, max-age`, or 304 when it matches.
pub fn cached(
    request: &HeaderMap,
    etag: &str,
    max_age: u32,
    content: impl IntoResponse,
) -> Result<Response, PortalError> {
    let control = HeaderValue::from_str(&format!("public, max-age={max_age}"))
        .map_err(|_| PortalError::bad_request("缓存设置无效"))?;
    let tag = HeaderValue::from_str(etag).map_err(|_| PortalError::bad_request("缓存标记无效"))?;
    let matches = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        content.into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, control);
    headers.insert(header::ETAG, tag);
    Ok(response)
}

/// Renders a template into a page cached for `max_age` seconds.
pub fn render(
    request: &HeaderMap,
    page: &impl Template,
    max_age: u32,
) -> Result<Response, PortalError> {
    let body = page.render().map_err(|e| {
        tracing::error!(error = %e, "portal template");
        PortalError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "页面生成失败,请稍后重试".into(),
        }
    })?;
    cached_page(request, body, max_age)
}
