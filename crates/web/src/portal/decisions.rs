//! 双公示查询 — the search page, its CSV download and the decision page.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use fazhi_domain::publicity_period::PublicityRules;
use fazhi_domain::register::format_fen;
use fazhi_store::portal::{DecisionKind, DecisionQuery, MAX_MATCHES, PublicDecision, PublicUnit};

use super::query::{PAGE_SIZE, SearchForm};
use super::{PortalError, render};
use crate::AppState;

/// A search result as listed.
pub(super) struct Listed {
    pub id: i64,
    pub kind: &'static str,
    pub party_name: String,
    pub decision_no: String,
    pub org_name: String,
    pub decision_date: String,
    pub gist: String,
}

impl Listed {
    pub(super) fn of(d: &PublicDecision) -> Self {
        let mut gist: String = d.content.chars().take(80).collect();
        if d.content.chars().count() > 80 {
            gist.push('…');
        }
        Self {
            id: d.id,
            kind: d.kind.label(),
            party_name: d.party_name.clone(),
            decision_no: d.decision_no.clone(),
            org_name: d.org_name.clone(),
            decision_date: d.decision_date.to_string(),
            gist,
        }
    }
}

#[derive(Template)]
#[template(path = "portal/decisions.html")]
struct SearchPage {
    active: &'static str,
    form: SearchForm,
    units: Vec<PublicUnit>,
    summary: String,
    csv_link: String,
    items: Vec<Listed>,
    page: usize,
    prev: String,
    next: String,
}

/// The query string read and checked against the units that have public decisions.
async fn checked_query(
    state: &AppState,
    raw: Option<&str>,
) -> Result<(SearchForm, Vec<PublicUnit>, DecisionQuery), PortalError> {
    let form = SearchForm::parse(raw)?;
    let units = state.store.public_deciding_units().await?;
    let query = form.query(&units)?;
    Ok((form, units, query))
}

/// `/gongshi/`: the search with the newest decisions.
pub async fn home(state: State<AppState>, headers: HeaderMap) -> Result<Response, PortalError> {
    search(state, headers, RawQuery(None)).await
}

/// `/gongshi/decisions?q=&kind=&org=&from=&to=&page=`.
pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, PortalError> {
    let (form, units, query) = checked_query(&state, raw.as_deref()).await?;
    let found = state.store.public_decisions(&query).await?;
    if form.page > 1 && query.offset >= found.total {
        return Err(PortalError::not_found(format!(
            "没有第 {} 页:本次查询共 {} 条",
            form.page, found.total
        )));
    }
    let summary = match (found.total, found.capped) {
        (0, _) => "没有找到符合条件的公示信息".to_owned(),
        (n, false) => format!("共 {n} 条,按决定日期从新到旧排列"),
        (n, true) => format!("超过 {n} 条,仅显示前 {n} 条,请增加查询条件"),
    };
    let last_page = found.total.div_ceil(PAGE_SIZE).max(1);
    let page = SearchPage {
        active: "decisions",
        csv_link: if found.total > 0 {
            form.link("/gongshi/decisions.csv", 1)
        } else {
            String::new()
        },
        prev: if form.page > 1 {
            form.link("/gongshi/decisions", form.page - 1)
        } else {
            String::new()
        },
        next: if form.page < last_page {
            form.link("/gongshi/decisions", form.page + 1)
        } else {
            String::new()
        },
        items: found.items.iter().map(|d| Listed::of(d)).collect(),
        page: form.page,
        summary,
        units,
        form,
    };
    render(&headers, &page, 60)
}

/// Rows as CSV text, UTF-8 with a BOM so that Excel reads the Chinese; a cell that starts like
/// a formula is neutralised as in every export (`fazhi_exchange::neutralise`).
fn csv_text(rows: &[[String; 11]]) -> Result<String, PortalError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        writer
            .write_record(
                row.iter()
                    .map(|cell| fazhi_exchange::neutralise(cell).into_owned()),
            )
            .map_err(|_| PortalError::bad_request("下载文件生成失败"))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|_| PortalError::bad_request("下载文件生成失败"))?;
    String::from_utf8(bytes).map_err(|_| PortalError::bad_request("下载文件生成失败"))
}

