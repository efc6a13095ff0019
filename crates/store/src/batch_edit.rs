//! 批量修改一个字段 — one field set to one value on a list of records of one register, all or
//! nothing, with an optional file attached to each (the 督办函: its 文号 on every problem it
//! lists, and the letter itself among each problem's files, marked as the document behind
//! the field's value so that it never counts as the unit's evidence). Each record is read through the
//! caller's scope inside the transaction, its row locked; checked by the register's rules and
//! its evidence; written with its clocks, indicator cells and an audit entry carrying its
//! before-image, as [`ScopedStore::update_record`] does. The first record that cannot take
//! the value stops the whole edit before anything is written.

use chrono::NaiveDate;
use fazhi_domain::register::{FieldError, FieldKind, LinkCheck, Record, RegisterDef, Value};
use fazhi_domain::{DomainError, OrgId, RecordId};
use sqlx::{AssertSqlSafe, Row};

use crate::attachments::{NewFile, insert_record_file};
use crate::audit::{AuditPlace, audit_append};
use crate::bind::{BindValues, arguments_for, push_fields};
use crate::cells::{self, CellDeltas};
use crate::db::in_tx;
use crate::deadline::{clocks, read_engine, store_clocks};
use crate::evidence::FILE_COUNT_SQL;
use crate::register::{decode_record, field_list, update_sql};
use crate::scope::SCOPE_CTE;
use crate::{Backend, ScopedStore, StoreError};

/// A batch edit refused because of one record: which (its id and natural key) and every
/// problem the new value makes, in Chinese. Nothing was written.
#[derive(Debug, Clone)]
pub struct BatchRejected {
    pub id: RecordId,
    pub number: String,
    pub errors: Vec<FieldError>,
}

/// One record as stored, read for the edit.
struct Stored {
    id: RecordId,
    org_id: OrgId,
    org_code: String,
    region: String,
    before: Record,
    after: Record,
}

/// The stored unit and fields of record `$3` when its unit lies in the scope (`$1`, `$2`),
/// the record's row locked until the transaction ends (PostgreSQL; SQLite has one writer).
fn scoped_stored_sql(def: &RegisterDef, backend: Backend) -> String {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE OF r",
        Backend::Sqlite => "",
    };
    format!(
        "{SCOPE_CTE} SELECT r.org_id, u.code AS org_code, u.region_code AS org_region, {} \
         FROM {} r JOIN org_unit u ON u.id = r.org_id \
         WHERE r.id = $3 AND ($2 = 'all' OR r.org_id IN (SELECT id FROM scope_ids)){lock}",
        field_list(def, "r."),
        def.table
    )
}

/// The field and value a batch sets, from `field` and the text `text` as a clerk types it.
/// Refuses fields a batch cannot set: the natural key (records would share it) and fields
/// the store resolves or checks against other tables (links, certificates).
fn settable(
    def: &RegisterDef,
    field: &str,
    text: &str,
) -> Result<(&'static str, Value), StoreError> {
    let known = def
        .field(field)
        .ok_or_else(|| StoreError::not_found("字段", field))?;
    let checked_elsewhere = def.links.iter().any(|link| match *link {
        LinkCheck::Record { field: f, .. } | LinkCheck::ValidCertificates { field: f, .. } => {
            f == field
        }
        LinkCheck::Evidence { .. } => false,
    });
    if field == def.natural_key || checked_elsewhere {
        return Err(StoreError::Invalid(DomainError::invalid(
            known.label,
            "不能批量修改(请逐条在记录页修改)",
        )));
    }
    let value = known
        .parse(text)
        .map_err(|reason| DomainError::invalid(known.label, reason))?;
    Ok((known.key, value))
}

