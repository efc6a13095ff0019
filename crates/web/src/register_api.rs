//! JSON API of every register: `GET/POST /api/v1/{register}`, `GET/PUT/DELETE
//! /api/v1/{register}/{id}`, limited by the caller's scope and audited like the pages.

use fazhi_domain::RecordId;
use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use fazhi_domain::register::{FieldError, RegisterDef, Value, by_key};
use fazhi_store::{RecordFilter, Rejected, StoredRecord};
use serde::{Deserialize, Serialize};
use serde_json::{Map, json};

use crate::auth::ApiUser;
use crate::error::ApiError;

fn register(key: &str) -> Result<&'static RegisterDef, ApiError> {
    by_key(key)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("没有名为「{key}」的登记簿")))
}

/// A record as JSON: enum codes, dates as YYYY-MM-DD, amounts as exact decimal strings (元).
pub fn record_json(def: &RegisterDef, stored: &StoredRecord) -> serde_json::Value {
    let mut map = Map::new();
    map.insert("id".into(), json!(stored.id));
    map.insert("org".into(), json!(stored.org_code));
    map.insert("org_name".into(), json!(stored.org_name));
    for f in def.fields {
        let v = stored.record.get(f.key);
        let value = match v {
            Value::Null => serde_json::Value::Null,
            Value::Int(i) => json!(i),
            Value::Bool(b) => json!(b),
            Value::Text(s) => json!(s),
            Value::Date(d) => json!(d.to_string()),
            Value::Fen(_) => json!(f.display(v)),
        };
        map.insert(f.key.into(), value);
    }
    map.insert("derived".into(), json!(def.derive(&stored.record)));
    serde_json::Value::Object(map)
}

/// JSON input → the text a clerk would type, so the API validates exactly like forms and imports.
fn json_to_text(body: &Map<String, serde_json::Value>) -> BTreeMap<String, String> {
    body.iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Bool(b) => if *b { "是" } else { "否" }.into(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

fn rejected(errors: Vec<FieldError>) -> Response {
    let message = errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(";");
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({"error": message, "errors": errors})),
    )
        .into_response()
}

/// The list's parameters as documented; the filter ones are read from the raw query by
/// [`crate::record_filter::list_filter`] (with the `f.<field>` ones a struct cannot name), the
/// same code as the list page and its export.
#[derive(Deserialize, utoipa::IntoParams)]
#[allow(dead_code)]
pub struct ListParams {
    /// 机构代码:只列出该机构及其下级的记录
    org: Option<String>,
    /// `1`: only the records of `org` itself, not of its sub-units
    unit_only: Option<String>,
    /// 起始日期 YYYY-MM-DD(按登记簿的期间字段)
    from: Option<String>,
    to: Option<String>,
    /// 关键词
    q: Option<String>,
    status: Option<String>,
    /// `overdue` (open statutory clock past due) or `soon` (due within `within` working days)
    due: Option<String>,
    /// working days for `due=soon`, default 5
    within: Option<u32>,
    /// the date field `from`/`to` apply to (default: the register's period field)
    date: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
    /// `exact`: count every matching record; otherwise at most 10,000 (with `q`, 1,000) are
    /// counted and a larger total is given as one more, with `total_exact` false
    count: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RecordPage {
    /// Matching records; with `total_exact` false, more than 10,000 (given as 10,001), or with
    /// `q` more than 1,000 (given as 1,001).
    pub total: i64,
    /// Whether `total` is the exact count (see the `count` parameter).
    pub total_exact: bool,
    /// Records: `id`, `org`, `org_name` and one member per field of the register.
    pub items: Vec<serde_json::Value>,
}

/// Records of a register in the caller's scope.
#[utoipa::path(get, path = "/api/v1/{register}", params(("register" = String, Path,
    description = "enforcement-cases | certificates | reconsiderations | litigations | mediations | normative-documents | major-decisions | publicity-records | rectifications"), ListParams),
    responses((status = 200, body = RecordPage), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list(
    user: ApiUser,
    Path(key): Path<String>,
    Query(p): Query<ListParams>,
    RawQuery(raw): RawQuery,
) -> Result<Json<RecordPage>, ApiError> {
    let def = register(&key)?;
    let filter = crate::record_filter::list_filter(&user.store, def, raw.as_deref())
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e))?
        .filter;
    let limit = p.limit.unwrap_or(50);
    let offset = p.offset.unwrap_or(0);
    if !(1..=1000).contains(&limit) || offset < 0 {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "参数 limit 应为 1 至 1000 的整数,offset 应为非负整数",
        ));
    }
    let filter = RecordFilter {
        limit,
        offset,
        ..filter
    };
    let (total, records) = user.store.list_records(def, &filter).await?;
    Ok(Json(RecordPage {
        total,
        total_exact: filter.count_limit.is_none_or(|most| total <= most),
        items: records.iter().map(|r| record_json(def, r)).collect(),
    }))
}

