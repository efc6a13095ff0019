//! 登录 — checking a password with throttling that holds under concurrency and across server
//! processes. Before a password is checked, one attempt is taken from three counters in the
//! database, atomically: the username at this client address, the client address, and the
//! username from anywhere. An attempt counts as a failure until it succeeds, so fifty
//! concurrent wrong passwords get at most [`PAIR_LIMIT`] checks. A counter that reaches its
//! limit locks for a while; the lock ends by itself. Unknown usernames go through the same
//! counters and the same Argon2 work, so the answers and their timing do not tell which
//! usernames exist.

use chrono::{DateTime, Utc};
use fazhi_domain::OrgId;
use fazhi_domain::account::{Principal, Role, ScopeKind, verify_password, verify_unknown};
use fazhi_domain::audit::AuditAction;

use crate::audit::{AuditPlace, audit_append};
use crate::db::in_tx_if;
use crate::db::{Db, in_tx, on_db};
use crate::{StoreError, session};

/// Failures of one username from one client address before that pair is locked.
pub const PAIR_LIMIT: i64 = 5;
/// Failures from one client address (any usernames) before the address is locked.
pub const CLIENT_LIMIT: i64 = 30;
/// Failures of one username from anywhere before it is slowed down.
pub const ACCOUNT_LIMIT: i64 = 20;
/// How long failures are counted together.
pub const WINDOW_SECS: i64 = 15 * 60;
/// How long a pair or an address stays locked.
pub const LOCK_SECS: i64 = 15 * 60;
/// How long an account stays slowed down: short, so that nobody can keep an administrator
/// out for good by failing on purpose from many addresses; it only caps guesses at
/// [`ACCOUNT_LIMIT`] a minute.
pub const ACCOUNT_LOCK_SECS: i64 = 60;

/// What a login attempt came to.
#[derive(Debug, Clone)]
pub enum LoginOutcome {
    Success {
        token: String,
        csrf_token: String,
        principal: Principal,
        /// 初始密码 — the account must be told to change its password.
        must_change_password: bool,
    },
    BadCredentials,
    /// Too many failures: no password is checked until `until`.
    Throttled {
        until: DateTime<Utc>,
    },
}

/// One counter: its key, limit and lock length.
struct Counter {
    key: String,
    limit: i64,
    lock_secs: i64,
}

fn counters(username: &str, client: &str) -> [Counter; 3] {
    let name = username.trim().to_lowercase();
    [
        Counter {
            key: format!("p:{name}|{client}"),
            limit: PAIR_LIMIT,
            lock_secs: LOCK_SECS,
        },
        Counter {
            key: format!("c:{client}"),
            limit: CLIENT_LIMIT,
            lock_secs: LOCK_SECS,
        },
        Counter {
            key: format!("u:{name}"),
            limit: ACCOUNT_LIMIT,
            lock_secs: ACCOUNT_LOCK_SECS,
        },
    ]
}

/// Takes one attempt from a counter unless it is locked or full; returns whether it did.
const TAKE: &str = "INSERT INTO login_throttle (key, failures, window_start, locked_until) \
    VALUES ($1, 1, $2, NULL) ON CONFLICT (key) DO UPDATE SET \
    failures = CASE WHEN login_throttle.locked_until IS NOT NULL OR login_throttle.window_start < $3 \
        THEN 1 ELSE login_throttle.failures + 1 END, \
    window_start = CASE WHEN login_throttle.locked_until IS NOT NULL OR login_throttle.window_start < $3 \
        THEN $2 ELSE login_throttle.window_start END, \
    locked_until = NULL \
    WHERE (login_throttle.locked_until IS NOT NULL AND login_throttle.locked_until <= $2) \
       OR (login_throttle.locked_until IS NULL \
           AND (login_throttle.failures < $4 OR login_throttle.window_start < $3)) \
    RETURNING failures";

fn now_secs() -> i64 {
    crate::clock::unix_seconds()
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_else(crate::clock::now)
}

/// Takes an attempt from every counter, all or none; `Err(until)` when one is locked.
async fn take_attempt(db: &Db, counters: &[Counter]) -> Result<Result<(), i64>, StoreError> {
    let now = now_secs();
    let taken: bool;
    in_tx_if!(db, conn => {
        let mut all = true;
        for c in counters {
            let row: Option<i64> = sqlx::query_scalar(TAKE)
                .bind(&c.key).bind(now).bind(now - WINDOW_SECS).bind(c.limit)
                .fetch_optional(&mut *conn).await?;
            all = row.is_some();
            if !all {
                break;
            }
        }
        taken = all;
        Ok::<bool, StoreError>(all)
    });
    if taken {
        return Ok(Ok(()));
    }
    let keys: Vec<&str> = counters.iter().map(|c| c.key.as_str()).collect();
    let until: Option<i64> = on_db!(db, pool => {
        sqlx::query_scalar("SELECT MAX(locked_until) FROM login_throttle WHERE key IN ($1, $2, $3)")
            .bind(keys[0]).bind(keys[1]).bind(keys[2]).fetch_one(pool).await?
    });
    // Full but not yet locked: attempts are still being checked; answer as a lock.
    Ok(Err(until.unwrap_or(now + LOCK_SECS).max(now + 1)))
}

