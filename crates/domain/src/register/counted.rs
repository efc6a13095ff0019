//! 目录计数口径 — the codes of an enum field that a catalog indicator counts (its
//! `[indicator.compute] where` list). A register's derived facts (是否纠错, 是否败诉) read them
//! here, so the record page and the indicator cannot disagree: the catalog is the one list.

/// The codes of `field` that indicator `key` of the embedded catalog counts; empty when the
/// catalog does not compute it that way (the registers' tests rule that out).
pub(crate) fn counted_by(key: &str, field: &str) -> &'static [String] {
    fazhi_catalog::Catalog::embedded()
        .map(|catalog| catalog.counted_codes(key, field))
        .unwrap_or(&[])
}

/// Whether `code` of `field` is counted by indicator `key`.
pub(crate) fn is_counted(key: &str, field: &str, code: &str) -> bool {
    counted_by(key, field).iter().any(|c| c == code)
}
