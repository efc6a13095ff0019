//! 数据识别 — finding the statistics in normalised text: number, magnitude, qualifier, unit,
//! and the skip rules for numbers that are not statistics (dates, years, document numbers,
//! section numbers, plan and slogan names, hotlines, ordinals, labels).

use crate::number::{self, Decimal};

/// 数据维度 — what a number measures, from its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// A count (件, 人次, 个 …).
    Count,
    /// Money (元).
    Amount,
    /// A percentage (%).
    Rate,
    /// Percentage points (百分点).
    Points,
    /// A rank (第N名, 第N位).
    Rank,
    /// No unit word (粉丝突破108万).
    Plain,
}

/// A number found in the normalised text, before it is given a key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub value: f64,
    pub value_max: Option<f64>,
    /// Digits after the decimal point, as written.
    pub precision: u32,
    pub qualifier: &'static str,
    pub dimension: Dimension,
    /// Byte range of the unit word(s) in the normalised text (empty when there is none).
    pub unit_span: (usize, usize),
    /// Byte range of the number through its unit.
    pub start: usize,
    pub end: usize,
}

/// The UTF-8 bytes of a Chinese numeral at `at` (六, 一百零五, 三万 are made of these):
/// 〇零一二两三四五六七八九十百千万亿. Compared as bytes, so the scan needs no decoding.
fn numeral_at(bytes: &[u8], at: usize) -> bool {
    let Some(&[b0, b1, b2]) = bytes.get(at..at + 3) else {
        return false;
    };
    let key = u32::from(b0) << 16 | u32::from(b1) << 8 | u32::from(b2);
    matches!(
        key,
        0xE38087 // 〇
            | 0xE99BB6 // 零
            | 0xE4B880 // 一
            | 0xE4BA8C // 二
            | 0xE4B8A4 // 两
            | 0xE4B889 // 三
            | 0xE59B9B // 四
            | 0xE4BA94 // 五
            | 0xE585AD // 六
            | 0xE4B883 // 七
            | 0xE585AB // 八
            | 0xE4B99D // 九
            | 0xE58D81 // 十
            | 0xE799BE // 百
            | 0xE58D83 // 千
            | 0xE4B887 // 万
            | 0xE4BABF // 亿
    )
}

/// The next number at or after byte `from` (a char boundary): Arabic (`1,530,501`, `97.73`,
/// greedy as the regex `[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?`) or a run of Chinese numerals.
fn next_number(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii_digit() {
            return Some((at, arabic_end(bytes, at)));
        }
        if numeral_at(bytes, at) {
            let mut end = at + 3;
            while numeral_at(bytes, end) {
                end += 3;
            }
            return Some((at, end));
        }
        // Numerals are three bytes long and start with E3..E9: step over whole chars.
        at += match b {
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
    }
    None
}

fn arabic_end(bytes: &[u8], start: usize) -> usize {
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut end = start + digits(start);
    while bytes.get(end) == Some(&b',') && digits(end + 1) >= 3 {
        end += 4;
    }
    if bytes.get(end) == Some(&b'.') {
        let frac = digits(end + 1);
        if frac > 0 {
            end += 1 + frac;
        }
    }
    end
}

/// Unit words recognised after a number, longest first, with the dimension they give.
pub(crate) struct UnitTable {
    words: Vec<(String, Dimension)>,
}

impl UnitTable {
    pub fn new(units: &fazhi_catalog::Units) -> UnitTable {
        let mut words: Vec<(String, Dimension)> = Vec::new();
        words.extend(units.count.iter().map(|u| (u.clone(), Dimension::Count)));
        words.extend(units.amount.iter().map(|u| (u.clone(), Dimension::Amount)));
        words.extend(units.rate.iter().map(|u| (u.clone(), Dimension::Rate)));
        words.extend(units.points.iter().map(|u| (u.clone(), Dimension::Points)));
        words.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        UnitTable { words }
    }

    fn lookup(&self, rest: &str) -> Option<(&str, Dimension)> {
        let first = *rest.as_bytes().first()?;
        self.words
            .iter()
            .filter(|(w, _)| w.as_bytes().first() == Some(&first))
            .find(|(w, _)| rest.starts_with(w.as_str()) && !unit_is_word_start(w, &rest[w.len()..]))
            .map(|(w, d)| (w.as_str(), *d))
    }
}

