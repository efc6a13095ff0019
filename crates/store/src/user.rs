//! 账号 — accounts: creation and every later change (administrators, audited), listing in
//! scope, and each user's own password. No account can create or change another beyond its own
//! reach: the other account's unit must lie in the actor's scope, and its role and scope may
//! not exceed the actor's ([`check_grant`]), before and after the change.

use fazhi_domain::OrgId;
use fazhi_domain::account::{
    BeyondReach, Role, ScopeKind, check_grant, hash_password, validate_password, validate_username,
    verify_password,
};
use fazhi_domain::audit::AuditAction;
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::audit::{AuditPlace, audit_append};
use crate::db::{in_tx, on_db};
use crate::scope::{IN_SCOPE, SCOPE_CTE};
use crate::{ScopedStore, StoreError};

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

/// 账号变更 — what an administrator changes of an account; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub scope: Option<ScopeKind>,
    pub org_code: Option<String>,
    /// 停用 / 启用
    pub active: Option<bool>,
    /// 电子邮箱 for the daily digest; `Some("")` removes it.
    pub email: Option<String>,
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
    pub must_change_password: bool,
    /// 电子邮箱 (the daily 待办 digest goes there).
    pub email: Option<String>,
    #[serde(skip)]
    #[sqlx(try_from = "i64")]
    pub org_id: OrgId,
    #[serde(skip)]
    pub region_code: String,
}

impl UserRow {
    fn audit_image(&self) -> serde_json::Value {
        serde_json::json!({
            "username": self.username, "display_name": self.display_name, "role": self.role,
            "org": self.org_code, "scope": self.scope, "active": self.active,
            "email": self.email,
        })
    }

    fn place(&self) -> AuditPlace {
        AuditPlace::new(&self.region_code, self.org_id)
    }
}

const SELECT_USER: &str = "SELECT a.id, a.username, a.display_name, a.role, a.scope, \
    u.code AS org_code, v.name AS org_name, a.active, a.must_change_password, a.email, \
    a.org_id, u.region_code \
    FROM app_user a JOIN org_unit u ON u.id = a.org_id \
    JOIN org_version v ON v.org_id = u.id AND v.valid_to IS NULL";

fn beyond(err: BeyondReach) -> StoreError {
    StoreError::Forbidden(err.0)
}

async fn hash_off_executor(password: &str) -> Result<String, StoreError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| StoreError::Database(e.to_string()))?
        .map_err(StoreError::from)
}

