//! 考核评分 — `/assessment?year=`: the shipped scheme (示例) applied to the units in the
//! caller's scope that it scores, from their indicators (approved values) and the timeliness
//! of their forms; totals, ranks and each unit's points line by line, with links to the
//! figures in the cockpit; `/assessment/export?year=` as an xlsx file.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, Response};
use chrono::Datelike;
use fazhi_indicators::Period;
use fazhi_review::assessment::points_text;
use fazhi_review::{FormsRecord, Scheme, Schemes, UnitFigures, UnitScore};
use fazhi_store::FormRow;
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::form_pages::enc;
use crate::home::{Choice, Layout, choices, today};

#[derive(Deserialize, Default)]
pub struct AssessmentQuery {
    #[serde(default)]
    year: String,
}

/// The scheme of a year applied to the units in scope.
struct Assessment {
    year: i32,
    years: Vec<i32>,
    scheme: Scheme,
    scores: Vec<UnitScore>,
}

/// One line of a unit's table, ready to show.
pub struct LineView {
    pub item: String,
    pub figure: String,
    /// The cockpit, for an indicator's figure; the 报送情况 page for forms.
    pub link: String,
    pub rule: String,
    pub weight: String,
    pub points: String,
    pub why: String,
}

/// One unit's result, ready to show.
pub struct UnitView {
    pub code: String,
    pub name: String,
    pub rank: u32,
    pub total: String,
    pub lines: Vec<LineView>,
}

#[derive(Template)]
#[template(path = "assessment.html")]
struct AssessmentPage {
    layout: Layout,
    years: Vec<Choice>,
    year: i32,
    scheme_name: String,
    source: String,
    full_marks: String,
    units: Vec<UnitView>,
}

fn schemes(sets: &fazhi_review::DataSets) -> Result<Schemes, PageError> {
    let catalog = fazhi_catalog::Catalog::embedded().map_err(|err| {
        tracing::error!(%err, "catalog");
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, "指标目录无法读取")
    })?;
    Schemes::shipped(catalog, sets).map_err(|err| {
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("考核方案无法使用:{err}"),
        )
    })
}

async fn assess(user: &PageUser, asked: &str) -> Result<Assessment, PageError> {
    let sets = user.store.data_sets().await?;
    let schemes = schemes(&sets)?;
    let now = today();
    let mut years: Vec<i32> = schemes
        .all()
        .iter()
        .flat_map(|s| s.years.iter().copied())
        .filter(|y| *y <= now.year())
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    let year = asked
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| years.contains(y))
        .or_else(|| years.iter().copied().find(|y| *y < now.year()))
        .or_else(|| years.first().copied())
        .ok_or_else(|| {
            PageError::new(StatusCode::NOT_FOUND, "没有适用于今年及以前年度的考核方案")
        })?;
    let scheme = schemes
        .of_year(year)
        .cloned()
        .ok_or_else(|| PageError::new(StatusCode::NOT_FOUND, format!("{year}年没有考核方案")))?;
    let units = user.store.review_units().await?;
    let in_scope: HashSet<_> = user.store.org_ids_in_scope().await?.into_iter().collect();
    let scored: Vec<_> = units
        .all()
        .iter()
        .filter(|u| in_scope.contains(&u.id))
        .filter(|u| scheme.units.covers(&u.code, u.kind, units.level(u.id)))
        .collect();
    let keys: Vec<&str> = scheme
        .items
        .iter()
        .filter_map(|i| i.key.as_deref())
        .collect();
    let data = user.store.indicator_data().await?;
    let forms = user.store.list_forms(None, None).await?;
    let forms: HashMap<(i64, &str, &str), &FormRow> = forms
        .iter()
        .map(|f| ((f.org_id, f.data_set.as_str(), f.period.as_str()), f))
        .collect();
    let mut figures = Vec::new();
    for unit in scored {
        let values = data.values_of(unit.id, Period::Year(year), &keys);
        let mut record = std::collections::BTreeMap::new();
        for set in sets.all().iter().filter(|s| units.reports(s, unit.id)) {
            let mut r = FormsRecord::default();
            for period in set.periods_of(year) {
                let Some(due) = user.store.form_due_date(set, period) else {
                    continue;
                };
                if due >= now {
                    continue; // not due yet
                }
                let code = period.to_string();
                let form = forms.get(&(unit.id.get(), set.code.as_str(), code.as_str()));
                let first = form.and_then(|f| f.first_submitted_day());
                r.expected += 1;
                match first {
                    None => r.missing += 1,
                    Some(day) if day > due => r.late += 1,
                    Some(_) => {}
                }
            }
            if r.expected > 0 {
                record.insert(set.code.clone(), r);
            }
        }
        figures.push(UnitFigures {
            code: unit.code.clone(),
            name: unit.name.clone(),
            values: keys
                .iter()
                .zip(values)
                .filter_map(|(k, v)| Some(((*k).to_owned(), v?)))
                .collect(),
            forms: record,
        });
    }
    let scores = fazhi_review::score(&scheme, &figures);
    Ok(Assessment {
        year,
        years,
        scheme,
        scores,
    })
}

