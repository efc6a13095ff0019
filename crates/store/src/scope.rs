//! 数据范围 — the typed handle through which every read and write passes. A `ScopedStore`
//! carries one principal; its queries bind the principal's scope as parameters of a fixed
//! recursive CTE, so no caller can widen it and no SQL text is ever spliced from input.

use fazhi_domain::account::{Principal, ScopeKind};

use crate::StoreError;
use crate::audit::{self, AuditFilter, AuditRow};
use crate::db::Db;

/// `scope_ids`: the org ids inside the scope rooted at `$1` — the root alone, or with
/// `$2 = 'subtree'` the root and everything currently below it. Used with [`IN_SCOPE`].
pub(crate) const SCOPE_CTE: &str = "WITH RECURSIVE scope_ids(id) AS ( \
    SELECT CAST($1 AS BIGINT) \
    UNION SELECT v.org_id FROM org_version v JOIN scope_ids s ON v.parent_id = s.id \
    WHERE v.valid_to IS NULL AND $2 = 'subtree')";

/// True for rows whose org `u.id` lies in the scope (`$2 = 'all'` admits everything).
pub(crate) const IN_SCOPE: &str = "($2 = 'all' OR u.id IN (SELECT id FROM scope_ids))";

/// A view of the store limited to one principal's data scope and role.
#[derive(Debug, Clone)]
pub struct ScopedStore {
    pub(crate) db: Db,
    pub(crate) engine: crate::SharedEngine,
    principal: Principal,
    pub(crate) indicator_cache: crate::indicators::IndicatorCache,
}

impl ScopedStore {
    pub(crate) async fn new(
        db: Db,
        engine: crate::SharedEngine,
        principal: Principal,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            db,
            engine,
            principal,
            indicator_cache: Default::default(),
        })
    }

    pub(crate) fn system(db: Db, engine: crate::SharedEngine, principal: Principal) -> Self {
        Self {
            db,
            engine,
            principal,
            indicator_cache: Default::default(),
        }
    }

    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// The two bound parameters of [`SCOPE_CTE`]/[`IN_SCOPE`]: root org id and scope kind.
    pub(crate) fn scope_params(&self) -> (i64, &'static str) {
        (self.principal.org_id.get(), self.principal.scope.as_str())
    }

    pub(crate) fn sees_everything(&self) -> bool {
        self.principal.scope == ScopeKind::All
    }

    pub(crate) fn require(&self, allowed: bool, action: &str) -> Result<(), StoreError> {
        if allowed {
            Ok(())
        } else {
            Err(StoreError::Forbidden(format!(
                "您的角色「{}」无权{action}",
                self.principal.role.label()
            )))
        }
    }

    /// 审计日志 — entries filtered by entity and user (admin and office only), limited to
    /// entries about units in the reader's scope.
    pub async fn list_audit(
        &self,
        filter: &AuditFilter,
    ) -> Result<(i64, Vec<AuditRow>), StoreError> {
        self.require(self.principal.role.can_read_audit(), "查看审计日志")?;
        audit::list(&self.db, self.scope_params(), filter).await
    }

    /// Where an entry written by this principal about its own doings belongs (logins,
    /// password changes, import batches): the principal's unit.
    pub(crate) fn own_place(&self, region: Option<String>) -> crate::audit::AuditPlace {
        crate::audit::AuditPlace {
            region,
            org_id: Some(self.principal.org_id.get()).filter(|id| *id > 0),
        }
    }
}
