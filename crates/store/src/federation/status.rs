//! 联邦状态 — each member city's subscription at the province: running or not, tables copied,
//! the time since the city last spoke, and how far behind it the province is (bytes of the
//! city's WAL not yet confirmed by the province, read at the city when it can be reached).

use crate::StoreError;

/// One member city as the province sees it.
#[derive(Debug, Clone)]
pub struct MemberStatus {
    pub subscription: String,
    pub node: i64,
    pub name: String,
    pub region_code: String,
    pub enabled: bool,
    /// The apply worker runs (it is connected to the city).
    pub connected: bool,
    /// Tables whose first copy is done, of all subscribed.
    pub tables_ready: i64,
    pub tables: i64,
    /// Seconds since the last message from the city (none while not connected).
    pub seconds_since_message: Option<f64>,
    /// Bytes of the city's WAL the province has not confirmed; `None` when the city cannot be
    /// reached from here.
    pub lag_bytes: Option<i64>,
}

type MemberRow = (
    String,
    i64,
    String,
    String,
    bool,
    bool,
    i64,
    i64,
    Option<f64>,
    String,
);

/// Every member city of the province at `province_url`, by node.
pub async fn status(province_url: &str) -> Result<Vec<MemberStatus>, StoreError> {
    let province = super::connect(province_url, "省级").await?;
    let joined: bool = sqlx::query_scalar("SELECT to_regclass('federation_member') IS NOT NULL")
        .fetch_one(&province)
        .await?;
    if !joined {
        province.close().await;
        return Ok(Vec::new());
    }
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT m.subscription, m.node, m.name, m.region_code, s.subenabled, \
         st.pid IS NOT NULL, \
         (SELECT count(*) FROM pg_subscription_rel r WHERE r.srsubid = s.oid AND r.srsubstate = 'r'), \
         (SELECT count(*) FROM pg_subscription_rel r WHERE r.srsubid = s.oid), \
         EXTRACT(EPOCH FROM now() - st.last_msg_receipt_time)::float8, s.subconninfo \
         FROM federation_member m JOIN pg_subscription s ON s.subname = m.subscription \
         LEFT JOIN pg_stat_subscription st ON st.subid = s.oid AND st.relid IS NULL \
         ORDER BY m.node",
    )
    .fetch_all(&province)
    .await?;
    province.close().await;
    let mut members = Vec::with_capacity(rows.len());
    for (
        subscription,
        node,
        name,
        region_code,
        enabled,
        connected,
        ready,
        tables,
        since,
        conninfo,
    ) in rows
    {
        let lag_bytes = city_lag(&conninfo, &subscription).await;
        members.push(MemberStatus {
            subscription,
            node,
            name,
            region_code,
            enabled,
            connected,
            tables_ready: ready,
            tables,
            seconds_since_message: since.filter(|_| connected),
            lag_bytes,
        });
    }
    Ok(members)
}

/// Bytes between the city's current WAL position and what the subscription's slot confirmed.
async fn city_lag(conninfo: &str, slot: &str) -> Option<i64> {
    let pool = super::connect(conninfo, "城市").await.ok()?;
    let lag: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint \
         FROM pg_replication_slots WHERE slot_name = $1",
    )
    .bind(slot)
    .fetch_optional(&pool)
    .await
    .ok()?;
    pool.close().await;
    lag.flatten()
}
