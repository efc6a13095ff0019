//! 字段 — one field of a register: key, Chinese label, kind, and how text becomes a value.

use crate::register::Value;
use crate::register::parse::{parse_amount_fen, parse_bool, parse_date};
use crate::{CitizenId, CreditCode};

/// One allowed value of an enumerated field: the stored code and the Chinese label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumOption {
    pub code: &'static str,
    pub label: &'static str,
}

/// What kind of value a field holds, which fixes its parsing, storage and display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Text up to `max_chars` characters (TEXT).
    Text { max_chars: usize },
    /// A date (DATE; accepts 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日).
    Date,
    /// Money in 元, exact to the 分; stored as integer 分 (BIGINT). Accepts 1,234.5 / 1.2万元.
    Amount,
    /// A whole number within bounds (BIGINT).
    Integer { min: i64, max: i64 },
    /// 是/否 (BOOLEAN).
    Bool,
    /// One of the options, stored as its code (TEXT); accepted by code or label.
    Enum(&'static [EnumOption]),
    /// Several of the options, stored as codes joined by `,` (TEXT).
    EnumSet(&'static [EnumOption]),
    /// 统一社会信用代码 (TEXT, check character validated).
    CreditCode,
    /// 公民身份号码 (TEXT, check character validated).
    CitizenId,
    /// 统一社会信用代码 or 公民身份号码, whichever the value is (TEXT).
    PartyId,
    /// 关联记录 — a record of another register, stored as its id (BIGINT). Typed as the
    /// record's number (its natural key, e.g. 案件编号) or `#id`: parsing keeps the text
    /// (`Value::Text`) and the store resolves it within the caller's scope to `Value::Int`
    /// ([`crate::register::link`], [`crate::register::LinkCheck`]).
    Link,
}

impl FieldKind {
    /// Money and counts, written with thousands separators when read. A whole number whose
    /// smallest allowed value is 1000 or more (a 目录年度) is a label, not a quantity: 2024
    /// stays 2024.
    pub fn is_quantity(self) -> bool {
        match self {
            FieldKind::Amount => true,
            FieldKind::Integer { min, .. } => min < 1000,
            _ => false,
        }
    }
}

/// 字段定义
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    /// Column name and API name.
    pub key: &'static str,
    /// Chinese label: form label, Excel header.
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// One line explaining the field (legal source where it has one), for forms and templates.
    pub help: &'static str,
}

impl FieldDef {
    /// Parses the text a clerk typed; empty text is `Null` unless the field is required.
    pub fn parse(&self, text: &str) -> Result<Value, String> {
        let text = text.trim();
        if text.is_empty() {
            return if self.required {
                Err("必须填写".into())
            } else {
                Ok(Value::Null)
            };
        }
        match self.kind {
            FieldKind::Text { max_chars } => {
                let n = text.chars().count();
                if n > max_chars {
                    Err(format!("过长:最多{max_chars}个字符,实为{n}个"))
                } else {
                    Ok(Value::Text(text.to_owned()))
                }
            }
            FieldKind::Date => parse_date(text).map(Value::Date),
            FieldKind::Amount => parse_amount_fen(text).map(Value::Fen),
            FieldKind::Integer { min, max } => parse_integer(text, min, max).map(Value::Int),
            FieldKind::Bool => parse_bool(text).map(Value::Bool),
            FieldKind::Enum(options) => {
                find_option(options, text).map(|o| Value::Text(o.code.into()))
            }
            FieldKind::EnumSet(options) => parse_enum_set(options, text).map(Value::Text),
            FieldKind::CreditCode => CreditCode::parse(text)
                .map(|c| Value::Text(c.to_string()))
                .map_err(|e| strip_field(&e.to_string())),
            FieldKind::CitizenId => CitizenId::parse(text)
                .map(|c| Value::Text(c.as_str().to_owned()))
                .map_err(|e| strip_field(&e.to_string())),
            FieldKind::PartyId => parse_party_id(text).map(Value::Text),
            FieldKind::Link => crate::register::link::parse_link(text).map(Value::Text),
        }
    }

    /// The value as a clerk would type it (the inverse of [`FieldDef::parse`]).
    pub fn display(&self, value: &Value) -> String {
        match (value, self.kind) {
            (Value::Null, _) => String::new(),
            (Value::Text(code), FieldKind::Enum(options)) => options
                .iter()
                .find(|o| o.code == code)
                .map(|o| o.label.to_owned())
                .unwrap_or_else(|| code.clone()),
            (Value::Text(codes), FieldKind::EnumSet(options)) => codes
                .split(',')
                .map(|c| {
                    options
                        .iter()
                        .find(|o| o.code == c)
                        .map(|o| o.label)
                        .unwrap_or(c)
                })
                .collect::<Vec<_>>()
                .join("、"),
            (Value::Text(s), _) => s.clone(),
            // A stored link the store did not write as its number: by id, so it reads back.
            (Value::Int(id), FieldKind::Link) => crate::register::link::id_text(*id),
            (Value::Date(d), _) => d.to_string(),
            (Value::Fen(f), _) => format_fen(*f),
            (Value::Int(i), _) => i.to_string(),
            (Value::Bool(b), _) => if *b { "是" } else { "否" }.to_owned(),
        }
    }

