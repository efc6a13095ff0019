//! 报告解读 — paste a published 法治政府建设年度报告 and see every statistic found in it
//! highlighted, named by its catalog indicator (in Chinese), shown as the report writes it
//! with the words around it, and the consistency checks of its rates and parts; the table of
//! statistics downloads as an Excel workbook. The reading is CPU work and runs on the
//! blocking pool.

use std::collections::HashMap;
use std::sync::LazyLock;

use askama::Template;
use axum::body::Body;
use axum::extract::{Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use fazhi_text::{Check, CheckKind, Metadata, Reader, Statistic, TextError, Verdict};

use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::home::Layout;

/// Largest report accepted, in bytes of UTF-8 text.
pub const MAX_TEXT_BYTES: usize = 2 << 20;
/// Largest form body read: the text URL-encoded (a Han character takes 9 bytes) and the token.
const MAX_BODY_BYTES: usize = 3 * MAX_TEXT_BYTES + 4096;

static READER: LazyLock<Result<Reader<'static>, TextError>> = LazyLock::new(Reader::embedded);

/// A run of the report's text: plain, or one highlighted statistic.
pub struct Piece {
    pub text: String,
    /// Index into the statistics table, when the run is a statistic.
    pub stat: Option<usize>,
    /// Tooltip: the indicator's name, value and unit.
    pub title: String,
}

/// Characters of the sentence kept before and after a figure in its excerpt.
const EXCERPT_BEFORE: usize = 40;
const EXCERPT_AFTER: usize = 20;

/// One row of the statistics table.
pub struct StatRow {
    pub number: usize,
    /// The indicator's Chinese name, or 未识别.
    pub name: String,
    /// As written: 65.22亿元, 1200余件.
    pub figure: String,
    /// 原文摘录: the words around the figure, which is always part of it.
    pub excerpt: fazhi_text::Excerpt,
}

/// One row of the checks table.
pub struct CheckRow {
    pub kind: &'static str,
    /// The indicators checked, by their Chinese names.
    pub name: String,
    pub stated: String,
    pub verdict: &'static str,
    /// CSS class of the verdict: ok, bad, muted.
    pub class: &'static str,
    pub explanation: String,
}

/// What a reading shows.
pub struct ReadingView {
    pub metadata: Metadata,
    pub pieces: Vec<Piece>,
    pub stats: Vec<StatRow>,
    pub checks: Vec<CheckRow>,
    pub identified: usize,
}

#[derive(Template)]
#[template(path = "reader.html")]
struct ReaderPage {
    layout: Layout,
    text: String,
    error: String,
    reading: Option<ReadingView>,
    max_mb: usize,
}

fn page(user: &PageUser, text: String, error: String, reading: Option<ReadingView>) -> ReaderPage {
    ReaderPage {
        layout: Layout::new(user, "reader"),
        text,
        error,
        reading,
        max_mb: MAX_TEXT_BYTES >> 20,
    }
}

/// GET /reader — the empty form.
pub async fn form(user: PageUser) -> Result<Html<String>, PageError> {
    Ok(Html(
        page(&user, String::new(), String::new(), None).render()?,
    ))
}

/// Largest uploaded report file (a PDF with its fonts and images).
pub const MAX_REPORT_FILE: usize = 30 << 20;

fn too_large() -> PageError {
    PageError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("报告过长: 最多 {} MB 文本,请分段粘贴", MAX_TEXT_BYTES >> 20),
    )
}

/// The pasted text of a form-encoded body.
async fn pasted_text(user: &PageUser, body: Body) -> Result<String, PageError> {
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| too_large())?;
    let (mut csrf, mut text) = (String::new(), String::new());
    for (name, value) in form_urlencoded::parse(&bytes) {
        match name.as_ref() {
            "csrf" => csrf = value.into_owned(),
            "text" => text = value.into_owned(),
            _ => {}
        }
    }
    user.check_csrf(&csrf)?;
    Ok(text)
}

