//! 联邦 — cities federated into a province on PostgreSQL's own logical replication. Each city
//! keeps its fazhi and its database; `prepare_city` gives the city's ids a block of their own
//! and publishes the registers, the org tree, the indicator cells and the reported values;
//! `join_city` makes the province subscribe to that publication, hang the city's top unit below
//! a province unit, and refuse local writes to the city's rows. A city's writes reach the
//! province within seconds; a city or province offline catches up from the replication slot.
//! `status` reports each subscription and its lag, `resync` copies a city again from scratch.
//!
//! Order of upgrades: the province first (its schema is a superset), then each city, then
//! `prepare_city` and `join_city` again (both idempotent: new tables are published and
//! subscribed, the guards put on them).

mod status;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{AssertSqlSafe, Executor};

use crate::StoreError;

pub use status::{MemberStatus, status};

/// Ids in each node's block: node `n` (a city, n ≥ 1) owns `n·ID_BLOCK ..= (n+1)·ID_BLOCK − 1`;
/// node 0 is the province's own data.
pub const ID_BLOCK: i64 = 1_000_000_000_000;
/// The publication every city makes.
pub const PUBLICATION: &str = "fazhi_federation";
/// Largest node number (keeps every block inside BIGINT).
pub const MAX_NODE: i64 = 9_000_000;

const PROVINCE_SQL: &str = include_str!("province.sql");

/// The tables a city publishes, each with the column holding the id of the unit that owns a
/// row: the org tree, every register, the reported values and their forms' status, and the
/// indicator cells (derived from the registers, so the province need not recompute them).
pub fn replicated_tables() -> Vec<(&'static str, &'static str)> {
    let mut tables = vec![("org_unit", "id"), ("org_version", "org_id")];
    tables.extend(
        fazhi_domain::register::all()
            .iter()
            .map(|def| (def.table, "org_id")),
    );
    tables.extend([
        ("reported_value", "org_id"),
        ("submission", "org_id"),
        ("indicator_cell", "org_id"),
    ]);
    tables
}

/// The id block of node `node`: first and last id.
pub fn id_block(node: i64) -> (i64, i64) {
    (node * ID_BLOCK, (node + 1) * ID_BLOCK - 1)
}

fn federation_error(message: impl Into<String>) -> StoreError {
    StoreError::Conflict(message.into())
}

/// Connects to a PostgreSQL database for a federation command; SQLite is refused.
pub(crate) async fn connect(url: &str, role: &str) -> Result<PgPool, StoreError> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(federation_error(format!(
            "{role}数据库「{url}」不是 PostgreSQL:联邦只能建在 PostgreSQL 上(postgres://…)"
        )));
    }
    let options = PgConnectOptions::from_str(url)?;
    Ok(PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await?)
}

fn check_node(node: i64) -> Result<(), StoreError> {
    if (1..=MAX_NODE).contains(&node) {
        Ok(())
    } else {
        Err(federation_error(format!(
            "节点号 {node} 不合法:城市应为 1 至 {MAX_NODE}(0 为省级库自身)"
        )))
    }
}

/// What `prepare_city` did.
#[derive(Debug, Clone)]
pub struct CityPrepared {
    pub node: i64,
    pub first_id: i64,
    pub last_id: i64,
    pub tables: usize,
}

/// Prepares a city's database (already migrated by its fazhi) for the federation: checks that
/// it can publish (`wal_level = logical`), moves its id sequences into node `node`'s block —
/// refused when a published table already holds ids outside that block — and creates or
/// updates the publication.
pub async fn prepare_city(city_url: &str, node: i64) -> Result<CityPrepared, StoreError> {
    check_node(node)?;
    let pool = connect(city_url, "城市").await?;
    let result = prepare_on(&pool, node).await;
    pool.close().await;
    result
}

