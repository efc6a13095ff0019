//! 文本规范化 — normalising a scraped report while remembering where every character came from.
//!
//! Steps: drop a prepended metadata table (索引号 | 发布机构 | 文号 …), fold spaces and
//! full-width forms, strip pinyin annotations (`建設(shè)`), drop stray `?` standing for lost
//! characters, fold doubled punctuation (`,,` `,、`), canonicalise punctuation to the Chinese
//! forms, and convert traditional to simplified characters (zhconv plus a legal-terms table).
//! Every character of the result maps back to a char offset in the original text.

use std::sync::LazyLock;

/// 规范化文本 — the normalised text and its map back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    text: String,
    /// For each char of `text`: its char offset in the original.
    origin: Vec<u32>,
    /// For each char of `text`: its byte offset in `text`.
    byte_of: Vec<u32>,
    original_chars: usize,
}

impl Normalised {
    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of chars (code points) of the original text.
    pub fn original_len(&self) -> usize {
        self.original_chars
    }

    /// Char offset in the original of the normalised char at `index`.
    pub fn origin_of_char(&self, index: usize) -> Option<usize> {
        self.origin.get(index).map(|&o| o as usize)
    }

    /// Char index in the normalised text of the byte offset `byte` (which must be a char boundary
    /// or the end of the text).
    pub fn char_index(&self, byte: usize) -> usize {
        self.byte_of.partition_point(|&b| (b as usize) < byte)
    }

    /// Maps the normalised byte range `[start, end)` to a char range `[start, end)` of the original.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let cs = self.char_index(start);
        let ce = self.char_index(end);
        if cs >= ce || cs >= self.origin.len() {
            let at = self
                .origin
                .get(cs)
                .map_or(self.original_chars, |&o| o as usize);
            return (at, at);
        }
        let first = self.origin[cs] as usize;
        let last = self.origin[(ce - 1).min(self.origin.len() - 1)] as usize;
        (first.min(last), first.max(last) + 1)
    }
}

struct Override {
    wrong: Vec<char>,
    right: Vec<char>,
}

static OVERRIDES: LazyLock<Vec<Override>> = LazyLock::new(|| {
    include_str!("../data/legal_terms.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(w, r)| Override {
            wrong: w.trim().chars().collect(),
            right: r.trim().chars().collect(),
        })
        .filter(|o| !o.wrong.is_empty() && o.wrong.len() == o.right.len())
        .collect()
});

const METADATA_FIELDS: [&str; 8] = [
    "索引号",
    "索 引 号",
    "发布机构",
    "文 号",
    "文号",
    "成文日期",
    "主题分类",
    "公文时效",
];

/// Normalises `original` (see the module documentation).
pub fn normalise(original: &str) -> Normalised {
    let mut chars: Vec<(char, u32)> = Vec::with_capacity(original.len() / 2);
    let skip_until = metadata_table_end(original);
    for (i, c) in original.chars().enumerate() {
        if i >= skip_until {
            chars.push((c, i as u32));
        }
    }
    let original_chars = chars.last().map_or(skip_until, |&(_, i)| i as usize + 1);
    let original_chars = original_chars.max(original.chars().count());
    let folded = fold(&chars);
    let converted = to_simplified(folded);
    let mut text = String::with_capacity(converted.len() * 3);
    let mut origin = Vec::with_capacity(converted.len());
    let mut byte_of = Vec::with_capacity(converted.len());
    for (c, o) in converted {
        byte_of.push(text.len() as u32);
        origin.push(o);
        text.push(c);
    }
    Normalised {
        text,
        origin,
        byte_of,
        original_chars,
    }
}

/// Char offset where a prepended metadata table ends (0 when there is none). The table is a run
/// of leading lines holding `|` and a field name such as 索引号 or 成文日期.
fn metadata_table_end(text: &str) -> usize {
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let len = line.chars().count();
        let is_table = line.contains('|') && METADATA_FIELDS.iter().any(|f| line.contains(f));
        if !is_table {
            break;
        }
        offset += len;
        end = offset;
    }
    end
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || matches!(c, '\u{e0}'..='\u{fc}' | '\u{100}'..='\u{1dc}')
}

