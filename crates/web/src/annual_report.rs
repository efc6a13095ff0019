//! 年度报告 — drafts an org unit's 法治政府建设年度报告 for a year from the indicators and the
//! saved narrative, shows it with editable narrative slots and a data-gaps panel, and exports
//! it as 公文 DOCX, HTML or Markdown. The drafting itself is `ScopedStore::draft_annual_report`,
//! which `fazhi report` uses too.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Datelike;
use fazhi_domain::org::OrgKind;
use fazhi_report::{Gap, LargeCounts, Rendered};
use fazhi_store::OrgRow;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::Layout;
use crate::register_pages::form_values;

#[derive(Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    org: String,
    year: Option<i32>,
    #[serde(default)]
    format: String,
    #[serde(default)]
    msg: String,
}

/// One editable slot of the form.
struct SlotField {
    key: String,
    hint: String,
    text: String,
}

#[derive(Template)]
#[template(path = "annual_report.html")]
struct ReportPage {
    layout: Layout,
    org: String,
    year: i32,
    /// The unit tree.
    orgs: Vec<crate::home::Choice>,
    /// Years with data, latest first.
    years: Vec<crate::home::Choice>,
    /// 主送机关, shown beside the picker.
    addressee: String,
    preview: String,
    slots: Vec<SlotField>,
    gaps: Vec<Gap>,
    message: String,
    /// 报送: the state of the unit's report form and the form's page, when the unit reports one.
    submission: Option<(String, String)>,
}

/// The unit's form of report `text` (a data set of kind report): its state in words and its
/// page.
pub(crate) async fn report_submission(
    user: &PageUser,
    org: &OrgRow,
    year: i32,
    text: fazhi_review::ReportText,
) -> Result<Option<(String, String)>, PageError> {
    let sets = user.store.data_sets().await?;
    let units = user.store.review_units().await?;
    let Some(set) = sets
        .all()
        .iter()
        .find(|s| s.report && s.text == text && units.reports(s, org.id))
    else {
        return Ok(None);
    };
    let form = user
        .store
        .list_forms(Some(&set.code), Some(&year.to_string()))
        .await?
        .into_iter()
        .find(|f| f.org_id == org.id.get());
    let mut words = crate::form_pages::state_words(form.as_ref());
    if let Some(day) = form.and_then(|f| f.published_at) {
        words.push_str(&format!(" · 已发布 {day}"));
    }
    let link = crate::form_pages::form_link(&set.code, &year.to_string(), &org.code);
    Ok(Some((words, link)))
}

/// The unit and year asked for. Without a unit: the user's own (a 依法治市办 user's is the
/// government it serves, whose report it drafts); without a year: the latest year in which
/// that unit has data, so the menu opens a report that has figures (last year when none has).
async fn target(user: &PageUser, q: &ReportQuery) -> Result<(OrgRow, i32), PageError> {
    let org = if q.org.trim().is_empty() {
        user.store.default_report_org().await?
    } else {
        user.store.get_org(&q.org).await?
    };
    let year = match q.year {
        Some(year) => year,
        None => {
            let this_year = crate::home::today().year();
            let data = user.store.indicator_data().await?;
            data.latest_year_with_data(org.id, this_year)
                .unwrap_or(this_year - 1)
        }
    };
    if !(2000..=2100).contains(&year) {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            "年度应为 2000—2100 之间的四位数年份",
        ));
    }
    Ok((org, year))
}

