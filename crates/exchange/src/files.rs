//! 临时文件 — files the server holds for a while on behalf of one user: an export being
//! written, an import's file handed back with its errors. Readable by this server's user only
//! (directories 0700, files 0600) and removed when done or when old. Blocking file IO: the web
//! crate calls these off the async executor or for small files only.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A fresh private directory under `parent`, removed with everything in it when dropped (also
/// when the request fails half-way, so nothing is left behind).
pub fn private_temp_dir(parent: &Path, prefix: &str) -> std::io::Result<tempfile::TempDir> {
    // tempfile creates the directory with mode 0700.
    tempfile::Builder::new().prefix(prefix).tempdir_in(parent)
}

/// Writes `bytes` as `name` into the private directory `dir` (made 0700 when missing), first
/// removing the files there older than `max_age`; returns the file's path.
pub fn keep_private(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    max_age: Duration,
) -> std::io::Result<PathBuf> {
    private_dir(dir)?;
    remove_older_than(dir, max_age);
    let path = dir.join(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(&path)?.write_all(bytes)?;
    Ok(path)
}

/// Creates `dir` readable by this server's user only (0700).
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Removes the files of `dir` last changed more than `max_age` ago; what cannot be read or
/// removed is left for the next sweep.
fn remove_older_than(dir: &Path, max_age: Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > max_age);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_files_are_private_and_old_ones_go() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("kept");
        let first = keep_private(&dir, "a.xlsx", b"one", Duration::from_secs(3600)).expect("keep");
        assert_eq!(std::fs::read(&first).expect("read"), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(&first), 0o600);
        }
        // With a zero age limit, the first file is old by the time the second is kept.
        let second = keep_private(&dir, "b.xlsx", b"two", Duration::ZERO).expect("keep");
        assert!(!first.exists());
        assert!(second.exists());
    }

    #[test]
    fn a_temp_dir_is_removed_when_dropped() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = private_temp_dir(root.path(), "fazhi-test-").expect("dir");
        let inside = dir.path().join("export.csv");
        std::fs::write(&inside, b"x").expect("write");
        let path = dir.path().to_owned();
        drop(dir);
        assert!(!path.exists());
    }
}
