//! 数字的写法 — how amounts and counts are written for reading: digits grouped by thousands
//! (`1,234,567.50`). Only what people read gets the separators; form inputs, exports and the
//! API keep the plain digits that parse back.

/// Groups the whole part of a plain decimal number by thousands: `-1234567.50` →
/// `-1,234,567.50`, `999` → `999`. Text that is not such a number (empty, already grouped,
/// words) is returned unchanged.
pub fn thousands(text: &str) -> String {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + whole.len() / 3);
    out.push_str(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// A count as read: `26077` → `26,077` (any integer type).
pub fn count(n: impl std::fmt::Display) -> String {
    thousands(&n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_the_whole_part_only() {
        assert_eq!(thousands("1234567.50"), "1,234,567.50");
        assert_eq!(thousands("-1234.5678"), "-1,234.5678");
        assert_eq!(thousands("100000"), "100,000");
        assert_eq!(thousands("999"), "999");
        assert_eq!(thousands("1000"), "1,000");
        assert_eq!(thousands("0.50"), "0.50");
        assert_eq!(count(26077), "26,077");
        assert_eq!(count(-1_530_501), "-1,530,501");
        assert_eq!(count(0), "0");
    }

    #[test]
    fn leaves_other_text_alone() {
        for text in [
            "",
            "-",
            "1,234",
            "12a4",
            "2024-03-05",
            "1.2.3",
            "1.",
            ".5",
            "六百",
        ] {
            assert_eq!(thousands(text), text);
        }
    }
}
