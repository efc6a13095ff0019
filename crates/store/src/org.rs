//! 组织机构 — scoped reads and audited, effective-dated writes of the org tree.

use chrono::NaiveDate;
use fazhi_domain::OrgId;
use fazhi_domain::audit::AuditAction;
use fazhi_domain::org::{NewOrgUnit, OrgCode, OrgKind, OrgUnit, check_parent, validate_name};
use fazhi_domain::{CreditCode, DomainError, RegionCode};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::audit::{AuditPlace, audit_append};
use crate::db::{in_tx, on_db};
use crate::scope::{IN_SCOPE, SCOPE_CTE};
use crate::{ScopedStore, StoreError};

const ENTITY: &str = "org_unit";
const LABEL: &str = "机构";

/// An org unit's version as read from the store, with its parent's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct OrgRow {
    #[sqlx(try_from = "i64")]
    pub id: OrgId,
    pub code: String,
    /// 机构类别, decoded from its stored code.
    #[sqlx(try_from = "String")]
    pub kind: OrgKind,
    pub region_code: String,
    pub name: String,
    #[sqlx(try_from = "crate::ids::NullableId")]
    pub parent_id: Option<OrgId>,
    pub parent_code: Option<String>,
    pub credit_code: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl OrgRow {
    /// The domain value; rows were validated on the way in, so a failure means a corrupt row.
    pub fn to_unit(&self) -> Result<OrgUnit, StoreError> {
        let corrupt =
            |e: DomainError| StoreError::Database(format!("机构 {} 数据损坏:{e}", self.id));
        Ok(OrgUnit {
            id: self.id,
            code: OrgCode::parse(&self.code).map_err(corrupt)?,
            kind: self.kind,
            name: self.name.clone(),
            region_code: RegionCode::parse(&self.region_code).map_err(corrupt)?,
            parent_id: self.parent_id,
            credit_code: match &self.credit_code {
                Some(c) => Some(CreditCode::parse(c).map_err(corrupt)?),
                None => None,
            },
            valid_from: self.valid_from,
            valid_to: self.valid_to,
        })
    }

    pub fn kind_label(&self) -> &'static str {
        self.kind.label()
    }
}

const SELECT_ORG: &str = "SELECT u.id, u.code, u.kind, u.region_code, v.name, v.parent_id, \
    p.code AS parent_code, v.credit_code, v.valid_from, v.valid_to \
    FROM org_unit u JOIN org_version v ON v.org_id = u.id \
    LEFT JOIN org_unit p ON p.id = v.parent_id";

/// The current version of the unit with id `$1`, read inside a transaction.
macro_rules! current_version {
    ($conn:expr, $org_id:expr) => {
        sqlx::query_as::<_, OrgRow>(AssertSqlSafe(format!(
            "{SELECT_ORG} WHERE u.id = $1 AND v.valid_to IS NULL"
        )))
        .bind($org_id)
        .fetch_one(&mut *$conn)
        .await?
    };
}

/// Ends the current version of `$before` on `$date` and starts `$after` from it; a change
/// dated on the version's first day corrects that version in place instead.
macro_rules! replace_version {
    ($conn:expr, $before:expr, $after:expr, $date:expr) => {{
        let (before, after, date): (&OrgRow, &OrgRow, NaiveDate) = ($before, $after, $date);
        if date == before.valid_from {
            sqlx::query(
                "UPDATE org_version SET name = $1, parent_id = $2, credit_code = $3 \
                 WHERE org_id = $4 AND valid_to IS NULL",
            )
            .bind(&after.name)
            .bind(after.parent_id.map(|id| id.get()))
            .bind(&after.credit_code)
            .bind(before.id.get())
            .execute(&mut *$conn)
            .await?;
        } else {
            sqlx::query("UPDATE org_version SET valid_to = $1 WHERE org_id = $2 AND valid_to IS NULL")
                .bind(date)
                .bind(before.id.get())
                .execute(&mut *$conn)
                .await?;
            if after.valid_to.is_none() {
                sqlx::query(
                    "INSERT INTO org_version (region_code, org_id, name, parent_id, credit_code, valid_from) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&before.region_code)
                .bind(before.id.get())
                .bind(&after.name)
                .bind(after.parent_id.map(|id| id.get()))
                .bind(&after.credit_code)
                .bind(date)
                .execute(&mut *$conn)
                .await?;
            }
        }
    }};
}

/// What an edit changes; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct OrgChange {
    pub name: Option<String>,
    /// `Some(None)` removes the credit code.
    pub credit_code: Option<Option<String>>,
    pub parent_code: Option<String>,
}

