//! 文本规范化 — normalising a scraped report while remembering where every character came from.
//!
//! Steps: drop a prepended metadata table (索引号 | 发布机构 | 文号 …), fold spaces and
//! full-width forms, strip pinyin annotations (`建設(shè)`), drop stray `?` standing for lost
//! characters, fold doubled punctuation (`,,` `,、`), canonicalise punctuation to the Chinese
//! forms, and convert traditional to simplified characters (zhconv plus a legal-terms table).
//! Every character of the result maps back to a char offset in the original text.

use std::ops::Range;
use std::sync::LazyLock;

use crate::origins::Origins;

/// 规范化文本 — the normalised text and its map back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    text: String,
    /// For each char of `text`: its char offset in the original (by runs).
    origin: Origins,
    /// Byte offset → char index of `text`, sampled.
    chars_at: CharIndex,
    original_chars: usize,
    /// Whether traditional characters were converted (else every Han char is the original's).
    converted: bool,
}

impl Normalised {
    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text was converted from traditional characters: when it was not, every Han
    /// character of the text is the original's.
    pub fn converted(&self) -> bool {
        self.converted
    }

    /// Number of chars (code points) of the original text.
    pub fn original_len(&self) -> usize {
        self.original_chars
    }

    /// Char offset in the original of the normalised char at `index`.
    pub fn origin_of_char(&self, index: usize) -> Option<usize> {
        self.origin.get(index)
    }

    /// Char offset in the original of every normalised char, in order: cheaper than
    /// [`Normalised::origin_of_char`] for each.
    pub fn origins(&self) -> impl Iterator<Item = usize> + '_ {
        self.origin.iter().map(|o| o as usize)
    }

    /// Char index in the normalised text of the byte offset `byte` (which must be a char boundary
    /// or the end of the text).
    pub fn char_index(&self, byte: usize) -> usize {
        self.chars_at.chars_before(&self.text, byte)
    }

    /// Maps the normalised byte range `[start, end)` to a char range `[start, end)` of the original.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let cs = self.char_index(start);
        let ce = self.char_index(end);
        if cs >= ce || cs >= self.origin.len() {
            let at = self.origin.get(cs).unwrap_or(self.original_chars);
            return (at, at);
        }
        let first = self.origin.get(cs).unwrap_or(self.original_chars);
        let last = self
            .origin
            .get((ce - 1).min(self.origin.len() - 1))
            .unwrap_or(first);
        (first.min(last), first.max(last) + 1)
    }
}

/// Char counts at every [`CharIndex::STEP`] bytes of a text: byte → char index in constant time
/// with 1/16 of the memory of a per-char table.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CharIndex {
    /// Chars starting before byte `k * STEP`.
    before: Vec<u32>,
}

impl CharIndex {
    const STEP: usize = 64;

    fn new(text: &str) -> CharIndex {
        let mut before = Vec::with_capacity(text.len() / Self::STEP + 1);
        let mut count = 0u32;
        for block in text.as_bytes().chunks(Self::STEP) {
            before.push(count);
            count += block.iter().filter(|&&b| !is_continuation(b)).count() as u32;
        }
        CharIndex { before }
    }

    /// Number of chars that start before byte `byte`.
    fn chars_before(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(text.len());
        let block = byte / Self::STEP;
        let Some(&base) = self.before.get(block) else {
            return text.chars().count();
        };
        let from = block * Self::STEP;
        let tail = text.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count();
        base as usize + tail
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
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
    let (skip_chars, skip_bytes) = metadata_table_end(original);
    let body = &original[skip_bytes..];
    normalise_body(body, skip_chars, !looks_simplified(body))
}

/// Where the body of a text starts, after a prepended metadata table (索引号 | 发布机构 …):
/// its char and byte offset in `head`, the text's beginning. A table longer than `head`
/// ends with it.
pub fn body_start(head: &str) -> (usize, usize) {
    metadata_table_end(head)
}

/// Normalises `body`, whose first char is char `skip_chars` of the original: folded, and
/// converted to simplified characters when `convert`. A piece of a body that starts at a
/// line start ([`crate::pieces`]) normalises as it does within the whole body.
pub(crate) fn normalise_body(body: &str, skip_chars: usize, convert: bool) -> Normalised {
    let mut out = Folded::with_capacity(body.len());
    fold(body, skip_chars as u32, &mut out);
    let original_chars = skip_chars + out.body_chars;
    if convert {
        out = Folded::from_pairs(to_simplified(out.pairs()));
    }
    Normalised {
        chars_at: CharIndex::new(&out.text),
        text: out.text,
        origin: out.origin,
        original_chars,
        converted: convert,
    }
}

/// Text under construction: chars with their origin and byte offset.
struct Folded {
    text: String,
    origin: Origins,
    /// Chars of the input read so far.
    body_chars: usize,
}

impl Folded {
    fn with_capacity(bytes: usize) -> Folded {
        Folded {
            text: String::with_capacity(bytes),
            origin: Origins::default(),
            body_chars: 0,
        }
    }

