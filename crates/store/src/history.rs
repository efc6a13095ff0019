//! 记录版本 — the versions of one register record, rebuilt from the audit log: its own entries
//! (create, update, delete carry full before and after images) and the import batches that
//! created or updated it (the batch entry's before-image holds the old value of each field an
//! update changed). Walking back from the record as it is now (or as it was deleted), each
//! entry gives the state before it, so every previous value is recovered.

use fazhi_domain::RecordId;
use std::collections::BTreeMap;

use fazhi_domain::account::ScopeKind;
use fazhi_domain::register::RegisterDef;
use serde::Serialize;
use serde_json::Value as Json;
use sqlx::AssertSqlSafe;

use crate::db::on_db;
use crate::{ScopedStore, StoreError};

/// A record's field values as the audit holds them (field key → JSON value).
pub type Values = BTreeMap<String, Json>;

/// One version of a record: the change that made it and the state after it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordVersion {
    /// The audit entry (`audit_log.seq`).
    pub seq: i64,
    pub at: String,
    pub actor: String,
    /// `create`, `update`, `delete` or `import`.
    pub action: String,
    /// The import batch that made the change, if any.
    pub batch: Option<i64>,
    /// The unit after the change (`None` after a delete).
    pub org: Option<String>,
    /// The field values after the change (`None` after a delete).
    pub values: Option<Values>,
    /// The fields that changed: key, value before, value after (`null` when absent).
    pub changes: Vec<(String, Json, Json)>,
    /// The record came into being here (by the form, the API or an import).
    pub created: bool,
    /// False when an older batch kept no before-image: the versions before it are unknown.
    pub complete: bool,
}

/// A record's state: unit and values, or absent.
type State = Option<(Option<String>, Values)>;

type EntryRow = (i64, String, String, String, String, String, String, String);

impl ScopedStore {
    /// 修改历史 — every version of record `id` of `def`, oldest first. The record must be in
    /// scope; a deleted one only for principals who see everything.
    pub async fn record_history(
        &self,
        def: &'static RegisterDef,
        id: RecordId,
    ) -> Result<Vec<RecordVersion>, StoreError> {
        self.require(self.principal().role.can_read_audit(), "查看修改历史")?;
        let current: State = match self.get_record(def, id).await {
            Ok(stored) => Some((Some(stored.org_code), values_of(&stored.record)?)),
            Err(StoreError::NotFound { .. }) if self.principal().scope == ScopeKind::All => None,
            Err(e) => return Err(e),
        };
        let sql = "SELECT seq, at, actor, action, entity, entity_id, before_json, after_json \
                   FROM audit_log WHERE (entity = $1 AND entity_id = $2) \
                   OR (entity = 'import_batch' AND after_json LIKE $3) ORDER BY seq";
        let pattern = format!("%\"register\":\"{}\"%", def.key);
        let rows: Vec<EntryRow> = on_db!(&self.db, pool => {
            sqlx::query_as(AssertSqlSafe(sql)).bind(def.table).bind(id.to_string()).bind(pattern)
                .fetch_all(pool).await?
        });
        let entries: Vec<EntryRow> = rows
            .into_iter()
            .filter(|r| r.4 != "import_batch" || batch_touches(&r.7, id.get()))
            .collect();
        if entries.is_empty() && current.is_none() {
            return Err(StoreError::not_found(def.label, id.to_string()));
        }
        Ok(rebuild(entries, current, id.get()))
    }
}

/// The values of a record as JSON, keyed by field.
fn values_of(record: &fazhi_domain::register::Record) -> Result<Values, StoreError> {
    match serde_json::to_value(record) {
        Ok(Json::Object(mut map)) => match map.remove("values") {
            Some(Json::Object(values)) => Ok(values.into_iter().collect()),
            _ => Ok(Values::new()),
        },
        Ok(_) => Ok(Values::new()),
        Err(e) => Err(StoreError::Database(format!("记录无法序列化:{e}"))),
    }
}

/// Whether an import batch's after-image lists `id` among its created or updated ids.
fn batch_touches(after: &str, id: i64) -> bool {
    let Ok(after) = serde_json::from_str::<Json>(after) else {
        return false;
    };
    ["created_ids", "updated_ids"].iter().any(|k| {
        after[*k]
            .as_str()
            .is_some_and(|ranges| in_ranges(ranges, id))
    })
}

/// Whether `id` is in `1-5,9` style ranges.
pub(crate) fn in_ranges(ranges: &str, id: i64) -> bool {
    ranges.split(',').any(|part| {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        match (a.trim().parse::<i64>(), b.trim().parse::<i64>()) {
            (Ok(a), Ok(b)) => a <= id && id <= b,
            _ => false,
        }
    })
}

/// `{"org": …, "record": {"values": {…}}}` of a record's own audit entry.
fn image(text: &str) -> State {
    let json: Json = serde_json::from_str(text).ok()?;
    let values = json["record"]["values"].as_object()?;
    let org = json["org"].as_str().map(str::to_owned);
    Some((org, values.clone().into_iter().collect()))
}

