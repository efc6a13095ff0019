//! 导入批次页面 — `/imports/{batch}`: what one committed import wrote — the file, the counts
//! and the records it created or updated, each linked to its page, 50 a page. The import
//! page's success message links here, so the imported records can be found.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Html;
use fazhi_domain::numbers::count;
use fazhi_store::{ImportBatch, REPORTED_VALUES};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::filters;
use crate::home::{Layout, beijing_time};
use crate::register_pages::register;

const PAGE_SIZE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct BatchQuery {
    page: Option<i64>,
}

/// One record of the batch as listed.
pub struct BatchRecord {
    pub id: i64,
    pub number: String,
    pub date: String,
    pub org_name: String,
}

#[derive(Template)]
#[template(path = "import_batch.html")]
struct BatchPage {
    layout: Layout,
    batch: ImportBatch,
    key: String,
    label: String,
    number_label: String,
    date_label: String,
    summary: String,
    records: Vec<BatchRecord>,
    total: i64,
    page: i64,
    last_page: i64,
}

/// The link to a committed import's records, for its success message.
pub(crate) fn batch_link(batch: i64) -> String {
    format!("/imports/{batch}")
}

/// GET /imports/{batch}
pub async fn batch(
    user: PageUser,
    Path(id): Path<String>,
    Query(query): Query<BatchQuery>,
) -> Result<Html<String>, PageError> {
    let Ok(id) = id.parse::<i64>() else {
        return Err(fazhi_store::StoreError::not_found("导入批次", id).into());
    };
    let batch = user.store.import_batch(id).await?;
    let summary = format!(
        "文件「{}」,{} 由 {} 导入:共 {} 行,新增 {},更新 {},未变 {}。",
        batch.file_name,
        beijing_time(&batch.at),
        batch.actor,
        count(batch.rows.max(0) as u64),
        count(batch.created.max(0) as u64),
        count(batch.updated.max(0) as u64),
        count(batch.unchanged.max(0) as u64),
    );
    let total = batch.touched();
    let last_page = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = query.page.unwrap_or(1).clamp(1, last_page);
    let (active, label, number_label, date_label, records) = if batch.register == REPORTED_VALUES {
        let none = Vec::new();
        (
            "reported",
            "填报值".to_owned(),
            String::new(),
            String::new(),
            none,
        )
    } else {
        let def = register(&batch.register)?;
        let stored = (user.store)
            .batch_records(def, &batch, (page - 1) * PAGE_SIZE, PAGE_SIZE)
            .await?;
        let label_of = |key: &str| def.field(key).map_or("", |f| f.label).to_owned();
        let records = stored
            .iter()
            .map(|r| BatchRecord {
                id: r.id.get(),
                number: r
                    .record
                    .text(def.natural_key)
                    .unwrap_or_default()
                    .to_owned(),
                date: r
                    .record
                    .date(def.period_field)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                org_name: r.org_name.clone(),
            })
            .collect();
        let (number, date) = (label_of(def.natural_key), label_of(def.period_field));
        (def.key, def.label.to_owned(), number, date, records)
    };
    let view = BatchPage {
        layout: Layout::new(&user, active),
        batch,
        key: active.to_owned(),
        label,
        number_label,
        date_label,
        summary,
        records,
        total,
        page,
        last_page,
    };
    Ok(Html(view.render()?))
}
