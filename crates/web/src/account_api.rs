//! 账号接口 — changing accounts through the JSON API: an administrator's changes to another
//! account (within reach) and every user's own password.

use axum::extract::Path;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_store::UserChange;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::api::{UserJson, json_body};
use crate::auth::{ApiUser, SESSION_COOKIE, cookie};
use crate::error::ApiError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{username}", get(get_user).put(change_user))
        .route("/users/{username}/password", post(reset_password))
        .route("/me/password", post(change_own_password))
}

/// One account in scope.
#[utoipa::path(get, path = "/api/v1/users/{username}", params(("username" = String, Path)),
    responses((status = 200, body = UserJson), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_user(
    user: ApiUser,
    Path(username): Path<String>,
) -> Result<Json<UserJson>, ApiError> {
    Ok(Json(user.store.get_user(&username).await?.into()))
}

/// What to change of an account; absent fields keep their value.
#[derive(Deserialize, ToSchema)]
pub struct ChangeUserRequest {
    pub display_name: Option<String>,
    /// admin | office | clerk | viewer
    pub role: Option<String>,
    /// unit | subtree | all
    pub scope: Option<String>,
    pub org_code: Option<String>,
    /// false: 停用 (ends every session of the account); true: 启用
    pub active: Option<bool>,
    /// 电子邮箱 for the daily 待办 digest; "" removes it
    pub email: Option<String>,
}

/// Changes another account within the caller's reach (administrators).
#[utoipa::path(put, path = "/api/v1/users/{username}", params(("username" = String, Path)),
    request_body = ChangeUserRequest,
    responses((status = 200, body = UserJson), (status = 403, body = crate::error::ErrorBody),
              (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn change_user(
    user: ApiUser,
    Path(username): Path<String>,
    body: Result<Json<ChangeUserRequest>, JsonRejection>,
) -> Result<Json<UserJson>, ApiError> {
    let req = json_body(body)?;
    let change = UserChange {
        display_name: req.display_name,
        role: req.role.as_deref().map(Role::parse).transpose()?,
        scope: req.scope.as_deref().map(ScopeKind::parse).transpose()?,
        org_code: req.org_code,
        active: req.active,
        email: req.email,
    };
    Ok(Json(
        user.store.update_user(&username, change).await?.into(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ResetPasswordRequest {
    pub password: String,
}

/// Sets another account's password (administrators); it must be changed at the next login.
#[utoipa::path(post, path = "/api/v1/users/{username}/password", params(("username" = String, Path)),
    request_body = ResetPasswordRequest,
    responses((status = 204), (status = 403, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn reset_password(
    user: ApiUser,
    Path(username): Path<String>,
    body: Result<Json<ResetPasswordRequest>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let req = json_body(body)?;
    user.store.reset_password(&username, &req.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    pub current: String,
    pub new: String,
}

/// Changes the caller's own password; the caller's other sessions end.
#[utoipa::path(post, path = "/api/v1/me/password", request_body = ChangePasswordRequest,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody)))]
pub async fn change_own_password(
    user: ApiUser,
    headers: HeaderMap,
    body: Result<Json<ChangePasswordRequest>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let req = json_body(body)?;
    let token = cookie(&headers, SESSION_COOKIE).unwrap_or_default();
    user.store
        .change_own_password(&req.current, &req.new, &token)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
