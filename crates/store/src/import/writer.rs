//! 流水写入 — the import's loop on its connection, and the pipelined writer: a chunk's
//! multi-row INSERTs of records and clocks, each built while the previous one runs on the
//! database, and the next chunk taken from the reader and checked while the last one runs.

use std::collections::HashSet;
use std::sync::Arc;

use tokio::sync::mpsc::Receiver;

use super::batch::finish_batch;
use super::check::Ctx;
use super::conn::{ImportArgs, ImportConn, Running};
use super::indexes::IndexRebuild;
use super::plan::{check_evidence, complete_rows, load_existing};
use super::rows::{Checked, ImportChunk, ImportOptions, Plan, Prepared, Unit};
use super::sql::{CLOCK_COLUMNS, CLOCK_ROWS, Sql, new_clocks_sql};
use crate::StoreError;
use crate::audit::AuditPlace;
use crate::bind::{PushValues, push_fields, push_record};
use crate::deadline::ClockRow;

/// Everything an import needs on its connection apart from the connection.
pub(crate) struct Job<'a> {
    pub(crate) ctx: Ctx,
    pub(crate) sql: Sql,
    /// Root org id and scope kind (`SCOPE_CTE`'s parameters), for the link checks.
    pub(crate) scope: (i64, &'static str),
    /// Ids of the units in the importer's scope.
    pub(crate) in_scope: HashSet<i64>,
    pub(crate) rows: Receiver<ImportChunk>,
    pub(crate) options: &'a ImportOptions,
    pub(crate) actor: String,
    /// Where the batch's audit entry belongs.
    pub(crate) place: AuditPlace,
    pub(crate) rebuild: IndexRebuild,
}

impl Job<'_> {
    /// The next chunk from the reader, checked; `None` when the file is read.
    async fn next_chunk(&mut self) -> Option<Vec<Checked>> {
        let chunk = self.rows.recv().await?;
        Some(self.ctx.take(chunk))
    }
}

/// The whole import on one connection inside its transaction; whether to commit.
pub(crate) async fn run<C: ImportConn>(
    conn: &mut C,
    job: &mut Job<'_>,
) -> Result<bool, StoreError> {
    let mut next = job.next_chunk().await;
    while let Some(checked) = next.take() {
        let ready = complete_rows(conn, &mut job.ctx, &job.sql, job.scope, checked).await?;
        let existing = load_existing(conn, &job.ctx, &mut job.sql, &ready).await?;
        let ready = check_evidence(conn, &mut job.ctx, ready, &existing).await?;
        let mut plan = job.ctx.plan(ready, &existing, &job.in_scope);
        if job.ctx.writing() {
            if !plan.updates.is_empty() {
                job.rebuild.rebuild(conn).await?;
            }
            next = write_plan(conn, job, &mut plan).await?;
            let created = job.ctx.outcome.created;
            job.rebuild
                .after_chunk(conn, job.ctx.def.table, created)
                .await?;
        } else {
            next = job.next_chunk().await;
        }
    }
    let commit = job.ctx.writing();
    if commit {
        job.rebuild.rebuild(conn).await?;
        finish_batch(conn, &mut job.ctx, job.options, &job.actor, &job.place).await?;
    }
    job.ctx.outcome.committed = commit;
    Ok(commit)
}

/// A statement handed to the database: still running, or already finished with its result.
type InFlight<'c> = Option<(Running<'c>, Option<Result<(), StoreError>>)>;

/// Polls `future` once. sqlx hands a query to the database on its first poll (SQLite: to the
/// connection's worker thread), so the caller can build the next statement meanwhile.
async fn poll_once<F: Future + Unpin>(future: &mut F) -> Option<F::Output> {
    std::future::poll_fn(|cx| {
        std::task::Poll::Ready(match std::pin::Pin::new(&mut *future).poll(cx) {
            std::task::Poll::Ready(v) => Some(v),
            std::task::Poll::Pending => None,
        })
    })
    .await
}

/// Waits for a statement started with [`poll_once`], if any (its result if it already
/// finished).
async fn settle(in_flight: InFlight<'_>) -> Result<(), StoreError> {
    if let Some((running, early)) = in_flight {
        match early {
            Some(result) => result,
            None => running.await,
        }?;
    }
    Ok(())
}

