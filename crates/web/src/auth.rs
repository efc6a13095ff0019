//! 登录与会话 — login and logout (page and API), the session cookie, the extractors that give
//! handlers the current user's scoped store, and CSRF checks.
//!
//! The session cookie is HttpOnly and SameSite=Strict. Every page form carries the session's
//! CSRF token; the login form uses a double-submit cookie; API writes send `X-CSRF-Token`.

use askama::Template;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use fazhi_store::{LoginOutcome, ScopedStore, SessionInfo};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::{ApiError, PageError};
use crate::security::{ClientAddr, cookie_header};

pub const SESSION_COOKIE: &str = "fazhi_session";
const LOGIN_CSRF_COOKIE: &str = "fazhi_login_csrf";

/// The value of cookie `name` in the request, if any.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The session cookie lives as long as the session can (the store ends it sooner when idle).
const SESSION_COOKIE_SECS: i64 = fazhi_store::SESSION_HOURS * 3600;

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The signed-in user of a page request; unauthenticated requests are sent to the login page.
pub struct PageUser {
    pub session: SessionInfo,
    pub store: ScopedStore,
    /// 未读站内信 of the user's unit, for the count in the navigation.
    pub unread: i64,
    /// Forms returned to the user's unit or waiting for its review (待办), for the navigation.
    pub waiting: i64,
}

/// The signed-in user of an API request; unauthenticated requests get 401.
pub struct ApiUser {
    pub store: ScopedStore,
}

async fn current(
    parts: &Parts,
    state: &AppState,
) -> Result<Option<(SessionInfo, ScopedStore)>, fazhi_store::StoreError> {
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let Some(session) = state.store.unscoped_session(&token).await? else {
        return Ok(None);
    };
    let store = state.store.scoped(session.principal.clone()).await?;
    Ok(Some((session, store)))
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match current(parts, state).await {
            Ok(Some((session, store))) => {
                let counts =
                    async { Ok((store.unread_messages().await?, store.forms_waiting().await?)) };
                let (unread, waiting) = counts
                    .await
                    .map_err(|e: fazhi_store::StoreError| PageError::from(e).into_response())?;
                Ok(Self {
                    session,
                    store,
                    unread,
                    waiting,
                })
            }
            Ok(None) => Err(Redirect::to("/login").into_response()),
            Err(e) => Err(PageError::from(e).into_response()),
        }
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = current(parts, state).await?;
        let (session, store) = user.ok_or_else(|| {
            ApiError::new(StatusCode::UNAUTHORIZED, "未登录或会话已过期,请先登录")
        })?;
        let writes = !matches!(
            parts.method,
            axum::http::Method::GET | axum::http::Method::HEAD
        );
        if writes {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !same_secret(sent, &session.csrf_token) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "缺少或错误的 X-CSRF-Token 请求头(登录响应中的 csrf_token)",
                ));
            }
        }
        Ok(Self { store })
    }
}

