//! 账号管理页面 — list accounts in scope and add new ones (admins); one account's page with
//! its changes (role, scope, unit, 停用/启用, 重置密码); and every user's own password.

use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_store::{NewUser, StoreError, UserChange, UserRow};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::{Choice, Flash, Layout, choices};

pub struct UserLine {
    pub username: String,
    pub must_change_password: bool,
    pub display_name: String,
    pub role_label: &'static str,
    pub scope_label: &'static str,
    pub org_code: String,
    pub org_name: String,
    pub active: bool,
    /// 电子邮箱, empty when none.
    pub email: String,
}

impl From<UserRow> for UserLine {
    fn from(u: UserRow) -> Self {
        Self {
            role_label: Role::parse(&u.role).map(Role::label).unwrap_or("未知"),
            scope_label: ScopeKind::parse(&u.scope)
                .map(ScopeKind::label)
                .unwrap_or("未知"),
            must_change_password: u.must_change_password,
            username: u.username,
            display_name: u.display_name,
            org_code: u.org_code,
            org_name: u.org_name,
            active: u.active,
            email: u.email.unwrap_or_default(),
        }
    }
}

#[derive(Default, Deserialize)]
pub struct UserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    org_code: String,
    #[serde(default)]
    scope: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserLine>,
    can_manage: bool,
    roles: Vec<Choice>,
    scopes: Vec<Choice>,
    orgs: Vec<Choice>,
    form: UserForm,
    error: String,
    message: String,
}

pub async fn list(
    user: PageUser,
    axum::extract::Query(flash): axum::extract::Query<Flash>,
) -> Result<Html<String>, PageError> {
    // A new account starts as 业务人员 of 本单位, never as an administrator.
    let form = UserForm {
        role: Role::Clerk.as_str().to_owned(),
        scope: ScopeKind::Unit.as_str().to_owned(),
        ..UserForm::default()
    };
    render(&user, form, String::new(), flash.msg).await
}

async fn render(
    user: &PageUser,
    form: UserForm,
    error: String,
    message: String,
) -> Result<Html<String>, PageError> {
    let users = user
        .store
        .list_users()
        .await?
        .into_iter()
        .map(UserLine::from)
        .collect();
    let orgs = choices(
        user.store
            .list_orgs()
            .await?
            .into_iter()
            .map(|o| (o.code, o.name)),
        &form.org_code,
    );
    let page = UsersPage {
        layout: Layout::new(user, "users"),
        users,
        can_manage: user.session.principal.role.can_manage_users(),
        roles: choices(
            Role::ALL.iter().map(|r| (r.as_str(), r.label())),
            &form.role,
        ),
        scopes: choices(
            ScopeKind::ALL.iter().map(|s| (s.as_str(), s.label())),
            &form.scope,
        ),
        orgs,
        form,
        error,
        message,
    };
    Ok(Html(page.render()?))
}

