//! 执法证 — the agencies' officers: certificates issued in the years before the demo year (so
//! they are valid on every 立案日期), a few revoked, and the demo year's new applications.

use chrono::NaiveDate;
use fazhi_domain::register::certificate::CERTIFICATES;

use super::synth::Synth;
use super::world::{Agency, World};
use super::{Raw, Writer};

/// Issued certificates across all agencies, shared out by workload (at least 3 each).
const ISSUED_TARGET: u32 = 200;
const REVOKE_REASONS: &[&str] = &["调离执法岗位", "退休", "辞职", "违法违纪被取消执法资格"];

/// Valid certificate numbers by agency (index into [`World::agencies`]): the cases' handlers.
pub(super) type Handlers = Vec<Vec<String>>;

struct Plan {
    applied: NaiveDate,
    revoke: bool,
}

pub(super) async fn certificates(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
) -> anyhow::Result<Handlers> {
    let weights = world.agency_weights();
    let total: u32 = weights.iter().map(|(_, w)| w).sum::<u32>().max(1);
    let mut handlers = vec![Vec::new(); world.agencies.len()];
    for (i, weight) in weights {
        let agency = &world.agencies[i];
        let issued = (ISSUED_TARGET * weight / total).max(3);
        let first = NaiveDate::from_ymd_opt(s.year - 5, 1, 2).unwrap_or(s.as_of);
        let last = NaiveDate::from_ymd_opt(s.year - 1, 7, 31).unwrap_or(s.as_of);
        let mut plans: Vec<Plan> = (0..issued)
            .map(|k| Plan {
                applied: s.date_between(first, last),
                // The first two officers stay, so every agency can staff a case.
                revoke: k >= 2 && s.chance(0.1),
            })
            .collect();
        plans.sort_by_key(|p| p.applied);
        let mut serial = 0;
        for plan in plans {
            serial += 1;
            let number = number(world, agency, serial);
            let raw = earlier(s, plan, &number)?;
            let stored = w.create(&CERTIFICATES, &agency.code, &raw).await?;
            if stored.record.text("status") == Some("issued") {
                handlers[i].push(number);
            }
        }
        for _ in 0..new_applications(s) {
            serial += 1;
            let raw = this_year(s, &number(world, agency, serial))?;
            w.create(&CERTIFICATES, &agency.code, &raw).await?;
        }
    }
    Ok(handlers)
}

/// 执法证号: region, department number, serial (e.g. 520201010007).
fn number(world: &World, agency: &Agency, serial: u32) -> String {
    format!(
        "{}{:02}{serial:04}",
        world.region_of(agency),
        agency.dept_no
    )
}

fn new_applications(s: &mut Synth) -> u32 {
    u32::from(s.chance(0.8)) + u32::from(s.chance(0.3))
}

fn officer(s: &mut Synth, raw: &mut Raw) -> anyhow::Result<()> {
    raw.put("officer_name", s.person_name())
        .put("officer_id", s.citizen_id(1966, 1998)?)
        .put("training_hours", s.int(40, 120).to_string());
    Ok(())
}

/// A certificate applied for and issued before the demo year, perhaps revoked since.
fn earlier(s: &mut Synth, plan: Plan, number: &str) -> anyhow::Result<Raw> {
    let mut raw = Raw::default();
    officer(s, &mut raw)?;
    let exam = s.after_working(plan.applied, 15, 40);
    let reviewed = s.after_working(exam, 5, 15);
    let issued = s.after_working(reviewed, 5, 20);
    raw.date("applied_date", Some(plan.applied))
        .date("exam_date", Some(exam))
        .put("exam_score", s.int(62, 98).to_string())
        .date("reviewed_date", Some(reviewed))
        .date("issued_date", Some(issued))
        .put("certificate_no", number);
    let revoked = s.after_days(issued, 200, 1500);
    if plan.revoke && revoked <= s.as_of {
        raw.put("status", "已注销")
            .date("revoked_date", Some(revoked))
            .put("revoke_reason", s.pick(REVOKE_REASONS));
    } else {
        raw.put("status", "已发证");
    }
    Ok(raw)
}

/// An application of the demo year, at whatever stage the year's end finds it.
fn this_year(s: &mut Synth, number: &str) -> anyhow::Result<Raw> {
    let mut raw = Raw::default();
    officer(s, &mut raw)?;
    let applied = s.seasonal_date();
    let exam = s.after_working(applied, 15, 40);
    let reviewed = s.after_working(exam, 5, 15);
    let issued = s.after_working(reviewed, 5, 20);
    raw.date("applied_date", Some(applied));
    let stage = s.weighted(&[("通过", 70), ("不通过", 15), ("申请", 15)]);
    if stage == "申请" || exam > s.as_of {
        return Ok(raw.put("status", "申请").clone());
    }
    if stage == "不通过" {
        raw.date("exam_date", Some(exam))
            .put("exam_score", s.int(35, 59).to_string());
        let status = if reviewed <= s.as_of {
            raw.date("reviewed_date", Some(reviewed));
            "审核不通过"
        } else {
            "申请"
        };
        return Ok(raw.put("status", status).clone());
    }
    raw.date("exam_date", Some(exam))
        .put("exam_score", s.int(60, 97).to_string());
    if reviewed > s.as_of {
        raw.put("status", "申请");
    } else if issued > s.as_of {
        raw.date("reviewed_date", Some(reviewed))
            .put("status", "审核通过");
    } else {
        raw.date("reviewed_date", Some(reviewed))
            .date("issued_date", Some(issued))
            .put("certificate_no", number)
            .put("status", "已发证");
    }
    Ok(raw)
}
