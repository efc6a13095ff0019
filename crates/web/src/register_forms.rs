//! 登记簿表单 — the create and edit forms of every register, generated from its definition:
//! one input per field, errors shown next to their field, the input kept on rejection.

use fazhi_domain::RecordId;
use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::register::{FieldDef, FieldError, FieldKind, RegisterDef};
use fazhi_store::{Rejected, StoreError, StoredRecord};

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::{Choice, Layout, choices};
use crate::list_return::ListReturn;
use crate::register_pages::{form_values, register};

/// One input of a generated form.
pub struct Input {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub required: bool,
    /// text | date | number | select | checks
    pub widget: &'static str,
    pub value: String,
    pub options: Vec<Choice>,
    pub error: String,
}

fn inputs(
    def: &'static RegisterDef,
    values: &BTreeMap<String, String>,
    errors: &[FieldError],
) -> Vec<Input> {
    def.fields
        .iter()
        .map(|f| {
            let value = values.get(f.key).cloned().unwrap_or_default();
            let error = errors
                .iter()
                .filter(|e| e.field == f.key)
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(";");
            input(f, value, error)
        })
        .collect()
}

fn input(f: &'static FieldDef, value: String, error: String) -> Input {
    let selected: Vec<&str> = value.split(',').collect();
    let (widget, options) = match f.kind {
        FieldKind::Date => ("date", Vec::new()),
        FieldKind::Integer { .. } => ("number", Vec::new()),
        FieldKind::Bool => (
            "select",
            choices([("", "(未填)"), ("是", "是"), ("否", "否")], &value),
        ),
        FieldKind::Enum(opts) => {
            let mut list = vec![Choice {
                value: String::new(),
                label: "(未填)".into(),
                selected: value.is_empty(),
            }];
            list.extend(choices(opts.iter().map(|o| (o.code, o.label)), &value));
            ("select", list)
        }
        FieldKind::EnumSet(opts) => (
            "checks",
            opts.iter()
                .map(|o| Choice {
                    value: o.code.into(),
                    label: o.label.into(),
                    selected: selected.contains(&o.code),
                })
                .collect(),
        ),
        _ => ("text", Vec::new()),
    };
    Input {
        key: f.key,
        label: f.label,
        help: f.help,
        required: f.required,
        widget,
        value,
        options,
        error,
    }
}

/// A record's values as form text (codes for enums, so the form re-selects them).
fn form_text(def: &'static RegisterDef, stored: &StoredRecord) -> BTreeMap<String, String> {
    def.fields
        .iter()
        .map(|f| {
            let v = stored.record.get(f.key);
            let text = match (v, f.kind) {
                (
                    fazhi_domain::register::Value::Text(code),
                    FieldKind::Enum(_) | FieldKind::EnumSet(_),
                ) => code.clone(),
                _ => f.display(v),
            };
            (f.key.to_owned(), text)
        })
        .collect()
}

#[derive(Template)]
#[template(path = "register_form.html")]
struct FormPage {
    layout: Layout,
    key: &'static str,
    label: &'static str,
    org_label: &'static str,
    action: String,
    title: String,
    orgs: Vec<Choice>,
    org_error: String,
    inputs: Vec<Input>,
    errors: Vec<String>,
    back: ListReturn,
}

/// `?back=` — the list the form was opened from.
#[derive(serde::Deserialize, Default)]
pub struct BackQuery {
    #[serde(default)]
    back: String,
    /// A new record prefilled from another register's record (`from` = its register key,
    /// `id` = its id): a problem from a correcting 复议 decision or a lost lawsuit.
    #[serde(default)]
    from: String,
    #[serde(default)]
    id: Option<i64>,
}

/// Where a form posts to and what it is called: new record or existing one; and the list to
/// return to.
struct FormTarget {
    def: &'static RegisterDef,
    action: String,
    title: String,
    back: ListReturn,
}

impl FormTarget {
    fn new(def: &'static RegisterDef, id: Option<RecordId>, back: ListReturn) -> Self {
        let (action, title) = match id {
            None => (
                format!("/registers/{}", def.key),
                format!("新增{}", def.label),
            ),
            Some(id) => (
                format!("/registers/{}/{id}", def.key),
                format!("修改{}", def.label),
            ),
        };
        Self {
            def,
            action,
            title,
            back,
        }
    }
}

async fn render_form(
    user: &PageUser,
    target: &FormTarget,
    org: &str,
    values: &BTreeMap<String, String>,
    errors: &[FieldError],
    org_error: String,
) -> Result<Html<String>, PageError> {
    let def = target.def;
    let orgs = user.store.list_orgs().await?;
    let page = FormPage {
        layout: Layout::new(user, def.key),
        key: def.key,
        label: def.label,
        org_label: def.org_label,
        action: target.action.clone(),
        title: target.title.clone(),
        orgs: choices(orgs.into_iter().map(|o| (o.code, o.name)), org),
        org_error,
        inputs: inputs(def, values, errors),
        errors: errors
            .iter()
            .filter(|e| e.field.is_empty() || def.field(e.field).is_none())
            .map(ToString::to_string)
            .collect(),
        back: target.back.clone(),
    };
    Ok(Html(page.render()?))
}

