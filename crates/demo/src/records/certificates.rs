//! 执法证 — the agencies' officers: certificates issued in the years before the generated years
//! (so they are valid on every 立案日期), as many revoked each year as the profile says, and
//! each year's applications at the stages the profile counts.

use chrono::NaiveDate;
use fazhi_domain::register::certificate::CERTIFICATES;

use super::{Raw, Writer, YearPlan};
use crate::error::Result;
use crate::synth::Synth;
use crate::world::{Agency, World};

const REVOKE_REASONS: &[&str] = &["调离执法岗位", "退休", "辞职", "违法违纪被取消执法资格"];

/// Valid certificate numbers by agency (index into [`World::agencies`]): the cases' handlers.
pub type Handlers = Vec<Vec<String>>;

/// The certificates held before the first generated year: `holders` officers shared out by
/// workload (at least 3 per agency), issued two to six years before, and as many revoked in
/// each year as `revoked` says (never an agency's first two, so every agency can staff a case).
pub(super) async fn stock(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    revoked: &[(i32, usize)],
    holders: usize,
) -> Result<Handlers> {
    let weights = world.agency_weights();
    let to_revoke: usize = revoked.iter().map(|(_, n)| n).sum();
    let holders = holders.max(to_revoke + 3 * weights.len());
    let shares = share_out(holders, &weights, 3);
    let mut revocations: Vec<i32> = revoked
        .iter()
        .flat_map(|(year, n)| std::iter::repeat_n(*year, *n))
        .collect();
    s.shuffle(&mut revocations);
    let mut handlers = vec![Vec::new(); world.agencies.len()];
    let first = NaiveDate::from_ymd_opt(s.year - 6, 1, 2).unwrap_or(s.as_of);
    let last = NaiveDate::from_ymd_opt(s.year - 2, 7, 31).unwrap_or(s.as_of);
    for (i, count) in shares.into_iter().enumerate() {
        let agency = &world.agencies[i];
        let mut applied: Vec<NaiveDate> = (0..count).map(|_| s.date_between(first, last)).collect();
        applied.sort();
        for (k, day) in applied.into_iter().enumerate() {
            let number = number(world, agency, k as u32 + 1);
            let revoke = if k >= 2 { revocations.pop() } else { None };
            let raw = earlier(s, day, revoke, &number)?;
            if revoke.is_none() {
                handlers[i].push(number);
            }
            w.create(&CERTIFICATES, &agency.code, &raw).await?;
        }
    }
    Ok(handlers)
}

/// `total` shared out by weight, at least `floor` each (the remainder to the largest).
pub(super) fn share_out(total: usize, weights: &[(usize, u32)], floor: usize) -> Vec<usize> {
    let sum: u64 = weights
        .iter()
        .map(|(_, w)| u64::from(*w))
        .sum::<u64>()
        .max(1);
    let mut shares: Vec<usize> = weights
        .iter()
        .map(|(_, w)| ((total as u64 * u64::from(*w)) / sum) as usize)
        .map(|n| n.max(floor))
        .collect();
    let given: usize = shares.iter().sum();
    if let Some(max) = (0..shares.len()).max_by_key(|i| shares[*i]) {
        if given < total {
            shares[max] += total - given;
        } else {
            shares[max] = shares[max].saturating_sub(given - total).max(floor);
        }
    }
    shares
}

/// The year's applications: as many issued, approved (issued or waiting) and applied for as
/// the plan says; the rest failed the exam or are still in review at the year's end.
pub(super) async fn applications(
    w: &mut Writer<'_>,
    s: &mut Synth,
    world: &World,
    plan: YearPlan<'_>,
) -> Result<()> {
    let applied = plan.want("enforcement.certificate_applications", plan.volume(250.0))?;
    let approved = plan.want("enforcement.certificates_approved", applied as f64 * 0.85)?;
    let issued = plan.want("enforcement.certificates_issued", approved as f64 * 0.75)?;
    let approved = approved.max(issued);
    let applied = applied.max(approved);
    let mut stages: Vec<Stage> = std::iter::repeat_n(Stage::Issued, issued)
        .chain(std::iter::repeat_n(Stage::Approved, approved - issued))
        .chain((0..applied - approved).map(|k| {
            if plan.complete || k % 3 != 0 {
                Stage::Failed
            } else {
                Stage::Applied
            }
        }))
        .collect();
    s.shuffle(&mut stages);
    let weights = world.agency_weights();
    let mut serials = vec![0u32; world.agencies.len()];
    for stage in stages {
        let i = s.weighted(&weights);
        serials[i] += 1;
        let serial = (s.year as u32 % 100) * 10_000 + serials[i];
        let raw = this_year(s, stage, &number(world, &world.agencies[i], serial))?;
        w.create(&CERTIFICATES, &world.agencies[i].code, &raw)
            .await?;
    }
    Ok(())
}

