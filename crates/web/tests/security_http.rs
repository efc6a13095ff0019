//! The holes of issue 15, each tried over HTTP against a real server on every backend: scope
//! escalation through account management, audit reads beyond scope, the login lock under
//! concurrency, uploads that leave files behind or inflate, calendar loads by a county, and the
//! headers, idle expiry and account lifecycle a deployment relies on.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test
#![allow(clippy::disallowed_methods)] // the test inspects the files the server keeps

mod common;

use std::path::{Path, PathBuf};

use common::{Server, client, page_text, post_json, seed, serve};
use fazhi_store::Store;
use fazhi_store::testing::{Backend, TestDb, fresh_database};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PASSWORD: &str = "Fazhi@2024";

struct Site {
    server: Server,
    store: Store,
    temp: tempfile::TempDir,
}

/// The seeded city plus a county administrator, a county office account and a viewer,
/// served with its own temp folder.
async fn start(db: &TestDb) -> Site {
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let sys = store.unscoped_system("test");
    for (name, role, org, scope) in [
        ("lz_admin", "admin", "520203", "subtree"),
        ("lz_office", "office", "520203", "unit"),
        ("viewer", "viewer", "520200", "all"),
    ] {
        sys.create_user(fazhi_store::NewUser {
            username: name.into(),
            display_name: String::new(),
            password: PASSWORD.into(),
            role: fazhi_domain::account::Role::parse(role).unwrap(),
            org_code: org.into(),
            scope: fazhi_domain::account::ScopeKind::parse(scope).unwrap(),
        })
        .await
        .unwrap();
    }
    let temp = tempfile::tempdir().unwrap();
    let settings = fazhi_web::ServerSettings {
        temp_dir: Some(temp.path().to_owned()),
        ..Default::default()
    };
    let server = serve(store.clone(), settings).await;
    Site {
        server,
        store,
        temp,
    }
}

async fn login(server: &Server, user: &str, password: &str) -> reqwest::Response {
    login_at(server.base.clone(), user.to_owned(), password.to_owned()).await
}

