//! The OpenAPI 3.1 document of the JSON API, generated from the handlers' annotations and the
//! registers' definitions.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "fazhi 法治政府建设管理平台 API", version = "1"),
    paths(
        crate::auth::api_login,
        crate::auth::api_logout,
        crate::api::list_orgs,
        crate::api::get_org,
        crate::api::org_history,
        crate::api::create_org,
        crate::api::change_org,
        crate::api::close_org,
        crate::api::list_users,
        crate::api::create_user,
        crate::account_api::get_user,
        crate::account_api::change_user,
        crate::account_api::reset_password,
        crate::account_api::change_own_password,
        crate::api::list_audit,
        crate::dashboard_pages::api_indicators,
        crate::form_api::list_data_sets,
        crate::form_api::list_forms,
        crate::form_api::get_form,
        crate::form_api::save_form,
        crate::form_api::step_form,
        crate::register_api::list,
        crate::register_api::get,
        crate::register_api::create,
        crate::register_api::update,
        crate::register_api::delete,
    )
)]
pub struct ApiDoc;

/// The document: the annotated handlers, then one path pair and schema per register and the
/// document-wide rules ([`crate::openapi_registers`]).
pub fn document_json() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    crate::openapi_registers::add_registers(&mut doc, fazhi_domain::register::all());
    crate::openapi_registers::apply_rules(&mut doc);
    doc
}

pub async fn document() -> Json<serde_json::Value> {
    Json(document_json())
}
