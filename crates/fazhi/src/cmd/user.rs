//! `fazhi user add` — accounts from the command line (run by the operator on the server).

use std::process::ExitCode;

use fazhi_domain::account::{Role, ScopeKind};
use fazhi_store::{NewUser, Store};

#[derive(clap::Args, Debug)]
pub struct UserArgs {
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(clap::Subcommand, Debug)]
enum UserCommand {
    /// 新增账号
    Add(AddArgs),
}

#[derive(clap::Args, Debug)]
struct AddArgs {
    #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
    db: String,
    /// 用户名
    #[arg(long)]
    name: String,
    /// 初始密码(至少10位,含大写字母、小写字母、数字、其他符号中的三类)
    #[arg(long)]
    password: String,
    /// admin | office | clerk | viewer
    #[arg(long)]
    role: String,
    /// 所属机构代码(区划代码或机构代码)
    #[arg(long)]
    org: String,
    /// unit | subtree | all
    #[arg(long)]
    scope: String,
    /// 姓名(默认同用户名)
    #[arg(long, default_value = "")]
    display_name: String,
}

pub fn run(args: UserArgs) -> anyhow::Result<ExitCode> {
    let UserCommand::Add(args) = args.command;
    crate::runtime()?.block_on(async {
        let store = Store::open(&args.db).await?;
        let user = NewUser {
            username: args.name,
            display_name: args.display_name,
            password: args.password,
            role: Role::parse(&args.role)?,
            org_code: args.org,
            scope: ScopeKind::parse(&args.scope)?,
        };
        let created = store.unscoped_system("cli").create_user(user).await?;
        println!(
            "已新增账号 {}(角色 {},机构 {} {},数据范围 {})",
            created.username, created.role, created.org_code, created.org_name, created.scope
        );
        Ok(ExitCode::SUCCESS)
    })
}