pub async fn new_form(
    user: PageUser,
    Path(key): Path<String>,
    Query(query): Query<BackQuery>,
) -> Result<Response, PageError> {
    let def = register(&key)?;
    if let Some(refusal) = crate::home::refuse_viewer(&user, def.key) {
        return refusal;
    }
    let org = crate::home::own_unit(&user)
        .await?
        .map(|o| o.code)
        .unwrap_or_default();
    let target = FormTarget::new(def, None, ListReturn::new(&query.back));
    let values = prefilled(&user, def, &query).await?;
    let html = render_form(&user, &target, &org, &values, &[], String::new()).await?;
    Ok(html.into_response())
}

/// The values a new record's form starts with: empty, or a problem proposed by the record
/// `query.from`/`query.id` (read within the caller's scope).
async fn prefilled(
    user: &PageUser,
    def: &'static RegisterDef,
    query: &BackQuery,
) -> Result<BTreeMap<String, String>, PageError> {
    let (Some(id), Some(source)) = (query.id, fazhi_domain::register::by_key(&query.from)) else {
        return Ok(BTreeMap::new());
    };
    if def.key != "rectifications" {
        return Ok(BTreeMap::new());
    }
    let record = user.store.get_record(source, RecordId::new(id)).await?;
    Ok(
        fazhi_domain::register::rectification::proposed_from(source.key, id, &record.record)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

pub async fn create(
    user: PageUser,
    Path(key): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    save(user, &key, None, body).await
}

/// Creates (`id` None) or updates a record from a submitted form; a rejected form is shown
/// again with the input kept and each error next to its field.
async fn save(
    user: PageUser,
    key: &str,
    id: Option<RecordId>,
    body: Bytes,
) -> Result<Response, PageError> {
    let def = register(key)?;
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let org = values.get("org").cloned().unwrap_or_default();
    let back = ListReturn::new(values.get("back").map(String::as_str).unwrap_or(""));
    let target = FormTarget::new(def, id, back);
    let record = match def.parse(&values) {
        Ok(r) => r,
        Err(errors) => {
            return rejected_form(&user, &target, &org, &values, &errors).await;
        }
    };
    let saved = match id {
        None => user.store.create_record(def, &org, record).await,
        Some(id) => user.store.update_record(def, id, Some(&org), record).await,
    };
    match saved {
        // msg = 已保存, percent-encoded as a Location header must be.
        Ok(Ok(stored)) => Ok(Redirect::to(&format!(
            "/registers/{}/{}?msg=%E5%B7%B2%E4%BF%9D%E5%AD%98&{}",
            def.key,
            stored.id,
            target.back.param()
        ))
        .into_response()),
        Ok(Err(Rejected(errors))) => rejected_form(&user, &target, &org, &values, &errors).await,
        Err(StoreError::NotFound { entity, key }) => {
            let message = format!("「{entity}」{key} 不存在或不在您的数据范围内");
            let html = render_form(&user, &target, &org, &values, &[], message).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(StoreError::Conflict(message)) => {
            let errors = [FieldError {
                field: "",
                label: "",
                value: String::new(),
                message,
            }];
            rejected_form(&user, &target, &org, &values, &errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn rejected_form(
    user: &PageUser,
    target: &FormTarget,
    org: &str,
    values: &BTreeMap<String, String>,
    errors: &[FieldError],
) -> Result<Response, PageError> {
    let html = render_form(user, target, org, values, errors, String::new()).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

pub async fn edit_form(
    user: PageUser,
    Path((key, id)): Path<(String, RecordId)>,
    Query(query): Query<BackQuery>,
) -> Result<Response, PageError> {
    let def = register(&key)?;
    if let Some(refusal) = crate::home::refuse_viewer(&user, def.key) {
        return refusal;
    }
    let mut stored = user.store.get_record(def, id).await?;
    // Links as the numbers clerks know, which the form's save resolves again.
    user.store.number_links(def, [&mut stored.record]).await?;
    let values = form_text(def, &stored);
    let target = FormTarget::new(def, Some(id), ListReturn::new(&query.back));
    let html = render_form(
        &user,
        &target,
        &stored.org_code,
        &values,
        &[],
        String::new(),
    )
    .await?;
    Ok(html.into_response())
}

pub async fn update(
    user: PageUser,
    Path((key, id)): Path<(String, RecordId)>,
    body: Bytes,
) -> Result<Response, PageError> {
    save(user, &key, Some(id), body).await
}
