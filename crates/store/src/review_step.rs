//! 报表操作 — one step on a unit's form: 上报 (checked first), 撤回, 审核通过 (bottom-up: only
//! when every form the unit reviews is approved), 退回 and 取消审核 (with a reason). The
//! reporting unit's steps need a writing role in its scope; the review steps need the
//! office's or administrator's role with the reviewing unit in scope. Each step is one
//! transaction: the form's row, an audit entry with the state it replaces, and a 站内信.

use std::collections::HashMap;

use fazhi_domain::account::Role;
use fazhi_domain::audit::AuditAction;
use fazhi_indicators::Period;
use fazhi_review::{DataSet, Finding, Status, Step, Units, checks};
use sqlx::AssertSqlSafe;

use crate::audit::AuditPlace;
use crate::db::in_tx;
use crate::import::ImportConn;
use crate::org::OrgRow;
use crate::portal::reports::{Snapshot, render_snapshot, write_snapshot};
use crate::review::{FormRow, SELECT_FORM, catalog};
use crate::{ScopedStore, StoreError};

/// A step asked for on one unit's form.
#[derive(Debug, Clone)]
pub struct FormStep<'a> {
    pub org_code: &'a str,
    pub data_set: &'a str,
    /// Any form [`Period::parse`] reads.
    pub period: &'a str,
    pub step: Step,
    /// 退回/取消审核 reason, or the 说明 a submission with warnings needs.
    pub text: Option<&'a str>,
}

/// What a step did.
#[derive(Debug, Clone)]
pub struct StepOutcome {
    /// The form after the step (before it, when the step was not taken).
    pub form: Option<FormRow>,
    /// The submission checks' findings (a submit only).
    pub findings: Vec<Finding>,
    /// Whether the step was taken.
    pub done: bool,
    /// The submission has warnings and no 说明.
    pub needs_comment: bool,
}

/// A form's identity once checked.
struct Target {
    set: DataSet,
    period: Period,
    org: OrgRow,
    units: Units,
}

impl ScopedStore {
    /// Takes `input.step` on a form, or says why not.
    pub async fn form_step(&self, input: FormStep<'_>) -> Result<StepOutcome, StoreError> {
        let target = self.step_target(&input).await?;
        let text = input.text.map(str::trim).filter(|t| !t.is_empty());
        if input.step.needs_reason() && text.is_none() {
            return Err(StoreError::Conflict(format!(
                "请填写{}原因",
                input.step.label()
            )));
        }
        if input.step == Step::Publish {
            if !target.set.report {
                return Err(StoreError::Conflict(format!(
                    "《{}》是数据报表,只有年度报告可以发布",
                    target.set.name
                )));
            }
            let day = text.unwrap_or("");
            if !day.is_empty() && chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() {
                return Err(StoreError::Conflict(format!(
                    "发布日期「{day}」无效,应为 年-月-日,如 2025-03-28"
                )));
            }
        }
        let mut findings = Vec::new();
        if input.step == Step::Submit {
            findings = self.submission_findings(&target).await?;
            let needs_comment = checks::warns(&findings) && text.is_none();
            if checks::blocks(&findings) || needs_comment {
                let form = self.stored_form(&target).await?;
                return Ok(StepOutcome {
                    form,
                    findings,
                    done: false,
                    needs_comment,
                });
            }
        }
        // The published report is rendered before the step's transaction and stored in it.
        let snapshot = match input.step {
            Step::Publish => {
                let day = match text {
                    Some(day) => chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                        .unwrap_or_else(|_| crate::clock::beijing_today()),
                    None => crate::clock::beijing_today(),
                };
                let code = target.org.code.clone();
                let year = target.period.year();
                Some(render_snapshot(self, &target.set, &code, year, day).await?)
            }
            _ => None,
        };
        let form = self
            .write_step(&target, input.step, text, snapshot.as_ref())
            .await?;
        Ok(StepOutcome {
            form: Some(form),
            findings,
            done: true,
            needs_comment: false,
        })
    }

