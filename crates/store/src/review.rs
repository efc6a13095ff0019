//! 报表审核 — the data set definitions in effect, and each unit's form (one per data set and
//! period) with its state in the 填报 → 审核 → 退回/锁定 flow (table `submission`). The steps
//! are in `review_step.rs`; the lock on values is enforced where values are written
//! (`reported.rs`, through [`locked_forms`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use fazhi_catalog::Catalog;
use fazhi_domain::OrgId;
use fazhi_domain::account::Role;
use fazhi_domain::audit::AuditAction;
use fazhi_indicators::Period;
use fazhi_review::{DataSet, DataSets, Status, Units};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::db::{in_tx, on_db};
use crate::deadline::read_engine;
use crate::import::ImportConn;
use crate::scope::{IN_SCOPE, SCOPE_CTE};
use crate::{ScopedStore, StoreError};

/// One unit's form for a data set and period, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct FormRow {
    pub org_id: i64,
    pub org_code: String,
    pub org_name: String,
    pub data_set: String,
    pub period: String,
    /// `draft`, `submitted`, `returned` or `approved`.
    pub status: String,
    pub first_submitted_at: Option<String>,
    pub submitted_at: Option<String>,
    pub submitted_by: Option<String>,
    /// 说明 — the unit's comment on the warnings it submitted with.
    pub comment: Option<String>,
    pub reviewed_at: Option<String>,
    pub reviewed_by: Option<String>,
    /// 退回 or 取消审核 reason.
    pub reason: Option<String>,
    /// 发布日期 of an accepted annual report.
    pub published_at: Option<String>,
    pub updated_at: String,
}

impl FormRow {
    pub fn status(&self) -> Option<Status> {
        Status::parse(&self.status)
    }

    /// The day of the first submission (Beijing time), for timeliness.
    pub fn first_submitted_day(&self) -> Option<NaiveDate> {
        self.first_submitted_at
            .as_deref()
            .and_then(crate::clock::beijing_day)
    }
}

pub(crate) const SELECT_FORM: &str = "SELECT s.org_id, u.code AS org_code, v.name AS org_name, \
    s.data_set, s.period, s.status, s.first_submitted_at, s.submitted_at, s.submitted_by, \
    s.comment, s.reviewed_at, s.reviewed_by, s.reason, s.published_at, s.updated_at \
    FROM submission s JOIN org_unit u ON u.id = s.org_id \
    JOIN org_version v ON v.org_id = u.id AND v.valid_to IS NULL";

/// The definitions in effect and when they were saved.
#[derive(Debug, Clone)]
pub struct DataSetText {
    pub body: String,
    /// `None`: the shipped definitions (never replaced).
    pub saved: Option<(String, String)>,
}

pub(crate) fn catalog() -> Result<&'static Catalog, StoreError> {
    Catalog::embedded().map_err(|e| StoreError::Database(e.to_string()))
}

impl ScopedStore {
    /// 报表定义 — the text in effect: the latest saved, else the shipped file.
    pub async fn data_set_text(&self) -> Result<DataSetText, StoreError> {
        let row: Option<(String, String, String)> = on_db!(&self.db, pool => {
            sqlx::query_as("SELECT body, saved_at, saved_by FROM data_set_definition ORDER BY id DESC LIMIT 1")
                .fetch_optional(pool).await?
        });
        Ok(match row {
            Some((body, at, by)) => DataSetText {
                body,
                saved: Some((at, by)),
            },
            None => DataSetText {
                body: fazhi_review::dataset::SHIPPED.to_owned(),
                saved: None,
            },
        })
    }

    /// The data sets in effect.
    pub async fn data_sets(&self) -> Result<DataSets, StoreError> {
        let text = self.data_set_text().await?;
        DataSets::from_toml(&text.body, catalog()?)
            .map_err(|e| StoreError::Database(format!("报表定义无法读取:{e}")))
    }

