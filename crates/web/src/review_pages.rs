//! 报送情况与审核 — `/review?set=&period=`: every reporting unit in scope for one data set and
//! period, with its form's state, first submission against the due date (报送率, 报送及时率),
//! and — for the forms the caller reviews — 审核通过, 退回 and 取消审核.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::account::Role;
use fazhi_indicators::Period;
use fazhi_review::{DataSet, Status, Step, Tally};
use fazhi_store::{FormRow, FormStep};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::form_pages::{enc, form_link, state_words, who_when};
use crate::home::{Choice, Layout, choices, today};
use crate::register_pages::form_values;

#[derive(Deserialize, Default)]
pub struct ReviewQuery {
    #[serde(default)]
    set: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    msg: String,
}

/// One reporting unit's line.
pub struct ReviewRow {
    pub org: String,
    pub unit: String,
    pub status: String,
    pub submitted: String,
    pub late: bool,
    pub reviewer: String,
    pub note: String,
    pub link: String,
    /// The steps the caller may take on it.
    pub can_approve: bool,
    pub can_return: bool,
    pub can_unapprove: bool,
    /// An accepted annual report not yet published.
    pub can_publish: bool,
    /// 已发布 date of a report.
    pub published: String,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    layout: Layout,
    sets: Vec<Choice>,
    periods: Vec<Choice>,
    set_code: String,
    set_name: String,
    period: String,
    period_label: String,
    due: String,
    rows: Vec<ReviewRow>,
    tally: Vec<(String, String)>,
    /// The caller's unit's 报送情况 of the period's year over every data set (the catalog's
    /// `review.*` indicators), and the cockpit that shows them.
    year_figures: String,
    year_link: String,
    message: String,
    error: String,
}

/// The period to show: the asked one if it is of the data set's type, else the latest one
/// already over.
fn chosen_period(set: &DataSet, asked: &str) -> Period {
    if let Ok(p) = Period::parse(asked)
        && p.grain() == set.grain
    {
        return p;
    }
    let year = chrono::Datelike::year(&today());
    let mut periods: Vec<Period> = set.periods_of(year - 1);
    periods.extend(set.periods_of(year));
    periods
        .into_iter()
        .rev()
        .find(|p| p.last_day() < today())
        .unwrap_or(Period::Year(year - 1))
}

async fn review_page(
    user: &PageUser,
    set_code: &str,
    period: &str,
) -> Result<ReviewPage, PageError> {
    let sets = user.store.data_sets().await?;
    let set = sets
        .get(set_code)
        .or_else(|| sets.all().first())
        .cloned()
        .ok_or_else(|| PageError::new(StatusCode::NOT_FOUND, "尚未定义任何报表"))?;
    let period = chosen_period(&set, period);
    let code = period.to_string();
    let units = user.store.review_units().await?;
    let in_scope: HashSet<_> = user.store.org_ids_in_scope().await?.into_iter().collect();
    let forms = user.store.list_forms(Some(&set.code), Some(&code)).await?;
    let forms: HashMap<i64, &FormRow> = forms.iter().map(|f| (f.org_id, f)).collect();
    let due = user.store.form_due_date(&set, period);
    let reviews = matches!(user.session.principal.role, Role::Admin | Role::Office);
    let mut tally = Tally::default();
    let mut rows = Vec::new();
    for unit in units.reporters(&set).filter(|u| in_scope.contains(&u.id)) {
        let form = forms.get(&unit.id.get()).copied();
        let status = form.and_then(FormRow::status);
        let first = form.and_then(FormRow::first_submitted_day);
        if let Some(due) = due {
            tally.add(first, due, status == Some(Status::Approved));
        }
        let reviewer = units.reviewer(&set, unit.id);
        let mine = reviews && in_scope.contains(&reviewer);
        rows.push(ReviewRow {
            org: unit.code.clone(),
            unit: unit.name.clone(),
            status: state_words(form),
            submitted: form.map_or_else(String::new, |f| {
                who_when(&f.first_submitted_at, &f.submitted_by)
            }),
            late: due.is_some_and(|d| fazhi_review::is_late(first, d, today())),
            reviewer: units
                .get(reviewer)
                .map_or_else(String::new, |u| u.name.clone()),
            note: form
                .and_then(|f| f.reason.clone().or_else(|| f.comment.clone()))
                .unwrap_or_default(),
            link: if set.report {
                format!(
                    "/annual-report?org={}&year={}",
                    enc(&unit.code),
                    period.year()
                )
            } else {
                form_link(&set.code, &code, &unit.code)
            },
            can_publish: mine
                && set.report
                && status == Some(Status::Approved)
                && form.is_some_and(|f| f.published_at.is_none()),
            published: form
                .and_then(|f| f.published_at.clone())
                .unwrap_or_default(),
            can_approve: mine && status == Some(Status::Submitted),
            can_return: mine && status == Some(Status::Submitted),
            can_unapprove: mine && status == Some(Status::Approved),
        });
    }
    let rate = |r: Option<f64>| r.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}%"));
    let year = period.year();
    let (year_figures, year_link) = year_figures(user, year).await?;
    let mut periods: Vec<Period> = set.periods_of(year - 1);
    periods.extend(set.periods_of(year));
    periods.retain(|p| p.first_day() <= today());
    Ok(ReviewPage {
        layout: Layout::new(user, "forms"),
        sets: choices(
            sets.all().iter().map(|s| (s.code.clone(), s.name.clone())),
            &set.code,
        ),
        periods: choices(
            periods.iter().rev().map(|p| (p.to_string(), p.label())),
            &code,
        ),
        set_code: set.code.clone(),
        set_name: set.name.clone(),
        period: code,
        period_label: period.label(),
        due: due.map_or_else(|| "暂无日历".to_owned(), |d| d.to_string()),
        rows,
        tally: vec![
            ("应报单位".to_owned(), tally.expected.to_string()),
            ("已报".to_owned(), tally.submitted.to_string()),
            ("报送率".to_owned(), rate(tally.submission_rate())),
            ("报送及时率".to_owned(), rate(tally.timeliness_rate())),
            ("已审核".to_owned(), tally.approved.to_string()),
        ],
        year_figures,
        year_link,
        message: String::new(),
        error: String::new(),
    })
}