impl ScopedStore {
    /// 机构列表 — the current units in scope, ordered by code.
    pub async fn list_orgs(&self) -> Result<Vec<OrgRow>, StoreError> {
        let sql = format!(
            "{SCOPE_CTE} {SELECT_ORG} WHERE v.valid_to IS NULL AND {IN_SCOPE} ORDER BY u.code"
        );
        let (root, scope) = self.scope_params();
        on_db!(&self.db, pool => {
            Ok(sqlx::query_as::<_, OrgRow>(AssertSqlSafe(sql)).bind(root).bind(scope).fetch_all(pool).await?)
        })
    }

    /// The tree as it stood on `date`, limited to units currently in scope.
    pub async fn list_orgs_as_of(&self, date: NaiveDate) -> Result<Vec<OrgRow>, StoreError> {
        let sql = format!(
            "{SCOPE_CTE} {SELECT_ORG} WHERE v.valid_from <= $3 \
             AND (v.valid_to IS NULL OR v.valid_to > $3) AND {IN_SCOPE} ORDER BY u.code"
        );
        let (root, scope) = self.scope_params();
        on_db!(&self.db, pool => {
            Ok(sqlx::query_as::<_, OrgRow>(AssertSqlSafe(sql)).bind(root).bind(scope).bind(date)
                .fetch_all(pool).await?)
        })
    }

    /// One current unit by code; not found when outside the scope.
    pub async fn get_org(&self, code: &str) -> Result<OrgRow, StoreError> {
        let sql = format!(
            "{SCOPE_CTE} {SELECT_ORG} WHERE v.valid_to IS NULL AND u.code = $3 AND {IN_SCOPE}"
        );
        let (root, scope) = self.scope_params();
        let row = on_db!(&self.db, pool => {
            sqlx::query_as::<_, OrgRow>(AssertSqlSafe(sql)).bind(root).bind(scope).bind(code.trim())
                .fetch_optional(pool).await?
        });
        row.ok_or_else(|| StoreError::not_found(LABEL, code.trim()))
    }

    /// Every version of a unit in scope, oldest first (also for closed units).
    pub async fn org_history(&self, code: &str) -> Result<Vec<OrgRow>, StoreError> {
        let sql = format!("{SELECT_ORG} WHERE u.code = $1 ORDER BY v.valid_from, v.id");
        let rows = on_db!(&self.db, pool => {
            sqlx::query_as::<_, OrgRow>(AssertSqlSafe(sql)).bind(code.trim()).fetch_all(pool).await?
        });
        let Some(first) = rows.first() else {
            return Err(StoreError::not_found(LABEL, code.trim()));
        };
        if !self.sees_everything() && !self.org_ids_in_scope().await?.contains(&first.id) {
            return Err(StoreError::not_found(LABEL, code.trim()));
        }
        Ok(rows)
    }

    /// The ids of every current unit in scope.
    pub async fn org_ids_in_scope(&self) -> Result<Vec<OrgId>, StoreError> {
        Ok(self.list_orgs().await?.into_iter().map(|o| o.id).collect())
    }

