//! JSON API under `/api/v1`: org tree, accounts and audit, each limited by the caller's scope.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::{AuditFilter, AuditRow, NewUser, OrgChange, OrgRow, UserRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::{ApiUser, api_login, api_logout};
use crate::error::ApiError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", post(api_login))
        .route("/logout", post(api_logout))
        .route("/orgs", get(list_orgs).post(create_org))
        .route(
            "/orgs/{code}",
            get(get_org).put(change_org).delete(close_org),
        )
        .route("/orgs/{code}/history", get(org_history))
        .route("/users", get(list_users).post(create_user))
        .route("/audit", get(list_audit))
        .merge(crate::account_api::routes())
        .merge(crate::form_api::routes())
        .route("/indicators", get(crate::dashboard_pages::api_indicators))
        .route(
            "/{register}",
            get(crate::register_api::list).post(crate::register_api::create),
        )
        .route(
            "/{register}/{id}",
            get(crate::register_api::get)
                .put(crate::register_api::update)
                .delete(crate::register_api::delete),
        )
}

/// 机构 as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct OrgJson {
    pub code: String,
    pub name: String,
    /// province | city | county | township | department | office
    pub kind: String,
    pub kind_label: String,
    pub region_code: String,
    pub parent_code: Option<String>,
    pub credit_code: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl From<OrgRow> for OrgJson {
    fn from(o: OrgRow) -> Self {
        Self {
            kind_label: o.kind_label().to_owned(),
            code: o.code,
            name: o.name,
            kind: o.kind.as_str().to_owned(),
            region_code: o.region_code,
            parent_code: o.parent_code,
            credit_code: o.credit_code,
            valid_from: o.valid_from,
            valid_to: o.valid_to,
        }
    }
}

pub(crate) fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(v)| v).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("请求体不是有效的 JSON 或缺少字段:{}", e.body_text()),
        )
    })
}

fn parse_date(text: Option<&str>, field: &'static str) -> Result<NaiveDate, ApiError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(crate::home::today()),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
            fazhi_domain::DomainError::invalid(
                field,
                format!("「{t}」不是有效日期,应为 YYYY-MM-DD"),
            )
            .into()
        }),
    }
}

/// Org units the caller may see.
#[utoipa::path(get, path = "/api/v1/orgs", responses((status = 200, body = [OrgJson]), (status = 401)))]
pub async fn list_orgs(user: ApiUser) -> Result<Json<Vec<OrgJson>>, ApiError> {
    Ok(Json(
        user.store
            .list_orgs()
            .await?
            .into_iter()
            .map(OrgJson::from)
            .collect(),
    ))
}

/// One org unit (404 when outside the caller's scope).
#[utoipa::path(get, path = "/api/v1/orgs/{code}", params(("code" = String, Path)),
    responses((status = 200, body = OrgJson), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_org(user: ApiUser, Path(code): Path<String>) -> Result<Json<OrgJson>, ApiError> {
    Ok(Json(user.store.get_org(&code).await?.into()))
}

/// Every version of a unit, oldest first.
#[utoipa::path(get, path = "/api/v1/orgs/{code}/history", params(("code" = String, Path)),
    responses((status = 200, body = [OrgJson])))]
pub async fn org_history(
    user: ApiUser,
    Path(code): Path<String>,
) -> Result<Json<Vec<OrgJson>>, ApiError> {
    Ok(Json(
        user.store
            .org_history(&code)
            .await?
            .into_iter()
            .map(OrgJson::from)
            .collect(),
    ))
}

/// New org unit.
#[derive(Deserialize, ToSchema)]
pub struct CreateOrgRequest {
    pub code: String,
    pub kind: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub credit_code: Option<String>,
    /// YYYY-MM-DD, default today
    pub valid_from: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/orgs", request_body = CreateOrgRequest,
    responses((status = 201, body = OrgJson), (status = 422, body = crate::error::ErrorBody),
              (status = 409, body = crate::error::ErrorBody)))]
pub async fn create_org(
    user: ApiUser,
    body: Result<Json<CreateOrgRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<OrgJson>), ApiError> {
    let req = json_body(body)?;
    let valid_from = parse_date(req.valid_from.as_deref(), "生效日期")?;
    let unit = NewOrgUnit::parse(
        &req.code,
        &req.kind,
        &req.name,
        req.credit_code.as_deref(),
        valid_from,
    )?;
    let org = user
        .store
        .create_org(unit, req.parent_code.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(org.into())))
}