/// Where an application stands at the year's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Issued,
    Approved,
    Failed,
    Applied,
}

/// 执法证号: region, department number, serial (e.g. 52020101000007).
fn number(world: &World, agency: &Agency, serial: u32) -> String {
    format!(
        "{}{:02}{serial:06}",
        world.region_of(agency),
        agency.dept_no
    )
}

fn officer(s: &mut Synth, raw: &mut Raw) -> Result<()> {
    raw.put("officer_name", s.person_name())
        .put("officer_id", s.citizen_id(1966, 1998)?)
        .put("training_hours", s.int(40, 120).to_string());
    Ok(())
}

/// A certificate applied for on `applied` and issued, perhaps revoked in year `revoke`.
fn earlier(s: &mut Synth, applied: NaiveDate, revoke: Option<i32>, number: &str) -> Result<Raw> {
    let mut raw = Raw::default();
    officer(s, &mut raw)?;
    let exam = s.after_working(applied, 15, 40);
    let reviewed = s.after_working(exam, 5, 15);
    let issued = s.after_working(reviewed, 5, 20);
    raw.date("applied_date", Some(applied))
        .date("exam_date", Some(exam))
        .put("exam_score", s.int(62, 98).to_string())
        .date("reviewed_date", Some(reviewed))
        .date("issued_date", Some(issued))
        .put("certificate_no", number);
    match revoke.and_then(|y| {
        let from = NaiveDate::from_ymd_opt(y, 1, 5)?;
        let to = NaiveDate::from_ymd_opt(y, 12, 25)?;
        Some(s.date_between(from, to))
    }) {
        Some(revoked) => raw
            .put("status", "已注销")
            .date("revoked_date", Some(revoked))
            .put("revoke_reason", s.pick(REVOKE_REASONS)),
        None => raw.put("status", "已发证"),
    };
    Ok(raw)
}

/// An application of the year at the given stage; the steps it has been through fit the year.
fn this_year(s: &mut Synth, stage: Stage, number: &str) -> Result<Raw> {
    let mut raw = Raw::default();
    officer(s, &mut raw)?;
    let limit = s.as_of - chrono::Days::new(if stage == Stage::Applied { 0 } else { 120 });
    let applied = if stage == Stage::Applied {
        s.late_date(40)
    } else {
        s.seasonal_date_until(limit)
    };
    let exam = s.after_working(applied, 15, 40);
    let reviewed = s.after_working(exam, 5, 15);
    let issued = s.after_working(reviewed, 5, 20);
    raw.date("applied_date", Some(applied));
    match stage {
        Stage::Applied => raw.put("status", "申请"),
        Stage::Failed => raw
            .date("exam_date", Some(exam))
            .put("exam_score", s.int(35, 59).to_string())
            .date("reviewed_date", Some(reviewed))
            .put("status", "审核不通过"),
        Stage::Approved => raw
            .date("exam_date", Some(exam))
            .put("exam_score", s.int(60, 97).to_string())
            .date("reviewed_date", Some(reviewed))
            .put("status", "审核通过"),
        Stage::Issued => raw
            .date("exam_date", Some(exam))
            .put("exam_score", s.int(60, 97).to_string())
            .date("reviewed_date", Some(reviewed))
            .date("issued_date", Some(issued))
            .put("certificate_no", number)
            .put("status", "已发证"),
    };
    Ok(raw)
}