/// Length (in chars) of a pinyin annotation `(shè)` starting at `i`, if there is one.
fn pinyin_len(chars: &[(char, u32)], i: usize) -> Option<usize> {
    let open = chars.get(i)?.0;
    if open != '(' && open != '（' {
        return None;
    }
    let prev = i.checked_sub(1).and_then(|p| chars.get(p))?.0;
    if !is_han(prev) {
        return None;
    }
    let mut j = i + 1;
    while j < chars.len() && j - i <= 8 && is_pinyin_letter(chars[j].0) {
        j += 1;
    }
    let close = chars.get(j)?.0;
    (j > i + 1 && (close == ')' || close == '）')).then_some(j + 1 - i)
}

/// Sentence punctuation that can be doubled by scraping artefacts.
fn is_clause_punct(c: char) -> bool {
    matches!(c, '，' | '、' | '。' | '；' | '：' | '！' | '？')
}

/// Maps one char to its canonical form; `None` drops it.
fn canonical(chars: &[(char, u32)], i: usize) -> Option<char> {
    let c = chars[i].0;
    let prev = i.checked_sub(1).map(|p| chars[p].0);
    let next = chars.get(i + 1).map(|n| n.0);
    let digit_before = prev.is_some_and(|p| p.is_ascii_digit() || ('０'..='９').contains(&p));
    Some(match c {
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\r' => return None,
        '\u{a0}' | '\u{3000}' | '\t' | '\u{2002}' | '\u{2003}' => ' ',
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '．' | '＋' | '－' | '／' => {
            char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
        }
        '，' | ',' if thousands_separator(chars, i) => ',',
        ',' | '，' => '，',
        ';' => '；',
        ':' if digit_before => ':',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' if prev.is_some_and(is_han) || next.is_some_and(is_han) => return None,
        '?' => '？',
        _ => c,
    })
}

/// A comma between a digit and exactly three digits (1,530,501).
fn thousands_separator(chars: &[(char, u32)], i: usize) -> bool {
    let digit = |j: usize| chars.get(j).is_some_and(|c| c.0.is_ascii_digit());
    i > 0 && digit(i - 1) && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4)
}

fn fold(chars: &[(char, u32)]) -> Vec<(char, u32)> {
    let mut out: Vec<(char, u32)> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(n) = pinyin_len(chars, i) {
            i += n;
            continue;
        }
        let origin = chars[i].1;
        i += 1;
        let Some(c) = canonical(chars, i - 1) else {
            continue;
        };
        if c == ' ' && out.last().is_some_and(|l| l.0 == ' ') {
            continue;
        }
        if is_clause_punct(c)
            && let Some(last) = out.last_mut()
            && is_clause_punct(last.0)
        {
            // `,、` `,。` `,,`: the scraped comma gives way to the real mark.
            if last.0 == '，' {
                *last = (c, origin);
            }
            continue;
        }
        out.push((c, origin));
    }
    out
}

/// Traditional → simplified, keeping the origin map. Already simplified text is left alone:
/// zhconv would "convert" correct simplified words (覆盖 → 复盖).
fn to_simplified(chars: Vec<(char, u32)>) -> Vec<(char, u32)> {
    let text: String = chars.iter().map(|c| c.0).collect();
    if zhconv::is_hans(&text) {
        return chars;
    }
    let converted = zhconv::zhconv(&text, zhconv::Variant::ZhHans);
    let mut out: Vec<(char, u32)> = if converted.chars().count() == chars.len() {
        converted.chars().zip(chars.iter().map(|c| c.1)).collect()
    } else {
        convert_by_line(&chars)
    };
    apply_overrides(&mut out);
    out
}

fn convert_by_line(chars: &[(char, u32)]) -> Vec<(char, u32)> {
    let mut out = Vec::with_capacity(chars.len());
    for line in chars.split_inclusive(|c| c.0 == '\n') {
        let text: String = line.iter().map(|c| c.0).collect();
        let converted = zhconv::zhconv(&text, zhconv::Variant::ZhHans);
        let n_out = converted.chars().count().max(1);
        for (k, c) in converted.chars().enumerate() {
            let src = (k * line.len() / n_out).min(line.len() - 1);
            out.push((c, line[src].1));
        }
    }
    out
}

fn apply_overrides(chars: &mut [(char, u32)]) {
    for o in OVERRIDES.iter() {
        let n = o.wrong.len();
        let mut i = 0;
        while i + n <= chars.len() {
            if chars[i..i + n]
                .iter()
                .map(|c| c.0)
                .eq(o.wrong.iter().copied())
            {
                for (slot, &r) in chars[i..i + n].iter_mut().zip(&o.right) {
                    slot.0 = r;
                }
                i += n;
            } else {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
#[path = "normalise_tests.rs"]
mod tests;
