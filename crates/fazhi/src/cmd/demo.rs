//! `fazhi demo` — creates the demo city (六盘水市) with its real districts and counties, typical
//! departments at city and county level, some townships, and one account per role. Running it
//! again leaves what exists alone.

use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use fazhi_domain::CreditCode;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::{NewUser, ScopedStore, Store, StoreError};
use serde::Deserialize;

const PROFILE: &str = include_str!("../../demo/liupanshui.toml");
/// The password of every demo account (printed; change it in any real deployment).
const DEMO_PASSWORD: &str = "fazhi2024";

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
    db: String,
    /// Seed of the generated register records (the same seed gives the same records).
    #[arg(long, default_value_t = 20240101)]
    seed: u64,
}

#[derive(Deserialize)]
struct Profile {
    city: Unit,
    department: Vec<Agency>,
    office: Vec<Agency>,
    county: Vec<County>,
}

#[derive(Deserialize)]
struct Unit {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct Agency {
    suffix: String,
    name: String,
}

#[derive(Deserialize)]
struct County {
    code: String,
    name: String,
    townships: Vec<String>,
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let profile: Profile = toml::from_str(PROFILE).context("示范城市数据格式错误")?;
    crate::runtime()?.block_on(async {
        let store = Store::open(&args.db).await?;
        let system = store.unscoped_system("demo");
        let created = build_tree(&system, &profile).await?;
        let users = create_accounts(&system, &profile).await?;
        println!("正在生成示范登记记录…");
        let counts = crate::cmd::demo_records::fill_registers(&system, 2024, args.seed).await?;
        println!(
            "示范城市「{}」已就绪:新建机构 {created} 个,新建账号 {users} 个。",
            profile.city.name
        );
        print!("{counts}");
        println!("数据库:{}", args.db);
        println!(
            "启动:fazhi serve --db {} ,然后在浏览器打开 http://127.0.0.1:8080/",
            args.db
        );
        println!("登录账号(密码均为 {DEMO_PASSWORD}):");
        println!("  admin    系统管理员,全部数据");
        println!("  office   依法治市办,全部数据");
        println!("  clerk_zs 钟山区业务人员,仅钟山区及下级");
        println!("  viewer   只读用户,全部数据");
        Ok(ExitCode::SUCCESS)
    })
}

/// A synthetic but check-digit-valid credit code for agency number `n` in `region`
/// (登记管理部门 1 机构编制, 机构类别 1 机关).
fn demo_credit_code(region: &str, n: usize) -> Option<String> {
    let body = format!("11{region}{:09}", 70_000_000 + n * 7919);
    CreditCode::with_check_char(&body[..17])
        .ok()
        .map(|c| c.to_string())
}

async fn add(
    store: &ScopedStore,
    code: &str,
    kind: &str,
    name: &str,
    credit: Option<String>,
    parent: Option<&str>,
) -> anyhow::Result<usize> {
    let since = NaiveDate::from_ymd_opt(2020, 1, 1).context("日期")?;
    let unit = NewOrgUnit::parse(code, kind, name, credit.as_deref(), since)?;
    match store.create_org(unit, parent).await {
        Ok(_) => Ok(1),
        Err(StoreError::Conflict(_)) => Ok(0),
        Err(e) => Err(e).with_context(|| format!("新增机构「{name}」失败")),
    }
}

/// The demo city's org tree (for benchmarks that need a realistic tree).
pub(crate) async fn demo_tree(store: &ScopedStore) -> anyhow::Result<usize> {
    let profile: Profile = toml::from_str(PROFILE).context("示范城市数据格式错误")?;
    build_tree(store, &profile).await
}

async fn build_tree(store: &ScopedStore, p: &Profile) -> anyhow::Result<usize> {
    let city = &p.city;
    let mut n = add(store, &city.code, "city", &city.name, None, None).await?;
    let mut agency_no = 0;
    for office in &p.office {
        agency_no += 1;
        let code = format!("{}-{}", city.code, office.suffix);
        n += add(
            store,
            &code,
            "office",
            &office.name,
            demo_credit_code(&city.code, agency_no),
            Some(&city.code),
        )
        .await?;
    }
    for gov in
        std::iter::once((&city.code, &city.name)).chain(p.county.iter().map(|c| (&c.code, &c.name)))
    {
        if gov.0 != &city.code {
            n += add(store, gov.0, "county", gov.1, None, Some(&city.code)).await?;
        }
        for dept in &p.department {
            agency_no += 1;
            let code = format!("{}-{}", gov.0, dept.suffix);
            let name = format!("{}{}", gov.1, dept.name);
            n += add(
                store,
                &code,
                "department",
                &name,
                demo_credit_code(gov.0, agency_no),
                Some(gov.0),
            )
            .await?;
        }
    }
    for county in &p.county {
        for (i, town) in county.townships.iter().enumerate() {
            let code = format!("{}{:03}", county.code, i + 1);
            n += add(store, &code, "township", town, None, Some(&county.code)).await?;
        }
    }
    Ok(n)
}

async fn create_accounts(store: &ScopedStore, p: &Profile) -> anyhow::Result<usize> {
    let office_code = format!(
        "{}-{}",
        p.city.code,
        p.office
            .first()
            .map(|o| o.suffix.as_str())
            .unwrap_or("yfzs")
    );
    let county = p
        .county
        .first()
        .map(|c| c.code.clone())
        .unwrap_or_else(|| p.city.code.clone());
    let accounts = [
        (
            "admin",
            "系统管理员",
            Role::Admin,
            p.city.code.clone(),
            ScopeKind::All,
        ),
        (
            "office",
            "依法治市办",
            Role::Office,
            office_code,
            ScopeKind::All,
        ),
        (
            "clerk_zs",
            "钟山区业务员",
            Role::Clerk,
            county,
            ScopeKind::Subtree,
        ),
        (
            "viewer",
            "只读用户",
            Role::Viewer,
            p.city.code.clone(),
            ScopeKind::All,
        ),
    ];
    let mut n = 0;
    for (username, display, role, org, scope) in accounts {
        let user = NewUser {
            username: username.into(),
            display_name: display.into(),
            password: DEMO_PASSWORD.into(),
            role,
            org_code: org,
            scope,
        };
        match store.create_user(user).await {
            Ok(_) => n += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e).with_context(|| format!("新增账号 {username} 失败")),
        }
    }
    Ok(n)
}