/// Walks the entries from the newest back, each giving the state before it.
fn rebuild(entries: Vec<EntryRow>, current: State, id: i64) -> Vec<RecordVersion> {
    let mut after = current;
    let mut complete = true;
    let mut versions = Vec::with_capacity(entries.len());
    for (seq, at, actor, action, entity, entity_id, before_json, after_json) in
        entries.into_iter().rev()
    {
        let batch = (entity == "import_batch")
            .then(|| serde_json::from_str::<Json>(&after_json).ok())
            .flatten();
        // A record's own entry holds its full after-image: it wins over the walk.
        if batch.is_none()
            && action != "delete"
            && let Some(own) = image(&after_json)
        {
            after = Some(own);
        }
        let before: State = match (&batch, action.as_str()) {
            (None, _) => image(&before_json),
            (Some(b), _) if b["created_ids"].as_str().is_some_and(|r| in_ranges(r, id)) => None,
            (Some(_), _) => match batch_before(&before_json, id) {
                Some((org, old)) => after.clone().map(|(after_org, mut values)| {
                    values.extend(old);
                    (org.or(after_org), values)
                }),
                None => {
                    complete = false;
                    after.clone()
                }
            },
        };
        versions.push(RecordVersion {
            seq,
            at,
            actor,
            action,
            batch: (entity == "import_batch")
                .then(|| entity_id.parse().ok())
                .flatten(),
            org: after.as_ref().and_then(|(org, _)| org.clone()),
            values: after.as_ref().map(|(_, v)| v.clone()),
            changes: changes(before.as_ref(), after.as_ref()),
            created: before.is_none() && after.is_some(),
            complete,
        });
        after = before;
    }
    versions.reverse();
    versions
}

/// The batch's before-image of `id`: its old unit if it moved, and the old changed values.
fn batch_before(before_json: &str, id: i64) -> Option<(Option<String>, Values)> {
    let json: Json = serde_json::from_str(before_json).ok()?;
    let record = json["records"]
        .as_array()?
        .iter()
        .find(|r| r["id"].as_i64() == Some(id))?;
    let values = record["values"].as_object()?.clone().into_iter().collect();
    Some((record["org"].as_str().map(str::to_owned), values))
}

/// Fields whose values differ between two states (unit as the pseudo field `org`).
fn changes(
    before: Option<&(Option<String>, Values)>,
    after: Option<&(Option<String>, Values)>,
) -> Vec<(String, Json, Json)> {
    let empty = Values::new();
    let (b_org, b) = before.map_or((None, &empty), |(o, v)| (o.clone(), v));
    let (a_org, a) = after.map_or((None, &empty), |(o, v)| (o.clone(), v));
    let mut out = Vec::new();
    if b_org != a_org {
        out.push(("org".to_owned(), Json::from(b_org), Json::from(a_org)));
    }
    let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    for key in keys {
        let old = b.get(key).cloned().unwrap_or(Json::Null);
        let new = a.get(key).cloned().unwrap_or(Json::Null);
        if old != new {
            out.push((key.clone(), old, new));
        }
    }
    out
}

impl RecordVersion {
    /// The changes as the clerk reads them: field label, value before, value after, each as
    /// the register displays it (enum labels, amounts in 元, 是/否; empty when absent).
    pub fn changes_shown(&self, def: &RegisterDef) -> Vec<(&'static str, String, String)> {
        let position = |key: &str| def.fields.iter().position(|f| f.key == key);
        let mut changes: Vec<&(String, Json, Json)> = self.changes.iter().collect();
        // The unit first, then the fields in the register's order.
        changes.sort_by_key(|(key, _, _)| position(key).map_or(0, |i| i + 1));
        changes
            .into_iter()
            .map(|(key, old, new)| match def.field(key) {
                Some(field) => (
                    field.label,
                    audited_value(field, old),
                    audited_value(field, new),
                ),
                None => (def.org_label, plain(old), plain(new)),
            })
            .collect()
    }

    /// The action in Chinese, naming the batch of an import.
    pub fn action_label(&self) -> String {
        let label =
            fazhi_domain::audit::AuditAction::parse(&self.action).map_or("其他", |a| a.label());
        match self.batch {
            Some(batch) => format!("{label}(导入批次 {batch})"),
            None => label.to_owned(),
        }
    }
}

fn plain(value: &Json) -> String {
    match value {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A field's audited JSON value as a page shows it (enum labels, amounts in 元 grouped by
/// thousands, 是/否; empty when absent): [`fazhi_domain::register::FieldDef::shown`].
pub fn audited_value(field: &fazhi_domain::register::FieldDef, value: &Json) -> String {
    use fazhi_domain::register::{FieldKind, Value};
    let typed = match (field.kind, value) {
        (_, Json::Null) => Value::Null,
        (FieldKind::Date, Json::String(s)) => match s.parse() {
            Ok(date) => Value::Date(date),
            Err(_) => Value::Text(s.clone()),
        },
        (FieldKind::Amount, Json::Number(n)) => n.as_i64().map_or(Value::Null, Value::Fen),
        (FieldKind::Integer { .. } | FieldKind::Link, Json::Number(n)) => {
            n.as_i64().map_or(Value::Null, Value::Int)
        }
        (FieldKind::Bool, Json::Bool(b)) => Value::Bool(*b),
        (_, Json::String(s)) => Value::Text(s.clone()),
        (_, other) => Value::Text(other.to_string()),
    };
    field.shown(&typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_contain_their_ends() {
        assert!(in_ranges("1-5,9", 1));
        assert!(in_ranges("1-5,9", 5));
        assert!(in_ranges("1-5,9", 9));
        assert!(!in_ranges("1-5,9", 6));
        assert!(!in_ranges("", 1));
    }
}