    fn from_pairs(pairs: Vec<(char, u32)>) -> Folded {
        let mut f = Folded::with_capacity(pairs.len() * 3);
        for (c, o) in pairs {
            f.push(c, o);
        }
        f
    }

    /// Appends `run`, whose `n` chars come from consecutive original chars starting at `origin`.
    fn push_run(&mut self, run: &str, origin: u32, n: u32) {
        if run.is_empty() {
            return;
        }
        self.text.push_str(run);
        self.origin.extend(origin, n);
    }

    fn push(&mut self, c: char, origin: u32) {
        self.origin.push(origin);
        self.text.push(c);
    }

    /// Replaces the last char by `c`, which has the same UTF-8 length.
    fn replace_last(&mut self, c: char, origin: u32) {
        if self.text.pop().is_some() {
            self.text.push(c);
            self.origin.set_last(origin);
        }
    }

    fn pairs(&self) -> Vec<(char, u32)> {
        self.text.chars().zip(self.origin.iter()).collect()
    }
}

/// Char and byte offset where a prepended metadata table ends (0 when there is none). The
/// table is a run of leading lines holding `|` and a field name such as 索引号 or 成文日期.
fn metadata_table_end(text: &str) -> (usize, usize) {
    let (mut chars, mut bytes) = (0, 0);
    for line in text.split_inclusive('\n') {
        let is_table = line.contains('|') && METADATA_FIELDS.iter().any(|f| line.contains(f));
        if !is_table {
            break;
        }
        chars += line.chars().count();
        bytes += line.len();
    }
    (chars, bytes)
}

/// Bytes of text the script is judged on: all of a report, evenly spread samples of a longer
/// text (the judgement counts characters, so a sample gives the same answer at bounded cost).
const SCRIPT_SAMPLE: usize = 64 << 10;
const SCRIPT_SLICES: usize = 16;

/// Whether the text is already simplified (zhconv's judgement on [`script_sample`]).
fn looks_simplified(text: &str) -> bool {
    let bytes = text.as_bytes();
    !is_traditional(script_sample(text.len()).into_iter().map(|r| &bytes[r]))
}

/// The byte ranges of a body of `len` bytes that its script is judged on: all of a report,
/// evenly spread slices of a longer text (the judgement counts characters, so a sample gives
/// the same answer at bounded cost). A reader of a file reads just these.
pub fn script_sample(len: usize) -> Vec<Range<usize>> {
    if len <= SCRIPT_SAMPLE {
        return std::iter::once(0..len).collect();
    }
    let slice = SCRIPT_SAMPLE / SCRIPT_SLICES;
    let step = len / SCRIPT_SLICES;
    (0..SCRIPT_SLICES)
        .map(|k| k * step..(k * step + slice).min(len))
        .collect()
}

/// Whether a text is written in traditional characters (and so is converted), judged by
/// zhconv on the bytes of its [`script_sample`]. A char cut at a slice's edge is not counted.
pub fn is_traditional<'b>(sample: impl IntoIterator<Item = &'b [u8]>) -> bool {
    let mut text = String::with_capacity(SCRIPT_SAMPLE + 64);
    for part in sample {
        text.push_str(&String::from_utf8_lossy(part));
        text.push('\n');
    }
    !zhconv::is_hans(&text)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || matches!(c, '\u{e0}'..='\u{fc}' | '\u{100}'..='\u{1dc}')
}

/// Length (in bytes) of a pinyin annotation `(shè)` opening `rest`, after a Han character.
fn pinyin_len(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices();
    let (_, open) = chars.next()?;
    if open != '(' && open != '（' {
        return None;
    }
    let mut letters = 0;
    for (at, c) in chars {
        if letters < 8 && is_pinyin_letter(c) {
            letters += 1;
            continue;
        }
        return (letters > 0 && (c == ')' || c == '）')).then_some(at + c.len_utf8());
    }
    None
}

/// Sentence punctuation that can be doubled by scraping artefacts.
fn is_clause_punct(c: char) -> bool {
    matches!(c, '，' | '、' | '。' | '；' | '：' | '！' | '？')
}

/// Maps one char to its canonical form; `None` drops it. `prev` is the previous char of the
/// input, `rest` the input after `c`.
fn canonical(c: char, prev: Option<char>, rest: &str) -> Option<char> {
    if c.is_ascii_alphanumeric() || (c > '\u{3000}' && c < '\u{fe00}') {
        return Some(c);
    }
    let next = || rest.chars().next();
    let digit_before = prev.is_some_and(|p| p.is_ascii_digit() || ('０'..='９').contains(&p));
    Some(match c {
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\r' => return None,
        '\u{a0}' | '\u{3000}' | '\t' | '\u{2002}' | '\u{2003}' => ' ',
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '．' | '＋' | '－' | '／' => {
            char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
        }
        '，' | ',' if thousands_separator(prev, rest) => ',',
        ',' | '，' => '，',
        ';' => '；',
        ':' if digit_before => ':',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' if prev.is_some_and(is_han) || next().is_some_and(is_han) => return None,
        '?' => '？',
        _ => c,
    })
}

