//! 报表填报页面 — `/forms`: the forms my units report (data set × period) with their state and
//! due date; `/forms/{set}/{period}?org=`: one form to fill, save, submit (with a 说明 when the
//! checks warn) or withdraw.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use fazhi_catalog::Catalog;
use fazhi_indicators::{Period, fmt_number};
use fazhi_review::{DataSet, Severity, Status, Step};
use fazhi_store::{FormRow, FormStep, ImportOptions, ReportedInput};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::{Choice, Layout, beijing_time, choices, today};
use crate::register_pages::form_values;

#[derive(Deserialize, Default)]
pub struct FormsQuery {
    #[serde(default)]
    set: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    msg: String,
}

/// One row of the forms list.
pub struct FormListRow {
    pub unit: String,
    pub period: String,
    pub due: String,
    pub status: String,
    pub late: bool,
    pub link: String,
}

#[derive(Template)]
#[template(path = "forms.html")]
struct FormsPage {
    layout: Layout,
    sets: Vec<Choice>,
    years: Vec<Choice>,
    set_name: String,
    due_words: String,
    rows: Vec<FormListRow>,
    message: String,
}

fn internal(e: impl ToString) -> PageError {
    PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// The state of a form in words, with 逾期 when it is late.
pub fn state_words(form: Option<&FormRow>) -> String {
    form.and_then(FormRow::status)
        .map_or("未填报", |s| s.label())
        .to_owned()
}

/// GET /forms?set=&year=
pub async fn list(user: PageUser, Query(q): Query<FormsQuery>) -> Result<Html<String>, PageError> {
    let sets = user.store.data_sets().await?;
    let set = sets
        .get(&q.set)
        .or_else(|| sets.all().first())
        .cloned()
        .ok_or_else(|| PageError::new(StatusCode::NOT_FOUND, "尚未定义任何报表"))?;
    let this_year = year_of(today());
    let year = q.year.parse::<i32>().unwrap_or(this_year - 1);
    let units = user.store.review_units().await?;
    let in_scope: std::collections::HashSet<_> =
        user.store.org_ids_in_scope().await?.into_iter().collect();
    let stored = user.store.list_forms(Some(&set.code), None).await?;
    let stored: HashMap<(i64, &str), &FormRow> = stored
        .iter()
        .map(|f| ((f.org_id, f.period.as_str()), f))
        .collect();
    let mut rows = Vec::new();
    for period in set
        .periods_of(year)
        .into_iter()
        .filter(|p| p.first_day() <= today())
    {
        let due = user.store.form_due_date(&set, period);
        for unit in units.reporters(&set).filter(|u| in_scope.contains(&u.id)) {
            let code = period.to_string();
            let form = stored.get(&(unit.id.get(), code.as_str())).copied();
            rows.push(FormListRow {
                unit: unit.name.clone(),
                period: period.label(),
                due: due.map_or_else(|| "暂无日历".to_owned(), |d| d.to_string()),
                status: state_words(form),
                late: due.is_some_and(|d| fazhi_review::is_late(first_day(form), d, today())),
                link: form_link(&set.code, &code, &unit.code),
            });
        }
    }
    let page = FormsPage {
        layout: Layout::new(&user, "forms"),
        sets: choices(
            sets.all().iter().map(|s| (s.code.clone(), s.name.clone())),
            &set.code,
        ),
        years: choices(
            (this_year - 3..=this_year)
                .rev()
                .map(|y| (y, format!("{y}年"))),
            &year.to_string(),
        ),
        set_name: set.name.clone(),
        due_words: set.due_words(),
        rows,
        message: q.msg,
    };
    Ok(Html(page.render()?))
}

fn year_of(day: NaiveDate) -> i32 {
    chrono::Datelike::year(&day)
}

fn first_day(form: Option<&FormRow>) -> Option<NaiveDate> {
    form.and_then(FormRow::first_submitted_day)
}

pub fn form_link(set: &str, period: &str, org: &str) -> String {
    format!("/forms/{set}/{period}?org={}", enc(org))
}

pub fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[derive(Deserialize, Default)]
pub struct FormQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    msg: String,
}

/// One indicator line of a form.
pub struct FormLine {
    pub key: String,
    pub name: String,
    pub unit: String,
    pub value: String,
    pub last_year: String,
}

