//! 示范登记记录 — fills every register of the demo city with synthetic but realistic records
//! calibrated to a profile's published figures ([`crate::targets`]): seasonal dates, statutory
//! deadlines mostly met, skewed amounts, valid synthetic ids, and exactly as many records of
//! each kind as the report states. Records are typed as a clerk would type them, go through
//! [`RegisterDef::parse`] and are written by the bulk import path, so they are scoped,
//! validated, given their statutory clocks and audited like an imported file.

mod cases;
mod certificates;
mod disclosure;
mod governance;
mod inspection;
mod legality;
mod mediation;
mod publicity;
mod rectification;
mod review;
mod suggestions;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use fazhi_catalog::{Catalog, FieldTest, Indicator};
use fazhi_domain::register::{self, FieldError, FieldKind, RegisterDef};
use fazhi_store::{ImportChunk, ImportOptions, ImportOutcome, ImportRow, ScopedStore, StoreError};

pub(crate) use certificates::Handlers;

use crate::error::{DemoError, Result, store as store_err};
use crate::synth::Synth;
use crate::targets::YearTargets;
use crate::world::World;
use crate::{Progress, ProgressFn};

/// How many records the demo created in each register.
#[derive(Debug, Clone)]
pub struct RegisterCounts {
    counts: Vec<(&'static RegisterDef, usize)>,
}

impl RegisterCounts {
    fn new() -> Self {
        Self {
            counts: register::all().iter().map(|def| (*def, 0)).collect(),
        }
    }

    /// Records created in the register with this key (`enforcement-cases` …).
    pub fn get(&self, key: &str) -> usize {
        self.counts
            .iter()
            .find(|(def, _)| def.key == key)
            .map_or(0, |(_, n)| *n)
    }

    pub fn total(&self) -> usize {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    fn add(&mut self, def: &RegisterDef) {
        if let Some((_, n)) = self.counts.iter_mut().find(|(d, _)| d.key == def.key) {
            *n += 1;
        }
    }
}

impl fmt::Display for RegisterCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.total() == 0 {
            return writeln!(f, "登记簿已有记录,未新建示范记录。");
        }
        writeln!(f, "新建示范登记记录 {} 条:", self.total())?;
        for (def, n) in &self.counts {
            writeln!(f, "  {}:{n} 条", def.label)?;
        }
        Ok(())
    }
}

/// What one year of generated records must reproduce.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YearPlan<'a> {
    pub targets: &'a YearTargets,
    /// The indicator catalog, whose filters say which records each stated count counts.
    pub catalog: &'a Catalog,
    /// Multiplies the default volumes of registers the report says nothing about (the city's
    /// size × `--scale`).
    pub size: f64,
    /// Every record completes within the year (the year before the report year, so that no
    /// case decided in January of the report year is counted there).
    pub complete: bool,
}

impl YearPlan<'_> {
    /// The target of `key`, when the report states it. A key the catalog lacks is an error:
    /// a misspelt key would otherwise fall back to the default without a word.
    fn count(&self, key: &str) -> Result<Option<i64>> {
        if !self.catalog.contains(key) {
            return Err(DemoError::Generated(format!("指标目录中没有「{key}」")));
        }
        Ok(self.targets.count(key))
    }

    /// The target of `key`, else `default` (rounded, never negative).
    fn want(&self, key: &str, default: f64) -> Result<usize> {
        Ok(match self.count(key)? {
            Some(n) => n.max(0) as usize,
            None => default.round().max(0.0) as usize,
        })
    }

    /// The count the plan states for the records of `def` whose enum `field` is `code`: the
    /// target of the catalog's indicator counting exactly those ([`counting_indicator`]).
    fn stated(&self, def: &RegisterDef, field: &str, code: &str) -> Option<i64> {
        counting_indicator(self.catalog, def, field, code).and_then(|i| self.targets.count(&i.key))
    }

    /// A default volume: `per_size` records for a city of size 1.
    fn volume(&self, per_size: f64) -> f64 {
        (per_size * self.size).max(1.0)
    }

    /// The default of a count with stated counts below it (审结 ≤ 收案 …): `per_size` records
    /// for a city of size 1, raised to what each stated `(key, share)` needs (count ÷ share).
    fn volume_above(&self, per_size: f64, below: &[(&str, f64)]) -> Result<f64> {
        let mut volume = self.volume(per_size);
        for (key, share) in below {
            if let Some(n) = self.count(key)? {
                volume = volume.max(n as f64 / share);
            }
        }
        Ok(volume)
    }

    /// How many of `opened` records are finished by the year's end: `share` of them, or all
    /// in a year that must complete.
    fn finished(&self, opened: usize, share: f64) -> f64 {
        if self.complete {
            opened as f64
        } else {
            opened as f64 * share
        }
    }
}

