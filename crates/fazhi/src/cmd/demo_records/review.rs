//! 行政复议 and 行政应诉 — reconsiderations decided by the governments' 司法局 (some against the
//! year's penalty decisions), and the lawsuits against the agencies (some after reconsideration).

use chrono::NaiveDate;
use fazhi_domain::register::litigation::LITIGATIONS;
use fazhi_domain::register::reconsideration::RECONSIDERATIONS;

use super::cases::Decided;
use super::synth::{PartyKind, Synth};
use super::world::World;
use super::{Raw, Writer};

const RECONSIDERATIONS_TOTAL: usize = 120;
/// Of those, challenges to this year's registered penalty decisions.
const LINKED: usize = 45;
const LITIGATIONS_TOTAL: usize = 100;
const ACTS: &[&str] = &[
    "行政处罚决定",
    "不予行政许可决定",
    "政府信息公开答复",
    "未履行法定职责",
    "查封、扣押财物的行政强制措施",
    "责令限期拆除决定",
];
/// 复议决定类型 and share: about 13% corrected (变更、撤销、确认违法、责令履行).
const DECISIONS: &[(&str, u32)] = &[
    ("维持", 52),
    ("驳回复议请求", 12),
    ("撤销", 6),
    ("变更", 2),
    ("确认违法", 4),
    ("责令履行", 1),
    ("撤回申请终止", 10),
    ("调解", 4),
    ("和解终止", 3),
    ("驳回申请", 5),
    ("其他终止", 1),
];

/// A reconsideration decided and then taken to court.
pub(super) struct Sued {
    pub id: i64,
    pub agency: usize,
    pub decided: NaiveDate,
    pub upheld: bool,
    pub applicant: String,
    pub act: String,
}

struct Plan {
    agency: usize,
    received: NaiveDate,
    applicant: String,
    act: String,
    case_id: Option<i64>,
}

pub(super) async fn reconsiderations(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    decided: &[Decided],
) -> anyhow::Result<Vec<Sued>> {
    let mut plans = linked_plans(s, decided);
    let weights = world.agency_weights();
    while plans.len() < RECONSIDERATIONS_TOTAL {
        let agency = s.weighted(&weights);
        let kind = s.weighted(&[(PartyKind::Person, 65), (PartyKind::Company, 35)]);
        let gov = &world.govs[world.agencies[agency].gov];
        plans.push(Plan {
            agency,
            received: s.seasonal_date(),
            applicant: s.party(kind, &gov.name, &gov.code)?.name,
            act: (s.pick(ACTS)).to_owned(),
            case_id: None,
        });
    }
    plans.sort_by_key(|p| p.received);
    let mut numbers = vec![0; world.govs.len()];
    let mut sued = Vec::new();
    for plan in plans {
        let agency = &world.agencies[plan.agency];
        let gov = &world.govs[agency.gov];
        let Some(org) = gov.justice.as_ref().or(world.govs[0].justice.as_ref()) else {
            continue;
        };
        numbers[agency.gov] += 1;
        let case_no = format!("{}府复〔{}〕{}号", gov.short, s.year, numbers[agency.gov]);
        let mut raw = Raw::default();
        raw.put("case_no", case_no)
            .put("applicant", plan.applicant.clone())
            .put("respondent", agency.name.clone())
            .put("act_challenged", plan.act.clone())
            .date("received_date", Some(plan.received));
        if let Some(id) = plan.case_id {
            raw.put("enforcement_case_id", id.to_string());
        }
        let outcome = proceed(s, &mut raw, plan.received);
        let stored = w.create(&RECONSIDERATIONS, org, &raw).await?;
        if let Some((decided, upheld)) = outcome.filter(|_| raw.0.contains_key("later_sued")) {
            sued.push(Sued {
                id: stored.id,
                agency: plan.agency,
                decided,
                upheld,
                applicant: plan.applicant,
                act: plan.act,
            });
        }
    }
    Ok(sued)
}

/// Challenges to penalty decisions, received within the 60 days allowed (第二十条).
fn linked_plans(s: &mut Synth, decided: &[Decided]) -> Vec<Plan> {
    let mut plans = Vec::new();
    let penalties: Vec<&Decided> = decided.iter().filter(|d| d.penalty).collect();
    for _ in 0..LINKED * 3 {
        if plans.len() >= LINKED || penalties.is_empty() {
            break;
        }
        let d = penalties[s.int(0, penalties.len() as i64 - 1) as usize];
        let received = s.after_days(d.decision, 10, 55);
        if received > s.as_of || plans.iter().any(|p: &Plan| p.case_id == Some(d.id)) {
            continue;
        }
        plans.push(Plan {
            agency: d.agency,
            received,
            applicant: d.party.name.clone(),
            act: format!("行政处罚决定({})", d.category),
            case_id: Some(d.id),
        });
    }
    plans
}

