//! 报表接口 — the review flow through the JSON API: the data sets, the forms in scope, one
//! form's values, saving them, and the steps 上报、撤回、审核通过、退回、取消审核.

use std::collections::BTreeMap;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use fazhi_review::{Severity, Step};
use fazhi_store::{FormRow, FormStep, ImportOptions, ReportedInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::json_body;
use crate::auth::ApiUser;
use crate::error::ApiError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/data-sets", get(list_data_sets))
        .route("/forms", get(list_forms))
        .route("/forms/{set}/{period}/{org}", get(get_form).put(save_form))
        .route("/forms/{set}/{period}/{org}/{step}", post(step_form))
}

/// 报表 as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct DataSetJson {
    pub code: String,
    pub name: String,
    /// 年报 | 半年报 | 季报 | 月报
    pub period_type: String,
    /// 报送期限 in words
    pub due: String,
    /// Catalog keys in the form's order
    pub keys: Vec<String>,
    pub source: Option<String>,
}

/// The data sets in effect.
#[utoipa::path(get, path = "/api/v1/data-sets", responses((status = 200, body = Vec<DataSetJson>)))]
pub async fn list_data_sets(user: ApiUser) -> Result<Json<Vec<DataSetJson>>, ApiError> {
    let sets = user.store.data_sets().await?;
    Ok(Json(
        sets.all()
            .iter()
            .map(|s| DataSetJson {
                code: s.code.clone(),
                name: s.name.clone(),
                period_type: fazhi_review::grain_label(s.grain).to_owned(),
                due: s.due_words(),
                keys: s.keys.clone(),
                source: s.source.clone(),
            })
            .collect(),
    ))
}

/// One unit's form as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct FormJson {
    pub org_code: String,
    pub org_name: String,
    pub data_set: String,
    pub period: String,
    /// draft | submitted | returned | approved
    pub status: String,
    pub status_label: String,
    pub first_submitted_at: Option<String>,
    pub submitted_at: Option<String>,
    pub submitted_by: Option<String>,
    pub comment: Option<String>,
    pub reviewed_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub reason: Option<String>,
    /// 发布日期 of an accepted annual report
    pub published_at: Option<String>,
}

impl From<FormRow> for FormJson {
    fn from(f: FormRow) -> Self {
        Self {
            status_label: f.status().map_or("", |s| s.label()).to_owned(),
            org_code: f.org_code,
            org_name: f.org_name,
            data_set: f.data_set,
            period: f.period,
            status: f.status,
            first_submitted_at: f.first_submitted_at,
            submitted_at: f.submitted_at,
            submitted_by: f.submitted_by,
            comment: f.comment,
            reviewed_at: f.reviewed_at,
            reviewed_by: f.reviewed_by,
            reason: f.reason,
            published_at: f.published_at,
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct FormsQuery {
    /// Data set code
    set: Option<String>,
    /// 2024, 2024Q1, 202403 …
    period: Option<String>,
}

/// The stored forms of units in scope.
#[utoipa::path(get, path = "/api/v1/forms", params(FormsQuery),
    responses((status = 200, body = Vec<FormJson>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn list_forms(
    user: ApiUser,
    Query(q): Query<FormsQuery>,
) -> Result<Json<Vec<FormJson>>, ApiError> {
    let period = match q.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(period_code(p)?),
        None => None,
    };
    let forms = user
        .store
        .list_forms(q.set.as_deref(), period.as_deref())
        .await?;
    Ok(Json(forms.into_iter().map(FormJson::from).collect()))
}

fn period_code(text: &str) -> Result<String, ApiError> {
    fazhi_store::parse_period(text).map_err(|message| unprocessable(message, "期间"))
}

fn unprocessable(message: String, field: &'static str) -> ApiError {
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message,
        field: Some(field),
    }
}

/// A form with its values.
#[derive(Serialize, ToSchema)]
pub struct FormValuesJson {
    /// `null` until the form is first saved
    pub form: Option<FormJson>,
    /// Values by catalog key
    pub values: BTreeMap<String, f64>,
}

/// One unit's form and its values.
#[utoipa::path(get, path = "/api/v1/forms/{set}/{period}/{org}",
    params(("set" = String, Path), ("period" = String, Path), ("org" = String, Path)),
    responses((status = 200, body = FormValuesJson), (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn get_form(
    user: ApiUser,
    Path((set, period, org)): Path<(String, String, String)>,
) -> Result<Json<FormValuesJson>, ApiError> {
    let period = period_code(&period)?;
    let sets = user.store.data_sets().await?;
    let set = sets
        .get(&set)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("报表「{set}」不存在")))?;
    let org = user.store.get_org(&org).await?;
    let values = user
        .store
        .form_values(&org.code, &period)
        .await?
        .into_iter()
        .filter(|(k, _)| set.keys.contains(k))
        .collect();
    let form = user
        .store
        .list_forms(Some(&set.code), Some(&period))
        .await?
        .into_iter()
        .find(|f| f.org_code == org.code)
        .map(FormJson::from);
    Ok(Json(FormValuesJson { form, values }))
}

/// Values to save into a form.
#[derive(Deserialize, ToSchema)]
pub struct SaveFormRequest {
    /// Values by catalog key
    pub values: BTreeMap<String, f64>,
}

/// 保存 — writes values into a form that is a draft or returned (a submitted or approved
/// form refuses every value).
#[utoipa::path(put, path = "/api/v1/forms/{set}/{period}/{org}",
    params(("set" = String, Path), ("period" = String, Path), ("org" = String, Path)),
    request_body = SaveFormRequest,
    responses((status = 200, body = FormValuesJson), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn save_form(
    user: ApiUser,
    Path((set, period, org)): Path<(String, String, String)>,
    body: Result<Json<SaveFormRequest>, JsonRejection>,
) -> Result<Json<FormValuesJson>, ApiError> {
    let req = json_body(body)?;
    let period = period_code(&period)?;
    let sets = user.store.data_sets().await?;
    let data_set = sets
        .get(&set)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("报表「{set}」不存在")))?;
    if let Some(key) = req.values.keys().find(|k| !data_set.keys.contains(k)) {
        return Err(unprocessable(
            format!("「{key}」不是《{}》的指标", data_set.name),
            "values",
        ));
    }
    let rows = req
        .values
        .iter()
        .map(|(key, value)| ReportedInput {
            line: 0,
            org_code: Some(org.clone()),
            period: period.clone(),
            indicator_key: key.clone(),
            value: *value,
            note: None,
            qualifier: None,
        })
        .collect();
    let outcome = user
        .store
        .save_reported_values(rows, &ImportOptions::default())
        .await?;
    if let Some(problem) = outcome.problems.first() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("未保存任何数值:「{}」{}", problem.value, problem.message),
        ));
    }
    get_form(user, Path((set, period, org))).await
}

