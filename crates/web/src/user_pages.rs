//! 账号管理页面 — list accounts in scope and add new ones (admins).

use askama::Template;
use axum::Form;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_store::{NewUser, StoreError, UserRow};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::{Choice, Flash, Layout, choices};

pub struct UserLine {
    pub username: String,
    pub display_name: String,
    pub role_label: &'static str,
    pub scope_label: &'static str,
    pub org_code: String,
    pub org_name: String,
    pub active: bool,
}

impl From<UserRow> for UserLine {
    fn from(u: UserRow) -> Self {
        Self {
            role_label: Role::parse(&u.role).map(Role::label).unwrap_or("未知"),
            scope_label: ScopeKind::parse(&u.scope)
                .map(ScopeKind::label)
                .unwrap_or("未知"),
            username: u.username,
            display_name: u.display_name,
            org_code: u.org_code,
            org_name: u.org_name,
            active: u.active,
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
    render(&user, UserForm::default(), String::new(), flash.msg).await
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
