//! 一次报全 — the rules of a row some of whose values could not be read. A clerk should meet
//! every problem of a row in the first upload (issue 25), so the cross-field rules run over the
//! values that were read; but a rule may depend on a value that was not (an unreadable 执法类别
//! decides whether 处罚种类 may be filled). A rule's error is reported only when it holds
//! whatever the unread choice fields turn out to be: the rules run once per combination of
//! their options (and empty), and only the errors every run finds are kept. Other unread
//! values count as empty, and no rule blames a field that was itself unreadable.

use super::{EnumOption, FieldDef, FieldError, FieldKind, Record, Value};

/// Most combinations of unread choices tried; beyond it no rule error is reported for the row
/// (its unreadable values are, and the rules run again once they are fixed).
const MOST_COMBINATIONS: usize = 64;

/// The errors of `rules` over `record` that hold for every value the `unread` fields may take.
pub(super) fn certain_rule_errors(
    rules: fn(&Record) -> Vec<FieldError>,
    record: &Record,
    unread: &[&'static FieldDef],
) -> Vec<FieldError> {
    let choices: Vec<(&'static str, Vec<Value>)> = unread
        .iter()
        .filter_map(|f| alternatives(f).map(|values| (f.key, values)))
        .collect();
    let combinations = choices
        .iter()
        .try_fold(1_usize, |n, (_, values)| n.checked_mul(values.len()));
    if combinations.is_none_or(|n| n > MOST_COMBINATIONS) {
        return Vec::new();
    }
    let mut kept: Option<Vec<FieldError>> = None;
    for_each_combination(record, &choices, &mut |candidate| {
        let errors = rules(candidate);
        kept = Some(match kept.take() {
            None => errors,
            Some(before) => before.into_iter().filter(|e| errors.contains(e)).collect(),
        });
    });
    let mut errors = kept.unwrap_or_default();
    errors.retain(|e| !unread.iter().any(|f| f.key == e.field));
    errors
}

/// The values a choice field may take once fixed (empty included); `None` for other kinds.
fn alternatives(field: &FieldDef) -> Option<Vec<Value>> {
    let options = |options: &[EnumOption]| {
        let mut values: Vec<Value> = (options.iter())
            .map(|o| Value::Text(o.code.to_owned()))
            .collect();
        values.push(Value::Null);
        values
    };
    match field.kind {
        FieldKind::Enum(list) | FieldKind::EnumSet(list) => Some(options(list)),
        FieldKind::Bool => Some(vec![Value::Bool(true), Value::Bool(false), Value::Null]),
        _ => None,
    }
}

/// Calls `visit` with `record` completed by each combination of the `choices`.
fn for_each_combination(
    record: &Record,
    choices: &[(&'static str, Vec<Value>)],
    visit: &mut dyn FnMut(&Record),
) {
    let Some(((key, values), rest)) = choices.split_first() else {
        visit(record);
        return;
    };
    for value in values {
        let mut candidate = record.clone();
        candidate.set(key, value.clone());
        for_each_combination(&candidate, rest, visit);
    }
}
