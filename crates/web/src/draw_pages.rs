//! 随机抽取 pages (issue 20) — `/draws`: the recorded draws in scope and, for the office, a
//! form to run one (案卷评查: case files drawn per unit from a register, year and subtree, by a
//! seed fixed in advance); `/draws/{id}`: its parameters, seed and list, and `?verify=1` re-runs
//! it against the register as it is now.

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::draw::DrawSpec;
use fazhi_store::{DrawCheck, InspectionTask, NewDraw, StoreError, StoredDraw};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::filters;
use crate::home::{Choice, Layout, today};
use crate::letter_pages::only_the_office;
use crate::register_pages::form_values;

#[derive(Template)]
#[template(path = "draws.html")]
struct DrawsPage {
    layout: Layout,
    draws: Vec<StoredDraw>,
    may_draw: bool,
    registers: Vec<Choice>,
    units: Vec<Choice>,
    form: DrawForm,
    error: String,
}

/// What the draw form shows: the typed values, or the defaults.
struct DrawForm {
    campaign: String,
    seed_source: String,
    year: String,
    per_unit: String,
    cross_check: bool,
}

#[derive(Template)]
#[template(path = "draw.html")]
struct DrawPage {
    layout: Layout,
    draw: StoredDraw,
    register_label: String,
    check: Option<DrawCheck>,
    /// Each drawn file's score as shown (87分 合格), empty while unscored, in the draw's order.
    scores: Vec<String>,
    /// Per unit: (unit code, files drawn, files scored, average, 优秀, 合格, 不合格).
    units: Vec<UnitScores>,
    message: String,
    /// 双随机: the 抽查 records the draw has handed out, and where they are listed.
    handed_out: i64,
    inspections_link: String,
}

/// One unit's files of a review.
pub struct UnitScores {
    pub unit: String,
    pub drawn: usize,
    pub scored: usize,
    pub average: String,
    pub grades: String,
}

#[derive(Deserialize, Default)]
pub struct DrawQuery {
    #[serde(default)]
    verify: Option<u8>,
    #[serde(default)]
    msg: String,
}

/// The scores by unit, in the order of the draw's units.
fn unit_scores(draw: &StoredDraw, scores: &[Option<(i64, String)>]) -> Vec<UnitScores> {
    let mut units: Vec<UnitScores> = Vec::new();
    let mut totals: Vec<(i64, Vec<String>)> = Vec::new();
    for (x, score) in draw.drawn.iter().zip(scores) {
        if units.last().is_none_or(|u| u.unit != x.unit) {
            units.push(UnitScores {
                unit: x.unit.clone(),
                drawn: 0,
                scored: 0,
                average: String::new(),
                grades: String::new(),
            });
            totals.push((0, Vec::new()));
        }
        let (Some(unit), Some(total)) = (units.last_mut(), totals.last_mut()) else {
            continue;
        };
        unit.drawn += 1;
        if let Some((points, grade)) = score {
            unit.scored += 1;
            total.0 += points;
            total.1.push(grade.clone());
        }
    }
    for (unit, (sum, grades)) in units.iter_mut().zip(totals) {
        if unit.scored > 0 {
            unit.average = format!("{:.1}", sum as f64 / unit.scored as f64);
            let mut counted: Vec<(String, usize)> = Vec::new();
            for g in grades {
                match counted.iter_mut().find(|(name, _)| *name == g) {
                    Some((_, n)) => *n += 1,
                    None => counted.push((g, 1)),
                }
            }
            unit.grades = counted
                .iter()
                .map(|(g, n)| format!("{g}{n}"))
                .collect::<Vec<_>>()
                .join("、");
        }
    }
    units
}

