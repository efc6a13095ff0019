//! 审计 — appending to and reading the hash-chained audit log.

use fazhi_domain::OrgId;
use fazhi_domain::audit::{AuditEntry, ChainBreak, ChainVerifier};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::StoreError;
use crate::db::{Db, on_db};
use crate::scope::SCOPE_CTE;

/// 审计归属 — where an audit entry belongs in the org tree: its government's region code and
/// the unit it is about. Audit reads are limited to entries whose unit lies in the reader's
/// scope; an entry without a unit is read only by accounts of city-wide scope.
#[derive(Debug, Clone, Default)]
pub(crate) struct AuditPlace {
    pub region: Option<String>,
    pub org_id: Option<i64>,
}

impl AuditPlace {
    pub fn new(region: &str, org_id: OrgId) -> Self {
        Self {
            region: Some(region.to_owned()),
            org_id: Some(org_id.get()).filter(|id| *id > 0),
        }
    }
}

impl From<Option<String>> for AuditPlace {
    fn from(region: Option<String>) -> Self {
        Self {
            region,
            org_id: None,
        }
    }
}

/// Appends one audit entry inside the caller's transaction (`$conn`: `&mut Connection`).
/// The head row is updated first so that concurrent writers serialise on it (a row lock on
/// PostgreSQL, the write lock on SQLite) before anything is read.
macro_rules! audit_append {
    ($conn:expr, $actor:expr, $action:expr, $entity:expr, $entity_id:expr, $region:expr,
     $before:expr, $after:expr) => {{
        let (seq, prev_hash): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *$conn)
                .await?;
        let mut entry = fazhi_domain::audit::AuditEntry {
            seq,
            at: crate::clock::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            actor: $actor.to_owned(),
            action: $action.as_str().to_owned(),
            entity: $entity.to_owned(),
            entity_id: $entity_id.to_string(),
            before: $crate::audit::json_text($before),
            after: $crate::audit::json_text($after),
            prev_hash,
            hash: String::new(),
        };
        entry.hash = entry.compute_hash();
        let place: $crate::audit::AuditPlace = ($region).into();
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, region_code, \
             before_json, after_json, prev_hash, hash, org_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(entry.seq)
        .bind(&entry.at)
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.entity)
        .bind(&entry.entity_id)
        .bind(place.region)
        .bind(&entry.before)
        .bind(&entry.after)
        .bind(&entry.prev_hash)
        .bind(&entry.hash)
        .bind(place.org_id)
        .execute(&mut *$conn)
        .await?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(&entry.hash)
            .execute(&mut *$conn)
            .await?;
    }};
}
pub(crate) use audit_append;

/// The stored text of a before/after image: compact JSON, or empty when there is none.
pub(crate) fn json_text<T: Serialize>(value: Option<&T>) -> String {
    value
        .and_then(|v| serde_json::to_string(v).ok())
        .unwrap_or_default()
}

/// 审计记录 as shown in the audit browser.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before_json: String,
    pub after_json: String,
    pub hash: String,
}

/// Filters of the audit browser (empty = any).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    /// Entries written at or after this instant.
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Entries written before this instant.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    pub limit: i64,
    pub offset: i64,
}

/// Entries matching `filter` whose unit lies in the scope rooted at `root` (see
/// [`SCOPE_CTE`]); entries without a unit only for `scope = "all"`.
pub(crate) async fn list(
    db: &Db,
    (root, scope): (i64, &str),
    filter: &AuditFilter,
) -> Result<(i64, Vec<AuditRow>), StoreError> {
    // `at` is stored as RFC 3339 in UTC (`2026-12-04T15:00:56.928635Z`): text order is time
    // order, so the bounds compare as text of the same shape.
    let where_clause = "WHERE ($3 IS NULL OR entity = $3) AND ($4 IS NULL OR entity_id = $4) \
         AND ($5 IS NULL OR actor = $5) AND ($6 IS NULL OR at >= $6) AND ($7 IS NULL OR at < $7) \
         AND ($2 = 'all' OR org_id IN (SELECT id FROM scope_ids))";
    let instant = |t: &Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
    };
    let (since, until) = (instant(&filter.since), instant(&filter.until));
    let count_sql = format!("{SCOPE_CTE} SELECT COUNT(*) FROM audit_log {where_clause}");
    let list_sql = format!(
        "{SCOPE_CTE} SELECT seq, at, actor, action, entity, entity_id, before_json, after_json, \
         hash FROM audit_log {where_clause} ORDER BY seq DESC LIMIT $8 OFFSET $9"
    );
    let limit = filter.limit.clamp(1, 500);
    on_db!(db, pool => {
        let total: i64 = sqlx::query_scalar(AssertSqlSafe(count_sql))
            .bind(root)
            .bind(scope)
            .bind(filter.entity.as_deref())
            .bind(filter.entity_id.as_deref())
            .bind(filter.actor.as_deref())
            .bind(since.as_deref())
            .bind(until.as_deref())
            .fetch_one(pool)
            .await?;
        let rows = sqlx::query_as::<_, AuditRow>(AssertSqlSafe(list_sql))
            .bind(root)
            .bind(scope)
            .bind(filter.entity.as_deref())
            .bind(filter.entity_id.as_deref())
            .bind(filter.actor.as_deref())
            .bind(since.as_deref())
            .bind(until.as_deref())
            .bind(limit)
            .bind(filter.offset.max(0))
            .fetch_all(pool)
            .await?;
        Ok((total, rows))
    })
}

type EntryRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// Re-hashes every entry in order, in pages so memory stays bounded.
pub(crate) async fn verify(db: &Db) -> Result<Result<i64, ChainBreak>, StoreError> {
    const PAGE: i64 = 5000;
    let head: (i64, String) = on_db!(db, pool => {
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(pool).await?
    });
    let mut verifier = ChainVerifier::default();
    let mut after = 0_i64;
    loop {
        let page: Vec<EntryRow> = on_db!(db, pool => {
            sqlx::query_as(
                "SELECT seq, at, actor, action, entity, entity_id, before_json, after_json, \
                 prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(pool)
            .await?
        });
        let Some(last) = page.last() else { break };
        after = last.0;
        for row in page {
            if let Err(chain_break) = verifier.push(&entry_from_row(row)) {
                return Ok(Err(chain_break));
            }
        }
    }
    Ok(verifier.finish(Some(head)))
}

fn entry_from_row(row: EntryRow) -> AuditEntry {
    let (seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash) = row;
    AuditEntry {
        seq,
        at,
        actor,
        action,
        entity,
        entity_id,
        before,
        after,
        prev_hash,
        hash,
    }
}
