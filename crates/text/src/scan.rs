//! 数据识别 — finding the statistics in normalised text: number, magnitude, qualifier, unit,
//! and the skip rules for numbers that are not statistics (dates, years, document numbers,
//! section numbers, plan and slogan names, hotlines, ordinals, labels).

use crate::duration;
use crate::number::{self, Decimal};
use crate::units::UnitTable;

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

/// The numerals of [`numeral_at`], for its pre-check.
const NUMERALS: [char; 17] = [
    '〇', '零', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万',
    '亿',
];

/// The first two UTF-8 bytes of every numeral (all three bytes long, first byte E0..EF): bit
/// `b1 & 0x3F` of entry `b0 & 0x0F` is set when a numeral starts with `b0 b1`.
const NUMERAL_PAIRS: [u64; 16] = {
    let mut table = [0u64; 16];
    let mut i = 0;
    while i < NUMERALS.len() {
        let mut utf8 = [0u8; 4];
        let bytes = NUMERALS[i].encode_utf8(&mut utf8).as_bytes();
        table[(bytes[0] & 0x0F) as usize] |= 1 << (bytes[1] & 0x3F);
        i += 1;
    }
    table
};

/// The UTF-8 bytes of a Chinese numeral at `at` (六, 一百零五, 三万 are made of these):
/// 〇零一二两三四五六七八九十百千万亿. Compared as bytes, so the scan needs no decoding.
fn numeral_at(bytes: &[u8], at: usize) -> bool {
    let Some(&[b0, b1, b2]) = bytes.get(at..at + 3) else {
        return false;
    };
    // Nearly every char is not a numeral: one table look-up of its first two bytes says so
    // without the chain of compares below, whose branches the text's chars left unpredictable
    // (the scan for numbers was the reader's most costly loop).
    if b0 & 0xF0 != 0xE0 || NUMERAL_PAIRS[usize::from(b0 & 0x0F)] >> (b1 & 0x3F) & 1 == 0 {
        return false;
    }
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

/// Finds every statistic-like number of `text` (normalised). `ends_text`: `text` runs to the
/// end of the report (else it is a piece of it, [`crate::pieces`], and more text follows).
pub(crate) fn scan(text: &str, units: &UnitTable, ends_text: bool) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some((start, end)) = next_number(text, from) {
        from = end;
        let before = out.len();
        if text.as_bytes()[start].is_ascii_digit() {
            arabic(text, start, end, units, &mut out);
        } else if let Some(c) = chinese(text, start, end, units) {
            out.push(c);
        }
        if let Some(last) = out.last().filter(|_| out.len() > before) {
            from = last.end.max(from);
            if ends_text && cut_off(text, last) {
                out.pop();
            }
        }
    }
    out
}

