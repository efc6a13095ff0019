//! 登记簿存储 — generic, scoped, audited storage of every register, driven by the register's
//! definition ([`RegisterDef`]). SQL text is assembled from the definition's constant column
//! names only; every value is a bound parameter.

use chrono::NaiveDate;
use fazhi_domain::RecordId;
use fazhi_domain::audit::AuditAction;
use fazhi_domain::register::certificate;
use fazhi_domain::register::{FieldError, FieldKind, LinkCheck, Record, RegisterDef, Value};
use serde::Serialize;
use sqlx::{AssertSqlSafe, Row};

use crate::audit::{AuditPlace, audit_append};
use crate::bind::{BindValues, arguments_for, push_fields};
use crate::cells::{self, CellDeltas};
use crate::db::{in_tx, on_db};
use crate::deadline::{clocks, read_engine, store_clocks};
use crate::indicators::bind_all;
use crate::keys;
use crate::links::LinkSql;
use crate::list_query::{ListQuery, PageSource, TextPlan, list_query, list_units};
use crate::scope::SCOPE_CTE;
use crate::{ScopedStore, StoreError};

/// A stored record with its owning unit.
#[derive(Debug, Clone, Serialize)]
pub struct StoredRecord {
    pub id: RecordId,
    pub org_code: String,
    pub org_name: String,
    pub region_code: String,
    pub created_at: String,
    pub updated_at: String,
    pub record: Record,
}

/// List filters of a register (empty = any).
#[derive(Debug, Clone, Default)]
pub struct RecordFilter {
    /// Only records of this unit and its sub-units.
    pub org_code: Option<String>,
    /// With `org_code`: that unit's own records, not its sub-units' (the figures of /alerts,
    /// which are per unit).
    pub org_only: bool,
    /// Period on the register's period field, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Free text matched in the register's search fields.
    pub q: Option<String>,
    /// Value of the register's status field.
    pub status: Option<String>,
    /// Only records whose earliest open statutory clock is due in this inclusive range (`None`
    /// = open end): overdue is `(None, yesterday)`, due soon `(today, today + N working days)`
    /// — as /alerts counts them.
    pub due: Option<(Option<NaiveDate>, NaiveDate)>,
    /// The date field `from`/`to` apply to (default: the register's period field), e.g. an
    /// indicator's 调结日期.
    pub date_field: Option<&'static str>,
    /// Conditions on fields (an indicator's definition, for drill-down), all must hold.
    pub fields: Vec<fazhi_indicators::Filter>,
    pub limit: i64,
    pub offset: i64,
    /// Count at most this many records (the total is then `limit + 1` when there are more,
    /// shown as 「约」); `None` counts them all. A count of a million rows takes a second.
    pub count_limit: Option<i64>,
    /// 倒序 — the list in the opposite of its order: oldest first (newest first by default),
    /// on a deadline list the latest due date first (the most overdue by default).
    pub reverse: bool,
}

/// Rejected input: every field problem at once (HTTP 422).
#[derive(Debug, Clone)]
pub struct Rejected(pub Vec<FieldError>);

/// Reads the register's field columns of a row into a [`Record`].
macro_rules! decode_record {
    ($def:expr, $row:expr) => {{
        let row = $row;
        let mut record = Record::default();
        for field in $def.fields {
            let value = match field.kind {
                FieldKind::Date => row
                    .try_get::<Option<NaiveDate>, _>(field.key)?
                    .map(Value::Date),
                FieldKind::Amount => row.try_get::<Option<i64>, _>(field.key)?.map(Value::Fen),
                FieldKind::Integer { .. } | FieldKind::Link => {
                    row.try_get::<Option<i64>, _>(field.key)?.map(Value::Int)
                }
                FieldKind::Bool => row.try_get::<Option<bool>, _>(field.key)?.map(Value::Bool),
                _ => row
                    .try_get::<Option<String>, _>(field.key)?
                    .map(Value::Text),
            };
            record.set(field.key, value.unwrap_or(Value::Null));
        }
        record
    }};
}
pub(crate) use decode_record;

/// Reads a row of `SELECT_COLUMNS` into a [`StoredRecord`].
macro_rules! decode_row {
    ($def:expr, $row:expr) => {{
        let row = $row;
        let record = decode_record!($def, row);
        StoredRecord {
            id: fazhi_domain::RecordId::new(row.try_get("id")?),
            org_code: row.try_get("org_code")?,
            org_name: row.try_get("org_name")?,
            region_code: row.try_get("region_code")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            record,
        }
    }};
}
pub(crate) use decode_row;