    /// The data set, period and unit of a step, checked: the unit in scope reports the data
    /// set, the period is of its type, and the caller's role and scope allow the step.
    async fn step_target(&self, input: &FormStep<'_>) -> Result<Target, StoreError> {
        let sets = self.data_sets().await?;
        let set = sets
            .get(input.data_set)
            .cloned()
            .ok_or_else(|| StoreError::not_found("报表", input.data_set))?;
        let period =
            Period::parse(input.period).map_err(|e| StoreError::Conflict(e.to_string()))?;
        if period.grain() != set.grain {
            return Err(StoreError::Conflict(format!(
                "《{}》为{},期间「{}」不是该报表的周期",
                set.name,
                fazhi_review::grain_label(set.grain),
                period.label()
            )));
        }
        let org = self.get_org(input.org_code).await?;
        let units = self.review_units().await?;
        if !units.reports(&set, org.id) {
            return Err(StoreError::Conflict(format!(
                "「{}」不是《{}》的报送单位",
                org.name, set.name
            )));
        }
        let role = self.principal().role;
        if input.step.is_review() {
            self.require(matches!(role, Role::Admin | Role::Office), "审核报表")?;
            let reviewer = units.reviewer(&set, org.id);
            if !self.org_ids_in_scope().await?.contains(&reviewer) {
                let name = units.get(reviewer).map_or("上级单位", |u| u.name.as_str());
                return Err(StoreError::Forbidden(format!(
                    "「{}」的《{}》由「{name}」审核,不在您的审核范围内",
                    org.name, set.name
                )));
            }
        } else {
            self.require(role.can_write_records(), "填报或上报报表")?;
        }
        Ok(Target {
            set,
            period,
            org,
            units,
        })
    }

    async fn stored_form(&self, target: &Target) -> Result<Option<FormRow>, StoreError> {
        let period = target.period.to_string();
        Ok(self
            .list_forms(Some(&target.set.code), Some(&period))
            .await?
            .into_iter()
            .find(|f| f.org_id == target.org.id.get()))
    }

    /// The checks of a form's stored values against last year's; of a report, that it is
    /// written.
    async fn submission_findings(&self, target: &Target) -> Result<Vec<Finding>, StoreError> {
        let code = &target.org.code;
        if target.set.report {
            let written = self.report_narratives(code, target.period.year()).await?;
            let text = target.set.text;
            return Ok(
                if written
                    .iter()
                    .any(|(slot, b)| text.owns_slot(slot) && !b.trim().is_empty())
                {
                    Vec::new()
                } else {
                    vec![Finding {
                        key: String::new(),
                        severity: fazhi_review::Severity::Block,
                        message: format!(
                            "「{}」{}的{}尚未撰写:请先在「{}」页面填写并保存报告文字",
                            target.org.name,
                            target.period.label(),
                            target.set.name,
                            text.page_label()
                        ),
                    }]
                },
            );
        }
        let now = self.form_values(code, &target.period.to_string()).await?;
        let last = self
            .form_values(code, &target.period.previous_year().to_string())
            .await?;
        Ok(fazhi_review::check_form(
            catalog()?,
            &target.set,
            &now,
            &last,
        ))
    }