/// Fills every register with the records of one year, calibrated to `plan`. The 执法证 held
/// before the year come from `stock` (issued once, see [`certificates::stock`]).
pub(crate) async fn fill_year(
    w: &mut Writer<'_>,
    world: &World,
    plan: YearPlan<'_>,
    handlers: &Handlers,
    seed: u64,
) -> Result<()> {
    let mut synth = Synth::new(plan.targets.year, seed, world.region_codes())?;
    let s = &mut synth;
    certificates::applications(w, s, world, plan).await?;
    let decided = cases::enforcement_cases(w, s, world, handlers, plan).await?;
    publicity::publicity(w, s, world, &decided, plan).await?;
    let sued = review::reconsiderations(w, s, world, &decided, plan).await?;
    review::litigations(w, s, world, &sued, plan).await?;
    mediation::mediations(w, s, world, plan).await?;
    governance::normative_documents(w, s, world, plan).await?;
    governance::major_decisions(w, s, world, plan).await?;
    rectification::rectifications(w, s, world, plan).await?;
    inspection::major_penalty_filings(w, s, world, plan).await?;
    inspection::random_inspections(w, s, world, handlers, plan).await?;
    suggestions::suggestions(w, s, world, plan).await?;
    disclosure::information_requests(w, s, world, plan).await?;
    legality::reviews(w, s, world, plan).await?;
    legality::advisers(w, s, world, plan).await?;
    w.flush().await
}

/// Issues the certificates held before `first_year` (the cases' handlers), revoking as many
/// in each year as `revoked` says.
pub(crate) async fn certificate_stock(
    w: &mut Writer<'_>,
    world: &World,
    first_year: i32,
    revoked: &[(i32, usize)],
    holders: usize,
    seed: u64,
) -> Result<Handlers> {
    let mut synth = Synth::new(first_year, seed ^ 0x5eed, world.region_codes())?;
    let handlers = certificates::stock(w, &mut synth, world, revoked, holders).await?;
    w.flush().await?;
    Ok(handlers)
}

/// The catalog's indicator that counts the records of `def` whose enum `field` is `code` and
/// nothing else (`count = true`, `where = { field = [code] }`), if it has one.
fn counting_indicator<'c>(
    catalog: &'c Catalog,
    def: &RegisterDef,
    field: &str,
    code: &str,
) -> Option<&'c Indicator> {
    let wanted = FieldTest::Codes(vec![code.to_owned()]);
    catalog.indicators().iter().find(|i| {
        i.compute.as_ref().is_some_and(|c| {
            c.register == def.key
                && c.count
                && c.sum.is_none()
                && c.filters.len() == 1
                && c.filters.get(field) == Some(&wanted)
        })
    })
}

/// The code of the option of enum `field` of `def` that a clerk types as `label`. The
/// generators type what the register offers: an unknown field or option is an error, never a
/// default.
fn option_code(def: &RegisterDef, field: &str, label: &str) -> Result<&'static str> {
    def.fields
        .iter()
        .find(|f| f.key == field)
        .and_then(|f| match f.kind {
            FieldKind::Enum(options) | FieldKind::EnumSet(options) => options
                .iter()
                .find(|o| o.label == label || o.code == label)
                .map(|o| o.code),
            _ => None,
        })
        .ok_or_else(|| {
            DemoError::Generated(format!("{}的「{field}」没有选项「{label}」", def.label))
        })
}

/// One record's raw text by field key, as a clerk types it.
#[derive(Debug, Default, Clone)]
struct Raw(BTreeMap<String, String>);

