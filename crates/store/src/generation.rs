//! 数据版本 — write counters (`data_generation`) for caches: `reported_value`'s, read by the
//! indicator data to know when to re-read the reported values. (The registers' counters of
//! earlier versions are no longer written: their indicator cells carry their own write
//! sequence, `cells.rs`.)

/// Bumps the write counter of `$source` (`reported_value`) inside the caller's transaction.
/// Every write path to that table must call it.
macro_rules! bump_generation {
    ($conn:expr, $source:expr) => {
        sqlx::query(
            "INSERT INTO data_generation (source, generation) VALUES ($1, 1) \
             ON CONFLICT (source) DO UPDATE SET generation = data_generation.generation + 1",
        )
        .bind($source)
        .execute(&mut *$conn)
        .await?
    };
}
pub(crate) use bump_generation;

/// Every table's write counter (tables never written are absent).
pub(crate) async fn read_all(
    db: &crate::Db,
) -> Result<std::collections::BTreeMap<String, i64>, crate::StoreError> {
    crate::db::on_db!(db, pool => {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT source, generation FROM data_generation")
                .fetch_all(pool)
                .await?;
        Ok(rows.into_iter().collect())
    })
}
