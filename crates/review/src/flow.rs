//! 填报 → 审核 → 退回/锁定 — the states of one unit's form for one data set and period, and
//! the steps between them. A form can be edited while it is a draft or returned; once
//! submitted it waits for review, and once approved its values are locked until unapproved.

use crate::error::ReviewError;

/// 报表状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// 草稿 — saved, not yet submitted.
    Draft,
    /// 已上报 — waiting for the level above.
    Submitted,
    /// 已退回 — returned with a reason; the unit corrects and submits again.
    Returned,
    /// 已审核 — approved by the level above; the values are locked.
    Approved,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Submitted,
        Status::Returned,
        Status::Approved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Approved => "approved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::Submitted => "已上报待审核",
            Status::Returned => "已退回",
            Status::Approved => "已审核(锁定)",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the unit may change the form's values.
    pub fn is_editable(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }
}

/// A step on a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// 保存 — values written; a new form becomes a draft, a returned one stays returned.
    Save,
    /// 上报.
    Submit,
    /// 撤回 — the unit takes back a submitted form not yet reviewed.
    Withdraw,
    /// 审核通过 — locks the values.
    Approve,
    /// 退回 — with a reason.
    Return,
    /// 取消审核 — with a reason; back to the unit as returned.
    Unapprove,
    /// 发布 — an accepted annual report is marked published (with its date).
    Publish,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Save => "save",
            Step::Submit => "submit",
            Step::Withdraw => "withdraw",
            Step::Approve => "approve",
            Step::Return => "return",
            Step::Unapprove => "unapprove",
            Step::Publish => "publish",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Save => "保存",
            Step::Submit => "上报",
            Step::Withdraw => "撤回",
            Step::Approve => "审核通过",
            Step::Return => "退回",
            Step::Unapprove => "取消审核",
            Step::Publish => "发布",
        }
    }

    pub fn parse(text: &str) -> Option<Step> {
        [
            Step::Save,
            Step::Submit,
            Step::Withdraw,
            Step::Approve,
            Step::Return,
            Step::Unapprove,
            Step::Publish,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// Whether the step is the reviewing level's (the others are the reporting unit's).
    pub fn is_review(self) -> bool {
        matches!(
            self,
            Step::Approve | Step::Return | Step::Unapprove | Step::Publish
        )
    }

    /// Whether the step needs a written reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Step::Return | Step::Unapprove)
    }
}

/// The state after `step` on a form now in `status` (`None`: never saved).
pub fn next(status: Option<Status>, step: Step) -> Result<Status, ReviewError> {
    use Status::*;
    let refuse = |why: &str| Err(ReviewError::Flow(why.to_owned()));
    match (status, step) {
        (None, Step::Save) => Ok(Draft),
        (Some(s), Step::Save) if s.is_editable() => Ok(s),
        (None, Step::Submit) => Ok(Submitted),
        (Some(s), Step::Submit) if s.is_editable() => Ok(Submitted),
        (Some(Submitted), Step::Withdraw | Step::Return) => Ok(if step == Step::Withdraw {
            Draft
        } else {
            Returned
        }),
        (Some(Submitted), Step::Approve) => Ok(Approved),
        (Some(Approved), Step::Unapprove) => Ok(Returned),
        (Some(Approved), Step::Publish) => Ok(Approved),
        (Some(Submitted), _) => refuse("该报表已上报,正在等待审核,不能修改;如需修改请先撤回"),
        (Some(Approved), _) => refuse("该报表已审核锁定,不能修改;如需修改须由审核单位取消审核"),
        (None | Some(Draft | Returned), Step::Withdraw | Step::Approve | Step::Return) => {
            refuse("该报表尚未上报,不能撤回或审核")
        }
        (_, Step::Unapprove) => refuse("该报表尚未审核通过,不能取消审核"),
        (_, Step::Publish) => refuse("报告须先审核接收,才能发布"),
        _ => refuse("该操作不适用于报表的当前状态"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_goes_up_and_comes_back() {
        let mut status = next(None, Step::Save).ok();
        assert_eq!(status, Some(Status::Draft));
        status = next(status, Step::Submit).ok();
        assert_eq!(status, Some(Status::Submitted));
        assert!(
            next(status, Step::Save).is_err(),
            "submitted forms are not edited"
        );
        status = next(status, Step::Return).ok();
        assert_eq!(status, Some(Status::Returned));
        assert_eq!(next(status, Step::Save).ok(), Some(Status::Returned));
        status = next(status, Step::Submit).ok();
        status = next(status, Step::Approve).ok();
        assert_eq!(status, Some(Status::Approved));
        for step in [
            Step::Save,
            Step::Submit,
            Step::Withdraw,
            Step::Return,
            Step::Approve,
        ] {
            assert!(next(status, step).is_err(), "{step:?} on a locked form");
        }
        assert_eq!(next(status, Step::Unapprove).ok(), Some(Status::Returned));
    }

    #[test]
    fn only_submitted_forms_are_reviewed() {
        for status in [None, Some(Status::Draft), Some(Status::Returned)] {
            for step in [
                Step::Approve,
                Step::Return,
                Step::Withdraw,
                Step::Unapprove,
                Step::Publish,
            ] {
                assert!(next(status, step).is_err(), "{step:?} on {status:?}");
            }
        }
        assert_eq!(
            next(Some(Status::Submitted), Step::Withdraw).ok(),
            Some(Status::Draft)
        );
    }
}