async fn prepare_on(pool: &PgPool, node: i64) -> Result<CityPrepared, StoreError> {
    let wal_level: String = sqlx::query_scalar("SELECT current_setting('wal_level')")
        .fetch_one(pool)
        .await?;
    if wal_level != "logical" {
        return Err(federation_error(format!(
            "城市库的 wal_level 为 {wal_level}:请在 postgresql.conf 中设 wal_level = logical 并重启"
        )));
    }
    let (first, last) = id_block(node);
    let tables = replicated_tables();
    for (table, _) in &tables {
        let Some(sequence) = id_sequence(pool, table).await? else {
            continue;
        };
        let outside: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT count(*) FROM {table} WHERE id < $1 OR id > $2"
        )))
        .bind(first)
        .bind(last)
        .fetch_one(pool)
        .await?;
        if outside > 0 {
            return Err(federation_error(format!(
                "表 {table} 已有 {outside} 行编号不在本市区间 {first}–{last} 内:\
                 城市须在录入数据之前加入联邦,本版本不能为已有数据的库重新编号(见 docs/SCALING.md「Ids」)"
            )));
        }
        // The next id is the block's first, or one past the highest already in the block.
        sqlx::query(AssertSqlSafe(format!(
            "SELECT setval($1::regclass, COALESCE((SELECT max(id) FROM {table}), $2), \
             (SELECT max(id) FROM {table}) IS NOT NULL)"
        )))
        .bind(&sequence)
        .bind(first)
        .execute(pool)
        .await?;
    }
    let list = tables
        .iter()
        .map(|(t, _)| *t)
        .collect::<Vec<_>>()
        .join(", ");
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = $1)")
            .bind(PUBLICATION)
            .fetch_one(pool)
            .await?;
    let verb = if exists {
        format!("ALTER PUBLICATION {PUBLICATION} SET TABLE {list}")
    } else {
        format!("CREATE PUBLICATION {PUBLICATION} FOR TABLE {list}")
    };
    pool.execute(AssertSqlSafe(verb)).await?;
    Ok(CityPrepared {
        node,
        first_id: first,
        last_id: last,
        tables: tables.len(),
    })
}

/// The sequence behind `table.id` (identity or serial), if the table has one.
async fn id_sequence(pool: &PgPool, table: &str) -> Result<Option<String>, StoreError> {
    let has_id: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'id')",
    )
    .bind(table)
    .fetch_one(pool)
    .await?;
    if !has_id {
        return Ok(None);
    }
    Ok(
        sqlx::query_scalar("SELECT pg_get_serial_sequence($1, 'id')")
            .bind(table)
            .fetch_one(pool)
            .await?,
    )
}

/// A city joining the province.
#[derive(Debug, Clone)]
pub struct CityLink<'a> {
    /// The city's database as the province's server reaches it (a libpq URI).
    pub city_url: &'a str,
    /// The node number given at `prepare_city`.
    pub node: i64,
    /// The province unit (its code) the city's top unit is placed below.
    pub parent_code: &'a str,
}

/// What `join_city` did.
#[derive(Debug, Clone)]
pub struct CityJoined {
    pub subscription: String,
    pub name: String,
    pub region_code: String,
    /// False when the subscription existed and was only refreshed.
    pub created: bool,
}

/// The subscription name of node `node`.
pub fn subscription_name(node: i64) -> String {
    format!("fazhi_city_{node}")
}

/// Makes the province (migrated by its fazhi) subscribe to a prepared city: installs the
/// province's federation objects, records the member and creates the subscription (which
/// copies the city's rows first), or refreshes it when it exists.
pub async fn join_city(province_url: &str, link: &CityLink<'_>) -> Result<CityJoined, StoreError> {
    check_node(link.node)?;
    let province = connect(province_url, "省级").await?;
    let city = connect(link.city_url, "城市").await?;
    let result = join_on(&province, &city, link).await;
    province.close().await;
    city.close().await;
    result
}

