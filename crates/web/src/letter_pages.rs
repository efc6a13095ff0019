//! 督办函 (issue 20) — `/rectifications/letter?org=`: the office picks a unit in its scope, sees
//! the unit's problems past their 整改时限 and not reported done, and sends a letter. Sending
//! writes the letter's 文号 into each listed problem (an ordinary audited edit, so the earlier
//! letter's number stays in the audit) and returns the letter as a 公文 DOCX.

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use fazhi_domain::account::Role;
use fazhi_domain::register::rectification::RECTIFICATIONS;
use fazhi_domain::register::{Record, Value};
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

/// Sends the letter: records its 文号 on every listed problem, then returns the DOCX.
pub async fn send(user: PageUser, body: axum::body::Bytes) -> Result<Response, PageError> {
    only_the_office(&user)?;
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let field = |k: &str| values.get(k).map_or("", |v| v.trim()).to_owned();
    let (org, number) = (field("org"), field("number"));
    let reply_days: u32 = match field("reply_days").parse() {
        Ok(n) if (1..=60).contains(&n) => n,
        _ => {
            return render(
                &user,
                &org,
                &number,
                "「整改期限」应为1至60之间的工作日数".into(),
            )
            .await;
        }
    };
    if number.is_empty() || number.chars().count() > 64 {
        return render(
            &user,
            &org,
            &number,
            "「督办函文号」必须填写(如 六盘水法督函〔2025〕3号),不超过64字".into(),
        )
        .await;
    }
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
    let lines: Vec<OverdueLine> = records.iter().map(|r| line(r, day)).collect();
    for r in &records {
        let mut record: Record = r.record.clone();
        record.set("supervision_letter", Value::Text(number.clone()));
        if let Err(rejected) = user
            .store
            .update_record(&RECTIFICATIONS, r.id, None, record)
            .await?
        {
            let why = rejected
                .0
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_default();
            return render(
                &user,
                &org,
                &number,
                format!("问题「{}」不能记录督办函:{why}", line(r, day).number),
            )
            .await;
        }
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
        problems: lines
            .into_iter()
            .map(|l| LetterProblem {
                number: l.number,
                description: l.description,
                due: l.due,
                days_overdue: l.days,
            })
            .collect(),
    };
    let bytes = to_docx(&supervision_letter(&letter))
        .map_err(|e| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(crate::import_pages::download(
        bytes,
        &format!("督办函-{}.docx", org_row.name),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ))
}
