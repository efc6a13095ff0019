//! 报送情况 as indicator values — the catalog's `forms` indicators (应报, 已报, 按时报送
//! 报表数; 报送率 and 报送及时率 are their rates) computed from the stored forms against the
//! data sets in effect, the org tree and the due dates on the working-day calendar. They join
//! the reported values in the indicator data, per reporting unit and month
//! ([`fazhi_review::monthly_tallies`]), so they roll up the tree like any count.

use chrono::NaiveDate;
use fazhi_catalog::{Catalog, FormCount};
use fazhi_domain::OrgId;
use fazhi_indicators::{Period, ReportedValue};
use fazhi_review::{DataSets, StoredForm, Tally, Units, monthly_tallies};

use crate::StoreError;
use crate::db::{Db, on_db};
use crate::deadline::{SharedEngine, read_engine};

/// A `submission` row: unit, data set, period, first submission, state.
type SubmissionRow = (i64, String, String, Option<String>, String);

/// The `forms` indicators' values of every reporting unit, as of `today` (Beijing).
pub(crate) async fn form_count_values(
    db: &Db,
    engine: &SharedEngine,
    catalog: &Catalog,
    sets: &DataSets,
    today: NaiveDate,
) -> Result<Vec<ReportedValue>, StoreError> {
    let keys: Vec<(&str, FormCount)> = catalog
        .indicators()
        .iter()
        .filter_map(|i| Some((i.key.as_str(), i.forms?)))
        .collect();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<SubmissionRow> = on_db!(db, pool => {
        sqlx::query_as("SELECT org_id, data_set, period, first_submitted_at, status FROM submission")
            .fetch_all(pool).await?
    });
    let forms: Vec<StoredForm> = rows
        .into_iter()
        .filter_map(|(org_id, data_set, period, first, status)| {
            Some(StoredForm {
                org_id: OrgId::new(org_id),
                data_set,
                period: Period::parse(&period).ok()?,
                first_submitted: first.as_deref().and_then(crate::clock::beijing_day),
                approved: status == "approved",
            })
        })
        .collect();
    let units = read_units(db).await?;
    let tallies = {
        let engine = read_engine(engine);
        let calendar = engine.calendar();
        monthly_tallies(sets, &units, &forms, today, |set, period| {
            set.due_date(period, calendar).ok()
        })
    };
    let mut values = Vec::with_capacity(tallies.len() * keys.len());
    for ((org_id, month), tally) in tallies {
        for &(key, count) in &keys {
            values.push(ReportedValue {
                org_id,
                period: month,
                key: key.to_owned(),
                value: f64::from(counted(tally, count)),
                qualifier: None,
            });
        }
    }
    Ok(values)
}

fn counted(tally: Tally, count: FormCount) -> u32 {
    match count {
        FormCount::Expected => tally.expected,
        FormCount::Submitted => tally.submitted,
        FormCount::OnTime => tally.on_time,
    }
}

/// The current org tree with kinds, for who reports and who reviews (the whole tree, past any
/// caller's scope).
pub(crate) async fn read_units(db: &Db) -> Result<Units, StoreError> {
    let rows: Vec<(i64, Option<i64>, String, String, String)> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT u.id, v.parent_id, u.kind, u.code, v.name FROM org_unit u \
             JOIN org_version v ON v.org_id = u.id AND v.valid_to IS NULL ORDER BY u.code",
        )
        .fetch_all(pool).await?
    });
    let units = rows
        .into_iter()
        .filter_map(|(id, parent, kind, code, name)| {
            Some(fazhi_review::Unit {
                id: OrgId::new(id),
                parent: parent.map(OrgId::new),
                kind: fazhi_domain::org::OrgKind::parse(&kind).ok()?,
                code,
                name,
            })
        })
        .collect();
    Ok(Units::new(units))
}
