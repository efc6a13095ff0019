//! The import's file readers on arbitrary bytes: the first byte picks CSV (UTF-8 or GBK, the
//! encoding is detected), NDJSON or xlsx; the rest is the file. Reading never panics, and
//! every row handed on carries a row number greater than the one before (NDJSON numbers its
//! lines from 1: it has no header row of its own).
#![no_main]

use fazhi_exchange::{ExchangeError, Format, RowSink, read_rows};
use libfuzzer_sys::fuzz_target;

struct Sink {
    header: bool,
    last: u64,
}

impl RowSink for Sink {
    fn header(&mut self, _cells: &[String]) -> Result<(), ExchangeError> {
        self.header = true;
        Ok(())
    }

    fn row(&mut self, line: u64, _cells: &[String]) -> Result<bool, ExchangeError> {
        assert!(self.header, "a row before the header");
        assert!(line > self.last, "row numbers go up: {line} after {}", self.last);
        self.last = line;
        Ok(true)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else {
        return;
    };
    let format = match pick % 3 {
        0 => Format::Csv,
        1 => Format::Ndjson,
        _ => Format::Xlsx,
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("input");
    if std::fs::write(&path, file).is_err() {
        return;
    }
    let mut sink = Sink {
        header: false,
        last: 0,
    };
    let _ = read_rows(&path, format, None, &mut sink);
});
