//! 网页与接口 — fazhi's web layer: the clerks' Chinese pages (server-rendered, no JS needed),
//! the JSON API under `/api/v1` with its OpenAPI document, and every asset served from the
//! binary itself (government intranets have no internet).

mod alert_pages;
pub mod annual_report;
mod api;
mod assets;
mod audit_pages;
mod auth;
mod calendar_pages;
mod dashboard_pages;
mod error;
mod home;
mod import_pages;
mod openapi;
mod openapi_registers;
mod org_pages;
mod record_filter;
mod register_api;
mod register_forms;
mod register_pages;
mod report_pages;
mod user_pages;

use std::future::Future;

use axum::Router;
use axum::routing::{get, post};
use fazhi_store::Store;
use tokio::net::TcpListener;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

/// All routes of the application.
pub fn router(store: Store) -> Router {
    let state = AppState { store };
    Router::new()
        .route("/", get(home::page))
        .route("/login", get(auth::login_page).post(auth::login_form))
        .route("/logout", post(auth::logout_form))
        .route("/orgs", get(org_pages::tree).post(org_pages::create))
        .route("/orgs/{code}", get(org_pages::detail))
        .route("/orgs/{code}/edit", post(org_pages::change))
        .route("/orgs/{code}/move", post(org_pages::change))
        .route("/orgs/{code}/close", post(org_pages::close))
        .route("/users", get(user_pages::list).post(user_pages::create))
        .route("/audit", get(audit_pages::list))
        .route("/reader", get(report_pages::form).post(report_pages::read))
        .route("/alerts", get(alert_pages::page))
        .route("/annual-report", get(annual_report::page))
        .route("/annual-report/narrative", post(annual_report::save))
        .route(
            "/annual-report/copy-previous",
            post(annual_report::copy_previous),
        )
        .route("/annual-report/export", get(annual_report::export))
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
        .route("/imports/errors/{token}", get(import_pages::error_file))
        .route(
            "/reported",
            get(import_pages::reported).post(import_pages::save_reported),
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
        .route("/static/{file}", get(assets::file))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/openapi.json", get(openapi::document))
        .nest("/api/v1", api::routes())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` resolves. Tests hand in a listener bound to port 0.
pub async fn serve(
    listener: TcpListener,
    store: Store,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(store))
        .with_graceful_shutdown(shutdown)
        .await
}