/// One record (404 outside the caller's scope).
#[utoipa::path(get, path = "/api/v1/{register}/{id}", params(("register" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(
    user: ApiUser,
    Path((key, id)): Path<(String, RecordId)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let def = register(&key)?;
    Ok(Json(record_json(
        def,
        &user.store.get_record(def, id).await?,
    )))
}

fn body_object(
    def: &RegisterDef,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Map<String, serde_json::Value>, ApiError> {
    match body {
        Ok(Json(serde_json::Value::Object(map))) => {
            // The types the OpenAPI schema declares, checked before the values are read as
            // text: an object or list where text belongs is refused, not stored as "{}".
            let problems = crate::openapi_registers::body_problems(def, &map);
            if problems.is_empty() {
                Ok(map)
            } else {
                Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    problems.join(";"),
                ))
            }
        }
        Ok(_) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "请求体应为 JSON 对象,包含 org 与各字段",
        )),
        Err(e) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("请求体不是有效的 JSON:{}", e.body_text()),
        )),
    }
}

/// Creates a record; 422 lists every field error.
#[utoipa::path(post, path = "/api/v1/{register}", params(("register" = String, Path)), request_body = Object,
    responses((status = 201, body = Object), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    user: ApiUser,
    Path(key): Path<String>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let def = register(&key)?;
    let raw = json_to_text(&body_object(def, body)?);
    let org = raw.get("org").cloned().unwrap_or_default();
    let record = match def.parse(&raw) {
        Ok(r) => r,
        Err(errors) => return Ok(rejected(errors)),
    };
    match user.store.create_record(def, &org, record).await? {
        Ok(stored) => Ok((StatusCode::CREATED, Json(record_json(def, &stored))).into_response()),
        Err(Rejected(errors)) => Ok(rejected(errors)),
    }
}

/// Replaces a record's fields.
#[utoipa::path(put, path = "/api/v1/{register}/{id}", params(("register" = String, Path), ("id" = i64, Path)), request_body = Object,
    responses((status = 200, body = Object), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update(
    user: ApiUser,
    Path((key, id)): Path<(String, RecordId)>,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let def = register(&key)?;
    let raw = json_to_text(&body_object(def, body)?);
    let record = match def.parse(&raw) {
        Ok(r) => r,
        Err(errors) => return Ok(rejected(errors)),
    };
    match user
        .store
        .update_record(
            def,
            id,
            raw.get("org").map(String::as_str).filter(|s| !s.is_empty()),
            record,
        )
        .await?
    {
        Ok(stored) => Ok(Json(record_json(def, &stored)).into_response()),
        Err(Rejected(errors)) => Ok(rejected(errors)),
    }
}

/// Deletes a record (its last state stays in the audit).
#[utoipa::path(delete, path = "/api/v1/{register}/{id}", params(("register" = String, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    user: ApiUser,
    Path((key, id)): Path<(String, RecordId)>,
) -> Result<StatusCode, ApiError> {
    let def = register(&key)?;
    user.store.delete_record(def, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
