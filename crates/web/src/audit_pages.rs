//! 审计日志页面 — browse the audit by entity, user and date (Beijing time), each change in
//! words ([`crate::audit_changes`]); the filtered entries as an Excel file. Both read through
//! the caller's scoped store, so an export holds exactly what the page may show.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, Response};
use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::audit::AuditAction;
use fazhi_store::{AuditFilter, AuditRow, ScopedStore};
use serde::Deserialize;

use crate::audit_changes::{Described, OrgNames, describe, entities, entity_label};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::filters;
use crate::home::{Choice, Layout, choices};

const PAGE_SIZE: i64 = 50;
/// Entries read per query of an export.
const EXPORT_PAGE: i64 = 500;
/// The most entries one export holds; a larger selection is refused with a hint to narrow it.
const EXPORT_MAX: i64 = 100_000;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    entity_id: String,
    #[serde(default)]
    actor: String,
    /// 从 — first day (Beijing time), `2024-03-05`.
    #[serde(default)]
    from: String,
    /// 至 — last day (Beijing time), inclusive.
    #[serde(default)]
    to: String,
    page: Option<i64>,
    /// 对象编号 read as a record's number: the register and record id the audit keeps.
    #[serde(skip)]
    resolved: Option<(String, String)>,
}

impl AuditQuery {
    /// The store's filter for `limit` entries from `offset`; a bad date is a Chinese 400.
    fn filter(&self, limit: i64, offset: i64) -> Result<AuditFilter, PageError> {
        let (entity, entity_id) = match &self.resolved {
            Some((entity, id)) => (Some(entity.clone()), Some(id.clone())),
            None => (non_empty(&self.entity), non_empty(&self.entity_id)),
        };
        Ok(AuditFilter {
            entity,
            entity_id,
            actor: non_empty(&self.actor),
            since: beijing_day_start("从", &self.from, 0)?,
            until: beijing_day_start("至", &self.to, 1)?,
            limit,
            offset,
        })
    }

    /// The filter's set parameters, as (name, value).
    fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("entity", &self.entity),
            ("entity_id", &self.entity_id),
            ("actor", &self.actor),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect()
    }

    /// The filter as a query string (paging and export links).
    fn query_string(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.pairs())
            .finish()
    }
}

/// 对象编号 as a clerk knows it: a record's number (案件编号, 文号 with any brackets for 〔〕)
/// is looked up, in the register chosen or else in every register, to the record id the audit
/// keeps; numbers and the codes of units and accounts are taken as typed. Only records in the
/// reader's scope are found (deleted ones only by their id).
async fn resolve_object(store: &ScopedStore, q: &mut AuditQuery) -> Result<(), PageError> {
    let typed = q.entity_id.trim();
    if typed.is_empty() || typed.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    let variants = fazhi_domain::register::bracket_variants(typed);
    for def in fazhi_domain::register::all() {
        if !q.entity.is_empty() && q.entity != def.table {
            continue;
        }
        let found = store.record_ids(def, &variants).await?;
        if let Some(id) = variants.iter().find_map(|v| found.get(v)) {
            q.resolved = Some((def.table.to_owned(), id.to_string()));
            return Ok(());
        }
    }
    Ok(())
}

fn non_empty(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The instant Beijing day `text` plus `days_after` days begins (`None` for an empty text).
fn beijing_day_start(
    label: &str,
    text: &str,
    days_after: u64,
) -> Result<Option<DateTime<Utc>>, PageError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || {
        PageError::new(
            StatusCode::BAD_REQUEST,
            format!("「{label}」的日期「{text}」无效,应为 2024-03-05 这样的日期"),
        )
    };
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad())?;
    let start = day
        .checked_add_days(chrono::Days::new(days_after))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| t.checked_sub_signed(chrono::TimeDelta::hours(8)))
        .ok_or_else(bad)?;
    Ok(Some(start.and_utc()))
}

/// One entry as the page shows it.
pub struct AuditLine {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action_label: &'static str,
    pub described: Described,
}

fn audit_line(row: &AuditRow, orgs: &OrgNames) -> AuditLine {
    AuditLine {
        seq: row.seq,
        at: crate::home::beijing_time(&row.at),
        actor: row.actor.clone(),
        action_label: AuditAction::parse(&row.action).map_or("其他", AuditAction::label),
        described: describe(row, orgs),
    }
}

