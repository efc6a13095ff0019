//! The one place where errors become HTTP responses: JSON for the API, a page for people.
//! Internal errors are logged and shown only as a generic message.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use fazhi_domain::DomainError;
use fazhi_store::StoreError;
use serde::Serialize;

/// An error on an API route.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub field: Option<&'static str>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// 中文错误说明
    pub error: String,
    /// 出错的字段(中文名)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            field: None,
        }
    }
}

/// Status and public message of a store error (logs internal ones).
pub fn classify(err: &StoreError) -> (StatusCode, String, Option<&'static str>) {
    match err {
        StoreError::NotFound { .. } => (StatusCode::NOT_FOUND, err.to_string(), None),
        StoreError::Conflict(_) => (StatusCode::CONFLICT, err.to_string(), None),
        StoreError::Invalid(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            err.to_string(),
            Some(e.field()),
        ),
        StoreError::Forbidden(_) => (StatusCode::FORBIDDEN, err.to_string(), None),
        StoreError::Database(detail) => {
            tracing::error!(%detail, "database error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "服务器内部错误,请稍后重试或联系管理员".to_owned(),
                None,
            )
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        let (status, message, field) = classify(&err);
        Self {
            status,
            message,
            field,
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(err: DomainError) -> Self {
        StoreError::Invalid(err).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.message,
            field: self.field,
        };
        (self.status, Json(body)).into_response()
    }
}

/// An error on a page route: rendered as a Chinese error page.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub message: String,
}

impl PageError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

impl From<StoreError> for PageError {
    fn from(err: StoreError) -> Self {
        let (status, message, _) = classify(&err);
        Self { status, message }
    }
}

impl From<askama::Error> for PageError {
    fn from(err: askama::Error) -> Self {
        tracing::error!(%err, "template error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "页面生成失败")
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = match self.status {
            StatusCode::NOT_FOUND => "未找到",
            StatusCode::FORBIDDEN => "无权访问",
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => "输入有误",
            StatusCode::CONFLICT => "操作冲突",
            _ => "出错了",
        };
        let body = format!(
            "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title>\
             <link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main class=\"narrow\">\
             <h1>{title}</h1><p class=\"error\">{}</p><p>可用浏览器的「后退」返回上一页,或回到<a href=\"/\">首页</a>。</p></main></body></html>",
            escape_html(&self.message)
        );
        (self.status, Html(body)).into_response()
    }
}

/// Escapes text for HTML element content and attribute values.
pub use fazhi_chart::escape as escape_html;
