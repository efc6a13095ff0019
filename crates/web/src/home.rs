//! 首页 — the landing page after login, and the layout data every page shares.

use askama::Template;
use axum::response::Html;
use fazhi_domain::OrgId;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::filters;

/// One entry of the register menu.
pub struct MenuItem {
    pub key: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// What the shared layout (menu, user box, logout form) needs.
pub struct Layout {
    pub display_name: String,
    pub role_label: &'static str,
    pub scope_label: &'static str,
    pub csrf: String,
    pub active: &'static str,
    /// May open the account list (admins and the office).
    pub can_list_users: bool,
    pub can_read_audit: bool,
    /// 依法治市办 or administrator: 督办函, 整改通报 and running draws.
    pub supervises: bool,
    /// Every register, for the menu.
    pub registers: Vec<MenuItem>,
    /// 初始密码 — shows the banner asking to change it.
    pub must_change_password: bool,
    /// May write records, narratives and reported values: a viewer is shown no form to fill.
    pub can_write: bool,
    /// 未读站内信, shown beside 首页.
    pub unread: i64,
    /// Forms returned or waiting for review (待办), shown beside 首页.
    pub waiting: i64,
}

impl Layout {
    pub fn new(user: &PageUser, active: &'static str) -> Self {
        let p = &user.session.principal;
        Self {
            display_name: user.session.display_name.clone(),
            role_label: p.role.label(),
            scope_label: p.scope.label(),
            csrf: user.session.csrf_token.clone(),
            active,
            can_list_users: p.role.can_read_audit(),
            can_read_audit: p.role.can_read_audit(),
            supervises: matches!(
                p.role,
                fazhi_domain::account::Role::Admin | fazhi_domain::account::Role::Office
            ),
            must_change_password: user.session.must_change_password,
            can_write: p.role.can_write_records(),
            unread: user.unread,
            waiting: user.waiting,
            registers: fazhi_domain::register::all()
                .iter()
                .map(|d| MenuItem {
                    key: d.key,
                    label: d.label,
                    active: d.key == active,
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    org_count: usize,
    root_names: Vec<String>,
    todo: crate::todo::Todo,
    message: String,
}

pub async fn page(
    user: PageUser,
    axum::extract::Query(flash): axum::extract::Query<Flash>,
) -> Result<Html<String>, PageError> {
    let orgs = user.store.list_orgs().await?;
    let ids: std::collections::HashSet<OrgId> = orgs.iter().map(|o| o.id).collect();
    let root_names = orgs
        .iter()
        .filter(|o| o.parent_id.is_none_or(|p| !ids.contains(&p)))
        .map(|o| o.name.clone())
        .collect();
    let page = HomePage {
        layout: Layout::new(&user, "home"),
        org_count: orgs.len(),
        root_names,
        todo: crate::todo::todo(&user.store).await?,
        message: flash.msg,
    };
    Ok(Html(page.render()?))
}

/// POST /messages/read — marks the messages of my unit read.
pub async fn mark_read(
    user: PageUser,
    body: axum::body::Bytes,
) -> Result<axum::response::Redirect, PageError> {
    let fields = crate::register_pages::form_values(&body);
    user.check_csrf(fields.get("csrf").map(String::as_str).unwrap_or(""))?;
    let n = user.store.mark_messages_read().await?;
    Ok(axum::response::Redirect::to(&format!(
        "/?msg={}",
        crate::form_pages::enc(&format!("已将 {n} 条消息标为已读"))
    )))
}

/// One `<option>` of a select list, with whether it is the current value.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Options for a select list from (value, label) pairs, marking `current` as selected.
pub fn choices<V: ToString, L: ToString>(
    items: impl IntoIterator<Item = (V, L)>,
    current: &str,
) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(value, label)| {
            let value = value.to_string();
            Choice {
                selected: value == current,
                value,
                label: label.to_string(),
            }
        })
        .collect()
}

/// The `?msg=` a redirect after a successful write carries to the next page.
#[derive(serde::Deserialize)]
pub struct Flash {
    #[serde(default)]
    pub msg: String,
}

/// 北京时间 — a stored instant (RFC 3339, kept in UTC) as a clerk reads it: Beijing time to the
/// minute, `2026-12-05 00:04`. Text that is not an instant is shown as it is.
pub fn beijing_time(stored: &str) -> String {
    let Some(beijing) = chrono::FixedOffset::east_opt(8 * 3600) else {
        return stored.to_owned();
    };
    chrono::DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_owned(),
        |t| {
            t.with_timezone(&beijing)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

/// Today in Beijing time — the date every default, deadline state and alert is judged by,
/// whatever the server's own time zone.
pub fn today() -> chrono::NaiveDate {
    fazhi_store::clock::beijing_today()
}

#[derive(Template)]
#[template(path = "refused.html")]
struct RefusedPage {
    layout: Layout,
    message: String,
}

/// A refusal (403) shown inside the normal layout, so the user keeps the menu.
pub fn refused(
    user: &PageUser,
    active: &'static str,
    message: String,
) -> Result<axum::response::Response, PageError> {
    use axum::response::IntoResponse;
    let page = RefusedPage {
        layout: Layout::new(user, active),
        message,
    };
    Ok((axum::http::StatusCode::FORBIDDEN, Html(page.render()?)).into_response())
}

/// The refusal a viewer gets on a page that only writes.
pub fn refuse_viewer(
    user: &PageUser,
    active: &'static str,
) -> Option<Result<axum::response::Response, PageError>> {
    let role = user.session.principal.role;
    (!role.can_write_records()).then(|| {
        refused(
            user,
            active,
            format!(
                "您的角色「{}」只能查看,不能新增、修改或导入数据。",
                role.label()
            ),
        )
    })
}

/// The caller's own unit, when it lies in the caller's scope (an office's scope is its
/// government's subtree, which holds the office).
pub async fn own_unit(
    user: &crate::auth::PageUser,
) -> Result<Option<fazhi_store::OrgRow>, fazhi_store::StoreError> {
    let own = user.session.principal.org_id;
    Ok(user
        .store
        .list_orgs()
        .await?
        .into_iter()
        .find(|o| o.id == own))
}