/// 「六枝特区 2024年全部报表:应报12份,已报3份,报送率25.0%,报送及时率0.0%」 from the
/// indicators (approved and unapproved forms alike: submission is what counts), and the
/// cockpit link of the caller's unit and year.
async fn year_figures(user: &PageUser, year: i32) -> Result<(String, String), PageError> {
    let data = user.store.indicator_data().await?;
    let org_id = user.session.principal.org_id;
    let keys = [
        "review.forms_expected",
        "review.forms_submitted",
        "review.submission_rate",
        "review.timeliness_rate",
    ];
    let values = data.values_of(org_id, Period::Year(year), &keys);
    let unit = data.tree.current(org_id);
    let name = unit.map_or_else(String::new, |u| u.name.clone());
    let link = unit.map_or_else(String::new, |u| {
        format!("/dashboard?org={}&period={year}", enc(&u.code))
    });
    let text = match values.as_slice() {
        [Some(expected), Some(submitted), Some(rate), Some(timely)] if *expected > 0.0 => {
            format!(
                "{name} {year}年全部报表:应报{expected}份,已报{submitted}份,报送率{rate:.1}%,报送及时率{timely:.1}%"
            )
        }
        _ => format!("{name} {year}年尚无已到截止日期的报表"),
    };
    Ok((text, link))
}

/// GET /review?set=&period=
pub async fn page(user: PageUser, Query(q): Query<ReviewQuery>) -> Result<Html<String>, PageError> {
    let mut view = review_page(&user, &q.set, &q.period).await?;
    view.message = q.msg;
    Ok(Html(view.render()?))
}

/// POST /review — `set`, `period`, `org`, `step` (approve | return | unapprove), `text`.
pub async fn step(user: PageUser, body: axum::body::Bytes) -> Result<Response, PageError> {
    let fields = form_values(&body);
    user.check_csrf(fields.get("csrf").map(String::as_str).unwrap_or(""))?;
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let (set, period, org) = (field("set"), field("period"), field("org"));
    let step = Step::parse(&field("step"))
        .filter(|s| s.is_review())
        .ok_or_else(|| {
            PageError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "审核操作应为审核通过、退回或取消审核",
            )
        })?;
    let text = field("text");
    let result = user
        .store
        .form_step(FormStep {
            org_code: &org,
            data_set: &set,
            period: &period,
            step,
            text: Some(text.as_str()),
        })
        .await;
    match result {
        Ok(_) => {
            let msg = format!("{}:已{}", org_name(&user, &org).await, step.label());
            let to = format!(
                "/review?set={}&period={}&msg={}",
                enc(&set),
                enc(&period),
                enc(&msg)
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let mut view = review_page(&user, &set, &period).await?;
            view.error = e.to_string();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
        }
    }
}

async fn org_name(user: &PageUser, code: &str) -> String {
    user.store
        .get_org(code)
        .await
        .map_or_else(|_| code.to_owned(), |o| o.name)
}
