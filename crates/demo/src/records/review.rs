//! 行政复议 and 行政应诉 — reconsiderations decided by the governments' 司法局 (some against the
//! year's penalty decisions), and the lawsuits against the agencies (some after reconsideration).

use chrono::NaiveDate;
use fazhi_domain::RecordId;
use fazhi_domain::register::link;
use fazhi_domain::register::litigation::LITIGATIONS;
use fazhi_domain::register::reconsideration::RECONSIDERATIONS;

use super::cases::Decided;
use super::{Raw, Writer, YearPlan};
use crate::error::{Result, store};
use crate::synth::{PartyKind, Synth};
use crate::world::World;

/// Of the reconsiderations, the share challenging a registered penalty decision.
const LINKED_SHARE: f64 = 0.35;
const ACTS: &[&str] = &[
    "行政处罚决定",
    "不予行政许可决定",
    "政府信息公开答复",
    "未履行法定职责",
    "查封、扣押财物的行政强制措施",
    "责令限期拆除决定",
];
/// 复议决定类型 by what the indicators count: 纠错 (变更、撤销、确认违法、责令履行 …), 调解/和解,
/// and the rest (维持、驳回、终止), each with its share within the group.
const CORRECTED: &[(&str, u32)] = &[("撤销", 6), ("变更", 2), ("确认违法", 4), ("责令履行", 1)];
const MEDIATED: &[(&str, u32)] = &[("调解", 4), ("和解终止", 3)];
const OTHER: &[(&str, u32)] = &[
    ("维持", 52),
    ("驳回复议请求", 12),
    ("撤回申请终止", 10),
    ("驳回申请", 5),
    ("其他终止", 1),
];

/// How a reconsideration ends by the year's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Corrected { sued: bool },
    Mediated,
    Other { sued: bool },
    Open,
}

/// A reconsideration decided and then taken to court.
pub(super) struct Sued {
    /// The record's id once written.
    pub id: Option<RecordId>,
    /// 复议案号, to find the record's id once written.
    pub case_no: String,
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
    case_id: Option<RecordId>,
}

/// One plan per ending: the cases linked to decided enforcement cases first, then new ones of
/// weighted agencies; each received on a date fitting its ending, in the order received.
fn fated_plans(
    s: &mut Synth,
    world: &World,
    decided: &[Decided],
    endings: Vec<Ending>,
) -> Result<Vec<(Plan, Ending)>> {
    let mut plans = linked_plans(s, decided, (endings.len() as f64 * LINKED_SHARE) as usize);
    let weights = world.agency_weights();
    while plans.len() < endings.len() {
        let agency = s.weighted(&weights);
        let kind = s.weighted(&[(PartyKind::Person, 65), (PartyKind::Company, 35)]);
        let gov = &world.govs[world.agencies[agency].gov];
        plans.push(Plan {
            agency,
            received: s.as_of,
            applicant: s.party(kind, &gov.name, &gov.code)?.name,
            act: (s.pick(ACTS)).to_owned(),
            case_id: None,
        });
    }
    // Open cases were received in the last weeks; the others any time (linked ones after
    // the decision they challenge).
    let mut fated: Vec<(Plan, Ending)> = plans.into_iter().zip(endings).collect();
    for (plan, ending) in &mut fated {
        let limit = s.as_of - chrono::Days::new(45);
        if *ending == Ending::Open {
            plan.received = s.late_date(40);
            plan.case_id = None;
        } else if plan.case_id.is_none() || plan.received > limit {
            plan.received = s.seasonal_date_until(limit);
            plan.case_id = None;
        }
    }
    fated.sort_by_key(|(p, _)| p.received);
    Ok(fated)
}

