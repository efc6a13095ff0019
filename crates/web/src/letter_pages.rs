//! 督办函 (issue 20) — `/rectifications/letter?org=`: the office picks a unit in its scope, sees
//! the unit's problems past their 整改时限 and not reported done, and sends a letter. Sending
//! writes the letter's 文号 into each listed problem and attaches the letter (督办函-<文号>.docx)
//! to each, in one transaction ([`fazhi_store::ScopedStore::set_field_on_records`]: audited
//! edits, so an earlier letter's number stays in the audit; one refusal writes nothing), and
//! returns the letter as a 公文 DOCX.

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use fazhi_domain::RecordId;
use fazhi_domain::account::Role;
use fazhi_domain::register::rectification::RECTIFICATIONS;
use fazhi_report::{LetterProblem, SupervisionLetter, supervision_letter, to_docx};
use fazhi_store::{RecordFilter, StoredRecord};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::{Choice, Layout, today};
use crate::register_pages::form_values;

/// At most this many problems go into one letter.
const MAX_PROBLEMS: i64 = 200;

#[derive(Deserialize, Default)]
pub struct LetterQuery {
    #[serde(default)]
    org: String,
}

/// One overdue problem as the page lists it.
pub struct OverdueLine {
    pub id: i64,
    pub number: String,
    pub description: String,
    pub due: String,
    pub days: i64,
    pub letter: String,
}

#[derive(Template)]
#[template(path = "supervision_letter.html")]
struct LetterPage {
    layout: Layout,
    units: Vec<Choice>,
    org: String,
    org_name: String,
    lines: Vec<OverdueLine>,
    number: String,
    error: String,
}

pub(crate) fn only_the_office(user: &PageUser) -> Result<(), PageError> {
    if matches!(user.session.principal.role, Role::Admin | Role::Office) {
        Ok(())
    } else {
        Err(PageError::new(
            StatusCode::FORBIDDEN,
            "督办函由依法治市办(或系统管理员)发出",
        ))
    }
}

/// The unit's problems past their time limit on `day`, not reported done, oldest due first.
async fn overdue(
    user: &PageUser,
    org: &str,
    day: NaiveDate,
) -> Result<Vec<StoredRecord>, PageError> {
    let filter = RecordFilter {
        org_code: Some(org.to_owned()),
        org_only: true,
        due: day.pred_opt().map(|d| (None, d)),
        limit: MAX_PROBLEMS,
        reverse: true,
        ..Default::default()
    };
    let (_, mut records) = user.store.list_records(&RECTIFICATIONS, &filter).await?;
    records.sort_by_key(|r| r.record.date("due_date"));
    Ok(records)
}

fn line(r: &StoredRecord, day: NaiveDate) -> OverdueLine {
    let text = |key: &str| r.record.text(key).unwrap_or_default().to_owned();
    let due = r.record.date("due_date");
    OverdueLine {
        id: r.id.get(),
        number: text("problem_no"),
        description: text("description"),
        due: due.map(|d| d.to_string()).unwrap_or_default(),
        days: due.map_or(0, |d| (day - d).num_days()),
        letter: text("supervision_letter"),
    }
}

fn letter_line(r: &StoredRecord, day: NaiveDate) -> LetterProblem {
    let l = line(r, day);
    LetterProblem {
        number: l.number,
        description: l.description,
        due: l.due,
        days_overdue: l.days,
    }
}

async fn render(
    user: &PageUser,
    org: &str,
    number: &str,
    error: String,
) -> Result<Response, PageError> {
    let day = today();
    let units = user.store.list_orgs().await?;
    let org_name = units
        .iter()
        .find(|u| u.code == org)
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let lines = if org_name.is_empty() {
        Vec::new()
    } else {
        overdue(user, org, day)
            .await?
            .iter()
            .map(|r| line(r, day))
            .collect()
    };
    let page = LetterPage {
        layout: Layout::new(user, "rectifications"),
        units: units
            .iter()
            .map(|u| Choice {
                value: u.code.clone(),
                label: format!("{} {}", u.code, u.name),
                selected: u.code == org,
            })
            .collect(),
        org: org.to_owned(),
        org_name,
        lines,
        number: number.to_owned(),
        error,
    };
    let status = if page.error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn page(user: PageUser, Query(q): Query<LetterQuery>) -> Result<Response, PageError> {
    only_the_office(&user)?;
    render(&user, q.org.trim(), "", String::new()).await
}

/// The letter's 文号 and 整改期限 (working days) as the office typed them: the days, or what
/// is wrong.
fn letter_terms(number: &str, reply_days: &str) -> Result<u32, &'static str> {
    let days = match reply_days.parse() {
        Ok(n) if (1..=60).contains(&n) => n,
        _ => return Err("「整改期限」应为1至60之间的工作日数"),
    };
    if number.is_empty() || number.chars().count() > 64 {
        return Err("「督办函文号」必须填写(如 六盘水法督函〔2025〕3号),不超过64字");
    }
    Ok(days)
}

/// Sends the letter: records its 文号 on every listed problem and attaches the letter to each,
/// in one transaction, then returns the DOCX.
pub async fn send(user: PageUser, body: axum::body::Bytes) -> Result<Response, PageError> {
    only_the_office(&user)?;
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let field = |k: &str| values.get(k).map_or("", |v| v.trim()).to_owned();
    let (org, number) = (field("org"), field("number"));
    let reply_days = match letter_terms(&number, &field("reply_days")) {
        Ok(days) => days,
        Err(problem) => return render(&user, &org, &number, problem.into()).await,
    };
    let day = today();
    let org_row = user.store.get_org(&org).await?;
    let records = overdue(&user, &org, day).await?;
    if records.is_empty() {
        return render(
            &user,
            &org,
            &number,
            format!("「{}」没有超过整改时限未整改的问题,无需督办", org_row.name),
        )
        .await;
    }
    let issuer = crate::home::own_unit(&user)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let letter = SupervisionLetter {
        number: number.clone(),
        addressee: org_row.name.clone(),
        issuer,
        date: format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        reply_days,
        problems: records.iter().map(|r| letter_line(r, day)).collect(),
    };
    let bytes = to_docx(&supervision_letter(&letter))
        .map_err(|e| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    // The 文号 on every problem and the letter among each one's files: all or nothing.
    let ids: Vec<RecordId> = records.iter().map(|r| r.id).collect();
    let file_name = format!("督办函-{}.docx", number.replace(['/', '\\'], "-"));
    let sent = user
        .store
        .set_field_on_records(
            &RECTIFICATIONS,
            &ids,
            "supervision_letter",
            &number,
            Some((&file_name, bytes.clone())),
        )
        .await?;
    if let Err(refused) = sent {
        let why = refused
            .errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(";");
        return render(
            &user,
            &org,
            &number,
            format!(
                "问题「{}」不能记录督办函,督办函未发出:{why}",
                refused.number
            ),
        )
        .await;
    }
    Ok(crate::import_pages::download(
        bytes,
        &format!("督办函-{}.docx", org_row.name),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ))
}
