//! The 文号 parser (规范性文件 document numbers such as 盘府办发〔2024〕5号) on arbitrary text:
//! never panics.
#![no_main]

use fazhi_domain::register::normative_document::DocNumber;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = DocNumber::parse(&text);
});