async fn render_list(
    user: &PageUser,
    values: std::collections::BTreeMap<String, String>,
    error: String,
) -> Result<Response, PageError> {
    let may_draw = only_the_office(user).is_ok();
    let picked = |key: &str, default: &str| {
        values
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    };
    let register = picked("register", "enforcement-cases");
    let under = picked("under", "");
    let form = DrawForm {
        campaign: picked("campaign", ""),
        seed_source: picked("seed_source", ""),
        year: picked("year", &(chrono::Datelike::year(&today()) - 1).to_string()),
        per_unit: picked("per_unit", "5"),
        cross_check: values.contains_key("cross_check"),
    };
    let page = DrawsPage {
        layout: Layout::new(user, "draws"),
        draws: user.store.list_draws().await?,
        may_draw,
        registers: fazhi_domain::register::all()
            .iter()
            .map(|d| Choice {
                value: d.key.to_owned(),
                label: d.label.to_owned(),
                selected: d.key == register,
            })
            .collect(),
        units: user
            .store
            .list_orgs()
            .await?
            .into_iter()
            .map(|o| Choice {
                selected: o.code == under,
                label: format!("{} {}", o.code, o.name),
                value: o.code,
            })
            .collect(),
        form,
        error,
    };
    let status = if page.error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn list(user: PageUser) -> Result<Response, PageError> {
    render_list(&user, Default::default(), String::new()).await
}

/// Runs and records a draw from the posted form; a refused draw shows the form again with
/// what was typed and the reason.
pub async fn create(user: PageUser, body: axum::body::Bytes) -> Result<Response, PageError> {
    only_the_office(&user)?;
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let field = |k: &str| values.get(k).map_or("", |v| v.trim()).to_owned();
    let Some(register) = fazhi_domain::register::by_key(&field("register")) else {
        return render_list(&user, values, "请选择登记簿".into()).await;
    };
    let Ok(year) = field("year").parse::<i32>() else {
        return render_list(&user, values, "「年度」应为四位数年份,如 2024".into()).await;
    };
    let Ok(per_unit) = field("per_unit").parse::<usize>() else {
        return render_list(&user, values, "「每单位抽取件数」应为整数".into()).await;
    };
    let new = NewDraw {
        register,
        under: field("under"),
        year,
        spec: DrawSpec {
            campaign: field("campaign"),
            seed_source: field("seed_source"),
            per_unit,
        },
        cross_check: values.contains_key("cross_check"),
    };
    match user.store.run_draw(new).await {
        Ok(d) => Ok(Redirect::to(&format!("/draws/{}", d.id)).into_response()),
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict(_))) => {
            render_list(&user, values, e.to_string()).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn detail(
    user: PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DrawQuery>,
) -> Result<Html<String>, PageError> {
    let draw = user.store.get_draw(id).await?;
    let check = match q.verify {
        Some(_) => Some(user.store.verify_draw(id).await?),
        None => None,
    };
    let stored = user.store.case_scores(id).await?;
    let scores: Vec<Option<(i64, String)>> = draw
        .drawn
        .iter()
        .map(|x| {
            stored
                .iter()
                .find(|s| s.record_id == x.id)
                .map(|s| (s.total, s.grade.clone()))
        })
        .collect();
    let page = DrawPage {
        units: unit_scores(&draw, &scores),
        scores: scores
            .iter()
            .map(|s| {
                s.as_ref()
                    .map_or_else(String::new, |(t, g)| format!("{t}分 {g}"))
            })
            .collect(),
        message: q.msg.clone(),
        handed_out: match draw.officers {
            Some(_) => user.store.inspections_handed_out(id).await?,
            None => 0,
        },
        inspections_link: format!(
            "/registers/random-inspections?q={}",
            form_urlencoded::byte_serialize(draw.campaign.as_bytes()).collect::<String>()
        ),
        layout: Layout::new(&user, "draws"),
        register_label: fazhi_domain::register::by_key(&draw.register)
            .map_or_else(|| draw.register.clone(), |d| d.label.to_owned()),
        draw,
        check,
    };
    Ok(Html(page.render()?))
}

/// 生成抽查任务: one 抽查 record per drawn object, all or nothing; a refusal comes back to the
/// draw's page with the reason (row by row for a row's problem).
pub async fn hand_out(
    user: PageUser,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    only_the_office(&user)?;
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let field = |k: &str| values.get(k).map_or("", |v| v.trim()).to_owned();
    let task = InspectionTask {
        matter: field("matter"),
        planned_date: field("planned_date"),
    };
    let message = match user.store.register_inspections(id, &task).await {
        Ok(outcome) if outcome.committed => format!("已生成抽查任务 {} 条", outcome.created),
        Ok(outcome) => {
            let problems: Vec<String> = outcome
                .problems
                .iter()
                .map(|p| format!("第{}个对象:{}", p.line, p.message))
                .collect();
            format!("未生成抽查任务:{}", problems.join(";"))
        }
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict(_))) => e.to_string(),
        Err(e) => return Err(e.into()),
    };
    let to = format!(
        "/draws/{id}?msg={}",
        form_urlencoded::byte_serialize(message.as_bytes()).collect::<String>()
    );
    Ok(Redirect::to(&to).into_response())
}
