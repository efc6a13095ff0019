//! 组织机构树 — the org tree: 市 > 县(区) > 乡镇(街道), departments under each government, and
//! committees/offices. Units are effective-dated: renaming, moving or closing a unit ends its
//! current version and starts a new one, so the tree as it stood on any date can be rebuilt.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{CreditCode, DomainError, OrgId, RegionCode};

/// 机构类别 — what kind of unit a node of the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 省级人民政府
    Province,
    /// 市(地级)人民政府
    City,
    /// 县(市、区)人民政府
    County,
    /// 乡镇人民政府、街道办事处
    Township,
    /// 政府工作部门 (司法局、市场监管局 …)
    Department,
    /// 议事协调机构及办公室 (依法治市办、委员会 …)
    Office,
}

/// Stored kinds are read back through the same parser (the store's rows decode with it).
impl TryFrom<String> for OrgKind {
    type Error = DomainError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl OrgKind {
    pub const ALL: [OrgKind; 6] = [
        Self::Province,
        Self::City,
        Self::County,
        Self::Township,
        Self::Department,
        Self::Office,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::City => "city",
            Self::County => "county",
            Self::Township => "township",
            Self::Department => "department",
            Self::Office => "office",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Province => "省级政府",
            Self::City => "市级政府",
            Self::County => "县(区)政府",
            Self::Township => "乡镇(街道)",
            Self::Department => "政府部门",
            Self::Office => "委员会/办公室",
        }
    }

    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == text || k.label() == text)
            .ok_or_else(|| {
                DomainError::invalid(
                    "机构类别",
                    format!("「{text}」不是有效类别,应为:省级政府、市级政府、县(区)政府、乡镇(街道)、政府部门、委员会/办公室"),
                )
            })
    }

    /// Governments carry a region code of their own; agencies take their government's.
    pub fn is_government(self) -> bool {
        matches!(
            self,
            Self::Province | Self::City | Self::County | Self::Township
        )
    }

    /// The kind a new unit below one of this kind most often has: the default of the form.
    pub fn default_child(self) -> OrgKind {
        match self {
            Self::Province => Self::City,
            Self::City | Self::County => Self::Department,
            Self::Township | Self::Department | Self::Office => Self::Office,
        }
    }

    /// Which kinds may stand directly above this one in the tree.
    pub fn allowed_parents(self) -> &'static [OrgKind] {
        match self {
            Self::Province => &[],
            Self::City => &[Self::Province],
            Self::County => &[Self::City, Self::Province],
            // 不设区的地级市 (东莞、中山) and a 县级市 kept as the top of its own tree (乐平) have
            // their towns and 街道 directly below the city government.
            Self::Township => &[Self::County, Self::City],
            Self::Department | Self::Office => &[
                Self::Province,
                Self::City,
                Self::County,
                Self::Township,
                Self::Department,
                Self::Office,
            ],
        }
    }
}

/// 机构代码 — the code that names an org unit in URLs, the API and the CLI:
/// a government's GB/T 2260 region code (`520200`), a township's nine-digit code (`520201001`,
/// GB/T 10114), or an agency's code `<region code>-<suffix>` (`520200-sfj`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgCode(String);

