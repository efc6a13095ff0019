//! `fazhi audit verify` — checks the hash chain of the audit log.

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
}

pub fn run(args: AuditArgs) -> anyhow::Result<ExitCode> {
    let AuditCommand::Verify { db } = args.command;
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
