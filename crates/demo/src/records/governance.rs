//! 规范性文件 and 重大行政决策 — the governments' and departments' normative documents (reviewed
//! before issue, filed within 30 days) and the year's catalogued major decisions, each through
//! its five steps in order.

use chrono::{Days, Months, NaiveDate};
use fazhi_domain::register::major_decision::MAJOR_DECISIONS;
use fazhi_domain::register::normative_document::NORMATIVE_DOCUMENTS;

use super::{Raw, Writer, YearPlan};
use crate::error::Result;
use crate::synth::Synth;
use crate::world::World;

/// 重大行政决策程序暂行条例 took effect on 2019-09-01: the register starts with the 2019
/// catalogue (its 目录年度 field refuses earlier years).
const MAJOR_DECISION_RULES_FROM: i32 = 2019;

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

/// Where a document of the year stands at its end, by what the indicators count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// 审核未通过: never issued.
    Rejected,
    /// 审核通过, not yet issued.
    Approved,
    /// Issued, not yet filed.
    Issued,
    /// Issued and filed (备案), refused or not.
    Filed { refused: bool },
    /// Issued years before and cleaned up (清理) this year: repealed or not.
    Cleaned { repealed: bool },
}

pub(super) async fn normative_documents(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    plan: YearPlan<'_>,
) -> Result<()> {
    let mut docs: Vec<(Doc, Stage)> = Vec::new();
    for stage in stages(s, plan)? {
        let issued = match stage {
            Stage::Cleaned { .. } => {
                let first = NaiveDate::from_ymd_opt(s.year - 5, 1, 2).unwrap_or(s.as_of);
                let last = NaiveDate::from_ymd_opt(s.year - 2, 11, 30).unwrap_or(s.as_of);
                s.date_between(first, last)
            }
            Stage::Filed { .. } => s.seasonal_date_until(s.as_of - Days::new(40)),
            Stage::Issued => s.late_date(25),
            // Not issued: the planned day lies ahead (the review happened this year).
            Stage::Rejected | Stage::Approved => {
                let reviewed = s.late_date(20);
                s.days_after(reviewed, 30)
            }
        };
        docs.push((doc(s, world, issued), stage));
    }
    docs.sort_by_key(|(d, _)| d.issued);
    for (d, stage) in &docs {
        let year = d.issued.format("%Y").to_string();
        let n = w
            .numbers
            .entry((d.issuer.clone(), year.clone()))
            .or_insert(0);
        *n += s.int(1, 6) as u32;
        let number = format!("{}〔{year}〕{n}号", d.issuer);
        let raw = issue(s, world, d, &number, *stage);
        w.create(&NORMATIVE_DOCUMENTS, &d.org, &raw).await?;
    }
    Ok(())
}

