//! 导入批次 — a committed import's `import_batch` row, its kept file, the indicator cells and
//! its one audit entry (counts, created and updated ids as ranges, before-images).

use super::check::Ctx;
use super::conn::ImportConn;
use super::kept_file::keep_file;
use super::rows::{ImportOptions, ImportOutcome};
use crate::StoreError;
use crate::audit::AuditPlace;
use fazhi_domain::audit::AuditAction;

/// Ids as ascending ranges (`1-1500000,1500007`), for the batch's audit entry.
#[derive(Debug, Default)]
pub(crate) struct IdRanges(Vec<(i64, i64)>);

impl IdRanges {
    pub(crate) fn push(&mut self, id: i64) {
        match self.0.last_mut() {
            Some((_, end)) if *end + 1 == id => *end = id,
            _ => self.0.push((id, id)),
        }
    }

    pub(crate) fn text(&mut self) -> String {
        self.0.sort_unstable();
        self.0
            .iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}-{b}")
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The `import_batch` row as first inserted.
pub(crate) struct BatchRow<'a> {
    pub(crate) region: Option<&'a str>,
    pub(crate) register: &'a str,
    pub(crate) file_name: &'a str,
    pub(crate) outcome: &'a ImportOutcome,
    pub(crate) actor: &'a str,
    pub(crate) now: &'a str,
}

/// The batch row, the kept file, the indicator cells and the audit entry.
pub(crate) async fn finish_batch<C: ImportConn>(
    conn: &mut C,
    ctx: &mut Ctx,
    options: &ImportOptions,
    actor: &str,
    place: &AuditPlace,
) -> Result<(), StoreError> {
    let register = ctx.def.key;
    let name = options
        .file
        .as_ref()
        .map_or_else(|| "(无文件)".to_owned(), |f| f.name.clone());
    let batch = conn
        .insert_batch(&BatchRow {
            region: place.region.as_deref(),
            register,
            file_name: &name,
            outcome: &ctx.outcome,
            actor,
            now: &ctx.now,
        })
        .await?;
    let (sha, size) = match &options.file {
        Some(file) => keep_file(conn, batch, &file.path).await?,
        None => (String::new(), 0),
    };
    conn.set_batch_file(batch, &sha, size).await?;
    crate::cells::apply(conn, &ctx.cells).await?;
    let after = serde_json::json!({
        "register": register,
        "file": name,
        "sha256": &sha,
        "size": size,
        "rows": ctx.outcome.rows,
        "created": ctx.outcome.created,
        "updated": ctx.outcome.updated,
        "unchanged": ctx.outcome.unchanged,
        "created_ids": ctx.created_ids.text(),
        "updated_ids": ctx.updated_ids.text(),
    });
    let before = (!ctx.before_images.is_empty()).then(|| {
        serde_json::json!({"register": register, "records": std::mem::take(&mut ctx.before_images)})
    });
    let entity = ("import_batch", batch.to_string());
    conn.audit_entry(
        actor,
        AuditAction::Import,
        (entity.0, &entity.1),
        place.clone(),
        before.as_ref(),
        &after,
    )
    .await?;
    ctx.outcome.batch_id = Some(batch);
    ctx.outcome.file_sha256 = Some(sha);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::IdRanges;

    #[test]
    fn id_ranges_compress_runs() {
        let mut r = IdRanges::default();
        for id in [1, 2, 3, 7, 9, 10] {
            r.push(id);
        }
        assert_eq!(r.text(), "1-3,7,9-10");
    }
}
