//! `fazhi digest` — sends each account with an e-mail address its 待办 of today through the
//! configured SMTP server (an intranet relay: plain SMTP, optional login from the environment).
//! Run it once a day (cron or a systemd timer); `--dry-run` prints the letters instead.

use anyhow::{Context, Result};
use clap::Args;
use fazhi_store::Store;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Args, Debug)]
pub struct DigestArgs {
    /// 数据库
    #[arg(long, env = "FAZHI_DB", default_value = "sqlite://fazhi.db")]
    db: String,
    /// SMTP 服务器 主机:端口(内网邮件中继,如 mail.lps.gov.cn:25)
    #[arg(long, env = "FAZHI_SMTP")]
    smtp: Option<String>,
    /// 发件人地址
    #[arg(long, env = "FAZHI_SMTP_FROM", default_value = "fazhi@localhost")]
    from: String,
    /// 平台网址(写在邮件中)
    #[arg(long, env = "FAZHI_SITE", default_value = "http://127.0.0.1:8080/")]
    site: String,
    /// 只打印,不发送
    #[arg(long)]
    dry_run: bool,
}

/// SMTP login from `FAZHI_SMTP_USER` / `FAZHI_SMTP_PASSWORD`, when set.
fn credentials() -> Option<Credentials> {
    let user = std::env::var("FAZHI_SMTP_USER").ok()?;
    let password = std::env::var("FAZHI_SMTP_PASSWORD").unwrap_or_default();
    Some(Credentials::new(user, password))
}

pub fn run(args: DigestArgs) -> Result<std::process::ExitCode> {
    crate::runtime()?.block_on(send(args))?;
    Ok(std::process::ExitCode::SUCCESS)
}

async fn send(args: DigestArgs) -> Result<()> {
    let store = Store::open(&args.db).await.context("无法打开数据库")?;
    let letters = fazhi_web::digest::letters(&store, &args.site).await?;
    if args.dry_run {
        for letter in &letters {
            println!(
                "收件人:{} <{}>\n主题:{}\n\n{}",
                letter.name, letter.to, letter.subject, letter.body
            );
        }
        println!("共 {} 封(未发送)。", letters.len());
        return Ok(());
    }
    let server = args
        .smtp
        .context("请用 --smtp 主机:端口 指定邮件服务器(或 --dry-run 只打印)")?;
    let (host, port) = server
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h.to_owned(), p.parse::<u16>().ok()?)))
        .with_context(|| format!("邮件服务器「{server}」应为 主机:端口"))?;
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port);
    if let Some(login) = credentials() {
        builder = builder.credentials(login);
    }
    let mailer = builder.build();
    let from: Mailbox = args
        .from
        .parse()
        .with_context(|| format!("发件人地址「{}」无效", args.from))?;
    let mut sent = 0;
    for letter in &letters {
        let to: Mailbox = format!("{} <{}>", letter.name, letter.to)
            .parse()
            .with_context(|| format!("收件人地址「{}」无效", letter.to))?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&letter.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(letter.body.clone())
            .context("邮件无法生成")?;
        mailer
            .send(message)
            .await
            .with_context(|| format!("发送给 {} 失败", letter.to))?;
        sent += 1;
    }
    println!("已发送待办邮件 {sent} 封。");
    Ok(())
}
