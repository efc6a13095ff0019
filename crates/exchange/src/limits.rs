//! 读取上限 — what an uploaded file may cost the server before it is refused: an xlsx is a zip
//! archive whose parts may inflate a thousandfold (the shared-strings part is held whole in
//! memory by the reader), and a text line may be as long as the file. Both are measured as the
//! file is read, never trusted from what the file declares.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use crate::ExchangeError;

/// Largest decompressed size of all parts of an xlsx together.
pub const MAX_XLSX_INFLATED: u64 = 2 << 30;
/// Largest decompressed shared-strings part (read into memory whole).
pub const MAX_SHARED_STRINGS: u64 = 256 << 20;
/// Longest line of a CSV or NDJSON file.
pub const MAX_LINE_BYTES: usize = 8 << 20;

fn mb(bytes: u64) -> u64 {
    bytes >> 20
}

/// Decompresses every part of the xlsx at `path` into nothing, counting, and refuses the file
/// as soon as a part or the total passes its cap. Memory stays at the inflater's buffers.
pub fn check_xlsx_inflation(path: &Path) -> Result<(), ExchangeError> {
    let not_xlsx =
        |e: zip::result::ZipError| ExchangeError::file(format!("不是有效的 Excel(xlsx)文件:{e}"));
    let mut archive = zip::ZipArchive::new(BufReader::new(File::open(path)?)).map_err(not_xlsx)?;
    let mut total = 0_u64;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(not_xlsx)?;
        let name = entry.name().map_err(not_xlsx)?.into_owned();
        let cap = if name.ends_with("sharedStrings.xml") {
            MAX_SHARED_STRINGS.min(MAX_XLSX_INFLATED - total)
        } else {
            MAX_XLSX_INFLATED - total
        };
        let inflated = std::io::copy(&mut entry.take(cap + 1), &mut std::io::sink())
            .map_err(|e| ExchangeError::file(format!("Excel 文件的「{name}」部分已损坏:{e}")))?;
        if inflated > cap {
            return Err(ExchangeError::file(format!(
                "Excel 文件解压后过大(「{name}」超过 {} MB,全部内容上限 {} MB),文件可能已损坏;\
                 请在 Excel 中另存为 CSV 后导入,或拆分成多个文件",
                mb(cap),
                mb(MAX_XLSX_INFLATED)
            )));
        }
        total += inflated;
    }
    Ok(())
}

/// The error a [`LineCap`] raises inside an `io::Error`.
#[derive(Debug, thiserror::Error)]
#[error("单行超过 {} MB,文件可能不是逐行的 CSV 或 NDJSON", MAX_LINE_BYTES >> 20)]
pub struct LineTooLong;

/// Whether `err` is a [`LineCap`]'s refusal.
pub fn is_line_too_long(err: &std::io::Error) -> bool {
    err.get_ref().is_some_and(|inner| inner.is::<LineTooLong>())
}

/// Passes bytes through, failing once a line grows past [`MAX_LINE_BYTES`].
pub struct LineCap<R> {
    inner: R,
    line: usize,
}

impl<R> LineCap<R> {
    pub fn new(inner: R) -> Self {
        Self { inner, line: 0 }
    }
}

impl<R: Read> Read for LineCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for byte in &buf[..n] {
            if *byte == b'\n' {
                self.line = 0;
            } else {
                self.line += 1;
                if self.line > MAX_LINE_BYTES {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        LineTooLong,
                    ));
                }
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_refused_and_short_ones_pass() {
        let mut text = "a,b\n".repeat(10).into_bytes();
        text.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 1));
        let mut out = Vec::new();
        let err = LineCap::new(&text[..]).read_to_end(&mut out).unwrap_err();
        assert!(is_line_too_long(&err), "{err}");
        let ok = "a,b\n".repeat(1000);
        let mut out = Vec::new();
        LineCap::new(ok.as_bytes()).read_to_end(&mut out).unwrap();
        assert_eq!(out, ok.as_bytes());
    }
}
