//! 存储 — fazhi's storage: SQLite (embedded, the default) and PostgreSQL (production), chosen
//! at run time from the database URL. The only crate that names the database driver.
//!
//! Reads and writes go through a [`ScopedStore`]: a view of the store limited to one
//! principal's data scope. Every write runs in one transaction together with its audit entry.

mod alerts;
mod annual_report;
mod attachments;
mod audit;
mod backlinks;
mod batch_edit;
mod bind;
mod case_reviews;
mod cells;
pub mod clock;
mod data_years;
mod db;
mod deadline;
mod deadline_bulk;
mod disclosure_report;
mod double_random;
mod draws;
mod error;
mod evidence;
mod export;
pub mod federation;
mod form_counts;
mod generation;
mod history;
mod ids;
mod import;
mod import_batches;
mod indicators;
mod keys;
mod links;
mod list_plan;
mod list_query;
mod list_total;
mod login;
mod messages;
mod narrative;
mod org;
pub mod portal;
mod register;
mod reported;
mod review;
mod review_step;
mod scope;
mod session;
#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod testing;
mod user;

pub use alerts::AlertRow;
pub use attachments::{Attachment, FileContent};
pub use audit::{AuditFilter, AuditRow};
pub use backlinks::LinkedFrom;
pub use batch_edit::BatchRejected;
pub use case_reviews::CaseScore;
pub use db::{Backend, Db};
pub use deadline::{ClockView, SharedEngine};
pub use disclosure_report::{DraftedDisclosure, ReportDue};
pub use double_random::InspectionTask;
pub use draws::{DrawCheck, NewDraw, OfficerPool, StoredDraw};
pub use error::StoreError;
pub use history::{RecordVersion, audited_value};
pub use import::{
    ImportChunk, ImportOptions, ImportOutcome, ImportProblem, ImportRow, KeptFile,
    MAX_LISTED_PROBLEMS, ORG_FIELD,
};
pub use import_batches::ImportBatch;
pub use indicators::{IndicatorCache, IndicatorData};
pub use login::LoginOutcome;
pub use messages::MessageRow;
pub use org::{OrgChange, OrgRow};
pub use register::{RecordFilter, Rejected, StoredRecord};
pub use reported::{REPORTED_VALUES, ReportedInput, ReportedValue, parse_period};
pub use review::{DataSetText, FormRow};
pub use review_step::{FormStep, StepOutcome};
pub use scope::ScopedStore;
pub use session::SessionInfo;
pub use session::{DEFAULT_IDLE_MINUTES, SESSION_HOURS};
pub use user::{NewUser, UserChange, UserRow};

use fazhi_domain::OrgId;
use fazhi_domain::account::{Principal, Role, ScopeKind};

/// The store: a connection pool to one database.
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
    engine: SharedEngine,
    indicator_cache: IndicatorCache,
    /// At most this many password checks run at once (each holds Argon2's 19 MiB).
    login_gate: std::sync::Arc<tokio::sync::Semaphore>,
    /// Seconds a session may stay unused.
    idle_secs: i64,
    /// 公示平台's decisions in memory.
    portal: portal::PortalState,
}

/// Password checks that may run at once; more wait their turn.
pub const CONCURRENT_LOGINS: usize = 4;

