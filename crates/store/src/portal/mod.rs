//! 公示平台 — what anyone may read without signing in: the 双公示 decisions public today under
//! the publicity rules (`fazhi_domain::publicity_period`), each unit's 执法数据 counts, and the
//! snapshots of published annual reports. Nothing here takes a principal, so nothing here may
//! read a column that is not public: the decisions are loaded into [`PublicDecision`]s (masked
//! on the way in) and every other read selects named public columns only.
//!
//! The decisions live in memory ([`DecisionIndex`]); a cheap check of the table (row count,
//! highest id, latest change, the day) decides when to reload it. Readers never wait for a
//! reload once the first index exists: a stale check starts one in the background and the
//! request is served from the index it holds (`max_age` bounds the staleness; zero makes every
//! read check and reload in line, for tests).

mod enforcement;
mod index;
mod load;
pub(crate) mod reports;

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

pub use enforcement::{KindYearCount, PublicUnit};
pub use index::{
    DecisionIndex, DecisionKind, DecisionPage, DecisionQuery, MAX_MATCHES, PublicDecision,
    normalize,
};
pub use reports::{PublishedReport, PublishedReportRow};

use crate::{Db, Store, StoreError};

/// How the table looked when the index was built: (rows, highest id, latest change, day).
type Fingerprint = (i64, i64, String, NaiveDate);

/// The portal's shared state (one per store; cloned handles share it).
#[derive(Debug, Clone)]
pub struct PortalState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    index: RwLock<Option<Arc<DecisionIndex>>>,
    fingerprint: Mutex<Option<Fingerprint>>,
    checked: Mutex<Option<Instant>>,
    /// A reload is running.
    reloading: tokio::sync::Mutex<()>,
    max_age: Duration,
    unit_counts: enforcement::CountCache,
}

impl PortalState {
    pub fn new(max_age: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                index: RwLock::new(None),
                fingerprint: Mutex::new(None),
                checked: Mutex::new(None),
                reloading: tokio::sync::Mutex::new(()),
                max_age,
                unit_counts: enforcement::CountCache::default(),
            }),
        }
    }
}

impl Default for PortalState {
    fn default() -> Self {
        Self::new(Duration::from_secs(1))
    }
}

impl Inner {
    fn current(&self) -> Option<Arc<DecisionIndex>> {
        self.index.read().ok().and_then(|i| i.clone())
    }

    /// Whether the last check is older than `max_age` (and marks it checked now).
    fn due(&self) -> bool {
        let Ok(mut checked) = self.checked.lock() else {
            return true;
        };
        let now = Instant::now();
        if checked.is_some_and(|at| now.duration_since(at) < self.max_age)
            && !self.max_age.is_zero()
        {
            return false;
        }
        *checked = Some(now);
        true
    }
}

/// Reloads the index when the table changed; one reload at a time.
async fn reload_if_changed(db: &Db, inner: &Inner) -> Result<(), StoreError> {
    let _running = inner.reloading.lock().await;
    let today = crate::clock::beijing_today();
    let seen = load::fingerprint(db, today).await?;
    let known = inner.fingerprint.lock().ok().and_then(|f| f.clone());
    if known.as_ref() == Some(&seen) && inner.current().is_some() {
        return Ok(());
    }
    let decisions = load::public_decisions(db, today).await?;
    // Sorting and indexing every public decision is CPU work: off the async executor.
    let index = tokio::task::spawn_blocking(move || DecisionIndex::build(decisions))
        .await
        .map(Arc::new)
        .map_err(|e| StoreError::Database(format!("公示索引建立失败:{e}")))?;
    if let Ok(mut slot) = inner.index.write() {
        *slot = Some(index);
    }
    if let Ok(mut f) = inner.fingerprint.lock() {
        *f = Some(seen);
    }
    Ok(())
}

impl Store {
    /// The decisions index, fresh within `max_age`: built in line the first time (and on
    /// every read when `max_age` is zero), else reloaded in the background when stale.
    async fn portal_index(&self) -> Result<Arc<DecisionIndex>, StoreError> {
        let inner = &self.portal.inner;
        match inner.current() {
            Some(index) if !inner.max_age.is_zero() => {
                if inner.due() {
                    let (db, state) = (self.db.clone(), self.portal.clone());
                    tokio::spawn(async move {
                        if let Err(e) = reload_if_changed(&db, &state.inner).await {
                            tracing::warn!("公示索引刷新失败:{e}");
                        }
                    });
                }
                Ok(index)
            }
            _ => {
                reload_if_changed(&self.db, inner).await?;
                inner
                    .current()
                    .ok_or_else(|| StoreError::Database("公示索引未能建立".into()))
            }
        }
    }

    /// 双公示检索 — public decisions matching `query`, newest first.
    pub async fn public_decisions(
        &self,
        query: &DecisionQuery,
    ) -> Result<DecisionPage, StoreError> {
        let index = self.portal_index().await?;
        Ok(index.search(query, crate::clock::beijing_today()))
    }

    /// The units that have public decisions (code, name), by code: the search's 决定机关.
    pub async fn public_deciding_units(&self) -> Result<Vec<PublicUnit>, StoreError> {
        Ok(self.portal_index().await?.units().to_vec())
    }

    /// One public decision; `None` when there is none by that id or it is not public today.
    pub async fn public_decision(
        &self,
        id: i64,
    ) -> Result<Option<Arc<PublicDecision>>, StoreError> {
        let index = self.portal_index().await?;
        Ok(index.get(id, crate::clock::beijing_today()))
    }

    /// Reloads the decisions now if the table changed (after a write, for a caller that must
    /// see it at once).
    pub async fn refresh_portal(&self) -> Result<(), StoreError> {
        reload_if_changed(&self.db, &self.portal.inner).await
    }

    /// The units of the public pages: every current unit, by code (names and codes of
    /// government bodies are public).
    pub async fn public_units(&self) -> Result<Vec<PublicUnit>, StoreError> {
        enforcement::units(&self.db).await
    }

    /// 执法数据公开 — a unit's decided enforcement cases by kind and year of decision
    /// (counts only), cached for a few minutes.
    pub async fn public_enforcement_counts(
        &self,
        org_code: &str,
    ) -> Result<Option<Arc<Vec<KindYearCount>>>, StoreError> {
        self.portal.inner.unit_counts.get(&self.db, org_code).await
    }

    /// The published annual reports, newest year first (no content).
    pub async fn published_reports(&self) -> Result<Vec<PublishedReportRow>, StoreError> {
        reports::list(&self.db).await
    }

    /// One published report with its HTML and Word file.
    pub async fn published_report(&self, id: i64) -> Result<Option<PublishedReport>, StoreError> {
        reports::get(&self.db, id).await
    }
}
