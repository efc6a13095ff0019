//! 发文字号 — GB/T 9704-2012 §7.2.5: 发文机关代字 + 〔年份〕 + 顺序号 + 号; the year in full,
//! in 六角括号; the sequence in Arabic digits without 「第」 and without leading zeros.

use std::fmt;

/// A parsed 文号, e.g. 六盘水府发〔2024〕3号.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// 发文机关代字 (六盘水府发).
    pub issuer: String,
    pub year: i32,
    /// 发文顺序号.
    pub sequence: u32,
}

const OPEN: &[char] = &['〔', '[', '(', '(', '【', '［', '〖'];
const CLOSE: &[char] = &['〕', ']', ')', ')', '】', '］', '〗'];

impl DocNumber {
    /// Parses a 文号 typed with 〔〕 or with [] () () 【】 brackets; the result displays with 〔〕.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                other => other,
            })
            .collect();
        let expected = "应为 发文机关代字〔年份〕序号号,如 六盘水府发〔2024〕3号";
        let open = text
            .find(OPEN)
            .ok_or_else(|| format!("缺少年份括号,{expected}"))?;
        let issuer = &text[..open];
        if issuer.is_empty() {
            return Err(format!("缺少发文机关代字,{expected}"));
        }
        let rest = &text[open + text[open..].chars().next().map_or(0, char::len_utf8)..];
        let close = rest
            .find(CLOSE)
            .ok_or_else(|| format!("年份括号未闭合,{expected}"))?;
        let year_text = &rest[..close];
        let after = &rest[close + rest[close..].chars().next().map_or(0, char::len_utf8)..];
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("年份应标全称(四位数字),{expected}"));
        }
        let year: i32 = year_text.parse().map_err(|_| expected.to_owned())?;
        if !(1949..=2100).contains(&year) {
            return Err(format!("年份{year}不合理,{expected}"));
        }
        let sequence_text = after
            .strip_suffix('号')
            .ok_or_else(|| format!("序号后应加「号」字,{expected}"))?;
        if sequence_text.starts_with('第') {
            return Err("发文顺序号不加「第」字(GB/T 9704)".into());
        }
        if sequence_text.is_empty() || !sequence_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("序号应为阿拉伯数字,{expected}"));
        }
        if sequence_text.starts_with('0') {
            return Err("发文顺序号不编虚位(1不编为01)(GB/T 9704)".into());
        }
        let sequence: u32 = sequence_text
            .parse()
            .map_err(|_| format!("序号过大,{expected}"))?;
        Ok(Self {
            issuer: issuer.to_owned(),
            year,
            sequence,
        })
    }
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.issuer, self.year, self.sequence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_and_variant_brackets() {
        for text in [
            "六盘水府发〔2024〕3号",
            "六盘水府发[2024]3号",
            "六盘水府发(2024)3号",
            "六盘水府发(2024)3号",
            "六盘水府发【2024】3号",
            "六盘水府发 〔２０２４〕３号",
        ] {
            let n = DocNumber::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(n.issuer, "六盘水府发");
            assert_eq!((n.year, n.sequence), (2024, 3));
            assert_eq!(n.to_string(), "六盘水府发〔2024〕3号");
        }
    }

    #[test]
    fn gb_t_9704_violations() {
        let cases = [
            ("六盘水府发〔2024〕第3号", "第"),
            ("六盘水府发〔2024〕03号", "虚位"),
            ("六盘水府发〔24〕3号", "全称"),
            ("六盘水府发〔2024〕3", "号"),
            ("〔2024〕3号", "代字"),
            ("六盘水府发2024年3号", "括号"),
            ("六盘水府发〔2024 3号", "闭合"),
            ("六盘水府发〔2024〕三号", "阿拉伯数字"),
            ("六盘水府发〔1800〕3号", "不合理"),
        ];
        for (text, needle) in cases {
            let err = DocNumber::parse(text).unwrap_err();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }
}
