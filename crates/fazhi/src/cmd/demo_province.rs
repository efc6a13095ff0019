//! `fazhi demo --province CODE --province-name NAME --profile a,b,…` — several calibrated demo
//! cities in one database, each below one province unit (省级示范): the province's own
//! `admin` and `viewer` see every city, each city has its four accounts named after its code
//! (`admin-520200` …). Each city is built exactly as `fazhi demo` builds it alone, so its figures
//! are its profile's; the province's are their sums.

use std::process::ExitCode;
use std::sync::Once;

use anyhow::Context;
use fazhi_demo::{DEMO_PASSWORD, DemoOptions, Profile, Progress};
use fazhi_store::Store;

use super::demo::{print_built, spinner};

/// Which cities a province demo builds.
pub struct Cities<'a> {
    /// Profile names, comma-separated.
    pub profiles: &'a str,
    /// With a count: the first profile that many times, as cities `pp01 00` … of the province.
    pub copies: Option<u32>,
}

/// The profiles of `cities` as cities of the province `code`.
fn city_profiles(code: &str, cities: &Cities<'_>) -> anyhow::Result<Vec<Profile>> {
    let profiles: Vec<Profile> = cities
        .profiles
        .split([',', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(Profile::embedded)
        .collect::<Result<_, _>>()?;
    let Some(copies) = cities.copies else {
        anyhow::ensure!(!profiles.is_empty(), "--profile 应列出至少一个城市画像");
        return Ok(profiles);
    };
    anyhow::ensure!(
        (1..=99).contains(&copies),
        "--cities 应在 1 与 99 之间,实为 {copies}"
    );
    let first = profiles.first().context("--profile 应给出一个城市画像")?;
    let province = code.get(..2).context("省级代码应为6位")?;
    (1..=copies)
        .map(|i| {
            // A name of Chinese characters only: the city's name opens its document numbers.
            let name = format!("示范{}市", fazhi_report::chinese_ordinal(i as usize));
            Ok(first.as_city(&format!("{province}{i:02}00"), &name)?)
        })
        .collect()
}

/// Builds the province unit `code` named `name`, then each city of `cities` below it.
pub fn run(
    db: &str,
    (code, name): (&str, &str),
    cities: Cities<'_>,
    scale: f64,
    seed: u64,
) -> anyhow::Result<ExitCode> {
    let profiles = city_profiles(code, &cities)?;
    let reader = fazhi_text::Reader::embedded().context("指标目录加载失败")?;
    crate::runtime()?.block_on(async {
        let store = Store::open(db)
            .await
            .with_context(|| format!("无法打开数据库 {db}"))?;
        let created = fazhi_demo::province(&store.unscoped_system("demo"), code, name).await?;
        println!("省级单位「{name}」({code}):新建机构和账号 {created} 个。");
        for profile in profiles {
            let city = profile.city.code.clone();
            let options = DemoOptions {
                profile,
                scale,
                // Each city its own records: the seed moved by the city's code.
                seed: seed ^ city.parse::<u64>().unwrap_or(0),
                parent: Some(code.to_owned()),
            };
            let bar = spinner();
            let started = Once::new();
            let progress = |p: Progress<'_>| match p {
                Progress::Register(label) => {
                    started.call_once(|| {
                        bar.enable_steady_tick(std::time::Duration::from_millis(200));
                    });
                    bar.set_message(format!("{}:正在写入{label}", options.profile.city.name));
                }
                Progress::Record => bar.inc(1),
            };
            let built = fazhi_demo::build(&store, reader.catalog(), &options, &progress).await;
            bar.finish_and_clear();
            print_built(&options.profile, &built?);
            println!("  城市账号:admin-{city}、office-{city}、clerk-{city}、viewer-{city}");
        }
        println!("数据库:{db}");
        println!("登录账号(密码均为 {DEMO_PASSWORD}):admin、viewer 为省级账号,看全省数据");
        store.close().await;
        Ok(ExitCode::SUCCESS)
    })
}