/// Names of the units the reader sees, by code.
async fn org_names(store: &ScopedStore) -> Result<OrgNames, PageError> {
    Ok(store
        .list_orgs()
        .await?
        .into_iter()
        .map(|o| (o.code, o.name))
        .collect())
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    entities: Vec<Choice>,
    query: AuditQuery,
    query_string: String,
    total: i64,
    rows: Vec<AuditLine>,
    page: i64,
    prev_page: Option<i64>,
    next_page: Option<i64>,
    /// The last page, the page numbers around this one, and the filter as hidden fields of
    /// the jump-to-page form (as the register lists page).
    last_page: i64,
    pages: Vec<i64>,
    query_pairs: Vec<(&'static str, String)>,
}

pub async fn list(
    user: PageUser,
    Query(mut q): Query<AuditQuery>,
) -> Result<Html<String>, PageError> {
    resolve_object(&user.store, &mut q).await?;
    let page = q.page.unwrap_or(1).max(1);
    let filter = q.filter(PAGE_SIZE, (page - 1) * PAGE_SIZE)?;
    let (total, rows) = user.store.list_audit(&filter).await?;
    let orgs = org_names(&user.store).await?;
    let last_page = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let view = AuditPage {
        last_page,
        pages: crate::list_columns::page_numbers(page, Some(last_page)),
        query_pairs: q.pairs(),
        layout: Layout::new(&user, "audit"),
        entities: choices(entities(), &q.entity),
        query_string: q.query_string(),
        total,
        rows: rows.iter().map(|r| audit_line(r, &orgs)).collect(),
        page,
        prev_page: (page > 1).then(|| page - 1),
        next_page: (page * PAGE_SIZE < total).then(|| page + 1),
        query: q,
    };
    Ok(Html(view.render()?))
}

/// Every entry of the filter, newest first; refused past [`EXPORT_MAX`]. Entries written while
/// the pages are read shift the later pages: each entry is kept once, by its sequence number.
async fn every_entry(store: &ScopedStore, q: &AuditQuery) -> Result<Vec<AuditRow>, PageError> {
    let mut entries: BTreeMap<i64, AuditRow> = BTreeMap::new();
    let mut offset = 0;
    loop {
        let (total, rows) = store.list_audit(&q.filter(EXPORT_PAGE, offset)?).await?;
        if total > EXPORT_MAX {
            return Err(PageError::new(
                StatusCode::BAD_REQUEST,
                format!(
                    "符合条件的审计记录共 {} 条,超过一次导出的上限 {} 条,请缩小日期范围或增加条件后再导出",
                    fazhi_domain::numbers::count(total),
                    fazhi_domain::numbers::count(EXPORT_MAX)
                ),
            ));
        }
        let read = rows.len() as i64;
        entries.extend(rows.into_iter().map(|r| (r.seq, r)));
        offset += read;
        if read < EXPORT_PAGE {
            break;
        }
    }
    Ok(entries.into_values().rev().collect())
}

/// 导出 Excel — the filtered entries (same scope and filter as the page) as an xlsx file.
pub async fn export(
    user: PageUser,
    Query(mut q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    resolve_object(&user.store, &mut q).await?;
    let entries = every_entry(&user.store, &q).await?;
    let orgs = org_names(&user.store).await?;
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|r| {
            let line = audit_line(r, &orgs);
            vec![
                line.seq.to_string(),
                line.at,
                line.actor,
                line.action_label.to_owned(),
                entity_label(&r.entity).to_owned(),
                line.described.object,
                line.described.lines.join("\n"),
            ]
        })
        .collect();
    let bytes = fazhi_exchange::blocking(move || {
        let columns = [
            ("序号", 8.0),
            ("时间(北京时间)", 18.0),
            ("操作人", 12.0),
            ("操作", 10.0),
            ("对象类型", 14.0),
            ("对象", 32.0),
            ("变更内容", 80.0),
        ]
        .map(|(header, width)| fazhi_exchange::Column { header, width });
        fazhi_exchange::table_workbook("审计日志", &columns, &rows)
    })
    .await
    .map_err(|err| {
        tracing::error!(%err, "audit export");
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, "导出文件生成失败")
    })?;
    Ok(crate::import_pages::download(
        bytes,
        "审计日志.xlsx",
        crate::import_pages::XLSX,
    ))
}
