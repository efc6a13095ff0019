//! 政府信息公开工作年度报告 — a unit's yearly disclosure report in the national format: 表三、表四
//! counted from the register of requests, 表二 from indicators, the text sections written here;
//! its check shown, its due date explained, and downloads in Word (公文), HTML, Markdown and
//! Excel — refused while the tables do not balance. The drafting is
//! `ScopedStore::draft_disclosure_report`.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Datelike;
use fazhi_domain::org::OrgKind;
use fazhi_report::{Block, DISCLOSURE_SLOTS, Rendered, Table};
use fazhi_store::{DraftedDisclosure, OrgRow};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::Layout;
use crate::register_pages::form_values;

#[derive(Deserialize)]
pub struct DisclosureQuery {
    #[serde(default)]
    org: String,
    year: Option<i32>,
    #[serde(default)]
    format: String,
    #[serde(default)]
    msg: String,
}

struct SlotField {
    key: &'static str,
    heading: &'static str,
    hint: &'static str,
    text: String,
}

#[derive(Template)]
#[template(path = "disclosure_report.html")]
struct DisclosurePage {
    layout: Layout,
    org: String,
    year: i32,
    orgs: Vec<crate::home::Choice>,
    years: Vec<crate::home::Choice>,
    preview: String,
    slots: Vec<SlotField>,
    problems: Vec<String>,
    /// 公布期限: (rule name, due date, explanation, state words).
    due: Option<(String, String, Vec<String>, String)>,
    /// 报送: the state of the unit's 年报 form and the form's page, when the unit reports one.
    submission: Option<(String, String)>,
    message: String,
}

async fn target(user: &PageUser, q: &DisclosureQuery) -> Result<(OrgRow, i32), PageError> {
    let org = if q.org.trim().is_empty() {
        user.store.default_report_org().await?
    } else {
        user.store.get_org(&q.org).await?
    };
    let year = q.year.unwrap_or(crate::home::today().year() - 1);
    if !(2000..=2100).contains(&year) {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            "年度应为 2000—2100 之间的四位数年份",
        ));
    }
    Ok((org, year))
}

fn due_words(drafted: &DraftedDisclosure) -> Option<(String, String, Vec<String>, String)> {
    let due = drafted.due.as_ref()?;
    let today = crate::home::today();
    let days = (due.due - today).num_days();
    let state = if days >= 0 {
        format!("距公布期限还有 {days} 天")
    } else {
        format!("已过公布期限 {} 天", -days)
    };
    Some((
        due.rule_name.clone(),
        due.due.format("%Y年%-m月%-d日").to_string(),
        due.explanation.clone(),
        state,
    ))
}

pub async fn page(
    user: PageUser,
    Query(q): Query<DisclosureQuery>,
) -> Result<Html<String>, PageError> {
    let (unit, year) = target(&user, &q).await?;
    let drafted = user.store.draft_disclosure_report(&unit.code, year).await?;
    // The saved text, as the draft holds it (read once, by the draft).
    let narratives: BTreeMap<&str, &str> = drafted
        .report
        .slots()
        .filter_map(|s| Some((s.key.as_str(), s.text.as_deref()?)))
        .collect();
    let orgs = user.store.list_orgs().await?;
    let page = DisclosurePage {
        layout: Layout::new(&user, "disclosure-report"),
        orgs: crate::dashboard_pages::unit_tree_choices(orgs, &unit.code, |o| {
            !matches!(o.kind, OrgKind::Office)
        }),
        years: (2019..=crate::home::today().year())
            .rev()
            .map(|y| crate::home::Choice {
                value: y.to_string(),
                label: format!("{y}年"),
                selected: y == year,
            })
            .collect(),
        preview: fazhi_report::to_html_fragment(&drafted.report, &|_: &str| String::new()),
        slots: DISCLOSURE_SLOTS
            .iter()
            .map(|(key, heading, hint)| SlotField {
                key,
                heading,
                hint,
                text: narratives
                    .get(key)
                    .map(|t| (*t).to_owned())
                    .unwrap_or_default(),
            })
            .collect(),
        problems: drafted.problems.clone(),
        due: due_words(&drafted),
        submission: crate::annual_report::report_submission(
            &user,
            &unit,
            year,
            fazhi_review::ReportText::Disclosure,
        )
        .await?,
        org: unit.code,
        year,
        message: q.msg,
    };
    Ok(Html(page.render()?))
}

/// Saves the text sections (`slot.<key>` of [`DISCLOSURE_SLOTS`] only).
pub async fn save(user: PageUser, body: Bytes) -> Result<Response, PageError> {
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let (org, year) = crate::annual_report::posted_target(&values)?;
    let slots: BTreeMap<String, String> = DISCLOSURE_SLOTS
        .iter()
        .filter_map(|(key, _, _)| {
            values
                .get(&format!("slot.{key}"))
                .map(|v| ((*key).to_owned(), v.clone()))
        })
        .collect();
    user.store
        .save_report_narratives(&org, year, &slots)
        .await?;
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("org", &org)
        .append_pair("year", &year.to_string())
        .append_pair("msg", "报告文字已保存")
        .finish();
    Ok(Redirect::to(&format!("/disclosure-report?{query}")).into_response())
}

/// The report as a download: `format` = docx | html | md | xlsx (the tables). Refused while
/// the format's check fails: a report whose tables do not balance is not published.
pub async fn export(
    user: PageUser,
    Query(q): Query<DisclosureQuery>,
) -> Result<Response, PageError> {
    let (unit, year) = target(&user, &q).await?;
    let drafted = user.store.draft_disclosure_report(&unit.code, year).await?;
    if !drafted.problems.is_empty() {
        return Err(PageError::new(
            StatusCode::CONFLICT,
            format!(
                "表格未通过年度报告格式的校验,不能导出:{}",
                drafted.problems.join(";")
            ),
        ));
    }
    let base = format!("{}-{year}年政府信息公开工作年度报告", unit.code);
    if q.format == "xlsx" {
        let bytes = tables_workbook(&drafted)?;
        return Ok(crate::import_pages::download(
            bytes,
            &format!("{base}.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ));
    }
    let file = Rendered::new(&drafted.report, &q.format, &|_: &str| String::new())
        .ok_or_else(|| PageError::new(StatusCode::BAD_REQUEST, "格式应为 docx、html、md 或 xlsx"))?
        .map_err(|e| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(crate::import_pages::download(
        file.bytes,
        &format!("{base}.{}", file.extension),
        file.content_type,
    ))
}

/// 表二、表三、表四, one sheet each.
fn tables_workbook(drafted: &DraftedDisclosure) -> Result<Vec<u8>, PageError> {
    let tables: Vec<&Table> = drafted
        .report
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let sheets: Vec<fazhi_exchange::Sheet<'_>> = tables
        .iter()
        .map(|t| fazhi_exchange::Sheet {
            name: t.caption.split(' ').next().unwrap_or("表"),
            columns: t
                .header
                .iter()
                .enumerate()
                .map(|(i, h)| fazhi_exchange::Column {
                    header: h,
                    width: if i == 0 { 40.0 } else { 12.0 },
                })
                .collect(),
            rows: &t.rows,
        })
        .collect();
    fazhi_exchange::tables_workbook(&sheets)
        .map_err(|e| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}