fn views(a: &Assessment) -> Vec<UnitView> {
    a.scores
        .iter()
        .map(|s| UnitView {
            code: s.code.clone(),
            name: s.name.clone(),
            rank: s.rank,
            total: points_text(s.total),
            lines: s
                .lines
                .iter()
                .map(|l| LineView {
                    item: l.item.clone(),
                    figure: l.figure.clone(),
                    link: match &l.key {
                        Some(_) => format!("/dashboard?org={}&period={}", enc(&s.code), a.year),
                        None => "/review".to_owned(),
                    },
                    rule: l.rule.clone(),
                    weight: points_text(l.weight),
                    points: points_text(l.points),
                    why: l.why.clone(),
                })
                .collect(),
        })
        .collect()
}

/// GET /assessment?year=
pub async fn page(
    user: PageUser,
    Query(q): Query<AssessmentQuery>,
) -> Result<Html<String>, PageError> {
    let a = assess(&user, &q.year).await?;
    let view = AssessmentPage {
        layout: Layout::new(&user, "forms"),
        years: choices(
            a.years.iter().map(|y| (y.to_string(), format!("{y}年"))),
            &a.year.to_string(),
        ),
        year: a.year,
        scheme_name: a.scheme.name.clone(),
        source: a.scheme.source.clone().unwrap_or_default(),
        full_marks: points_text(a.scheme.full_marks()),
        units: views(&a),
    };
    Ok(Html(view.render()?))
}

/// GET /assessment/export?year= — the same scores as the page: one 合计 row per unit, then
/// its lines.
pub async fn export(
    user: PageUser,
    Query(q): Query<AssessmentQuery>,
) -> Result<Response, PageError> {
    let a = assess(&user, &q.year).await?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in &a.scores {
        let total = points_text(s.total);
        rows.push(vec![
            s.rank.to_string(),
            s.code.clone(),
            s.name.clone(),
            total.clone(),
            "合计".to_owned(),
            String::new(),
            String::new(),
            points_text(a.scheme.full_marks()),
            total,
            String::new(),
        ]);
        for l in &s.lines {
            rows.push(vec![
                String::new(),
                s.code.clone(),
                s.name.clone(),
                String::new(),
                l.item.clone(),
                l.figure.clone(),
                l.rule.clone(),
                points_text(l.weight),
                points_text(l.points),
                l.why.clone(),
            ]);
        }
    }
    let sheet = format!("{}年考核评分", a.year);
    let bytes = fazhi_exchange::blocking(move || {
        let columns = [
            ("名次", 6.0),
            ("单位代码", 12.0),
            ("单位", 16.0),
            ("总分", 8.0),
            ("考核项目", 22.0),
            ("数据", 22.0),
            ("计分规则", 48.0),
            ("分值", 6.0),
            ("得分", 6.0),
            ("说明", 40.0),
        ]
        .map(|(header, width)| fazhi_exchange::Column { header, width });
        fazhi_exchange::table_workbook(&sheet, &columns, &rows)
    })
    .await
    .map_err(|err| {
        tracing::error!(%err, "assessment export");
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, "导出文件生成失败")
    })?;
    Ok(crate::import_pages::download(
        bytes,
        &format!("{}年考核评分.xlsx", a.year),
        crate::import_pages::XLSX,
    ))
}