/// Acceptance, procedure and decision as of the year's end; the decision date and whether it
/// upheld the act, when decided.
fn proceed(s: &mut Synth, raw: &mut Raw, received: NaiveDate) -> Option<(NaiveDate, bool)> {
    let mut start = received;
    if s.chance(0.15) {
        let notice = s.after_working(received, 1, 5);
        let supplied = s.after_days(notice, 3, 10);
        if supplied > s.as_of {
            return None;
        }
        raw.date("supplement_notice_date", Some(notice))
            .date("supplement_date", Some(supplied));
        start = supplied;
    }
    let accepted = s.after_working(start, 0, 5);
    if accepted > s.as_of {
        raw.put("acceptance", "待定");
        return None;
    }
    raw.date("acceptance_date", Some(accepted));
    if s.chance(0.07) {
        raw.put("acceptance", "不予受理");
        return None;
    }
    raw.put("acceptance", "受理");
    let simplified = s.chance(0.25);
    raw.put(
        "procedure",
        if simplified {
            "简易程序"
        } else {
            "普通程序"
        },
    );
    // 第六十二条: 60 days, extendable by 30 with approval; 简易程序 30 days (第六十二条第二款).
    let decision = if simplified {
        s.after_days(accepted, 10, 30)
    } else if s.chance(0.08) {
        let approved = s.after_days(accepted, 50, 58);
        raw.date("extension_approved_date", Some(approved))
            .put("extension_days", "30");
        s.after_days(accepted, 61, 88)
    } else if s.chance(0.03) {
        s.after_days(accepted, 61, 75)
    } else {
        s.after_days(accepted, 20, 59)
    };
    if decision > s.as_of {
        return None;
    }
    let kind = s.weighted(DECISIONS);
    raw.date("decision_date", Some(decision))
        .put("decision_type", kind);
    let upheld = matches!(kind, "维持" | "驳回复议请求");
    if upheld && s.chance(0.16) {
        raw.flag("later_sued", true);
    }
    Some((decision, upheld))
}

struct Court {
    name: &'static str,
    /// 法院代字 in 案号 (黔0201).
    code: &'static str,
}

const BASIC_COURTS: &[Court] = &[
    Court {
        name: "六盘水市钟山区人民法院",
        code: "黔0201",
    },
    Court {
        name: "盘州市人民法院",
        code: "黔0281",
    },
];
const INTERMEDIATE: Court = Court {
    name: "贵州省六盘水市中级人民法院",
    code: "黔02",
};

pub(super) async fn litigations(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    sued: &[Sued],
) -> anyhow::Result<()> {
    let mut plans: Vec<(NaiveDate, Raw, String)> = Vec::new();
    for case in sued {
        let received = s.after_days(case.decided, 15, 30);
        if received > s.as_of {
            continue;
        }
        let mut raw = Raw::default();
        raw.put("plaintiff", case.applicant.clone())
            .put("act_challenged", case.act.clone())
            .flag("co_defendant", case.upheld)
            .put("reconsideration_case_id", case.id.to_string());
        plans.push((received, raw, world.agencies[case.agency].code.clone()));
    }
    let weights = world.agency_weights();
    while plans.len() < LITIGATIONS_TOTAL {
        let mut raw = Raw::default();
        let agency = &world.agencies[s.weighted(&weights)];
        // Some suits are against the district government itself (征收, 信息公开).
        let org = if s.chance(0.15) {
            world.govs[agency.gov].code.clone()
        } else {
            agency.code.clone()
        };
        let kind = s.weighted(&[(PartyKind::Person, 70), (PartyKind::Company, 30)]);
        let gov = &world.govs[agency.gov];
        raw.put("plaintiff", s.party(kind, &gov.name, &gov.code)?.name)
            .put("act_challenged", s.pick(ACTS))
            .flag("co_defendant", false);
        plans.push((s.seasonal_date(), raw, org));
    }
    plans.sort_by_key(|p| p.0);
    let mut numbers = std::collections::BTreeMap::new();
    for (received, mut raw, org) in plans {
        let instance = s.weighted(&[("一审", 80), ("二审", 17), ("再审", 3)]);
        let (court, kind) = match instance {
            "一审" if !org.contains('-') => (&INTERMEDIATE, "行初"),
            "一审" => (
                &BASIC_COURTS[usize::from(org.starts_with("520203") || org.starts_with("520281"))],
                "行初",
            ),
            "二审" => (&INTERMEDIATE, "行终"),
            _ => (&INTERMEDIATE, "行再"),
        };
        let n = numbers.entry((court.code, kind)).or_insert(0);
        *n += s.int(1, 3);
        raw.put("court", court.name)
            .put(
                "court_case_no",
                format!("（{}）{}{kind}{n}号", s.year, court.code),
            )
            .put("instance", instance)
            .date("received_date", Some(received));
        trial(s, &mut raw, received, instance);
        w.create(&LITIGATIONS, &org, &raw).await?;
    }
    Ok(())
}

/// Answer (15 days, 行政诉讼法第六十七条), hearing with or without the agency head, judgment.
fn trial(s: &mut Synth, raw: &mut Raw, received: NaiveDate, instance: &str) {
    let answered = if s.chance(0.9) {
        s.after_days(received, 5, 15)
    } else {
        s.after_days(received, 16, 25)
    };
    if answered > s.as_of {
        return;
    }
    raw.date("answer_filed_date", Some(answered));
    let hearing = s.after_days(received, 30, 100);
    if hearing > s.as_of {
        return;
    }
    let head = s.weighted(&[
        ("正职", 20),
        ("副职", 25),
        ("分管负责人", 45),
        ("未出庭", 10),
    ]);
    raw.date("hearing_date", Some(hearing))
        .put("head_appearance", head);
    let judged = s.after_days(hearing.max(answered), 7, 60);
    if judged > s.as_of {
        return;
    }
    let outcome = if instance == "一审" {
        s.weighted(&[
            ("驳回诉讼请求", 48),
            ("撤诉", 20),
            ("裁定驳回起诉", 13),
            ("调解", 3),
            ("撤销", 4),
            ("确认违法", 3),
            ("履行", 1),
            ("变更", 1),
        ])
    } else {
        s.weighted(&[
            ("驳回上诉维持原裁判", 75),
            ("撤诉", 10),
            ("发回重审", 7),
            ("撤销", 8),
        ])
    };
    raw.date("judgment_date", Some(judged))
        .put("outcome", outcome);
}
