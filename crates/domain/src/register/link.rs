//! 关联记录的写法 — how a clerk names the record a link field points at: by the number clerks
//! know (the target register's natural key: 案件编号, 复议案件编号, 案号), or by its record id
//! written `#123` (as the record page's address shows it). The store resolves the text within
//! the caller's scope and stores the id; lists and exports write the number again.

/// Longest text accepted in a link field.
pub const MAX_LINK_CHARS: usize = 100;

/// How a link field's text names its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRef<'a> {
    /// `#123`: the record with id 123.
    Id(i64),
    /// The target register's number. Digits only that no record has as its number are read
    /// as a record id ([`LinkRef::fallback_id`]), as files written before numbers were
    /// accepted hold ids.
    Number(&'a str),
}

impl<'a> LinkRef<'a> {
    /// Reads a link field's text (already checked by [`parse_link`]).
    pub fn read(text: &'a str) -> Self {
        match text.strip_prefix('#').map(str::parse::<i64>) {
            Some(Ok(id)) => Self::Id(id),
            _ => Self::Number(text),
        }
    }

    /// The record id a number may mean when no record has it as its number.
    pub fn fallback_id(&self) -> Option<i64> {
        match self {
            Self::Id(id) => Some(*id),
            Self::Number(text) if text.bytes().all(|b| b.is_ascii_digit()) => {
                text.parse().ok().filter(|id| *id > 0)
            }
            Self::Number(_) => None,
        }
    }
}

/// A record id as a link field's text: `#123`.
pub fn id_text(id: i64) -> String {
    format!("#{id}")
}

/// Checks a link field's text (not empty, trimmed): at most [`MAX_LINK_CHARS`] characters,
/// and `#` followed by a record id when it starts with `#`.
pub fn parse_link(text: &str) -> Result<String, String> {
    let n = text.chars().count();
    if n > MAX_LINK_CHARS {
        return Err(format!(
            "过长:最多{MAX_LINK_CHARS}个字符,实为{n}个;应为所关联记录的编号"
        ));
    }
    if let Some(rest) = text.strip_prefix('#')
        && !rest.parse::<i64>().is_ok_and(|id| id > 0)
    {
        return Err("「#」后应为记录号(正整数),或去掉「#」填写所关联记录的编号".into());
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_ids_and_fallbacks() {
        assert_eq!(LinkRef::read("#12"), LinkRef::Id(12));
        assert_eq!(LinkRef::read("LPS-1"), LinkRef::Number("LPS-1"));
        assert_eq!(LinkRef::read("LPS-1").fallback_id(), None);
        assert_eq!(LinkRef::read("17").fallback_id(), Some(17));
        assert_eq!(LinkRef::read("#17").fallback_id(), Some(17));
        assert_eq!(LinkRef::read("0").fallback_id(), None);
        assert!(parse_link("#0").is_err() && parse_link("#x").is_err());
        assert!(parse_link(&"号".repeat(101)).is_err());
        assert_eq!(
            parse_link("六府复〔2024〕1号").as_deref(),
            Ok("六府复〔2024〕1号")
        );
        assert_eq!(id_text(5), "#5");
    }
}
