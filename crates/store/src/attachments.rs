//! 附件 — files attached to register records (migration 0025). Every path first reads the
//! record through the caller's scope ([`ScopedStore::get_record`]), so a file is listed,
//! attached or downloaded only by those who may read (or write) its record; a file of another
//! county is "not found". Uploads and downloads are audited; contents are kept once per SHA-256.

use fazhi_domain::RecordId;
use fazhi_domain::attachment::{FileKind, accept};
use fazhi_domain::audit::AuditAction;
use fazhi_domain::register::RegisterDef;
use serde::Serialize;
use sha2::Digest;

use crate::audit::{AuditPlace, audit_append};
use crate::db::{in_tx, on_db};
use crate::scope::SCOPE_CTE;
use crate::{ScopedStore, StoreError};

/// A file attached to a record.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Attachment {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub sha256: String,
    pub size: i64,
    pub uploaded_at: String,
    pub uploaded_by: String,
}

/// A downloaded file.
#[derive(Debug, Clone)]
pub struct FileContent {
    pub name: String,
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

/// A record's id and one of its files, as `attachments_of_records` reads them.
type FileRow = (i64, i64, String, String, String, i64, String, String);

const SELECT: &str =
    "SELECT id, name, kind, sha256, size, uploaded_at, uploaded_by FROM record_file";

/// A file checked for attaching ([`accept`]), with its hash: what [`insert_record_file!`]
/// writes.
#[derive(Debug, Clone)]
pub(crate) struct NewFile {
    pub(crate) name: String,
    pub(crate) kind: FileKind,
    pub(crate) sha256: String,
    pub(crate) size: i64,
    pub(crate) bytes: Vec<u8>,
    /// `None` for an upload; the key of the field whose value the file documents when the
    /// system attaches it (a 督办函: `supervision_letter`), which is then no evidence.
    pub(crate) origin: Option<&'static str>,
}

impl NewFile {
    /// Checks a file by content ([`accept`]) and hashes it; `origin` as [`NewFile::origin`].
    pub(crate) fn accept(
        name: &str,
        bytes: Vec<u8>,
        origin: Option<&'static str>,
    ) -> Result<Self, StoreError> {
        let accepted = accept(name, &bytes)?;
        Ok(Self {
            name: accepted.name,
            kind: accepted.kind,
            sha256: hex::encode(sha2::Sha256::digest(&bytes)),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            bytes,
            origin,
        })
    }
}

/// Attaches `$file` (a [`NewFile`]) to record `$record_id` of register `$register` of the
/// unit `$org_id` in region `$org_region`, inside the caller's write
/// transaction: the content once per SHA-256, the record's file row, its audit entry.
/// Evaluates to the new file's id. A macro because the body compiles once per backend's
/// connection, as `audit_append!` does.
macro_rules! insert_record_file {
    ($conn:expr, $file:expr, $org_region:expr, $org_id:expr, $register:expr, $record_id:expr,
     $actor:expr, $now:expr) => {{
        let file: &$crate::attachments::NewFile = $file;
        let org_id: fazhi_domain::OrgId = $org_id;
        sqlx::query(
            "INSERT INTO file_blob (sha256, size, data) VALUES ($1, $2, $3) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&file.sha256).bind(file.size).bind(&file.bytes)
        .execute(&mut *$conn).await?;
        let file_id: i64 = sqlx::query_scalar(
            "INSERT INTO record_file (region_code, org_id, register, record_id, name, kind, \
             sha256, size, uploaded_at, uploaded_by, origin) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind($org_region).bind(org_id.get()).bind($register).bind($record_id)
        .bind(&file.name).bind(file.kind.as_str()).bind(&file.sha256).bind(file.size)
        .bind($now).bind($actor).bind(file.origin)
        .fetch_one(&mut *$conn).await?;
        let after = serde_json::json!({
            "register": $register, "record_id": $record_id, "name": file.name,
            "kind": file.kind.as_str(), "sha256": file.sha256, "size": file.size,
            "origin": file.origin,
        });
        $crate::audit::audit_append!($conn, $actor, fazhi_domain::audit::AuditAction::Create,
            "record_file", file_id, $crate::audit::AuditPlace::new($org_region, org_id),
            None::<&serde_json::Value>, Some(&after));
        file_id
    }};
}
pub(crate) use insert_record_file;

impl ScopedStore {
    /// The files of record `id` of `def`, oldest first.
    pub async fn attachments(
        &self,
        def: &'static RegisterDef,
        id: RecordId,
    ) -> Result<Vec<Attachment>, StoreError> {
        self.get_record(def, id).await?;
        let sql = format!("{SELECT} WHERE register = $1 AND record_id = $2 ORDER BY id");
        Ok(on_db!(&self.db, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(def.key).bind(id.get())
                .fetch_all(pool).await?
        }))
    }

    /// The files of the records `ids` of `def` that lie in the caller's scope (others are
    /// left out, as if they had none), by record and upload order: the 附件清单 of an export.
    pub async fn attachments_of_records(
        &self,
        def: &'static RegisterDef,
        ids: &[RecordId],
    ) -> Result<Vec<(RecordId, Attachment)>, StoreError> {
        let (root, scope) = self.scope_params();
        let mut found = Vec::new();
        for part in ids.chunks(500) {
            let list: Vec<String> = (0..part.len()).map(|i| format!("${}", i + 4)).collect();
            let sql = format!(
                "{SCOPE_CTE} SELECT f.record_id, f.id, f.name, f.kind, f.sha256, f.size, \
                 f.uploaded_at, f.uploaded_by FROM record_file f JOIN {} r ON r.id = f.record_id \
                 WHERE f.register = $3 AND f.record_id IN ({}) \
                 AND ($2 = 'all' OR r.org_id IN (SELECT id FROM scope_ids)) \
                 ORDER BY f.record_id, f.id",
                def.table,
                list.join(", ")
            );
            let rows: Vec<FileRow> = on_db!(&self.db, pool => {
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(root).bind(scope).bind(def.key);
                for id in part {
                    query = query.bind(id.get());
                }
                query.fetch_all(pool).await?
            });
            found.extend(
                rows.into_iter()
                    .map(|(record, id, name, kind, sha256, size, at, by)| {
                        let file = Attachment {
                            id,
                            name,
                            kind,
                            sha256,
                            size,
                            uploaded_at: at,
                            uploaded_by: by,
                        };
                        (RecordId::new(record), file)
                    }),
            );
        }
        Ok(found)
    }

    /// Attaches a file to record `id` (a writing role with the record in scope): checked by
    /// content ([`accept`]), stored once per SHA-256, audited.
    pub async fn attach_file(
        &self,
        def: &'static RegisterDef,
        id: RecordId,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<Attachment, StoreError> {
        self.require(self.principal().role.can_write_records(), "上传附件")?;
        let record = self.get_record(def, id).await?;
        let org = self.get_org(&record.org_code).await?;
        let file = NewFile::accept(name, bytes, None)?;
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        let file_id: i64 = in_tx!(&self.db, conn => {
            let file_id = insert_record_file!(conn, &file, &org.region_code, org.id, def.key,
                id.get(), &actor, &now);
            Ok::<i64, StoreError>(file_id)
        })?;
        self.attachments(def, id)
            .await?
            .into_iter()
            .find(|a| a.id == file_id)
            .ok_or_else(|| StoreError::not_found("附件", file_id.to_string()))
    }

    /// The content of file `file` of record `id`, audited as a download.
    pub async fn download_file(
        &self,
        def: &'static RegisterDef,
        id: RecordId,
        file: i64,
    ) -> Result<FileContent, StoreError> {
        let record = self.get_record(def, id).await?;
        let org = self.get_org(&record.org_code).await?;
        let row: Option<(String, String, Vec<u8>)> = on_db!(&self.db, pool => {
            sqlx::query_as(
                "SELECT f.name, f.kind, b.data FROM record_file f \
                 JOIN file_blob b ON b.sha256 = f.sha256 \
                 WHERE f.id = $1 AND f.register = $2 AND f.record_id = $3",
            )
            .bind(file).bind(def.key).bind(id.get())
            .fetch_optional(pool).await?
        });
        let (name, kind, bytes) =
            row.ok_or_else(|| StoreError::not_found("附件", file.to_string()))?;
        let kind = FileKind::parse(&kind)
            .ok_or_else(|| StoreError::Database(format!("附件 {file} 的类型 {kind} 无法识别")))?;
        let actor = self.principal().username.clone();
        let after = serde_json::json!({ "register": def.key, "record_id": id.get(), "name": name });
        in_tx!(&self.db, conn => {
            audit_append!(conn, actor, AuditAction::Download, "record_file", file,
                AuditPlace::new(&org.region_code, org.id), None::<&serde_json::Value>,
                Some(&after));
            Ok::<(), StoreError>(())
        })?;
        Ok(FileContent { name, kind, bytes })
    }
}
