//! 问题整改通报 (issue 20) — `/rectifications/bulletin?period=2024Q4[&format=docx]`: every unit
//! in the caller's scope with problems found by the period's end, counted as they stood on that
//! day (or today, while the period runs): found, 已销号, 待销号, open and overdue, 督办函; on
//! screen and as a 公文 DOCX from the office.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use fazhi_domain::register::rectification::{RECTIFICATIONS, Standing, standing};
use fazhi_indicators::Period;
use fazhi_report::{Bulletin, BulletinLine, bulletin, to_docx};
use fazhi_store::RecordFilter;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::filters;
use crate::home::{Layout, today};
use crate::letter_pages::only_the_office;

/// A bulletin counts at most this many problems (a city finds hundreds a year).
const MAX_PROBLEMS: i64 = 50_000;

#[derive(Deserialize, Default)]
pub struct BulletinQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    format: String,
}

#[derive(Template)]
#[template(path = "bulletin.html")]
struct BulletinPage {
    layout: Layout,
    period: String,
    period_label: String,
    as_of: NaiveDate,
    lines: Vec<BulletinLine>,
    total: BulletinLine,
}

/// The last quarter that has ended by `day`.
fn last_quarter(day: NaiveDate) -> Period {
    let q = (day.month0() / 3) as i32;
    if q == 0 {
        Period::Quarter(day.year() - 1, 4)
    } else {
        Period::Quarter(day.year(), q as u32)
    }
}

/// Each unit's problems as they stood at the end of `as_of`, most overdue first.
async fn lines(user: &PageUser, as_of: NaiveDate) -> Result<Vec<BulletinLine>, PageError> {
    let filter = RecordFilter {
        to: Some(as_of),
        limit: MAX_PROBLEMS,
        ..Default::default()
    };
    let (_, records) = user.store.list_records(&RECTIFICATIONS, &filter).await?;
    let mut by_unit: BTreeMap<String, BulletinLine> = BTreeMap::new();
    for r in &records {
        let Some(state) = standing(&r.record, as_of) else {
            continue;
        };
        let line = by_unit
            .entry(r.org_name.clone())
            .or_insert_with(|| BulletinLine {
                unit: r.org_name.clone(),
                ..BulletinLine::default()
            });
        line.found += 1;
        match state {
            Standing::Closed => line.closed += 1,
            Standing::Rectified => line.rectified += 1,
            Standing::Open { overdue } => {
                line.open += 1;
                line.overdue += usize::from(overdue);
            }
        }
        line.supervised += usize::from(r.record.text("supervision_letter").is_some());
    }
    let mut lines: Vec<BulletinLine> = by_unit.into_values().collect();
    lines.sort_by_key(|l| std::cmp::Reverse((l.overdue, l.open)));
    Ok(lines)
}

pub async fn page(user: PageUser, Query(q): Query<BulletinQuery>) -> Result<Response, PageError> {
    only_the_office(&user)?;
    let day = today();
    let period = match q.period.trim() {
        "" => last_quarter(day),
        text => Period::parse(text).map_err(|_| {
            PageError::new(
                StatusCode::BAD_REQUEST,
                "期间应为年度、半年、季度或月份,如 2024、2024Q4、2024年第四季度",
            )
        })?,
    };
    let as_of = period.last_day().min(day);
    let lines = lines(&user, as_of).await?;
    if q.format == "docx" {
        let issuer = crate::home::own_unit(&user)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        let report = bulletin(&Bulletin {
            period: period.label(),
            as_of: format!("{}年{}月{}日", as_of.year(), as_of.month(), as_of.day()),
            issuer,
            addressee: "各县(市、区)人民政府,市政府各部门".to_owned(),
            date: format!("{}年{}月{}日", day.year(), day.month(), day.day()),
            lines,
        });
        let bytes = to_docx(&report)
            .map_err(|e| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        return Ok(crate::import_pages::download(
            bytes,
            &format!("{}问题整改情况通报.docx", period.label()),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ));
    }
    let total = BulletinLine::total(&lines);
    let page = BulletinPage {
        layout: Layout::new(&user, "rectifications"),
        period: q.period.trim().to_owned(),
        period_label: period.label(),
        as_of,
        lines,
        total,
    };
    Ok(Html(page.render()?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_last_quarter_ended() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(last_quarter(day(2025, 2, 10)), Period::Quarter(2024, 4));
        assert_eq!(last_quarter(day(2025, 4, 1)), Period::Quarter(2025, 1));
        assert_eq!(last_quarter(day(2025, 12, 31)), Period::Quarter(2025, 3));
    }
}