/// `/gongshi/decisions.csv?…`: the search's matches (at most [`MAX_MATCHES`]), the public
/// fields only, UTF-8 with a BOM so that Excel reads the Chinese.
pub async fn csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, PortalError> {
    let (_, _, mut query) = checked_query(&state, raw.as_deref()).await?;
    query.offset = 0;
    query.limit = MAX_MATCHES;
    let found = state.store.public_decisions(&query).await?;
    let mut rows = vec![
        [
            "公示类型",
            "决定文书号",
            "行政相对人名称",
            "行政相对人类别",
            "统一社会信用代码(证件号码)",
            "类别",
            "内容",
            "罚没金额(元)",
            "决定日期",
            "决定机关",
            "公示截止期",
        ]
        .map(str::to_owned),
    ];
    rows.extend(found.items.iter().map(|d| {
        [
            d.kind.label().to_owned(),
            d.decision_no.clone(),
            d.party_name.clone(),
            d.party_category.to_owned(),
            d.party_code.clone(),
            d.category.clone(),
            d.content.clone(),
            d.amount_fen.map(format_fen).unwrap_or_default(),
            d.decision_date.to_string(),
            d.org_name.clone(),
            d.public_until.map(|d| d.to_string()).unwrap_or_default(),
        ]
    }));
    let out = csv_text(&rows)?;
    let file = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"shuanggongshi.csv\"",
            ),
        ],
        out,
    );
    let etag = super::etag_of(file.1.as_bytes());
    super::cached(&headers, &etag, 60, file).map(IntoResponse::into_response)
}

#[derive(Template)]
#[template(path = "portal/decision.html")]
struct DecisionPage {
    active: &'static str,
    d: Listed,
    fields: Vec<(&'static str, String)>,
    basis: String,
}

/// `/gongshi/decisions/{id}`: the fields 信用中国 publishes, cached for five minutes.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PortalError> {
    let gone = || PortalError::not_found("没有这条公示信息:编号有误,或已过公示期、已信用修复撤下");
    let id: i64 = id.parse().map_err(|_| gone())?;
    let decision = state.store.public_decision(id).await?.ok_or_else(gone)?;
    let d = decision.as_ref();
    let penalty = d.kind == DecisionKind::Penalty;
    let date = |day: Option<chrono::NaiveDate>| day.map(|d| d.to_string()).unwrap_or_default();
    let mut fields = vec![
        ("行政相对人名称", d.party_name.clone()),
        ("行政相对人类别", d.party_category.to_owned()),
        ("统一社会信用代码(证件号码)", d.party_code.clone()),
        ("法定代表人", d.legal_rep.clone()),
        (
            if penalty {
                "行政处罚决定书文号"
            } else {
                "行政许可决定文书号"
            },
            d.decision_no.clone(),
        ),
        (
            if penalty {
                "处罚类别"
            } else {
                "许可类别"
            },
            d.category.clone(),
        ),
        (
            if penalty {
                "处罚内容"
            } else {
                "许可内容"
            },
            d.content.clone(),
        ),
    ];
    if penalty {
        fields.push((
            "罚没金额(元)",
            d.amount_fen.map(format_fen).unwrap_or_default(),
        ));
    }
    fields.extend([
        ("决定日期", d.decision_date.to_string()),
        ("有效期自", date(d.valid_from)),
        ("有效期至", date(d.valid_to)),
        (
            if penalty {
                "处罚机关"
            } else {
                "许可机关"
            },
            d.org_name.clone(),
        ),
        ("决定机关统一社会信用代码", d.org_credit_code.clone()),
        ("数据来源单位", d.data_source.clone()),
        ("公示日期", d.published_date.to_string()),
        ("公示截止期", date(d.public_until)),
    ]);
    fields.retain(|(_, value)| !value.is_empty());
    let basis = if penalty {
        PublicityRules::embedded()
            .regime_for(d.decision_date)
            .name
            .clone()
    } else {
        "行政许可决定自作出之日起7个工作日内公示,至其公示截止期".to_owned()
    };
    let page = DecisionPage {
        active: "decisions",
        d: Listed::of(d),
        fields,
        basis,
    };
    render(&headers, &page, 300)
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        let mut row: [String; 11] = Default::default();
        row[0] = "=HYPERLINK(\"x\")".into();
        row[1] = "甲,乙".into();
        let text = super::csv_text(&[row]).unwrap();
        assert!(
            text.starts_with("\u{feff}\"'=HYPERLINK(\"\"x\"\")\",\"甲,乙\","),
            "{text}"
        );
        assert!(text.ends_with("\r\n"));
    }
}
