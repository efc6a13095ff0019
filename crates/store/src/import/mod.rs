//! 批量导入 — writes a stream of parsed register rows in one transaction: the same stored
//! result as [`ScopedStore::create_record`] / [`ScopedStore::update_record`] row by row
//! (natural keys generated as `<org>-<year>-<seq>`, statutory clocks in `deadline`, link and
//! certificate checks, scope), but with multi-row INSERTs, one `data_generation` bump and one
//! audit entry for the whole batch.
//!
//! The rows arrive in chunks through a bounded channel while the file is still being read, so
//! memory stays bounded. Every row is checked; after the first problem nothing more is written
//! but checking goes on, so the clerk sees every problem at once, and the transaction is rolled
//! back: a file is imported whole or not at all. Records whose natural key already exists are
//! updated when their values differ and counted as unchanged otherwise.

//!
//! One job per module: [`rows`] the rows and the outcome, [`check`] the checks that need no
//! database, [`plan`] the checks on the connection and the sorting into inserts and updates,
//! [`sql`] the statements' text, [`conn`] the small trait over the two backends' connections
//! the steps are written against, [`ids`], [`indexes`] and [`copy_rows`] what differs per
//! backend (id reservation, index drop and rebuild, new rows by INSERT or `COPY`), [`writer`] the pipelined writer, [`kept_file`] the
//! uploaded file kept with the batch, [`batch`] the batch row and its audit entry,
//! [`transaction`] the transaction and SQLite's bulk settings.

mod batch;
mod check;
mod conn;
mod copy_rows;
mod ids;
mod indexes;
mod kept_file;
mod plan;
mod rows;
mod sql;
mod transaction;
mod writer;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use fazhi_domain::register::{LinkCheck, RegisterDef, certificate};

pub(crate) use batch::BatchRow;
pub(crate) use conn::{ImportArgs, ImportConn};
pub(crate) use kept_file::keep_file;
pub use rows::{
    ImportChunk, ImportOptions, ImportOutcome, ImportProblem, ImportRow, KeptFile,
    MAX_LISTED_PROBLEMS, ORG_FIELD,
};

use crate::db::Db;
use crate::deadline::read_engine;
use crate::{ScopedStore, StoreError};
use batch::IdRanges;
use check::{Ctx, SeenKeys};
use indexes::IndexRebuild;
use rows::Unit;
use sql::Sql;
use writer::Job;

impl ScopedStore {
    /// 批量导入 — imports the rows arriving on `rows` into register `def`, all or nothing.
    /// Returns the counts and every problem; `committed` tells whether anything was written.
    pub async fn import_records(
        &self,
        def: &'static RegisterDef,
        options: &ImportOptions,
        rows: tokio::sync::mpsc::Receiver<ImportChunk>,
    ) -> Result<ImportOutcome, StoreError> {
        self.require(self.principal().role.can_write_records(), "导入数据")?;
        let ctx = self.import_context(def, options).await?;
        let in_scope: HashSet<i64> = ctx.units.values().map(|u| u.id).collect();
        // The batch's audit entry lists records of every unit the file names: it belongs to
        // the importer's own unit, whose scope holds them all.
        let place = self.own_place(ctx.default_unit.as_ref().map(|u| u.region.to_string()));
        let mut job = Job {
            ctx,
            sql: Sql::new(def, matches!(self.db, Db::Sqlite(_))),
            scope: self.scope_params(),
            in_scope,
            rows,
            options,
            actor: self.principal().username.clone(),
            place,
            rebuild: IndexRebuild::default(),
        };
        transaction::run_import(&self.db, !options.dry_run, &mut job).await?;
        let mut outcome = job.ctx.outcome;
        outcome.problems.sort_by_key(|p| p.line);
        Ok(outcome)
    }

    /// The import's state before the first row: the units in scope, the default unit, the
    /// issued certificates (registers that name officers only), the deadline engine.
    async fn import_context(
        &self,
        def: &'static RegisterDef,
        options: &ImportOptions,
    ) -> Result<Ctx, StoreError> {
        let units: HashMap<String, Unit> = self
            .list_orgs()
            .await?
            .into_iter()
            .map(|o| {
                (
                    o.code.clone(),
                    Unit {
                        id: o.id.get(),
                        code: o.code.into(),
                        region: o.region_code.into(),
                    },
                )
            })
            .collect();
        let default_unit = match &options.default_org {
            Some(code) => Some(
                units
                    .get(code.trim())
                    .cloned()
                    .ok_or_else(|| StoreError::not_found(def.org_label, code.trim()))?,
            ),
            None => None,
        };
        let names_officers = def
            .links
            .iter()
            .any(|l| matches!(l, LinkCheck::ValidCertificates { .. }));
        let certificates = if names_officers {
            Some(self.issued_certificates().await?)
        } else {
            None
        };
        Ok(Ctx {
            def,
            units,
            default_unit,
            certificates,
            seen_keys: SeenKeys::default(),
            key_counters: HashMap::new(),
            engine: read_engine(&self.engine).clone(),
            dry_run: options.dry_run,
            outcome: ImportOutcome::default(),
            created_ids: IdRanges::default(),
            updated_ids: IdRanges::default(),
            before_images: Vec::new(),
            next_id: None,
            dates: crate::bind::SharedTexts::default(),
            now: crate::clock::now_rfc3339(),
            cells: crate::cells::CellDeltas::default(),
            cell_plan: crate::cells::plan()?,
        })
    }

    /// Every issued (已发证) certificate number with its issue dates; the domain's rule
    /// (`certificate::valid_for_casework`) then judges each case's date, as on the row path.
    async fn issued_certificates(
        &self,
    ) -> Result<HashMap<String, Vec<Option<NaiveDate>>>, StoreError> {
        let rows: Vec<(String, Option<NaiveDate>)> = crate::db::on_db!(&self.db, pool => {
            sqlx::query_as(
                "SELECT certificate_no, issued_date FROM enforcement_certificate WHERE status = $1",
            )
            .bind(certificate::ISSUED)
            .fetch_all(pool)
            .await?
        });
        let mut issued: HashMap<String, Vec<Option<NaiveDate>>> = HashMap::new();
        for (number, date) in rows {
            issued.entry(number).or_default().push(date);
        }
        Ok(issued)
    }
}
