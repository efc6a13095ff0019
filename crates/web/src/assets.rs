//! 静态资源 — the stylesheet, compiled into the binary (no CDN, no remote fonts).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

const APP_CSS: &str = include_str!("../static/app.css");
/// The public portal's stylesheet (`/gongshi/`).
const PORTAL_CSS: &str = include_str!("../static/portal.css");

pub async fn file(Path(name): Path<String>) -> impl IntoResponse {
    let css = match name.as_str() {
        "app.css" => Some(APP_CSS),
        "portal.css" => Some(PORTAL_CSS),
        _ => None,
    };
    match css {
        Some(css) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            css,
        ),
        _ => (
            StatusCode::NOT_FOUND,
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            "未找到",
        ),
    }
}
