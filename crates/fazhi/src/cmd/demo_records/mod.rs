//! 示范登记记录 — fills every register of the demo city with a year of synthetic but realistic
//! records: seasonal dates, statutory deadlines mostly met, skewed amounts, valid synthetic ids.
//! Records are typed as a clerk would type them and go through [`RegisterDef::parse`] and
//! [`ScopedStore::create_record`], so they are scoped, validated and audited like real input.

mod cases;
mod certificates;
mod governance;
mod mediation;
mod publicity;
mod review;
mod synth;
mod world;

use std::collections::BTreeMap;
use std::fmt;

use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use fazhi_domain::register::{self, FieldError, RegisterDef};
use fazhi_store::{RecordFilter, Rejected, ScopedStore, StoredRecord};

use synth::Synth;
use world::World;

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

/// Fills every register with records of `year` generated from `seed` (the same seed gives the
/// same records). Does nothing when the enforcement register already holds records, so the
/// demo can be re-run.
pub async fn fill_registers(
    store: &ScopedStore,
    year: i32,
    seed: u64,
) -> anyhow::Result<RegisterCounts> {
    let mut writer = Writer {
        store,
        counts: RegisterCounts::new(),
    };
    let probe = RecordFilter {
        limit: 1,
        ..RecordFilter::default()
    };
    let (existing, _) = store
        .list_records(&register::enforcement::ENFORCEMENT_CASES, &probe)
        .await
        .context("读取执法案件失败")?;
    if existing > 0 {
        return Ok(writer.counts);
    }
    let world = World::load(store).await?;
    let mut synth = Synth::new(year, seed)?;
    let handlers = certificates::certificates(&mut writer, &mut synth, &world).await?;
    let decided = cases::enforcement_cases(&mut writer, &mut synth, &world, &handlers).await?;
    publicity::publicity(&mut writer, &mut synth, &world, &decided).await?;
    let sued = review::reconsiderations(&mut writer, &mut synth, &world, &decided).await?;
    review::litigations(&mut writer, &mut synth, &world, &sued).await?;
    mediation::mediations(&mut writer, &mut synth, &world).await?;
    governance::normative_documents(&mut writer, &mut synth, &world).await?;
    governance::major_decisions(&mut writer, &mut synth, &world).await?;
    Ok(writer.counts)
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

/// Creates records through the scoped store and counts them.
struct Writer<'a> {
    store: &'a ScopedStore,
    counts: RegisterCounts,
}

impl Writer<'_> {
    async fn create(
        &mut self,
        def: &'static RegisterDef,
        org: &str,
        raw: &Raw,
    ) -> anyhow::Result<StoredRecord> {
        let row = self.counts.get(def.key) + 1;
        let record = def.parse(&raw.0).map_err(|e| {
            anyhow!(
                "示范数据生成有误:{}第{row}条({org}):{}",
                def.label,
                join(&e)
            )
        })?;
        let stored = self
            .store
            .create_record(def, org, record)
            .await
            .with_context(|| format!("写入{}第{row}条({org})失败", def.label))?
            .map_err(|Rejected(e)| {
                anyhow!("示范数据被拒绝:{}第{row}条({org}):{}", def.label, join(&e))
            })?;
        self.counts.add(def);
        Ok(stored)
    }
}

fn join(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(";")
}
