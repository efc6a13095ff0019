//! 模板过滤器 — the filters page templates use (askama finds them as `filters::…` in the
//! module of the page's struct, which imports this one).

/// `{{ total|thousands }}` — a count or amount with thousands separators (`26,077`): the one
/// way numbers are written for reading ([`fazhi_domain::numbers::thousands`]).
#[askama::filter_fn]
pub fn thousands(value: impl std::fmt::Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(fazhi_domain::numbers::thousands(&value.to_string()))
}

/// `{{ stored_at|beijing }}` — a stored instant in Beijing time to the minute
/// ([`crate::home::beijing_time`]).
#[askama::filter_fn]
pub fn beijing(value: impl std::fmt::Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(crate::home::beijing_time(&value.to_string()))
}
