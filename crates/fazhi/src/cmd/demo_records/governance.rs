//! 规范性文件 and 重大行政决策 — the governments' and departments' normative documents (reviewed
//! before issue, filed within 30 days) and the year's catalogued major decisions, each through
//! its five steps in order.

use chrono::{Datelike, Months, NaiveDate};
use fazhi_domain::register::major_decision::MAJOR_DECISIONS;
use fazhi_domain::register::normative_document::NORMATIVE_DOCUMENTS;

use super::synth::Synth;
use super::world::World;
use super::{Raw, Writer};

const DOCUMENTS_THIS_YEAR: usize = 70;
/// Documents of the five years before, still in the register (most in force).
const DOCUMENTS_EARLIER: usize = 45;
/// Share of the earlier documents cleaned up (废止、修改、宣布失效) during the year.
const CLEANED_SHARE: f64 = 0.18;
/// Major decisions catalogued per year; the register holds the demo year and four before it.
const DECISIONS_PER_COUNTY: usize = 4;
const DECISIONS_CITY: usize = 6;
const DECISION_YEARS: i32 = 5;

const TOPICS: &[&str] = &[
    "城市建筑垃圾管理",
    "农村集体经济组织财务管理",
    "城镇老旧小区改造",
    "政府投资项目管理",
    "行政执法公示",
    "行政执法全过程记录",
    "中小企业融资担保",
    "农村宅基地审批管理",
    "城市停车场建设管理",
    "公共租赁住房管理",
    "就业创业补贴资金管理",
    "生活垃圾分类管理",
    "户外广告设置管理",
    "政府购买服务管理",
    "涉企行政检查",
    "安全生产举报奖励",
    "地质灾害防治",
    "扬尘污染防治",
];
const FORMS: &[&str] = &["办法", "实施办法", "暂行办法", "实施细则", "规定"];
const DECISION_TITLES: &[&str] = &[
    "城市供水价格调整方案",
    "中心城区停车收费标准调整方案",
    "老旧小区改造三年行动计划",
    "殡葬设施布局规划",
    "义务教育学校布局调整方案",
    "国土空间总体规划",
    "生活垃圾处理收费标准调整方案",
    "城市公交线网优化方案",
    "集体土地征收补偿安置标准",
    "农村饮水安全巩固提升工程实施方案",
    "历史文化街区保护规划",
    "城区供热工程特许经营方案",
    "农贸市场布局专项规划",
    "城市排水防涝设施建设方案",
    "养老服务设施布局规划",
];

struct Doc {
    org: String,
    issuer: String,
    gov: usize,
    title: String,
    issued: NaiveDate,
}

pub(super) async fn normative_documents(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
) -> anyhow::Result<()> {
    let mut docs: Vec<Doc> = Vec::new();
    for k in 0..DOCUMENTS_THIS_YEAR + DOCUMENTS_EARLIER {
        let issued = if k < DOCUMENTS_THIS_YEAR {
            s.seasonal_date()
        } else {
            let first = NaiveDate::from_ymd_opt(s.year - 5, 1, 2).unwrap_or(s.as_of);
            let last = NaiveDate::from_ymd_opt(s.year - 1, 11, 30).unwrap_or(s.as_of);
            s.date_between(first, last)
        };
        docs.push(doc(s, world, issued));
    }
    docs.sort_by_key(|d| d.issued);
    let mut numbers = std::collections::BTreeMap::new();
    for d in &docs {
        let year = d.issued.format("%Y").to_string();
        let n = numbers.entry((d.issuer.clone(), year.clone())).or_insert(0);
        *n += s.int(1, 6);
        let number = format!("{}〔{year}〕{n}号", d.issuer);
        let mut raw = issue(s, world, d, &number);
        // A few older documents are repealed, amended or declared void in the year's 清理.
        if d.issued.year() != s.year && s.chance(CLEANED_SHARE) {
            let cleanup = s.weighted(&[("废止", 40), ("修改", 30), ("宣布失效", 30)]);
            raw.put("cleanup", cleanup)
                .date("cleanup_date", Some(s.seasonal_date()));
        }
        w.create(&NORMATIVE_DOCUMENTS, &d.org, &raw).await?;
    }
    Ok(())
}

/// Who issues a document: the government (府发、府办发) or one of its departments.
fn doc(s: &mut Synth, world: &World, issued: NaiveDate) -> Doc {
    let (org, issuer, gov) = if s.chance(0.65) {
        let g = s.weighted(&world.gov_weights());
        let gov = &world.govs[g];
        let kind = if s.chance(0.4) { "府发" } else { "府办发" };
        (gov.code.clone(), format!("{}{kind}", gov.short), g)
    } else {
        let a = &world.agencies[s.weighted(&world.agency_weights())];
        let gov = &world.govs[a.gov];
        (
            a.code.clone(),
            format!("{}{}发", gov.short, a.dept.abbr),
            a.gov,
        )
    };
    let title = format!(
        "{}{}{}",
        world.govs[gov].name,
        s.pick(TOPICS),
        s.pick(FORMS)
    );
    Doc {
        org,
        issuer,
        gov,
        title,
        issued,
    }
}

