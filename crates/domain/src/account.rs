//! 账号与权限 — accounts, roles and data scope.
//!
//! Access is role × data scope: the role says what a user may do, the scope says over which
//! part of the org tree. The storage layer enforces the scope through a typed handle.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// 角色 — what a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员 — manages the org tree, accounts and reads the audit.
    Admin,
    /// 依法治市办 — the rule-of-law office: reads everything in scope, reads the audit, writes records.
    Office,
    /// 业务人员 — a department or county clerk who enters records.
    Clerk,
    /// 只读用户 — reads only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Self::Admin, Self::Office, Self::Clerk, Self::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Office => "office",
            Self::Clerk => "clerk",
            Self::Viewer => "viewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "系统管理员",
            Self::Office => "依法治市办",
            Self::Clerk => "业务人员",
            Self::Viewer => "只读用户",
        }
    }

    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == text || r.label() == text)
            .ok_or_else(|| {
                DomainError::invalid(
                    "角色",
                    format!("「{text}」无效,应为 admin、office、clerk 或 viewer"),
                )
            })
    }

    pub fn can_manage_orgs(self) -> bool {
        self == Self::Admin
    }

    pub fn can_manage_users(self) -> bool {
        self == Self::Admin
    }

    pub fn can_read_audit(self) -> bool {
        matches!(self, Self::Admin | Self::Office)
    }

    pub fn can_write_records(self) -> bool {
        !matches!(self, Self::Viewer)
    }
}

/// 数据范围 — which part of the org tree a user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// 本单位 — the user's own unit only.
    Unit,
    /// 本单位及下级 — the user's unit and everything below it.
    Subtree,
    /// 全部 — the whole tree.
    All,
}

impl ScopeKind {
    pub const ALL: [ScopeKind; 3] = [Self::Unit, Self::Subtree, Self::All];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unit => "unit",
            Self::Subtree => "subtree",
            Self::All => "all",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Unit => "本单位",
            Self::Subtree => "本单位及下级",
            Self::All => "全部",
        }
    }

    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text || s.label() == text)
            .ok_or_else(|| {
                DomainError::invalid(
                    "数据范围",
                    format!("「{text}」无效,应为 unit、subtree 或 all"),
                )
            })
    }
}

/// 当前用户 — who is acting: the identity every scoped read and audited write carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub org_id: i64,
    pub scope: ScopeKind,
}

/// 用户名 — 2 to 32 letters, digits, `_`, `.`, `-` or Chinese characters.
pub fn validate_username(name: &str) -> Result<String, DomainError> {
    let name = name.trim();
    let len = name.chars().count();
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '-');
    if !(2..=32).contains(&len) || !name.chars().all(allowed) {
        return Err(DomainError::invalid(
            "用户名",
            "应为2至32个字符,只含字母、数字、汉字、下划线、点或连字符",
        ));
    }
    Ok(name.to_owned())
}

/// 密码强度 — at least 8 characters, not all of one class.
pub fn validate_password(password: &str) -> Result<(), DomainError> {
    let len = password.chars().count();
    if !(8..=128).contains(&len) {
        return Err(DomainError::invalid("密码", "长度应为8至128个字符"));
    }
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    let has_other = password.chars().any(|c| !c.is_ascii_digit());
    if !(has_digit && has_other) {
        return Err(DomainError::invalid("密码", "应同时包含数字和字母或符号"));
    }
    Ok(())
}

/// Hashes a password with Argon2id (PHC string). CPU-heavy: call it off the async executor.
pub fn hash_password(password: &str) -> Result<String, DomainError> {
    use argon2::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| DomainError::invalid("密码", format!("无法生成散列:{e}")))
}

/// Checks a password against a stored PHC string. CPU-heavy: call it off the async executor.
pub fn verify_password(password: &str, phc: &str) -> bool {
    use argon2::PasswordVerifier;
    argon2::password_hash::phc::PasswordHash::new(phc)
        .map(|hash| {
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_round_trip() {
        let hash = hash_password("fazhi2024!").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("fazhi2024!", &hash));
        assert!(!verify_password("fazhi2025!", &hash));
        assert!(!verify_password("fazhi2024!", "not a hash"));
    }

    #[test]
    fn weak_passwords_are_rejected() {
        assert!(validate_password("12345678").is_err());
        assert!(validate_password("abc12").is_err());
        assert!(validate_password("abcd1234").is_ok());
    }

    #[test]
    fn roles_and_scopes_parse_by_code_or_label() {
        assert_eq!(Role::parse("office").unwrap(), Role::Office);
        assert_eq!(Role::parse("业务人员").unwrap(), Role::Clerk);
        assert!(Role::parse("root").is_err());
        assert_eq!(ScopeKind::parse("subtree").unwrap(), ScopeKind::Subtree);
        assert!(ScopeKind::parse("city").is_err());
    }

    #[test]
    fn usernames() {
        assert!(validate_username("clerk_zs").is_ok());
        assert!(validate_username("张三").is_ok());
        assert!(validate_username("a").is_err());
        assert!(validate_username("a b").is_err());
    }
}
