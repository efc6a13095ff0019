//! 规则用语 — the small vocabulary the registers are written in: field constructors and
//! [`Check`], which collects the cross-field errors of one record in a clerk's words.

use crate::register::{EnumOption, FieldDef, FieldError, FieldKind, Record, date_order};

/// Names, titles, organs: one line of text.
pub(crate) const LINE: FieldKind = FieldKind::Text { max_chars: 200 };
/// Case numbers, certificate numbers and other codes.
pub(crate) const CODE: FieldKind = FieldKind::Text { max_chars: 64 };
/// Free text: content, reasons, evidence.
pub(crate) const PROSE: FieldKind = FieldKind::Text { max_chars: 2000 };

/// An optional field.
pub(crate) const fn field(
    key: &'static str,
    label: &'static str,
    kind: FieldKind,
    help: &'static str,
) -> FieldDef {
    FieldDef {
        key,
        label,
        kind,
        required: false,
        help,
    }
}

/// A field every record must fill.
pub(crate) const fn required(
    key: &'static str,
    label: &'static str,
    kind: FieldKind,
    help: &'static str,
) -> FieldDef {
    FieldDef {
        key,
        label,
        kind,
        required: true,
        help,
    }
}

pub(crate) const fn opt(code: &'static str, label: &'static str) -> EnumOption {
    EnumOption { code, label }
}

/// The message of a rule that names a code its field does not have: a definition error,
/// found at start-up by [`crate::register::definition_problems`] and never a clerk's fault.
pub const MISNAMED_CODE: &str = "登记簿规则引用了字段中没有的代码(定义错误,请联系管理员)";

/// The errors of one record against one register's fields.
pub(crate) struct Check<'r> {
    record: &'r Record,
    fields: &'static [FieldDef],
    errors: Vec<FieldError>,
    /// `field=code` pairs the rules tested that the field's options lack.
    misnamed: std::cell::RefCell<Vec<String>>,
}

impl<'r> Check<'r> {
    pub(crate) fn new(record: &'r Record, fields: &'static [FieldDef]) -> Self {
        Self {
            record,
            fields,
            errors: Vec::new(),
            misnamed: std::cell::RefCell::new(Vec::new()),
        }
    }

    pub(crate) fn finish(mut self) -> Vec<FieldError> {
        let misnamed = self.misnamed.take();
        if !misnamed.is_empty() {
            self.errors.push(FieldError {
                field: "",
                label: "登记簿定义",
                value: misnamed.join("、"),
                message: MISNAMED_CODE.into(),
            });
        }
        self.errors
    }

    /// Notes each of `codes` that is not an option of field `key`.
    fn note_codes(&self, key: &str, codes: &[&str]) {
        let options = self
            .fields
            .iter()
            .find(|f| f.key == key)
            .map_or(&[][..], FieldDef::options);
        let mut misnamed = self.misnamed.borrow_mut();
        for code in codes {
            if !options.iter().any(|o| o.code == *code) {
                misnamed.push(format!("{key}={code}"));
            }
        }
    }

    fn label(&self, key: &str) -> &'static str {
        let found = self.fields.iter().find(|f| f.key == key);
        debug_assert!(found.is_some(), "rule names unknown field {key}");
        found.map_or("", |f| f.label)
    }

    /// The field's value is given.
    pub(crate) fn has(&self, key: &str) -> bool {
        !self.record.get(key).is_null()
    }

    /// The enum field holds this code.
    pub(crate) fn is(&self, key: &str, code: &str) -> bool {
        self.note_codes(key, &[code]);
        self.record.text(key) == Some(code)
    }

    /// The enum field holds one of these codes.
    pub(crate) fn is_any(&self, key: &str, codes: &[&str]) -> bool {
        self.note_codes(key, codes);
        self.record.text(key).is_some_and(|c| codes.contains(&c))
    }

    /// The enum-set field contains this code.
    pub(crate) fn contains(&self, key: &str, code: &str) -> bool {
        self.note_codes(key, &[code]);
        self.record
            .text(key)
            .is_some_and(|codes| codes.split(',').any(|c| c == code))
    }

    /// The yes/no field is 是 (empty counts as 否).
    pub(crate) fn flag(&self, key: &str) -> bool {
        self.record.flag(key)
    }

    /// The number (integer or 分) of the field, 0 when empty.
    pub(crate) fn number(&self, key: &str) -> i64 {
        self.record.get(key).as_int().unwrap_or(0)
    }

    /// `earlier` must not be after `later` when both are given.
    pub(crate) fn order(&mut self, earlier: &'static str, later: &'static str) {
        debug_assert!(!self.label(earlier).is_empty() && !self.label(later).is_empty());
        if let Some(error) = date_order(self.record, self.fields, earlier, later) {
            self.errors.push(error);
        }
    }

    /// Each date in `chain` must not be after the next one given after it.
    pub(crate) fn chain(&mut self, chain: &[&'static str]) {
        for (i, earlier) in chain.iter().enumerate() {
            if let Some(later) = chain[i + 1..].iter().find(|k| self.has(k)) {
                self.order(earlier, later);
            }
        }
    }

    /// `key` must be given when `condition` holds.
    pub(crate) fn require(&mut self, key: &'static str, condition: bool, reason: &str) {
        if condition && !self.has(key) {
            self.fail(key, format!("必须填写({reason})"));
        }
    }

    /// `key` must be empty when `condition` holds.
    pub(crate) fn forbid(&mut self, key: &'static str, condition: bool, reason: &str) {
        if condition && self.has(key) {
            self.fail(key, format!("不应填写({reason})"));
        }
    }

    /// Records an error on `key`, showing its current value.
    pub(crate) fn fail(&mut self, key: &'static str, message: String) {
        let label = self.label(key);
        let value = self
            .fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.display(self.record.get(key)))
            .unwrap_or_default();
        self.errors.push(FieldError {
            field: key,
            label,
            value,
            message,
        });
    }
}
