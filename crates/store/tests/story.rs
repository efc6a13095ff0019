//! The storage story: one suite, generic over the backend, run on SQLite and on a real
//! PostgreSQL server (when the test script provides one).
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use chrono::NaiveDate;
use fazhi_domain::account::{Principal, Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::testing::{TestDb, fresh_postgres_url, fresh_sqlite_url};
use fazhi_store::{AuditFilter, LoginOutcome, NewUser, OrgChange, Store, StoreError};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn unit(code: &str, kind: &str, name: &str) -> NewOrgUnit {
    NewOrgUnit::parse(code, kind, name, None, day(2020, 1, 1)).unwrap()
}

/// 六盘水市 with two districts, a department and a township in each.
async fn small_city(store: &Store) {
    let sys = store.unscoped_system("test");
    sys.create_org(unit("520200", "city", "六盘水市"), None)
        .await
        .unwrap();
    for (code, name) in [("520201", "钟山区"), ("520203", "六枝特区")] {
        sys.create_org(unit(code, "county", name), Some("520200"))
            .await
            .unwrap();
        sys.create_org(
            unit(
                &format!("{code}-sfj"),
                "department",
                &format!("{name}司法局"),
            ),
            Some(code),
        )
        .await
        .unwrap();
        sys.create_org(
            unit(&format!("{code}001"), "township", &format!("{name}一街道")),
            Some(code),
        )
        .await
        .unwrap();
    }
}

async fn principal_for(
    store: &Store,
    username: &str,
    role: Role,
    org: &str,
    scope: ScopeKind,
) -> Principal {
    let sys = store.unscoped_system("test");
    sys.create_user(NewUser {
        username: username.into(),
        display_name: String::new(),
        password: "Secret1234".into(),
        role,
        org_code: org.into(),
        scope,
    })
    .await
    .unwrap();
    match store
        .unscoped_login(username, "Secret1234", "test")
        .await
        .unwrap()
    {
        LoginOutcome::Success { principal, .. } => principal,
        other => panic!("login failed: {other:?}"),
    }
}

async fn story(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    small_city(&store).await;

    // Scope: a clerk of 钟山区 (subtree) sees 钟山区 and below, nothing of 六枝特区.
    let clerk = principal_for(&store, "clerk", Role::Clerk, "520201", ScopeKind::Subtree).await;
    let clerk_store = store.scoped(clerk).await.unwrap();
    let codes: Vec<String> = clerk_store
        .list_orgs()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.code)
        .collect();
    assert_eq!(codes, ["520201", "520201-sfj", "520201001"], "{label}");
    assert!(
        matches!(
            clerk_store.get_org("520203").await,
            Err(StoreError::NotFound { .. })
        ),
        "{label}"
    );
    assert!(matches!(
        clerk_store.org_history("520203-sfj").await,
        Err(StoreError::NotFound { .. })
    ));
    // A clerk may not change the tree even inside the scope.
    let denied = clerk_store
        .create_org(
            unit("520201-scjg", "department", "钟山区市场监管局"),
            Some("520201"),
        )
        .await;
    assert!(matches!(denied, Err(StoreError::Forbidden(_))), "{label}");

    // Unit scope: only the unit itself.
    let viewer = principal_for(
        &store,
        "viewer",
        Role::Viewer,
        "520201-sfj",
        ScopeKind::Unit,
    )
    .await;
    let viewer_store = store.scoped(viewer).await.unwrap();
    assert_eq!(viewer_store.list_orgs().await.unwrap().len(), 1, "{label}");

    // An admin scoped to one county cannot add outside it.
    let county_admin = principal_for(
        &store,
        "zs_admin",
        Role::Admin,
        "520201",
        ScopeKind::Subtree,
    )
    .await;
    let county_admin = store.scoped(county_admin).await.unwrap();
    let outside = county_admin
        .create_org(
            unit("520203-scjg", "department", "六枝特区市场监管局"),
            Some("520203"),
        )
        .await;
    assert!(
        matches!(outside, Err(StoreError::NotFound { .. })),
        "{label}"
    );

    let sys = store.unscoped_system("test");
    // Duplicate code and bad parent are clear errors and write nothing.
    let dup = sys
        .create_org(unit("520201", "county", "钟山区"), Some("520200"))
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{label}");
    let bad_parent = sys
        .create_org(unit("520299", "county", "不存在区"), Some("520999"))
        .await;
    assert!(
        matches!(bad_parent, Err(StoreError::NotFound { .. })),
        "{label}"
    );
    let wrong_kind = sys
        .create_org(
            unit("520201002", "township", "错挂街道"),
            Some("520201-sfj"),
        )
        .await;
    assert!(matches!(wrong_kind, Err(StoreError::Invalid(_))), "{label}");

    // Rename with history: the old name stays in the version before the change.
    let renamed = sys
        .change_org(
            "520201-sfj",
            OrgChange {
                name: Some("钟山区司法局(新)".into()),
                ..Default::default()
            },
            day(2024, 6, 1),
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "钟山区司法局(新)");
    let history = sys.org_history("520201-sfj").await.unwrap();
    assert_eq!(history.len(), 2, "{label}");
    assert_eq!(history[0].valid_to, Some(day(2024, 6, 1)));
    let then = sys.list_orgs_as_of(day(2023, 1, 1)).await.unwrap();
    assert!(then.iter().any(|o| o.name == "钟山区司法局"), "{label}");

    // Re-parenting moves scope: the township moves to 六枝特区 and leaves the clerk's view.
    sys.change_org(
        "520201001",
        OrgChange {
            parent_code: Some("520203".into()),
            ..Default::default()
        },
        day(2024, 7, 1),
    )
    .await
    .unwrap_err(); // a township code must lie in its county's region
    sys.change_org(
        "520201-sfj",
        OrgChange {
            parent_code: Some("520200".into()),
            ..Default::default()
        },
        day(2024, 7, 1),
    )
    .await
    .unwrap();
    let clerk_codes: Vec<String> = clerk_store
        .list_orgs()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.code)
        .collect();
    assert_eq!(clerk_codes, ["520201", "520201001"], "{label}");

    // Cycles are refused: 钟山区 cannot move under its own township.
    let cycle = sys
        .change_org(
            "520200",
            OrgChange {
                parent_code: Some("520201".into()),
                ..Default::default()
            },
            day(2024, 8, 1),
        )
        .await;
    assert!(
        matches!(cycle, Err(StoreError::Invalid(_))),
        "{label}: {cycle:?}"
    );

    // Closing: refused while children remain, then allowed; history keeps the unit.
    assert!(matches!(
        sys.close_org("520203", day(2024, 9, 1)).await,
        Err(StoreError::Conflict(_))
    ));
    sys.close_org("520203001", day(2024, 9, 1)).await.unwrap();
    assert!(sys.get_org("520203001").await.is_err(), "{label}");
    assert_eq!(sys.org_history("520203001").await.unwrap().len(), 1);

    // Audit: every write above is there, the chain verifies.
    let (total, rows) = sys
        .list_audit(&AuditFilter {
            entity: Some("org_unit".into()),
            entity_id: Some("520201-sfj".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(total, 3, "{label}: create, rename, move");
    assert!(rows[0].before_json.contains("钟山区司法局(新)"));
    assert_eq!(
        store.unscoped_verify_audit().await.unwrap(),
        Ok(total_entries(&sys).await),
        "{label}"
    );
    assert!(matches!(
        clerk_store
            .list_audit(&AuditFilter {
                limit: 5,
                ..Default::default()
            })
            .await,
        Err(StoreError::Forbidden(_))
    ));
}

async fn total_entries(sys: &fazhi_store::ScopedStore) -> i64 {
    sys.list_audit(&AuditFilter {
        limit: 1,
        ..Default::default()
    })
    .await
    .unwrap()
    .0
}

async fn login_throttling(db: TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    small_city(&store).await;
    principal_for(&store, "zhang", Role::Clerk, "520201", ScopeKind::Unit).await;
    for _ in 0..4 {
        assert!(matches!(
            store
                .unscoped_login("zhang", "wrong-pass1", "test")
                .await
                .unwrap(),
            LoginOutcome::BadCredentials
        ));
    }
    assert!(
        matches!(
            store
                .unscoped_login("zhang", "wrong-pass1", "test")
                .await
                .unwrap(),
            LoginOutcome::Throttled { .. }
        ),
        "{}",
        db.label
    );
    // Even the right password is refused while locked.
    assert!(matches!(
        store
            .unscoped_login("zhang", "Secret1234", "test")
            .await
            .unwrap(),
        LoginOutcome::Throttled { .. }
    ));
    assert!(matches!(
        store
            .unscoped_login("nobody", "Secret1234", "test")
            .await
            .unwrap(),
        LoginOutcome::BadCredentials
    ));
}

fazhi_store::test_each_backend!(storage_story, story);

fazhi_store::test_each_backend!(login_throttling, login_throttling);

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let Some(pg_url) = fresh_postgres_url().await.unwrap() else {
        return;
    };
    let sqlite = Store::open(&fresh_sqlite_url())
        .await
        .unwrap()
        .schema_columns()
        .await
        .unwrap();
    let postgres = Store::open(&pg_url)
        .await
        .unwrap()
        .schema_columns()
        .await
        .unwrap();
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

#[tokio::test]
async fn users_never_expose_password_hashes_in_audit() {
    let url = fresh_sqlite_url();
    let store = Store::open(&url).await.unwrap();
    small_city(&store).await;
    principal_for(&store, "li", Role::Office, "520200", ScopeKind::All).await;
    let sys = store.unscoped_system("test");
    let (_, rows) = sys
        .list_audit(&AuditFilter {
            entity: Some("app_user".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    // The account's creation and its login: neither holds the hash nor the password.
    assert_eq!(rows.len(), 2);
    for row in &rows {
        for text in [&row.before_json, &row.after_json] {
            assert!(
                !text.contains("argon2") && !text.contains("Secret1234"),
                "{text}"
            );
        }
    }
}