pub async fn create(user: PageUser, Form(form): Form<UserForm>) -> Result<Response, PageError> {
    user.check_csrf(&form.csrf)?;
    let result = async {
        let new = NewUser {
            username: form.username.clone(),
            display_name: form.display_name.clone(),
            password: form.password.clone(),
            role: Role::parse(&form.role)?,
            org_code: form.org_code.clone(),
            scope: ScopeKind::parse(&form.scope)?,
        };
        user.store.create_user(new).await
    }
    .await;
    match result {
        Ok(created) => Ok(
            Redirect::to(&format!("/users?msg=已新增账号 {}", created.username)).into_response(),
        ),
        Err(
            err @ (StoreError::Invalid(_) | StoreError::Conflict(_) | StoreError::NotFound { .. }),
        ) => {
            let html = render(
                &user,
                UserForm {
                    password: String::new(),
                    ..form
                },
                err.to_string(),
                String::new(),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "user_detail.html")]
struct UserDetailPage {
    layout: Layout,
    account: UserLine,
    can_manage: bool,
    refusal: String,
    roles: Vec<Choice>,
    scopes: Vec<Choice>,
    orgs: Vec<Choice>,
    error: String,
    message: String,
}

async fn render_detail(
    user: &PageUser,
    username: &str,
    error: String,
    message: String,
) -> Result<Html<String>, PageError> {
    let row = user.store.get_user(username).await?;
    let me = &user.session.principal;
    let refusal = if !me.role.can_manage_users() {
        "您的角色不能修改账号。".to_owned()
    } else if row.id == me.user_id {
        "这是您本人的账号:修改密码请用「修改密码」。".to_owned()
    } else {
        let role = Role::parse(&row.role).map_err(StoreError::from)?;
        let scope = ScopeKind::parse(&row.scope).map_err(StoreError::from)?;
        fazhi_domain::account::check_grant(me, role, scope)
            .err()
            .map(|e| format!("{}:该账号超出您的管理范围。", e.0))
            .unwrap_or_default()
    };
    let orgs = user.store.list_orgs().await?;
    let page = UserDetailPage {
        layout: Layout::new(user, "users"),
        can_manage: refusal.is_empty(),
        refusal,
        roles: choices(Role::ALL.iter().map(|r| (r.as_str(), r.label())), &row.role),
        scopes: choices(
            ScopeKind::ALL.iter().map(|s| (s.as_str(), s.label())),
            &row.scope,
        ),
        orgs: choices(orgs.into_iter().map(|o| (o.code, o.name)), &row.org_code),
        account: UserLine::from(row),
        error,
        message,
    };
    Ok(Html(page.render()?))
}

/// GET /users/{username}
pub async fn detail(
    user: PageUser,
    Path(username): Path<String>,
    axum::extract::Query(flash): axum::extract::Query<Flash>,
) -> Result<Html<String>, PageError> {
    render_detail(&user, &username, String::new(), flash.msg).await
}

#[derive(Default, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    org_code: String,
    #[serde(default)]
    scope: String,
    /// `deactivate` / `activate` / empty (keep)
    #[serde(default)]
    active: String,
    /// 电子邮箱; empty removes it.
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

fn redirect_to_account(username: &str, msg: &str) -> Response {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("msg", msg)
        .finish();
    let name: String = form_urlencoded::byte_serialize(username.as_bytes()).collect();
    Redirect::to(&format!("/users/{name}?{query}")).into_response()
}

/// Shows a refused input on the account's page; other errors become error pages.
async fn detail_or_error(
    user: &PageUser,
    username: &str,
    err: StoreError,
) -> Result<Response, PageError> {
    match err {
        StoreError::Invalid(_) | StoreError::Conflict(_) => {
            let html = render_detail(user, username, err.to_string(), String::new()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        other => Err(other.into()),
    }
}

/// POST /users/{username} — role, scope, unit, name, or 停用/启用.
pub async fn change(
    user: PageUser,
    Path(username): Path<String>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&form.csrf)?;
    let change = async {
        let active = match form.active.as_str() {
            "deactivate" => Some(false),
            "activate" => Some(true),
            _ => None,
        };
        let keep_rest = active.is_some();
        let pick =
            |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty() && !keep_rest);
        Ok::<_, StoreError>(UserChange {
            display_name: pick(&form.display_name),
            role: pick(&form.role).map(|r| Role::parse(&r)).transpose()?,
            scope: pick(&form.scope)
                .map(|s| ScopeKind::parse(&s))
                .transpose()?,
            org_code: pick(&form.org_code),
            active,
            email: (!keep_rest).then(|| form.email.trim().to_owned()),
        })
    }
    .await;
    let result = match change {
        Ok(change) => user.store.update_user(&username, change).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(redirect_to_account(&username, "已保存")),
        Err(e) => detail_or_error(&user, &username, e).await,
    }
}

/// POST /users/{username}/password — 重置密码 by an administrator.
pub async fn reset(
    user: PageUser,
    Path(username): Path<String>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&form.csrf)?;
    match user.store.reset_password(&username, &form.password).await {
        Ok(()) => Ok(redirect_to_account(
            &username,
            "密码已重置,该账号的登录已全部失效,下次登录时须修改密码",
        )),
        Err(e) => detail_or_error(&user, &username, e).await,
    }
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    layout: Layout,
    error: String,
    message: String,
}

/// GET /account/password
pub async fn password_form(
    user: PageUser,
    axum::extract::Query(flash): axum::extract::Query<Flash>,
) -> Result<Html<String>, PageError> {
    let page = PasswordPage {
        layout: Layout::new(&user, "password"),
        error: String::new(),
        message: flash.msg,
    };
    Ok(Html(page.render()?))
}

#[derive(Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// POST /account/password — the signed-in user's own password.
pub async fn change_password(
    user: PageUser,
    headers: axum::http::HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&form.csrf)?;
    let token = crate::auth::cookie(&headers, crate::auth::SESSION_COOKIE).unwrap_or_default();
    let result = if form.new != form.confirm {
        Err(StoreError::Invalid(fazhi_domain::DomainError::invalid(
            "确认新密码",
            "与新密码不一致",
        )))
    } else {
        user.store
            .change_own_password(&form.current, &form.new, &token)
            .await
    };
    match result {
        Ok(()) => Ok(
            Redirect::to("/account/password?msg=密码已修改,您在其他地方的登录已失效")
                .into_response(),
        ),
        Err(err @ StoreError::Invalid(_)) => {
            let page = PasswordPage {
                layout: Layout::new(&user, "password"),
                error: err.to_string(),
                message: String::new(),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
