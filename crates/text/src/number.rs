//! 数字解析 — Arabic and Chinese numerals and the magnitudes 万 and 亿.

/// A decimal number as written: `mantissa / 10^decimals`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    pub mantissa: u128,
    pub decimals: u32,
}

impl Decimal {
    /// The value multiplied by `10^power` (万 = 4, 亿 = 8), computed without binary rounding
    /// noise: 1.8万 is exactly 18000, 7.62亿 exactly 762000000.
    pub fn scaled(self, power: u32) -> f64 {
        if power >= self.decimals {
            let factor = 10u128.checked_pow(power - self.decimals);
            match factor.and_then(|f| self.mantissa.checked_mul(f)) {
                Some(v) => v as f64,
                None => self.mantissa as f64 * 10f64.powi((power - self.decimals) as i32),
            }
        } else {
            self.mantissa as f64 / 10f64.powi((self.decimals - power) as i32)
        }
    }

    /// Number of digits after the decimal point, as written.
    pub fn precision(self) -> u32 {
        self.decimals
    }
}

/// Parses `1530501`, `1,530,501`, `97.73`. Returns `None` for anything else.
pub fn parse_arabic(s: &str) -> Option<Decimal> {
    let mut mantissa: u128 = 0;
    let mut decimals = 0u32;
    let mut seen_point = false;
    let mut digits = 0;
    for c in s.chars() {
        match c {
            '0'..='9' => {
                mantissa = mantissa
                    .checked_mul(10)?
                    .checked_add(u128::from(c as u8 - b'0'))?;
                digits += 1;
                if seen_point {
                    decimals += 1;
                }
            }
            ',' if !seen_point => {}
            '.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    (digits > 0 && digits <= 30).then_some(Decimal { mantissa, decimals })
}

/// Power of ten of a magnitude word: 万 → 4, 亿 → 8, 千 → 3, 百万 → 6, 千万 → 7.
pub fn magnitude_power(word: &str) -> Option<u32> {
    Some(match word {
        "万" | "萬" => 4,
        "亿" | "億" => 8,
        "千" => 3,
        "百万" => 6,
        "千万" => 7,
        "万亿" => 12,
        _ => return None,
    })
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' | '兩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A parsed Chinese numeral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChineseNumber {
    pub value: u64,
    /// Written digit by digit (二〇二四): a year or a code, never a count.
    pub digit_form: bool,
}

/// Parses 六, 十二, 六十, 一百零五, 三万零五百, 二〇二四. Malformed runs (十四五, 八五) give `None`.
pub fn parse_chinese(s: &str) -> Option<ChineseNumber> {
    if s.is_empty() {
        return None;
    }
    let all_digits = s.chars().all(|c| digit(c).is_some());
    if all_digits && s.chars().count() >= 2 {
        let has_zero_digit = s.contains('〇');
        let value = s
            .chars()
            .try_fold(0u64, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?))?;
        return has_zero_digit.then_some(ChineseNumber {
            value,
            digit_form: true,
        });
    }
    parse_big(s).map(|value| ChineseNumber {
        value,
        digit_form: false,
    })
}

fn parse_big(s: &str) -> Option<u64> {
    for (mark, factor) in [
        ('亿', 100_000_000u64),
        ('億', 100_000_000),
        ('万', 10_000),
        ('萬', 10_000),
    ] {
        if let Some(pos) = s.rfind(mark) {
            let (left, right) = (&s[..pos], &s[pos + mark.len_utf8()..]);
            let high = parse_big(left)?;
            let low = if right.is_empty() {
                0
            } else {
                parse_big(right)?
            };
            if high == 0 || low >= factor {
                return None;
            }
            return high.checked_mul(factor)?.checked_add(low);
        }
    }
    parse_small(s)
}

/// Up to 9999: digits separated by decreasing units 千 百 十, with 零 for gaps.
fn parse_small(s: &str) -> Option<u64> {
    let mut total = 0u64;
    let mut pending: Option<u64> = None;
    let mut last_unit = u64::MAX;
    let mut zero = false;
    let mut first = true;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            if d == 0 {
                if pending.is_some() {
                    return None;
                }
                zero = true;
            } else {
                if pending.is_some() {
                    return None;
                }
                pending = Some(d);
            }
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                _ => return None,
            };
            if unit >= last_unit {
                return None;
            }
            let n = match pending.take() {
                Some(n) => n,
                None if c == '十' && (first || zero) => 1,
                None => return None,
            };
            total += n * unit;
            last_unit = unit;
            zero = false;
        }
        first = false;
    }
    if let Some(n) = pending {
        // A trailing digit must follow a unit or a 零 (二十五, 一百零五), or stand alone (六).
        if total > 0 && !zero && last_unit != 10 {
            return None;
        }
        total += n;
    }
    (total > 0 || s.chars().all(|c| c == '零' || c == '〇')).then_some(total)
}

#[cfg(test)]
#[path = "number_tests.rs"]
mod tests;