pub(super) async fn reconsiderations(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    decided: &[Decided],
    plan: YearPlan<'_>,
) -> Result<Vec<Sued>> {
    let endings = endings(s, plan)?;
    let fated = fated_plans(s, world, decided, endings)?;
    let mut numbers = vec![0; world.govs.len()];
    let mut sued = Vec::new();
    for (plan, ending) in fated {
        let agency = &world.agencies[plan.agency];
        let gov = &world.govs[agency.gov];
        let Some(org) = gov.justice.as_ref().or(world.govs[0].justice.as_ref()) else {
            continue;
        };
        numbers[agency.gov] += 1;
        let case_no = format!("{}府复〔{}〕{}号", gov.short, s.year, numbers[agency.gov]);
        let mut raw = Raw::default();
        raw.put("case_no", case_no.clone())
            .put("applicant", plan.applicant.clone())
            .put("respondent", agency.name.clone())
            .put("act_challenged", plan.act.clone())
            .date("received_date", Some(plan.received));
        if let Some(id) = plan.case_id {
            raw.put("enforcement_case_id", link::id_text(id.get()));
        }
        let outcome = proceed(s, &mut raw, plan.received, ending);
        w.create(&RECONSIDERATIONS, org, &raw).await?;
        if let Some((decided, upheld)) = outcome.filter(|_| raw.0.contains_key("later_sued")) {
            sued.push(Sued {
                id: None,
                case_no,
                agency: plan.agency,
                decided,
                upheld,
                applicant: plan.applicant,
                act: plan.act,
            });
        }
    }
    w.flush().await?;
    let keys: Vec<String> = sued.iter().map(|c| c.case_no.clone()).collect();
    let ids = w
        .store
        .record_ids(&RECONSIDERATIONS, &keys)
        .await
        .map_err(store("读取复议案号失败"))?;
    for c in &mut sued {
        c.id = ids.get(&c.case_no).copied();
    }
    Ok(sued)
}

/// Every reconsideration's ending: as many received, concluded, corrected, mediated and later
/// sued as the plan says.
fn endings(s: &mut Synth, plan: YearPlan<'_>) -> Result<Vec<Ending>> {
    let received = plan.want(
        "reconsideration.received",
        plan.volume_above(
            150.0,
            &[
                ("reconsideration.concluded", 0.9),
                ("reconsideration.sued_after", 0.09),
                ("reconsideration.corrected", 0.12),
            ],
        )?,
    )?;
    let concluded = plan
        .want("reconsideration.concluded", plan.finished(received, 0.9))?
        .min(received);
    let corrected = plan
        .want("reconsideration.corrected", concluded as f64 * 0.13)?
        .min(concluded);
    let mediated = plan
        .want("reconsideration.mediated", concluded as f64 * 0.07)?
        .min(concluded - corrected);
    let sued = plan.want("reconsideration.sued_after", concluded as f64 * 0.1)?;
    let other = concluded - corrected - mediated;
    // The later sued are mostly upheld ones, then corrected ones.
    let sued_other = sued.min(other);
    let sued_corrected = (sued - sued_other).min(corrected);
    let mut endings: Vec<Ending> = (0..corrected)
        .map(|i| Ending::Corrected {
            sued: i < sued_corrected,
        })
        .chain(std::iter::repeat_n(Ending::Mediated, mediated))
        .chain((0..other).map(|i| Ending::Other {
            sued: i < sued_other,
        }))
        .chain(std::iter::repeat_n(Ending::Open, received - concluded))
        .collect();
    s.shuffle(&mut endings);
    Ok(endings)
}

/// Challenges to penalty decisions, received within the 60 days allowed (第二十条).
fn linked_plans(s: &mut Synth, decided: &[Decided], linked: usize) -> Vec<Plan> {
    let mut plans = Vec::new();
    let penalties: Vec<&Decided> = decided
        .iter()
        .filter(|d| d.penalty && d.id.is_some())
        .collect();
    for _ in 0..linked * 3 {
        if plans.len() >= linked || penalties.is_empty() {
            break;
        }
        let d = penalties[s.int(0, penalties.len() as i64 - 1) as usize];
        let received = s.after_days(d.decision, 10, 55);
        if received > s.as_of || plans.iter().any(|p: &Plan| p.case_id == d.id) {
            continue;
        }
        plans.push(Plan {
            agency: d.agency,
            received,
            applicant: d.party.name.clone(),
            act: format!("行政处罚决定({})", d.category),
            case_id: d.id,
        });
    }
    plans
}