/// The text of an uploaded report file (TXT, DOCX, PDF), or the pasted text beside it.
async fn uploaded_text(
    state: &AppState,
    user: &PageUser,
    request: Request,
) -> Result<String, PageError> {
    use axum::extract::FromRequest;
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|e| PageError::new(StatusCode::BAD_REQUEST, e.body_text()))?;
    let temp_dir = state.settings.temp_dir();
    let upload =
        crate::upload::receive_capped(user, &temp_dir, &mut multipart, MAX_BODY_BYTES).await?;
    let Some((name, path)) = upload.file.clone() else {
        return Ok(upload.fields.get("text").cloned().unwrap_or_default());
    };
    let text = fazhi_exchange::blocking(move || fazhi_exchange::report_text(&path, &name)).await;
    drop(upload);
    text.map_err(|e| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))
}

/// The report text posted to /reader or /reader/export: pasted or an uploaded file. `Err`
/// holds the page to answer with when there is nothing to read.
async fn posted_text(
    state: &AppState,
    user: &PageUser,
    request: Request,
) -> Result<Result<String, Response>, PageError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let text = if multipart {
        match uploaded_text(state, user, request).await {
            Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
                let html = page(user, String::new(), e.message, None).render()?;
                return Ok(Err(
                    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
                ));
            }
            other => other?,
        }
    } else {
        pasted_text(user, request.into_body()).await?
    };
    if text.len() > MAX_TEXT_BYTES {
        return Err(too_large());
    }
    if text.trim().is_empty() {
        let html = page(user, text, "请粘贴报告全文或选择报告文件".into(), None).render()?;
        return Ok(Err(
            (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
        ));
    }
    Ok(Ok(text))
}

/// Reads `text` on the blocking pool.
async fn read_off_executor(text: String) -> Result<(String, ReadingView), PageError> {
    let (text, reading) = tokio::task::spawn_blocking(move || {
        let reading = view(&text);
        (text, reading)
    })
    .await
    .map_err(|err| {
        tracing::error!(%err, "report reading failed");
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, "报告解读失败")
    })?;
    let reading = reading.map_err(|err| {
        tracing::error!(%err, "indicator catalog");
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, "指标目录加载失败")
    })?;
    Ok((text, reading))
}

/// POST /reader — reads the pasted text or the uploaded report file.
pub async fn read(
    State(state): State<AppState>,
    user: PageUser,
    request: Request,
) -> Result<Response, PageError> {
    let text = match posted_text(&state, &user, request).await? {
        Ok(text) => text,
        Err(refused) => return Ok(refused),
    };
    let (text, reading) = read_off_executor(text).await?;
    Ok(Html(page(&user, text, String::new(), Some(reading)).render()?).into_response())
}

/// POST /reader/export — the statistics table of the posted report as an Excel workbook
/// (the result page's 导出 Excel button posts the text it shows).
pub async fn export(
    State(state): State<AppState>,
    user: PageUser,
    request: Request,
) -> Result<Response, PageError> {
    let text = match posted_text(&state, &user, request).await? {
        Ok(text) => text,
        Err(refused) => return Ok(refused),
    };
    let (_, reading) = read_off_executor(text).await?;
    let name = match (&reading.metadata.government, reading.metadata.year) {
        (Some(g), Some(y)) => format!("报告解读-{g}{y}年度.xlsx"),
        (Some(g), None) => format!("报告解读-{g}.xlsx"),
        _ => "报告解读.xlsx".to_owned(),
    };
    let rows: Vec<Vec<String>> = reading
        .stats
        .iter()
        .map(|s| {
            vec![
                s.number.to_string(),
                s.name.clone(),
                s.figure.clone(),
                s.excerpt.text(),
            ]
        })
        .collect();
    let bytes = fazhi_exchange::blocking(move || {
        let columns = [
            ("序号", 8.0),
            ("指标", 28.0),
            ("数值", 16.0),
            ("原文摘录", 80.0),
        ]
        .map(|(header, width)| fazhi_exchange::Column { header, width });
        fazhi_exchange::table_workbook("统计数字", &columns, &rows)
    })
    .await
    .map_err(|err| {
        tracing::error!(%err, "reader export");
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, "导出文件生成失败")
    })?;
    Ok(crate::import_pages::download(
        bytes,
        &name,
        crate::import_pages::XLSX,
    ))
}

