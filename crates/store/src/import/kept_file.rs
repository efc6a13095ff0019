//! 留存文件 — the uploaded file kept with its batch in `import_file_chunk` (1 MiB pieces,
//! inside the database so backups include it), and read back for the audit readers.
//!
//! Reading and hashing the file is blocking IO: it runs on a blocking thread
//! (`spawn_blocking`), which hands the pieces over a small channel to the connection, so the
//! executor never waits on the disk and the next piece is read while one is written.

use std::io::Read;
use std::path::Path;

use sha2::Digest;

use super::conn::ImportConn;
use crate::{ScopedStore, StoreError};

/// Size of the pieces in which a kept file is stored.
const FILE_CHUNK: usize = 1 << 20;

/// Pieces read ahead of the one being written.
const PIECES_AHEAD: usize = 2;

fn read_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database(format!("无法读取导入文件以便留存:{e}"))
}

/// Stores the file at `path` as the kept file of `batch`; returns its SHA-256 (hex) and size.
pub(crate) async fn keep_file<C: ImportConn>(
    conn: &mut C,
    batch: i64,
    path: &Path,
) -> Result<(String, i64), StoreError> {
    let (pieces, mut received) = tokio::sync::mpsc::channel(PIECES_AHEAD);
    let reader = tokio::task::spawn_blocking({
        let path = path.to_owned();
        move || read_pieces(&path, &pieces)
    });
    let mut seq = 0_i64;
    while let Some(piece) = received.recv().await {
        conn.insert_file_piece(batch, seq, &piece).await?;
        seq += 1;
    }
    reader.await.map_err(read_error)?
}

/// Reads the file at `path` in [`FILE_CHUNK`] pieces, hashing them, and sends each on
/// `pieces` (blocking); returns the hash and size. Stops early when the receiver is gone (the
/// write failed and the transaction will be rolled back).
#[allow(clippy::disallowed_methods)] // the one file the store reads, on a blocking thread
fn read_pieces(
    path: &Path,
    pieces: &tokio::sync::mpsc::Sender<Vec<u8>>,
) -> Result<(String, i64), StoreError> {
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let mut hasher = sha2::Sha256::new();
    let mut size = 0_i64;
    loop {
        let mut buf = vec![0_u8; FILE_CHUNK];
        let mut filled = 0;
        while filled < FILE_CHUNK {
            let n = file.read(&mut buf[filled..]).map_err(read_error)?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        if filled == 0 {
            break;
        }
        buf.truncate(filled);
        hasher.update(&buf);
        size += i64::try_from(filled).unwrap_or(i64::MAX);
        if pieces.blocking_send(buf).is_err() {
            break;
        }
        if filled < FILE_CHUNK {
            break;
        }
    }
    Ok((hex::encode(hasher.finalize()), size))
}

impl ScopedStore {
    /// The kept file of an import batch in scope of the audit readers, in order of its pieces.
    pub async fn import_batch_file(&self, batch: i64) -> Result<Vec<u8>, StoreError> {
        self.require(self.principal().role.can_read_audit(), "查看导入批次")?;
        let chunks: Vec<(Vec<u8>,)> = crate::db::on_db!(&self.db, pool => {
            sqlx::query_as("SELECT data FROM import_file_chunk WHERE batch_id = $1 ORDER BY seq")
                .bind(batch)
                .fetch_all(pool)
                .await?
        });
        Ok(chunks.into_iter().flat_map(|(c,)| c).collect())
    }
}
