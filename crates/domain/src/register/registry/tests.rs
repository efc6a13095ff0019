use std::collections::BTreeSet;

use super::*;
use crate::register::{FieldKind, RegisterDef};

fn unique<'a>(what: &str, items: impl IntoIterator<Item = &'a str>) {
    let mut seen = BTreeSet::new();
    for item in items {
        assert!(!item.is_empty(), "{what}: empty");
        assert!(seen.insert(item), "{what}: duplicate {item}");
    }
}

fn assert_well_formed(def: &RegisterDef) {
    let key = def.key;
    unique(
        &format!("{key} field keys"),
        def.fields.iter().map(|f| f.key),
    );
    unique(
        &format!("{key} field labels"),
        def.fields.iter().map(|f| f.label),
    );
    for f in def.fields {
        assert!(
            f.key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{key}.{}: key must be snake_case (it is a column name)",
            f.key
        );
        assert!(
            !["id", "region_code", "org_id", "created_at", "updated_at"].contains(&f.key),
            "{key}.{}: clashes with a common column",
            f.key
        );
        if let FieldKind::Enum(options) | FieldKind::EnumSet(options) = f.kind {
            assert!(!options.is_empty(), "{key}.{}: no options", f.key);
            unique(
                &format!("{key}.{} codes", f.key),
                options.iter().map(|o| o.code),
            );
            unique(
                &format!("{key}.{} labels", f.key),
                options.iter().map(|o| o.label),
            );
            for o in options {
                assert!(
                    o.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{key}.{}: code {} not snake_case",
                    f.key,
                    o.code
                );
                assert!(!o.code.contains(','), "codes are joined by commas");
            }
        }
    }
    let natural = def
        .field(def.natural_key)
        .unwrap_or_else(|| panic!("{key}: natural key"));
    // Text, or a 统一社会信用代码 (the 名录库 knows its objects by it; stored as text).
    assert!(
        matches!(natural.kind, FieldKind::Text { .. } | FieldKind::CreditCode),
        "{key}: natural key is text"
    );
    let period = def
        .field(def.period_field)
        .unwrap_or_else(|| panic!("{key}: period field"));
    assert_eq!(
        period.kind,
        FieldKind::Date,
        "{key}: period field is a date"
    );
    for s in def.search_fields {
        assert!(def.field(s).is_some(), "{key}: search field {s}");
    }
    if let Some(status) = def.status_field {
        let f = def
            .field(status)
            .unwrap_or_else(|| panic!("{key}: status field"));
        assert!(
            matches!(f.kind, FieldKind::Enum(_)),
            "{key}: status is an enum"
        );
    }
    for link in def.links {
        match *link {
            LinkCheck::Record { field, target } => {
                assert_eq!(
                    def.field(field).map(|f| f.kind),
                    Some(FieldKind::Link),
                    "{key}.{field}"
                );
                assert!(by_key(target).is_some(), "{key}: link target {target}");
            }
            LinkCheck::ValidCertificates {
                field,
                on_date_field,
            } => {
                assert!(def.field(field).is_some(), "{key}.{field}");
                assert_eq!(
                    def.field(on_date_field).map(|f| f.kind),
                    Some(FieldKind::Date)
                );
            }
            LinkCheck::Evidence { field, reason, .. } => {
                assert!(
                    matches!(
                        def.field(field).map(|f| f.kind),
                        Some(FieldKind::Text { .. })
                    ),
                    "{key}.{field}: evidence is text"
                );
                assert!(!reason.is_empty(), "{key}.{field}: reason");
            }
        }
    }
}

use crate::register::LinkCheck;

#[test]
fn every_definition_is_well_formed() {
    assert_eq!(all().len(), 16);
    unique("register keys", all().iter().map(|d| d.key));
    unique("tables", all().iter().map(|d| d.table));
    unique("labels", all().iter().map(|d| d.label));
    for def in all() {
        assert!(!def.org_label.is_empty());
        assert_well_formed(def);
    }
}

#[test]
fn lookup_by_key() {
    for def in all() {
        assert!(std::ptr::eq(by_key(def.key).unwrap(), *def));
    }
    assert!(by_key("no-such-register").is_none());
    assert_eq!(
        by_key("certificates").unwrap().table,
        "enforcement_certificate"
    );
}

#[test]
fn empty_input_names_every_required_field() {
    for def in all() {
        let errors = def.parse(&Default::default()).unwrap_err();
        let required: Vec<&str> = def
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.key)
            .collect();
        let named: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(named, required, "{}", def.key);
    }
}

#[test]
fn shipped_rules_name_only_codes_their_fields_offer() {
    assert_eq!(definition_problems(), Vec::<String>::new());
}

#[test]
fn a_rule_naming_a_missing_code_is_a_definition_problem() {
    use crate::register::rules::{Check, MISNAMED_CODE};
    let record = crate::register::Record::default();
    let fields = crate::register::enforcement::ENFORCEMENT_CASES.fields;
    let c = Check::new(&record, fields);
    assert!(!c.is("kind", "penalty"));
    assert!(!c.is("kind", "no_such_kind"));
    assert!(!c.is_any("kind", &["licensing", "also_missing"]));
    let errors = c.finish();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].message, MISNAMED_CODE);
    assert_eq!(errors[0].value, "kind=no_such_kind、kind=also_missing");
}
