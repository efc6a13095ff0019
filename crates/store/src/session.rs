//! 会话 — server-side sessions: the cookie holds a random token, the table holds only its
//! SHA-256, the user and the session's CSRF token.

use chrono::{DateTime, Duration, Utc};
use fazhi_domain::account::{Principal, Role, ScopeKind};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::StoreError;
use crate::db::{Db, on_db};

/// How long a session lives without a new login.
pub const SESSION_HOURS: i64 = 8;

/// A live session: who it belongs to and the token forms must echo.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub principal: Principal,
    pub display_name: String,
    pub csrf_token: String,
}

/// 32 random bytes as hex.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Opens a session for `user_id`; returns (cookie token, CSRF token).
pub(crate) async fn create(db: &Db, user_id: i64) -> Result<(String, String), StoreError> {
    let token = new_token();
    let csrf = new_token();
    let expires = Utc::now() + Duration::hours(SESSION_HOURS);
    on_db!(db, pool => {
        sqlx::query("DELETE FROM app_session WHERE expires_at < $1").bind(Utc::now()).execute(pool).await?;
        sqlx::query("INSERT INTO app_session (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash(&token)).bind(user_id).bind(&csrf).bind(expires)
            .execute(pool).await?;
    });
    Ok((token, csrf))
}

type SessionRow = (
    i64,
    String,
    String,
    String,
    i64,
    String,
    String,
    DateTime<Utc>,
);

pub(crate) async fn find(db: &Db, token: &str) -> Result<Option<SessionInfo>, StoreError> {
    let row: Option<SessionRow> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT u.id, u.username, u.display_name, u.role, u.org_id, u.scope, s.csrf_token, s.expires_at \
             FROM app_session s JOIN app_user u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND u.active = TRUE",
        )
        .bind(token_hash(token))
        .fetch_optional(pool)
        .await?
    });
    let Some((user_id, username, display_name, role, org_id, scope, csrf_token, expires)) = row
    else {
        return Ok(None);
    };
    if expires < Utc::now() {
        return Ok(None);
    }
    let principal = Principal {
        user_id,
        username,
        role: Role::parse(&role)?,
        org_id,
        scope: ScopeKind::parse(&scope)?,
    };
    Ok(Some(SessionInfo {
        principal,
        display_name,
        csrf_token,
    }))
}

pub(crate) async fn delete(db: &Db, token: &str) -> Result<(), StoreError> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM app_session WHERE token_hash = $1").bind(token_hash(token)).execute(pool).await?;
    });
    Ok(())
}
