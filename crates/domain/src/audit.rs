//! 审计链 — the hash-chained audit log. Every write is recorded with actor, time, entity,
//! before and after; each entry holds the SHA-256 of the previous one, so editing or deleting
//! any entry breaks the chain at that point.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash the first entry points back to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// 操作类型 — what kind of write an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    /// 批量导入 — one entry per import batch.
    Import,
    /// 登录 — a successful login (entity `app_user`).
    Login,
    /// 登录失败 — a wrong password or an unknown username (no password is ever recorded).
    LoginFailed,
    /// 锁定 — repeated failures locked an account or a client address for a while.
    Lockout,
    /// 退出 — a logout.
    Logout,
    /// 修改密码 — an account's password was changed or reset (only that it was).
    PasswordChange,
    /// 下载 — a file attached to a record was downloaded.
    Download,
}

impl AuditAction {
    pub const ALL: [AuditAction; 10] = [
        Self::Create,
        Self::Update,
        Self::Delete,
        Self::Import,
        Self::Login,
        Self::LoginFailed,
        Self::Lockout,
        Self::Logout,
        Self::PasswordChange,
        Self::Download,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Import => "import",
            Self::Login => "login",
            Self::LoginFailed => "login_failed",
            Self::Lockout => "lockout",
            Self::Logout => "logout",
            Self::PasswordChange => "password_change",
            Self::Download => "download",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Create => "新增",
            Self::Update => "修改",
            Self::Delete => "删除",
            Self::Import => "导入",
            Self::Login => "登录",
            Self::LoginFailed => "登录失败",
            Self::Lockout => "锁定",
            Self::Logout => "退出登录",
            Self::PasswordChange => "修改密码",
            Self::Download => "下载",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// 审计记录 — one entry exactly as stored; the hash covers every field but `hash` itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the chain, from 1 without gaps.
    pub seq: i64,
    /// RFC 3339 time of the write, as stored.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// JSON text of the record before the write (empty for a create).
    pub before: String,
    /// JSON text of the record after the write (empty for a delete).
    pub after: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// The SHA-256 (hex) over every field but `hash`, each length-prefixed so no two
    /// different entries can serialise alike.
    pub fn compute_hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.seq.to_string());
        for field in [
            &self.at,
            &self.actor,
            &self.action,
            &self.entity,
            &self.entity_id,
            &self.before,
            &self.after,
            &self.prev_hash,
        ] {
            hasher.update(b"\x1f");
            hasher.update(field.len().to_string());
            hasher.update(b":");
            hasher.update(field.as_bytes());
        }
        hex::encode(hasher.finalize())
    }
}

/// 断链 — where and why a chain stopped verifying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

/// Checks entries one at a time in stored order, so a chain of any length verifies in
/// bounded memory.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            expected_seq: 1,
            prev: GENESIS_HASH.to_owned(),
        }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        let fail = |reason: String| ChainBreak {
            seq: entry.seq,
            reason,
        };
        if entry.seq != self.expected_seq {
            return Err(ChainBreak {
                seq: self.expected_seq,
                reason: format!(
                    "记录缺失:下一条应为第 {} 条,实为第 {} 条(有记录被删除)",
                    self.expected_seq, entry.seq
                ),
            });
        }
        if entry.prev_hash != self.prev {
            return Err(fail("前一条的散列不符(前一条被修改或删除)".into()));
        }
        if entry.compute_hash() != entry.hash {
            return Err(fail("内容与散列不符(本条被修改)".into()));
        }
        self.prev.clone_from(&entry.hash);
        self.expected_seq += 1;
        Ok(())
    }

    /// Ends the check against the (seq, hash) the store recorded as the chain's end, which
    /// catches deletion of the last entries. Returns the number of intact entries.
    pub fn finish(self, head: Option<(i64, String)>) -> Result<i64, ChainBreak> {
        let last = self.expected_seq - 1;
        if let Some((head_seq, head_hash)) = head
            && (head_seq != last || (last > 0 && head_hash != self.prev))
        {
            return Err(ChainBreak {
                seq: last + 1,
                reason: format!(
                    "链尾应为第 {head_seq} 条,实际只核验到第 {last} 条(末尾记录被删除或链尾被改)"
                ),
            });
        }
        Ok(last)
    }
}

/// Verifies entries given in stored order (see [`ChainVerifier`]).
pub fn verify_chain(
    entries: impl IntoIterator<Item = AuditEntry>,
    head: Option<(i64, String)>,
) -> Result<i64, ChainBreak> {
    let mut verifier = ChainVerifier::default();
    for entry in entries {
        verifier.push(&entry)?;
    }
    verifier.finish(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    seq,
                    at: "2024-01-01T00:00:00Z".into(),
                    actor: "admin".into(),
                    action: "create".into(),
                    entity: "org_unit".into(),
                    entity_id: seq.to_string(),
                    before: String::new(),
                    after: format!("{{\"n\":{seq}}}"),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.compute_hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        let head = (5, c[4].hash.clone());
        assert_eq!(verify_chain(c, Some(head)), Ok(5));
        assert_eq!(verify_chain(Vec::new(), Some((0, String::new()))), Ok(0));
    }

    #[test]
    fn edited_entry_is_named() {
        let mut c = chain(5);
        c[2].after = "{\"n\":99}".into();
        let head = (5, c[4].hash.clone());
        assert_eq!(verify_chain(c, Some(head)).unwrap_err().seq, 3);
    }

    #[test]
    fn deleted_middle_and_tail_entries_are_found() {
        let mut c = chain(5);
        let head = (5, c[4].hash.clone());
        c.remove(1);
        assert_eq!(
            verify_chain(c.clone(), Some(head.clone())).unwrap_err().seq,
            2
        );
        let mut c = chain(5);
        c.pop();
        assert_eq!(verify_chain(c, Some(head)).unwrap_err().seq, 5);
    }

    #[test]
    fn field_boundaries_matter() {
        let mut a = chain(1).remove(0);
        let mut b = a.clone();
        a.actor = "ab".into();
        a.action = "c".into();
        b.actor = "a".into();
        b.action = "bc".into();
        assert_ne!(a.compute_hash(), b.compute_hash());
    }
}
