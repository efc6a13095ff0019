//! `fazhi serve` — the web UI and API.

use std::process::ExitCode;

use anyhow::Context;
use fazhi_store::Store;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// 数据库地址:sqlite://PATH 或 postgres://…
    #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
    db: String,
    /// 监听地址
    #[arg(long, env = "FAZHI_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    crate::runtime()?.block_on(async {
        let store = Store::open(&args.db)
            .await
            .with_context(|| format!("无法打开数据库 {}", args.db))?;
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("无法监听 {}", args.listen))?;
        let addr = listener.local_addr()?;
        println!("fazhi 已启动:http://{addr}/ (按 Ctrl+C 停止)");
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        fazhi_web::serve(listener, store, shutdown).await?;
        Ok(ExitCode::SUCCESS)
    })
}
