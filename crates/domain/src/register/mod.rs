//! 登记簿 — the registers of case-level records that the annual report counts. Each register
//! is described once, as data ([`RegisterDef`]): its fields with Chinese labels and kinds, its
//! natural key, the date that places a record in a period, and its cross-field rules. Storage,
//! web forms, the JSON API and Excel import/export are all generated from that description.

mod field;
pub mod link;
mod parse;

mod rules;
#[cfg(test)]
mod testing;
mod unread;

pub mod certificate;
mod counted;
mod deadlines;
pub mod double_random;
pub mod enforcement;
pub mod information_request;
pub mod legal_adviser;
pub mod legality_review;
pub mod litigation;
pub mod major_decision;
pub mod major_penalty_filing;
pub mod mediation;
pub mod normative_document;
pub mod publicity;
pub mod reconsideration;
pub mod rectification;
mod registry;
pub mod suggestion;

pub use deadlines::{
    DeadlineBinding, ISSUER_SET_RULES, bindings_for, deadline_bindings, is_issuer_set,
    unknown_rule_keys,
};
pub use registry::{all, by_key, definition_problems};
pub use rules::MISNAMED_CODE;

pub use field::{EnumOption, FieldDef, FieldKind, format_fen};
pub use parse::{bracket_variants, parse_amount_fen, parse_bool, parse_date};

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

/// A stored or parsed value of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Text(String),
    Date(NaiveDate),
    /// Money in 分 (1/100 元): exact, never a float.
    Fen(i64),
    Int(i64),
    Bool(bool),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) | Value::Fen(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// 字段错误 — what is wrong with one field, in words a clerk understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's key (`decision_date`), empty for record-level errors.
    pub field: &'static str,
    /// The field's Chinese label (「决定日期」).
    pub label: &'static str,
    /// The value as given.
    pub value: String,
    /// What is wrong and what is expected.
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.label.is_empty() {
            // A record-level error (a duplicate key, a rule over several fields) names its
            // fields in its message: no empty 「」 before it.
            f.write_str(&self.message)
        } else if self.value.is_empty() {
            write!(f, "「{}」{}", self.label, self.message)
        } else {
            write!(
                f,
                "「{}」的值「{}」{}",
                self.label, self.value, self.message
            )
        }
    }
}

/// A record's field values by field key (the owning org unit is held apart, see store).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Record {
    pub values: BTreeMap<&'static str, Value>,
}

impl Record {
    pub fn get(&self, key: &str) -> &Value {
        self.values.get(key).unwrap_or(&Value::Null)
    }

    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        self.get(key).as_date()
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).as_text()
    }

    pub fn flag(&self, key: &str) -> bool {
        self.get(key).as_bool().unwrap_or(false)
    }

    pub fn set(&mut self, key: &'static str, value: Value) {
        self.values.insert(key, value);
    }
}

/// A link a record makes to another record or to a certificate, checked by the store
/// (existence and scope) because it needs the database. Not comparable: [`LinkCheck::Evidence`]
/// holds a function, whose address says nothing.
#[derive(Debug, Clone, Copy)]
pub enum LinkCheck {
    /// The field holds the id of a record of register `target` (e.g. a reconsideration's
    /// challenged enforcement case), typed as that record's number ([`link`]).
    Record {
        field: &'static str,
        target: &'static str,
    },
    /// The field holds certificate numbers (comma-separated) that must be valid (发证, not
    /// 注销) on the date of `on_date_field` — 行政处罚法 Arts. 42, 52: officers hold certificates.
    ValidCertificates {
        field: &'static str,
        on_date_field: &'static str,
    },
    /// 佐证材料 — when `required_when` holds (a problem reported rectified), the record needs
    /// evidence: the text of `field` (a report's 文号, the materials' names) or at least one
    /// file attached to it. Files live in the store, so the store decides; `reason` says in
    /// Chinese why and how to supply it.
    Evidence {
        field: &'static str,
        required_when: fn(&Record) -> bool,
        reason: &'static str,
    },
}

impl RegisterDef {
    /// The evidence `record` lacks in its text fields: one error per [`LinkCheck::Evidence`]
    /// that applies and whose field is empty. The store refuses these unless the record
    /// already has a file attached (a new record never has).
    pub fn missing_evidence(&self, record: &Record) -> Vec<FieldError> {
        self.links
            .iter()
            .filter_map(|link| match *link {
                LinkCheck::Evidence {
                    field,
                    required_when,
                    reason,
                } if required_when(record) && record.get(field).is_null() => Some(FieldError {
                    field,
                    label: self.field(field).map_or(field, |f| f.label),
                    value: String::new(),
                    message: format!("必须填写({reason})"),
                }),
                _ => None,
            })
            .collect()
    }
}

