//! 组织机构页面 — browse the tree, add, edit, move and close units.

use fazhi_domain::OrgId;
use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use fazhi_domain::account::ScopeKind;
use fazhi_domain::org::{NewOrgUnit, OrgKind};
use fazhi_store::{OrgChange, OrgRow, StoreError};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::{Choice, Flash, Layout, choices};

/// A unit placed in the flattened tree with its depth.
pub struct TreeNode {
    pub org: OrgRow,
    pub depth: usize,
    pub kind_label: &'static str,
}

/// Orders units depth-first under their parents; units whose parent is out of scope are roots.
pub fn flatten_tree(orgs: Vec<OrgRow>) -> Vec<TreeNode> {
    let ids: std::collections::HashSet<OrgId> = orgs.iter().map(|o| o.id).collect();
    let mut children: HashMap<Option<OrgId>, Vec<OrgRow>> = HashMap::new();
    for org in orgs {
        let key = org.parent_id.filter(|p| ids.contains(p));
        children.entry(key).or_default().push(org);
    }
    let mut out = Vec::new();
    let mut stack: Vec<(OrgRow, usize)> = children
        .remove(&None)
        .unwrap_or_default()
        .into_iter()
        .rev()
        .map(|o| (o, 0))
        .collect();
    while let Some((org, depth)) = stack.pop() {
        if let Some(kids) = children.remove(&Some(org.id)) {
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
        let kind_label = org.kind_label();
        out.push(TreeNode {
            org,
            depth,
            kind_label,
        });
    }
    out
}

#[derive(Default, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    parent_code: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    credit_code: String,
    #[serde(default)]
    valid_from: String,
}

#[derive(Template)]
#[template(path = "orgs.html")]
struct TreePage {
    layout: Layout,
    nodes: Vec<TreeNode>,
    can_manage: bool,
    sees_all: bool,
    kinds: Vec<Choice>,
    parents: Vec<Choice>,
    form: CreateForm,
    error: String,
    message: String,
}

pub async fn tree(
    user: PageUser,
    axum::extract::Query(flash): axum::extract::Query<Flash>,
) -> Result<Html<String>, PageError> {
    // Most new units are departments; the unit pages offer the usual kind for their children.
    let form = CreateForm {
        kind: OrgKind::Department.as_str().to_owned(),
        ..CreateForm::default()
    };
    render_tree(&user, form, String::new(), flash.msg).await
}

async fn render_tree(
    user: &PageUser,
    form: CreateForm,
    error: String,
    message: String,
) -> Result<Html<String>, PageError> {
    let principal = &user.session.principal;
    let nodes = flatten_tree(user.store.list_orgs().await?);
    let page = TreePage {
        layout: Layout::new(user, "orgs"),
        parents: choices(
            nodes
                .iter()
                .map(|n| (n.org.code.clone(), n.org.name.clone())),
            &form.parent_code,
        ),
        nodes,
        can_manage: principal.role.can_manage_orgs(),
        sees_all: principal.scope == ScopeKind::All,
        kinds: choices(
            OrgKind::ALL.iter().map(|k| (k.as_str(), k.label())),
            &form.kind,
        ),
        form,
        error,
        message,
    };
    Ok(Html(page.render()?))
}

/// Parses a form date; empty means today.
pub fn form_date(text: &str, field: &'static str) -> Result<NaiveDate, StoreError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(crate::home::today());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        fazhi_domain::DomainError::invalid(field, format!("「{text}」不是有效日期,应为 YYYY-MM-DD"))
            .into()
    })
}

