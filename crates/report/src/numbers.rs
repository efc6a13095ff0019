//! 数字写法 — numbers in the style of the published reports: counts without separators
//! (23033件), rates with up to two decimals (97.73%, 100%), money above 1万元 in 万元 or 亿元
//! (1234.56万元), and on request large counts rounded down to 万 with 余 (1.8万余次).

/// How to print large counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LargeCounts {
    /// 23033.
    #[default]
    Exact,
    /// 2.3万余 for counts of 10,000 and more.
    Approximate,
}

/// Up to `decimals` decimals, trailing zeros removed: 97.730 → 97.73, 100.0 → 100.
pub fn decimal(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" { "0".to_owned() } else { text }
}

/// A count: exact, or rounded down to 0.1万 with 余 when it was rounded.
pub fn count(value: f64, large: LargeCounts) -> String {
    if large == LargeCounts::Approximate && value >= 10_000.0 {
        let tenths = (value / 1_000.0).floor();
        let rounded = tenths * 1_000.0;
        let more = if rounded < value { "余" } else { "" };
        return format!("{}万{more}", decimal(tenths / 10.0, 1));
    }
    decimal(value, 2)
}

/// A sum of money in 元, written before the sentence's own 元: 5000 → 5000, 12345678 →
/// 1234.57万, 230000000 → 2.3亿.
pub fn amount(yuan: f64) -> String {
    if yuan.abs() >= 100_000_000.0 {
        format!("{}亿", decimal(yuan / 100_000_000.0, 2))
    } else if yuan.abs() >= 10_000.0 {
        format!("{}万", decimal(yuan / 10_000.0, 2))
    } else {
        decimal(yuan, 2)
    }
}

/// A rate in %: two decimals at most.
pub fn rate(percent: f64) -> String {
    decimal(percent, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_rates_and_amounts_read_like_the_seeds() {
        assert_eq!(count(23033.0, LargeCounts::Exact), "23033");
        assert_eq!(count(18234.0, LargeCounts::Approximate), "1.8万余");
        assert_eq!(count(18000.0, LargeCounts::Approximate), "1.8万");
        assert_eq!(count(9999.0, LargeCounts::Approximate), "9999");
        assert_eq!(rate(97.7300001), "97.73");
        assert_eq!(rate(100.0), "100");
        assert_eq!(rate(6.4207), "6.42");
        assert_eq!(amount(5000.0), "5000");
        assert_eq!(amount(12_345_678.0), "1234.57万");
        assert_eq!(amount(230_000_000.0), "2.3亿");
        assert_eq!(decimal(-0.001, 2), "0");
    }
}
