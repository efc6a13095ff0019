//! `Period::parse` on arbitrary text: never panics, and a parsed period's canonical form
//! parses back to the same period.
#![no_main]

use fazhi_indicators::Period;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(period) = Period::parse(&text) {
        let canonical = period.to_string();
        let again = Period::parse(&canonical).expect("a period's canonical form parses");
        assert_eq!(again, period, "{canonical}");
    }
});