/// `ids` without repeats, in their order: a record named twice is edited once.
fn distinct(ids: &[RecordId]) -> Vec<RecordId> {
    let mut seen = std::collections::HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

impl ScopedStore {
    /// 批量修改 — sets `field` of every record `ids` of `def` to the value `text` (as a clerk
    /// types it), attaching `file` (name, bytes) to each when given; one transaction. A
    /// record outside the scope is "not found" and nothing is written; a record the value
    /// would make invalid is returned as [`BatchRejected`] and nothing is written.
    pub async fn set_field_on_records(
        &self,
        def: &'static RegisterDef,
        ids: &[RecordId],
        field: &str,
        text: &str,
        file: Option<(&str, Vec<u8>)>,
    ) -> Result<Result<usize, BatchRejected>, StoreError> {
        self.require(self.principal().role.can_write_records(), "修改数据")?;
        let (key, value) = settable(def, field, text)?;
        // The attached file documents the value (a 督办函): marked so, it is no evidence.
        let file = file.map(|(name, bytes)| NewFile::accept(name, bytes, Some(key)));
        let file = file.transpose()?;
        let ids = distinct(ids);
        let (root, scope) = self.scope_params();
        let read_sql = scoped_stored_sql(def, self.db.backend());
        let update = update_sql(def);
        let plan = cells::plan()?;
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        in_tx!(&self.db, conn => {
            // Every record read and checked first: a refusal leaves nothing to undo.
            let mut stored = Vec::with_capacity(ids.len());
            for id in &ids {
                let row = sqlx::query(AssertSqlSafe(read_sql.clone()))
                    .bind(root).bind(scope).bind(id.get())
                    .fetch_optional(&mut *conn).await?
                    .ok_or_else(|| StoreError::not_found(def.label, id.to_string()))?;
                let before = decode_record!(def, &row);
                let mut after = before.clone();
                after.set(key, value.clone());
                let mut errors = (def.rules)(&after);
                let missing = def.missing_evidence(&after);
                if !missing.is_empty() {
                    let files: i64 = sqlx::query_scalar(FILE_COUNT_SQL).bind(def.key)
                        .bind(id.get()).fetch_one(&mut *conn).await?;
                    errors.extend(missing.into_iter().filter(|_| files == 0));
                }
                if !errors.is_empty() {
                    let number = before.text(def.natural_key).unwrap_or_default().to_owned();
                    return Ok(Err(BatchRejected { id: *id, number, errors }));
                }
                stored.push(Stored {
                    id: *id,
                    org_id: OrgId::new(row.try_get("org_id")?),
                    org_code: row.try_get("org_code")?,
                    region: row.try_get("org_region")?,
                    before,
                    after,
                });
            }
            for s in &stored {
                let record_clocks = clocks(&read_engine(&self.engine), def, &s.after);
                let mut deltas = CellDeltas::default();
                deltas.record(plan, def, s.org_id.get(), &s.before, -1);
                deltas.record(plan, def, s.org_id.get(), &s.after, 1);
                let mut args = arguments_for(&&mut *conn)(4 + def.fields.len());
                args.push(s.region.clone())?;
                args.push(s.org_id.get())?;
                args.push(now.clone())?;
                args.push(s.id.get())?;
                push_fields(&mut args, def, &s.after)?;
                sqlx::query_with(AssertSqlSafe(update.clone()), args)
                    .execute(&mut *conn).await?;
                store_clocks!(conn, &s.region, s.org_id.get(), def.key, s.id.get(), &record_clocks);
                cells::apply(conn, &deltas).await?;
                let old = serde_json::json!({"org": s.org_code, "record": &s.before});
                let new = serde_json::json!({"org": s.org_code, "record": &s.after});
                audit_append!(conn, actor, fazhi_domain::audit::AuditAction::Update, def.table,
                    s.id, AuditPlace::new(&s.region, s.org_id), Some(&old), Some(&new));
                if let Some(file) = &file {
                    insert_record_file!(conn, file, &s.region, s.org_id, def.key, s.id.get(),
                        &actor, &now);
                }
            }
            Ok::<_, StoreError>(Ok(stored.len()))
        })
    }
}
