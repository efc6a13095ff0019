//! Reads arbitrary bytes (as lossy UTF-8) as a report: normalise, extract, classify, check and
//! metadata must never panic, and every span must lie within the original text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

static READER: LazyLock<Option<fazhi_text::Reader<'static>>> =
    LazyLock::new(|| fazhi_text::Reader::embedded().ok());

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Some(reader) = READER.as_ref() else {
        return;
    };
    let reading = reader.read(&text);
    let chars = text.chars().count();
    for s in &reading.statistics {
        assert!(s.start <= s.end && s.end <= chars, "span {}..{} of {chars}", s.start, s.end);
    }
    let _ = reader.check(&reading);
    let _ = fazhi_text::metadata(&text);
    let _ = fazhi_text::to_jsonl(&reading.statistics);
});