async fn login_at(base: String, user: String, password: String) -> reqwest::Response {
    client()
        .post(format!("{base}/api/v1/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .unwrap()
}

async fn session(server: &Server, user: &str) -> (reqwest::Client, String) {
    session_with(server, user, PASSWORD).await
}

async fn error_of(res: reqwest::Response) -> (StatusCode, String) {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

/// Hole 1: a county administrator cannot hand out more than it has.
async fn scope_escalation_is_refused(site: &Site) {
    let base = &site.server.base;
    let (c, csrf) = session(&site.server, "lz_admin").await;
    let url = format!("{base}/api/v1/users");
    let mut new = json!({"username": "evil", "password": PASSWORD, "role": "admin",
        "org_code": "520203", "scope": "all"});
    let (status, message) = error_of(post_json(&c, &url, &csrf, &new).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{message}");
    assert!(message.contains("数据范围"), "{message}");
    new["scope"] = json!("subtree");
    new["org_code"] = json!("520201");
    let (status, _) = error_of(post_json(&c, &url, &csrf, &new).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a unit outside the scope");
    new["org_code"] = json!("520203-sfj");
    new["role"] = json!("clerk");
    new["scope"] = json!("unit");
    let res = post_json(&c, &url, &csrf, &new).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Every later change is held to the same reach.
    let put = |body: Value| {
        c.put(format!("{base}/api/v1/users/evil"))
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };
    let (status, message) = error_of(put(json!({"scope": "all"})).await.unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{message}");
    let (status, _) = error_of(put(json!({"org_code": "520201"})).await.unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for other in ["admin", "clerk"] {
        let res = c
            .put(format!("{base}/api/v1/users/{other}"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"active": false}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{other} is outside");
    }
    let res = c
        .put(format!("{base}/api/v1/users/lz_admin"))
        .header("x-csrf-token", &csrf)
        .json(&json!({"scope": "all"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "not one's own account");
    // An office account manages no accounts at all.
    let (office, office_csrf) = session(&site.server, "lz_office").await;
    new["username"] = json!("evil2");
    let res = post_json(&office, &url, &office_csrf, &new).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let city = site.store.unscoped_system("check");
    assert!(city.get_user("evil2").await.is_err());
    assert_eq!(city.get_user("evil").await.unwrap().scope, "unit");
}

/// Hole 2: the audit holds other counties' accounts and records; a county reads none of it.
async fn audit_reads_stay_in_scope(site: &Site) {
    let base = &site.server.base;
    let (c, _) = session(&site.server, "lz_office").await;
    let page: Value = c
        .get(format!("{base}/api/v1/audit?limit=500"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty(), "its own unit's entries are readable");
    for item in items {
        let text = item.to_string();
        assert!(
            !text.contains("520201") && !text.contains("\"clerk\"") && !text.contains("钟山区"),
            "{text}"
        );
    }
    assert_eq!(page["total"].as_i64().unwrap() as usize, items.len());
    let html = page_text(&c, &format!("{base}/audit")).await;
    assert!(!html.contains("520201") && !html.contains("钟山区"));
    let city_total = site
        .store
        .unscoped_system("check")
        .list_audit(&Default::default())
        .await
        .unwrap()
        .0;
    assert!(city_total > items.len() as i64);
}

/// Hole 3: fifty concurrent wrong passwords are checked at most five times, the right one is
/// then refused, and an unknown username is answered the same way as a known one.
async fn login_lock_holds_under_concurrency(site: &Site) {
    let server = &site.server;
    let attempts =
        (0..50).map(|_| login_at(server.base.clone(), "clerk".into(), "Wrong@12345".into()));
    let statuses: Vec<StatusCode> = futures_join(attempts).await;
    assert!(
        statuses
            .iter()
            .all(|s| matches!(*s, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS))
    );
    let checked = site
        .store
        .unscoped_system("check")
        .list_audit(&fazhi_store::AuditFilter {
            entity: Some("app_user".into()),
            entity_id: Some("clerk".into()),
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap()
        .1
        .iter()
        .filter(|r| r.action == "login_failed")
        .count();
    assert!((1..=5).contains(&checked), "{checked} checked");
    let (status, message) = error_of(login(server, "clerk", PASSWORD).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{message}");
    assert!(message.contains("暂停登录"), "{message}");
    // Known and unknown usernames: the same answers in the same order.
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..6 {
        known.push(error_of(login(server, "viewer", "Wrong@12345").await).await);
        unknown.push(error_of(login(server, "nobody", "Wrong@12345").await).await);
    }
    let statuses = |v: &[(StatusCode, String)]| v.iter().map(|(s, _)| *s).collect::<Vec<_>>();
    assert_eq!(statuses(&known), statuses(&unknown));
    assert_eq!(known[0].1, unknown[0].1);
    assert_eq!(known[0].0, StatusCode::UNAUTHORIZED);
    assert_eq!(known[5].0, StatusCode::TOO_MANY_REQUESTS);
}

/// Runs the requests concurrently and returns their statuses.
async fn futures_join(
    requests: impl Iterator<Item = impl Future<Output = reqwest::Response> + Send + 'static>,
) -> Vec<StatusCode> {
    let handles: Vec<_> = requests.map(tokio::spawn).collect();
    let mut statuses = Vec::new();
    for handle in handles {
        statuses.push(handle.await.unwrap().status());
    }
    statuses
}

/// An unknown username takes about as long as a known one (asserted loosely: the same order
/// of magnitude), so timing does not reveal which accounts exist.
async fn unknown_usernames_cost_the_same(server: &Server) {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..3 {
        let t = std::time::Instant::now();
        login(server, "admin", &format!("Wrong@1234{i}")).await;
        known.push(t.elapsed());
        let t = std::time::Instant::now();
        login(server, &format!("ghost{i}"), "Wrong@12345").await;
        unknown.push(t.elapsed());
    }
    known.sort();
    unknown.sort();
    let ratio = unknown[1].as_secs_f64() / known[1].as_secs_f64();
    assert!((0.2..5.0).contains(&ratio), "{known:?} {unknown:?}");
}

fn leftovers(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("fazhi-upload"))
        })
        .collect()
}

fn multipart(csrf: &str, name: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        )
}

/// An xlsx of about 300 KB whose shared-strings part inflates to 300 MB.
fn inflating_xlsx() -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("xl/sharedStrings.xml", options).unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..300 {
        out.write_all(&block).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn peak_memory_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Hole 4: refused uploads leave nothing behind, and an inflating xlsx is refused in bounded
/// memory.
async fn uploads_leave_nothing_and_stay_bounded(site: &Site) {
    let base = &site.server.base;
    let url = format!("{base}/registers/mediations/import");
    let csv = "组织机构代码,调解编号\n520200,X-1\n".as_bytes().to_vec();
    let (viewer, viewer_csrf) = session(&site.server, "viewer").await;
    let res = viewer
        .post(&url)
        .multipart(multipart(&viewer_csrf, "a.csv", csv.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("无权导入"));
    let (admin, csrf) = session(&site.server, "admin").await;
    let res = admin
        .post(&url)
        .multipart(multipart("forged", "a.csv", csv))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(leftovers(site.temp.path()).is_empty());
    let before = peak_memory_kib();
    let bomb = inflating_xlsx();
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    let res = admin
        .post(&url)
        .multipart(multipart(&csrf, "bomb.xlsx", bomb))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("解压后过大"));
    let grown_mib = peak_memory_kib().saturating_sub(before) / 1024;
    assert!(grown_mib < 128, "peak memory grew by {grown_mib} MiB");
    assert!(leftovers(site.temp.path()).is_empty());
}

/// Hole 5: only a city-wide administrator loads a holiday notice.
async fn calendar_load_needs_city_scope(site: &Site) {
    let (c, csrf) = session(&site.server, "lz_admin").await;
    let res = c
        .post(format!("{}/calendar", site.server.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("notice", "[[year]]\nyear = 2031\n"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("全部"));
}

fazhi_store::test_each_backend!(scope_escalation_refused, scope_escalation_refused_on);

async fn scope_escalation_refused_on(db: TestDb) {
    scope_escalation_is_refused(&start(&db).await).await;
}

fazhi_store::test_each_backend!(audit_scope, audit_scope_on);

async fn audit_scope_on(db: TestDb) {
    audit_reads_stay_in_scope(&start(&db).await).await;
}

fazhi_store::test_each_backend!(login_throttling, login_throttling_on);

async fn login_throttling_on(db: TestDb) {
    let site = start(&db).await;
    login_lock_holds_under_concurrency(&site).await;
    unknown_usernames_cost_the_same(&site.server).await;
}

fazhi_store::test_each_backend!(uploads, uploads_on);

async fn uploads_on(db: TestDb) {
    uploads_leave_nothing_and_stay_bounded(&start(&db).await).await;
}

fazhi_store::test_each_backend!(calendar_scope, calendar_scope_on);

async fn calendar_scope_on(db: TestDb) {
    calendar_load_needs_city_scope(&start(&db).await).await;
}

/// Every kind of response carries the security headers; signed-in pages are never cached.
async fn headers_on_every_page_kind(site: &Site) {
    let base = &site.server.base;
    let (c, _) = session(&site.server, "admin").await;
    for (path, signed_in) in [
        ("/login", false),
        ("/", true),
        ("/orgs", true),
        ("/users", true),
        ("/users/clerk", true),
        ("/audit", true),
        ("/registers/mediations", true),
        ("/account/password", true),
        ("/dashboard", true),
        ("/annual-report", true),
        ("/alerts", true),
        ("/calendar", true),
        ("/reader", true),
        ("/reported", true),
        ("/registers/mediations/new", true),
        ("/registers/mediations/import", true),
        ("/api/v1/orgs", true),
        ("/api/openapi.json", false),
        ("/static/app.css", false),
        ("/no-such-page", false),
        ("/registers/no-such-register", true),
    ] {
        let res = c.get(format!("{base}{path}")).send().await.unwrap();
        let h = res.headers();
        let csp = h
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(h.contains_key("referrer-policy"), "{path}");
        if signed_in {
            assert_eq!(h["cache-control"], "no-store", "{path}");
        }
        // Nothing the policy would block: no inline script, style or javascript: links.
        let body = res.text().await.unwrap();
        for blocked in ["<script", "<style", " style=\"", "javascript:", " onclick="] {
            assert!(!body.contains(blocked), "{path} holds {blocked}");
        }
        // Times in Beijing time as a clerk writes them, never a stored instant (the API's
        // JSON keeps RFC 3339).
        if !path.starts_with("/api/") {
            assert!(!common::holds_iso_instant(&body), "{path}: {body}");
        }
    }
}

/// Sessions end after the idle period, when the account is deactivated, and when its
/// password is reset; the reset account is told to change its password.
async fn sessions_end_when_they_should(site: &Site) {
    let base = &site.server.base;
    let (admin, csrf) = session(&site.server, "admin").await;
    let orgs = |c: &reqwest::Client| c.get(format!("{base}/api/v1/orgs")).send();
    // Idle: the session's last use is put 31 minutes back.
    let (idle, _) = session(&site.server, "lz_office").await;
    assert_eq!(orgs(&idle).await.unwrap().status(), StatusCode::OK);
    fazhi_store::testing::backdate_sessions(&site.store, 31 * 60)
        .await
        .unwrap();
    assert_eq!(
        orgs(&idle).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        orgs(&admin).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let (admin, csrf_now) = session(&site.server, "admin").await;
    let _ = csrf;
    // Deactivation.
    let (viewer, _) = session(&site.server, "viewer").await;
    let put = |body: Value| {
        admin
            .put(format!("{base}/api/v1/users/viewer"))
            .header("x-csrf-token", &csrf_now)
            .json(&body)
            .send()
    };
    assert_eq!(
        put(json!({"active": false})).await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        orgs(&viewer).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = error_of(login(&site.server, "viewer", PASSWORD).await).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a deactivated account cannot log in"
    );
    assert_eq!(
        put(json!({"active": true})).await.unwrap().status(),
        StatusCode::OK
    );
    // Reset: sessions end, the new password must be changed, weak ones are refused.
    let (viewer, _) = session(&site.server, "viewer").await;
    let reset_url = format!("{base}/api/v1/users/viewer/password");
    let reset = |password: &str| {
        let body = json!({ "password": password });
        let (admin, url, csrf) = (admin.clone(), reset_url.clone(), csrf_now.clone());
        async move { post_json(&admin, &url, &csrf, &body).await }
    };
    let (status, message) = error_of(reset("short1").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("密码"), "{message}");
    let (status, _) = error_of(reset("viewer").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reset("Reset#2026a").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        orgs(&viewer).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let res = login(&site.server, "viewer", "Reset#2026a").await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["must_change_password"], true);
    // The user's own change: the current password is needed, other sessions end.
    let (first, _) = session_with(&site.server, "viewer", "Reset#2026a").await;
    let (second, second_csrf) = session_with(&site.server, "viewer", "Reset#2026a").await;
    let url = format!("{base}/api/v1/me/password");
    let wrong = json!({"current": "Nope#20260", "new": "Mine#2026ab"});
    let (status, _) = error_of(post_json(&second, &url, &second_csrf, &wrong).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let right = json!({"current": "Reset#2026a", "new": "Mine#2026ab"});
    assert_eq!(
        post_json(&second, &url, &second_csrf, &right)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        orgs(&first).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(orgs(&second).await.unwrap().status(), StatusCode::OK);
    let body: Value = login(&site.server, "viewer", "Mine#2026ab")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["must_change_password"], false);
    // Every step is audited, and no audit entry holds a password.
    let (_, rows) = site
        .store
        .unscoped_system("check")
        .list_audit(&fazhi_store::AuditFilter {
            entity_id: Some("viewer".into()),
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.action.as_str()).collect();
    for action in ["login", "update", "password_change", "login_failed"] {
        assert!(actions.contains(action), "{action} missing in {actions:?}");
    }
    for row in &rows {
        for secret in [PASSWORD, "Reset#2026a", "Mine#2026ab", "argon2"] {
            assert!(!row.after_json.contains(secret) && !row.before_json.contains(secret));
        }
    }
}

async fn session_with(server: &Server, user: &str, password: &str) -> (reqwest::Client, String) {
    let c = client();
    let res = c
        .post(format!("{}/api/v1/login", server.base))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "login {user}");
    let body: Value = res.json().await.unwrap();
    (c, body["csrf_token"].as_str().unwrap().to_owned())
}

fazhi_store::test_each_backend!(headers, headers_on);

async fn headers_on(db: TestDb) {
    headers_on_every_page_kind(&start(&db).await).await;
}

fazhi_store::test_each_backend!(session_lifecycle, session_lifecycle_on);

async fn session_lifecycle_on(db: TestDb) {
    sessions_end_when_they_should(&start(&db).await).await;
}

/// Served over TLS by the process itself: the session cookie is `Secure` and HSTS is sent.
#[tokio::test]
async fn tls_serving_marks_cookies_secure() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let db = fresh_database(Backend::Sqlite).await.unwrap().unwrap();
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let (cert, key) = (dir.join("test-cert.pem"), dir.join("test-key.pem"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        fazhi_web::serve_tls(listener, store, Default::default(), (&cert, &key), async {
            let _ = rx.await;
        })
        .await
    });
    let root = std::fs::read(dir.join("ca-cert.pem")).unwrap();
    let https = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&root).unwrap())
        .build()
        .unwrap();
    let res = https
        .post(format!("https://localhost:{port}/api/v1/login"))
        .json(&json!({"username": "admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    assert!(res.headers().contains_key("strict-transport-security"));
    let _ = tx.send(());
}

/// A viewer is shown no form to fill: the write-only pages refuse it inside the normal
/// layout, and the annual report shows its narrative read-only.
async fn viewer_sees_no_form(site: &Site) {
    let base = &site.server.base;
    let (viewer, _) = session(&site.server, "viewer").await;
    let def = fazhi_domain::register::by_key("mediations").unwrap();
    let raw: std::collections::BTreeMap<String, String> = [
        ("case_no", "钟山人调〔2024〕1号"),
        ("dispute_type", "邻里"),
        ("parties_count", "2"),
        ("received_date", "2024-05-06"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let record = site
        .store
        .unscoped_system("test")
        .create_record(def, "520201", def.parse(&raw).unwrap())
        .await
        .unwrap()
        .unwrap();
    let edit = format!("/registers/mediations/{}/edit", record.id.get());
    for path in [
        "/registers/mediations/new",
        edit.as_str(),
        "/registers/mediations/import",
        "/registers/reported-values/import",
    ] {
        let res = viewer.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("只能查看") && html.contains("登记簿"),
            "{path}: {html}"
        );
        assert!(!html.contains("<form class=\"stack\""), "{path}");
    }
    let html = page_text(
        &viewer,
        &format!("{base}/annual-report?org=520200&year=2024"),
    )
    .await;
    assert!(!html.contains("<textarea") && !html.contains("/annual-report/narrative"));
    let (admin, _) = session(&site.server, "admin").await;
    let html = page_text(
        &admin,
        &format!("{base}/annual-report?org=520200&year=2024"),
    )
    .await;
    assert!(
        html.contains("<textarea"),
        "a writer still gets the narrative form"
    );
    // A new account's role starts at 业务人员, never 系统管理员 (issue 25).
    let html = page_text(&admin, &format!("{base}/users")).await;
    assert!(html.contains("<option value=\"clerk\" selected>"), "{html}");
    assert!(
        !html.contains("<option value=\"admin\" selected>"),
        "{html}"
    );
}

fazhi_store::test_each_backend!(viewer_forms, viewer_forms_on);

async fn viewer_forms_on(db: TestDb) {
    viewer_sees_no_form(&start(&db).await).await;
}
