//! 导入导出页面 — per register: template download, upload (errors shown in a table and the
//! file offered back as xlsx with a 错误说明 column), export of the current filter. The
//! 填报值 file import goes through here too (`reported-values`); its form is `reported_pages`.

use std::path::PathBuf;
use std::time::Duration;

use askama::Template;
use axum::body::Body;
use axum::extract::{Multipart, Path, Query, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use fazhi_exchange::{Format, ImportReport, RowError};
use fazhi_store::{ImportOptions, KeptFile, REPORTED_VALUES};
use serde::Deserialize;

use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::filters;
use crate::home::{Choice, Layout, choices};
use crate::register_pages::register;

pub use crate::upload::MAX_UPLOAD;

/// A file download named `name` (UTF-8, RFC 5987 encoded).
pub(crate) fn download(bytes: Vec<u8>, name: &str, mime: &'static str) -> Response {
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"download\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        Body::from(bytes),
    )
        .into_response()
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn exchange_error(err: fazhi_exchange::ExchangeError) -> PageError {
    match err {
        fazhi_exchange::ExchangeError::Store(e) => e.into(),
        other => PageError::new(StatusCode::UNPROCESSABLE_ENTITY, other.to_string()),
    }
}

/// GET /registers/{register}/template
pub async fn template(_user: PageUser, Path(key): Path<String>) -> Result<Response, PageError> {
    let (bytes, label) = if key == REPORTED_VALUES {
        let bytes = fazhi_exchange::blocking(fazhi_exchange::reported_template).await;
        (bytes, "填报值")
    } else {
        let def = register(&key)?;
        let bytes = fazhi_exchange::blocking(move || fazhi_exchange::template(def)).await;
        (bytes, def.label)
    };
    Ok(download(
        bytes.map_err(exchange_error)?,
        &format!("{label}导入模板.xlsx"),
        XLSX,
    ))
}

#[derive(Deserialize, Default)]
pub struct ExportQuery {
    #[serde(default)]
    format: String,
}

fn opt(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// GET /registers/{register}/export — the records of the list's current filter.
pub async fn export(
    user: PageUser,
    Path(key): Path<String>,
    Query(query): Query<ExportQuery>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let def = register(&key)?;
    let format = if query.format == "csv" {
        Format::Csv
    } else {
        Format::Xlsx
    };
    // The list's own filter, read by the same code: the file holds what the list shows.
    let filter = crate::record_filter::list_filter(&user.store, def, raw.as_deref())
        .map_err(|e| PageError::new(StatusCode::BAD_REQUEST, e))?
        .filter;
    // Removed when dropped, also when the export fails half-way.
    let dir = fazhi_exchange::files::private_temp_dir(&std::env::temp_dir(), "fazhi-export-")
        .map_err(io_error)?;
    let path = dir.path().join(format!(
        "export.{}",
        if format == Format::Csv { "csv" } else { "xlsx" }
    ));
    fazhi_exchange::export_register(&user.store, def, &filter, format, &path)
        .await
        .map_err(exchange_error)?;
    let bytes = tokio::fs::read(&path).await.map_err(io_error)?;
    drop(dir);
    let (name, mime) = match format {
        Format::Csv => (format!("{}.csv", def.label), "text/csv; charset=utf-8"),
        _ => (format!("{}.xlsx", def.label), XLSX),
    };
    Ok(download(bytes, &name, mime))
}

fn io_error(e: std::io::Error) -> PageError {
    PageError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("临时文件读写失败:{e}"),
    )
}

/// Where files handed back with their errors wait for download (one hour).
fn error_files(temp_dir: &std::path::Path) -> PathBuf {
    temp_dir.join("fazhi-import-errors")
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    layout: Layout,
    key: String,
    label: String,
    orgs: Vec<Choice>,
    done: bool,
    ok: bool,
    dry_run: bool,
    summary: String,
    errors: Vec<RowError>,
    unlisted: u64,
    error_file: String,
    /// The committed batch's page, listing the records it wrote.
    batch_link: String,
    failure: String,
}

fn label_of(key: &str) -> Result<String, PageError> {
    if key == REPORTED_VALUES {
        Ok("填报值".into())
    } else {
        Ok(register(key)?.label.to_owned())
    }
}

async fn page(user: &PageUser, key: &str, active: &'static str) -> Result<ImportPage, PageError> {
    let orgs = user.store.list_orgs().await?;
    let default = orgs.first().map(|o| o.code.clone()).unwrap_or_default();
    Ok(ImportPage {
        layout: Layout::new(user, active),
        key: key.to_owned(),
        label: label_of(key)?,
        orgs: choices(orgs.into_iter().map(|o| (o.code, o.name)), &default),
        done: false,
        ok: false,
        dry_run: false,
        summary: String::new(),
        errors: Vec::new(),
        unlisted: 0,
        error_file: String::new(),
        batch_link: String::new(),
        failure: String::new(),
    })
}

fn active_of(key: &str) -> &'static str {
    if key == REPORTED_VALUES {
        "reported"
    } else {
        register(key).map_or("", |d| d.key)
    }
}

