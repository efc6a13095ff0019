//! 静态资源 — the stylesheet, compiled into the binary (no CDN, no remote fonts).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

const APP_CSS: &str = include_str!("../static/app.css");

pub async fn file(Path(name): Path<String>) -> impl IntoResponse {
    match name.as_str() {
        "app.css" => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            APP_CSS,
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