    /// 保存报表定义 — the city office (or the administrator) of the whole tree replaces the
    /// definitions; they are checked first and every problem is listed. Audited with the text
    /// they replace.
    pub async fn save_data_sets(&self, body: &str) -> Result<DataSets, StoreError> {
        let role = self.principal().role;
        self.require(
            matches!(role, Role::Admin | Role::Office) && self.sees_everything(),
            "修改报表定义(须为全市范围的依法治市办或系统管理员)",
        )?;
        let sets = DataSets::from_toml(body, catalog()?)
            .map_err(|e| StoreError::Conflict(e.to_string()))?;
        let before = self.data_set_text().await?;
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        let place = self.own_place(None);
        in_tx!(&self.db, conn => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO data_set_definition (body, saved_at, saved_by) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(body).bind(&now).bind(&actor)
            .fetch_one(&mut *conn).await?;
            conn.bump_generation("reported_value").await?;
            conn.audit_entry(
                &actor,
                AuditAction::Update,
                ("data_set_definition", &id.to_string()),
                place.clone(),
                Some(&serde_json::json!({"body": before.body})),
                &serde_json::json!({"body": body}),
            )
            .await?;
            Ok::<(), StoreError>(())
        })?;
        Ok(sets)
    }

    /// The current org tree with kinds, for who reports and who reviews. It reads past the
    /// caller's scope (a county's reviewer is the city above it): callers show no more of it
    /// than the reviewing unit's name.
    pub async fn review_units(&self) -> Result<Units, StoreError> {
        crate::form_counts::read_units(&self.db).await
    }

    /// The stored forms of units in scope, of one data set (all when `None`) and one period
    /// (all when `None`), by unit code.
    pub async fn list_forms(
        &self,
        data_set: Option<&str>,
        period: Option<&str>,
    ) -> Result<Vec<FormRow>, StoreError> {
        let sql = format!(
            "{SCOPE_CTE} {SELECT_FORM} WHERE {IN_SCOPE} AND ($3 IS NULL OR s.data_set = $3) \
             AND ($4 IS NULL OR s.period = $4) ORDER BY u.code, s.data_set, s.period"
        );
        let (root, scope) = self.scope_params();
        on_db!(&self.db, pool => {
            Ok(sqlx::query_as::<_, FormRow>(AssertSqlSafe(sql))
                .bind(root).bind(scope).bind(data_set).bind(period)
                .fetch_all(pool).await?)
        })
    }

    /// 待办 counted for the navigation, as the home page lists them: the returned forms of the
    /// caller's own unit, and — for an office or administrator — the submitted forms whose
    /// reviewing unit lies in the caller's scope. The forms to fill by a due date are listed on
    /// the home page only (they need the calendar for every period).
    pub async fn forms_waiting(&self) -> Result<i64, StoreError> {
        let p = self.principal();
        let submitted_sql = format!(
            "{SCOPE_CTE} SELECT s.org_id, s.data_set FROM submission s \
             JOIN org_unit u ON u.id = s.org_id WHERE {IN_SCOPE} AND s.status = 'submitted'"
        );
        let reviews = matches!(p.role, Role::Admin | Role::Office);
        let (root, scope) = self.scope_params();
        let (returned, submitted): (i64, Vec<(i64, String)>) = on_db!(&self.db, pool => {
            let returned = sqlx::query_scalar(
                "SELECT COUNT(*) FROM submission WHERE status = 'returned' AND org_id = $1",
            )
            .bind(p.org_id.get()).fetch_one(pool).await?;
            let submitted = if reviews {
                sqlx::query_as(AssertSqlSafe(submitted_sql))
                    .bind(root).bind(scope).fetch_all(pool).await?
            } else {
                Vec::new()
            };
            (returned, submitted)
        });
        if submitted.is_empty() {
            return Ok(returned);
        }
        let (sets, units) = (self.data_sets().await?, self.review_units().await?);
        let in_scope: std::collections::HashSet<OrgId> =
            self.org_ids_in_scope().await?.into_iter().collect();
        let to_review = submitted
            .iter()
            .filter(|(org, set)| {
                sets.get(set)
                    .is_some_and(|set| in_scope.contains(&units.reviewer(set, OrgId::new(*org))))
            })
            .count();
        Ok(returned + i64::try_from(to_review).unwrap_or(i64::MAX))
    }

    /// 截止日期 of a form on the statutory calendar; `None` when the calendar does not cover
    /// it yet.
    pub fn form_due_date(&self, set: &DataSet, period: Period) -> Option<NaiveDate> {
        set.due_date(period, read_engine(&self.engine).calendar())
            .ok()
    }

    /// The values of a unit (in scope) for a period, by key.
    pub async fn form_values(
        &self,
        org_code: &str,
        period: &str,
    ) -> Result<HashMap<String, f64>, StoreError> {
        Ok(self
            .list_reported_values(Some(org_code), Some(period))
            .await?
            .into_iter()
            .map(|v| (v.indicator_key, v.value))
            .collect())
    }
}

/// The forms that lock values being written: for each `(unit, period, key)`, the state of the
/// unit's form of the key's data set for that period type, when it is submitted or approved;
/// and every key written at a period type its data sets do not use.
pub(crate) enum Lock {
    /// 已上报 or 已审核: the form's name and state.
    Locked { set: String, status: Status },
    /// The key is reported in data sets, none of this period type: their names and periods.
    WrongPeriod(String),
}

/// Why a value cannot be written now, if it cannot: `status_of` gives the stored state of a
/// unit's form (`(unit, data set, period)`).
pub(crate) fn lock_of(
    sets: &DataSets,
    key: &str,
    period: Period,
    status_of: impl Fn(&str) -> Option<Status>,
) -> Option<Lock> {
    match sets.of_key(key, period.grain()) {
        Some(set) => {
            let status = status_of(&set.code)?;
            (!status.is_editable()).then(|| Lock::Locked {
                set: set.name.clone(),
                status,
            })
        }
        None => {
            let forms: Vec<String> = sets
                .all_of_key(key)
                .map(|s| format!("《{}》({})", s.name, fazhi_review::grain_label(s.grain)))
                .collect();
            (!forms.is_empty()).then(|| Lock::WrongPeriod(forms.join("、")))
        }
    }
}

impl Lock {
    /// The problem's message, in Chinese.
    pub(crate) fn message(&self) -> String {
        match self {
            Lock::Locked { set, status } => match status {
                Status::Approved => {
                    format!("《{set}》已审核锁定,不能修改;如需修改须由审核单位取消审核")
                }
                _ => format!("《{set}》已上报待审核,不能修改;如需修改请先撤回"),
            },
            Lock::WrongPeriod(forms) => {
                format!("该指标通过{forms}填报,期间应与报表周期一致")
            }
        }
    }
}
