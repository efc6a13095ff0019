//! 会话 — server-side sessions: the cookie holds a random token, the table holds only its
//! SHA-256, the user and the session's CSRF token.

use chrono::{DateTime, Duration, Utc};
use fazhi_domain::OrgId;
use fazhi_domain::account::{Principal, Role, ScopeKind};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::StoreError;
use fazhi_domain::audit::AuditAction;

use crate::audit::{AuditPlace, audit_append};
use crate::db::{Db, in_tx, on_db};

/// How long a session lives without a new login, however active.
pub const SESSION_HOURS: i64 = 8;
/// How long a session may stay unused before it ends (configurable per server).
pub const DEFAULT_IDLE_MINUTES: i64 = 30;
/// A session's last use is written at most this often (not on every request).
const TOUCH_SECS: i64 = 60;

/// A live session: who it belongs to and the token forms must echo.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub principal: Principal,
    pub display_name: String,
    pub csrf_token: String,
    /// 初始密码 — the account is told to change its password.
    pub must_change_password: bool,
}

/// 32 random bytes as hex.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Opens a session for `user_id`; returns (cookie token, CSRF token).
pub(crate) async fn create(db: &Db, user_id: i64) -> Result<(String, String), StoreError> {
    let token = new_token();
    let csrf = new_token();
    let expires = crate::clock::now() + Duration::hours(SESSION_HOURS);
    on_db!(db, pool => {
        sqlx::query("DELETE FROM app_session WHERE expires_at < $1").bind(crate::clock::now()).execute(pool).await?;
        sqlx::query("INSERT INTO app_session (token_hash, user_id, csrf_token, expires_at, last_seen) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash(&token)).bind(user_id).bind(&csrf).bind(expires).bind(crate::clock::unix_seconds())
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
    i64,
    bool,
);

/// The live session of `token`: none when unknown, past its absolute end, or unused for more
/// than `idle_secs` (then it is removed).
pub(crate) async fn find(
    db: &Db,
    token: &str,
    idle_secs: i64,
) -> Result<Option<SessionInfo>, StoreError> {
    let hash = token_hash(token);
    let row: Option<SessionRow> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT u.id, u.username, u.display_name, u.role, u.org_id, u.scope, s.csrf_token, \
             s.expires_at, s.last_seen, u.must_change_password \
             FROM app_session s JOIN app_user u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND u.active = TRUE",
        )
        .bind(&hash)
        .fetch_optional(pool)
        .await?
    });
    let Some((
        user_id,
        username,
        display_name,
        role,
        org_id,
        scope,
        csrf_token,
        expires,
        last_seen,
        must_change,
    )) = row
    else {
        return Ok(None);
    };
    let now = crate::clock::unix_seconds();
    if expires < crate::clock::now() || now - last_seen > idle_secs {
        delete(db, token).await?;
        return Ok(None);
    }
    if now - last_seen >= TOUCH_SECS {
        on_db!(db, pool => {
            sqlx::query("UPDATE app_session SET last_seen = $1 WHERE token_hash = $2")
                .bind(now).bind(&hash).execute(pool).await?;
        });
    }
    let principal = Principal {
        user_id,
        username,
        role: Role::parse(&role)?,
        org_id: OrgId::new(org_id),
        scope: ScopeKind::parse(&scope)?,
    };
    Ok(Some(SessionInfo {
        principal,
        display_name,
        csrf_token,
        must_change_password: must_change,
    }))
}

pub(crate) async fn delete(db: &Db, token: &str) -> Result<(), StoreError> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM app_session WHERE token_hash = $1").bind(token_hash(token)).execute(pool).await?;
    });
    Ok(())
}

/// Ends the session of `token` and records the logout against its account.
pub(crate) async fn logout(db: &Db, token: &str) -> Result<(), StoreError> {
    let owner: Option<(String, i64, String)> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT a.username, a.org_id, u.region_code FROM app_session s \
             JOIN app_user a ON a.id = s.user_id JOIN org_unit u ON u.id = a.org_id \
             WHERE s.token_hash = $1",
        )
        .bind(token_hash(token))
        .fetch_optional(pool)
        .await?
    });
    let Some((username, org_id, region)) = owner else {
        return Ok(());
    };
    in_tx!(db, conn => {
        sqlx::query("DELETE FROM app_session WHERE token_hash = $1")
            .bind(token_hash(token)).execute(&mut *conn).await?;
        audit_append!(conn, username, AuditAction::Logout, "app_user", username,
            AuditPlace::new(&region, OrgId::new(org_id)), None::<&serde_json::Value>, None::<&serde_json::Value>);
        Ok::<(), StoreError>(())
    })
}