/// A unit character that is really the first character of a longer word (处罚, 部门, 人民).
fn unit_is_word_start(unit: &str, after: &str) -> bool {
    let Some(next) = after.chars().next() else {
        return false;
    };
    let blocked: &str = match unit {
        "处" => "罚理置级长室",
        "部" => "门署分位长",
        "期" => "间限末满",
        "项" => "目",
        "名" => "单称义额录",
        "家" => "庭属长乡",
        "所" => "有以属在得长",
        "条" => "例款件线",
        "台" => "账阶风湾",
        "场" => "所地景面馆",
        "次" => "要序",
        "位" => "于置数列居",
        "起" => "草诉来步",
        "人" => "民大员才",
        "户" => "籍口外",
        "宗" => "教旨",
        "本" => "级地市",
        "类" => "型别似",
        "张" => "网",
        "批" => "准复示",
        "个" => "人体性案",
        "元" => "旦素",
        "座" => "谈",
        _ => return false,
    };
    blocked.contains(next)
}

const DURATION_WORDS: [&str; 9] = [
    "个工作日",
    "个月",
    "个小时",
    "工作日",
    "小时",
    "年",
    "天",
    "分钟",
    "周",
];

/// Finds every statistic-like number of `text` (normalised).
pub(crate) fn scan(text: &str, units: &UnitTable) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some((start, end)) = next_number(text, from) {
        from = end;
        let found = if text.as_bytes()[start].is_ascii_digit() {
            arabic(text, start, end, units)
        } else {
            chinese(text, start, end, units)
        };
        if let Some(c) = found {
            from = c.end.max(from);
            out.push(c);
        }
    }
    out
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn next_char(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Qualifier written just before the number (超过, 突破, 近, 约 …).
fn qualifier_before(text: &str, at: usize) -> &'static str {
    let head = &text[..at];
    const BEFORE: [(&str, &str); 9] = [
        ("超过", "超"),
        ("突破", "超"),
        ("逾", "超"),
        ("超", "超"),
        ("将近", "近"),
        ("接近", "近"),
        ("近", "近"),
        ("约", "约"),
        ("大约", "约"),
    ];
    for (word, q) in BEFORE {
        if head.ends_with(word) && !head.ends_with("最近") && !head.ends_with("附近") {
            return q;
        }
    }
    ""
}

/// Context that rules out an Arabic number as a statistic, whatever follows it.
fn arabic_excluded(text: &str, start: usize, end: usize) -> bool {
    let before = prev_char(text, start);
    let after = next_char(text, end);
    let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let joiner = |c: Option<char>| {
        c.is_some_and(|c| matches!(c, '+' | '·' | '•' | '・' | '.' | '/' | '〔' | '['))
    };
    letter(before)
        || letter(after)
        || joiner(before)
        || joiner(after)
        || before == Some('〔')
        || after == Some('〕')
}

struct Tail {
    qualifier: &'static str,
    power: u32,
    unit_span: (usize, usize),
    dimension: Dimension,
    end: usize,
}

/// Reads what follows a number: 余/多, 万/亿, unit, 以上.
fn tail(text: &str, mut at: usize, units: &UnitTable, allow_magnitude: bool) -> Option<Tail> {
    let mut qualifier = "";
    let mut power = 0;
    let eat = |at: &mut usize, w: &str| -> bool {
        if text[*at..].starts_with(w) {
            *at += w.len();
            true
        } else {
            false
        }
    };
    for q in ["余", "多"] {
        if eat(&mut at, q) {
            qualifier = q;
        }
    }
    if allow_magnitude {
        for m in ["万亿", "千万", "百万", "万", "亿", "千"] {
            if text[at..].starts_with(m) && !(m == "千" && text[at + m.len()..].starts_with('米'))
            {
                power = number::magnitude_power(m).unwrap_or(0);
                at += m.len();
                break;
            }
        }
    }
    for q in ["余", "多"] {
        if qualifier.is_empty() && eat(&mut at, q) {
            qualifier = q;
        }
    }
    let rest = &text[at..];
    if DURATION_WORDS.iter().any(|d| rest.starts_with(d)) {
        return None;
    }
    let unit_start = if rest.starts_with("个百分点") {
        at + "个".len()
    } else {
        at
    };
    let (unit_span, dimension) = match units.lookup(&text[unit_start..]) {
        Some((w, d)) => ((unit_start, unit_start + w.len()), d),
        None if power > 0 => ((at, at), Dimension::Plain),
        None => return None,
    };
    let mut end = unit_span.1;
    if text[end..].starts_with("以上") {
        qualifier = "以上";
        end += "以上".len();
    } else if text[end..].starts_with("左右") {
        qualifier = "约";
    }
    Some(Tail {
        qualifier,
        power,
        unit_span,
        dimension,
        end,
    })
}

