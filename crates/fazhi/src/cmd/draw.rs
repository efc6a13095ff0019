//! `fazhi draw verify` — re-runs a recorded 随机抽取 (案卷评查, 双随机) from its parameters
//! against the register as it is now and says whether the same records come out;
//! `fazhi draw list` — the recorded draws.

use std::process::ExitCode;

use fazhi_store::Store;

#[derive(clap::Args, Debug)]
pub struct DrawArgs {
    #[command(subcommand)]
    command: DrawCommand,
}

#[derive(clap::Subcommand, Debug)]
enum DrawCommand {
    /// 核验一次随机抽取:按记录的参数重新抽取,结果相同时退出码为0
    Verify {
        #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
        db: String,
        /// 抽取记录编号
        #[arg(long)]
        id: i64,
    },
    /// 列出已记录的随机抽取
    List {
        #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
        db: String,
    },
}

pub fn run(args: DrawArgs) -> anyhow::Result<ExitCode> {
    crate::runtime()?.block_on(async {
        match args.command {
            DrawCommand::List { db } => {
                let store = Store::open(&db).await?;
                let sys = store.unscoped_system("fazhi draw");
                for d in sys.list_draws().await? {
                    println!(
                        "{}\t{}\t{}\t{}年\t{}\t总体{}件\t抽取{}件",
                        d.id,
                        d.campaign,
                        d.org_name,
                        d.year,
                        d.register,
                        d.population,
                        d.drawn.len()
                    );
                }
                Ok(ExitCode::SUCCESS)
            }
            DrawCommand::Verify { db, id } => {
                let store = Store::open(&db).await?;
                let sys = store.unscoped_system("fazhi draw");
                let d = sys.get_draw(id).await?;
                let check = sys.verify_draw(id).await?;
                println!(
                    "活动:{}({},{}年,{})",
                    d.campaign, d.org_name, d.year, d.register
                );
                println!("种子来源:{}", d.seed_source);
                println!("种子:{}(SHA-256)", d.seed);
                println!(
                    "总体:抽取时{}件,现在{}件,{}",
                    d.population,
                    check.population_now,
                    if check.same_population {
                        "一致"
                    } else {
                        "已变化(登记簿在抽取后有增删)"
                    }
                );
                for x in &d.drawn {
                    println!("{}\t{}\t{}", x.unit, x.number, x.lot);
                }
                if check.same_draw {
                    println!("核验通过:重新抽取得到相同的{}件记录", d.drawn.len());
                    Ok(ExitCode::SUCCESS)
                } else {
                    println!("核验不一致:重新抽取的结果与记录不同");
                    Ok(ExitCode::from(1))
                }
            }
        }
    })
}
