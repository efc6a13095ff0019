//! 报表设置 — `/datasets`: the data sets in effect (what each asks, of whom, by when, who
//! reviews) and, for the city office of the whole tree, their definitions to edit; a save is
//! checked first and every problem is listed.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::account::{Role, ScopeKind};

use crate::auth::PageUser;
use crate::error::PageError;
use crate::form_pages::enc;
use crate::home::{Flash, Layout, beijing_time};
use crate::register_pages::form_values;

/// One data set as the page lists it.
pub struct DataSetLine {
    pub name: String,
    pub period: String,
    pub due: String,
    pub reporters: String,
    pub review: String,
    pub keys: usize,
    pub source: String,
}

#[derive(Template)]
#[template(path = "datasets.html")]
struct DataSetsPage {
    layout: Layout,
    lines: Vec<DataSetLine>,
    body: String,
    saved: String,
    can_edit: bool,
    message: String,
    error: String,
}

fn kinds(kinds: &[fazhi_domain::org::OrgKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("、")
}

async fn datasets_page(user: &PageUser) -> Result<DataSetsPage, PageError> {
    let text = user.store.data_set_text().await?;
    let sets = user.store.data_sets().await?;
    let p = &user.session.principal;
    let lines = sets
        .all()
        .iter()
        .map(|s| {
            let mut reporters = kinds(&s.reporters.kinds);
            if !s.reporters.levels.is_empty() {
                reporters.push_str(&format!("(层级:{})", kinds(&s.reporters.levels)));
            }
            DataSetLine {
                name: s.name.clone(),
                period: fazhi_review::grain_label(s.grain).to_owned(),
                due: s.due_words(),
                reporters,
                review: kinds(&s.review),
                keys: s.keys.len(),
                source: s.source.clone().unwrap_or_default(),
            }
        })
        .collect();
    Ok(DataSetsPage {
        layout: Layout::new(user, "forms"),
        lines,
        saved: text.saved.map_or_else(
            || "系统内置".to_owned(),
            |(at, by)| format!("{} · {by}", beijing_time(&at)),
        ),
        body: text.body,
        can_edit: matches!(p.role, Role::Admin | Role::Office) && p.scope == ScopeKind::All,
        message: String::new(),
        error: String::new(),
    })
}

/// GET /datasets
pub async fn page(
    user: PageUser,
    axum::extract::Query(flash): axum::extract::Query<Flash>,
) -> Result<Html<String>, PageError> {
    let mut view = datasets_page(&user).await?;
    view.message = flash.msg;
    Ok(Html(view.render()?))
}

/// POST /datasets — `body`: the definitions' TOML text.
pub async fn save(user: PageUser, body: axum::body::Bytes) -> Result<Response, PageError> {
    let fields = form_values(&body);
    user.check_csrf(fields.get("csrf").map(String::as_str).unwrap_or(""))?;
    let text = fields.get("body").cloned().unwrap_or_default();
    match user.store.save_data_sets(&text).await {
        Ok(sets) => {
            let msg = format!("已保存报表定义:共{}张报表", sets.all().len());
            Ok(Redirect::to(&format!("/datasets?msg={}", enc(&msg))).into_response())
        }
        Err(e) => {
            let mut view = datasets_page(&user).await?;
            let status = match e {
                fazhi_store::StoreError::Forbidden(_) => StatusCode::FORBIDDEN,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            view.error = format!("未保存:{e}");
            view.body = text;
            Ok((status, Html(view.render()?)).into_response())
        }
    }
}
