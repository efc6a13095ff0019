//! 预警 — per unit and register: open statutory clocks overdue or due soon, each count linking
//! to the register list filtered to those records.

use askama::Template;
use axum::extract::Query;
use axum::response::Html;
use fazhi_domain::register::by_key;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::Layout;
use crate::home::today;

#[derive(Deserialize, Default)]
pub struct AlertQuery {
    within: Option<u32>,
}

pub struct AlertLine {
    pub org_code: String,
    pub org_name: String,
    pub register: String,
    pub register_label: &'static str,
    pub label: String,
    pub overdue: i64,
    pub due_soon: i64,
}

#[derive(Template)]
#[template(path = "alerts.html")]
struct AlertsPage {
    layout: Layout,
    lines: Vec<AlertLine>,
    within: u32,
    today: chrono::NaiveDate,
    soon_until: Option<chrono::NaiveDate>,
    total_overdue: i64,
    total_soon: i64,
}

pub async fn page(user: PageUser, Query(q): Query<AlertQuery>) -> Result<Html<String>, PageError> {
    let within = q.within.unwrap_or(5).clamp(1, 60);
    let today = today();
    let soon_until = user.store.working_days_after(today, within);
    let rows = user
        .store
        .deadline_alerts(today, soon_until.unwrap_or(today))
        .await?;
    let lines: Vec<AlertLine> = rows
        .into_iter()
        .map(|r| AlertLine {
            register_label: by_key(&r.register).map(|d| d.label).unwrap_or("其他"),
            org_code: r.org_code,
            org_name: r.org_name,
            register: r.register,
            label: r.label,
            overdue: r.overdue,
            due_soon: r.due_soon,
        })
        .collect();
    let page = AlertsPage {
        layout: Layout::new(&user, "alerts"),
        total_overdue: lines.iter().map(|l| l.overdue).sum(),
        total_soon: lines.iter().map(|l| l.due_soon).sum(),
        lines,
        within,
        today,
        soon_until,
    };
    Ok(Html(page.render()?))
}