    /// The step's transaction.
    async fn write_step(
        &self,
        target: &Target,
        step: Step,
        text: Option<&str>,
        snapshot: Option<&Snapshot>,
    ) -> Result<FormRow, StoreError> {
        let org_id = target.org.id.get();
        let set_code = target.set.code.as_str();
        let period = target.period.to_string();
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        let is_postgres = self.db.backend() == crate::Backend::Postgres;
        let place = AuditPlace::new(&target.org.region_code, target.org.id);
        let message = step_message(target, step);
        let reviewer = target.units.reviewer(&target.set, target.org.id).get();
        let reviewer_name = target
            .units
            .get(fazhi_domain::OrgId::new(reviewer))
            .map_or_else(String::new, |u| u.name.clone());
        let reviewed: Vec<(i64, String)> = target
            .units
            .reviewed_by(&target.set, target.org.id)
            .map(|u| (u.id.get(), u.name.clone()))
            .collect();
        let select =
            format!("{SELECT_FORM} WHERE s.org_id = $1 AND s.data_set = $2 AND s.period = $3");
        in_tx!(&self.db, conn => {
            if is_postgres {
                sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(org_id).execute(&mut *conn).await?;
            }
            let before: Option<FormRow> = sqlx::query_as(AssertSqlSafe(select.clone()))
                .bind(org_id).bind(set_code).bind(&period)
                .fetch_optional(&mut *conn).await?;
            let status = fazhi_review::next(before.as_ref().and_then(FormRow::status), step)
                .map_err(|e| StoreError::Conflict(e.to_string()))?;
            if step == Step::Approve && !reviewed.is_empty() {
                let states: HashMap<i64, String> = sqlx::query_as::<_, (i64, String)>(
                    "SELECT org_id, status FROM submission WHERE data_set = $1 AND period = $2",
                )
                .bind(set_code).bind(&period)
                .fetch_all(&mut *conn).await?
                .into_iter().collect();
                let pending: Vec<&str> = reviewed.iter()
                    .filter(|(id, _)| states.get(id).map(String::as_str) != Some(Status::Approved.as_str()))
                    .map(|(_, name)| name.as_str())
                    .collect();
                if !pending.is_empty() {
                    return Err(StoreError::Conflict(format!(
                        "下级单位的报表尚未全部审核通过,不能审核本单位:{}(共{}个)",
                        pending.iter().take(5).copied().collect::<Vec<_>>().join("、"),
                        pending.len()
                    )));
                }
            }
            // Top-down for unapprove: a form under an approved form stays approved until the
            // form above is unapproved first (approval is bottom-up, so its reverse is too).
            if step == Step::Unapprove && reviewer != org_id {
                let above: Option<String> = sqlx::query_scalar(
                    "SELECT status FROM submission WHERE org_id = $1 AND data_set = $2 AND period = $3",
                )
                .bind(reviewer).bind(set_code).bind(&period)
                .fetch_optional(&mut *conn).await?;
                if above.as_deref() == Some(Status::Approved.as_str()) {
                    return Err(StoreError::Conflict(format!(
                        "审核单位「{reviewer_name}」本级的报表已审核通过,须先取消其审核,才能取消下级单位的审核"
                    )));
                }
            }
            let fields = StepFields::of(step, text, &actor, &now);
            sqlx::query(
                "INSERT INTO submission (region_code, org_id, data_set, period, status, first_submitted_at, \
                 submitted_at, submitted_by, comment, reviewed_at, reviewed_by, reason, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (org_id, data_set, period) DO UPDATE SET status = $5, \
                 first_submitted_at = COALESCE(submission.first_submitted_at, $6), \
                 submitted_at = COALESCE($6, submission.submitted_at), \
                 submitted_by = COALESCE($7, submission.submitted_by), \
                 comment = CASE WHEN $6 IS NULL THEN submission.comment ELSE $8 END, \
                 reviewed_at = COALESCE($9, submission.reviewed_at), \
                 reviewed_by = COALESCE($10, submission.reviewed_by), \
                 reason = CASE WHEN $13 THEN $11 ELSE submission.reason END, \
                 published_at = CASE WHEN $15 THEN $14 ELSE submission.published_at END, \
                 updated_at = $12",
            )
            .bind(&target.org.region_code).bind(org_id).bind(set_code).bind(&period)
            .bind(status.as_str()).bind(fields.submitted_at).bind(fields.submitted_by)
            .bind(fields.comment).bind(fields.reviewed_at).bind(fields.reviewed_by)
            .bind(fields.reason).bind(&now).bind(!matches!(step, Step::Withdraw | Step::Publish))
            .bind(fields.published.clone()).bind(matches!(step, Step::Publish | Step::Unapprove))
            .execute(&mut *conn).await?;
            let year = target.period.year();
            if let (Some(snapshot), Some(day)) = (snapshot, fields.published.as_deref()) {
                write_snapshot!(conn, &target.org, set_code, year, day, snapshot);
            }
            if step == Step::Unapprove {
                sqlx::query("DELETE FROM published_report WHERE org_id = $1 AND data_set = $2 AND year = $3")
                    .bind(org_id).bind(set_code).bind(year)
                    .execute(&mut *conn).await?;
            }
            // Approval decides which values count; a first submission counts in 报送情况.
            if matches!(step, Step::Submit | Step::Approve | Step::Unapprove) {
                conn.bump_generation("reported_value").await?;
            }
            if let Some((to_reviewer, subject, link)) = &message {
                let to = if *to_reviewer { reviewer } else { org_id };
                sqlx::query(
                    "INSERT INTO message (region_code, org_id, subject, body, link, created_at) \
                     SELECT region_code, id, $2, $3, $4, $5 FROM org_unit WHERE id = $1",
                )
                .bind(to).bind(subject).bind(text.unwrap_or("")).bind(link).bind(&now)
                .execute(&mut *conn).await?;
            }
            let after: FormRow = sqlx::query_as(AssertSqlSafe(select.clone()))
                .bind(org_id).bind(set_code).bind(&period)
                .fetch_one(&mut *conn).await?;
            conn.audit_entry(
                &actor,
                if before.is_some() { AuditAction::Update } else { AuditAction::Create },
                ("submission", &format!("{org_id}/{set_code}/{period}")),
                place.clone(),
                before.as_ref().map(audit_image).as_ref(),
                &serde_json::json!({"step": step.as_str(), "form": audit_image(&after),
                    "published_report": snapshot.map(|s| &s.etag)}),
            )
            .await?;
            Ok::<FormRow, StoreError>(after)
        })
    }
}