pub async fn page(user: PageUser, Query(q): Query<ReportQuery>) -> Result<Html<String>, PageError> {
    let (unit, year) = target(&user, &q).await?;
    let org = unit.code.clone();
    let drafted = user
        .store
        .draft_annual_report(&org, year, LargeCounts::Exact)
        .await?;
    let link = |key: &str| drafted.link(key);
    let report = &drafted.report;
    let orgs = user.store.list_orgs().await?;
    let data = user.store.indicator_data().await?;
    let page = ReportPage {
        layout: Layout::new(&user, "annual-report"),
        // Governments and departments draft reports; a 依法治市办 drafts its government's and
        // towns are left to their county (offered only when asked for by code).
        orgs: crate::dashboard_pages::unit_tree_choices(orgs, &org, |o| {
            !matches!(o.kind, OrgKind::Township | OrgKind::Office)
        }),
        years: crate::dashboard_pages::year_choices(&data, unit.id, year),
        addressee: report.addressee.clone(),
        preview: fazhi_report::to_html_fragment(report, &link),
        slots: report
            .slots()
            .map(|s| SlotField {
                key: s.key.clone(),
                hint: s.hint.clone(),
                text: s.text.clone().unwrap_or_default(),
            })
            .collect(),
        gaps: report.gaps.clone(),
        submission: report_submission(
            &user,
            &unit,
            year,
            fazhi_review::ReportText::LawBasedGovernment,
        )
        .await?,
        org,
        year,
        message: q.msg,
    };
    Ok(Html(page.render()?))
}

fn back(org: &str, year: i32, msg: &str) -> Response {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("org", org)
        .append_pair("year", &year.to_string())
        .append_pair("msg", msg)
        .finish();
    Redirect::to(&format!("/annual-report?{query}")).into_response()
}

/// Saves the narrative slots posted as `slot.<key>` fields.
pub async fn save(user: PageUser, body: Bytes) -> Result<Response, PageError> {
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let (org, year) = posted_target(&values)?;
    let slots: BTreeMap<String, String> = values
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("slot.").map(|s| (s.to_owned(), v.clone())))
        .collect();
    user.store
        .save_report_narratives(&org, year, &slots)
        .await?;
    Ok(back(&org, year, "叙述内容已保存,数字已按最新数据重新生成"))
}

/// Copies the previous year's narrative into the slots that are still empty this year.
pub async fn copy_previous(user: PageUser, body: Bytes) -> Result<Response, PageError> {
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let (org, year) = posted_target(&values)?;
    let current = user.store.report_narratives(&org, year).await?;
    let previous = user.store.report_narratives(&org, year - 1).await?;
    // This report's slots only: the 政府信息公开工作年度报告's are its own page's business (and
    // may be locked by its submission).
    let copied: BTreeMap<String, String> = previous
        .into_iter()
        .filter(|(k, _)| fazhi_review::ReportText::LawBasedGovernment.owns_slot(k))
        .filter(|(k, _)| current.get(k).is_none_or(|t| t.trim().is_empty()))
        .collect();
    let n = copied.len();
    user.store
        .save_report_narratives(&org, year, &copied)
        .await?;
    let msg = if n == 0 {
        format!("{}年度没有可载入的叙述内容(或本年度各栏均已填写)", year - 1)
    } else {
        format!("已载入{}年度叙述内容{n}栏,请逐栏修改", year - 1)
    };
    Ok(back(&org, year, &msg))
}

/// The unit and year a report form posts (`org`, `year`), checked.
/// The unit and year a report form posts (`org`, `year`), checked.
pub(crate) fn posted_target(values: &BTreeMap<String, String>) -> Result<(String, i32), PageError> {
    let org = values
        .get("org")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let year = values
        .get("year")
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| PageError::new(StatusCode::BAD_REQUEST, "年度应为四位数年份"))?;
    if org.is_empty() {
        return Err(PageError::new(StatusCode::BAD_REQUEST, "请选择单位"));
    }
    Ok((org, year))
}

/// The report as a download: `format` = docx | html | md.
pub async fn export(user: PageUser, Query(q): Query<ReportQuery>) -> Result<Response, PageError> {
    let (unit, year) = target(&user, &q).await?;
    let org = unit.code;
    let drafted = user
        .store
        .draft_annual_report(&org, year, LargeCounts::Exact)
        .await?;
    let file = Rendered::new(&drafted.report, &q.format, &|key: &str| drafted.link(key))
        .ok_or_else(|| PageError::new(StatusCode::BAD_REQUEST, "格式应为 docx、html 或 md"))?
        .map_err(|e| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let name = format!("{org}-{year}年度法治政府建设情况报告.{}", file.extension);
    Ok(crate::import_pages::download(
        file.bytes,
        &name,
        file.content_type,
    ))
}
