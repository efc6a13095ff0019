//! 账号 — accounts: creation (admins, audited), listing in scope, and login with throttling.

use chrono::{DateTime, Duration, Utc};
use fazhi_domain::account::{
    Principal, Role, ScopeKind, hash_password, validate_password, validate_username,
    verify_password,
};
use fazhi_domain::audit::AuditAction;
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::audit::audit_append;
use crate::db::{Db, in_tx, on_db};
use crate::scope::{IN_SCOPE, SCOPE_CTE};
use crate::{ScopedStore, StoreError, session};

/// Failed logins in a row that lock an account.
pub const MAX_FAILED_LOGINS: i64 = 5;
/// How long a lock lasts.
pub const LOCK_MINUTES: i64 = 15;

/// A new account as entered.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    /// Code of the org unit the account belongs to.
    pub org_code: String,
    pub scope: ScopeKind,
}

/// 账号 as listed (never with the password hash).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub scope: String,
    pub org_code: String,
    pub org_name: String,
    pub active: bool,
}

/// What a login attempt came to.
#[derive(Debug, Clone)]
pub enum LoginOutcome {
    Success {
        token: String,
        csrf_token: String,
        principal: Principal,
    },
    BadCredentials,
    Locked {
        until: DateTime<Utc>,
    },
}

const SELECT_USER: &str = "SELECT a.id, a.username, a.display_name, a.role, a.scope, \
    u.code AS org_code, v.name AS org_name, a.active \
    FROM app_user a JOIN org_unit u ON u.id = a.org_id \
    JOIN org_version v ON v.org_id = u.id AND v.valid_to IS NULL";

impl ScopedStore {
    /// 新增账号 — admins only; the account's unit must lie in the admin's scope.
    pub async fn create_user(&self, user: NewUser) -> Result<UserRow, StoreError> {
        self.require(self.principal().role.can_manage_users(), "管理账号")?;
        let username = validate_username(&user.username)?;
        validate_password(&user.password)?;
        let display_name = match user.display_name.trim() {
            "" => username.clone(),
            name => name.to_owned(),
        };
        let org = self.get_org(&user.org_code).await?;
        let password = user.password.clone();
        let hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| StoreError::Database(e.to_string()))??;
        let now = Utc::now().to_rfc3339();
        let actor = self.principal().username.clone();
        let id = in_tx!(&self.db, conn => {
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM app_user WHERE username = $1")
                .bind(&username).fetch_one(&mut *conn).await?;
            if taken > 0 {
                return Err(StoreError::Conflict(format!("用户名「{username}」已存在")));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO app_user (username, display_name, password_hash, role, org_id, scope, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(&username).bind(&display_name).bind(&hash).bind(user.role.as_str())
            .bind(org.id).bind(user.scope.as_str()).bind(&now)
            .fetch_one(&mut *conn).await?;
            let after = serde_json::json!({
                "username": username, "display_name": display_name, "role": user.role.as_str(),
                "org": org.code, "scope": user.scope.as_str(),
            });
            audit_append!(conn, actor, AuditAction::Create, "app_user", username, Some(org.region_code.clone()),
                None::<&serde_json::Value>, Some(&after));
            Ok::<i64, StoreError>(id)
        })?;
        self.list_users()
            .await?
            .into_iter()
            .find(|u| u.id == id)
            .ok_or_else(|| StoreError::not_found("账号", id.to_string()))
    }

    /// 账号列表 — accounts whose unit lies in scope (admins and office only).
    pub async fn list_users(&self) -> Result<Vec<UserRow>, StoreError> {
        self.require(self.principal().role.can_read_audit(), "查看账号")?;
        let sql = format!("{SCOPE_CTE} {SELECT_USER} WHERE {IN_SCOPE} ORDER BY a.username");
        let (root, scope) = self.scope_params();
        on_db!(&self.db, pool => {
            Ok(sqlx::query_as::<_, UserRow>(AssertSqlSafe(sql)).bind(root).bind(scope).fetch_all(pool).await?)
        })
    }
}

type LoginRow = (
    i64,
    String,
    String,
    String,
    i64,
    String,
    i64,
    Option<DateTime<Utc>>,
);

pub(crate) async fn login(
    db: &Db,
    username: &str,
    password: &str,
) -> Result<LoginOutcome, StoreError> {
    let row: Option<LoginRow> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT id, username, password_hash, role, org_id, scope, failed_logins, locked_until \
             FROM app_user WHERE username = $1 AND active = TRUE",
        )
        .bind(username.trim())
        .fetch_optional(pool)
        .await?
    });
    let Some((id, username, hash, role, org_id, scope, failed, locked_until)) = row else {
        return Ok(LoginOutcome::BadCredentials);
    };
    if let Some(until) = locked_until.filter(|until| *until > Utc::now()) {
        return Ok(LoginOutcome::Locked { until });
    }
    let candidate = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_password(&candidate, &hash))
        .await
        .map_err(|e| StoreError::Database(e.to_string()))?;
    if !ok {
        return record_failure(db, id, failed + 1).await;
    }
    on_db!(db, pool => {
        sqlx::query("UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(id).execute(pool).await?;
    });
    let (token, csrf_token) = session::create(db, id).await?;
    let principal = Principal {
        user_id: id,
        username,
        role: Role::parse(&role)?,
        org_id,
        scope: ScopeKind::parse(&scope)?,
    };
    Ok(LoginOutcome::Success {
        token,
        csrf_token,
        principal,
    })
}

async fn record_failure(db: &Db, id: i64, failed: i64) -> Result<LoginOutcome, StoreError> {
    let (failed, locked_until) = if failed >= MAX_FAILED_LOGINS {
        (0, Some(Utc::now() + Duration::minutes(LOCK_MINUTES)))
    } else {
        (failed, None)
    };
    on_db!(db, pool => {
        sqlx::query("UPDATE app_user SET failed_logins = $1, locked_until = $2 WHERE id = $3")
            .bind(failed).bind(locked_until).bind(id).execute(pool).await?;
    });
    Ok(match locked_until {
        Some(until) => LoginOutcome::Locked { until },
        None => LoginOutcome::BadCredentials,
    })
}