/// One finding shown on a form.
pub struct FindingLine {
    pub blocks: bool,
    pub message: String,
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage {
    layout: Layout,
    set_code: String,
    set_name: String,
    period: String,
    period_label: String,
    orgs: Vec<Choice>,
    org: String,
    org_name: String,
    reviewer: String,
    due: String,
    status: String,
    editable: bool,
    can_withdraw: bool,
    /// 上报 and 审核: when and by whom; 退回/取消审核 reason.
    submitted: String,
    reviewed: String,
    reason: String,
    lines: Vec<FormLine>,
    /// The form is the unit's annual report: where to read and write it, when it was published.
    report: bool,
    report_link: String,
    published: String,
    findings: Vec<FindingLine>,
    comment: String,
    message: String,
    error: String,
}

/// What the fill page is about, checked.
async fn form_page(
    user: &PageUser,
    set_code: &str,
    period_text: &str,
    org: &str,
) -> Result<FormPage, PageError> {
    let sets = user.store.data_sets().await?;
    let set: DataSet = sets.get(set_code).cloned().ok_or_else(|| {
        PageError::new(StatusCode::NOT_FOUND, format!("报表「{set_code}」不存在"))
    })?;
    let period = Period::parse(period_text)
        .ok()
        .filter(|p| p.grain() == set.grain)
        .ok_or_else(|| {
            PageError::new(
                StatusCode::NOT_FOUND,
                format!("期间「{period_text}」不是《{}》的报送期间", set.name),
            )
        })?;
    let units = user.store.review_units().await?;
    let in_scope: std::collections::HashSet<_> =
        user.store.org_ids_in_scope().await?.into_iter().collect();
    let reporters: Vec<_> = units
        .reporters(&set)
        .filter(|u| in_scope.contains(&u.id))
        .collect();
    let unit = reporters
        .iter()
        .find(|u| u.code == org)
        .or_else(|| reporters.first())
        .ok_or_else(|| {
            PageError::new(
                StatusCode::NOT_FOUND,
                format!("您的数据范围内没有《{}》的报送单位", set.name),
            )
        })?;
    let code = period.to_string();
    let form = user
        .store
        .list_forms(Some(&set.code), Some(&code))
        .await?
        .into_iter()
        .find(|f| f.org_id == unit.id.get());
    let now = user.store.form_values(&unit.code, &code).await?;
    let last = user
        .store
        .form_values(&unit.code, &period.previous_year().to_string())
        .await?;
    let catalog = Catalog::embedded().map_err(internal)?;
    let lines = set
        .keys
        .iter()
        .filter_map(|key| {
            let i = catalog.get(key)?;
            Some(FormLine {
                key: key.clone(),
                name: i.name.clone(),
                unit: i.unit.clone(),
                value: now.get(key).map(|v| fmt_number(*v)).unwrap_or_default(),
                last_year: last.get(key).map(|v| fmt_number(*v)).unwrap_or_default(),
            })
        })
        .collect();
    let status = form.as_ref().and_then(FormRow::status);
    let can_write = user.session.principal.role.can_write_records();
    let reviewer = units.reviewer(&set, unit.id);
    Ok(FormPage {
        layout: Layout::new(user, "forms"),
        set_code: set.code.clone(),
        set_name: set.name.clone(),
        period: code.clone(),
        period_label: period.label(),
        orgs: choices(
            reporters.iter().map(|u| (u.code.clone(), u.name.clone())),
            &unit.code,
        ),
        org: unit.code.clone(),
        org_name: unit.name.clone(),
        reviewer: if reviewer == unit.id {
            format!("{}(本级自审)", unit.name)
        } else {
            units
                .get(reviewer)
                .map_or_else(String::new, |u| u.name.clone())
        },
        due: user.store.form_due_date(&set, period).map_or_else(
            || "暂无日历".to_owned(),
            |d| format!("{d}({})", set.due_words()),
        ),
        status: state_words(form.as_ref()),
        editable: can_write && status.is_none_or(Status::is_editable),
        can_withdraw: can_write && status == Some(Status::Submitted),
        comment: form
            .as_ref()
            .and_then(|f| f.comment.clone())
            .unwrap_or_default(),
        submitted: form
            .as_ref()
            .map_or_else(String::new, |f| who_when(&f.submitted_at, &f.submitted_by)),
        reviewed: form
            .as_ref()
            .map_or_else(String::new, |f| who_when(&f.reviewed_at, &f.reviewed_by)),
        reason: form
            .as_ref()
            .and_then(|f| f.reason.clone())
            .unwrap_or_default(),
        lines,
        report: set.report,
        report_link: format!(
            "{}?org={}&year={}",
            set.text.page(),
            enc(&unit.code),
            period.year()
        ),
        published: form
            .as_ref()
            .and_then(|f| f.published_at.clone())
            .unwrap_or_default(),
        findings: Vec::new(),
        message: String::new(),
        error: String::new(),
    })
}

/// GET /forms/{set}/{period}?org=
pub async fn page(
    user: PageUser,
    Path((set, period)): Path<(String, String)>,
    Query(q): Query<FormQuery>,
) -> Result<Html<String>, PageError> {
    let mut view = form_page(&user, &set, &period, &q.org).await?;
    view.message = q.msg;
    Ok(Html(view.render()?))
}

/// POST /forms/{set}/{period} — `action` = save | submit | withdraw, with `org`,
/// `value.<key>` and `comment`.
pub async fn post(
    user: PageUser,
    Path((set, period)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let fields = form_values(&body);
    user.check_csrf(fields.get("csrf").map(String::as_str).unwrap_or(""))?;
    let org = fields.get("org").cloned().unwrap_or_default();
    let action = fields.get("action").map(String::as_str).unwrap_or("save");
    let comment = fields
        .get("comment")
        .map(|c| c.trim().to_owned())
        .unwrap_or_default();
    let view = form_page(&user, &set, &period, &org).await?;
    let back = |msg: &str| {
        Redirect::to(&format!(
            "{}&msg={}",
            form_link(&view.set_code, &view.period, &view.org),
            enc(msg)
        ))
        .into_response()
    };
    if action == "withdraw" {
        let step = FormStep {
            org_code: &view.org,
            data_set: &view.set_code,
            period: &view.period,
            step: Step::Withdraw,
            text: None,
        };
        return match user.store.form_step(step).await {
            Ok(_) => Ok(back("已撤回,可修改后重新上报")),
            Err(e) => refused(view, e.to_string()),
        };
    }
    if view.editable
        && let Err(error) = save_values(&user, &view, &fields).await
    {
        return refused(view, error);
    }
    if action != "submit" {
        return Ok(back("已保存"));
    }
    let step = FormStep {
        org_code: &view.org,
        data_set: &view.set_code,
        period: &view.period,
        step: Step::Submit,
        text: Some(comment.as_str()),
    };
    let outcome = match user.store.form_step(step).await {
        Ok(outcome) => outcome,
        Err(e) => return refused(view, e.to_string()),
    };
    if outcome.done {
        return Ok(back("已上报,等待审核"));
    }
    let mut view = form_page(&user, &set, &period, &org).await?;
    view.findings = outcome
        .findings
        .into_iter()
        .map(|f| FindingLine {
            blocks: f.severity == Severity::Block,
            message: f.message,
        })
        .collect();
    view.comment = comment;
    view.error = if outcome.needs_comment {
        "数值已保存,但未上报:以下提示需要填写说明后再上报".to_owned()
    } else {
        "数值已保存,但未上报:请先改正以下错误".to_owned()
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
}

fn refused(mut view: FormPage, error: String) -> Result<Response, PageError> {
    view.error = error;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
}

/// Saves the posted values of the form's keys (empty fields are left as they are).
async fn save_values(
    user: &PageUser,
    view: &FormPage,
    fields: &std::collections::BTreeMap<String, String>,
) -> Result<(), String> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for line in &view.lines {
        let Some(text) = fields.get(&format!("value.{}", line.key)).map(|t| t.trim()) else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        match text.replace([',', ','], "").parse::<f64>() {
            Ok(value) if value.is_finite() => rows.push(ReportedInput {
                line: 0,
                org_code: Some(view.org.clone()),
                period: view.period.clone(),
                indicator_key: line.key.clone(),
                value,
                note: None,
                qualifier: None,
            }),
            _ => problems.push(format!("「{}」的值「{text}」应为数字", line.name)),
        }
    }
    if !problems.is_empty() {
        return Err(format!("未保存任何数值:{}", problems.join(";")));
    }
    let outcome = user
        .store
        .save_reported_values(rows, &ImportOptions::default())
        .await
        .map_err(|e| e.to_string())?;
    if outcome.problem_count > 0 {
        let what: Vec<String> = outcome.problems.iter().map(|p| p.message.clone()).collect();
        return Err(format!("未保存任何数值:{}", what.join(";")));
    }
    Ok(())
}

/// GET /forms/{set}/{period}/template?org= — the form as a workbook to fill and import.
pub async fn template(
    user: PageUser,
    Path((set, period)): Path<(String, String)>,
    Query(q): Query<FormQuery>,
) -> Result<Response, PageError> {
    let view = form_page(&user, &set, &period, &q.org).await?;
    let now = user.store.form_values(&view.org, &view.period).await?;
    let lines: Vec<fazhi_exchange::FormTemplateLine> = view
        .lines
        .iter()
        .map(|l| fazhi_exchange::FormTemplateLine {
            name: l.name.clone(),
            unit: l.unit.clone(),
            value: now.get(&l.key).copied(),
        })
        .collect();
    let (org, label, name) = (
        view.org.clone(),
        view.period_label.clone(),
        view.set_name.clone(),
    );
    let bytes = fazhi_exchange::blocking(move || {
        fazhi_exchange::form_template(&org, &label, &name, &lines)
    })
    .await
    .map_err(internal)?;
    let file = format!(
        "{}{}{}.xlsx",
        view.org_name, view.set_name, view.period_label
    );
    Ok(crate::import_pages::download(
        bytes,
        &file,
        crate::import_pages::XLSX,
    ))
}

/// 「2025-02-20 09:30 · 张三」 of a step, empty when it was not taken.
pub fn who_when(at: &Option<String>, by: &Option<String>) -> String {
    match (at, by) {
        (Some(at), Some(by)) => format!("{} · {by}", beijing_time(at)),
        (Some(at), None) => beijing_time(at),
        _ => String::new(),
    }
}
