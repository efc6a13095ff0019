//! 审计日志页面 — browse the audit by entity and by user.

use askama::Template;
use axum::extract::Query;
use axum::response::Html;
use fazhi_domain::audit::AuditAction;
use fazhi_store::AuditFilter;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::{Choice, Layout, choices};

const PAGE_SIZE: i64 = 50;

/// Audited entities that are not registers, with their Chinese names.
const OTHER_ENTITIES: [(&str, &str); 3] = [
    ("org_unit", "机构"),
    ("app_user", "账号"),
    ("calendar_notice", "放假安排"),
];

/// Every audited entity (table name, Chinese name): the fixed ones and every register.
fn entities() -> impl Iterator<Item = (&'static str, &'static str)> {
    OTHER_ENTITIES.into_iter().chain(
        fazhi_domain::register::all()
            .iter()
            .map(|d| (d.table, d.label)),
    )
}

fn entity_label(entity: &str) -> &'static str {
    entities()
        .find(|(e, _)| *e == entity)
        .map(|(_, l)| l)
        .unwrap_or("其他")
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    entity_id: String,
    #[serde(default)]
    actor: String,
    page: Option<i64>,
}

pub struct AuditLine {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action_label: &'static str,
    pub entity: String,
    pub entity_label: &'static str,
    pub entity_id: String,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    entities: Vec<Choice>,
    filter_entity: String,
    filter_entity_id: String,
    filter_actor: String,
    total: i64,
    rows: Vec<AuditLine>,
    page: i64,
    prev_page: Option<i64>,
    next_page: Option<i64>,
}

fn non_empty(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

pub async fn list(user: PageUser, Query(q): Query<AuditQuery>) -> Result<Html<String>, PageError> {
    let page = q.page.unwrap_or(1).max(1);
    let filter = AuditFilter {
        entity: non_empty(&q.entity),
        entity_id: non_empty(&q.entity_id),
        actor: non_empty(&q.actor),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
    };
    let (total, rows) = user.store.list_audit(&filter).await?;
    let rows = rows
        .into_iter()
        .map(|r| AuditLine {
            action_label: AuditAction::parse(&r.action)
                .map(AuditAction::label)
                .unwrap_or("其他"),
            entity_label: entity_label(&r.entity),
            seq: r.seq,
            at: crate::home::beijing_time(&r.at),
            actor: r.actor,
            entity: r.entity,
            entity_id: r.entity_id,
            before: r.before_json,
            after: r.after_json,
        })
        .collect();
    let view = AuditPage {
        layout: Layout::new(&user, "audit"),
        entities: choices(entities(), &q.entity),
        filter_entity: q.entity,
        filter_entity_id: q.entity_id,
        filter_actor: q.actor,
        total,
        rows,
        page,
        prev_page: (page > 1).then(|| page - 1),
        next_page: (page * PAGE_SIZE < total).then(|| page + 1),
    };
    Ok(Html(view.render()?))
}