    /// 新增机构 — adds a unit under `parent_code` (top-level units need the whole-tree scope).
    pub async fn create_org(
        &self,
        unit: NewOrgUnit,
        parent_code: Option<&str>,
    ) -> Result<OrgRow, StoreError> {
        self.require(self.principal().role.can_manage_orgs(), "管理机构")?;
        let parent = self.resolve_parent(&unit, parent_code).await?;
        if self.org_code_taken(unit.code.as_str()).await? {
            return Err(StoreError::Conflict(format!(
                "机构代码「{}」已存在",
                unit.code
            )));
        }
        let region = unit.code.region().to_string();
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        let parent_id = parent.as_ref().map(|p| p.id);
        let credit = unit.credit_code.as_ref().map(|c| c.to_string());
        let id: i64 = in_tx!(&self.db, conn => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO org_unit (region_code, code, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&region).bind(unit.code.as_str()).bind(unit.kind.as_str()).bind(&now)
            .fetch_one(&mut *conn).await?;
            sqlx::query(
                "INSERT INTO org_version (region_code, org_id, name, parent_id, credit_code, valid_from) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&region).bind(id).bind(&unit.name).bind(parent_id.map(|id| id.get())).bind(&credit).bind(unit.valid_from)
            .execute(&mut *conn).await?;
            let after = current_version!(conn, id);
            audit_append!(conn, actor, AuditAction::Create, ENTITY, after.code, AuditPlace::new(&region, OrgId::new(id)),
                None::<&OrgRow>, Some(&after));
            Ok::<i64, StoreError>(id)
        })?;
        if parent.is_none() {
            // The first top unit names the province whose per-province rules apply.
            let mut engine = self
                .engine
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if engine.jurisdiction().is_none() {
                engine.set_jurisdiction(crate::deadline::province_of(&region));
            }
        }
        self.get_org_by_id(OrgId::new(id)).await
    }

    async fn resolve_parent(
        &self,
        unit: &NewOrgUnit,
        parent_code: Option<&str>,
    ) -> Result<Option<OrgRow>, StoreError> {
        match parent_code.map(str::trim).filter(|c| !c.is_empty()) {
            None => {
                if !self.sees_everything() {
                    return Err(StoreError::Forbidden(
                        "只有全部数据范围的管理员可以新增顶级机构".into(),
                    ));
                }
                if !unit.kind.allowed_parents().is_empty() && !matches!(unit.kind, OrgKind::City) {
                    return Err(DomainError::invalid(
                        "上级机构",
                        format!("{}必须指定上级机构", unit.kind.label()),
                    )
                    .into());
                }
                Ok(None)
            }
            Some(code) => {
                let parent = self.get_org(code).await.map_err(|e| match e {
                    StoreError::NotFound { key, .. } => StoreError::not_found("上级机构", key),
                    other => other,
                })?;
                check_parent(unit.kind, &unit.code, &parent.to_unit()?)?;
                Ok(Some(parent))
            }
        }
    }

    async fn org_code_taken(&self, code: &str) -> Result<bool, StoreError> {
        on_db!(&self.db, pool => {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM org_unit WHERE code = $1")
                .bind(code).fetch_one(pool).await?;
            Ok(n > 0)
        })
    }

    async fn get_org_by_id(&self, id: OrgId) -> Result<OrgRow, StoreError> {
        let sql =
            format!("{SELECT_ORG} WHERE u.id = $1 ORDER BY v.valid_from DESC, v.id DESC LIMIT 1");
        on_db!(&self.db, pool => {
            Ok(sqlx::query_as::<_, OrgRow>(AssertSqlSafe(sql)).bind(id.get()).fetch_one(pool).await?)
        })
    }