/// Writes a chunk's plan: multi-row inserts of the records and of their clocks, then the
/// updates. Each insert is built while the previous one runs; the next chunk is taken from
/// the reader and checked while the last one does, and returned.
async fn write_plan<C: ImportConn>(
    conn: &mut C,
    job: &mut Job<'_>,
    plan: &mut Plan,
) -> Result<Option<Vec<Checked>>, StoreError> {
    let ctx = &mut job.ctx;
    let ids = if plan.inserts.is_empty() {
        Vec::new()
    } else {
        conn.reserve_ids(ctx.def.table, plan.inserts.len(), &mut ctx.next_id)
            .await?
    };
    // The clocks leave the rows first: the record values are then moved into the
    // statement, not copied.
    let mut clock_rows: Vec<(i64, Unit, ClockRow)> = Vec::new();
    let mut rows: Vec<(Prepared, i64)> = Vec::with_capacity(plan.inserts.len());
    for (mut row, id) in std::mem::take(&mut plan.inserts).into_iter().zip(ids) {
        ctx.created_ids.push(id);
        for c in std::mem::take(&mut row.clocks) {
            clock_rows.push((id, row.unit.clone(), c));
        }
        rows.push((row, id));
    }
    let mut clocked: Vec<i64> = clock_rows.iter().map(|(id, _, _)| *id).collect();
    clocked.dedup();
    if !clocked.is_empty() {
        conn.new_clocks_begin().await?;
    }
    let now: Arc<str> = ctx.now.as_str().into();
    // A COPY takes the chunk whole; an INSERT as many rows as the parameters allow.
    let (record_rows, clock_rows_per) = if C::COPIES {
        (rows.len().max(1), clock_rows.len().max(1))
    } else {
        (job.sql.insert_rows, CLOCK_ROWS)
    };
    let mut in_flight: InFlight<'_> = None;
    for part in rows.chunks_mut(record_rows) {
        let args = record_args::<C>(ctx, &job.sql, part, &now)?;
        let query = job.sql.new_records(ctx.def, part.len(), C::COPIES);
        settle(in_flight).await?;
        let mut running = conn.start_rows(query, args);
        let early = poll_once(&mut running).await;
        in_flight = Some((running, early));
    }
    for part in clock_rows.chunks(clock_rows_per) {
        let args = clock_args::<C>(ctx, part)?;
        let query = new_clocks_sql(part.len(), job.sql.anonymous, C::COPIES);
        settle(in_flight).await?;
        let mut running = conn.start_rows(query, args);
        let early = poll_once(&mut running).await;
        in_flight = Some((running, early));
    }
    let next = job.next_chunk().await;
    settle(in_flight).await?;
    if !clocked.is_empty() {
        conn.new_clocks_end(job.ctx.def.key, &clocked).await?;
    }
    write_updates(conn, job, plan, &now).await?;
    Ok(next)
}

/// The rows of one multi-row record INSERT or COPY (`part`'s values are moved out).
fn record_args<C: ImportConn>(
    ctx: &mut Ctx,
    sql: &Sql,
    part: &mut [(Prepared, i64)],
    now: &Arc<str>,
) -> Result<C::Rows, StoreError> {
    let mut args = C::rows(part.len() * sql.params_per_row, sql.params_per_row);
    for (row, id) in part.iter_mut() {
        args.push_int(*id)?;
        args.push_text(row.unit.region.clone())?;
        args.push_int(row.unit.id)?;
        args.push_text(now.clone())?;
        args.push_text(now.clone())?;
        push_record(
            &mut args,
            &sql.fields_by_key,
            &mut row.record,
            &mut ctx.dates,
        )?;
    }
    Ok(args)
}

/// The rows of one multi-row clock INSERT or COPY.
fn clock_args<C: ImportConn>(
    ctx: &mut Ctx,
    part: &[(i64, Unit, ClockRow)],
) -> Result<C::Rows, StoreError> {
    let register = ctx.dates.label(ctx.def.key);
    let mut args = C::rows(part.len() * CLOCK_COLUMNS, CLOCK_COLUMNS);
    for (id, unit, c) in part {
        args.push_text(unit.region.clone())?;
        args.push_int(unit.id)?;
        args.push_text(register.clone())?;
        args.push_int(*id)?;
        args.push_text(ctx.dates.label(c.label))?;
        args.push_text(ctx.dates.label(c.rule))?;
        args.push_date(Some(c.start), &mut ctx.dates)?;
        args.push_flag(c.extended)?;
        args.push_date(c.due, &mut ctx.dates)?;
        args.push_date(c.done, &mut ctx.dates)?;
        args.push_note(c.problem.clone())?;
        args.push_date(c.restart, &mut ctx.dates)?;
        args.push_date(c.pause.map(|p| p.0), &mut ctx.dates)?;
        args.push_date(c.pause.map(|p| p.1), &mut ctx.dates)?;
    }
    Ok(args)
}

/// The plan's updates, row by row with their clocks.
async fn write_updates<C: ImportConn>(
    conn: &mut C,
    job: &mut Job<'_>,
    plan: &Plan,
    now: &Arc<str>,
) -> Result<(), StoreError> {
    let def = job.ctx.def;
    for (id, row) in &plan.updates {
        let mut args = C::arguments(job.sql.params_per_row);
        args.push_text(row.unit.region.clone())?;
        args.push_int(row.unit.id)?;
        args.push_text(now.clone())?;
        args.push_int(*id)?;
        push_fields(&mut args, def, &row.record)?;
        conn.start(job.sql.update.clone(), args).await?;
        conn.replace_clocks(&row.unit, def.key, *id, &row.clocks)
            .await?;
        job.ctx.updated_ids.push(*id);
    }
    Ok(())
}