fn arabic(text: &str, start: usize, end: usize, units: &UnitTable) -> Option<Candidate> {
    if arabic_excluded(text, start, end) {
        return None;
    }
    let dec: Decimal = number::parse_arabic(&text[start..end])?;
    if prev_char(text, start) == Some('第') {
        return rank(text, start, end, dec.scaled(0));
    }
    if prev_char(text, start) == Some('届') {
        return None;
    }
    if let Some(range) = range(text, start, end, dec, units) {
        return Some(range);
    }
    let t = tail(text, end, units, true)?;
    let before = qualifier_before(text, start);
    Some(Candidate {
        value: dec.scaled(t.power),
        value_max: None,
        precision: dec.precision(),
        qualifier: if t.qualifier.is_empty() {
            before
        } else {
            t.qualifier
        },
        dimension: t.dimension,
        unit_span: t.unit_span,
        start,
        end: t.end,
    })
}

/// `3-5个`, `10%-20%`, `3至5家`: one statistic from the first value to the second.
fn range(
    text: &str,
    start: usize,
    end: usize,
    low: Decimal,
    units: &UnitTable,
) -> Option<Candidate> {
    let mut at = end;
    if text[at..].starts_with('%') {
        at += 1;
    }
    let sep =
        next_char(text, at).filter(|c| matches!(c, '-' | '~' | '～' | '—' | '–' | '至' | '到'))?;
    at += sep.len_utf8();
    let digits = text[at..]
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    if digits == 0 {
        return None;
    }
    let high = number::parse_arabic(&text[at..at + digits])?;
    let t = tail(text, at + digits, units, true)?;
    Some(Candidate {
        value: low.scaled(t.power),
        value_max: Some(high.scaled(t.power)),
        precision: low.precision(),
        qualifier: t.qualifier,
        dimension: t.dimension,
        unit_span: t.unit_span,
        start,
        end: t.end,
    })
}

/// 第N名 / 第N位 — a rank; any other 第N (batch, round, session) is not a statistic.
fn rank(text: &str, start: usize, end: usize, value: f64) -> Option<Candidate> {
    let unit = next_char(text, end).filter(|c| matches!(c, '名' | '位'))?;
    if text[end + unit.len_utf8()..].starts_with(['次', '单', '称', '于', '置']) {
        return None;
    }
    Some(Candidate {
        value,
        value_max: None,
        precision: 0,
        qualifier: "",
        dimension: Dimension::Rank,
        unit_span: (end, end + unit.len_utf8()),
        start,
        end: end + unit.len_utf8(),
    })
}

/// Unit words accepted after a Chinese numeral without 余/多 (六所高校, 十二名).
const CHINESE_COUNT_UNITS: [&str; 8] = ["所", "家", "名", "人", "户", "件", "场", "篇"];

fn chinese(text: &str, start: usize, end: usize, units: &UnitTable) -> Option<Candidate> {
    let n = number::parse_chinese(&text[start..end])?;
    if n.digit_form {
        return None;
    }
    let value = n.value as f64;
    let before = prev_char(text, start);
    if before == Some('第') {
        return rank(text, start, end, value);
    }
    if before.is_some_and(|c| matches!(c, '届' | '新' | '前' | '这' | '那' | '每' | '各' | '首'))
    {
        return None;
    }
    let first = text[start..].chars().next()?;
    if matches!(first, '百' | '千' | '万' | '亿' | '两' | '零' | '〇') {
        return None;
    }
    let t = tail(text, end, units, false)?;
    let unit = &text[t.unit_span.0..t.unit_span.1];
    let qualified = matches!(t.qualifier, "余" | "多");
    let accepted = qualified || (value >= 2.0 && CHINESE_COUNT_UNITS.contains(&unit));
    if !accepted || t.dimension != Dimension::Count {
        return None;
    }
    Some(Candidate {
        value,
        value_max: None,
        precision: 0,
        qualifier: if t.qualifier.is_empty() {
            qualifier_before(text, start)
        } else {
            t.qualifier
        },
        dimension: t.dimension,
        unit_span: t.unit_span,
        start,
        end: t.end,
    })
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