/// The columns a step sets (`None` keeps the stored value; see the upsert).
struct StepFields<'a> {
    submitted_at: Option<&'a str>,
    submitted_by: Option<&'a str>,
    comment: Option<&'a str>,
    reviewed_at: Option<&'a str>,
    reviewed_by: Option<&'a str>,
    reason: Option<&'a str>,
    /// 发布日期 (a publish step; `None` on an unapprove clears it).
    published: Option<String>,
}

impl<'a> StepFields<'a> {
    fn of(step: Step, text: Option<&'a str>, actor: &'a str, now: &'a str) -> Self {
        let submit = step == Step::Submit;
        let review = matches!(step, Step::Approve | Step::Return | Step::Unapprove);
        StepFields {
            submitted_at: submit.then_some(now),
            submitted_by: submit.then_some(actor),
            comment: if submit { text } else { None },
            reviewed_at: review.then_some(now),
            reviewed_by: review.then_some(actor),
            reason: if step.needs_reason() { text } else { None },
            published: (step == Step::Publish).then(|| match text {
                Some(day) if !day.is_empty() => day.to_owned(),
                _ => crate::clock::beijing_today().to_string(),
            }),
        }
    }
}

/// What the audit keeps of a form.
fn audit_image(form: &FormRow) -> serde_json::Value {
    serde_json::json!({
        "org": form.org_code, "data_set": form.data_set, "period": form.period,
        "status": form.status, "comment": form.comment, "reason": form.reason,
        "published_at": form.published_at,
        "submitted_by": form.submitted_by, "reviewed_by": form.reviewed_by,
    })
}

/// The 站内信 a step writes: (to the reviewing unit?, subject, link).
fn step_message(target: &Target, step: Step) -> Option<(bool, String, String)> {
    let what = format!("《{}》{}", target.set.name, target.period.label());
    let unit = &target.org.name;
    let form_link = format!(
        "/forms/{}/{}?org={}",
        target.set.code, target.period, target.org.code
    );
    let review_link = format!("/review?set={}&period={}", target.set.code, target.period);
    match step {
        Step::Submit => Some((true, format!("「{unit}」已上报{what},请审核"), review_link)),
        Step::Return => Some((false, format!("{what}被退回,请修改后重新上报"), form_link)),
        Step::Approve => Some((false, format!("{what}已审核通过"), form_link)),
        Step::Unapprove => Some((
            false,
            format!("{what}已取消审核,请修改后重新上报"),
            form_link,
        )),
        Step::Publish => Some((false, format!("{what}已发布"), form_link)),
        Step::Save | Step::Withdraw => None,
    }
}