/// GET /registers/{register}/import
pub async fn form(user: PageUser, Path(key): Path<String>) -> Result<Response, PageError> {
    label_of(&key)?;
    if let Some(refusal) = crate::home::refuse_viewer(&user, active_of(&key)) {
        return refusal;
    }
    let view = page(&user, &key, active_of(&key)).await?;
    Ok(Html(view.render()?).into_response())
}

/// POST /registers/{register}/import (multipart: csrf, org, dry_run, file). The register and
/// the caller's role are checked before the body is read; see [`crate::upload`].
pub async fn upload(
    State(state): State<AppState>,
    user: PageUser,
    Path(key): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    label_of(&key)?;
    if !user.session.principal.role.can_write_records() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            format!(
                "您的角色「{}」无权导入数据",
                user.session.principal.role.label()
            ),
        ));
    }
    let temp_dir = state.settings.temp_dir();
    let received = crate::upload::receive(&user, &temp_dir, &mut multipart).await?;
    let fields = &received.fields;
    let mut view = page(&user, &key, active_of(&key)).await?;
    let Some((file_name, path)) = received.file.clone() else {
        view.done = true;
        view.failure = "请选择要导入的文件(文件不能为空)".into();
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response());
    };
    let dry_run = fields.get("dry_run").is_some_and(|v| !v.is_empty());
    let options = ImportOptions {
        default_org: fields.get("org").and_then(|o| opt(o)),
        dry_run,
        file: Some(KeptFile {
            name: file_name.clone(),
            path: path.clone(),
        }),
    };
    let result = match Format::detect(&path, Some(&file_name)) {
        Err(e) => Err(e),
        Ok(format) if key == REPORTED_VALUES => {
            fazhi_exchange::import_reported(&user.store, &path, format, options).await
        }
        Ok(format) => {
            let def = register(&key)?;
            fazhi_exchange::import_register(&user.store, def, &path, format, options, None).await
        }
    };
    view.done = true;
    view.dry_run = dry_run;
    let status = match result {
        Err(fazhi_exchange::ExchangeError::Store(e)) => return Err(e.into()),
        Err(e) => {
            view.failure = format!("未写入任何数据:{e}");
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Ok(report) => {
            fill_report(&mut view, &report);
            if !report.ok() {
                // Reading the file again and writing the workbook: off the async executor.
                let (key, path, name) = (key.clone(), path.clone(), file_name.clone());
                let errors = report.errors.clone();
                let owner = (user.session.principal.user_id, error_files(&temp_dir));
                view.error_file = fazhi_exchange::blocking(move || {
                    Ok(keep_error_file(owner, &key, &path, &name, &errors))
                })
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            }
            if report.ok() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            }
        }
    };
    drop(received);
    Ok((status, Html(view.render()?)).into_response())
}

fn fill_report(view: &mut ImportPage, report: &ImportReport) {
    use fazhi_domain::numbers::count;
    let o = &report.outcome;
    view.ok = report.ok();
    view.summary = if report.ok() {
        format!(
            "{}:共 {} 行,新增 {},更新 {},未变 {}",
            if view.dry_run {
                "检查通过(未写入)"
            } else {
                "导入成功"
            },
            count(o.rows),
            count(o.created),
            count(o.updated),
            count(o.unchanged)
        )
    } else {
        format!(
            "导入失败,未写入任何数据。共 {} 个问题:",
            count(report.error_count)
        )
    };
    view.batch_link = match o.batch_id {
        Some(batch) if o.committed => crate::import_batch_pages::batch_link(batch),
        _ => String::new(),
    };
    view.errors = report.errors.clone();
    view.unlisted = report
        .error_count
        .saturating_sub(report.errors.len() as u64);
}

/// Writes the file back with its errors, readable only by this server and fetched only by
/// the account that uploaded it; returns the download token.
fn keep_error_file(
    (owner, dir): (i64, PathBuf),
    key: &str,
    path: &std::path::Path,
    name: &str,
    errors: &[fazhi_exchange::RowError],
) -> Option<String> {
    let format = Format::detect(path, Some(name)).ok()?;
    let def = fazhi_domain::register::by_key(key);
    let bytes = fazhi_exchange::errors_workbook(path, format, def, errors).ok()?;
    let token = format!(
        "{:016x}{:016x}",
        rand::random::<u64>(),
        rand::random::<u64>()
    );
    // Old files go after an hour.
    let name = format!("{owner}-{token}.xlsx");
    fazhi_exchange::files::keep_private(&dir, &name, &bytes, Duration::from_secs(3600)).ok()?;
    Some(token)
}

/// GET /imports/errors/{token} — the uploaded file with its 错误说明 column.
pub async fn error_file(
    State(state): State<AppState>,
    user: PageUser,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let valid = token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit());
    let owner = user.session.principal.user_id;
    let path = error_files(&state.settings.temp_dir()).join(format!("{owner}-{token}.xlsx"));
    match tokio::fs::read(&path).await {
        Ok(bytes) if valid => Ok(download(bytes, "导入错误说明.xlsx", XLSX)),
        _ => Err(PageError::new(
            StatusCode::NOT_FOUND,
            "该错误说明文件已过期(保留一小时),请重新上传",
        )),
    }
}