    /// The value as a page shows it to be read: like [`FieldDef::display`], with amounts and
    /// quantities grouped by thousands (`1,234,567.50`). Not for form inputs or exports, which
    /// must parse back.
    pub fn shown(&self, value: &Value) -> String {
        let text = self.display(value);
        if self.kind.is_quantity() {
            crate::numbers::thousands(&text)
        } else {
            text
        }
    }

    /// The value as a list shows it: [`FieldDef::shown`], with a 公民身份号码 masked
    /// ([`crate::mask_citizen_id`]) in the fields that hold one; the record page shows it whole.
    pub fn listed(&self, value: &Value) -> String {
        let text = self.shown(value);
        match self.kind {
            FieldKind::CitizenId | FieldKind::PartyId => crate::mask_citizen_id(&text).into_owned(),
            _ => text,
        }
    }

    /// The allowed values, for templates and drop-downs.
    pub fn options(&self) -> &'static [EnumOption] {
        match self.kind {
            FieldKind::Enum(o) | FieldKind::EnumSet(o) => o,
            _ => &[],
        }
    }
}

/// 分 → "1234.50".
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn strip_field(message: &str) -> String {
    message
        .split_once('」')
        .map(|(_, rest)| rest.to_owned())
        .unwrap_or_else(|| message.to_owned())
}

fn parse_integer(text: &str, min: i64, max: i64) -> Result<i64, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '\u{FF0C}'))
        .collect();
    let n: i64 = cleaned
        .parse()
        .map_err(|_| format!("不是整数,应为{min}至{max}之间的整数"))?;
    if n < min || n > max {
        return Err(format!("超出范围,应为{min}至{max}之间的整数"));
    }
    Ok(n)
}

fn find_option(options: &'static [EnumOption], text: &str) -> Result<&'static EnumOption, String> {
    options
        .iter()
        .find(|o| o.code == text || o.label == text)
        .ok_or_else(|| {
            let allowed: Vec<&str> = options.iter().map(|o| o.label).collect();
            format!("不是允许的值,应为:{}", allowed.join("、"))
        })
}

fn parse_enum_set(options: &'static [EnumOption], text: &str) -> Result<String, String> {
    let mut codes = Vec::new();
    for part in text
        .split([',', '\u{FF0C}', '\u{3001}', ';', '\u{FF1B}'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let option = find_option(options, part).map_err(|e| format!("中的「{part}」{e}"))?;
        if !codes.contains(&option.code) {
            codes.push(option.code);
        }
    }
    Ok(codes.join(","))
}

fn parse_party_id(text: &str) -> Result<String, String> {
    let upper = text.to_ascii_uppercase();
    // Some credit codes are all digits, so the citizen-id reading is tried first and the
    // credit-code reading decides when it fails; a value valid as neither names both checks.
    let as_citizen = CitizenId::parse(&upper).map(|c| c.as_str().to_owned());
    let as_credit = CreditCode::parse(&upper).map(|c| c.to_string());
    match (as_citizen, as_credit) {
        (Ok(id), _) | (_, Ok(id)) => Ok(id),
        (Err(citizen), Err(credit)) => Err(format!(
            "既不是有效的公民身份号码({}),也不是有效的统一社会信用代码({})",
            strip_field(&citizen.to_string()),
            strip_field(&credit.to_string())
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::FieldError;

    const fn field(key: &'static str, kind: FieldKind) -> FieldDef {
        FieldDef {
            key,
            label: "字段",
            kind,
            required: false,
            help: "",
        }
    }

    #[test]
    fn amounts_and_counts_are_grouped_when_read_not_when_typed() {
        let amount = field("fine", FieldKind::Amount);
        let value = Value::Fen(123_456_789);
        assert_eq!(amount.display(&value), "1234567.89");
        assert_eq!(amount.shown(&value), "1,234,567.89");
        let count = field(
            "n",
            FieldKind::Integer {
                min: 0,
                max: 1_000_000,
            },
        );
        assert_eq!(count.shown(&Value::Int(12_000)), "12,000");
        // A year is a label: no separator.
        let year = field(
            "y",
            FieldKind::Integer {
                min: 2019,
                max: 2100,
            },
        );
        assert_eq!(year.shown(&Value::Int(2024)), "2024");
        let text = field("t", FieldKind::Text { max_chars: 20 });
        assert_eq!(text.shown(&Value::Text("12345".into())), "12345");
    }

    #[test]
    fn lists_mask_citizen_ids_only_in_id_fields() {
        let id = CitizenId::with_check_char("52010219900307123").unwrap();
        let value = Value::Text(id.as_str().to_owned());
        let party = field("party_id", FieldKind::PartyId);
        assert!(party.listed(&value).starts_with("5201**********"));
        assert_eq!(party.shown(&value), id.as_str());
        let credit = Value::Text("11500226753092798P".into());
        assert_eq!(party.listed(&credit), "11500226753092798P");
        let text = field("case_code", FieldKind::Text { max_chars: 40 });
        assert_eq!(text.listed(&value), id.as_str());
    }

    #[test]
    fn record_level_errors_show_no_empty_brackets() {
        let error = FieldError {
            field: "",
            label: "",
            value: String::new(),
            message: "「案件编号」六枝调〔2024〕1号 已存在".into(),
        };
        assert_eq!(error.to_string(), "「案件编号」六枝调〔2024〕1号 已存在");
    }
}
