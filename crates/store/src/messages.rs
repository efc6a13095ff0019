//! 站内信 — messages to a unit, written by the review steps (a form submitted to the reviewing
//! unit; returned, approved or unapproved to the reporting unit). Each account reads the
//! messages of its own unit and marks them read for itself.

use serde::Serialize;

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
        on_db!(&self.db, pool => {
            let rows = sqlx::query_as::<_, MessageRow>(
                "SELECT m.id, m.subject, m.body, m.link, m.created_at, \
                 (r.message_id IS NOT NULL) AS read FROM message m \
                 LEFT JOIN message_read r ON r.message_id = m.id AND r.user_id = $2 \
                 WHERE m.org_id = $1 ORDER BY m.id DESC LIMIT $3",
            )
            .bind(org).bind(user).bind(limit)
            .fetch_all(pool).await?;
            let unread: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM message m WHERE m.org_id = $1 AND NOT EXISTS \
                 (SELECT 1 FROM message_read r WHERE r.message_id = m.id AND r.user_id = $2)",
            )
            .bind(org).bind(user)
            .fetch_one(pool).await?;
            Ok((rows, unread))
        })
    }

    /// Marks every message of the caller's own unit read, for the caller; how many were unread.
    pub async fn mark_messages_read(&self) -> Result<u64, StoreError> {
        let p = self.principal();
        let (org, user) = (p.org_id.get(), p.user_id);
        let now = crate::clock::now_rfc3339();
        in_tx!(&self.db, conn => {
            let done = sqlx::query(
                "INSERT INTO message_read (message_id, user_id, read_at) \
                 SELECT m.id, $2, $3 FROM message m WHERE m.org_id = $1 AND NOT EXISTS \
                 (SELECT 1 FROM message_read r WHERE r.message_id = m.id AND r.user_id = $2)",
            )
            .bind(org).bind(user).bind(&now)
            .execute(&mut *conn).await?;
            Ok::<u64, StoreError>(done.rows_affected())
        })
    }
}
