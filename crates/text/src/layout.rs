//! 篇章结构 — sentences, clauses and item segments (一是 …, (一) …, 1. …) of normalised text,
//! the scopes in which a statistic's key is looked for.

/// Whether `c` is a numeral of item headings (一是, (二), 三、).
fn is_item_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Boundary positions (byte offsets, sorted) of a normalised text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// End of each sentence (position just after 。！？； or newline).
    sentences: Vec<usize>,
    /// End of each clause (after ，：、 or a sentence end).
    clauses: Vec<usize>,
    /// Start of each item segment.
    segments: Vec<usize>,
    len: usize,
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '\n')
}

fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | '：')
}

/// Where a position stands: its sentence, clause and item segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    pub sentence: (usize, usize),
    pub sentence_index: usize,
    pub clause: (usize, usize),
    pub segment_start: usize,
    pub segment_index: usize,
}

/// Index of the first boundary after `at`, walking on from `from` when `at` lies ahead
/// (positions come in text order), else by binary search.
fn bound_after(bounds: &[usize], at: usize, from: usize) -> usize {
    let prior = from.checked_sub(1).and_then(|k| bounds.get(k));
    if prior.is_none_or(|&b| b <= at) {
        let mut k = from;
        while bounds.get(k).is_some_and(|&b| b <= at) {
            k += 1;
        }
        k
    } else {
        bounds.partition_point(|&b| b <= at)
    }
}

impl Layout {
    /// Finds the boundaries in one pass over the bytes that can start them: `\n` and the lead
    /// bytes of the full-width marks (E3 for 。、, EF for ，：；！？（), skipping the Han text
    /// between them with memchr.
    pub fn new(text: &str) -> Layout {
        let mut layout = Layout {
            len: text.len(),
            segments: vec![0],
            ..Layout::default()
        };
        let bytes = text.as_bytes();
        for i in memchr::memchr3_iter(b'\n', 0xE3, 0xEF, bytes) {
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                continue;
            };
            let after = i + c.len_utf8();
            if is_sentence_end(c) {
                layout.sentences.push(after);
            }
            if is_clause_end(c) {
                layout.clauses.push(after);
            }
            if let Some(start) = segment_start_at(text, i, c) {
                layout.segments.push(start);
            }
        }
        for i in memchr::memmem::find_iter(bytes, "是".as_bytes()) {
            if let Some(start) = numerals_before(text, i) {
                layout.segments.push(start);
            }
        }
        // `1.` items start after a sentence end or a space.
        for i in memchr::memchr_iter(b'.', bytes) {
            if let Some(start) = numbered_item(text, i) {
                layout.segments.push(start);
            }
        }
        // Three ascending runs (marks, 是, `1.`): the stable sort merges them in linear time.
        layout.segments.sort();
        layout.segments.dedup();
        layout
    }

    /// The places of `positions`, which should be in text order (else each costs a search).
    pub fn places(&self, positions: impl Iterator<Item = usize>) -> Vec<Place> {
        let (mut ks, mut kc, mut kg) = (0, 0, 0);
        let around = |bounds: &[usize], k: usize| {
            let start = if k == 0 { 0 } else { bounds[k - 1] };
            (start, bounds.get(k).copied().unwrap_or(self.len))
        };
        positions
            .map(|at| {
                ks = bound_after(&self.sentences, at, ks);
                kc = bound_after(&self.clauses, at, kc);
                kg = bound_after(&self.segments, at, kg);
                Place {
                    sentence: around(&self.sentences, ks),
                    sentence_index: ks,
                    clause: around(&self.clauses, kc),
                    segment_start: if kg == 0 { 0 } else { self.segments[kg - 1] },
                    segment_index: kg,
                }
            })
            .collect()
    }

    /// Clauses of the sentence before the clause starting at `clause_start`, nearest first.
    pub fn previous_clauses(
        &self,
        sentence_start: usize,
        clause_start: usize,
    ) -> Vec<(usize, usize)> {
        let lo = self.clauses.partition_point(|&b| b <= sentence_start);
        let hi = self.clauses.partition_point(|&b| b < clause_start);
        let mut edges = vec![sentence_start];
        edges.extend_from_slice(&self.clauses[lo..hi.max(lo)]);
        edges.push(clause_start);
        edges
            .windows(2)
            .rev()
            .filter(|w| w[0] < w[1])
            .map(|w| (w[0], w[1]))
            .collect()
    }
}

/// The start of an item segment marked by the char `c` at byte `i`: a new line, `（一）`, or
/// the numerals before `一、` (一是 is found by its own search).
fn segment_start_at(text: &str, i: usize, c: char) -> Option<usize> {
    match c {
        '\n' => Some(i),
        '（' => {
            let rest = &text[i + c.len_utf8()..];
            let digits = rest.len() - rest.trim_start_matches(is_item_numeral).len();
            (digits > 0 && rest[digits..].starts_with('）')).then_some(i)
        }
        '、' => numerals_before(text, i),
        _ => None,
    }
}

/// Start of the run of item numerals ending at byte `end`, if there is one.
fn numerals_before(text: &str, end: usize) -> Option<usize> {
    let head = &text[..end];
    let start = head.trim_end_matches(is_item_numeral).len();
    (start < end).then_some(start)
}

/// `1.` after the text start, 。, ； or whitespace, followed by a non-digit: the segment
/// starts at that mark. `dot` is the byte offset of the `.`.
fn numbered_item(text: &str, dot: usize) -> Option<usize> {
    let head = &text[..dot];
    let digits_start = head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits_start == dot {
        return None;
    }
    let after = text[dot + 1..].chars().next()?;
    if after.is_ascii_digit() {
        return None;
    }
    match head[..digits_start].chars().next_back() {
        None => Some(0),
        Some(p) if p == '。' || p == '；' || p.is_whitespace() => {
            Some(digits_start - p.len_utf8())
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_start_at_item_marks() {
        let text = "前言。一是受理5件；二是办结3件。（三）其他，四、再说\n5.末项。2.5%不算";
        let layout = Layout::new(text);
        let at = |s: &str| text.find(s).unwrap_or(usize::MAX);
        let want = vec![
            0,
            at("一是"),
            at("二是"),
            at("（三）"),
            at("四、"),
            at("\n"),
        ];
        assert_eq!(layout.segments, want);
        let places = layout.places([at("5件"), at("3件"), at("5件")].into_iter());
        assert_eq!(places[0].segment_start, at("一是"));
        assert_eq!(places[1].sentence_index, 2);
        assert_eq!(places[2], places[0]);
    }
}