    /// 变更机构 — renames, changes the credit code and/or moves a unit from `effective` on.
    pub async fn change_org(
        &self,
        code: &str,
        change: OrgChange,
        effective: NaiveDate,
    ) -> Result<OrgRow, StoreError> {
        self.require(self.principal().role.can_manage_orgs(), "管理机构")?;
        let before = self.get_org(code).await?;
        let mut after = before.clone();
        if let Some(name) = change.name {
            after.name = validate_name(&name)?;
        }
        if let Some(credit) = change.credit_code {
            after.credit_code = match credit.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                Some(text) => Some(CreditCode::parse(text)?.to_string()),
                None => None,
            };
        }
        if let Some(parent_code) = change
            .parent_code
            .filter(|c| c.trim() != before.parent_code.as_deref().unwrap_or(""))
        {
            let parent = self.checked_new_parent(&before, &parent_code).await?;
            after.parent_id = Some(parent.id);
            after.parent_code = Some(parent.code);
        }
        if after == before {
            return Ok(before);
        }
        self.write_version(&before, &after, effective, AuditAction::Update)
            .await
    }

    async fn checked_new_parent(
        &self,
        unit: &OrgRow,
        parent_code: &str,
    ) -> Result<OrgRow, StoreError> {
        let parent = self.get_org(parent_code).await.map_err(|e| match e {
            StoreError::NotFound { key, .. } => StoreError::not_found("上级机构", key),
            other => other,
        })?;
        let unit_domain = unit.to_unit()?;
        check_parent(unit_domain.kind, &unit_domain.code, &parent.to_unit()?)?;
        if self.subtree_ids(unit.id).await?.contains(&parent.id) {
            return Err(DomainError::invalid(
                "上级机构",
                format!(
                    "不能把「{}」移到它自己或其下级「{}」之下(会形成循环)",
                    unit.name, parent.name
                ),
            )
            .into());
        }
        Ok(parent)
    }

    /// Ids of `root` and everything currently below it (regardless of scope).
    async fn subtree_ids(&self, root: OrgId) -> Result<Vec<OrgId>, StoreError> {
        let sql = format!("{SCOPE_CTE} SELECT id FROM scope_ids");
        let ids = on_db!(&self.db, pool => {
            sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql)).bind(root.get()).bind("subtree").fetch_all(pool).await?
        });
        Ok(ids.into_iter().map(OrgId::new).collect())
    }

    /// 撤销机构 — closes a unit from `effective` on; it must have no current sub-units.
    pub async fn close_org(&self, code: &str, effective: NaiveDate) -> Result<OrgRow, StoreError> {
        self.require(self.principal().role.can_manage_orgs(), "管理机构")?;
        let before = self.get_org(code).await?;
        if self.subtree_ids(before.id).await?.len() > 1 {
            return Err(StoreError::Conflict(format!(
                "「{}」下还有未撤销的下级机构,请先撤销或迁移它们",
                before.name
            )));
        }
        if effective <= before.valid_from {
            return Err(DomainError::invalid(
                "撤销日期",
                format!("应晚于当前版本的生效日期 {}", before.valid_from),
            )
            .into());
        }
        let mut after = before.clone();
        after.valid_to = Some(effective);
        self.write_version(&before, &after, effective, AuditAction::Delete)
            .await
    }

    async fn write_version(
        &self,
        before: &OrgRow,
        after: &OrgRow,
        effective: NaiveDate,
        action: AuditAction,
    ) -> Result<OrgRow, StoreError> {
        if effective < before.valid_from {
            return Err(DomainError::invalid(
                "生效日期",
                format!("不能早于当前版本的生效日期 {}", before.valid_from),
            )
            .into());
        }
        let actor = self.principal().username.clone();
        let id = before.id;
        in_tx!(&self.db, conn => {
            replace_version!(conn, before, after, effective);
            let stored = sqlx::query_as::<_, OrgRow>(AssertSqlSafe(format!(
                "{SELECT_ORG} WHERE u.id = $1 ORDER BY v.valid_from DESC, v.id DESC LIMIT 1"
            ))).bind(id.get()).fetch_one(&mut *conn).await?;
            audit_append!(conn, actor, action, ENTITY, before.code, AuditPlace::new(&before.region_code, before.id),
                Some(before), Some(&stored));
            Ok::<(), StoreError>(())
        })?;
        self.get_org_by_id(id).await
    }
}