/// Acceptance, procedure and the decision its ending calls for; the decision date and whether
/// it upheld the act, when decided.
fn proceed(
    s: &mut Synth,
    raw: &mut Raw,
    received: NaiveDate,
    ending: Ending,
) -> Option<(NaiveDate, bool)> {
    let mut start = received;
    if ending != Ending::Open && s.chance(0.15) {
        let notice = s.after_working(received, 1, 5);
        let supplied = s.after_days(notice, 3, 10);
        raw.date("supplement_notice_date", Some(notice))
            .date("supplement_date", Some(supplied));
        start = supplied;
    }
    let accepted = s.after_working(start, 0, 5).min(s.as_of);
    if ending == Ending::Open {
        let acceptance = s.weighted(&[("受理", 60), ("待定", 25), ("不予受理", 15)]);
        if acceptance != "待定" {
            raw.date("acceptance_date", Some(accepted.max(received)));
        }
        if acceptance == "受理" {
            raw.put("procedure", "普通程序");
        }
        raw.put("acceptance", acceptance);
        return None;
    }
    raw.date("acceptance_date", Some(accepted))
        .put("acceptance", "受理");
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
    let mut extension = None;
    let decision = if simplified {
        s.after_days(accepted, 10, 30)
    } else if s.chance(0.08) {
        extension = Some(s.after_days(accepted, 50, 58));
        s.after_days(accepted, 61, 88)
    } else if s.chance(0.03) {
        s.after_days(accepted, 61, 75)
    } else {
        s.after_days(accepted, 20, 59)
    };
    let decision = decision.min(s.as_of).max(accepted);
    if let Some(approved) = extension.filter(|a| *a < decision) {
        raw.date("extension_approved_date", Some(approved))
            .put("extension_days", "30");
    }
    let (kind, sued) = match ending {
        Ending::Corrected { sued } => (s.weighted(CORRECTED), sued),
        Ending::Mediated => (s.weighted(MEDIATED), false),
        Ending::Other { sued } => (s.weighted(OTHER), sued),
        Ending::Open => return None,
    };
    raw.date("decision_date", Some(decision))
        .put("decision_type", kind);
    if sued {
        raw.flag("later_sued", true);
    }
    Some((decision, matches!(kind, "维持" | "驳回复议请求")))
}

/// How a lawsuit stands at the year's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Trial {
    heard: bool,
    /// 负责人出庭 (when heard).
    head: bool,
    /// Judged: lost (败诉) or not.
    judged: Option<bool>,
}

/// Outcomes the indicators count as 败诉, and the others (一审).
const LOST: &[(&str, u32)] = &[("撤销", 4), ("确认违法", 3), ("履行", 1), ("变更", 1)];
const NOT_LOST: &[(&str, u32)] = &[
    ("驳回诉讼请求", 48),
    ("撤诉", 20),
    ("裁定驳回起诉", 13),
    ("调解", 3),
];

pub(super) async fn litigations(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    sued: &[Sued],
    plan: YearPlan<'_>,
) -> Result<()> {
    let trials = trials(s, plan)?;
    let limit = s.as_of - chrono::Days::new(100);
    let mut plans: Vec<(NaiveDate, Raw, String, Trial)> = Vec::new();
    let mut links = sued.iter();
    for trial in trials {
        let mut raw = Raw::default();
        let finished = trial.heard || trial.judged.is_some();
        let link = links.next().filter(|c| c.id.is_some());
        let received = match link.map(|c| s.after_days(c.decided, 15, 30)) {
            Some(day) if !finished || day <= limit => day.min(s.as_of),
            _ if finished => s.seasonal_date_until(limit),
            _ => s.late_date(30),
        };
        let org = match link.filter(|c| c.decided < received) {
            Some(case) => {
                raw.put("plaintiff", case.applicant.clone())
                    .put("act_challenged", case.act.clone())
                    .flag("co_defendant", case.upheld);
                if let Some(id) = case.id {
                    raw.put("reconsideration_case_id", link::id_text(id.get()));
                }
                world.agencies[case.agency].code.clone()
            }
            None => {
                let agency = &world.agencies[s.weighted(&world.agency_weights())];
                let kind = s.weighted(&[(PartyKind::Person, 70), (PartyKind::Company, 30)]);
                let gov = &world.govs[agency.gov];
                raw.put("plaintiff", s.party(kind, &gov.name, &gov.code)?.name)
                    .put("act_challenged", s.pick(ACTS))
                    .flag("co_defendant", false);
                // Some suits are against the district government itself (征收, 信息公开).
                if s.chance(0.15) {
                    world.govs[agency.gov].code.clone()
                } else {
                    agency.code.clone()
                }
            }
        };
        plans.push((received, raw, org, trial));
    }
    plans.sort_by_key(|p| p.0);
    let mut numbers = std::collections::BTreeMap::new();
    for (received, mut raw, org, trial) in plans {
        let instance = s.weighted(&[("一审", 85), ("二审", 15)]);
        let (court, code, kind) = court(world, &org, instance);
        let n = numbers.entry((code.clone(), kind)).or_insert(0);
        *n += s.int(1, 3);
        raw.put("court", court)
            .put("court_case_no", format!("（{}）{code}{kind}{n}号", s.year))
            .put("instance", instance)
            .date("received_date", Some(received));
        proceedings(s, &mut raw, received, trial);
        w.create(&LITIGATIONS, &org, &raw).await?;
    }
    Ok(())
}