impl Store {
    /// Connects to `url` (`sqlite://PATH` or `postgres://…`), creating an SQLite file when
    /// missing, and applies pending migrations.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let db = Db::connect(url).await?;
        db.migrate().await?;
        let engine = deadline::load_engine(&db).await?;
        // A new catalog (another plan) recomputes the indicator cells once, here.
        cells::ensure_current(&db, cells::plan()?).await?;
        // The dummy hash unknown usernames are checked against is made now, so that the first
        // unknown username does not take longer than a known one.
        tokio::task::spawn_blocking(|| fazhi_domain::account::verify_unknown(""))
            .await
            .map_err(|e| StoreError::Database(e.to_string()))?;
        Ok(Self {
            db,
            engine: std::sync::Arc::new(std::sync::RwLock::new(engine)),
            indicator_cache: IndicatorCache::default(),
            login_gate: std::sync::Arc::new(tokio::sync::Semaphore::new(CONCURRENT_LOGINS)),
            idle_secs: session::DEFAULT_IDLE_MINUTES * 60,
            portal: portal::PortalState::default(),
        })
    }

    /// The public portal reloads its decisions when they are older than `max_age` (zero:
    /// on every read, in line — for tests that read right after a write).
    pub fn with_portal_max_age(mut self, max_age: std::time::Duration) -> Self {
        self.portal = portal::PortalState::new(max_age);
        self
    }

    /// Sessions unused for `minutes` end (default [`DEFAULT_IDLE_MINUTES`]).
    pub fn with_idle_minutes(mut self, minutes: i64) -> Self {
        self.idle_secs = minutes.max(1) * 60;
        self
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Closes the database's connections, waiting until they are; the store and its scoped
    /// handles can no longer be used. For a process that hands the database to another one.
    pub async fn close(&self) {
        match &self.db {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }

    /// A handle limited to what `principal` may see and do.
    pub async fn scoped(&self, principal: Principal) -> Result<ScopedStore, StoreError> {
        let mut scoped = ScopedStore::new(self.db.clone(), self.engine.clone(), principal).await?;
        scoped.indicator_cache = self.indicator_cache.clone();
        Ok(scoped)
    }

    /// A handle with unlimited scope acting as the system itself (CLI commands run by the
    /// operator on the server: demo, user add). Never reachable from a web request.
    pub fn unscoped_system(&self, actor: &str) -> ScopedStore {
        let mut scoped = ScopedStore::system(
            self.db.clone(),
            self.engine.clone(),
            Principal {
                user_id: 0,
                username: actor.to_owned(),
                role: Role::Admin,
                org_id: OrgId::new(0),
                scope: ScopeKind::All,
            },
        );
        scoped.indicator_cache = self.indicator_cache.clone();
        scoped
    }

    /// Verifies the whole audit chain; `Ok(n)` is the number of intact entries.
    pub async fn unscoped_verify_audit(
        &self,
    ) -> Result<Result<i64, fazhi_domain::audit::ChainBreak>, StoreError> {
        audit::verify(&self.db).await
    }

    /// Checks a login from `client` (the peer's address) and, on success, opens a session.
    /// Throttles repeated failures per username and address (see [`login`]).
    pub async fn unscoped_login(
        &self,
        username: &str,
        password: &str,
        client: &str,
    ) -> Result<LoginOutcome, StoreError> {
        login::login(&self.db, &self.login_gate, username, password, client).await
    }

    /// The principal and CSRF token of a live session token.
    pub async fn unscoped_session(&self, token: &str) -> Result<Option<SessionInfo>, StoreError> {
        session::find(&self.db, token, self.idle_secs).await
    }

    /// Ends the session of `token`, audited as the account's logout.
    pub async fn unscoped_logout(&self, token: &str) -> Result<(), StoreError> {
        session::logout(&self.db, token).await
    }

    /// Recomputes every open statutory clock with the current calendar (after a calendar or
    /// policy change). Returns how many were re-evaluated.
    pub async fn unscoped_reevaluate_deadlines(&self) -> Result<u64, StoreError> {
        deadline::reevaluate(&self.db, &self.engine).await
    }

    /// 数据版本 — each register table's (and `reported_value`'s) write counter; a cache of
    /// aggregates is fresh while these are unchanged.
    pub async fn data_generations(
        &self,
    ) -> Result<std::collections::BTreeMap<String, i64>, StoreError> {
        generation::read_all(&self.db).await
    }

    /// Column names per table, for the schema parity test between backends.
    pub async fn schema_columns(
        &self,
    ) -> Result<std::collections::BTreeMap<String, Vec<String>>, StoreError> {
        self.db.schema_columns().await
    }

    /// The raw pool, for tests that tamper with rows on purpose.
    #[doc(hidden)]
    pub fn unscoped_db_for_tests(&self) -> &Db {
        &self.db
    }
}
