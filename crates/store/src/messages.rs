//! 站内信 — messages to a unit, written by the review steps (a form submitted to the reviewing
//! unit; returned, approved or unapproved to the reporting unit). Each account reads the
//! messages of its own unit — an office's (依法治市办) also those of the government it serves,
//! whose forms it fills and reviews — and marks them read for itself.

use serde::Serialize;

/// The units whose messages the account with unit `$1` reads: its own, and the parent
/// government of an office.
const MY_UNITS: &str = "(m.org_id = $1 OR m.org_id = (SELECT v.parent_id FROM org_version v \
    JOIN org_unit u ON u.id = v.org_id WHERE v.org_id = $1 AND v.valid_to IS NULL \
    AND u.kind = 'office'))";

use sqlx::AssertSqlSafe;

use crate::db::{in_tx, on_db};
use crate::{ScopedStore, StoreError};

/// One message, with whether the reader has read it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: String,
    pub read: bool,
}

impl ScopedStore {
    /// The newest `limit` messages of the caller's own unit, and how many are unread.
    pub async fn my_messages(&self, limit: i64) -> Result<(Vec<MessageRow>, i64), StoreError> {
        let p = self.principal();
        let (org, user) = (p.org_id.get(), p.user_id);
        let list = format!(
            "SELECT m.id, m.subject, m.body, m.link, m.created_at, \
             (r.message_id IS NOT NULL) AS read FROM message m \
             LEFT JOIN message_read r ON r.message_id = m.id AND r.user_id = $2 \
             WHERE {MY_UNITS} ORDER BY m.id DESC LIMIT $3"
        );
        let rows = on_db!(&self.db, pool => {
            sqlx::query_as::<_, MessageRow>(AssertSqlSafe(list))
                .bind(org).bind(user).bind(limit)
                .fetch_all(pool).await?
        });
        Ok((rows, self.unread_messages().await?))
    }

    /// How many messages of the caller's units the caller has not read.
    pub async fn unread_messages(&self) -> Result<i64, StoreError> {
        let p = self.principal();
        let (org, user) = (p.org_id.get(), p.user_id);
        let sql = format!(
            "SELECT COUNT(*) FROM message m WHERE {MY_UNITS} AND NOT EXISTS \
             (SELECT 1 FROM message_read r WHERE r.message_id = m.id AND r.user_id = $2)"
        );
        on_db!(&self.db, pool => {
            Ok(sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql)).bind(org).bind(user).fetch_one(pool).await?)
        })
    }

    /// Marks every message of the caller's own unit read, for the caller; how many were unread.
    pub async fn mark_messages_read(&self) -> Result<u64, StoreError> {
        let p = self.principal();
        let (org, user) = (p.org_id.get(), p.user_id);
        let now = crate::clock::now_rfc3339();
        let sql = format!(
            "INSERT INTO message_read (message_id, user_id, read_at) \
             SELECT m.id, $2, $3 FROM message m WHERE {MY_UNITS} AND NOT EXISTS \
             (SELECT 1 FROM message_read r WHERE r.message_id = m.id AND r.user_id = $2)"
        );
        in_tx!(&self.db, conn => {
            let done = sqlx::query(AssertSqlSafe(sql))
            .bind(org).bind(user).bind(&now)
            .execute(&mut *conn).await?;
            Ok::<u64, StoreError>(done.rows_affected())
        })
    }
}
