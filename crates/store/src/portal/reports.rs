//! 已发布的年度报告 — the snapshot of a report taken when it is published (发布, the last step
//! of the reporting workflow): its HTML body and Word file, dated by the publication. The public
//! reads the snapshot, so a report does not change after publication when the data behind it
//! does; 取消审核 removes it.

use chrono::NaiveDate;
use fazhi_report::Rendered;
use fazhi_review::{DataSet, ReportText};
use sha2::{Digest, Sha256};

use crate::db::on_db;
use crate::{Db, ScopedStore, StoreError};

/// A published report, as listed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PublishedReportRow {
    pub id: i64,
    pub org_code: String,
    pub org_name: String,
    pub data_set: String,
    pub year: i32,
    pub published_on: String,
    pub title: String,
}

/// A published report with its content.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublishedReport {
    pub id: i64,
    pub org_code: String,
    pub org_name: String,
    pub year: i32,
    pub published_on: String,
    pub title: String,
    /// The report's body (a fragment: no links into the clerk pages).
    pub html: String,
    pub docx: Vec<u8>,
    /// A strong validator of the content.
    pub etag: String,
}

/// A report rendered for publication.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub title: String,
    pub html: String,
    pub docx: Vec<u8>,
    pub etag: String,
}

/// Drafts and renders the report of `set` for the unit and year, dated `published_on`.
/// A 政府信息公开年报 that fails the format's check is not published.
pub(crate) async fn render_snapshot(
    store: &ScopedStore,
    set: &DataSet,
    org_code: &str,
    year: i32,
    published_on: NaiveDate,
) -> Result<Snapshot, StoreError> {
    let mut report = match set.text {
        ReportText::LawBasedGovernment => {
            store
                .draft_annual_report(org_code, year, fazhi_report::LargeCounts::Exact)
                .await?
                .report
        }
        ReportText::Disclosure => {
            let drafted = store.draft_disclosure_report(org_code, year).await?;
            if !drafted.problems.is_empty() {
                return Err(StoreError::Conflict(format!(
                    "年度报告表格未通过格式校验,不能发布:{}",
                    drafted.problems.join(";")
                )));
            }
            drafted.report
        }
    };
    report.date = published_on.format("%Y年%-m月%-d日").to_string();
    let no_link = |_: &str| String::new();
    let html = fazhi_report::to_html_fragment(&report, &no_link);
    let docx = match Rendered::new(&report, "docx", &no_link) {
        Some(Ok(file)) => file.bytes,
        Some(Err(e)) => return Err(StoreError::Database(format!("报告生成失败:{e}"))),
        None => return Err(StoreError::Database("报告格式未知".into())),
    };
    let mut hash = Sha256::new();
    hash.update(html.as_bytes());
    hash.update(&docx);
    let etag = hex::encode(&hash.finalize()[..12]);
    Ok(Snapshot {
        title: report.title.clone(),
        html,
        docx,
        etag,
    })
}

/// Stores (or replaces) the snapshot inside the publishing step's transaction.
macro_rules! write_snapshot {
    ($conn:expr, $org:expr, $set:expr, $year:expr, $published_on:expr, $snapshot:expr) => {{
        let (org, snapshot): (&crate::OrgRow, &crate::portal::reports::Snapshot) =
            ($org, $snapshot);
        sqlx::query(
            "INSERT INTO published_report (region_code, org_id, data_set, year, published_on, \
             title, html, docx, etag) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (org_id, data_set, year) DO UPDATE SET published_on = $5, title = $6, \
             html = $7, docx = $8, etag = $9",
        )
        .bind(&org.region_code)
        .bind(org.id.get())
        .bind($set)
        .bind($year)
        .bind($published_on)
        .bind(&snapshot.title)
        .bind(&snapshot.html)
        .bind(&snapshot.docx)
        .bind(&snapshot.etag)
        .execute(&mut *$conn)
        .await?
    }};
}
pub(crate) use write_snapshot;

const SELECT: &str = "SELECT r.id, u.code AS org_code, v.name AS org_name, r.data_set, r.year, \
    r.published_on, r.title FROM published_report r JOIN org_unit u ON u.id = r.org_id \
    JOIN org_version v ON v.org_id = r.org_id AND v.valid_to IS NULL";

pub(super) async fn list(db: &Db) -> Result<Vec<PublishedReportRow>, StoreError> {
    let sql = format!("{SELECT} ORDER BY r.year DESC, u.code, r.data_set");
    on_db!(db, pool => {
        Ok(sqlx::query_as::<_, PublishedReportRow>(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?)
    })
}

pub(super) async fn get(db: &Db, id: i64) -> Result<Option<PublishedReport>, StoreError> {
    let sql = "SELECT r.id, u.code AS org_code, v.name AS org_name, r.year, r.published_on, \
        r.title, r.html, r.docx, r.etag FROM published_report r \
        JOIN org_unit u ON u.id = r.org_id \
        JOIN org_version v ON v.org_id = r.org_id AND v.valid_to IS NULL WHERE r.id = $1";
    on_db!(db, pool => {
        Ok(sqlx::query_as::<_, PublishedReport>(sql).bind(id).fetch_optional(pool).await?)
    })
}
