//! 示范城市画像 — a calibrated demo city: its real org tree (GB/T 2260 codes) and the figures its
//! published 法治政府建设年度报告 states, keyed by the indicator catalog. The five seed reports
//! of `shared/seeds` are embedded as profiles; any other report becomes one through the reader
//! ([`Profile::from_report`]).

use fazhi_catalog::{Catalog, Indicator};
use fazhi_text::{Reader, Statistic};
use serde::{Deserialize, Serialize};

use crate::error::{DemoError, Result};

/// The embedded profiles: name and TOML.
const PROFILES: &[(&str, &str)] = &[
    (
        "liupanshui-2024",
        include_str!("../profiles/liupanshui-2024.toml"),
    ),
    ("leping-2024", include_str!("../profiles/leping-2024.toml")),
    (
        "zhumadian-2024",
        include_str!("../profiles/zhumadian-2024.toml"),
    ),
    ("luzhou-2019", include_str!("../profiles/luzhou-2019.toml")),
    (
        "zhuzhou-2024",
        include_str!("../profiles/zhuzhou-2024.toml"),
    ),
];

/// The profile `fazhi demo` builds when none is named.
pub const DEFAULT_PROFILE: &str = "liupanshui-2024";

/// Departments and offices every demo government has.
const AGENCIES: &str = include_str!("../agencies.toml");

/// A city or county government of the profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Government {
    pub code: String,
    pub name: String,
    /// Relative share of the workload (about the population).
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// 乡镇(街道) directly under this government.
    #[serde(default)]
    pub townships: Vec<String>,
}

fn default_weight() -> u32 {
    10
}

/// 统计数据 — one figure of the published report, as the reader extracted it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub key: String,
    pub value: f64,
    /// Unit word in simplified script (empty when the report gives none).
    #[serde(default)]
    pub unit: String,
    /// 余 多 超 近 以上 约, or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub qualifier: String,
    /// Digits after the decimal point, as published.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub precision: u32,
    /// A change stated as a decrease (同比下降 …).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub falling: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// 画像.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub year: i32,
    pub province: String,
    /// 省份简称 (黔), for 法院案号.
    pub province_abbr: String,
    /// The report the figures were read from (a file of `shared/seeds`).
    #[serde(default)]
    pub seed: Option<String>,
    /// The intermediate court above the city, when not `<province><city>中级人民法院`.
    #[serde(default)]
    pub intermediate_court: Option<String>,
    pub city: Government,
    #[serde(default)]
    pub county: Vec<Government>,
    #[serde(default)]
    pub figure: Vec<Figure>,
}

/// A department every government has, or an office only the top one has.
#[derive(Debug, Clone, Deserialize)]
pub struct AgencyKind {
    pub suffix: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Agencies {
    pub department: Vec<AgencyKind>,
    pub office: Vec<AgencyKind>,
}

impl Agencies {
    pub fn embedded() -> Result<Self> {
        toml::from_str(AGENCIES).map_err(|source| DemoError::Data {
            what: "示范部门清单".into(),
            source,
        })
    }
}

impl Profile {
    /// 同一画像的另一座城市 — this profile as the city `code` (a prefecture code, `ppcc00`)
    /// called `name`: every government's code moved to the new city's first four digits, the
    /// counties and townships named as before. A province of N such copies is `fazhi demo
    /// --province … --cities N` (the seed profiles lie in five provinces, and a unit's code
    /// must lie within its parent's region).
    pub fn as_city(&self, code: &str, name: &str) -> crate::Result<Profile> {
        let prefix = code
            .get(..4)
            .filter(|_| code.len() == 6 && code.ends_with("00"));
        let Some(prefix) = prefix else {
            return Err(crate::DemoError::Invalid(format!(
                "城市代码应为6位、以00结尾的地级代码,实为「{code}」"
            )));
        };
        let recode = |g: &Government| Government {
            code: format!("{prefix}{}", g.code.get(4..).unwrap_or("00")),
            ..g.clone()
        };
        let mut copy = self.clone();
        copy.city = Government {
            code: code.to_owned(),
            name: name.to_owned(),
            ..self.city.clone()
        };
        copy.county = self.county.iter().map(recode).collect();
        Ok(copy)
    }

    /// The names of the embedded profiles.
    pub fn names() -> impl Iterator<Item = &'static str> {
        PROFILES.iter().map(|(n, _)| *n)
    }

    /// An embedded profile by name.
    pub fn embedded(name: &str) -> Result<Self> {
        let Some((_, text)) = PROFILES.iter().find(|(n, _)| *n == name) else {
            return Err(DemoError::UnknownProfile {
                name: name.to_owned(),
                known: Self::names().collect::<Vec<_>>().join("、"),
            });
        };
        toml::from_str(text).map_err(|source| DemoError::Data {
            what: format!("示范城市画像「{name}」"),
            source,
        })
    }

    /// The county whose clerk the demo's `clerk` account is (the city when it has none).
    pub fn first_county(&self) -> &Government {
        self.county.first().unwrap_or(&self.city)
    }

    /// The governments, the top one first.
    pub fn governments(&self) -> impl Iterator<Item = &Government> {
        std::iter::once(&self.city).chain(&self.county)
    }

