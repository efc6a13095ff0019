//! 待办 — the home page's work list: the forms my unit has to fill (due within 5 working days or
//! overdue), forms returned to it, forms waiting for my review, statutory clocks in my scope
//! overdue or due soon, and the 站内信 of my unit.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use fazhi_domain::account::Role;
use fazhi_indicators::Period;
use fazhi_review::Status;
use fazhi_store::{FormRow, MessageRow};

use fazhi_store::{ScopedStore, StoreError};

use crate::form_pages::form_link;
use crate::home::{beijing_time, today};

/// Days ahead (working days) a form or clock counts as due soon.
const SOON_WORKING_DAYS: u32 = 5;

/// One item of the list.
pub struct TodoItem {
    pub text: String,
    pub when: String,
    pub late: bool,
    pub link: String,
}

/// One message as the home page shows it.
pub struct MessageLine {
    pub subject: String,
    pub body: String,
    pub when: String,
    pub read: bool,
    pub link: String,
}

/// Everything on the work list.
#[derive(Default)]
pub struct Todo {
    pub to_fill: Vec<TodoItem>,
    pub returned: Vec<TodoItem>,
    pub to_review: Vec<TodoItem>,
    pub overdue_records: i64,
    pub soon_records: i64,
    pub messages: Vec<MessageLine>,
    pub unread: i64,
    /// From October on, next year's holiday notice when it is not loaded yet — for those who
    /// may load it (an administrator of the whole tree): until then clocks due next year are
    /// provisional.
    pub notice_to_load: Option<i32>,
}

impl Todo {
    /// How many things wait (forms to fill, returned, to review, and overdue records).
    pub fn count(&self) -> usize {
        self.to_fill.len() + self.returned.len() + self.to_review.len()
    }
}

/// The work list of the store's principal as of today.
pub async fn todo(store: &ScopedStore) -> Result<Todo, StoreError> {
    let day = today();
    let soon = store
        .working_days_after(day, SOON_WORKING_DAYS)
        .unwrap_or(day);
    let mut todo = Todo::default();
    forms_todo(store, day, soon, &mut todo).await?;
    for alert in store.deadline_alerts(day, soon, None).await? {
        todo.overdue_records += alert.overdue;
        todo.soon_records += alert.due_soon;
    }
    let p = store.principal();
    if p.role.can_manage_orgs() && p.scope == fazhi_domain::account::ScopeKind::All {
        todo.notice_to_load = store.notice_to_load(day);
    }
    let (messages, unread) = store.my_messages(10).await?;
    todo.unread = unread;
    todo.messages = messages.into_iter().map(message_line).collect();
    Ok(todo)
}

fn message_line(m: MessageRow) -> MessageLine {
    MessageLine {
        subject: m.subject,
        body: m.body,
        when: beijing_time(&m.created_at),
        read: m.read,
        link: m.link.unwrap_or_default(),
    }
}

/// The forms of the caller's own unit to fill or correct, and the submitted forms the caller
/// reviews.
async fn forms_todo(
    store: &ScopedStore,
    day: NaiveDate,
    soon: NaiveDate,
    todo: &mut Todo,
) -> Result<(), StoreError> {
    let sets = store.data_sets().await?;
    let units = store.review_units().await?;
    let principal = store.principal();
    let forms = store.list_forms(None, None).await?;
    let by_form: HashMap<(i64, &str, &str), &FormRow> = forms
        .iter()
        .map(|f| ((f.org_id, f.data_set.as_str(), f.period.as_str()), f))
        .collect();
    // An office (依法治市办) fills the forms of the government it serves.
    let own = units
        .get(principal.org_id)
        .filter(|u| u.kind == fazhi_domain::org::OrgKind::Office)
        .and_then(|u| u.parent)
        .unwrap_or(principal.org_id);
    let writes = principal.role.can_write_records();
    for set in sets
        .all()
        .iter()
        .filter(|s| writes && units.reports(s, own))
    {
        let mut periods = set.periods_of(day.year() - 1);
        periods.extend(set.periods_of(day.year()));
        for period in periods.into_iter().filter(|p: &Period| p.last_day() < soon) {
            let Some(due) = store.form_due_date(set, period) else {
                continue;
            };
            let code = period.to_string();
            let form = by_form
                .get(&(own.get(), set.code.as_str(), code.as_str()))
                .copied();
            let status = form.and_then(FormRow::status);
            let item = |text: String| TodoItem {
                text,
                when: format!("截止 {due}"),
                late: due < day,
                link: form_link(
                    &set.code,
                    &code,
                    units.get(own).map_or("", |u| u.code.as_str()),
                ),
            };
            if status.is_none_or(|s| s == Status::Draft) && due <= soon {
                todo.to_fill
                    .push(item(format!("填报《{}》{}", set.name, period.label())));
            }
        }
    }
    let own_code = units.get(own).map_or("", |u| u.code.as_str());
    for form in forms
        .iter()
        .filter(|f| f.org_id == own.get() && f.status() == Some(Status::Returned))
    {
        let Some(set) = sets.get(&form.data_set) else {
            continue;
        };
        let period = Period::parse(&form.period).ok();
        todo.returned.push(TodoItem {
            text: format!(
                "《{}》{}已退回:{}",
                set.name,
                period.map_or(form.period.clone(), |p| p.label()),
                form.reason.clone().unwrap_or_default()
            ),
            when: period
                .and_then(|p| store.form_due_date(set, p))
                .map_or_else(String::new, |d| format!("截止 {d}")),
            late: false,
            link: form_link(&set.code, &form.period, own_code),
        });
    }
    if matches!(principal.role, Role::Admin | Role::Office) {
        let in_scope: HashSet<_> = store.org_ids_in_scope().await?.into_iter().collect();
        for form in forms
            .iter()
            .filter(|f| f.status() == Some(Status::Submitted))
        {
            let Some(set) = sets.get(&form.data_set) else {
                continue;
            };
            let unit = fazhi_domain::OrgId::new(form.org_id);
            if !in_scope.contains(&units.reviewer(set, unit)) {
                continue;
            }
            let label = Period::parse(&form.period).map_or(form.period.clone(), |p| p.label());
            todo.to_review.push(TodoItem {
                text: format!("审核「{}」《{}》{}", form.org_name, set.name, label),
                when: form
                    .submitted_at
                    .as_deref()
                    .map(beijing_time)
                    .unwrap_or_default(),
                late: false,
                link: format!("/review?set={}&period={}", set.code, form.period),
            });
        }
    }
    Ok(())
}
