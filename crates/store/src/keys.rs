//! 编号生成 — the one generator of missing natural keys, used by the form, the JSON API and
//! the import: `<org code>-<year>-<seq>`, `seq` one more than the largest numeric suffix
//! stored under that prefix (never a count, which repeats an existing key once a record of
//! the prefix was deleted). The year is the record's own (its period field), else today in
//! Beijing time (UTC+8, no daylight saving) — never the UTC year, which is still the old one
//! for the first eight hours of 1 January.

use chrono::Datelike;
use fazhi_domain::register::{Record, RegisterDef};

/// Rows of the prefix read per round while looking for the largest numeric suffix.
pub(crate) const SCAN_PAGE: i64 = 64;

/// The prefix of a generated key for `record` of unit `org_code`: `<org>-<year>-`.
pub(crate) fn key_prefix(def: &RegisterDef, org_code: &str, record: &Record) -> String {
    let year = record
        .date(def.period_field)
        .unwrap_or_else(crate::clock::beijing_today)
        .year();
    format!("{org_code}-{year}-")
}

/// The key with sequence number `n` under `prefix` (six digits, more once past 999999).
pub(crate) fn key_with(prefix: &str, n: i64) -> String {
    format!("{prefix}{n:06}")
}

/// The numeric suffix of `key` under `prefix`, if the rest of the key is all ASCII digits.
pub(crate) fn suffix_number(prefix: &str, key: &str) -> Option<i64> {
    let rest = key.strip_prefix(prefix)?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

/// Keys of a region under a prefix, longest first, then in descending text order: among
/// all-digit suffixes of one length text order is numeric order, so the first all-digit one
/// is the largest (suffixes padded beyond six digits with leading zeros are not ours).
/// `$1` region, `$2` the LIKE pattern, `$3` limit, `$4` offset.
pub(crate) fn scan_sql(def: &RegisterDef) -> String {
    format!(
        "SELECT {k} FROM {t} WHERE region_code = $1 AND {k} LIKE $2 \
         ORDER BY LENGTH({k}) DESC, {k} DESC LIMIT $3 OFFSET $4",
        k = def.natural_key,
        t = def.table
    )
}

/// The LIKE pattern of a prefix: `%` and `_` in it are matched literally by the caller's
/// check of each key (`suffix_number`), so over-matching only costs rows read.
pub(crate) fn like_pattern(prefix: &str) -> String {
    format!("{prefix}%")
}

/// The next free sequence number under `$prefix` in `$region`, read on `$conn` inside the
/// caller's transaction (`$sql`: [`scan_sql`]).
macro_rules! next_key_number {
    ($conn:expr, $sql:expr, $region:expr, $prefix:expr) => {{
        let mut offset = 0_i64;
        let mut largest = 0_i64;
        loop {
            let keys: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe($sql.clone()))
                .bind($region)
                .bind($crate::keys::like_pattern($prefix))
                .bind($crate::keys::SCAN_PAGE)
                .bind(offset)
                .fetch_all(&mut *$conn)
                .await?;
            let page = keys.len() as i64;
            if let Some(n) = keys
                .iter()
                .find_map(|k| $crate::keys::suffix_number($prefix, k))
            {
                largest = n;
                break;
            }
            if page < $crate::keys::SCAN_PAGE {
                break;
            }
            offset += page;
        }
        largest.saturating_add(1)
    }};
}
pub(crate) use next_key_number;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_digits_only() {
        assert_eq!(suffix_number("A-2024-", "A-2024-000012"), Some(12));
        assert_eq!(suffix_number("A-2024-", "A-2024-1234567"), Some(1_234_567));
        assert_eq!(suffix_number("A-2024-", "A-2024-12a"), None);
        assert_eq!(suffix_number("A-2024-", "A-2024-"), None);
        assert_eq!(suffix_number("A-2024-", "B-2024-000001"), None);
        assert_eq!(
            suffix_number("A-2024-", "A-2024-99999999999999999999999"),
            None
        );
    }

    #[test]
    fn keys_are_padded_to_six_digits() {
        assert_eq!(key_with("A-2024-", 7), "A-2024-000007");
        assert_eq!(key_with("A-2024-", 1_000_000), "A-2024-1000000");
    }
}