async fn join_on(
    province: &PgPool,
    city: &PgPool,
    link: &CityLink<'_>,
) -> Result<CityJoined, StoreError> {
    let (city_version, province_version) =
        (schema_version(city).await?, schema_version(province).await?);
    if city_version > province_version {
        return Err(federation_error(format!(
            "城市库的数据结构(版本 {city_version})比省级库(版本 {province_version})新:\
             请先升级省级库,再升级城市"
        )));
    }
    let published: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = $1)")
            .bind(PUBLICATION)
            .fetch_one(city)
            .await?;
    if !published {
        return Err(federation_error(
            "城市库尚未准备:请先在城市运行 fazhi federation city-init",
        ));
    }
    let (first, last) = id_block(link.node);
    let (name, region_code) = city_root(city, first, last).await?;
    let parent: Option<i64> = sqlx::query_scalar("SELECT id FROM org_unit WHERE code = $1")
        .bind(link.parent_code)
        .fetch_optional(province)
        .await?;
    let parent = parent.filter(|id| *id < ID_BLOCK).ok_or_else(|| {
        federation_error(format!(
            "省级库中没有省级机构「{}」(城市的顶层机构挂在其下)",
            link.parent_code
        ))
    })?;
    install_province_objects(province).await?;
    let subscription = subscription_name(link.node);
    let other: Option<String> = sqlx::query_scalar(
        "SELECT subscription FROM federation_member WHERE node <> $1 AND region_code = $2",
    )
    .bind(link.node)
    .bind(&region_code)
    .fetch_optional(province)
    .await?;
    if let Some(other) = other {
        return Err(federation_error(format!(
            "区划 {region_code} 已由订阅 {other} 加入,同一城市不能以两个节点加入"
        )));
    }
    sqlx::query(
        "INSERT INTO federation_member \
         (subscription, node, region_code, name, id_min, id_max, parent_org, joined_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (subscription) DO UPDATE SET region_code = excluded.region_code, \
         name = excluded.name, parent_org = excluded.parent_org",
    )
    .bind(&subscription)
    .bind(link.node)
    .bind(&region_code)
    .bind(&name)
    .bind(first)
    .bind(last)
    .bind(parent)
    .bind(crate::clock::now_rfc3339())
    .execute(province)
    .await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_subscription WHERE subname = $1)")
            .bind(&subscription)
            .fetch_one(province)
            .await?;
    if exists {
        province
            .execute(AssertSqlSafe(format!(
                "ALTER SUBSCRIPTION {subscription} REFRESH PUBLICATION"
            )))
            .await?;
    } else {
        subscribe(province, &subscription, link.city_url).await?;
    }
    Ok(CityJoined {
        subscription,
        name,
        region_code,
        created: !exists,
    })
}

/// Creates the subscription `name` to the city at `city_url`, copying its rows first.
async fn subscribe(province: &PgPool, name: &str, city_url: &str) -> Result<(), StoreError> {
    let conninfo = city_url.replace('\'', "''");
    province
        .execute(AssertSqlSafe(format!(
            "CREATE SUBSCRIPTION {name} CONNECTION '{conninfo}' PUBLICATION {PUBLICATION} \
             WITH (copy_data = true)"
        )))
        .await?;
    Ok(())
}

/// The highest migration applied.
async fn schema_version(pool: &PgPool) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(max(version), 0) FROM _sqlx_migrations")
            .fetch_one(pool)
            .await?,
    )
}

/// The city's top unit (name and region code): the one current unit of its block without a
/// parent.
async fn city_root(city: &PgPool, first: i64, last: i64) -> Result<(String, String), StoreError> {
    let roots: Vec<(String, String)> = sqlx::query_as(
        "SELECT v.name, u.region_code FROM org_version v JOIN org_unit u ON u.id = v.org_id \
         WHERE v.parent_id IS NULL AND v.valid_to IS NULL AND u.id BETWEEN $1 AND $2",
    )
    .bind(first)
    .bind(last)
    .fetch_all(city)
    .await?;
    match roots.as_slice() {
        [root] => Ok(root.clone()),
        [] => Err(federation_error(
            "城市库中没有本节点的顶层机构:请先建立城市的组织机构(在 city-init 之后)",
        )),
        _ => Err(federation_error(format!(
            "城市库有 {} 个顶层机构,应只有一个(市人民政府)",
            roots.len()
        ))),
    }
}