/// After a failed check: locks every counter that is full; returns the pair's lock end.
async fn after_failure(db: &Db, counters: &[Counter]) -> Result<Option<i64>, StoreError> {
    let now = now_secs();
    let mut pair_lock = None;
    for (i, c) in counters.iter().enumerate() {
        let until = now + c.lock_secs;
        let locked = on_db!(db, pool => {
            sqlx::query(
                "UPDATE login_throttle SET locked_until = $2 \
                 WHERE key = $1 AND locked_until IS NULL AND failures >= $3",
            )
            .bind(&c.key).bind(until).bind(c.limit).execute(pool).await?.rows_affected()
        });
        if locked > 0 && i == 0 {
            pair_lock = Some(until);
        }
    }
    Ok(pair_lock)
}

/// After a successful check: the username's counters start again and the address's attempt
/// is given back (an office behind one address must not lock itself out by logging in).
async fn after_success(db: &Db, counters: &[Counter]) -> Result<(), StoreError> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM login_throttle WHERE key IN ($1, $2)")
            .bind(&counters[0].key).bind(&counters[2].key).execute(pool).await?;
        sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0")
            .bind(&counters[1].key).execute(pool).await?;
    });
    Ok(())
}

type AccountRow = (i64, String, String, String, i64, String, bool, String);

async fn find_account(db: &Db, username: &str) -> Result<Option<AccountRow>, StoreError> {
    Ok(on_db!(db, pool => {
        sqlx::query_as(
            "SELECT a.id, a.username, a.password_hash, a.role, a.org_id, a.scope, \
             a.must_change_password, u.region_code \
             FROM app_user a JOIN org_unit u ON u.id = a.org_id \
             WHERE a.username = $1 AND a.active = TRUE",
        )
        .bind(username.trim())
        .fetch_optional(pool)
        .await?
    }))
}

/// Records a login event; `account`: the known account's id and region.
async fn audit_login(
    db: &Db,
    action: AuditAction,
    username: &str,
    client: &str,
    account: Option<(i64, &str)>,
) -> Result<(), StoreError> {
    let place = match account {
        Some((org_id, region)) => AuditPlace::new(region, OrgId::new(org_id)),
        None => AuditPlace::default(),
    };
    let shown: String = username.trim().chars().take(64).collect();
    let after = serde_json::json!({ "client": client, "known": account.is_some() });
    in_tx!(db, conn => {
        audit_append!(conn, shown, action, "app_user", shown, place.clone(),
            None::<&serde_json::Value>, Some(&after));
        Ok::<(), StoreError>(())
    })
}

pub(crate) async fn login(
    db: &Db,
    gate: &tokio::sync::Semaphore,
    username: &str,
    password: &str,
    client: &str,
) -> Result<LoginOutcome, StoreError> {
    let counters = counters(username, client);
    if let Err(until) = take_attempt(db, &counters).await? {
        return Ok(LoginOutcome::Throttled { until: at(until) });
    }
    let account = find_account(db, username).await?;
    let ok = {
        // Bounded: at most the gate's permits hold Argon2's 19 MiB at once.
        let _permit = gate
            .acquire()
            .await
            .map_err(|e| StoreError::Database(e.to_string()))?;
        let candidate = password.to_owned();
        let hash = account.as_ref().map(|a| a.2.clone());
        tokio::task::spawn_blocking(move || match hash {
            Some(hash) => verify_password(&candidate, &hash),
            None => verify_unknown(&candidate),
        })
        .await
        .map_err(|e| StoreError::Database(e.to_string()))?
    };
    let place = account.as_ref().map(|a| (a.4, a.7.as_str()));
    let Some(account) = account.as_ref().filter(|_| ok) else {
        let locked = after_failure(db, &counters).await?;
        audit_login(db, AuditAction::LoginFailed, username, client, place).await?;
        return Ok(match locked {
            Some(until) => {
                audit_login(db, AuditAction::Lockout, username, client, place).await?;
                LoginOutcome::Throttled { until: at(until) }
            }
            None => LoginOutcome::BadCredentials,
        });
    };
    after_success(db, &counters).await?;
    let (id, username, _, role, org_id, scope, must_change_password, _) = account.clone();
    let (token, csrf_token) = session::create(db, id).await?;
    audit_login(db, AuditAction::Login, &username, client, place).await?;
    let principal = Principal {
        user_id: id,
        username,
        role: Role::parse(&role)?,
        org_id: OrgId::new(org_id),
        scope: ScopeKind::parse(&scope)?,
    };
    Ok(LoginOutcome::Success {
        token,
        csrf_token,
        principal,
        must_change_password,
    })
}
