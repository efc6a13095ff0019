//! 每日待办邮件 — the daily digest: for every active account with an e-mail address, its 待办
//! (the home page's list) as a plain-text letter, when there is anything on it. Sending is the
//! binary's business (`fazhi digest`, through the configured SMTP server); this composes.

use fazhi_domain::account::{Principal, Role, ScopeKind};
use fazhi_store::{Store, StoreError};

use crate::todo::{Todo, TodoItem, todo};

/// One letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub to: String,
    pub name: String,
    pub subject: String,
    pub body: String,
}

/// The letters of today: one per active account with an address and something to do. `site`
/// is the address users open (`http://fazhi.lps.gov.cn/`).
pub async fn letters(store: &Store, site: &str) -> Result<Vec<Letter>, StoreError> {
    let accounts = store.unscoped_system("digest").list_users().await?;
    let mut letters = Vec::new();
    for account in accounts.into_iter().filter(|a| a.active) {
        let Some(to) = account.email.clone() else {
            continue;
        };
        let principal = Principal {
            user_id: account.id,
            username: account.username.clone(),
            role: Role::parse(&account.role)?,
            org_id: account.org_id,
            scope: ScopeKind::parse(&account.scope)?,
        };
        let list = todo(&store.scoped(principal).await?).await?;
        if list.count() == 0 && list.unread == 0 && list.overdue_records == 0 {
            continue;
        }
        let name = if account.display_name.is_empty() {
            account.username.clone()
        } else {
            account.display_name.clone()
        };
        letters.push(Letter {
            subject: format!("法治政府建设管理平台:您有{}项待办", list.count()),
            body: body(&name, &list, site),
            to,
            name,
        });
    }
    Ok(letters)
}

fn body(name: &str, list: &Todo, site: &str) -> String {
    let mut text = format!(
        "{name}您好:\n\n截至{},您的待办如下。\n",
        crate::home::today()
    );
    let section = |text: &mut String, title: &str, items: &[TodoItem]| {
        if items.is_empty() {
            return;
        }
        text.push_str(&format!("\n{title}({}项):\n", items.len()));
        for item in items {
            let late = if item.late { "(逾期)" } else { "" };
            text.push_str(&format!("  · {} {}{late}\n", item.text, item.when));
        }
    };
    section(&mut text, "被退回的报表", &list.returned);
    section(&mut text, "待填报的报表", &list.to_fill);
    section(&mut text, "待您审核的报表", &list.to_review);
    text.push_str(&format!(
        "\n法定期限:已逾期 {} 件,5 个工作日内到期 {} 件。\n未读站内信 {} 条。\n\n请登录平台处理:{site}\n(本邮件由系统每日发送,请勿回复。)\n",
        list.overdue_records, list.soon_records, list.unread
    ));
    text
}