pub(crate) fn field_list(def: &RegisterDef, prefix: &str) -> String {
    def.fields
        .iter()
        .map(|f| format!("{prefix}{}", f.key))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn select_sql(def: &RegisterDef) -> String {
    format!(
        "SELECT r.id, r.region_code, r.created_at, r.updated_at, u.code AS org_code, \
         v.name AS org_name, {} FROM {} r JOIN org_unit u ON u.id = r.org_id \
         JOIN org_version v ON v.org_id = u.id AND v.valid_to IS NULL",
        field_list(def, "r."),
        def.table
    )
}

/// Replaces record `$4`'s unit (`$1` region, `$2` id), `updated_at` (`$3`) and every field
/// (`$5` …, in the definition's order, as `push_fields` binds them).
pub(crate) fn update_sql(def: &RegisterDef) -> String {
    let sets = def
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{} = ${}", f.key, i + 5))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "UPDATE {} SET region_code = $1, org_id = $2, updated_at = $3, {sets} WHERE id = $4",
        def.table
    )
}

/// The stored unit and fields of record `$1`, its row locked until the transaction ends (on
/// PostgreSQL; SQLite has one writer at a time).
fn stored_sql(def: &RegisterDef, backend: crate::Backend) -> String {
    let lock = match backend {
        crate::Backend::Postgres => " FOR UPDATE",
        crate::Backend::Sqlite => "",
    };
    format!(
        "SELECT org_id, {} FROM {} WHERE id = $1{lock}",
        field_list(def, ""),
        def.table
    )
}