/// A step's reason or comment.
#[derive(Deserialize, ToSchema, Default)]
pub struct StepRequest {
    /// 退回/取消审核 reason; the 说明 a submission with warnings needs
    #[serde(default)]
    pub text: Option<String>,
}

/// One finding of the submission checks.
#[derive(Serialize, ToSchema)]
pub struct FindingJson {
    pub key: String,
    /// error (blocks) | warning (needs a comment)
    pub severity: String,
    pub message: String,
}

/// What a step did.
#[derive(Serialize, ToSchema)]
pub struct StepJson {
    pub done: bool,
    pub needs_comment: bool,
    pub form: Option<FormJson>,
    pub findings: Vec<FindingJson>,
}

/// 上报 (submit), 撤回 (withdraw), 审核通过 (approve), 退回 (return) or 取消审核 (unapprove).
/// A submission the checks refuse answers 422 with the findings; a malformed body, 400.
#[utoipa::path(post, path = "/api/v1/forms/{set}/{period}/{org}/{step}",
    params(("set" = String, Path), ("period" = String, Path), ("org" = String, Path),
        ("step" = String, Path, description = "submit | withdraw | approve | return | unapprove | publish (an accepted annual report; text: the date)")),
    request_body = StepRequest,
    responses((status = 200, body = StepJson), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
        (status = 422, body = StepJson)))]
pub async fn step_form(
    user: ApiUser,
    Path((set, period, org, step)): Path<(String, String, String, String)>,
    body: Result<Json<StepRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    // A malformed body is 400 here: 422 is the submission the checks refuse, with findings.
    let req = json_body(body).map_err(|e| ApiError {
        status: StatusCode::BAD_REQUEST,
        ..e
    })?;
    let step = Step::parse(&step)
        .filter(|s| *s != Step::Save)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("操作「{step}」不存在,应为 submit、withdraw、approve、return、unapprove 或 publish"),
            )
        })?;
    let outcome = user
        .store
        .form_step(FormStep {
            org_code: &org,
            data_set: &set,
            period: &period,
            step,
            text: req.text.as_deref(),
        })
        .await?;
    let status = if outcome.done {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = StepJson {
        done: outcome.done,
        needs_comment: outcome.needs_comment,
        form: outcome.form.map(FormJson::from),
        findings: outcome
            .findings
            .into_iter()
            .map(|f| FindingJson {
                key: f.key,
                severity: match f.severity {
                    Severity::Block => "error",
                    Severity::Warn => "warning",
                }
                .to_owned(),
                message: f.message,
            })
            .collect(),
    };
    Ok((status, Json(body)).into_response())
}