/// The court and its 代字 hearing a suit against unit `org`: the basic court of the county for
/// a first instance against a department, the intermediate court otherwise.
fn court(world: &World, org: &str, instance: &str) -> (String, String, &'static str) {
    let abbr = &world.province_abbr;
    let city = &world.govs[0];
    let county = world
        .govs
        .iter()
        .skip(1)
        .find(|g| org.starts_with(&g.code))
        .unwrap_or(city);
    let kind = if instance == "一审" {
        "行初"
    } else {
        "行终"
    };
    if instance == "一审" && org.contains('-') {
        let name = if county.code == city.code && world.govs.len() == 1 {
            format!("{}人民法院", city.name)
        } else {
            format!("{}{}人民法院", city.name, county.name)
        };
        let code = format!("{abbr}{}", county.code.get(2..6).unwrap_or("0000"));
        return (name, code, kind);
    }
    let code = format!("{abbr}{}", city.code.get(2..4).unwrap_or("00"));
    (world.intermediate_court.clone(), code, kind)
}

/// Every lawsuit's trial: as many received, heard (with the head appearing), judged and lost
/// as the plan says.
fn trials(s: &mut Synth, plan: YearPlan<'_>) -> Result<Vec<Trial>> {
    let received = plan.want(
        "litigation.received",
        plan.volume_above(
            120.0,
            &[
                ("litigation.concluded", 0.88),
                ("litigation.hearings", 0.9),
                ("litigation.lost", 0.07),
            ],
        )?,
    )?;
    let concluded = plan
        .want("litigation.concluded", plan.finished(received, 0.88))?
        .min(received);
    let lost = plan
        .want("litigation.lost", concluded as f64 * 0.08)?
        .min(concluded);
    let hearings = plan
        .want("litigation.hearings", concluded as f64 * 0.95)?
        .min(received);
    let heads = plan
        .want("litigation.head_appearances", hearings as f64 * 0.9)?
        .min(hearings);
    let judged_heard = concluded.min(hearings);
    let mut trials: Vec<Trial> = (0..received)
        .map(|i| Trial {
            heard: i < judged_heard || (i >= concluded && i < concluded + hearings - judged_heard),
            head: false,
            judged: (i < concluded).then_some(false),
        })
        .collect();
    for t in trials.iter_mut().filter(|t| t.judged.is_some()).take(lost) {
        t.judged = Some(true);
    }
    for t in trials.iter_mut().filter(|t| t.heard).take(heads) {
        t.head = true;
    }
    s.shuffle(&mut trials);
    Ok(trials)
}

/// Answer (15 days, 行政诉讼法第六十七条), hearing with or without the agency head, judgment,
/// as far as the trial has gone.
fn proceedings(s: &mut Synth, raw: &mut Raw, received: NaiveDate, trial: Trial) {
    let answered = if s.chance(0.9) {
        s.after_days(received, 5, 15)
    } else {
        s.after_days(received, 16, 25)
    }
    .min(s.as_of);
    raw.date("answer_filed_date", Some(answered));
    let mut last = answered;
    if trial.heard {
        let hearing = s.after_days(received, 30, 100).min(s.as_of).max(answered);
        let head = if trial.head {
            s.weighted(&[("正职", 20), ("副职", 25), ("分管负责人", 45)])
        } else {
            "未出庭"
        };
        raw.date("hearing_date", Some(hearing))
            .put("head_appearance", head);
        last = hearing;
    }
    if let Some(lost) = trial.judged {
        let judged = s.after_days(last, 7, 60).min(s.as_of).max(last);
        let outcome = match (lost, trial.heard) {
            (true, _) => s.weighted(LOST),
            (false, true) => s.weighted(NOT_LOST),
            (false, false) => s.weighted(&[("撤诉", 60), ("裁定驳回起诉", 40)]),
        };
        raw.date("judgment_date", Some(judged))
            .put("outcome", outcome);
    }
}
