//! 上传 — receiving an uploaded file without trusting it: who may upload is decided before the
//! body is read, the form's CSRF token must arrive (and match) before the file, the file is
//! streamed to a private temporary folder (0700, file 0600) with a size cap, and the folder is
//! removed when the upload is dropped, on every path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use axum::extract::Multipart;
use axum::extract::multipart::Field;
use axum::http::StatusCode;
use tokio::io::AsyncWriteExt;

use crate::auth::PageUser;
use crate::error::PageError;

/// Largest upload accepted through the web page (larger files: the CLI).
pub const MAX_UPLOAD: usize = 200 * 1024 * 1024;
/// Largest text field of an import form (the CSRF token, a unit code, a checkbox).
pub const MAX_FIELD: usize = 4 * 1024;

/// A received upload: the form's text fields and the file, in a folder that is removed when
/// this is dropped.
pub struct Upload {
    pub fields: BTreeMap<String, String>,
    /// The name the client gave the file, and where it is kept.
    pub file: Option<(String, PathBuf)>,
    _dir: tempfile::TempDir,
}

fn bad_request(message: String) -> PageError {
    PageError::new(StatusCode::BAD_REQUEST, message)
}

fn io_error(e: std::io::Error) -> PageError {
    tracing::error!(error = %e, "upload temp file");
    PageError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "临时文件读写失败,请稍后重试或联系管理员",
    )
}

/// Reads a multipart body: text fields first, the CSRF token checked as soon as it arrives,
/// and the `file` field only after that.
pub async fn receive(
    user: &PageUser,
    temp_dir: &Path,
    multipart: &mut Multipart,
) -> Result<Upload, PageError> {
    receive_capped(user, temp_dir, multipart, MAX_FIELD).await
}

/// [`receive`] with text fields of up to `max_field` bytes (a pasted report beside its file).
pub async fn receive_capped(
    user: &PageUser,
    temp_dir: &Path,
    multipart: &mut Multipart,
    max_field: usize,
) -> Result<Upload, PageError> {
    let dir = tempfile::Builder::new()
        .prefix("fazhi-upload-")
        .tempdir_in(temp_dir)
        .map_err(io_error)?;
    let mut fields = BTreeMap::new();
    let mut file = None;
    let mut csrf_checked = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| bad_request(format!("上传内容无法读取:{}", e.body_text())))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if !csrf_checked {
                user.check_csrf("")?;
            }
            let file_name = field.file_name().unwrap_or("上传文件").to_owned();
            let path = dir.path().join("upload");
            write_capped(field, &path).await?;
            file = Some((file_name, path));
            continue;
        }
        let text = read_field(field, max_field).await?;
        if name == "csrf" {
            user.check_csrf(&text)?;
            csrf_checked = true;
        }
        fields.insert(name, text);
    }
    if !csrf_checked {
        user.check_csrf("")?;
    }
    Ok(Upload {
        fields,
        file: file.filter(|(_, p): &(String, PathBuf)| p.metadata().is_ok_and(|m| m.len() > 0)),
        _dir: dir,
    })
}

async fn read_field(mut field: Field<'_>, max_field: usize) -> Result<String, PageError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| bad_request(format!("上传内容无法读取:{}", e.body_text())))?
    {
        if bytes.len() + chunk.len() > max_field {
            return Err(bad_request("表单字段过长".into()));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| bad_request("表单字段不是有效的 UTF-8 文本".into()))
}

/// Streams the file to `path` (mode 0600), refusing it past [`MAX_UPLOAD`].
async fn write_capped(mut field: Field<'_>, path: &Path) -> Result<(), PageError> {
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut out = options.open(path).await.map_err(io_error)?;
    let mut written = 0_usize;
    while let Some(chunk) = field.chunk().await.map_err(|e| {
        bad_request(format!(
            "文件上传未完成或超过 {} MB:{}",
            MAX_UPLOAD >> 20,
            e.body_text()
        ))
    })? {
        written += chunk.len();
        if written > MAX_UPLOAD {
            return Err(PageError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "文件超过 {} MB,请拆分后上传或使用命令行导入",
                    MAX_UPLOAD >> 20
                ),
            ));
        }
        out.write_all(&chunk).await.map_err(io_error)?;
    }
    out.flush().await.map_err(io_error)
}
