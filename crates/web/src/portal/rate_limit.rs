//! 访问频率限制 — each client address may make [`PortalRate::per_minute`] portal requests in a
//! minute (a fixed window); beyond it, a Chinese 429 page with `Retry-After`. The counters live
//! in memory and are dropped when the minute turns.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::PortalError;
use crate::AppState;

/// How many portal requests a client address may make a minute (0: no limit).
#[derive(Debug, Clone)]
pub struct PortalRate {
    pub per_minute: u32,
    counts: Arc<Mutex<Window>>,
}

#[derive(Debug, Default)]
struct Window {
    minute: u64,
    counts: HashMap<String, u32>,
}

impl PortalRate {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            counts: Arc::default(),
        }
    }

    /// Counts a request of `client`; `Some(seconds to wait)` when it is over the limit.
    fn admit(&self, client: &str, now_secs: u64) -> Option<u64> {
        if self.per_minute == 0 {
            return None;
        }
        let Ok(mut window) = self.counts.lock() else {
            return None;
        };
        let minute = now_secs / 60;
        if window.minute != minute {
            window.minute = minute;
            window.counts.clear();
        }
        let count = window.counts.entry(client.to_owned()).or_insert(0);
        *count = count.saturating_add(1);
        (*count > self.per_minute).then(|| 60 - now_secs % 60)
    }
}

/// 300 a minute: five pages a second, far above a person's reading.
impl Default for PortalRate {
    fn default() -> Self {
        Self::new(300)
    }
}

pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let client = crate::security::client_address(
        &state,
        request.headers(),
        crate::security::peer(request.extensions()),
    );
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let Some(wait) = state.settings.portal_rate.admit(&client, now) else {
        return next.run(request).await;
    };
    let mut response = PortalError {
        status: StatusCode::TOO_MANY_REQUESTS,
        message: format!("您的访问过于频繁,请在 {wait} 秒后再试。"),
    }
    .into_response();
    if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_per_address_and_resets_each_minute() {
        let rate = PortalRate::new(2);
        assert_eq!(rate.admit("a", 120), None);
        assert_eq!(rate.admit("a", 121), None);
        assert_eq!(rate.admit("a", 130), Some(50));
        assert_eq!(
            rate.admit("b", 130),
            None,
            "another address has its own count"
        );
        assert_eq!(rate.admit("a", 180), None, "a new minute");
        assert_eq!(PortalRate::new(0).admit("a", 1), None);
    }
}
