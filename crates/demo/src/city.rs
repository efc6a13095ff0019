//! 示范城市的机构和账号 — the demo city's org tree (the profile's governments, each with the
//! agency list's departments and its townships, the top one with the offices) and one account
//! per role. Units and accounts that already exist are left alone.

use chrono::NaiveDate;
use fazhi_domain::CreditCode;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::{NewUser, ScopedStore, StoreError};

use crate::error::{DemoError, Result, store as store_err};
use crate::profile::{Agencies, DEFAULT_PROFILE, Profile};

/// The password of every demo account (printed; change it in any real deployment).
pub const DEMO_PASSWORD: &str = "Fazhi@2024";

/// The default profile's org tree (for benchmarks that need a realistic tree); returns how
/// many units it created.
pub async fn org_tree(store: &ScopedStore) -> Result<usize> {
    let profile = Profile::embedded(DEFAULT_PROFILE)?;
    build_tree(store, &profile, &Agencies::embedded()?, None).await
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
) -> Result<usize> {
    let since = NaiveDate::from_ymd_opt(2020, 1, 1)
        .ok_or_else(|| DemoError::Generated("机构设立日期".into()))?;
    let unit = NewOrgUnit::parse(code, kind, name, credit.as_deref(), since)?;
    match store.create_org(unit, parent).await {
        Ok(_) => Ok(1),
        Err(StoreError::Conflict(_)) => Ok(0),
        Err(e) => Err(store_err(format!("新增机构「{name}」失败"))(e)),
    }
}

/// The level word of a government's name (市、县、区) for the office's name.
fn level(name: &str) -> &'static str {
    match name.chars().last() {
        Some('区') => "区",
        Some('县') => "县",
        _ => "市",
    }
}

/// Creates the profile's org tree, below the unit `parent` if given (a province); returns how
/// many units were new.
pub(crate) async fn build_tree(
    store: &ScopedStore,
    p: &Profile,
    a: &Agencies,
    parent: Option<&str>,
) -> Result<usize> {
    let city = &p.city;
    // A 县级市 reporting on its own (乐平) is the top of its tree, as a city is.
    let mut n = add(store, &city.code, "city", &city.name, None, parent).await?;
    let mut agency_no = 0;
    for office in &a.office {
        agency_no += 1;
        let code = format!("{}-{}", city.code, office.suffix);
        let name = office
            .name
            .replace("{city}", &city.name)
            .replace("{level}", level(&city.name));
        n += add(
            store,
            &code,
            "office",
            &name,
            demo_credit_code(&city.code, agency_no),
            Some(&city.code),
        )
        .await?;
    }
    for gov in p.governments() {
        if gov.code != city.code {
            n += add(
                store,
                &gov.code,
                "county",
                &gov.name,
                None,
                Some(&city.code),
            )
            .await?;
        }
        for dept in &a.department {
            agency_no += 1;
            let code = format!("{}-{}", gov.code, dept.suffix);
            let name = format!("{}{}", gov.name, dept.name);
            n += add(
                store,
                &code,
                "department",
                &name,
                demo_credit_code(&gov.code, agency_no),
                Some(&gov.code),
            )
            .await?;
        }
        for (i, town) in gov.townships.iter().enumerate() {
            let code = format!("{}{:03}", gov.code, i + 1);
            n += add(store, &code, "township", town, None, Some(&gov.code)).await?;
        }
    }
    Ok(n)
}

/// Creates the four demo accounts (admin, office, clerk, viewer, each name followed by
/// `suffix`); returns how many were new.
pub(crate) async fn create_accounts(
    store: &ScopedStore,
    p: &Profile,
    a: &Agencies,
    suffix: &str,
) -> Result<usize> {
    let office_code = format!(
        "{}-{}",
        p.city.code,
        a.office
            .first()
            .map(|o| o.suffix.as_str())
            .unwrap_or("yfzs")
    );
    let county = p.first_county().code.clone();
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
            "clerk",
            "区县业务员",
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
    for (name, display, role, org, scope) in accounts {
        let user = NewUser {
            username: format!("{name}{suffix}"),
            display_name: display.into(),
            password: DEMO_PASSWORD.into(),
            role,
            org_code: org,
            scope,
        };
        n += add_account(store, user).await?;
    }
    Ok(n)
}

/// Creates one demo account, told to change its printed password at first login; 1 when it
/// was new, 0 when it existed.
async fn add_account(store: &ScopedStore, user: NewUser) -> Result<usize> {
    let username = user.username.clone();
    match store.create_user(user).await {
        Ok(created) => {
            store
                .require_password_change(&created.username)
                .await
                .map_err(store_err(format!("账号 {username} 设置失败")))?;
            Ok(1)
        }
        Err(StoreError::Conflict(_)) => Ok(0),
        Err(e) => Err(store_err(format!("新增账号 {username} 失败"))(e)),
    }
}

/// 省级示范 — the province unit that several demo cities hang under (`fazhi demo --province`)
/// and its two accounts, `admin` (系统管理员) and `viewer` (只读用户), both over the whole
/// province; returns how many units and accounts were new. The cities then get their own
/// accounts (`admin-520200` …, [`crate::DemoOptions::parent`]).
pub async fn province(store: &ScopedStore, code: &str, name: &str) -> Result<usize> {
    let mut n = add(store, code, "province", name, None, None).await?;
    let accounts = [
        ("admin", "省级系统管理员", Role::Admin),
        ("viewer", "省级只读用户", Role::Viewer),
    ];
    for (username, display, role) in accounts {
        let user = NewUser {
            username: username.into(),
            display_name: display.into(),
            password: DEMO_PASSWORD.into(),
            role,
            org_code: code.to_owned(),
            scope: ScopeKind::All,
        };
        n += add_account(store, user).await?;
    }
    Ok(n)
}