impl ScopedStore {
    /// 记录列表 — a page of records in scope matching the filter, newest first.
    pub async fn list_records(
        &self,
        def: &'static RegisterDef,
        filter: &RecordFilter,
    ) -> Result<(i64, Vec<StoredRecord>), StoreError> {
        let (list, text_plan) = self.planned_list(def, filter).await?;
        let at = list.next_param();
        let due_count = list.due_count_sql(filter.count_limit.is_some());
        let count_sql = due_count.clone().unwrap_or_else(|| {
            let PageSource {
                from,
                where_clause,
                order,
                count_in_order,
                ..
            } = list.page_source(def, text_plan);
            // A capped count walks the page's order where it is the matches' own: the newest
            // first, where a status of current cases is (300 → 12 ms).
            let order = if count_in_order {
                format!(" ORDER BY {order}")
            } else {
                String::new()
            };
            match filter.count_limit {
                Some(_) => format!(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM {from} {where_clause}{order} \
                     LIMIT ${at}) c"
                ),
                None => format!("SELECT COUNT(*) FROM {from} {where_clause}"),
            }
        });
        let PageSource {
            id,
            from,
            where_clause,
            order,
            outer_order,
            ..
        } = list.page_source(def, text_plan);
        let (from, where_clause) = match list.unit_merge(def, at) {
            Some(merged) => (merged, String::new()),
            None => (from, where_clause),
        };
        // The page's ids first, from an index alone (a deep page skips index entries, not
        // joined rows); then the rows of those ids, in the same order.
        let page_sql = format!(
            "{} WHERE r.id IN (SELECT {id} FROM {from} {where_clause} ORDER BY {order} \
             LIMIT ${at} OFFSET ${}) ORDER BY {outer_order}",
            select_sql(def),
            at + 1
        );
        // The count and the page on two connections at once: neither waits for the other.
        let count = self.count_records(&list, count_sql, filter.count_limit);
        let page = async {
            on_db!(&self.db, pool => {
                // Not kept prepared: planned with its values every time (see `count_records`).
                let rows = bind_all!(sqlx::query(AssertSqlSafe(page_sql)), &list.binds)
                    .bind(filter.limit.clamp(1, 1000)).bind(filter.offset.max(0))
                    .persistent(false)
                    .fetch_all(pool).await?;
                let mut records = Vec::with_capacity(rows.len());
                for row in &rows {
                    records.push(decode_row!(def, row));
                }
                Ok::<_, StoreError>(records)
            })
        };
        tokio::try_join!(count, page)
    }

    /// The list's query for `filter` within the caller's scope, with its text plan and, for
    /// a period, the id range probed once.
    pub(crate) async fn planned_list(
        &self,
        def: &'static RegisterDef,
        filter: &RecordFilter,
    ) -> Result<(ListQuery, TextPlan), StoreError> {
        let filter_org = match &filter.org_code {
            Some(code) => Some(self.get_org(code).await?.id.get()),
            None => None,
        };
        let units = list_units(&self.db, self.scope_params(), filter_org, !filter.org_only).await?;
        let mut list = list_query(def, filter, units.as_deref(), self.db.backend());
        let text_plan = self.text_plan(def, &list).await?;
        if let Some(sql) = list.id_range_probe(def) {
            let range = on_db!(&self.db, pool => {
                bind_all!(sqlx::query_as(AssertSqlSafe(sql)), &list.binds)
                    .persistent(false)
                    .fetch_one(pool)
                    .await?
            });
            list.bound_ids(range);
        }
        Ok((list, text_plan))
    }

    /// The list's count by `sql`, over the list's parameters and, when capped, one more than
    /// the cap.
    async fn count_records(
        &self,
        list: &ListQuery,
        sql: String,
        cap: Option<i64>,
    ) -> Result<i64, StoreError> {
        on_db!(&self.db, pool => {
            // Not kept prepared, as the page: PostgreSQL may switch a prepared statement to a
            // generic plan, made without the parameters' values, from its sixth execution on a
            // connection, and a list's plan depends on its units, word and bounds (at 20 M a
            // clerk's search went from 12 to 900 ms, docs/POSTGRES-PLANS.md). An unprepared
            // statement is planned with its values every time.
            let mut count =
                bind_all!(sqlx::query_scalar(AssertSqlSafe(sql)), &list.binds).persistent(false);
            if let Some(most) = cap {
                count = count.bind(most.saturating_add(1));
            }
            Ok(count.fetch_one(pool).await?)
        })
    }

    /// 按编号查找 — the ids of the records in scope whose natural key is one of `keys` (those
    /// not found are missing from the map). Used to link records written in bulk.
    pub async fn record_ids(
        &self,
        def: &'static RegisterDef,
        keys: &[String],
    ) -> Result<std::collections::HashMap<String, RecordId>, StoreError> {
        let (root, scope) = self.scope_params();
        let mut found = std::collections::HashMap::with_capacity(keys.len());
        for part in keys.chunks(500) {
            let list: Vec<String> = (0..part.len()).map(|i| format!("${}", i + 3)).collect();
            let sql = format!(
                "{SCOPE_CTE} SELECT r.{key}, r.id FROM {table} r WHERE r.{key} IN ({list}) \
                 AND ($2 = 'all' OR r.org_id IN (SELECT id FROM scope_ids))",
                key = def.natural_key,
                table = def.table,
                list = list.join(", ")
            );
            let rows: Vec<(String, i64)> = on_db!(&self.db, pool => {
                let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(root).bind(scope);
                for k in part {
                    q = q.bind(k);
                }
                q.fetch_all(pool).await?
            });
            found.extend(rows.into_iter().map(|(key, id)| (key, RecordId::new(id))));
        }
        Ok(found)
    }

    /// One record in scope (not found when outside it).
    pub async fn get_record(
        &self,
        def: &'static RegisterDef,
        id: RecordId,
    ) -> Result<StoredRecord, StoreError> {
        let (root, scope) = self.scope_params();
        let sql = format!(
            "{SCOPE_CTE} {} WHERE r.id = $3 AND ($2 = 'all' OR r.org_id IN (SELECT id FROM scope_ids))",
            select_sql(def)
        );
        let found = on_db!(&self.db, pool => {
            match sqlx::query(AssertSqlSafe(sql)).bind(root).bind(scope).bind(id.get())
                .fetch_optional(pool).await? {
                Some(row) => Some(decode_row!(def, &row)),
                None => None,
            }
        });
        found.ok_or_else(|| StoreError::not_found(def.label, id.to_string()))
    }

    /// 新增记录 — writes a validated record for a unit in scope; fills a missing natural key.
    pub async fn create_record(
        &self,
        def: &'static RegisterDef,
        org_code: &str,
        mut record: Record,
    ) -> Result<Result<StoredRecord, Rejected>, StoreError> {
        self.require(self.principal().role.can_write_records(), "录入数据")?;
        let org = self.get_org(org_code).await.map_err(|e| match e {
            StoreError::NotFound { key, .. } => StoreError::not_found(def.org_label, key),
            other => other,
        })?;
        if let Err(rejected) = self.check_links(def, &mut record, None).await? {
            return Ok(Err(rejected));
        }
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        let record_clocks = clocks(&read_engine(&self.engine), def, &record);
        let columns = field_list(def, "");
        let placeholders = (5..5 + def.fields.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let insert = format!(
            "INSERT INTO {} (region_code, org_id, created_at, updated_at, {columns}) \
             VALUES ($1, $2, $3, $4, {placeholders}) RETURNING id",
            def.table
        );
        let key_sql = keys::scan_sql(def);
        let exists_sql = format!(
            "SELECT COUNT(*) FROM {} WHERE region_code = $1 AND {} = $2",
            def.table, def.natural_key
        );
        let plan = cells::plan()?;
        let id = in_tx!(&self.db, conn => {
            if record.get(def.natural_key).is_null() {
                let prefix = keys::key_prefix(def, &org.code, &record);
                let n = keys::next_key_number!(conn, key_sql, &org.region_code, &prefix);
                record.set(def.natural_key, Value::Text(keys::key_with(&prefix, n)));
            }
            let key_text = record.text(def.natural_key).unwrap_or_default().to_owned();
            let taken: i64 = sqlx::query_scalar(AssertSqlSafe(exists_sql.clone()))
                .bind(&org.region_code).bind(&key_text)
                .fetch_one(&mut *conn).await?;
            if taken > 0 {
                let label = def.field(def.natural_key).map(|f| f.label).unwrap_or("编号");
                return Err(StoreError::Conflict(format!("「{label}」{key_text} 已存在")));
            }
            let mut args = arguments_for(&&mut *conn)(4 + def.fields.len());
            args.push(org.region_code.clone())?;
            args.push(org.id.get())?;
            args.push(now.clone())?;
            args.push(now.clone())?;
            push_fields(&mut args, def, &record)?;
            let id: i64 = sqlx::query_scalar_with(AssertSqlSafe(insert.clone()), args)
                .fetch_one(&mut *conn).await?;
            store_clocks!(conn, &org.region_code, org.id.get(), def.key, id, &record_clocks);
            let mut deltas = CellDeltas::default();
            deltas.record(plan, def, org.id.get(), &record, 1);
            cells::apply(conn, &deltas).await?;
            let after = serde_json::json!({"org": org.code, "record": &record});
            audit_append!(conn, actor, AuditAction::Create, def.table, id, AuditPlace::new(&org.region_code, org.id),
                None::<&serde_json::Value>, Some(&after));
            Ok::<i64, StoreError>(id)
        })?;
        self.get_record(def, RecordId::new(id)).await.map(Ok)
    }

    /// 修改记录 — replaces a record's fields (and optionally its unit), audited with before/after.
    pub async fn update_record(
        &self,
        def: &'static RegisterDef,
        id: RecordId,
        org_code: Option<&str>,
        mut record: Record,
    ) -> Result<Result<StoredRecord, Rejected>, StoreError> {
        self.require(self.principal().role.can_write_records(), "修改数据")?;
        let before = self.get_record(def, id).await?;
        let org = self.get_org(org_code.unwrap_or(&before.org_code)).await?;
        if let Err(rejected) = self.check_links(def, &mut record, Some(id)).await? {
            return Ok(Err(rejected));
        }
        if record.get(def.natural_key).is_null() {
            record.set(def.natural_key, before.record.get(def.natural_key).clone());
        }
        let update = update_sql(def);
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        let record_clocks = clocks(&read_engine(&self.engine), def, &record);
        let plan = cells::plan()?;
        let stored_sql = stored_sql(def, self.db.backend());
        in_tx!(&self.db, conn => {
            // The record as stored now, its row locked: what the update takes from the cells.
            let row = sqlx::query(AssertSqlSafe(stored_sql.clone())).bind(id.get())
                .fetch_one(&mut *conn).await?;
            let mut deltas = CellDeltas::default();
            deltas.record(plan, def, row.try_get("org_id")?, &decode_record!(def, row), -1);
            deltas.record(plan, def, org.id.get(), &record, 1);
            let mut args = arguments_for(&&mut *conn)(4 + def.fields.len());
            args.push(org.region_code.clone())?;
            args.push(org.id.get())?;
            args.push(now.clone())?;
            args.push(id.get())?;
            push_fields(&mut args, def, &record)?;
            sqlx::query_with(AssertSqlSafe(update.clone()), args)
                .execute(&mut *conn).await?;
            store_clocks!(conn, &org.region_code, org.id.get(), def.key, id.get(), &record_clocks);
            cells::apply(conn, &deltas).await?;
            let old = serde_json::json!({"org": before.org_code, "record": &before.record});
            let new = serde_json::json!({"org": org.code, "record": &record});
            audit_append!(conn, actor, AuditAction::Update, def.table, id, AuditPlace::new(&org.region_code, org.id),
                Some(&old), Some(&new));
            Ok::<(), StoreError>(())
        })?;
        self.get_record(def, id).await.map(Ok)
    }

    /// 删除记录 — removes a record in scope; the audit keeps its last state.
    pub async fn delete_record(
        &self,
        def: &'static RegisterDef,
        id: RecordId,
    ) -> Result<(), StoreError> {
        self.require(self.principal().role.can_write_records(), "删除数据")?;
        let before = self.get_record(def, id).await?;
        let place = AuditPlace::new(
            &before.region_code,
            self.get_org(&before.org_code).await?.id,
        );
        let actor = self.principal().username.clone();
        let delete = format!("DELETE FROM {} WHERE id = $1", def.table);
        let plan = cells::plan()?;
        let stored_sql = stored_sql(def, self.db.backend());
        in_tx!(&self.db, conn => {
            let row = sqlx::query(AssertSqlSafe(stored_sql.clone())).bind(id.get())
                .fetch_one(&mut *conn).await?;
            let mut deltas = CellDeltas::default();
            deltas.record(plan, def, row.try_get("org_id")?, &decode_record!(def, row), -1);
            cells::apply(conn, &deltas).await?;
            sqlx::query(AssertSqlSafe(delete.clone())).bind(id.get()).execute(&mut *conn).await?;
            sqlx::query("DELETE FROM deadline WHERE register = $1 AND record_id = $2")
                .bind(def.key).bind(id.get()).execute(&mut *conn).await?;
            let old = serde_json::json!({"org": before.org_code, "record": &before.record});
            audit_append!(conn, actor, AuditAction::Delete, def.table, id, place.clone(),
                Some(&old), None::<&serde_json::Value>);
            Ok::<(), StoreError>(())
        })
    }

    /// Checks the register's links: a linked record's number (or `#id`) names one record in
    /// scope, whose id then replaces it in `record`; named certificates are valid on the
    /// record's date; evidence is written or, over stored record `stored`, attached.
    async fn check_links(
        &self,
        def: &'static RegisterDef,
        record: &mut Record,
        stored: Option<RecordId>,
    ) -> Result<Result<(), Rejected>, StoreError> {
        let mut errors = Vec::new();
        for link in LinkSql::of(def) {
            let Some(text) = crate::links::link_text(record.get(link.field)) else {
                continue;
            };
            match self.resolve_link(&link, &text).await? {
                Ok(id) => record.set(link.field, Value::Int(id)),
                Err(message) => errors.push(link_error(def, link.field, text, message)),
            }
        }
        for link in def.links {
            match *link {
                LinkCheck::Record { .. } | LinkCheck::Evidence { .. } => {}
                LinkCheck::ValidCertificates {
                    field,
                    on_date_field,
                } => {
                    let Some(list) = record.text(field) else {
                        continue;
                    };
                    let on = record.date(on_date_field);
                    for number in certificate::named_numbers(list) {
                        if !self.certificate_valid(number, on).await? {
                            errors.push(link_error(
                                def,
                                field,
                                number.to_owned(),
                                certificate::INVALID_FOR_CASEWORK.into(),
                            ));
                        }
                    }
                }
            }
        }
        errors.extend(self.evidence_problems(def, record, stored).await?);
        Ok(if errors.is_empty() {
            Ok(())
        } else {
            Err(Rejected(errors))
        })
    }

    /// Whether certificate `number` is valid for a case of date `on` (the domain's rule).
    async fn certificate_valid(
        &self,
        number: &str,
        on: Option<NaiveDate>,
    ) -> Result<bool, StoreError> {
        let sql =
            "SELECT status, issued_date FROM enforcement_certificate WHERE certificate_no = $1";
        let rows: Vec<(String, Option<NaiveDate>)> = on_db!(&self.db, pool => {
            sqlx::query_as(sql).bind(number).fetch_all(pool).await?
        });
        Ok(rows
            .iter()
            .any(|(status, issued)| certificate::valid_for_casework(status, *issued, on)))
    }
}

fn link_error(
    def: &RegisterDef,
    field: &'static str,
    value: String,
    message: String,
) -> FieldError {
    FieldError {
        field,
        label: def.field(field).map(|f| f.label).unwrap_or(field),
        value,
        message,
    }
}