impl PageUser {
    /// Rejects a form whose CSRF token does not match the session's.
    pub fn check_csrf(&self, sent: &str) -> Result<(), PageError> {
        if same_secret(sent, &self.session.csrf_token) {
            Ok(())
        } else {
            Err(PageError::new(
                StatusCode::FORBIDDEN,
                "表单已过期或来源不明(CSRF 校验失败),请刷新页面后重试",
            ))
        }
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    error: String,
    username: String,
}

pub async fn login_page(State(state): State<AppState>) -> Result<Response, PageError> {
    render_login(&state, String::new(), String::new(), StatusCode::OK)
}

fn render_login(
    state: &AppState,
    error: String,
    username: String,
    status: StatusCode,
) -> Result<Response, PageError> {
    let csrf = random_token();
    let page = LoginPage {
        csrf: csrf.clone(),
        error,
        username,
    };
    let mut response = (status, Html(page.render()?)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(state, LOGIN_CSRF_COOKIE, &csrf, 3600),
    );
    Ok(response)
}

fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

pub async fn login_form(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(&form.csrf, &expected) {
        return render_login(
            &state,
            "页面已过期,请重新登录".into(),
            form.username,
            StatusCode::FORBIDDEN,
        );
    }
    match state
        .store
        .unscoped_login(&form.username, &form.password, &client)
        .await?
    {
        LoginOutcome::Success {
            token,
            must_change_password,
            ..
        } => {
            // An account still on its printed password is told to change it first.
            let next = if must_change_password {
                "/account/password"
            } else {
                "/"
            };
            let mut response = Redirect::to(next).into_response();
            let headers = response.headers_mut();
            headers.append(
                header::SET_COOKIE,
                cookie_header(&state, SESSION_COOKIE, &token, SESSION_COOKIE_SECS),
            );
            headers.append(
                header::SET_COOKIE,
                cookie_header(&state, LOGIN_CSRF_COOKIE, "", 0),
            );
            Ok(response)
        }
        LoginOutcome::BadCredentials => render_login(
            &state,
            "用户名或密码错误".into(),
            form.username,
            StatusCode::UNAUTHORIZED,
        ),
        LoginOutcome::Throttled { until } => render_login(
            &state,
            throttled_message(until),
            form.username,
            StatusCode::TOO_MANY_REQUESTS,
        ),
    }
}

fn throttled_message(until: chrono::DateTime<chrono::Utc>) -> String {
    let shown = chrono::FixedOffset::east_opt(8 * 3600)
        .map(|beijing| {
            until
                .with_timezone(&beijing)
                .format("%H:%M(北京时间)")
                .to_string()
        })
        .unwrap_or_else(|| until.format("%H:%M UTC").to_string());
    format!("登录失败次数过多,暂停登录至 {shown},请稍后再试或联系管理员")
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

pub async fn logout_form(
    State(state): State<AppState>,
    user: PageUser,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&form.csrf)?;
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.unscoped_logout(&token).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(&state, SESSION_COOKIE, "", 0),
    );
    Ok(response)
}

/// `POST /api/v1/login` body.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// `POST /api/v1/login` answer; the session cookie is set alongside.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LoginResponse {
    pub username: String,
    pub role: String,
    pub scope: String,
    /// Send back as the `X-CSRF-Token` header on every API write.
    pub csrf_token: String,
    /// The account still has its printed password: change it (`POST /api/v1/me/password`).
    pub must_change_password: bool,
}

/// Logs in and sets the session cookie.
#[utoipa::path(post, path = "/api/v1/login", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = crate::error::ErrorBody),
              (status = 429, body = crate::error::ErrorBody)))]
pub async fn api_login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    body: Result<Json<LoginRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(request) = body.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "请求体应为 JSON {{\"username\":…,\"password\":…}}:{}",
                e.body_text()
            ),
        )
    })?;
    match state
        .store
        .unscoped_login(&request.username, &request.password, &client)
        .await?
    {
        LoginOutcome::Success {
            token,
            csrf_token,
            principal,
            must_change_password,
        } => {
            let body = LoginResponse {
                username: principal.username,
                role: principal.role.as_str().to_owned(),
                scope: principal.scope.as_str().to_owned(),
                csrf_token,
                must_change_password,
            };
            let mut response = Json(body).into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                cookie_header(&state, SESSION_COOKIE, &token, SESSION_COOKIE_SECS),
            );
            Ok(response)
        }
        LoginOutcome::BadCredentials => {
            Err(ApiError::new(StatusCode::UNAUTHORIZED, "用户名或密码错误"))
        }
        LoginOutcome::Throttled { until } => Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            throttled_message(until),
        )),
    }
}

/// Ends the session.
#[utoipa::path(post, path = "/api/v1/logout", responses((status = 204)))]
pub async fn api_logout(
    State(state): State<AppState>,
    _user: ApiUser,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.unscoped_logout(&token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
