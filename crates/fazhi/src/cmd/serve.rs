//! `fazhi serve` — the web UI and API, over HTTP (behind a TLS-terminating proxy, or on
//! loopback) or over HTTPS with its own certificate.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use fazhi_store::Store;
use fazhi_web::ServerSettings;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// 数据库地址:sqlite://PATH 或 postgres://…
    #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
    db: String,
    /// 监听地址
    #[arg(long, env = "FAZHI_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// TLS 证书链(PEM);与 --tls-key 一起使用时以 HTTPS 提供服务
    #[arg(long, env = "FAZHI_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// TLS 私钥(PEM)
    #[arg(long, env = "FAZHI_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// 由前置反向代理终止 TLS(会话 Cookie 加 Secure,发送 HSTS)
    #[arg(long, env = "FAZHI_BEHIND_TLS_PROXY")]
    behind_tls_proxy: bool,
    /// 反向代理的地址:来自它的请求按 X-Forwarded-For 的最后一跳识别客户端(用于登录限流)
    #[arg(long, env = "FAZHI_TRUSTED_PROXY")]
    trusted_proxy: Option<IpAddr>,
    /// 会话闲置多少分钟后失效
    #[arg(long, env = "FAZHI_IDLE_MINUTES", default_value_t = fazhi_store::DEFAULT_IDLE_MINUTES)]
    idle_minutes: i64,
    /// 上传文件与生成文件的临时目录(默认为系统临时目录)
    #[arg(long, env = "FAZHI_TEMP_DIR")]
    temp_dir: Option<PathBuf>,
    /// 公示平台每个客户端地址每分钟可访问的次数(0 为不限,仅用于压力测试)
    #[arg(long, env = "FAZHI_PORTAL_RATE", default_value_t = 300)]
    portal_rate: u32,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    crate::runtime()?.block_on(async {
        let store = Store::open(&args.db)
            .await
            .with_context(|| format!("无法打开数据库 {}", args.db))?
            .with_idle_minutes(args.idle_minutes);
        // The indicator cube read while the server starts, not by the first dashboard.
        let warming = store.clone();
        tokio::spawn(async move {
            if let Err(e) = warming.warm_indicator_cache().await {
                eprintln!("警告:启动时预读指标数据失败(首次打开驾驶舱时再读):{e}");
            }
        });
        let listener = std::net::TcpListener::bind(&args.listen)
            .with_context(|| format!("无法监听 {}", args.listen))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let settings = ServerSettings {
            tls: args.behind_tls_proxy,
            trusted_proxy: args.trusted_proxy,
            temp_dir: args.temp_dir.clone(),
            portal_rate: fazhi_web::PortalRate::new(args.portal_rate),
        };
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match (&args.tls_cert, &args.tls_key) {
            (Some(cert), Some(key)) => {
                println!("fazhi 已启动:https://{addr}/ (按 Ctrl+C 停止)");
                fazhi_web::serve_tls(listener, store, settings, (cert, key), shutdown)
                    .await
                    .with_context(|| format!("无法以 HTTPS 提供服务(证书 {})", cert.display()))?;
            }
            _ => {
                println!("fazhi 已启动:http://{addr}/ (按 Ctrl+C 停止)");
                let listener = tokio::net::TcpListener::from_std(listener)?;
                fazhi_web::serve_with(listener, store, settings, shutdown).await?;
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
