//! Login and form bodies through the real router: the first byte picks an endpoint that takes a
//! body (login form, login JSON, a register's form and JSON create/update, org, account,
//! password, narrative and reported-value forms), the second a register, the rest is the body.
//! Form posts carry a valid session and CSRF token (so the body reaches the parsers behind the
//! check); the login form carries its login-page token. No body may panic or make a 5xx.
#![no_main]

use std::sync::LazyLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, header};
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::{NewUser, Store};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

/// How a body is sent and which credentials go with it.
#[derive(Clone, Copy)]
enum Send {
    /// `application/x-www-form-urlencoded`, with `csrf=…&` before the fuzzed bytes.
    Form,
    /// `application/json` with the `X-CSRF-Token` header.
    Json,
    /// The login page's form: its own CSRF cookie and field, no session.
    LoginForm,
    /// The login API: no credentials at all.
    LoginJson,
}

/// (method, path with `{r}` for the register, how it is sent)
const ENDPOINTS: &[(&str, &str, Send)] = &[
    ("POST", "/login", Send::LoginForm),
    ("POST", "/api/v1/login", Send::LoginJson),
    ("POST", "/registers/{r}", Send::Form),
    ("POST", "/registers/{r}/1", Send::Form),
    ("POST", "/api/v1/{r}", Send::Json),
    ("PUT", "/api/v1/{r}/1", Send::Json),
    ("POST", "/orgs", Send::Form),
    ("POST", "/orgs/520201/edit", Send::Form),
    ("POST", "/users", Send::Form),
    ("POST", "/users/clerk", Send::Form),
    ("POST", "/account/password", Send::Form),
    ("POST", "/annual-report/narrative", Send::Form),
    ("POST", "/reported", Send::Form),
    ("POST", "/api/v1/orgs", Send::Json),
    ("PUT", "/api/v1/orgs/520201", Send::Json),
    ("POST", "/api/v1/users", Send::Json),
    ("PUT", "/api/v1/users/clerk", Send::Json),
    ("POST", "/api/v1/me/password", Send::Json),
];

/// A city with an admin logged in, served in process.
struct World {
    runtime: tokio::runtime::Runtime,
    app: Router,
    session_cookie: String,
    csrf: String,
    login_cookie: String,
    login_csrf: String,
    _dir: tempfile::TempDir,
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("fuzz.db").display());
    let store = runtime.block_on(seeded_store(&url));
    let app = fazhi_web::router(store);
    let (session_cookie, csrf) = runtime.block_on(api_login(&app));
    let (login_cookie, login_csrf) = runtime.block_on(login_page(&app));
    World {
        runtime,
        app,
        session_cookie,
        csrf,
        login_cookie,
        login_csrf,
        _dir: dir,
    }
});

async fn seeded_store(url: &str) -> Store {
    let store = Store::open(url).await.expect("store");
    let sys = store.unscoped_system("fuzz");
    let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    for (code, kind, name, parent) in [
        ("520200", "city", "六盘水市", None),
        ("520201", "county", "钟山区", Some("520200")),
    ] {
        let unit = NewOrgUnit::parse(code, kind, name, None, day).expect("unit");
        sys.create_org(unit, parent).await.expect("org");
    }
    for (username, role, org, scope) in [
        ("admin", Role::Admin, "520200", ScopeKind::All),
        ("clerk", Role::Clerk, "520201", ScopeKind::Subtree),
    ] {
        let user = NewUser {
            username: username.into(),
            display_name: String::new(),
            password: "Fazhi@2024".into(),
            role,
            org_code: org.into(),
            scope,
        };
        sys.create_user(user).await.expect("user");
    }
    store
}

/// The `name=value` of the response's first `Set-Cookie`.
fn first_cookie(response: &axum::response::Response) -> String {
    response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a cookie")
        .to_owned()
}

async fn body_text(response: axum::response::Response) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .expect("body");
    String::from_utf8_lossy(&bytes).into_owned()
}

async fn api_login(app: &Router) -> (String, String) {
    let request = Request::post("/api/v1/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"username":"admin","password":"Fazhi@2024"}"#))
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("login");
    assert!(response.status().is_success(), "admin logs in");
    let cookie = first_cookie(&response);
    let json: serde_json::Value = serde_json::from_str(&body_text(response).await).expect("json");
    let csrf = json["csrf_token"].as_str().expect("csrf_token").to_owned();
    (cookie, csrf)
}

async fn login_page(app: &Router) -> (String, String) {
    let request = Request::get("/login").body(Body::empty()).expect("request");
    let response = app.clone().oneshot(request).await.expect("login page");
    let cookie = first_cookie(&response);
    let token = cookie.split_once('=').map(|(_, v)| v.to_owned()).expect("token");
    (cookie, token)
}

fn request(world: &World, method: &str, path: &str, send: Send, data: &[u8]) -> Request<Body> {
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    let builder = Request::builder().method(method).uri(path);
    let (builder, body) = match send {
        Send::Form => {
            let mut body = format!("csrf={}&", world.csrf).into_bytes();
            body.extend_from_slice(data);
            let builder = builder
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &world.session_cookie);
            (builder, body)
        }
        Send::Json => {
            let builder = builder
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::COOKIE, &world.session_cookie)
                .header("x-csrf-token", &world.csrf);
            (builder, data.to_vec())
        }
        Send::LoginForm => {
            let mut body = format!("csrf={}&", world.login_csrf).into_bytes();
            body.extend_from_slice(data);
            let builder = builder
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &world.login_cookie);
            (builder, body)
        }
        Send::LoginJson => (
            builder.header(header::CONTENT_TYPE, "application/json"),
            data.to_vec(),
        ),
    };
    builder.body(Body::from(body)).expect("request")
}

fuzz_target!(|data: &[u8]| {
    let [pick, register, rest @ ..] = data else {
        return;
    };
    let world = &*WORLD;
    let (method, path, send) = ENDPOINTS[usize::from(*pick) % ENDPOINTS.len()];
    let registers = fazhi_domain::register::all();
    let def = registers[usize::from(*register) % registers.len()];
    let path = path.replace("{r}", def.key);
    let request = request(world, method, &path, send, rest);
    world.runtime.block_on(async {
        let response = world.app.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        if status.is_server_error() {
            let text = body_text(response).await;
            panic!("{method} {path} answered {status}: {text}");
        }
    });
});