/// A comma between a digit and exactly three digits (1,530,501).
fn thousands_separator(prev: Option<char>, rest: &str) -> bool {
    let b = rest.as_bytes();
    let digit = |j: usize| b.get(j).is_some_and(u8::is_ascii_digit);
    prev.is_some_and(|p| p.is_ascii_digit()) && digit(0) && digit(1) && digit(2) && !digit(3)
}

/// Whether `c` is kept as it is and never merges with its neighbours: most of a report
/// (Han characters, letters, digits). Runs of such chars are copied in one piece.
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (c > '\u{3002}' && c < '\u{fe00}')
        || (c > '\u{a0}' && c < '\u{2000}')
}

/// Bytes and chars of the run of plain chars that starts `bytes`, read without decoding:
/// ASCII letters and digits, and the three-byte chars led by E4–EE (U+4000–U+EFFF, all
/// plain: most of a report's Han text). Other plain chars are left to the char-wise path.
fn plain_prefix(bytes: &[u8]) -> (usize, u32) {
    let (mut at, mut n) = (0, 0);
    while let Some(&b) = bytes.get(at) {
        if (0xE4..=0xEE).contains(&b) {
            at += 3;
        } else if b.is_ascii_alphanumeric() {
            at += 1;
        } else {
            break;
        }
        n += 1;
    }
    (at.min(bytes.len()), n)
}

/// Folds `body` (whose first char is char `first` of the original) into `out`: pinyin
/// annotations dropped, chars canonicalised, spaces and doubled punctuation collapsed.
fn fold(body: &str, first: u32, out: &mut Folded) {
    let mut prev: Option<char> = None;
    let mut last: Option<char> = None;
    let mut index = first;
    let mut chars = body.chars();
    // Plain chars not yet copied: bytes from `run.0`, chars from origin `run.1`.
    let mut run = (0usize, first);
    loop {
        let mut at = body.len() - chars.as_str().len();
        let (bytes, n) = plain_prefix(&body.as_bytes()[at..]);
        if bytes > 0 {
            at += bytes;
            index += n;
            prev = body[..at].chars().next_back();
            last = prev;
            chars = body[at..].chars();
        }
        let Some(c) = chars.next() else {
            out.push_run(&body[run.0..at], run.1, index - run.1);
            break;
        };
        if is_plain(c) {
            prev = Some(c);
            last = Some(c);
            index += 1;
            continue;
        }
        out.push_run(&body[run.0..at], run.1, index - run.1);
        let origin = index;
        if prev.is_some_and(is_han)
            && let Some(n) = pinyin_len(&body[at..])
        {
            let skipped = &body[at..at + n];
            index += skipped.chars().count() as u32;
            prev = skipped.chars().next_back();
            chars = body[at + n..].chars();
            run = (at + n, index);
            continue;
        }
        index += 1;
        run = (at + c.len_utf8(), index);
        let canon = canonical(c, prev, chars.as_str());
        prev = Some(c);
        let Some(c) = canon else {
            continue;
        };
        if c == ' ' && (last == Some(' ') || space_beside_number(last, chars.as_str())) {
            continue;
        }
        if is_clause_punct(c) && last.is_some_and(is_clause_punct) {
            // `,、` `,。` `,,`: the scraped comma gives way to the real mark.
            if last == Some('，') {
                out.replace_last(c, origin);
                last = Some(c);
            }
            continue;
        }
        out.push(c, origin);
        last = Some(c);
    }
    out.body_chars = (index - first) as usize;
}

/// Whether a space between `last` (the previous output char) and `rest` only separates a
/// number from its words, as many government sites render figures (「办理 1.3 万件」,
/// 「会议 1 次」, 「达 99 %」): a digit on one side and a Han character (or %) on the other.
/// Spaces between two numbers are kept, so two figures never merge into one.
fn space_beside_number(last: Option<char>, rest: &str) -> bool {
    let Some(last) = last else {
        return false;
    };
    let next = rest
        .chars()
        .find(|&c| canonical(c, None, "") != Some(' ') && c != ' ');
    let Some(next) = next else {
        return false;
    };
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let word = |c: char| is_han(c) || matches!(c, '%' | '％' | '‰');
    (digit(last) && word(next)) || (is_han(last) && digit(next))
}

/// Traditional → simplified, keeping the origin map. Only called for text that is not already
/// simplified: zhconv would "convert" correct simplified words (覆盖 → 复盖).
fn to_simplified(chars: Vec<(char, u32)>) -> Vec<(char, u32)> {
    let text: String = chars.iter().map(|c| c.0).collect();
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