impl OrgCode {
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        const FIELD: &str = "机构代码";
        let text = text.trim();
        let region = text.get(..6).unwrap_or(text);
        RegionCode::parse(region).map_err(|_| {
            DomainError::invalid(
                FIELD,
                format!("「{text}」应以6位行政区划代码开头,如 520200、520201001 或 520200-sfj"),
            )
        })?;
        let rest = &text[region.len()..];
        let ok = rest.is_empty()
            || (rest.len() == 3 && rest.bytes().all(|b| b.is_ascii_digit()))
            || rest.strip_prefix('-').is_some_and(|s| {
                (1..=24).contains(&s.len())
                    && s.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            });
        if !ok {
            return Err(DomainError::invalid(
                FIELD,
                format!(
                    "「{text}」格式不对:政府用6位区划代码,乡镇用9位代码,部门用「区划代码-小写字母或数字」"
                ),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The region code this unit's code starts with.
    pub fn region(&self) -> RegionCode {
        RegionCode::from_validated(&self.0[..6])
    }

    fn shape(&self) -> CodeShape {
        match self.0.len() {
            6 => CodeShape::Region,
            9 if !self.0.contains('-') => CodeShape::Township,
            _ => CodeShape::Agency,
        }
    }
}

#[derive(PartialEq, Eq)]
enum CodeShape {
    Region,
    Township,
    Agency,
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OrgCode {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<OrgCode> for String {
    fn from(code: OrgCode) -> Self {
        code.0
    }
}

/// 机构 — an org unit as it stands on some date (one version of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub id: OrgId,
    pub code: OrgCode,
    pub kind: OrgKind,
    pub name: String,
    /// The region code of the government the unit belongs to (the distribution key).
    pub region_code: RegionCode,
    pub parent_id: Option<OrgId>,
    pub credit_code: Option<CreditCode>,
    /// 生效日期 — first day of this version.
    pub valid_from: NaiveDate,
    /// 撤销/变更日期 — the day this version stopped applying; `None` while current.
    pub valid_to: Option<NaiveDate>,
}

/// A new org unit as a clerk entered it, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrgUnit {
    pub code: OrgCode,
    pub kind: OrgKind,
    pub name: String,
    pub credit_code: Option<CreditCode>,
    pub valid_from: NaiveDate,
}

impl NewOrgUnit {
    /// Validates raw form or API input.
    pub fn parse(
        code: &str,
        kind: &str,
        name: &str,
        credit_code: Option<&str>,
        valid_from: NaiveDate,
    ) -> Result<Self, DomainError> {
        let code = OrgCode::parse(code)?;
        let kind = OrgKind::parse(kind)?;
        let name = validate_name(name)?;
        let credit_code = match credit_code.map(str::trim).filter(|s| !s.is_empty()) {
            Some(text) => Some(CreditCode::parse(text)?),
            None => None,
        };
        let unit = Self {
            code,
            kind,
            name,
            credit_code,
            valid_from,
        };
        unit.check_code_matches_kind()?;
        Ok(unit)
    }

    fn check_code_matches_kind(&self) -> Result<(), DomainError> {
        let shape = self.code.shape();
        let fits = match self.kind {
            OrgKind::Province | OrgKind::City | OrgKind::County => shape == CodeShape::Region,
            OrgKind::Township => shape == CodeShape::Township,
            OrgKind::Department | OrgKind::Office => shape == CodeShape::Agency,
        };
        if fits {
            return Ok(());
        }
        // The code's shape says what kind of unit it names: the two fields disagree, and
        // either may be the wrong one.
        let (code_names, kind_fits) = match shape {
            CodeShape::Region => ("行政区划代码(政府)", "市、县(区)人民政府"),
            CodeShape::Township => ("乡镇(街道)代码", "乡镇人民政府、街道办事处"),
            CodeShape::Agency => ("部门或办公室代码", "政府工作部门或议事协调机构"),
        };
        Err(DomainError::invalid(
            "类别",
            format!(
                "「{}」与机构代码「{}」不符:{}的代码应为{},而「{}」是{};\
                 请把类别改为{},或改用{}的代码",
                self.kind.label(),
                self.code,
                self.kind.label(),
                match self.kind {
                    OrgKind::Township => "9位乡镇代码",
                    OrgKind::Department | OrgKind::Office => "「区划代码-后缀」",
                    _ => "6位行政区划代码",
                },
                self.code,
                code_names,
                kind_fits,
                self.kind.label(),
            ),
        ))
    }
}

/// 机构名称 — 2 to 64 characters, no control characters.
pub fn validate_name(name: &str) -> Result<String, DomainError> {
    let name = name.trim();
    let len = name.chars().count();
    if !(2..=64).contains(&len) || name.chars().any(char::is_control) {
        return Err(DomainError::invalid(
            "机构名称",
            format!("应为2至64个字符,实为{len}个"),
        ));
    }
    Ok(name.to_owned())
}

/// Checks that `child` may sit under `parent` (kind rule and region containment).
pub fn check_parent(
    child_kind: OrgKind,
    child_code: &OrgCode,
    parent: &OrgUnit,
) -> Result<(), DomainError> {
    if !child_kind.allowed_parents().contains(&parent.kind) {
        return Err(DomainError::invalid(
            "上级机构",
            format!(
                "{}不能设在{}「{}」之下",
                child_kind.label(),
                parent.kind.label(),
                parent.name
            ),
        ));
    }
    let parent_region = &parent.region_code;
    if !parent_region.contains(&child_code.region()) {
        return Err(DomainError::invalid(
            "机构代码",
            format!(
                "「{child_code}」不在上级「{}」的行政区划 {parent_region} 之内",
                parent.name
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
    }

    #[test]
    fn codes_of_each_shape_parse() {
        for code in ["520200", "520201001", "520200-sfj", "520221-scjg-2"] {
            assert!(OrgCode::parse(code).is_ok(), "{code}");
        }
        for code in [
            "52020",
            "520200-",
            "520200-SFJ",
            "5202011",
            "abc",
            "520200_sfj",
        ] {
            assert!(OrgCode::parse(code).is_err(), "{code}");
        }
    }

    #[test]
    fn code_must_fit_the_kind() {
        assert!(NewOrgUnit::parse("520200", "city", "六盘水市", None, day()).is_ok());
        let err = NewOrgUnit::parse("520200", "department", "司法局", None, day()).unwrap_err();
        assert!(err.to_string().contains("区划代码-后缀"), "{err}");
        assert!(NewOrgUnit::parse("520201001", "township", "荷城街道", None, day()).is_ok());
    }

    #[test]
    fn bad_credit_code_names_the_field() {
        let err = NewOrgUnit::parse(
            "520200-sfj",
            "department",
            "六盘水市司法局",
            Some("91310115MA1G4L1WXK"),
            day(),
        )
        .unwrap_err();
        assert_eq!(err.field(), "统一社会信用代码");
    }

    #[test]
    fn parent_rules() {
        let city = OrgUnit {
            id: OrgId::new(1),
            code: OrgCode::parse("520200").unwrap(),
            kind: OrgKind::City,
            name: "六盘水市".into(),
            region_code: RegionCode::parse("520200").unwrap(),
            parent_id: None,
            credit_code: None,
            valid_from: day(),
            valid_to: None,
        };
        let county = OrgCode::parse("520221").unwrap();
        assert!(check_parent(OrgKind::County, &county, &city).is_ok());
        let elsewhere = OrgCode::parse("430221").unwrap();
        assert!(check_parent(OrgKind::County, &elsewhere, &city).is_err());
        // Towns directly under a city (东莞, or a 县级市 at the top of its own tree).
        let town = OrgCode::parse("520200001").unwrap();
        assert!(check_parent(OrgKind::Township, &town, &city).is_ok());
        let elsewhere_town = OrgCode::parse("430200001").unwrap();
        assert!(check_parent(OrgKind::Township, &elsewhere_town, &city).is_err());
    }
}
