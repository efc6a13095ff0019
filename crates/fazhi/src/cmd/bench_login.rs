//! `fazhi bench login` — what one login costs: Argon2id alone (the baseline, in the same run),
//! a whole login through the store (throttle counters, check, session, audit), and a burst of
//! concurrent logins, whose checks the store runs at most `CONCURRENT_LOGINS` at a time.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind, hash_password, verify_password};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::{LoginOutcome, NewUser, Store};

const PASSWORD: &str = "Bench@2026x";

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

pub async fn run(url: &str, runs: usize, burst: usize) -> anyhow::Result<ExitCode> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "机器:{cores} 核;Argon2id m=19 MiB, t=2, p=1;并发校验上限 {}",
        fazhi_store::CONCURRENT_LOGINS
    );
    let hash = hash_password(PASSWORD)?;
    let argon: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let ok = verify_password(PASSWORD, &hash);
            assert!(ok);
            t.elapsed()
        })
        .collect();
    let argon = median(argon);
    println!("Argon2id 校验一次(基线):中位数 {}", ms(argon));

    let store = Store::open(url)
        .await
        .with_context(|| format!("无法打开 {url}"))?;
    let sys = store.unscoped_system("bench");
    let since = NaiveDate::from_ymd_opt(2020, 1, 1).context("日期")?;
    sys.create_org(
        NewOrgUnit::parse("520200", "city", "六盘水市", None, since)?,
        None,
    )
    .await?;
    for i in 0..burst.max(1) {
        sys.create_user(NewUser {
            username: format!("bench{i}"),
            display_name: String::new(),
            password: PASSWORD.into(),
            role: Role::Clerk,
            org_code: "520200".into(),
            scope: ScopeKind::Unit,
        })
        .await?;
    }
    let mut whole = Vec::new();
    for i in 0..runs {
        let t = Instant::now();
        let outcome = store
            .unscoped_login("bench0", PASSWORD, &format!("10.0.0.{i}"))
            .await?;
        anyhow::ensure!(matches!(outcome, LoginOutcome::Success { .. }), "登录失败");
        whole.push(t.elapsed());
    }
    let whole = median(whole);
    println!(
        "整个登录(限流计数、校验、会话、审计):中位数 {}(基线的 {:.2} 倍)",
        ms(whole),
        whole.as_secs_f64() / argon.as_secs_f64()
    );

    let t = Instant::now();
    let handles: Vec<_> = (0..burst)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .unscoped_login(&format!("bench{i}"), PASSWORD, &format!("10.1.0.{i}"))
                    .await
            })
        })
        .collect();
    for handle in handles {
        let outcome = handle.await??;
        anyhow::ensure!(matches!(outcome, LoginOutcome::Success { .. }), "登录失败");
    }
    let wall = t.elapsed();
    println!(
        "{burst} 个登录同时到达:共 {},每个 {}(内存峰值见 /proc/self/status VmHWM:{} MiB)",
        ms(wall),
        ms(wall / burst.max(1) as u32),
        peak_mib()
    );
    Ok(ExitCode::SUCCESS)
}

fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0)
        / 1024
}
