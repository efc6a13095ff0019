//! `RegisterDef::parse` (forms, API) and `parse_texts` (import) of every register on arbitrary
//! text: the first byte picks the register; the rest, as lossy UTF-8, is lines of
//! `key=value` (by key) and, split on tabs, cells by position. Must never panic; a parsed
//! record's values must display.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let registers = fazhi_domain::register::all();
    let def = registers[usize::from(pick) % registers.len()];
    let text = String::from_utf8_lossy(rest);
    let raw: BTreeMap<String, String> = text
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    if let Ok(record) = def.parse(&raw) {
        let _ = def.display(&record);
    }
    let cells: Vec<&str> = text.split('\t').collect();
    if let Ok(record) = def.parse_texts(&cells) {
        let _ = def.display(&record);
    }
});