/// Change of an org unit from a date on (rename, credit code, move).
#[derive(Deserialize, ToSchema)]
pub struct ChangeOrgRequest {
    pub name: Option<String>,
    pub credit_code: Option<String>,
    pub parent_code: Option<String>,
    /// YYYY-MM-DD, default today
    pub effective: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/orgs/{code}", params(("code" = String, Path)), request_body = ChangeOrgRequest,
    responses((status = 200, body = OrgJson), (status = 422, body = crate::error::ErrorBody)))]
pub async fn change_org(
    user: ApiUser,
    Path(code): Path<String>,
    body: Result<Json<ChangeOrgRequest>, JsonRejection>,
) -> Result<Json<OrgJson>, ApiError> {
    let req = json_body(body)?;
    let effective = parse_date(req.effective.as_deref(), "生效日期")?;
    let change = OrgChange {
        name: req.name,
        credit_code: req.credit_code.map(Some),
        parent_code: req.parent_code,
    };
    Ok(Json(
        user.store
            .change_org(&code, change, effective)
            .await?
            .into(),
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CloseQuery {
    /// YYYY-MM-DD, default today
    effective: Option<String>,
}

/// Closes a unit from a date on (history is kept).
#[utoipa::path(delete, path = "/api/v1/orgs/{code}", params(("code" = String, Path), CloseQuery),
    responses((status = 200, body = OrgJson), (status = 409, body = crate::error::ErrorBody)))]
pub async fn close_org(
    user: ApiUser,
    Path(code): Path<String>,
    Query(q): Query<CloseQuery>,
) -> Result<Json<OrgJson>, ApiError> {
    let effective = parse_date(q.effective.as_deref(), "撤销日期")?;
    Ok(Json(user.store.close_org(&code, effective).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct UserJson {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub scope: String,
    pub org_code: String,
    pub active: bool,
    pub must_change_password: bool,
    /// 电子邮箱 (the daily 待办 digest)
    pub email: Option<String>,
}

impl From<UserRow> for UserJson {
    fn from(u: UserRow) -> Self {
        Self {
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            scope: u.scope,
            org_code: u.org_code,
            active: u.active,
            must_change_password: u.must_change_password,
            email: u.email,
        }
    }
}

/// Accounts in scope (admin and office).
#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = [UserJson]), (status = 403)))]
pub async fn list_users(user: ApiUser) -> Result<Json<Vec<UserJson>>, ApiError> {
    Ok(Json(
        user.store
            .list_users()
            .await?
            .into_iter()
            .map(UserJson::from)
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CreateUserRequest {
    pub username: String,
    pub display_name: Option<String>,
    pub password: String,
    /// admin | office | clerk | viewer
    pub role: String,
    pub org_code: String,
    /// unit | subtree | all
    pub scope: String,
}

#[utoipa::path(post, path = "/api/v1/users", request_body = CreateUserRequest,
    responses((status = 201, body = UserJson), (status = 403), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_user(
    user: ApiUser,
    body: Result<Json<CreateUserRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<UserJson>), ApiError> {
    let req = json_body(body)?;
    let new = NewUser {
        username: req.username,
        display_name: req.display_name.unwrap_or_default(),
        password: req.password,
        role: Role::parse(&req.role)?,
        org_code: req.org_code,
        scope: ScopeKind::parse(&req.scope)?,
    };
    Ok((
        StatusCode::CREATED,
        Json(user.store.create_user(new).await?.into()),
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    entity: Option<String>,
    entity_id: Option<String>,
    actor: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPageJson {
    pub total: i64,
    pub items: Vec<AuditJson>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditJson {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: String,
    pub after: String,
    pub hash: String,
}

impl From<AuditRow> for AuditJson {
    fn from(r: AuditRow) -> Self {
        Self {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: r.before_json,
            after: r.after_json,
            hash: r.hash,
        }
    }
}

/// Audit entries, newest first (admin and office).
#[utoipa::path(get, path = "/api/v1/audit", params(AuditQuery), responses((status = 200, body = AuditPageJson), (status = 403)))]
pub async fn list_audit(
    user: ApiUser,
    Query(q): Query<AuditQuery>,
) -> Result<Json<AuditPageJson>, ApiError> {
    let filter = AuditFilter {
        entity: q.entity,
        entity_id: q.entity_id,
        actor: q.actor,
        limit: q.limit.unwrap_or(50),
        offset: q.offset.unwrap_or(0),
        ..AuditFilter::default()
    };
    let (total, rows) = user.store.list_audit(&filter).await?;
    Ok(Json(AuditPageJson {
        total,
        items: rows.into_iter().map(AuditJson::from).collect(),
    }))
}
