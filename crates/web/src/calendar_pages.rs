//! 工作日历 — which years the official calendar covers, and the admin form that loads a new
//! year's 放假调休 notice (re-evaluating every open statutory clock).

use askama::Template;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_store::StoreError;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::{Flash, Layout};
use crate::register_pages::form_values;

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    layout: Layout,
    years: Vec<i32>,
    can_load: bool,
    notice: String,
    error: String,
    message: String,
}

async fn render(
    user: &PageUser,
    notice: String,
    error: String,
    message: String,
) -> Result<Html<String>, PageError> {
    let page = CalendarPage {
        layout: Layout::new(user, "calendar"),
        years: user.store.calendar_years(),
        can_load: user.session.principal.role.can_manage_orgs()
            && user.session.principal.scope == fazhi_domain::account::ScopeKind::All,
        notice,
        error,
        message,
    };
    Ok(Html(page.render()?))
}

pub async fn page(
    user: PageUser,
    axum::extract::Query(flash): axum::extract::Query<Flash>,
) -> Result<Html<String>, PageError> {
    render(&user, String::new(), String::new(), flash.msg).await
}

pub async fn load(user: PageUser, body: Bytes) -> Result<Response, PageError> {
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let notice = values.get("notice").cloned().unwrap_or_default();
    match user.store.load_calendar_notice(&notice).await {
        Ok((years, count)) => {
            let years: Vec<String> = years.iter().map(i32::to_string).collect();
            let msg = format!(
                "已载入{}年放假安排,重新计算未办结法定期限{count}项",
                years.join("、")
            );
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("msg", &msg)
                .finish();
            Ok(Redirect::to(&format!("/calendar?{query}")).into_response())
        }
        Err(StoreError::Invalid(e)) => {
            let html = render(&user, notice, e.to_string(), String::new()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