/// Review before issue, effect, filing with the government above (30 days), its result.
fn issue(s: &mut Synth, world: &World, d: &Doc, number: &str) -> Raw {
    let mut raw = Raw::default();
    let provisional = d.title.contains("暂行");
    let reviewed = s.working_day_before(d.issued, 5, 30);
    let effective = match s.weighted(&[(0, 25), (1, 50), (2, 25)]) {
        0 => d.issued,
        1 => s.days_after(d.issued, 30),
        _ => s.after_days(d.issued, 10, 20),
    };
    let gov = &world.govs[d.gov];
    let reviewer = format!("{}司法局", gov.name);
    raw.put("title", d.title.clone())
        .put("doc_number", number)
        .date("review_date", Some(reviewed))
        .put("reviewer", reviewer)
        .put(
            "review_result",
            s.weighted(&[("通过", 78), ("修改后通过", 22)]),
        )
        .date("issue_date", Some(d.issued))
        .date("effective_date", Some(effective))
        .flag("provisional", provisional);
    if provisional || s.chance(0.3) {
        let years = if provisional { 2 } else { 5 };
        let expiry = effective
            .checked_add_months(Months::new(12 * years))
            .and_then(|d| d.pred_opt());
        raw.date("expiry_date", expiry);
    }
    let above = if d.org == gov.code && d.gov == 0 {
        "贵州省人民政府".to_owned()
    } else if d.org == gov.code {
        format!("{}人民政府", world.govs[0].name)
    } else {
        format!("{}人民政府", gov.name)
    };
    let filed = if s.chance(0.92) {
        s.after_days(d.issued, 3, 30)
    } else {
        s.after_days(d.issued, 31, 45)
    };
    if filed <= s.as_of {
        raw.put("filing_organ", above)
            .date("filed_date", Some(filed));
        if s.days_after(filed, 30) <= s.as_of {
            let result = s.weighted(&[("予以备案", 95), ("纠正", 3), ("不予备案", 2)]);
            raw.put("filing_result", result);
        }
    }
    raw
}

pub(super) async fn major_decisions(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
) -> anyhow::Result<()> {
    for year in s.year + 1 - DECISION_YEARS..=s.year {
        for (g, gov) in world.govs.iter().enumerate() {
            let count = if g == 0 {
                DECISIONS_CITY
            } else {
                DECISIONS_PER_COUNTY
            };
            catalog(w, s, (&gov.code, &gov.name), year, count).await?;
        }
    }
    Ok(())
}

/// One government's catalogue of one year: listed together, each decision then on its own way.
async fn catalog(
    w: &mut Writer<'_>,
    s: &mut Synth,
    (code, name): (&str, &str),
    year: i32,
    count: usize,
) -> anyhow::Result<()> {
    let mut titles: Vec<&str> = DECISION_TITLES.to_vec();
    let mut meeting = s.int(1, 3);
    let listed = s.date_between(
        NaiveDate::from_ymd_opt(year, 2, 20).unwrap_or(s.as_of),
        NaiveDate::from_ymd_opt(year, 4, 30).unwrap_or(s.as_of),
    );
    for _ in 0..count.min(titles.len()) {
        let title = titles.remove(s.int(0, titles.len() as i64 - 1) as usize);
        let mut raw = Raw::default();
        raw.put("catalog_year", year.to_string())
            .put("title", format!("{name}{title}"))
            .date("listed_date", Some(listed));
        if let Some(decided) = steps(s, &mut raw, listed) {
            meeting += s.int(1, 4);
            raw.date("collective_decision_date", Some(decided)).put(
                "decision_meeting",
                format!("{name}人民政府第{meeting}次常务会议"),
            );
        }
        w.create(&MAJOR_DECISIONS, code, &raw).await?;
    }
    Ok(())
}

/// 公众参与、专家论证、风险评估、合法性审查 in order, as far as the year's end has reached;
/// the date of the 集体讨论决定 when it has been reached too.
fn steps(s: &mut Synth, raw: &mut Raw, listed: NaiveDate) -> Option<NaiveDate> {
    let mut at = s.after_days(listed, 15, 150);
    let participation = s.chance(0.9);
    raw.flag("public_participation_required", participation);
    if participation {
        let short = s.chance(0.05);
        let end = if short {
            s.after_days(at, 15, 20)
        } else {
            s.after_days(at, 30, 40)
        };
        if end > s.as_of {
            return None;
        }
        raw.date("public_participation_start", Some(at))
            .date("public_participation_end", Some(end))
            .put(
                "public_participation_evidence",
                "征求意见公告、意见采纳情况说明",
            );
        if short {
            raw.put(
                "public_participation_short_reason",
                "因防汛工作紧急,缩短征求意见期限",
            );
        }
        at = end;
    }
    for (flag, date, evidence, text) in [
        (
            "expert_review_required",
            "expert_review_date",
            "expert_review_evidence",
            "专家论证意见及采纳情况",
        ),
        (
            "risk_assessment_required",
            "risk_assessment_date",
            "risk_assessment_evidence",
            "社会稳定风险评估报告",
        ),
    ] {
        let required = s.chance(if flag.starts_with("expert") { 0.7 } else { 0.8 });
        raw.flag(flag, required);
        if required {
            at = s.after_days(at, 5, 20);
            if at > s.as_of {
                return None;
            }
            raw.date(date, Some(at)).put(evidence, text);
        }
    }
    at = s.after_days(at, 5, 15);
    if at > s.as_of {
        return None;
    }
    raw.date("legality_review_date", Some(at))
        .put(
            "legality_review_result",
            s.weighted(&[("合法", 70), ("修改后合法", 30)]),
        )
        .put("legality_review_evidence", "合法性审查意见书");
    let decided = s.after_days(at, 5, 30);
    (decided <= s.as_of).then_some(decided)
}
