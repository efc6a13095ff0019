//! 网页与接口 — fazhi's web layer: the clerks' Chinese pages (server-rendered, no JS needed),
//! the JSON API under `/api/v1` with its OpenAPI document, and every asset served from the
//! binary itself (government intranets have no internet).

mod account_api;
mod alert_pages;
mod annual_report;
mod api;
mod assessment_pages;
mod assets;
mod attachment_pages;
mod audit_batches;
mod audit_changes;
mod audit_pages;
mod audit_supervision;
mod auth;
mod bulletin_pages;
mod calendar_pages;
mod case_review_pages;
mod dashboard_pages;
mod dataset_pages;
pub mod digest;
mod disclosure_pages;
mod draw_pages;
mod error;
mod filters;
mod form_api;
mod form_pages;
mod home;
mod import_batch_pages;
mod import_pages;
mod letter_pages;
mod list_columns;
mod list_return;
mod openapi;
mod openapi_registers;
mod org_pages;
mod portal;
mod reader_pages;
mod record_filter;
mod register_api;
mod register_forms;
mod register_pages;
mod reported_pages;
mod review_pages;
mod security;
mod todo;
mod upload;
mod user_pages;

pub use portal::PortalRate;
pub use security::{CONTENT_SECURITY_POLICY, ServerSettings};

use std::future::Future;

use axum::Router;
use axum::routing::{get, post};
use fazhi_store::Store;
use tokio::net::TcpListener;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: ServerSettings,
}

/// All routes of the application, served over plain HTTP.
pub fn router(store: Store) -> Router {
    router_with(store, ServerSettings::default())
}

/// All routes of the application, with every response's security headers. Longer than 80
/// lines because it is the one table of URLs: kept whole so every route can be read in one place.
pub fn router_with(store: Store, settings: ServerSettings) -> Router {
    let state = AppState { store, settings };
    Router::new()
        .route("/", get(home::page))
        .route("/messages/read", post(home::mark_read))
        .route("/login", get(auth::login_page).post(auth::login_form))
        .route("/logout", post(auth::logout_form))
        .route("/orgs", get(org_pages::tree).post(org_pages::create))
        .route("/orgs/{code}", get(org_pages::detail))
        .route("/orgs/{code}/edit", post(org_pages::change))
        .route("/orgs/{code}/move", post(org_pages::change))
        .route("/orgs/{code}/close", post(org_pages::close))
        .route("/users", get(user_pages::list).post(user_pages::create))
        .route(
            "/users/{username}",
            get(user_pages::detail).post(user_pages::change),
        )
        .route("/users/{username}/password", post(user_pages::reset))
        .route(
            "/account/password",
            get(user_pages::password_form).post(user_pages::change_password),
        )
        .route("/audit", get(audit_pages::list))
        .route("/audit/export", get(audit_pages::export))
        .route(
            "/reader",
            get(reader_pages::form).post(reader_pages::read).layer(
                axum::extract::DefaultBodyLimit::max(reader_pages::MAX_REPORT_FILE),
            ),
        )
        .route(
            "/reader/export",
            post(reader_pages::export).layer(axum::extract::DefaultBodyLimit::max(
                reader_pages::MAX_REPORT_FILE,
            )),
        )
        .route("/alerts", get(alert_pages::page))
        .route("/rectifications/bulletin", get(bulletin_pages::page))
        .route("/draws", get(draw_pages::list).post(draw_pages::create))
        .route("/draws/{id}", get(draw_pages::detail))
        .route("/draws/{id}/inspections", post(draw_pages::hand_out))
        .route(
            "/draws/{id}/files/{record}",
            get(case_review_pages::page).post(case_review_pages::save),
        )
        .route(
            "/rectifications/letter",
            get(letter_pages::page).post(letter_pages::send),
        )
        .route("/forms", get(form_pages::list))
        .route(
            "/forms/{set}/{period}",
            get(form_pages::page).post(form_pages::post),
        )
        .route("/forms/{set}/{period}/template", get(form_pages::template))
        .route("/review", get(review_pages::page).post(review_pages::step))
        .route("/assessment", get(assessment_pages::page))
        .route("/assessment/export", get(assessment_pages::export))
        .route(
            "/datasets",
            get(dataset_pages::page).post(dataset_pages::save),
        )
        .route("/annual-report", get(annual_report::page))
        .route("/annual-report/narrative", post(annual_report::save))
        .route(
            "/annual-report/copy-previous",
            post(annual_report::copy_previous),
        )
        .route("/annual-report/export", get(annual_report::export))
        .route("/disclosure-report", get(disclosure_pages::page))
        .route("/disclosure-report/narrative", post(disclosure_pages::save))
        .route("/disclosure-report/export", get(disclosure_pages::export))
        .route("/dashboard", get(dashboard_pages::page))
        .route(
            "/calendar",
            get(calendar_pages::page).post(calendar_pages::load),
        )
        .route(
            "/registers/{register}",
            get(register_pages::list).post(register_forms::create),
        )
        .route("/registers/{register}/new", get(register_forms::new_form))
        .route(
            "/registers/{register}/template",
            get(import_pages::template),
        )
        .route("/registers/{register}/export", get(import_pages::export))
        .route(
            "/registers/{register}/import",
            get(import_pages::form).post(import_pages::upload).layer(
                axum::extract::DefaultBodyLimit::max(import_pages::MAX_UPLOAD),
            ),
        )
        .route(
            "/registers/{register}/{id}/files",
            post(attachment_pages::upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::upload::MAX_UPLOAD,
            )),
        )
        .route(
            "/registers/{register}/{id}/files/{file}",
            get(attachment_pages::download),
        )
        .route("/imports/errors/{token}", get(import_pages::error_file))
        .route("/imports/{batch}", get(import_batch_pages::batch))
        .route(
            "/reported",
            get(reported_pages::reported).post(reported_pages::save_reported),
        )
        .route(
            "/registers/{register}/{id}",
            get(register_pages::detail).post(register_forms::update),
        )
        .route(
            "/registers/{register}/{id}/edit",
            get(register_forms::edit_form),
        )
        .route(
            "/registers/{register}/{id}/delete",
            post(register_pages::delete),
        )
        .route("/gongshi/", portal::home_route(&state))
        .nest("/gongshi", portal::routes(&state))
        .route("/static/{file}", get(assets::file))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/openapi.json", get(openapi::document))
        .nest("/api/v1", api::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` resolves. Tests hand in a listener bound to port 0.
pub async fn serve(
    listener: TcpListener,
    store: Store,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, store, ServerSettings::default(), shutdown).await
}

/// Serves plain HTTP (TLS, when `settings.tls`, is a proxy's in front of it) until
/// `shutdown` resolves, recording each connection's peer address for login throttling.
pub async fn serve_with(
    listener: TcpListener,
    store: Store,
    settings: ServerSettings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app =
        router_with(store, settings).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Serves HTTPS (rustls) with the PEM certificate chain and private key until `shutdown`
/// resolves; cookies are `Secure` and HSTS is sent.
pub async fn serve_tls(
    listener: std::net::TcpListener,
    store: Store,
    settings: ServerSettings,
    (cert, key): (&std::path::Path, &std::path::Path),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await?;
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    let settings = ServerSettings {
        tls: true,
        ..settings
    };
    let app =
        router_with(store, settings).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum_server::from_tcp_rustls(listener, config)?
        .handle(handle)
        .serve(app)
        .await
}
