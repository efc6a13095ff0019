//! 代码 — the national identification codes fazhi validates: 行政区划代码 (GB/T 2260),
//! 统一社会信用代码 (GB 32100) and 公民身份号码 (GB 11643). Each newtype can only be built
//! through its validation, so a value of the type is always well-formed.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// 省级代码 — the two-digit province codes of GB/T 2260 with their names (incl. 台湾 71,
/// 香港 81, 澳门 82).
const PROVINCES: [(&str, &str); 34] = [
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
    ("71", "台湾省"),
    ("81", "香港特别行政区"),
    ("82", "澳门特别行政区"),
];

/// 行政区划层级 — the level a region code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// 省级
    Province,
    /// 地级 (市、地区、自治州、盟)
    Prefecture,
    /// 县级 (市辖区、县、县级市、旗)
    County,
}

/// 行政区划代码 — a six-digit GB/T 2260 region code: province 2 + prefecture 2 + county 2.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

impl RegionCode {
    /// Validates `text` as a GB/T 2260 code.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        const FIELD: &str = "行政区划代码";
        let text = text.trim();
        if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DomainError::invalid(
                FIELD,
                format!("应为6位数字(GB/T 2260),实为「{text}」"),
            ));
        }
        if !PROVINCES.iter().any(|(code, _)| *code == &text[..2]) {
            return Err(DomainError::invalid(
                FIELD,
                format!("前两位「{}」不是有效的省级代码", &text[..2]),
            ));
        }
        if &text[2..4] == "00" && &text[4..] != "00" {
            return Err(DomainError::invalid(
                FIELD,
                format!("「{text}」地级位为00时县级位也应为00"),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// For text another parser in this crate has already validated.
    pub(crate) fn from_validated(text: &str) -> Self {
        Self(text.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> RegionLevel {
        if &self.0[2..] == "0000" {
            RegionLevel::Province
        } else if &self.0[4..] == "00" {
            RegionLevel::Prefecture
        } else {
            RegionLevel::County
        }
    }

    /// The name of the province the region lies in (山西省): the jurisdiction of rules set per
    /// province.
    pub fn province_name(&self) -> &'static str {
        PROVINCES
            .iter()
            .find(|(code, _)| *code == &self.0[..2])
            .map_or("", |(_, name)| name)
    }

    /// Whether `other` lies inside this region (a region contains itself).
    pub fn contains(&self, other: &RegionCode) -> bool {
        match self.level() {
            RegionLevel::Province => self.0[..2] == other.0[..2],
            RegionLevel::Prefecture => self.0[..4] == other.0[..4],
            RegionLevel::County => self.0 == other.0,
        }
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RegionCode> for String {
    fn from(code: RegionCode) -> Self {
        code.0
    }
}

/// The 31 characters of GB 32100: digits and capitals except I, O, S, V, Z.
const CREDIT_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17 (3^(i−1) mod 31), GB 32100-2015.
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// 统一社会信用代码 — an 18-character unified social credit code (GB 32100-2015) whose check
/// character (mod 31) is correct and whose positions 3–8 are a region code's digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

impl CreditCode {
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        const FIELD: &str = "统一社会信用代码";
        let text = text.trim().to_ascii_uppercase();
        if text.chars().count() != 18 {
            return Err(DomainError::invalid(
                FIELD,
                format!("应为18位,实为{}位「{text}」", text.chars().count()),
            ));
        }
        let values = text
            .bytes()
            .enumerate()
            .map(|(i, b)| {
                credit_value(b).ok_or_else(|| {
                    DomainError::invalid(
                        FIELD,
                        format!(
                            "第{}位「{}」不是允许的字符(数字或除I、O、S、V、Z外的大写字母)",
                            i + 1,
                            b as char
                        ),
                    )
                })
            })
            .collect::<Result<Vec<u32>, _>>()?;
        if !text.as_bytes()[2..8].iter().all(u8::is_ascii_digit) {
            return Err(DomainError::invalid(
                FIELD,
                "第3至8位应为登记管理机关的行政区划代码(6位数字)",
            ));
        }
        let expected = credit_check_char(&values[..17]);
        let actual = text.as_bytes()[17] as char;
        if expected != actual {
            return Err(DomainError::invalid(
                FIELD,
                format!("校验位错误:应为 {expected},实为 {actual}"),
            ));
        }
        Ok(Self(text))
    }

    /// Completes 17 leading characters with their check character (for generating test and
    /// demo data; the result is validated like any input).
    pub fn with_check_char(first17: &str) -> Result<Self, DomainError> {
        let values: Option<Vec<u32>> = first17.bytes().map(credit_value).collect();
        let values = values
            .filter(|v| v.len() == 17)
            .ok_or_else(|| DomainError::invalid("统一社会信用代码", "前17位不合法"))?;
        Self::parse(&format!("{first17}{}", credit_check_char(&values)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn credit_value(byte: u8) -> Option<u32> {
    CREDIT_CHARSET
        .iter()
        .position(|&c| c == byte)
        .map(|p| p as u32)
}

fn credit_check_char(values: &[u32]) -> char {
    let sum: u32 = values.iter().zip(CREDIT_WEIGHTS).map(|(v, w)| v * w).sum();
    CREDIT_CHARSET[((31 - sum % 31) % 31) as usize] as char
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CreditCode> for String {
    fn from(code: CreditCode) -> Self {
        code.0
    }
}

/// Weights of GB 11643 (ISO 7064 MOD 11-2) for positions 1–17.
const CITIZEN_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CITIZEN_CHECK: &[u8; 11] = b"10X98765432";

/// 公民身份号码 — an 18-character citizen id (GB 11643-1999) with a valid birth date and check.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CitizenId(String);

impl CitizenId {
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        const FIELD: &str = "公民身份号码";
        let text = text.trim().to_ascii_uppercase();
        let bytes = text.as_bytes();
        if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
            return Err(DomainError::invalid(
                FIELD,
                "应为18位:前17位数字,末位为数字或X",
            ));
        }
        let birth = &text[6..14];
        if chrono::NaiveDate::parse_from_str(birth, "%Y%m%d").is_err() {
            return Err(DomainError::invalid(
                FIELD,
                format!("第7至14位「{birth}」不是有效的出生日期"),
            ));
        }
        let expected = citizen_check_char(bytes);
        if expected != bytes[17] as char {
            return Err(DomainError::invalid(
                FIELD,
                format!("校验位错误:应为 {expected},实为 {}", bytes[17] as char),
            ));
        }
        Ok(Self(text))
    }

    /// Completes 17 digits with their check character (for generated demo data).
    pub fn with_check_char(first17: &str) -> Result<Self, DomainError> {
        if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DomainError::invalid("公民身份号码", "前17位应为数字"));
        }
        Self::parse(&format!(
            "{first17}{}",
            citizen_check_char(first17.as_bytes())
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id with the birth date and sequence hidden, for display (5202**********123X).
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..4], "*".repeat(10), &self.0[14..])
    }
}

/// 身份证号脱敏 — how an identification number is written in a list: a value that reads as a
/// 公民身份号码 (18 characters, a real birth date and a correct GB 11643 check character —
/// the reading a party's id is given first, see `FieldKind::PartyId`) shows only its first
/// and last four characters (`5201**********1234`); anything else, a 统一社会信用代码 in
/// particular, is returned as it is. An all-digit credit code is masked only in the unlikely
/// case that it also passes as a citizen id: privacy wins over legibility there.
pub fn mask_citizen_id(text: &str) -> std::borrow::Cow<'_, str> {
    match CitizenId::parse(text) {
        Ok(id) => id.masked().into(),
        Err(_) => text.into(),
    }
}

fn citizen_check_char(bytes: &[u8]) -> char {
    let sum: u32 = bytes[..17]
        .iter()
        .zip(CITIZEN_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CITIZEN_CHECK[(sum % 11) as usize] as char
}

/// Personal data: Debug never prints the full number.
impl fmt::Debug for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CitizenId({})", self.masked())
    }
}

impl TryFrom<String> for CitizenId {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CitizenId> for String {
    fn from(id: CitizenId) -> Self {
        id.0
    }
}

#[cfg(test)]
mod tests;
