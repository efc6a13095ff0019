//! 示范城市的机构 — the demo city's governments, enforcement agencies and townships as the
//! record generators need them, read from the org tree the demo has just built.

use fazhi_domain::org::OrgKind;
use fazhi_store::ScopedStore;

use crate::error::{DemoError, Result, store as store_err};
use crate::profile::Profile;

/// What an enforcement department does, for generating its cases.
pub struct Dept {
    pub suffix: &'static str,
    /// 机关代字 in document numbers (市监 in 钟山市监罚决〔2024〕3号).
    pub abbr: &'static str,
    /// Relative share of the enforcement workload; 0 = not an enforcement agency here.
    pub weight: u32,
    /// Typical violations with the law each breaks.
    pub violations: &'static [(&'static str, &'static str)],
    pub licences: &'static [&'static str],
    /// Whether it may impose 行政拘留 (公安 only).
    pub detains: bool,
}

pub(crate) const DEPTS: &[Dept] = &[
    Dept {
        suffix: "scjg",
        abbr: "市监",
        weight: 30,
        violations: &[
            ("销售超过保质期的食品", "《中华人民共和国食品安全法》"),
            (
                "未取得食品经营许可从事食品经营",
                "《中华人民共和国食品安全法》",
            ),
            ("发布虚假广告", "《中华人民共和国广告法》"),
            ("销售不合格产品", "《中华人民共和国产品质量法》"),
            ("未按规定明码标价", "《中华人民共和国价格法》"),
            ("使用未经检验的特种设备", "《中华人民共和国特种设备安全法》"),
        ],
        licences: &["食品经营许可", "药品经营许可", "特种设备使用登记"],
        detains: false,
    },
    Dept {
        suffix: "ga",
        abbr: "公",
        weight: 24,
        violations: &[
            ("殴打他人", "《中华人民共和国治安管理处罚法》"),
            ("扰乱单位秩序", "《中华人民共和国治安管理处罚法》"),
            ("饮酒后驾驶机动车", "《中华人民共和国道路交通安全法》"),
            (
                "未按规定登记住宿旅客信息",
                "《中华人民共和国治安管理处罚法》",
            ),
            ("非法携带管制刀具", "《中华人民共和国治安管理处罚法》"),
        ],
        licences: &["大型群众性活动安全许可", "民用爆炸物品购买许可"],
        detains: true,
    },
    Dept {
        suffix: "cgj",
        abbr: "综执",
        weight: 18,
        violations: &[
            ("占道经营", "《城市市容和环境卫生管理条例》"),
            (
                "未取得建设工程规划许可证进行建设",
                "《中华人民共和国城乡规划法》",
            ),
            ("随意倾倒建筑垃圾", "《城市市容和环境卫生管理条例》"),
            ("擅自设置户外广告", "《城市市容和环境卫生管理条例》"),
        ],
        licences: &["城市道路挖掘许可", "户外广告设置许可", "建筑垃圾处置核准"],
        detains: false,
    },
    Dept {
        suffix: "jtys",
        abbr: "交",
        weight: 12,
        violations: &[
            (
                "未取得道路运输经营许可擅自从事道路运输经营",
                "《中华人民共和国道路运输条例》",
            ),
            ("车辆超限运输", "《公路安全保护条例》"),
            (
                "未按规定维护和检测运输车辆",
                "《中华人民共和国道路运输条例》",
            ),
        ],
        licences: &["道路运输经营许可", "超限运输车辆行驶公路许可"],
        detains: false,
    },
    Dept {
        suffix: "sthj",
        abbr: "环",
        weight: 7,
        violations: &[
            ("超标排放大气污染物", "《中华人民共和国大气污染防治法》"),
            (
                "建设项目未依法进行环境影响评价擅自开工",
                "《中华人民共和国环境影响评价法》",
            ),
            (
                "未按规定贮存危险废物",
                "《中华人民共和国固体废物污染环境防治法》",
            ),
        ],
        licences: &["排污许可", "建设项目环境影响报告表审批"],
        detains: false,
    },
    Dept {
        suffix: "zrzy",
        abbr: "自然资源",
        weight: 7,
        violations: &[
            ("非法占用土地", "《中华人民共和国土地管理法》"),
            ("未取得采矿许可证擅自采矿", "《中华人民共和国矿产资源法》"),
            ("未经批准擅自改变土地用途", "《中华人民共和国土地管理法》"),
        ],
        licences: &["建设用地规划许可", "乡村建设规划许可", "采矿许可"],
        detains: false,
    },
];

/// 市 or 县(区) government.
pub struct Gov {
    pub code: String,
    /// 六盘水市, 钟山区 …
    pub name: String,
    /// 六盘水, 钟山 … (发文机关代字, 案号).
    pub short: String,
    pub weight: u32,
    /// The 司法局 that serves as its 复议机构, if it has one.
    pub justice: Option<String>,
}