    /// The profile of a published report: its figures from the reader and, since a report
    /// names no org tree, the government it names (under the region code `region` given by
    /// the user) with three placeholder districts.
    pub fn from_report(text: &str, reader: &Reader<'_>, region: &str) -> Result<Self> {
        if !(region.len() == 6
            && region.ends_with("00")
            && region.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(DemoError::Invalid(format!(
                "--region 应为以 00 结尾的6位行政区划代码(如 520200),实为「{region}」"
            )));
        }
        let prefix = &region[..4];
        let meta = fazhi_text::metadata(text);
        let year = meta.year.ok_or_else(|| {
            DemoError::Invalid("报告中找不到年度(如“2024年法治政府建设年度报告”)".into())
        })?;
        let name = meta
            .government
            .map(|g| g.trim_end_matches("人民政府").to_owned())
            .filter(|g| !g.is_empty())
            .unwrap_or_else(|| "示范市".to_owned());
        let county = (1..=3usize)
            .map(|i| Government {
                code: format!("{prefix}{:02}", 90 + i),
                name: format!("第{}区", ["一", "二", "三"][i - 1]),
                weight: 10,
                townships: vec![format!("第{}街道", ["一", "二", "三"][i - 1])],
            })
            .collect();
        Ok(Self {
            name: format!("report-{year}"),
            year: i32::from(year),
            province: "示范省".into(),
            province_abbr: "示".into(),
            seed: None,
            intermediate_court: None,
            city: Government {
                code: region.to_owned(),
                name,
                weight: 10,
                townships: Vec::new(),
            },
            county,
            figure: figures(reader.catalog(), &reader.extract(text)),
        })
    }
}

/// Whether the statistic states a change (同比, 百分点) rather than a level.
fn is_change(catalog: &Catalog, unit: &str, key: Option<&str>) -> bool {
    unit == "百分点"
        || key
            .and_then(|k| catalog.get(k))
            .is_some_and(Indicator::is_yoy)
}

/// The keyed statistics as figures, units in simplified script.
pub fn figures(catalog: &Catalog, stats: &[Statistic]) -> Vec<Figure> {
    stats
        .iter()
        .filter_map(|s| {
            Some(Figure {
                key: s.key.clone()?,
                value: s.value,
                unit: simplified_unit(&s.unit),
                qualifier: s.qualifier.clone(),
                precision: s.precision,
                falling: is_change(catalog, &s.unit, s.key.as_deref()) && is_falling(&s.lead),
            })
        })
        .collect()
}

/// The few unit characters that differ between the scripts.
fn simplified_unit(unit: &str) -> String {
    fazhi_text::normalise(unit).text().to_owned()
}

/// Whether the words just before a change say it went down (下降至 names a level, not a
/// change).
fn is_falling(lead: &str) -> bool {
    if lead.ends_with('至') || lead.ends_with('到') {
        return false;
    }
    const DOWN: [&str; 5] = ["下降", "减少", "降低", "回落", "下滑"];
    const UP: [&str; 5] = ["增长", "增加", "提高", "上升", "提升"];
    let last = |words: &[&str]| words.iter().filter_map(|w| lead.rfind(w)).max();
    match (last(&DOWN), last(&UP)) {
        (Some(d), Some(u)) => d > u,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_profile_parses_with_its_figures() {
        for name in Profile::names() {
            let p = Profile::embedded(name).unwrap();
            assert_eq!(p.name, name);
            assert!(p.governments().count() >= 1);
            assert!(!p.figure.is_empty(), "{name} has no figures");
        }
        assert!(Profile::embedded("nowhere").is_err());
    }

    /// The embedded figures are exactly what the reader extracts from the seed report
    /// (`UPDATE_PROFILES=1` rewrites them after a reader change).
    #[test]
    fn embedded_figures_are_the_readers_figures_of_the_seed() {
        let reader = Reader::embedded().unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (name, text) in PROFILES {
            let p = Profile::embedded(name).unwrap();
            let seed = p.seed.as_deref().expect("profile names its seed");
            let report = std::fs::read_to_string(dir.join("../../../shared/seeds").join(seed))
                .expect("shared/seeds is checked out beside the repository");
            let read = figures(reader.catalog(), &reader.extract(&report));
            if std::env::var_os("UPDATE_PROFILES").is_some() {
                #[derive(Serialize)]
                struct Figures<'a> {
                    figure: &'a [Figure],
                }
                const MARK: &str =
                    "# 报告中的统计数据(由读取器提取,勿手改:UPDATE_PROFILES=1 重新生成)。";
                let head = text.split("\n[[figure]]").next().unwrap_or(text);
                let head = head.split(MARK).next().unwrap_or(head).trim_end();
                let body = toml::to_string(&Figures { figure: &read }).unwrap();
                let path = dir.join(format!("profiles/{name}.toml"));
                std::fs::write(path, format!("{head}\n\n{MARK}\n{body}")).unwrap();
                continue;
            }
            assert_eq!(p.figure, read, "{name}: run with UPDATE_PROFILES=1");
        }
    }

    #[test]
    fn a_decrease_is_read_from_the_words_before_it() {
        assert!(is_falling("同比下降"));
        assert!(!is_falling("同比增长"));
        assert!(is_falling("收案增长后，败诉率同比下降"));
        assert!(!is_falling("结案"));
    }
}
