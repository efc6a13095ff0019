//! Parsing the forms in which clerks type dates, amounts and yes/no — shared by web forms,
//! the API and Excel/CSV import.

use chrono::NaiveDate;

/// Dates as clerks type them: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, and
/// Excel serial numbers (days since 1899-12-30) between 1 and 100000.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let expected = "应为日期,如 2024-03-05、2024/3/5 或 2024年3月5日";
    if let Ok(serial) = text.parse::<u32>()
        && (1..100_000).contains(&serial)
    {
        return NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|base| base.checked_add_days(chrono::Days::new(u64::from(serial))))
            .ok_or_else(|| expected.to_owned());
    }
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(text, "%Y%m%d")
            .map_err(|_| format!("不是有效日期,{expected}"));
    }
    let unified: String = text
        .trim_end_matches('日')
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            other => other,
        })
        .collect();
    let parts: Vec<&str> = unified.split('-').collect();
    if let [y, m, d] = parts.as_slice()
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
        && (1900..=2100).contains(&y)
    {
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("不是有效日期,{expected}"));
    }
    Err(expected.to_owned())
}

/// Amounts in 元 as written: 1234.5, 1,234.50, 1234.5元, 1.2万元, 1.2万 → exact 分.
pub fn parse_amount_fen(text: &str) -> Result<i64, String> {
    let expected = "应为不小于0的金额(元),最多两位小数,如 1234.50、1.2万元";
    let mut t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '\u{FF0C}' | ' ' | '\u{3000}'))
        .collect();
    if let Some(rest) = t.strip_suffix('元') {
        t = rest.to_owned();
    }
    let (number, scale_fen) = match t.strip_suffix('万') {
        Some(rest) => (rest.to_owned(), 1_000_000_i64),
        None => (t, 100_i64),
    };
    let (int_part, frac_part) = number.split_once('.').unwrap_or((number.as_str(), ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() || !all_digits(int_part) || !all_digits(frac_part) {
        return Err(expected.into());
    }
    let frac_digits_allowed = if scale_fen == 100 { 2 } else { 6 };
    if frac_part.len() > frac_digits_allowed {
        return Err(format!("小数位过多,{expected}"));
    }
    let int: i64 = int_part
        .parse()
        .map_err(|_| format!("金额过大,{expected}"))?;
    let frac_scaled: i64 = if frac_part.is_empty() {
        0
    } else {
        let padded = format!("{frac_part:0<width$}", width = frac_digits_allowed);
        padded.parse().map_err(|_| expected.to_owned())?
    };
    int.checked_mul(scale_fen)
        .and_then(|v| v.checked_add(frac_scaled))
        .ok_or_else(|| format!("金额过大,{expected}"))
}

/// 是/否, and the usual variants.
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim() {
        "是" | "有" | "Y" | "y" | "yes" | "true" | "1" | "√" => Ok(true),
        "否" | "无" | "N" | "n" | "no" | "false" | "0" | "×" => Ok(false),
        _ => Err("应为「是」或「否」".into()),
    }
}

/// 文号括号 — what a search text may mean: itself and, when it holds brackets other than
/// 〔〕, the same with 〔〕 — a clerk types 钟市监许[2024]101号 or (2024) for the 〔2024〕 of a
/// document number (GB/T 9704-2012 7.2.4 writes the year in 〔〕), while a party name keeps its
/// own （） (「某某（贵州）有限公司」), so the text as typed is searched too.
pub fn bracket_variants(q: &str) -> Vec<String> {
    let bracketed: String = q
        .chars()
        .map(|c| match c {
            '[' | '(' | '（' | '［' | '【' => '〔',
            ']' | ')' | '）' | '］' | '】' => '〕',
            other => other,
        })
        .collect();
    if bracketed == q {
        vec![q.to_owned()]
    } else {
        vec![q.to_owned(), bracketed]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_clerks_forms() {
        for text in [
            "2024-03-05",
            "2024/3/5",
            "2024.3.5",
            "2024年3月5日",
            "20240305",
            "45356",
        ] {
            assert_eq!(parse_date(text), Ok(d(2024, 3, 5)), "{text}");
        }
        for bad in ["2024-02-30", "明天", "2024-13-01", "3/5/2024"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts_are_exact() {
        assert_eq!(parse_amount_fen("1234.5"), Ok(123_450));
        assert_eq!(parse_amount_fen("1,234.50元"), Ok(123_450));
        assert_eq!(parse_amount_fen("1.2万元"), Ok(1_200_000));
        assert_eq!(parse_amount_fen("0.01"), Ok(1));
        assert_eq!(parse_amount_fen("3万"), Ok(3_000_000));
        for bad in ["-5", "1.234", "abc", "", "1e5", "99999999999999999999"] {
            assert!(parse_amount_fen(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn yes_no() {
        assert_eq!(parse_bool("是"), Ok(true));
        assert_eq!(parse_bool("否"), Ok(false));
        assert!(parse_bool("也许").is_err());
    }
}