/// Every document's stage: as many reviewed, approved, issued, filed (and refused), cleaned up
/// (and repealed) as the plan says; each count at least the next one (备案 ≤ 印发 ≤ 通过 ≤ 审核).
fn stages(s: &mut Synth, plan: YearPlan<'_>) -> Result<Vec<Stage>> {
    // Defaults run down from a stated 审核 count, else up from 备案 (each ≥ the next).
    let stated_reviewed = plan.count("normative_docs.reviewed")?;
    let top = stated_reviewed.map_or(plan.volume(50.0) * 1.15, |n| n as f64);
    let issued_share = if plan.complete { 1.0 } else { 0.93 };
    let approved = plan.want("normative_docs.approved", top * 0.96)?;
    let filed = plan.want("normative_docs.filed", approved as f64 * 0.9 * issued_share)?;
    let issued = plan
        .want(
            "normative_docs.issued",
            (filed as f64 / issued_share).min(approved as f64),
        )?
        .max(filed);
    let approved = approved.max(issued);
    let reviewed = plan
        .want("normative_docs.reviewed", approved as f64 * 1.04)?
        .max(approved);
    let refused = plan
        .want("normative_docs.filing_rejected", filed as f64 * 0.02)?
        .min(filed);
    let cleaned = plan.want("normative_docs.cleaned_up", plan.volume(30.0))?;
    let repealed = plan
        .want("normative_docs.repealed", cleaned as f64 * 0.45)?
        .min(cleaned);
    let mut stages: Vec<Stage> = (0..filed)
        .map(|i| Stage::Filed {
            refused: i < refused,
        })
        .chain(std::iter::repeat_n(Stage::Issued, issued - filed))
        .chain(std::iter::repeat_n(Stage::Approved, approved - issued))
        .chain(std::iter::repeat_n(Stage::Rejected, reviewed - approved))
        .chain((0..cleaned).map(|i| Stage::Cleaned {
            repealed: i < repealed,
        }))
        .collect();
    s.shuffle(&mut stages);
    Ok(stages)
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

/// Review before issue, effect, filing with the government above (30 days) and its result,
/// as far as the document's stage has gone.
fn issue(s: &mut Synth, world: &World, d: &Doc, number: &str, stage: Stage) -> Raw {
    let mut raw = Raw::default();
    let provisional = d.title.contains("暂行");
    let reviewed = s.working_day_before(d.issued, 5, 30).min(s.as_of);
    // A document of the year was reviewed in the year (one issued on 2 January the same day).
    let reviewed = match stage {
        Stage::Cleaned { .. } => reviewed,
        _ => reviewed
            .max(NaiveDate::from_ymd_opt(s.year, 1, 1).unwrap_or(reviewed))
            .min(d.issued),
    };
    let gov = &world.govs[d.gov];
    raw.put("title", d.title.clone())
        .put("doc_number", number)
        .date("review_date", Some(reviewed))
        .put("reviewer", format!("{}司法局", gov.name));
    match stage {
        Stage::Rejected => {
            raw.put("review_result", "不通过");
            return raw;
        }
        Stage::Approved => {
            raw.put("review_result", "通过");
            return raw;
        }
        _ => {}
    }
    let effective = match s.weighted(&[(0, 25), (1, 50), (2, 25)]) {
        0 => d.issued,
        1 => s.days_after(d.issued, 30),
        _ => s.after_days(d.issued, 10, 20),
    };
    raw.put(
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
        format!("{}人民政府", world.province)
    } else if d.org == gov.code {
        format!("{}人民政府", world.govs[0].name)
    } else {
        format!("{}人民政府", gov.name)
    };
    if stage == Stage::Issued {
        return raw;
    }
    let filed = if s.chance(0.92) {
        s.after_days(d.issued, 3, 30)
    } else {
        s.after_days(d.issued, 31, 45)
    };
    raw.put("filing_organ", above)
        .date("filed_date", Some(filed));
    let result = match stage {
        Stage::Filed { refused: true } => "不予备案",
        _ => s.weighted(&[("予以备案", 97), ("纠正", 3)]),
    };
    raw.put("filing_result", result);
    if let Stage::Cleaned { repealed } = stage {
        let cleanup = if repealed {
            s.weighted(&[("废止", 60), ("宣布失效", 40)])
        } else {
            s.weighted(&[("修改", 70), ("保留", 30)])
        };
        raw.put("cleanup", cleanup)
            .date("cleanup_date", Some(s.seasonal_date()));
    }
    raw
}

/// The year's catalogued major decisions: as many listed, decided by the government meeting
/// and legality-reviewed before it as the plan says, shared out over the governments.
pub(super) async fn major_decisions(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    plan: YearPlan<'_>,
) -> Result<()> {
    if s.year < MAJOR_DECISION_RULES_FROM {
        return Ok(());
    }
    let decided = plan.want("major_decisions.count", plan.volume(25.0) * 0.7)?;
    let listed = plan
        .want("major_decisions.listed", decided as f64 / 0.7)?
        .max(decided);
    let shares = super::certificates::share_out(listed, &world.gov_weights(), 0);
    let mut left = decided;
    for (g, count) in shares.into_iter().enumerate() {
        let gov = &world.govs[g];
        let here = left.min(count);
        left -= here;
        catalog(w, s, (&gov.code, &gov.name), count, here).await?;
    }
    Ok(())
}

/// One government's catalogue of the year: listed together in spring, `decided` of them
/// through all steps to the 集体讨论决定 by the year's end.
async fn catalog(
    w: &mut Writer<'_>,
    s: &mut Synth,
    (code, name): (&str, &str),
    count: usize,
    decided: usize,
) -> Result<()> {
    let year = s.year;
    let mut meeting = s.int(1, 3);
    let listed = s.date_between(
        NaiveDate::from_ymd_opt(year, 2, 20).unwrap_or(s.as_of),
        NaiveDate::from_ymd_opt(year, 4, 30).unwrap_or(s.as_of),
    );
    for k in 0..count {
        let title = DECISION_TITLES[k % DECISION_TITLES.len()];
        let round = k / DECISION_TITLES.len();
        let title = if round == 0 {
            format!("{name}{title}")
        } else {
            format!("{name}{title}(第{}批)", round + 1)
        };
        let mut raw = Raw::default();
        raw.put("catalog_year", year.to_string())
            .put("title", title)
            .date("listed_date", Some(listed));
        if k < decided {
            let day = steps(s, &mut raw, listed);
            meeting += s.int(1, 4);
            raw.date("collective_decision_date", Some(day)).put(
                "decision_meeting",
                format!("{name}人民政府第{meeting}次常务会议"),
            );
        }
        w.create(&MAJOR_DECISIONS, code, &raw).await?;
    }
    Ok(())
}

/// 公众参与、专家论证、风险评估、合法性审查 in order, then the 集体讨论决定, all within the
/// year: the steps are spread over the time left after the listing.
fn steps(s: &mut Synth, raw: &mut Raw, listed: NaiveDate) -> NaiveDate {
    let mut at = s.after_days(listed, 15, 90);
    let participation = s.chance(0.9);
    raw.flag("public_participation_required", participation);
    if participation {
        let short = s.chance(0.05);
        let end = if short {
            s.after_days(at, 15, 20)
        } else {
            s.after_days(at, 30, 40)
        };
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
            raw.date(date, Some(at)).put(evidence, text);
        }
    }
    at = s.after_days(at, 5, 15);
    raw.date("legality_review_date", Some(at))
        .put(
            "legality_review_result",
            s.weighted(&[("合法", 70), ("修改后合法", 30)]),
        )
        .put("legality_review_evidence", "合法性审查意见书");
    s.after_days(at, 5, 30).min(s.as_of).max(at)
}