impl ScopedStore {
    /// 新增账号 — administrators only; the account's unit must lie in the administrator's
    /// scope and its role and scope may not exceed the administrator's.
    pub async fn create_user(&self, user: NewUser) -> Result<UserRow, StoreError> {
        self.require(self.principal().role.can_manage_users(), "管理账号")?;
        check_grant(self.principal(), user.role, user.scope).map_err(beyond)?;
        let username = validate_username(&user.username)?;
        validate_password(&user.password, &username)?;
        let display_name = match user.display_name.trim() {
            "" => username.clone(),
            name => name.to_owned(),
        };
        let org = self.get_org(&user.org_code).await?;
        let hash = hash_off_executor(&user.password).await?;
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        in_tx!(&self.db, conn => {
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM app_user WHERE username = $1")
                .bind(&username).fetch_one(&mut *conn).await?;
            if taken > 0 {
                return Err(StoreError::Conflict(format!("用户名「{username}」已存在")));
            }
            sqlx::query(
                "INSERT INTO app_user (username, display_name, password_hash, role, org_id, scope, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&username).bind(&display_name).bind(&hash).bind(user.role.as_str())
            .bind(org.id.get()).bind(user.scope.as_str()).bind(&now)
            .execute(&mut *conn).await?;
            let after = serde_json::json!({
                "username": username, "display_name": display_name, "role": user.role.as_str(),
                "org": org.code, "scope": user.scope.as_str(), "active": true,
            });
            audit_append!(conn, actor, AuditAction::Create, "app_user", username,
                AuditPlace::new(&org.region_code, org.id), None::<&serde_json::Value>, Some(&after));
            Ok::<(), StoreError>(())
        })?;
        self.get_user(&username).await
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

    /// One account whose unit lies in scope (404 otherwise).
    pub async fn get_user(&self, username: &str) -> Result<UserRow, StoreError> {
        self.require(self.principal().role.can_read_audit(), "查看账号")?;
        let sql = format!("{SCOPE_CTE} {SELECT_USER} WHERE {IN_SCOPE} AND a.username = $3");
        let (root, scope) = self.scope_params();
        let row: Option<UserRow> = on_db!(&self.db, pool => {
            sqlx::query_as(AssertSqlSafe(sql)).bind(root).bind(scope).bind(username.trim())
                .fetch_optional(pool).await?
        });
        row.ok_or_else(|| StoreError::not_found("账号", username.trim()))
    }

    /// Another account this administrator may change: in scope, not reaching beyond the
    /// administrator, and not the administrator's own.
    async fn managed_user(&self, username: &str) -> Result<UserRow, StoreError> {
        self.require(self.principal().role.can_manage_users(), "管理账号")?;
        let target = self.get_user(username).await?;
        if target.id == self.principal().user_id {
            return Err(StoreError::Forbidden(
                "不能在账号管理中修改自己的账号(修改本人密码请用「修改密码」)".into(),
            ));
        }
        check_grant(
            self.principal(),
            Role::parse(&target.role)?,
            ScopeKind::parse(&target.scope)?,
        )
        .map_err(beyond)?;
        Ok(target)
    }

    /// 修改账号 — role, scope, unit, name, 停用/启用; deactivating ends the account's sessions.
    pub async fn update_user(
        &self,
        username: &str,
        change: UserChange,
    ) -> Result<UserRow, StoreError> {
        let before = self.managed_user(username).await?;
        let role = change.role.map_or_else(|| Role::parse(&before.role), Ok)?;
        let scope = change
            .scope
            .map_or_else(|| ScopeKind::parse(&before.scope), Ok)?;
        check_grant(self.principal(), role, scope).map_err(beyond)?;
        let org = self
            .get_org(change.org_code.as_deref().unwrap_or(&before.org_code))
            .await?;
        let display_name = change
            .display_name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| before.display_name.clone());
        let active = change.active.unwrap_or(before.active);
        let email = match change.email.as_deref() {
            Some(text) => fazhi_domain::account::validate_email(text)?,
            None => before.email.clone(),
        };
        let actor = self.principal().username.clone();
        let old = before.audit_image();
        in_tx!(&self.db, conn => {
            sqlx::query(
                "UPDATE app_user SET display_name = $1, role = $2, scope = $3, org_id = $4, \
                 active = $5, email = $7 WHERE id = $6",
            )
            .bind(&display_name).bind(role.as_str()).bind(scope.as_str()).bind(org.id.get())
            .bind(active).bind(before.id).bind(&email)
            .execute(&mut *conn).await?;
            if !active {
                sqlx::query("DELETE FROM app_session WHERE user_id = $1")
                    .bind(before.id).execute(&mut *conn).await?;
            }
            let new = serde_json::json!({
                "username": before.username, "display_name": display_name, "role": role.as_str(),
                "org": org.code, "scope": scope.as_str(), "active": active, "email": email,
            });
            audit_append!(conn, actor, AuditAction::Update, "app_user", before.username,
                AuditPlace::new(&org.region_code, org.id), Some(&old), Some(&new));
            Ok::<(), StoreError>(())
        })?;
        self.get_user(&before.username).await
    }

    /// 重置密码 — an administrator sets a new password; the account must change it at its
    /// next login, and its sessions end.
    pub async fn reset_password(&self, username: &str, password: &str) -> Result<(), StoreError> {
        let target = self.managed_user(username).await?;
        validate_password(password, &target.username)?;
        let hash = hash_off_executor(password).await?;
        self.store_password(&target, &hash, true, None).await
    }

    /// 修改密码 — the signed-in user changes their own password, giving the current one.
    /// Every other session of the account ends; `keep_session` (the current cookie token)
    /// stays.
    pub async fn change_own_password(
        &self,
        current: &str,
        new: &str,
        keep_session: &str,
    ) -> Result<(), StoreError> {
        let me = self.principal().clone();
        let stored: Option<(String, String, i64)> = on_db!(&self.db, pool => {
            sqlx::query_as(
                "SELECT a.password_hash, u.region_code, a.org_id FROM app_user a \
                 JOIN org_unit u ON u.id = a.org_id WHERE a.id = $1 AND a.active = TRUE",
            )
            .bind(me.user_id).fetch_optional(pool).await?
        });
        let (hash, region_code, org_id) =
            stored.ok_or_else(|| StoreError::not_found("账号", me.username.clone()))?;
        let candidate = current.to_owned();
        let ok = tokio::task::spawn_blocking(move || verify_password(&candidate, &hash))
            .await
            .map_err(|e| StoreError::Database(e.to_string()))?;
        if !ok {
            return Err(fazhi_domain::DomainError::invalid("当前密码", "不正确").into());
        }
        validate_password(new, &me.username)?;
        if new == current {
            return Err(fazhi_domain::DomainError::invalid("新密码", "不能与当前密码相同").into());
        }
        let hash = hash_off_executor(new).await?;
        let target = UserRow {
            id: me.user_id,
            username: me.username.clone(),
            display_name: String::new(),
            role: me.role.as_str().to_owned(),
            scope: me.scope.as_str().to_owned(),
            org_code: String::new(),
            org_name: String::new(),
            active: true,
            must_change_password: false,
            email: None,
            org_id: OrgId::new(org_id),
            region_code,
        };
        self.store_password(&target, &hash, false, Some(keep_session))
            .await
    }

    /// Writes a password hash, ends the account's sessions (but `keep`), audits the change.
    async fn store_password(
        &self,
        target: &UserRow,
        hash: &str,
        must_change: bool,
        keep: Option<&str>,
    ) -> Result<(), StoreError> {
        let actor = self.principal().username.clone();
        let keep_hash = keep.map(crate::session::token_hash).unwrap_or_default();
        let after = serde_json::json!({ "must_change_password": must_change, "by": actor });
        in_tx!(&self.db, conn => {
            sqlx::query("UPDATE app_user SET password_hash = $1, must_change_password = $2 WHERE id = $3")
                .bind(hash).bind(must_change).bind(target.id).execute(&mut *conn).await?;
            sqlx::query("DELETE FROM app_session WHERE user_id = $1 AND token_hash <> $2")
                .bind(target.id).bind(&keep_hash).execute(&mut *conn).await?;
            audit_append!(conn, actor, AuditAction::PasswordChange, "app_user", target.username,
                target.place(), None::<&serde_json::Value>, Some(&after));
            Ok::<(), StoreError>(())
        })
    }

    /// 须修改初始密码 — marks an account whose password was printed (the demo's) so that it
    /// is told to change it at its first login. Operators only (CLI).
    pub async fn require_password_change(&self, username: &str) -> Result<(), StoreError> {
        self.require(
            self.principal().user_id == 0 && self.sees_everything(),
            "标记初始密码",
        )?;
        on_db!(&self.db, pool => {
            sqlx::query("UPDATE app_user SET must_change_password = TRUE WHERE username = $1")
                .bind(username).execute(pool).await?;
        });
        Ok(())
    }
}
