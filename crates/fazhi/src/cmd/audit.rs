//! `fazhi audit verify` — checks the hash chain of the audit log; `fazhi audit show` — the
//! versions of one register record, rebuilt from the audit.

use std::process::ExitCode;

use fazhi_store::Store;

#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(clap::Subcommand, Debug)]
enum AuditCommand {
    /// 核验审计链:完整时退出码为0,否则指出第一条有问题的记录
    Verify {
        #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
        db: String,
    },
    /// 记录的修改历史:每个版本的时间、操作人和改动(字段的原值与新值)
    Show {
        #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
        db: String,
        /// 登记簿(如 enforcement-cases)或其数据表名(如 enforcement_case)
        #[arg(long)]
        entity: String,
        /// 记录编号(id)
        #[arg(long)]
        id: i64,
    },
}

pub fn run(args: AuditArgs) -> anyhow::Result<ExitCode> {
    let db = match args.command {
        AuditCommand::Verify { db } => db,
        AuditCommand::Show { db, entity, id } => {
            return show(&db, &entity, fazhi_domain::RecordId::new(id));
        }
    };
    crate::runtime()?.block_on(async {
        let store = Store::open(&db).await?;
        match store.unscoped_verify_audit().await? {
            Ok(count) => {
                println!("审计链完整:共 {count} 条记录");
                Ok(ExitCode::SUCCESS)
            }
            Err(broken) => {
                println!("审计链在第 {} 条处断开:{}", broken.seq, broken.reason);
                Ok(ExitCode::from(1))
            }
        }
    })
}

fn show(db: &str, entity: &str, id: fazhi_domain::RecordId) -> anyhow::Result<ExitCode> {
    let Some(def) = fazhi_domain::register::all()
        .iter()
        .copied()
        .find(|d| d.key == entity || d.table == entity)
    else {
        anyhow::bail!("没有登记簿「{entity}」:应为登记簿名(如 enforcement-cases)或其数据表名");
    };
    crate::runtime()?.block_on(async {
        let store = Store::open(db).await?;
        let versions = store
            .unscoped_system("fazhi-cli")
            .record_history(def, id)
            .await?;
        for (n, version) in versions.iter().enumerate() {
            println!(
                "版本 {} · 审计 #{} · {} · {} · {}{}",
                n + 1,
                version.seq,
                version.at,
                version.actor,
                version.action_label(),
                if version.complete {
                    ""
                } else {
                    "(更早的导入未留前像,此前版本不完整)"
                }
            );
            for (label, old, new) in version.changes_shown(def) {
                println!("  {label}:{} → {}", or_empty(&old), or_empty(&new));
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn or_empty(text: &str) -> &str {
    if text.is_empty() { "(空)" } else { text }
}
