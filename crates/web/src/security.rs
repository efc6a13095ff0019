//! 安全响应头与连接信息 — the headers every response carries, where a request came from (for
//! login throttling), and how cookies are set (with `Secure` whenever the site is served over
//! TLS, directly or behind a TLS-terminating proxy).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// No script from anywhere but this server (there is none today), no inline script or style,
/// no framing, forms only to this server.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// How the server is deployed: how it is reached (which decides cookie flags and HSTS) and
/// where it keeps temporary files.
#[derive(Debug, Clone, Default)]
pub struct ServerSettings {
    /// Served over TLS, by this process or by a reverse proxy in front of it.
    pub tls: bool,
    /// A reverse proxy whose `X-Forwarded-For` names the real client.
    pub trusted_proxy: Option<IpAddr>,
    /// Where uploads and generated files wait (default: the system's temp folder). Each file
    /// lives in a folder of its own that only the server's user can read.
    pub temp_dir: Option<std::path::PathBuf>,
    /// 公示平台 requests a client address may make a minute.
    pub portal_rate: crate::PortalRate,
}

impl ServerSettings {
    pub fn temp_dir(&self) -> std::path::PathBuf {
        self.temp_dir.clone().unwrap_or_else(std::env::temp_dir)
    }
}

/// Adds the security headers to every response (a handler may set a stricter CSP itself).
pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_static = request.uri().path().starts_with("/static/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "same-origin");
    if !is_static {
        // Signed-in pages hold personal data: never kept by the browser or a proxy.
        set(header::CACHE_CONTROL, "no-store");
    }
    if state.settings.tls {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    response
}

/// The client's address: the peer, or the last `X-Forwarded-For` hop when the peer is the
/// configured reverse proxy. `"unknown"` when the server was not started with connection
/// info (a router driven in-process).
pub fn client_address(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    let Some(peer) = peer else {
        return "unknown".into();
    };
    if state.settings.trusted_proxy == Some(peer.ip())
        && let Some(forwarded) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    {
        return forwarded.to_string();
    }
    peer.ip().to_string()
}

/// The peer address of a request, when the server records it.
pub fn peer(extensions: &axum::http::Extensions) -> Option<SocketAddr> {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| *addr)
}

/// A cookie for the whole site: HttpOnly, SameSite=Strict, and Secure over TLS.
pub fn cookie_header(state: &AppState, name: &str, value: &str, max_age_secs: i64) -> HeaderValue {
    let secure = if state.settings.tls { "; Secure" } else { "" };
    let text = format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}"
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The client address of a request, as [`client_address`] decides it.
pub struct ClientAddr(pub String);

impl axum::extract::FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(client_address(
            state,
            &parts.headers,
            peer(&parts.extensions),
        )))
    }
}
