//! 预警 — per unit and register: the records whose statutory clocks are overdue or due soon,
//! each count linking to the register list of exactly those records (the unit's own, with the
//! same deadline filter), so that a figure and its list always agree.

use askama::Template;
use axum::extract::Query;
use axum::response::Html;
use fazhi_domain::register::by_key;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::filters;
use crate::home::Layout;
use crate::home::today;

#[derive(Deserialize, Default)]
pub struct AlertQuery {
    within: Option<u32>,
    /// A unit's code: its subtree only (the link of a unit's cockpit).
    #[serde(default)]
    org: String,
}

pub struct AlertLine {
    pub org_code: String,
    pub org_name: String,
    pub register: String,
    pub register_label: &'static str,
    pub overdue: i64,
    pub due_soon: i64,
}

#[derive(Template)]
#[template(path = "alerts.html")]
struct AlertsPage {
    layout: Layout,
    lines: Vec<AlertLine>,
    within: u32,
    /// The unit whose subtree is shown, when not the caller's whole scope: (code, name).
    under: Option<(String, String)>,
    today: chrono::NaiveDate,
    soon_until: Option<chrono::NaiveDate>,
    total_overdue: i64,
    total_soon: i64,
    /// Records whose earliest open due date is provisional (暂估), and the first year without
    /// a loaded holiday notice.
    provisional: Option<(i64, i32)>,
    /// The same records by register: (register key, its Chinese name, records), each opening
    /// its list (`due=provisional`).
    provisional_lists: Vec<(String, &'static str, i64)>,
    /// From October on, next year's notice when it is not loaded: (year, whether this user may
    /// load it).
    notice_due: Option<(i32, bool)>,
    /// The caller may send a 督办函 for overdue problems (依法治市办 or administrator).
    supervises: bool,
}

pub async fn page(user: PageUser, Query(q): Query<AlertQuery>) -> Result<Html<String>, PageError> {
    let within = q.within.unwrap_or(5).clamp(1, 60);
    let today = today();
    let soon_until = user.store.working_days_after(today, within);
    let under = match q.org.trim() {
        "" => None,
        code => {
            let org = user.store.get_org(code).await?;
            Some((org.code, org.name))
        }
    };
    let rows = user
        .store
        .deadline_alerts(
            today,
            soon_until.unwrap_or(today),
            under.as_ref().map(|(code, _)| code.as_str()),
        )
        .await?;
    let lines: Vec<AlertLine> = rows
        .into_iter()
        .map(|r| AlertLine {
            register_label: by_key(&r.register).map(|d| d.label).unwrap_or("其他"),
            org_code: r.org_code,
            org_name: r.org_name,
            register: r.register,
            overdue: r.overdue,
            due_soon: r.due_soon,
        })
        .collect();
    let under_code = under.as_ref().map(|(code, _)| code.as_str());
    let by_register = match user.store.last_calendar_day() {
        Some(last) => user
            .store
            .provisional_due_by_register(last, under_code)
            .await?
            .into_iter()
            .map(|(key, n)| {
                let label = by_key(&key).map_or("其他", |d| d.label);
                (key, label, n)
            })
            .collect(),
        None => Vec::new(),
    };
    let records: i64 = by_register.iter().map(|(_, _, n)| n).sum();
    let provisional = user
        .store
        .last_calendar_day()
        .filter(|_| records > 0)
        .map(|last| (records, chrono::Datelike::year(&last) + 1));
    let principal = &user.session.principal;
    let may_load = principal.role.can_manage_orgs()
        && principal.scope == fazhi_domain::account::ScopeKind::All;
    let page = AlertsPage {
        provisional_lists: by_register,
        supervises: matches!(
            principal.role,
            fazhi_domain::account::Role::Admin | fazhi_domain::account::Role::Office
        ),
        provisional,
        notice_due: user
            .store
            .notice_to_load(today)
            .map(|year| (year, may_load)),
        layout: Layout::new(&user, "alerts"),
        total_overdue: lines.iter().map(|l| l.overdue).sum(),
        total_soon: lines.iter().map(|l| l.due_soon).sum(),
        lines,
        within,
        under,
        today,
        soon_until,
    };
    Ok(Html(page.render()?))
}