impl Raw {
    fn put(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.0.insert(key.to_owned(), value.into());
        self
    }

    fn date(&mut self, key: &str, date: Option<NaiveDate>) -> &mut Self {
        if let Some(d) = date {
            self.put(key, d.format("%Y-%m-%d").to_string());
        }
        self
    }

    fn flag(&mut self, key: &str, value: bool) -> &mut Self {
        self.put(key, if value { "是" } else { "否" })
    }
}

/// Rows per chunk handed to the import.
const CHUNK_ROWS: usize = 2_000;

/// Writes generated records through the bulk import path ([`ScopedStore::import_records`]),
/// one import batch per run of records of the same register, and counts them.
pub(crate) struct Writer<'a> {
    store: &'a ScopedStore,
    pub(crate) counts: RegisterCounts,
    /// 文号 counters by (issuer, year), shared by the generated years so numbers never repeat.
    numbers: std::collections::BTreeMap<(String, String), u32>,
    batch: Option<Batch>,
    progress: &'a ProgressFn<'a>,
}

struct Batch {
    def: &'static RegisterDef,
    tx: tokio::sync::mpsc::Sender<ImportChunk>,
    task: tokio::task::JoinHandle<Result<ImportOutcome, StoreError>>,
    rows: Vec<ImportRow>,
    line: u64,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(store: &'a ScopedStore, progress: &'a ProgressFn<'a>) -> Self {
        Self {
            store,
            counts: RegisterCounts::new(),
            numbers: std::collections::BTreeMap::new(),
            batch: None,
            progress,
        }
    }

    /// Validates `raw` as a clerk's input for unit `org` and queues it for writing.
    async fn create(&mut self, def: &'static RegisterDef, org: &str, raw: &Raw) -> Result<()> {
        let row = self.counts.get(def.key) + 1;
        let record = def.parse(&raw.0).map_err(|e| {
            DemoError::Generated(format!("{}第{row}条({org}):{}", def.label, join(&e)))
        })?;
        if self.batch.as_ref().is_some_and(|b| b.def.key != def.key) {
            self.flush().await?;
        }
        let batch = match &mut self.batch {
            Some(b) => b,
            None => self.batch.insert(self.start(def)),
        };
        batch.line += 1;
        batch.rows.push(ImportRow {
            line: batch.line,
            org_code: Some(org.to_owned()),
            record,
        });
        if batch.rows.len() >= CHUNK_ROWS {
            let rows = std::mem::take(&mut batch.rows);
            if batch
                .tx
                .send(ImportChunk {
                    rows,
                    problems: Vec::new(),
                })
                .await
                .is_err()
            {
                return self.flush().await;
            }
        }
        self.counts.add(def);
        (self.progress)(Progress::Record);
        Ok(())
    }

    fn start(&self, def: &'static RegisterDef) -> Batch {
        (self.progress)(Progress::Register(def.label));
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let store = self.store.clone();
        let task = tokio::spawn(async move {
            store
                .import_records(def, &ImportOptions::default(), rx)
                .await
        });
        Batch {
            def,
            tx,
            task,
            rows: Vec::new(),
            line: 1,
        }
    }

    /// Writes what is queued and waits for the import to commit.
    pub(crate) async fn flush(&mut self) -> Result<()> {
        let Some(batch) = self.batch.take() else {
            return Ok(());
        };
        if !batch.rows.is_empty() {
            let chunk = ImportChunk {
                rows: batch.rows,
                problems: Vec::new(),
            };
            // A closed channel means the import stopped: its outcome says why.
            let _ = batch.tx.send(chunk).await;
        }
        drop(batch.tx);
        let outcome = batch
            .task
            .await?
            .map_err(store_err(format!("写入{}失败", batch.def.label)))?;
        if !outcome.committed {
            let problems: Vec<String> = outcome
                .problems
                .iter()
                .take(5)
                .map(|p| format!("第{}行 {}「{}」:{}", p.line, p.field, p.value, p.message))
                .collect();
            return Err(DemoError::Rejected(format!(
                "{}共{}处问题:{}",
                batch.def.label,
                outcome.problem_count,
                problems.join(";")
            )));
        }
        Ok(())
    }
}

fn join(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(";")
}