/// Reads `text` and builds what the page shows.
pub fn view(text: &str) -> Result<ReadingView, TextError> {
    let reader = READER.as_ref().map_err(Clone::clone)?;
    let reading = reader.read(text);
    let checks = reader.check(&reading);
    let catalog = reader.catalog();
    let excerpts = reading.excerpts(EXCERPT_BEFORE, EXCERPT_AFTER);
    let stats: Vec<StatRow> = reading
        .statistics
        .iter()
        .zip(excerpts)
        .enumerate()
        .map(|(i, (s, excerpt))| StatRow {
            number: i + 1,
            name: indicator_name(s, catalog).to_owned(),
            figure: excerpt.figure.clone(),
            excerpt,
        })
        .collect();
    // A check states the figure of the statistic with its span: shown as written too.
    let written: HashMap<usize, &str> = reading
        .statistics
        .iter()
        .zip(&stats)
        .map(|(s, row)| (s.start, row.figure.as_str()))
        .collect();
    let checks = checks
        .iter()
        .map(|c| check_row(c, catalog, written.get(&c.start).copied()))
        .collect();
    Ok(ReadingView {
        metadata: fazhi_text::metadata(text),
        pieces: pieces(text, &reading.statistics, &stats),
        identified: reading
            .statistics
            .iter()
            .filter(|s| s.key.is_some())
            .count(),
        stats,
        checks,
    })
}

/// The Chinese name of the statistic's indicator, or 未识别.
fn indicator_name<'c>(s: &Statistic, catalog: &'c fazhi_catalog::Catalog) -> &'c str {
    s.key
        .as_deref()
        .and_then(|k| catalog.get(k))
        .map_or("未识别", |ind| ind.name.as_str())
}

/// Splits the original text into plain runs and statistics (spans are char offsets).
fn pieces(text: &str, stats: &[Statistic], rows: &[StatRow]) -> Vec<Piece> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let byte = |char_at: usize| bounds.get(char_at).copied().unwrap_or(text.len());
    let mut out = Vec::with_capacity(2 * stats.len() + 1);
    let mut cursor = 0;
    for (i, (s, row)) in stats.iter().zip(rows).enumerate() {
        let (start, end) = (byte(s.start), byte(s.end));
        if start < cursor || end <= start {
            continue;
        }
        if start > cursor {
            out.push(plain(&text[cursor..start]));
        }
        out.push(Piece {
            text: text[start..end].to_string(),
            stat: Some(i + 1),
            title: format!("{}: {}", row.name, row.figure),
        });
        cursor = end;
    }
    if cursor < text.len() {
        out.push(plain(&text[cursor..]));
    }
    out
}

fn plain(text: &str) -> Piece {
    Piece {
        text: text.to_string(),
        stat: None,
        title: String::new(),
    }
}

fn check_row(c: &Check, catalog: &fazhi_catalog::Catalog, written: Option<&str>) -> CheckRow {
    let (verdict, class) = match c.verdict {
        Verdict::Consistent => ("一致", "ok"),
        Verdict::Inconsistent { .. } => ("不一致", "bad"),
        Verdict::Uncheckable => ("无法校验", "muted"),
    };
    let kind = match c.kind {
        CheckKind::Rate => "比率",
        CheckKind::YearOnYear => "同比",
        CheckKind::PartOfTotal => "其中",
        CheckKind::Relation => "关系",
    };
    CheckRow {
        kind,
        // A relation's key joins its left-hand keys with `+`.
        name: c
            .key
            .split('+')
            .map(|k| catalog.get(k).map_or(k, |ind| ind.name.as_str()))
            .collect::<Vec<_>>()
            .join(" + "),
        stated: written.map_or_else(|| c.stated.to_string(), str::to_owned),
        verdict,
        class,
        explanation: c.explanation.clone(),
    }
}