/// A number without a unit word that runs to the end of the text: a page opening or a
/// scrape cut it (「取消52」, 「挽回损失1.3万」), so its unit and even its digits may be lost.
fn cut_off(text: &str, c: &Candidate) -> bool {
    c.unit_span.0 == c.unit_span.1 && text[c.end..].trim().is_empty()
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

/// 余/多 after a number (馀 and 餘 are 余 as some conversions and sites write it).
const MORE: [(&str, &str); 4] = [("余", "余"), ("馀", "余"), ("餘", "余"), ("多", "多")];

struct Tail {
    qualifier: &'static str,
    power: u32,
    unit_span: (usize, usize),
    dimension: Dimension,
    end: usize,
}

/// Reads what follows a number (which starts at byte `number_start`): 余/多, 万/亿, unit, 以上.
fn tail(
    text: &str,
    number_start: usize,
    mut at: usize,
    units: &UnitTable,
    allow_magnitude: bool,
) -> Option<Tail> {
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
    for (word, q) in MORE {
        if eat(&mut at, word) {
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
    for (word, q) in MORE {
        if qualifier.is_empty() && eat(&mut at, word) {
            qualifier = q;
        }
    }
    let rest = &text[at..];
    if let Some(unit) = duration::time_unit(rest) {
        let end = at + unit.len();
        if power > 0 || !duration::is_result(text, number_start, unit, end) {
            return None;
        }
        return Some(Tail {
            qualifier,
            power,
            unit_span: (at, end),
            dimension: Dimension::Count,
            end,
        });
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

/// Reads the Arabic number at `start..end` and pushes its statistics (two for a range).
fn arabic(text: &str, start: usize, end: usize, units: &UnitTable, out: &mut Vec<Candidate>) {
    if arabic_excluded(text, start, end) || in_title(text, start) {
        return;
    }
    let Some(dec) = number::parse_arabic(&text[start..end]) else {
        return;
    };
    match prev_char(text, start) {
        Some('第') => return out.extend(rank(text, start, end, dec.scaled(0))),
        Some('届') => return,
        Some('前') if top_of_ranking(text, start, end) => return,
        _ => {}
    }
    if let Some((low, high)) = range(text, start, end, dec, units) {
        out.push(low);
        out.push(high);
        return;
    }
    let Some(t) = tail(text, start, end, units, true) else {
        return;
    };
    let before = qualifier_before(text, start);
    out.push(Candidate {
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
    });
}

/// `3-5个`, `10%-20%`, `缩短3—5个月`: two statistics, the low end (which keeps the range in
/// `value_max`) and the high end, sharing the unit written after the second number.
fn range(
    text: &str,
    start: usize,
    end: usize,
    low: Decimal,
    units: &UnitTable,
) -> Option<(Candidate, Candidate)> {
    let mut at = end;
    if text[at..].starts_with('%') {
        at += 1;
    }
    let low_end = at;
    let sep =
        next_char(text, at).filter(|c| matches!(c, '-' | '~' | '～' | '—' | '–' | '至' | '到'))?;
    at += sep.len_utf8();
    let high_start = at;
    let digits = text[at..]
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    if digits == 0 {
        return None;
    }
    let high = number::parse_arabic(&text[at..at + digits])?;
    let t = tail(text, start, at + digits, units, true)?;
    let high_value = high.scaled(t.power);
    let low = Candidate {
        value: low.scaled(t.power),
        value_max: Some(high_value),
        precision: low.precision(),
        qualifier: t.qualifier,
        dimension: t.dimension,
        unit_span: t.unit_span,
        start,
        end: low_end,
    };
    let high = Candidate {
        value: high_value,
        value_max: None,
        precision: high.precision(),
        start: high_start,
        end: t.end,
        ..low.clone()
    };
    Some((low, high))
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

/// 前N名, 前N位, 前N强 (进入全省前20名): the size of a ranking's top group, not a count of
/// people nor the reporter's rank. 前 ending a word (目前, 此前, 提前) does not count.
fn top_of_ranking(text: &str, start: usize, end: usize) -> bool {
    const WORDS_ENDING_IN_QIAN: [char; 12] = [
        '目', '此', '之', '以', '提', '当', '日', '事', '诉', '空', '从', '年',
    ];
    let before_qian = prev_char(text, start - '前'.len_utf8());
    next_char(text, end).is_some_and(|c| matches!(c, '名' | '位' | '强'))
        && !before_qian.is_some_and(|c| WORDS_ENDING_IN_QIAN.contains(&c))
}

/// Unit words accepted after a Chinese numeral without 余/多 (六所高校, 十二名, 两支队伍).
const CHINESE_COUNT_UNITS: [&str; 12] = [
    "所", "家", "名", "人", "户", "件", "场", "篇", "个", "支", "次", "批次",
];

fn chinese(text: &str, start: usize, end: usize, units: &UnitTable) -> Option<Candidate> {
    let numeral = &text[start..end];
    let value = match numeral {
        // 近万名, 万余人: 万 alone is ten thousand only with a qualifier around it.
        "万" | "亿" => 10f64.powi(if numeral == "万" { 4 } else { 8 }),
        _ => {
            let n = number::parse_chinese(numeral)?;
            if n.digit_form {
                return None;
            }
            n.value as f64
        }
    };
    let before = prev_char(text, start);
    if before == Some('第') {
        return rank(text, start, end, value);
    }
    if before.is_some_and(|c| matches!(c, '届' | '新' | '前' | '这' | '那' | '每' | '各' | '首'))
        || in_slogan(text, start)
        || in_title(text, start)
    {
        return None;
    }
    let first = numeral.chars().next()?;
    if matches!(first, '百' | '千' | '零' | '〇') {
        return None;
    }
    let t = tail(text, start, end, units, false)?;
    let unit = &text[t.unit_span.0..t.unit_span.1];
    let qualifier = if t.qualifier.is_empty() {
        qualifier_before(text, start)
    } else {
        t.qualifier
    };
    let accepted = if matches!(first, '万' | '亿') {
        !qualifier.is_empty()
    } else {
        matches!(t.qualifier, "余" | "多")
            || (value >= 2.0 && CHINESE_COUNT_UNITS.contains(&unit) && !negated(text, t.end))
    };
    if !accepted || t.dimension != Dimension::Count || session(text, start, unit) {
        return None;
    }
    Some(Candidate {
        value,
        value_max: None,
        precision: 0,
        qualifier,
        dimension: t.dimension,
        unit_span: t.unit_span,
        start,
        end: t.end,
    })
}

/// Inside an open quotation (“五个不发生”, “两个维护”): slogans, not counts.
fn in_slogan(text: &str, at: usize) -> bool {
    within(text, at, [*b"\xE2\x80\x9C", *b"\xE3\x80\x8C"], 8) // “ 「 (closed by ” 」)
}

/// Inside an open title (《…督察20条》): part of a document's name.
fn in_title(text: &str, at: usize) -> bool {
    within(text, at, [*b"\xE3\x80\x8A", *b"\xE3\x80\x88"], 40) // 《 〈 (closed by 》 〉)
}

/// Whether one of the opening marks `open` stands at most `max` chars (of up to three bytes)
/// before `at` on its line, with no closing mark after it. Each closing mark is its opening
/// mark's UTF-8 with the last byte plus one (“” 「」 《》 〈〉). The window is read backwards
/// as bytes: the scan stays linear in the text and needs no decoding. A title or a slogan
/// never runs over a line end, so every rule of the scan sees its own line only.
fn within(text: &str, at: usize, open: [[u8; 3]; 2], max: usize) -> bool {
    let bytes = &text.as_bytes()[at.saturating_sub(3 * max)..at];
    let bytes = memchr::memrchr(b'\n', bytes).map_or(bytes, |nl| &bytes[nl + 1..]);
    // Only marks whose lead byte is E2 or E3 matter: memchr jumps between them.
    for i in memchr::memrchr2_iter(0xE2, 0xE3, bytes) {
        let Some(&[b0, b1, b2]) = bytes.get(i..i + 3) else {
            continue;
        };
        for [o0, o1, o2] in open {
            if (b0, b1) == (o0, o1) && b2 == o2 + 1 {
                return false;
            }
            if [b0, b1, b2] == [o0, o1, o2] {
                return true;
            }
        }
    }
    false
}

/// 七届人大四次会议, 十一届三次、四次全会: sessions of a congress, ordinals. A 届 shortly
/// before the count, in the same clause, marks them.
fn session(text: &str, start: usize, unit: &str) -> bool {
    unit == "次"
        && text[..start]
            .chars()
            .rev()
            .take(12)
            .take_while(|&c| !matches!(c, '，' | '。' | '；' | '：' | '\n'))
            .any(|c| c == '届')
}

/// A unit followed by a negation (五个不发生, 三个没有): a slogan's pattern.
fn negated(text: &str, at: usize) -> bool {
    text[at..].starts_with(['不', '没', '无', '零'])
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
