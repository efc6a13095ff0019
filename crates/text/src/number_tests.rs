use super::*;

fn arabic(s: &str, power: u32) -> f64 {
    parse_arabic(s).expect("parses").scaled(power)
}

#[test]
fn arabic_numbers_and_magnitudes() {
    assert_eq!(arabic("1530501", 0), 1_530_501.0);
    assert_eq!(arabic("1,530,501", 0), 1_530_501.0);
    assert_eq!(arabic("97.73", 0), 97.73);
    assert_eq!(arabic("1.8", 4), 18_000.0);
    assert_eq!(arabic("7.62", 8), 762_000_000.0);
    assert_eq!(arabic("65.22", 8), 6_522_000_000.0);
    assert_eq!(arabic("1.77", 8), 177_000_000.0);
    assert_eq!(arabic("4.06", 4), 40_600.0);
    assert_eq!(parse_arabic("97.73").map(Decimal::precision), Some(2));
    assert_eq!(parse_arabic("1.2.3"), None);
    assert_eq!(parse_arabic(""), None);
    assert_eq!(magnitude_power("萬"), Some(4));
}

fn chinese(s: &str) -> Option<u64> {
    parse_chinese(s).filter(|n| !n.digit_form).map(|n| n.value)
}

#[test]
fn chinese_numerals() {
    assert_eq!(chinese("六"), Some(6));
    assert_eq!(chinese("十"), Some(10));
    assert_eq!(chinese("十二"), Some(12));
    assert_eq!(chinese("六十"), Some(60));
    assert_eq!(chinese("二十五"), Some(25));
    assert_eq!(chinese("一百零五"), Some(105));
    assert_eq!(chinese("一千二百三十四"), Some(1234));
    assert_eq!(chinese("三万零五百"), Some(30_500));
    assert_eq!(chinese("两"), Some(2));
    assert_eq!(chinese("十四五"), None);
    assert_eq!(chinese("八五"), None);
    assert_eq!(chinese("百"), None);
    assert_eq!(chinese("万"), None);
}

#[test]
fn digit_form_is_a_year_not_a_count() {
    let n = parse_chinese("二〇二四").expect("parses");
    assert!(n.digit_form);
    assert_eq!(n.value, 2024);
}