/// The province's functions, member table and triggers (idempotent).
async fn install_province_objects(province: &PgPool) -> Result<(), StoreError> {
    province.execute(PROVINCE_SQL).await?;
    for (table, column) in replicated_tables() {
        if table == "indicator_cell" {
            // Derived data: the province's own rebuild may write it.
            continue;
        }
        replace_trigger(
            province,
            table,
            "fazhi_federation_guard",
            &format!(
                "BEFORE INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW \
                 EXECUTE FUNCTION fazhi_federation_guard('{column}')"
            ),
            false,
        )
        .await?;
    }
    let always = [
        (
            "org_version",
            "fazhi_federation_city_root",
            "BEFORE INSERT OR UPDATE ON org_version FOR EACH ROW \
             EXECUTE FUNCTION fazhi_federation_city_root()",
        ),
        (
            "indicator_cell",
            "fazhi_federation_cell_seq",
            "BEFORE INSERT OR UPDATE ON indicator_cell FOR EACH ROW \
             EXECUTE FUNCTION fazhi_federation_cell_seq()",
        ),
        (
            "reported_value",
            "fazhi_federation_reported",
            "AFTER INSERT OR UPDATE OR DELETE ON reported_value FOR EACH ROW \
             EXECUTE FUNCTION fazhi_federation_reported()",
        ),
        (
            "submission",
            "fazhi_federation_reported",
            "AFTER INSERT OR UPDATE OR DELETE ON submission FOR EACH ROW \
             EXECUTE FUNCTION fazhi_federation_reported()",
        ),
    ];
    for (table, name, body) in always {
        replace_trigger(province, table, name, body, true).await?;
    }
    Ok(())
}

/// Drops and creates trigger `name` on `table`; `always` makes it fire for replicated rows too.
async fn replace_trigger(
    pool: &PgPool,
    table: &str,
    name: &str,
    body: &str,
    always: bool,
) -> Result<(), StoreError> {
    let mut sql =
        format!("DROP TRIGGER IF EXISTS {name} ON {table}; CREATE TRIGGER {name} {body};");
    if always {
        sql.push_str(&format!(
            "ALTER TABLE {table} ENABLE ALWAYS TRIGGER {name};"
        ));
    }
    pool.execute(AssertSqlSafe(sql)).await?;
    Ok(())
}

/// Copies a city again from scratch: drops its subscription (and the slot at the city), deletes
/// its rows at the province, and subscribes again with a full copy. For a city whose
/// subscription broke (a slot lost, rows changed by hand).
pub async fn resync(province_url: &str, node: i64) -> Result<(), StoreError> {
    check_node(node)?;
    let province = connect(province_url, "省级").await?;
    let result = resync_on(&province, node).await;
    province.close().await;
    result
}

async fn resync_on(province: &PgPool, node: i64) -> Result<(), StoreError> {
    let subscription = subscription_name(node);
    let conninfo: Option<String> =
        sqlx::query_scalar("SELECT subconninfo FROM pg_subscription WHERE subname = $1")
            .bind(&subscription)
            .fetch_optional(province)
            .await?;
    let Some(conninfo) = conninfo else {
        return Err(federation_error(format!(
            "没有节点 {node} 的订阅:请用 fazhi federation join 加入"
        )));
    };
    // Two statements: DROP SUBSCRIPTION may not run inside a (multi-statement) transaction.
    for statement in ["ALTER SUBSCRIPTION {} DISABLE", "DROP SUBSCRIPTION {}"] {
        province
            .execute(AssertSqlSafe(statement.replace("{}", &subscription)))
            .await?;
    }
    let (first, last) = id_block(node);
    let mut tx = province.begin().await?;
    // As the apply worker does: the guard triggers do not fire for this session.
    sqlx::query("SET LOCAL session_replication_role = replica")
        .execute(&mut *tx)
        .await?;
    for (table, column) in replicated_tables().into_iter().rev() {
        sqlx::query(AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE {column} BETWEEN $1 AND $2"
        )))
        .bind(first)
        .bind(last)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    subscribe(province, &subscription, &conninfo).await
}
