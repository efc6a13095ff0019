//! 附件 on a record's page (issue 20): `POST /registers/{register}/{id}/files` (multipart: csrf,
//! file) attaches a file, `GET /registers/{register}/{id}/files/{file}` downloads one. The
//! store decides by the record's scope; the upload goes through [`crate::upload`] (CSRF before
//! the file, a private temporary folder removed on every path).

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_domain::RecordId;
use fazhi_store::StoreError;

use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::register_pages::register;

fn back(key: &str, id: RecordId, msg: &str) -> Response {
    let msg: String = form_urlencoded::byte_serialize(msg.as_bytes()).collect();
    Redirect::to(&format!("/registers/{key}/{}?msg={msg}#files", id.get())).into_response()
}

pub async fn upload(
    State(state): State<AppState>,
    user: PageUser,
    Path((key, id)): Path<(String, RecordId)>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let def = register(&key)?;
    if !user.session.principal.role.can_write_records() {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            format!(
                "您的角色「{}」无权上传附件",
                user.session.principal.role.label()
            ),
        ));
    }
    let received =
        crate::upload::receive(&user, &state.settings.temp_dir(), &mut multipart).await?;
    let Some((name, path)) = received.file.clone() else {
        return Ok(back(&key, id, "请选择要上传的文件(文件不能为空)"));
    };
    let size = tokio::fs::metadata(&path)
        .await
        .map(|m| m.len())
        .unwrap_or(u64::MAX);
    if size > fazhi_domain::attachment::MAX_ATTACHMENT as u64 {
        return Ok(back(
            &key,
            id,
            &format!(
                "未上传:「{name}」超过 {} MB",
                fazhi_domain::attachment::MAX_ATTACHMENT >> 20
            ),
        ));
    }
    let bytes = tokio::fs::read(&path).await.map_err(|e| {
        tracing::error!(error = %e, "attachment temp file");
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, "临时文件读取失败,请重试")
    })?;
    drop(received);
    match user.store.attach_file(def, id, &name, bytes).await {
        Ok(file) => Ok(back(&key, id, &format!("已上传附件「{}」", file.name))),
        Err(StoreError::Invalid(e)) => Ok(back(&key, id, &format!("未上传:{e}"))),
        Err(e) => Err(e.into()),
    }
}

pub async fn download(
    user: PageUser,
    Path((key, id, file)): Path<(String, RecordId, i64)>,
) -> Result<Response, PageError> {
    let def = register(&key)?;
    let content = user.store.download_file(def, id, file).await?;
    Ok(crate::import_pages::download(
        content.bytes,
        &content.name,
        content.kind.mime(),
    ))
}
