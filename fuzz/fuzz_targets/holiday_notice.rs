//! A holiday notice file (the calendar TOML an admin loads at run time) on arbitrary text:
//! loading over the embedded calendar never panics, whatever it says.
#![no_main]

use std::sync::LazyLock;

use fazhi_calendar::Calendar;
use libfuzzer_sys::fuzz_target;

static BASE: LazyLock<Option<Calendar>> = LazyLock::new(|| Calendar::embedded().ok());

fuzz_target!(|data: &[u8]| {
    let Some(base) = BASE.as_ref() else {
        return;
    };
    let text = String::from_utf8_lossy(data);
    let mut calendar = base.clone();
    if let Ok(years) = calendar.load_toml(&text) {
        // The loaded years answer questions about their days without panicking.
        for year in years {
            if let Some(day) = chrono::NaiveDate::from_ymd_opt(year, 1, 1) {
                let _ = calendar.add_working_days(day, 30);
            }
        }
    }
});
