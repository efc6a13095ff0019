//! 账号与权限 — accounts, roles and data scope.
//!
//! Access is role × data scope: the role says what a user may do, the scope says over which
//! part of the org tree. The storage layer enforces the scope through a typed handle.

use serde::{Deserialize, Serialize};

use crate::{DomainError, OrgId};

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

    /// How much a role may do: an account may only hand out roles of at most its own rank
    /// (系统管理员 > 依法治市办 > 业务人员 > 只读用户).
    pub fn rank(self) -> u8 {
        match self {
            Self::Admin => 3,
            Self::Office => 2,
            Self::Clerk => 1,
            Self::Viewer => 0,
        }
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

/// 越权 — an account tried to give another account more than it has itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BeyondReach(pub String);

/// 授权范围 — whether `actor` may give an account `role` and `scope`. The unit of the account
/// must also lie in the actor's scope; the store checks that against the org tree. With the
/// unit inside the actor's scope, a scope of at most the actor's breadth reaches no further
/// than the actor: a subtree below a unit of one's subtree is inside it, and an actor of
/// 本单位 scope can only place accounts at its own unit.
pub fn check_grant(actor: &Principal, role: Role, scope: ScopeKind) -> Result<(), BeyondReach> {
    if role.rank() > actor.role.rank() {
        return Err(BeyondReach(format!(
            "您的角色「{}」不能授予更高的角色「{}」",
            actor.role.label(),
            role.label()
        )));
    }
    let allowed = match actor.scope {
        ScopeKind::All => true,
        ScopeKind::Subtree => scope != ScopeKind::All,
        ScopeKind::Unit => scope == ScopeKind::Unit,
    };
    if !allowed {
        return Err(BeyondReach(format!(
            "您的数据范围「{}」不能授予更大的数据范围「{}」",
            actor.scope.label(),
            scope.label()
        )));
    }
    Ok(())
}

/// 当前用户 — who is acting: the identity every scoped read and audited write carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub org_id: OrgId,
    pub scope: ScopeKind,
}

/// 电子邮箱 — an account's address for the daily digest: empty means none; otherwise one `@`
/// between a local part and a domain with a dot, no spaces, at most 254 characters.
pub fn validate_email(text: &str) -> Result<Option<String>, DomainError> {
    let email = text.trim();
    if email.is_empty() {
        return Ok(None);
    }
    let bad = || {
        DomainError::invalid(
            "电子邮箱",
            format!("「{email}」无效,应为 名称@单位域名,如 fzb@lps.gov.cn"),
        )
    };
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    let fine = email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'));
    fine.then(|| email.to_owned()).ok_or_else(bad).map(Some)
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

/// Shortest password accepted (等保 practice: at least 10 characters).
pub const MIN_PASSWORD_CHARS: usize = 10;

/// 密码强度 — 10 to 128 characters with at least three of the four classes (uppercase,
/// lowercase, digits, other characters), and not the username itself.
pub fn validate_password(password: &str, username: &str) -> Result<(), DomainError> {
    let len = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=128).contains(&len) {
        return Err(DomainError::invalid(
            "密码",
            format!("长度应为{MIN_PASSWORD_CHARS}至128个字符"),
        ));
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|present| **present).count() < 3 {
        return Err(DomainError::invalid(
            "密码",
            "应至少包含大写字母、小写字母、数字、其他符号中的三类",
        ));
    }
    if password.trim().eq_ignore_ascii_case(username.trim()) {
        return Err(DomainError::invalid("密码", "不能与用户名相同"));
    }
    Ok(())
}

/// Argon2id with the parameters OWASP recommends as a minimum (19 MiB of memory, two passes,
/// one lane): one hash takes tens of milliseconds on a server core (`fazhi bench login`).
fn argon2() -> argon2::Argon2<'static> {
    let params = argon2::Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Hashes a password with Argon2id (PHC string). CPU-heavy: call it off the async executor.
pub fn hash_password(password: &str) -> Result<String, DomainError> {
    use argon2::PasswordHasher;
    argon2()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| DomainError::invalid("密码", format!("无法生成散列:{e}")))
}

/// Checks a password against a stored PHC string. CPU-heavy: call it off the async executor.
pub fn verify_password(password: &str, phc: &str) -> bool {
    use argon2::PasswordVerifier;
    argon2::password_hash::phc::PasswordHash::new(phc)
        .map(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
        .unwrap_or(false)
}

/// Does the work of checking a password for an account that does not exist, so that an
/// unknown username takes as long as a known one. Always false.
pub fn verify_unknown(password: &str) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let phc =
        DUMMY.get_or_init(|| hash_password("no account has this password").unwrap_or_default());
    std::hint::black_box(verify_password(password, phc));
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_are_checked_and_empty_means_none() {
        assert_eq!(
            validate_email(" fzb@lps.gov.cn ").ok(),
            Some(Some("fzb@lps.gov.cn".into()))
        );
        assert_eq!(validate_email("").ok(), Some(None));
        for bad in [
            "fzb",
            "@lps.gov.cn",
            "fzb@lps",
            "fzb@.cn",
            "a b@lps.cn",
            "a@b@c.cn",
            "x@y.cn>",
        ] {
            let err = validate_email(bad).expect_err(bad).to_string();
            assert!(err.contains("电子邮箱"), "{bad}: {err}");
        }
    }

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
        assert!(validate_password("1234567890", "zs").is_err());
        assert!(validate_password("Ab1!", "zs").is_err());
        assert!(
            validate_password("abcdefgh12", "zs").is_err(),
            "two classes"
        );
        assert!(validate_password("Abcdefgh12", "zs").is_ok());
        assert!(validate_password("abcdefg12!", "zs").is_ok());
        assert!(
            validate_password("Admin12345", "admin12345").is_err(),
            "the username"
        );
    }

    fn actor(role: Role, scope: ScopeKind) -> Principal {
        Principal {
            user_id: 1,
            username: "a".into(),
            role,
            org_id: OrgId::new(1),
            scope,
        }
    }

    #[test]
    fn grants_never_exceed_the_grantor() {
        let county_admin = actor(Role::Admin, ScopeKind::Subtree);
        assert!(check_grant(&county_admin, Role::Admin, ScopeKind::All).is_err());
        assert!(check_grant(&county_admin, Role::Admin, ScopeKind::Subtree).is_ok());
        assert!(check_grant(&county_admin, Role::Clerk, ScopeKind::Unit).is_ok());
        let unit_admin = actor(Role::Admin, ScopeKind::Unit);
        assert!(check_grant(&unit_admin, Role::Clerk, ScopeKind::Subtree).is_err());
        let office = actor(Role::Office, ScopeKind::All);
        assert!(check_grant(&office, Role::Admin, ScopeKind::Unit).is_err());
        assert!(check_grant(&office, Role::Office, ScopeKind::All).is_ok());
        let city_admin = actor(Role::Admin, ScopeKind::All);
        assert!(check_grant(&city_admin, Role::Admin, ScopeKind::All).is_ok());
    }

    #[test]
    fn unknown_accounts_never_verify() {
        assert!(!verify_unknown("no account has this password"));
        assert!(!verify_unknown("x"));
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
