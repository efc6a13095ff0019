//! 案卷评查评分 (issue 20) — `/draws/{id}/files/{record}`: the scoring sheet of one drawn case
//! file (the standard's veto and deduction items as boxes, a comment), saved by the office; a
//! file with deductions can go straight to the 问题清单 as a problem of its unit (source 案卷评查).

use askama::Template;
use axum::extract::Path;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Days;
use fazhi_domain::case_review::{Item, Standard};
use fazhi_domain::register::rectification::RECTIFICATIONS;
use fazhi_store::{CaseScore, StoreError};

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::{Layout, today};
use crate::letter_pages::only_the_office;
use crate::register_pages::form_values;

/// Days the unit is given to rectify a problem found by a review (the office may change the
/// time limit on the problem's page).
const DAYS_TO_RECTIFY: u64 = 30;

/// An item of the sheet and whether it is ticked.
pub struct SheetLine {
    pub code: String,
    pub text: String,
    pub deduct: u32,
    pub ticked: bool,
}

/// A part of the sheet (否决项 first).
pub struct SheetPart {
    pub name: String,
    pub lines: Vec<SheetLine>,
}

#[derive(Template)]
#[template(path = "case_review.html")]
struct ScorePage {
    layout: Layout,
    draw_id: i64,
    campaign: String,
    number: String,
    register: String,
    record_id: i64,
    standard: String,
    parts: Vec<SheetPart>,
    comment: String,
    error: String,
}

fn sheet(standard: &Standard, ticked: &[&str]) -> Vec<SheetPart> {
    let line = |i: &Item| SheetLine {
        code: i.code.clone(),
        text: i.text.clone(),
        deduct: i.deduct,
        ticked: ticked.contains(&i.code.as_str()),
    };
    let mut parts = vec![SheetPart {
        name: "否决项(任一项成立即为不合格,0分)".to_owned(),
        lines: standard.items.iter().filter(|i| i.veto).map(line).collect(),
    }];
    parts.extend(standard.parts.iter().map(|p| {
        SheetPart {
            name: format!("{}({}分,扣完为止)", p.name, p.points),
            lines: standard
                .items
                .iter()
                .filter(|i| i.part.as_deref() == Some(p.key.as_str()))
                .map(line)
                .collect(),
        }
    }));
    parts
}

async fn render(
    user: &PageUser,
    draw_id: i64,
    record_id: i64,
    ticked: &[&str],
    comment: String,
    error: String,
) -> Result<Response, PageError> {
    let draw = user.store.get_draw(draw_id).await?;
    let drawn = draw
        .drawn
        .iter()
        .find(|x| x.id == record_id)
        .ok_or_else(|| StoreError::not_found("抽中的案卷", record_id.to_string()))?;
    let standard = Standard::embedded().map_err(StoreError::from)?;
    let page = ScorePage {
        layout: Layout::new(user, "draws"),
        draw_id,
        campaign: draw.campaign.clone(),
        number: drawn.number.clone(),
        register: draw.register.clone(),
        record_id,
        parts: sheet(standard, ticked),
        standard: format!("{}({})", standard.name, standard.source),
        comment,
        error,
    };
    let status = if page.error.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn page(
    user: PageUser,
    Path((draw_id, record_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    only_the_office(&user)?;
    let earlier: Option<CaseScore> = user
        .store
        .case_scores(draw_id)
        .await?
        .into_iter()
        .find(|s| s.record_id == record_id);
    let items = earlier
        .as_ref()
        .map(|s| s.items.clone())
        .unwrap_or_default();
    let ticked: Vec<&str> = items.split(',').filter(|c| !c.is_empty()).collect();
    let comment = earlier.map(|s| s.comment).unwrap_or_default();
    render(&user, draw_id, record_id, &ticked, comment, String::new()).await
}

/// Saves the score; with `to_problem`, also registers the file's deductions as a problem of
/// its unit.
pub async fn save(
    user: PageUser,
    Path((draw_id, record_id)): Path<(i64, i64)>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    only_the_office(&user)?;
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let items = values.get("item").cloned().unwrap_or_default();
    let ticked: Vec<&str> = items.split(',').filter(|c| !c.is_empty()).collect();
    let comment = values.get("comment").cloned().unwrap_or_default();
    let scored = match user
        .store
        .score_case(draw_id, record_id, &ticked, &comment)
        .await
    {
        Ok(scored) => scored,
        Err(StoreError::Invalid(e)) => {
            return render(&user, draw_id, record_id, &ticked, comment, e.to_string()).await;
        }
        Err(e) => return Err(e.into()),
    };
    let mut msg = format!("已评分:{}分,{}", scored.total, scored.grade);
    if values.contains_key("to_problem") && !ticked.is_empty() {
        msg = match problem_from_score(&user, draw_id, record_id, &ticked, &comment).await? {
            Ok(no) => format!("{msg};已登记整改问题 {no}"),
            Err(why) => format!("{msg};未登记整改问题:{why}"),
        };
    }
    let msg: String = form_urlencoded::byte_serialize(msg.as_bytes()).collect();
    Ok(Redirect::to(&format!("/draws/{draw_id}?msg={msg}")).into_response())
}

/// Registers a problem of the file's unit from its deductions; `Err` holds why it was not.
async fn problem_from_score(
    user: &PageUser,
    draw_id: i64,
    record_id: i64,
    ticked: &[&str],
    comment: &str,
) -> Result<Result<String, String>, PageError> {
    let draw = user.store.get_draw(draw_id).await?;
    let Some(drawn) = draw.drawn.iter().find(|x| x.id == record_id) else {
        return Ok(Err("案卷不在本次抽取中".into()));
    };
    let standard = Standard::embedded().map_err(StoreError::from)?;
    let found: Vec<&str> = standard
        .items
        .iter()
        .filter(|i| ticked.contains(&i.code.as_str()))
        .map(|i| i.text.as_str())
        .collect();
    let day = today();
    let due = day
        .checked_add_days(Days::new(DAYS_TO_RECTIFY))
        .unwrap_or(day);
    let number = format!("评查{draw_id}-{}", drawn.number);
    let mut description = format!(
        "《{}》抽中案卷{}:{}",
        draw.campaign,
        drawn.number,
        found.join(";")
    );
    if !comment.trim().is_empty() {
        description.push_str(&format!("。评查意见:{}", comment.trim()));
    }
    let raw: std::collections::BTreeMap<String, String> = [
        ("problem_no", number.chars().take(64).collect::<String>()),
        ("source", "案卷评查".to_owned()),
        ("found_date", day.to_string()),
        ("description", description.chars().take(2000).collect()),
        ("due_date", due.to_string()),
        ("status", "待整改".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let record = match RECTIFICATIONS.parse(&raw) {
        Ok(r) => r,
        Err(errors) => return Ok(Err(errors.iter().map(|e| e.to_string()).collect())),
    };
    match user
        .store
        .create_record(&RECTIFICATIONS, &drawn.unit, record)
        .await
    {
        Ok(Ok(created)) => Ok(Ok(created
            .record
            .text("problem_no")
            .unwrap_or_default()
            .to_owned())),
        Ok(Err(rejected)) => Ok(Err(rejected
            .0
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join(";"))),
        Err(StoreError::Conflict(why)) => Ok(Err(why)),
        Err(e) => Err(e.into()),
    }
}
