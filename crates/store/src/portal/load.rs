//! Reading the 双公示 register into public decisions: published rows, judged by the publicity
//! rules (which alone decide what a withdrawal or a period means) and masked before they leave
//! this file.

use chrono::NaiveDate;
use fazhi_domain::publicity_period::{PublicationFacts, PublicityRules, Severity};
use fazhi_domain::register::publicity::PARTY_CATEGORIES;

use super::Fingerprint;
use super::index::{DecisionKind, PublicDecision};
use crate::db::on_db;
use crate::{Db, StoreError};

/// The table's state: rows, highest id, latest change (and the day, which ends periods).
pub(super) async fn fingerprint(db: &Db, today: NaiveDate) -> Result<Fingerprint, StoreError> {
    let sql = "SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(MAX(updated_at), '') \
               FROM publicity_record";
    let (rows, last, changed): (i64, i64, String) = on_db!(db, pool => {
        sqlx::query_as(sql).fetch_one(pool).await?
    });
    Ok((rows, last, changed, today))
}

/// A row as read: only the columns a rule or a public page needs.
#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    decision_no: String,
    party_name: String,
    party_category: String,
    party_id: Option<String>,
    legal_rep: Option<String>,
    category: Option<String>,
    content: String,
    amount: Option<i64>,
    decision_date: NaiveDate,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    publicity_end: Option<NaiveDate>,
    deciding_org_credit_code: Option<String>,
    data_source: Option<String>,
    published_date: NaiveDate,
    withdrawn_date: Option<NaiveDate>,
    severity: Option<String>,
    procedure: Option<String>,
    org_code: String,
    org_name: String,
}

const SELECT: &str = "SELECT r.id, r.kind, r.decision_no, r.party_name, r.party_category, \
    r.party_id, r.legal_rep, r.category, r.content, r.amount, r.decision_date, r.valid_from, \
    r.valid_to, r.publicity_end, r.deciding_org_credit_code, r.data_source, r.published_date, \
    r.withdrawn_date, r.severity, r.procedure, u.code AS org_code, v.name AS org_name \
    FROM publicity_record r JOIN org_unit u ON u.id = r.org_id \
    JOIN org_version v ON v.org_id = r.org_id AND v.valid_to IS NULL \
    WHERE r.published_date IS NOT NULL";

/// Every decision public on `today`.
pub(super) async fn public_decisions(
    db: &Db,
    today: NaiveDate,
) -> Result<Vec<PublicDecision>, StoreError> {
    let rows: Vec<Row> = on_db!(db, pool => {
        sqlx::query_as(SELECT).fetch_all(pool).await?
    });
    let rules = PublicityRules::embedded();
    Ok(rows
        .into_iter()
        .filter_map(|row| public(row, rules, today))
        .collect())
}

/// The row as the public sees it, or `None` when it is not public today.
fn public(row: Row, rules: &PublicityRules, today: NaiveDate) -> Option<PublicDecision> {
    let kind = DecisionKind::from_code(&row.kind)?;
    let category = row.category.unwrap_or_default();
    let facts = PublicationFacts {
        penalty: kind == DecisionKind::Penalty,
        decision_date: Some(row.decision_date),
        published_date: Some(row.published_date),
        withdrawn_date: row.withdrawn_date,
        stated_end: row.publicity_end,
        severity: row.severity.as_deref().and_then(Severity::from_code),
        simple_procedure: row.procedure.as_deref() == Some("simple"),
        warning_only: category.trim() == "警告",
    };
    let seen = rules.visibility(&facts, today).ok()?;
    let person = row.party_category == "natural_person";
    let party_code = match row.party_id {
        Some(id) if person => rules.mask_id(&id),
        Some(id) => id,
        None => String::new(),
    };
    Some(PublicDecision {
        id: row.id,
        kind,
        decision_no: row.decision_no,
        party_name: row.party_name,
        party_category: PARTY_CATEGORIES
            .iter()
            .find(|o| o.code == row.party_category)
            .map_or("", |o| o.label),
        party_code,
        legal_rep: if person {
            String::new()
        } else {
            row.legal_rep.unwrap_or_default()
        },
        category,
        content: row.content,
        amount_fen: row.amount,
        decision_date: row.decision_date,
        valid_from: row.valid_from,
        valid_to: row.valid_to,
        public_until: seen.until,
        published_date: row.published_date,
        org_code: row.org_code,
        org_name: row.org_name,
        org_credit_code: row.deciding_org_credit_code.unwrap_or_default(),
        data_source: row.data_source.unwrap_or_default(),
    })
}