pub async fn create(user: PageUser, Form(form): Form<CreateForm>) -> Result<Response, PageError> {
    user.check_csrf(&form.csrf)?;
    let result = async {
        let valid_from = form_date(&form.valid_from, "生效日期")?;
        let unit = NewOrgUnit::parse(
            &form.code,
            &form.kind,
            &form.name,
            Some(&form.credit_code),
            valid_from,
        )?;
        user.store.create_org(unit, Some(&form.parent_code)).await
    }
    .await;
    match result {
        Ok(org) => Ok(Redirect::to(&format!("/orgs/{}?msg=已新增", org.code)).into_response()),
        Err(
            err @ (StoreError::Invalid(_) | StoreError::Conflict(_) | StoreError::NotFound { .. }),
        ) => {
            let status = crate::error::classify(&err).0;
            let html = render_tree(&user, form, err.to_string(), String::new()).await?;
            Ok((status, html).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "org_detail.html")]
struct DetailPage {
    layout: Layout,
    org: OrgRow,
    kind_label: &'static str,
    /// The parent's name when it lies in scope.
    parent_name: Option<String>,
    /// 新增下级机构: the kinds, with the usual one for this parent selected.
    child_kinds: Vec<Choice>,
    /// The start of a new sub-unit's code (`520203-`).
    child_code: String,
    history: Vec<OrgRow>,
    can_manage: bool,
    today: NaiveDate,
    message: String,
    error: String,
}

pub async fn detail(
    user: PageUser,
    Path(code): Path<String>,
    axum::extract::Query(flash): axum::extract::Query<Flash>,
) -> Result<Html<String>, PageError> {
    render_detail(&user, &code, flash.msg, String::new()).await
}

async fn render_detail(
    user: &PageUser,
    code: &str,
    message: String,
    error: String,
) -> Result<Html<String>, PageError> {
    let org = user.store.get_org(code).await?;
    let parent_name = match &org.parent_code {
        Some(parent) => user.store.get_org(parent).await.ok().map(|p| p.name),
        None => None,
    };
    let child_kind = org.kind.default_child();
    let page = DetailPage {
        layout: Layout::new(user, "orgs"),
        kind_label: org.kind_label(),
        parent_name,
        child_kinds: choices(
            OrgKind::ALL.iter().map(|k| (k.as_str(), k.label())),
            child_kind.as_str(),
        ),
        child_code: format!("{}-", org.region_code),
        history: user.store.org_history(code).await?,
        org,
        can_manage: user.session.principal.role.can_manage_orgs(),
        today: crate::home::today(),
        message,
        error,
    };
    Ok(Html(page.render()?))
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    name: Option<String>,
    credit_code: Option<String>,
    parent_code: Option<String>,
    #[serde(default)]
    effective: String,
}

async fn after_change(
    user: &PageUser,
    code: &str,
    result: Result<OrgRow, StoreError>,
    done: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(org) if org.valid_to.is_some() => {
            Ok(Redirect::to(&format!("/orgs?msg={}「{}」", done, org.name)).into_response())
        }
        Ok(org) => Ok(Redirect::to(&format!("/orgs/{}?msg={done}", org.code)).into_response()),
        Err(err @ (StoreError::Invalid(_) | StoreError::Conflict(_))) => {
            let html = render_detail(user, code, String::new(), err.to_string()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// 变更 — one handler for the rename/credit-code form and the move form: each sends only its
/// own fields, and what is absent stays as it is.
pub async fn change(
    user: PageUser,
    Path(code): Path<String>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&form.csrf)?;
    let result = match form_date(&form.effective, "生效日期") {
        Ok(date) => {
            let change = OrgChange {
                name: form.name,
                credit_code: form.credit_code.map(Some),
                parent_code: form.parent_code,
            };
            user.store.change_org(&code, change, date).await
        }
        Err(e) => Err(e),
    };
    after_change(&user, &code, result, "已保存").await
}

pub async fn close(
    user: PageUser,
    Path(code): Path<String>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&form.csrf)?;
    let result = match form_date(&form.effective, "撤销日期") {
        Ok(date) => user.store.close_org(&code, date).await,
        Err(e) => Err(e),
    };
    after_change(&user, &code, result, "已撤销").await
}
