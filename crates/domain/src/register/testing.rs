//! Test support: records built from (key, text) pairs, and assertions on rejections.

use std::collections::BTreeMap;

use crate::register::{FieldError, Record, RegisterDef};

/// `base` with `changes` applied; an empty text in `changes` clears the field.
pub(crate) fn raw(base: &[(&str, &str)], changes: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut map: BTreeMap<String, String> = base
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    for (k, v) in changes {
        if v.is_empty() {
            map.remove(*k);
        } else {
            map.insert((*k).to_owned(), (*v).to_owned());
        }
    }
    map
}

/// The record parses; panics with the errors otherwise.
pub(crate) fn accept(def: &RegisterDef, base: &[(&str, &str)], changes: &[(&str, &str)]) -> Record {
    match def.parse(&raw(base, changes)) {
        Ok(record) => record,
        Err(errors) => panic!("{} rejected {changes:?}: {}", def.key, show(&errors)),
    }
}

/// The record is rejected with an error on `field` whose message contains `needle`, and the
/// error as shown to the clerk names the field's Chinese label.
pub(crate) fn reject(
    def: &RegisterDef,
    base: &[(&str, &str)],
    changes: &[(&str, &str)],
    field: &str,
    needle: &str,
) {
    let errors = match def.parse(&raw(base, changes)) {
        Ok(_) => panic!(
            "{} accepted {changes:?}, expected an error on {field}",
            def.key
        ),
        Err(errors) => errors,
    };
    let label = def.field(field).map(|f| f.label).unwrap_or("?");
    let hit = errors
        .iter()
        .find(|e| e.field == field && e.message.contains(needle));
    match hit {
        Some(e) => assert!(
            e.to_string().contains(&format!("「{label}」")),
            "message does not name 「{label}」: {e}"
        ),
        None => panic!(
            "{} {changes:?}: no error on {field} containing 「{needle}」; got: {}",
            def.key,
            show(&errors)
        ),
    }
}

fn show(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("[{}] {e}", e.field))
        .collect::<Vec<_>>()
        .join("; ")
}