/// An enforcement agency (执法机关).
pub struct Agency {
    pub code: String,
    pub name: String,
    /// Index into [`World::govs`].
    pub gov: usize,
    pub dept: &'static Dept,
    /// Position of the department in [`DEPTS`] (part of certificate numbers).
    pub dept_no: usize,
    pub credit_code: Option<String>,
}

pub struct Township {
    pub code: String,
    pub name: String,
    pub gov: usize,
}

/// The demo city's units that records are filed under; `govs[0]` is the city.
pub struct World {
    /// The top government first, then the counties by code.
    pub govs: Vec<Gov>,
    /// 省份简称 and the intermediate court above the city (法院案号, 行政应诉).
    pub province_abbr: String,
    pub intermediate_court: String,
    /// The province's name (备案 of the city's own documents).
    pub province: String,
    pub agencies: Vec<Agency>,
    pub townships: Vec<Township>,
}

impl World {
    /// The profile's governments as built in the store, with their agencies and townships.
    pub async fn load(store: &ScopedStore, profile: &Profile) -> Result<Self> {
        let orgs = store.list_orgs().await.map_err(store_err("读取机构失败"))?;
        let mut govs = Vec::new();
        for g in profile.governments() {
            let org = orgs
                .iter()
                .find(|o| o.code == g.code)
                .ok_or_else(|| DemoError::Invalid(format!("示范城市的「{}」尚未建立", g.name)))?;
            govs.push(gov(&org.code, &org.name, g.weight.max(1)));
        }
        let gov_of = |parent: &Option<String>| {
            parent
                .as_ref()
                .and_then(|p| govs.iter().position(|g| &g.code == p))
        };
        let mut agencies = Vec::new();
        let mut justice = Vec::new();
        let mut townships = Vec::new();
        for org in &orgs {
            let Some(g) = gov_of(&org.parent_code) else {
                continue;
            };
            let suffix = org.code.rsplit_once('-').map_or("", |(_, s)| s);
            if org.kind == OrgKind::Township {
                townships.push(Township {
                    code: org.code.clone(),
                    name: org.name.clone(),
                    gov: g,
                });
            } else if org.kind == OrgKind::Department && suffix == "sfj" {
                justice.push((g, org.code.clone()));
            } else if let Some(dept_no) = DEPTS.iter().position(|d| d.suffix == suffix) {
                agencies.push(Agency {
                    code: org.code.clone(),
                    name: org.name.clone(),
                    gov: g,
                    dept: &DEPTS[dept_no],
                    dept_no: dept_no + 1,
                    credit_code: org.credit_code.clone(),
                });
            }
        }
        for (g, code) in justice {
            govs[g].justice = Some(code);
        }
        agencies.sort_by(|a, b| a.code.cmp(&b.code));
        townships.sort_by(|a, b| a.code.cmp(&b.code));
        if agencies.is_empty() || townships.is_empty() {
            return Err(DemoError::Invalid(
                "示范城市缺少执法部门或乡镇(街道)".into(),
            ));
        }
        let intermediate_court = profile
            .intermediate_court
            .clone()
            .unwrap_or_else(|| format!("{}{}中级人民法院", profile.province, profile.city.name));
        Ok(Self {
            govs,
            province_abbr: profile.province_abbr.clone(),
            intermediate_court,
            province: profile.province.clone(),
            agencies,
            townships,
        })
    }

    /// Each agency's share of the enforcement workload (district size × department share).
    pub fn agency_weights(&self) -> Vec<(usize, u32)> {
        self.agencies
            .iter()
            .enumerate()
            .map(|(i, a)| (i, self.govs[a.gov].weight * a.dept.weight))
            .collect()
    }

    /// Each government's share (for registers filed under governments or their 司法局).
    pub fn gov_weights(&self) -> Vec<(usize, u32)> {
        self.govs
            .iter()
            .enumerate()
            .map(|(i, g)| (i, g.weight))
            .collect()
    }

    pub fn region_of(&self, agency: &Agency) -> &str {
        &self.govs[agency.gov].code
    }

    /// The region codes of the counties (of the city when it has none).
    pub fn region_codes(&self) -> Vec<String> {
        let counties: Vec<String> = self.govs.iter().skip(1).map(|g| g.code.clone()).collect();
        if counties.is_empty() {
            vec![self.govs[0].code.clone()]
        } else {
            counties
        }
    }

    /// The city's size for default volumes: the summed weights over 100.
    pub fn size(&self) -> f64 {
        f64::from(self.govs.iter().map(|g| g.weight).sum::<u32>()) / 100.0
    }
}

fn gov(code: &str, name: &str, weight: u32) -> Gov {
    let short = ["特区", "市", "区", "县"]
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name);
    Gov {
        code: code.to_owned(),
        name: name.to_owned(),
        short: short.to_owned(),
        weight,
        justice: None,
    }
}
