//! `fazhi federation` — cities federated into a province on PostgreSQL logical replication:
//! `city-init` on each city, `join` at the province for each city, `status` and `resync` at the
//! province. See docs/SCALING.md.

use std::process::ExitCode;

use fazhi_store::Store;
use fazhi_store::federation::{self, CityLink};

#[derive(clap::Args, Debug)]
pub struct FederationArgs {
    #[command(subcommand)]
    command: FederationCommand,
}

#[derive(clap::Subcommand, Debug)]
enum FederationCommand {
    /// 城市库加入联邦前的准备:编号区间、发布(须在录入数据之前;升级后再运行一次)
    CityInit {
        /// 城市库(PostgreSQL,wal_level = logical)
        #[arg(long, env = "FAZHI_DB")]
        db: String,
        /// 节点号(1 起,每个城市不同;0 为省级库)
        #[arg(long)]
        node: i64,
    },
    /// 省级库订阅一个城市(首次复制全部数据;已加入时刷新订阅的表)
    Join {
        /// 省级库(PostgreSQL)
        #[arg(long, env = "FAZHI_DB")]
        db: String,
        /// 省级库服务器访问城市库的地址(postgres://…)
        #[arg(long)]
        city_url: String,
        /// 城市的节点号(与 city-init 相同)
        #[arg(long)]
        node: i64,
        /// 城市顶层机构挂在其下的省级机构代码
        #[arg(long)]
        parent: String,
    },
    /// 各城市订阅的状态与延迟
    Status {
        #[arg(long, env = "FAZHI_DB")]
        db: String,
    },
    /// 重新完整复制一个城市(订阅损坏时)
    Resync {
        #[arg(long, env = "FAZHI_DB")]
        db: String,
        #[arg(long)]
        node: i64,
    },
}

pub fn run(args: FederationArgs) -> anyhow::Result<ExitCode> {
    crate::runtime()?.block_on(async {
        match args.command {
            FederationCommand::CityInit { db, node } => {
                // The city's schema first: its fazhi migrates on open.
                Store::open(&db).await?.close().await;
                let done = federation::prepare_city(&db, node).await?;
                println!(
                    "城市库已准备:节点 {},编号区间 {}–{},发布 {} 张表",
                    done.node, done.first_id, done.last_id, done.tables
                );
            }
            FederationCommand::Join {
                db,
                city_url,
                node,
                parent,
            } => {
                Store::open(&db).await?.close().await;
                let link = CityLink {
                    city_url: &city_url,
                    node,
                    parent_code: &parent,
                };
                let joined = federation::join_city(&db, &link).await?;
                let verb = if joined.created {
                    "已加入,正在复制全部数据"
                } else {
                    "已在联邦中,订阅的表已刷新"
                };
                println!(
                    "{}({}):{verb}(订阅 {})",
                    joined.name, joined.region_code, joined.subscription
                );
            }
            FederationCommand::Status { db } => print_status(&db).await?,
            FederationCommand::Resync { db, node } => {
                federation::resync(&db, node).await?;
                println!("节点 {node} 已重新订阅,正在完整复制");
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

async fn print_status(db: &str) -> anyhow::Result<()> {
    let members = federation::status(db).await?;
    if members.is_empty() {
        println!("尚无城市加入联邦");
        return Ok(());
    }
    println!("节点\t城市\t区划\t状态\t表(已复制/全部)\t距上次消息\t延迟");
    for m in members {
        let state = match (m.enabled, m.connected) {
            (false, _) => "已停用",
            (true, true) => "运行中",
            (true, false) => "未连接",
        };
        let since = m
            .seconds_since_message
            .map_or_else(|| "—".to_owned(), |s| format!("{s:.1} 秒"));
        let lag = m
            .lag_bytes
            .map_or_else(|| "城市库无法连接".to_owned(), |b| format!("{b} 字节"));
        println!(
            "{}\t{}\t{}\t{state}\t{}/{}\t{since}\t{lag}",
            m.node, m.name, m.region_code, m.tables_ready, m.tables
        );
    }
    Ok(())
}
