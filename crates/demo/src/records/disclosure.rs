//! 政府信息公开申请 — the requests the city's organs receive in a year: mostly from natural
//! persons and online, answered within 20 working days; one in ten told to supplement (the
//! clock counting again from the supplement), a few sent to a third party (that time not
//! counted) or extended with the head's approval, one in forty late; a few replies challenged
//! by 复议 or 诉讼. The stated count is the year's requests concluded (株洲 2024: 「共办结政府
//! 信息公开申请78件」); a year that need not complete leaves the last weeks' requests open.

use chrono::NaiveDate;
use fazhi_domain::register::information_request::INFORMATION_REQUESTS;

use super::{Raw, Writer, YearPlan};
use crate::error::Result;
use crate::synth::Synth;
use crate::world::World;

const SUBJECTS: &[&str] = &[
    "某地块国有土地使用权出让",
    "某路段道路拓宽工程的征收补偿方案",
    "本村集体土地征收批复",
    "某小区规划许可证及附图",
    "某企业环境影响评价批复",
    "城区停车收费标准的制定依据",
    "某年度财政专项资金分配",
    "某项目立项批复及投资概算",
    "本人房屋征收评估报告",
    "农村低保对象审核名单",
    "某工程招标投标结果",
    "某学校划片招生方案的依据",
];

const APPLICANTS: &[(&str, u32)] = &[
    ("自然人", 86),
    ("商业企业", 8),
    ("科研机构", 1),
    ("社会公益组织", 1),
    ("法律服务机构", 3),
    ("其他组织", 1),
];

const CHANNELS: &[(&str, u32)] = &[("网络", 58), ("邮寄", 22), ("当面提交", 17), ("传真", 3)];

/// The shares of 表三's rows in published reports: most answered with disclosure or 本机关不
/// 掌握, a few withheld or declined.
const RESULTS: &[(&str, u32)] = &[
    ("open", 42),
    ("partial", 10),
    ("withheld_third_party", 3),
    ("withheld_process", 3),
    ("withheld_case_file", 1),
    ("withheld_inquiry", 1),
    ("unavailable_not_held", 22),
    ("unavailable_needs_making", 4),
    ("declined_petition", 5),
    ("declined_repeat", 4),
    ("declined_confirm", 2),
    ("other", 3),
];

const OUTCOMES: &[(&str, u32)] = &[
    ("upheld", 70),
    ("corrected", 10),
    ("other", 10),
    ("pending", 10),
];

pub(super) async fn information_requests(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    plan: YearPlan<'_>,
) -> Result<()> {
    let concluded = plan.want("disclosure.requests", plan.volume(80.0))?;
    let open = if plan.complete {
        0
    } else {
        (concluded as f64 * 0.04).ceil() as usize
    };
    let organs: Vec<(usize, u32)> = world.agency_weights();
    let year = s.year;
    let last = NaiveDate::from_ymd_opt(year, 12, 31)
        .unwrap_or(s.as_of)
        .min(s.as_of);
    let latest_receipt = NaiveDate::from_ymd_opt(year, 10, 31).unwrap_or(last);
    for n in 0..concluded + open {
        let org = world.agencies[s.weighted(&organs)].code.clone();
        let replied = n < concluded;
        let received = if replied {
            s.seasonal_date_until(latest_receipt)
        } else {
            s.late_date(12)
        };
        let mut raw = Raw::default();
        raw.put("request_no", format!("依申请〔{year}〕第{}号", n + 1))
            .put("applicant_type", s.weighted(APPLICANTS))
            .put("channel", s.weighted(CHANNELS))
            .date("received_date", Some(received))
            .put("content", format!("申请公开{}", s.pick(SUBJECTS)));
        let applicant = if raw.0.get("applicant_type").is_some_and(|t| t == "自然人") {
            s.person_name()
        } else {
            format!("{}有限公司", s.person_name())
        };
        raw.put("applicant", applicant);
        if replied {
            reply(s, &mut raw, received, last);
        }
        w.create(&INFORMATION_REQUESTS, &org, &raw).await?;
    }
    Ok(())
}

/// The course of a request to its reply (no later than `last`): supplement, third party or
/// extension, the category, and now and then a challenge.
fn reply(s: &mut Synth, raw: &mut Raw, received: NaiveDate, last: NaiveDate) {
    let mut counts_from = received;
    let supplemented = s.chance(0.1);
    if supplemented {
        let late = s.chance(1.0 / 40.0);
        let notice = s.after_working(
            received,
            if late { 8 } else { 1 },
            if late { 10 } else { 7 },
        );
        let supplement = s.after_days(notice, 3, 15);
        raw.date("supplement_notice_date", Some(notice))
            .date("supplement_date", Some(supplement));
        counts_from = supplement;
    }
    let replied = if s.chance(0.04) {
        let from = s.after_working(counts_from, 2, 6);
        let to = s.after_working(from, 3, 14);
        raw.date("third_party_from", Some(from))
            .date("third_party_to", Some(to));
        s.after_working(to, 2, 8)
    } else if s.chance(0.06) {
        raw.flag("extended", true).put(
            "extension_approver",
            format!("{}(政务公开办主任)", s.person_name()),
        );
        s.after_working(counts_from, 21, 36)
    } else if s.chance(1.0 / 40.0) {
        s.after_working(counts_from, 21, 26)
    } else {
        s.after_working(counts_from, 2, 19)
    };
    let replied = replied.min(last).max(received);
    let result = if supplemented && s.chance(0.2) {
        "unavailable_unclear"
    } else {
        s.weighted(RESULTS)
    };
    raw.date("reply_date", Some(replied)).put("result", result);
    if s.chance(0.025) {
        challenge(s, raw, replied, last);
    }
}

/// 复议 or 诉讼 over the reply: dated within 60 days, in the year.
fn challenge(s: &mut Synth, raw: &mut Raw, replied: NaiveDate, last: NaiveDate) {
    let date = s.after_days(replied, 10, 60);
    if date > last {
        return;
    }
    raw.date("challenge_date", Some(date));
    if s.chance(0.6) {
        let outcome = s.weighted(OUTCOMES);
        raw.put("reconsideration_result", outcome);
        if outcome != "pending" && s.chance(0.2) {
            raw.put("litigation_route", "after_reconsideration")
                .put("litigation_result", "pending");
        }
    } else {
        raw.put("litigation_route", "direct")
            .put("litigation_result", s.weighted(OUTCOMES));
    }
}