/// 登记簿定义 — one register described as data.
#[derive(Debug)]
pub struct RegisterDef {
    /// URL and API name, e.g. `enforcement-cases`.
    pub key: &'static str,
    /// Table name in both backends, e.g. `enforcement_case`.
    pub table: &'static str,
    /// Chinese name, e.g. 行政执法案件.
    pub label: &'static str,
    /// What the owning org unit is called here (执法机关, 复议机关, 调解委员会 …).
    pub org_label: &'static str,
    pub fields: &'static [FieldDef],
    /// The field that identifies a record within a region (case code, certificate number …);
    /// import updates records with the same key instead of duplicating them.
    pub natural_key: &'static str,
    /// The date field that places a record in a period (立案日期, 收到申请日期 …).
    pub period_field: &'static str,
    /// Fields searched by the list's free-text filter.
    pub search_fields: &'static [&'static str],
    /// A field whose value is the record's status for list filters, if any.
    pub status_field: Option<&'static str>,
    /// Cross-field rules (dates in order, required-if …) beyond each field's own parsing.
    pub rules: fn(&Record) -> Vec<FieldError>,
    /// Links the store must check.
    pub links: &'static [LinkCheck],
    /// Rewrites parsed values into their canonical form before the rules run (e.g. a 文号's
    /// brackets to 〔〕), so that the stored natural key does not depend on how it was typed.
    pub normalize: Option<fn(&mut Record)>,
    /// Facts computed from a record that clerks and the indicator engine read but nobody types
    /// (三项制度 compliance, 败诉, 纠错 …); shown on the record page and in the API.
    pub derived: Option<fn(&Record) -> Vec<DerivedFact>>,
}

/// 计算结果 — one fact derived from a record, with why it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DerivedFact {
    /// Chinese name of the fact (「三项制度·执法公示」).
    pub label: &'static str,
    /// Its value in Chinese (符合 / 不符合 / 不适用, 是 / 否, a date …).
    pub value: String,
    /// The reason or legal basis, in Chinese.
    pub note: &'static str,
}

impl RegisterDef {
    pub fn field(&self, key: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Parses raw text values (a web form, a CSV row, JSON converted to text) into a record;
    /// reports every problem at once. Keys may be field keys or Chinese labels.
    pub fn parse(&self, raw: &BTreeMap<String, String>) -> Result<Record, Vec<FieldError>> {
        let texts: Vec<&str> = self
            .fields
            .iter()
            .map(|field| {
                raw.get(field.key)
                    .or_else(|| raw.get(field.label))
                    .map_or("", String::as_str)
            })
            .collect();
        self.parse_texts(&texts)
    }

    /// [`RegisterDef::parse`] of texts given by position: `texts[i]` is the value of
    /// `fields[i]` (missing ones are empty). What a file's reader calls once per row.
    pub fn parse_texts(&self, texts: &[&str]) -> Result<Record, Vec<FieldError>> {
        let mut values = Vec::with_capacity(self.fields.len());
        let mut errors = Vec::new();
        for (i, field) in self.fields.iter().enumerate() {
            let text = texts.get(i).map_or("", |s| s.trim());
            match field.parse(text) {
                Ok(value) => values.push((field.key, value)),
                Err(message) => errors.push(FieldError {
                    field: field.key,
                    label: field.label,
                    value: text.to_owned(),
                    message,
                }),
            }
        }
        // Built from a list (sorted once, then laid out) instead of one insert per field.
        let mut record = Record {
            values: values.into_iter().collect(),
        };
        if let Some(normalize) = self.normalize {
            normalize(&mut record);
        }
        // Every problem of the row at once: the rules run over the values that could be read
        // even when others could not (a clerk met the cross-field errors only after fixing a
        // date), keeping what holds whatever the unread values are ([`unread`]).
        if errors.is_empty() {
            errors = (self.rules)(&record);
        } else {
            let unread: Vec<&'static FieldDef> = (self.fields.iter())
                .filter(|f| errors.iter().any(|e| e.field == f.key))
                .collect();
            let certain = unread::certain_rule_errors(self.rules, &record, &unread);
            errors.extend(certain);
        }
        if errors.is_empty() {
            Ok(record)
        } else {
            Err(errors)
        }
    }

    /// The facts derived from a record (empty for registers without any).
    pub fn derive(&self, record: &Record) -> Vec<DerivedFact> {
        self.derived.map(|f| f(record)).unwrap_or_default()
    }

    /// The record's values as display text per field (for forms, exports and history).
    pub fn display(&self, record: &Record) -> Vec<(&'static FieldDef, String)> {
        self.fields
            .iter()
            .map(|f| (f, f.display(record.get(f.key))))
            .collect()
    }
}

/// Helper for rules: `earlier` must not be after `later` when both are given.
pub fn date_order(
    record: &Record,
    def_fields: &'static [FieldDef],
    earlier: &'static str,
    later: &'static str,
) -> Option<FieldError> {
    let (a, b) = (record.date(earlier)?, record.date(later)?);
    if a <= b {
        return None;
    }
    let label = |key: &str| {
        def_fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.label)
            .unwrap_or("")
    };
    Some(FieldError {
        field: later,
        label: label(later),
        value: b.to_string(),
        message: format!("不能早于「{}」({a})", label(earlier)),
    })
}

/// Helper for rules: `field` must be given when `condition` holds.
pub fn required_if(
    record: &Record,
    field: &'static FieldDef,
    condition: bool,
    reason: &str,
) -> Option<FieldError> {
    (condition && record.get(field.key).is_null()).then(|| FieldError {
        field: field.key,
        label: field.label,
        value: String::new(),
        message: format!("必须填写({reason})"),
    })
}
