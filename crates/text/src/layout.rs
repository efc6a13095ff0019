//! 篇章结构 — sentences, clauses and item segments (一是 …, (一) …, 1. …) of normalised text,
//! the scopes in which a statistic's key is looked for.

use std::sync::LazyLock;

use regex::Regex;

static SEGMENT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\n|[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|(?:^|[。；\s])[0-9]+\.[^0-9]")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

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

impl Layout {
    pub fn new(text: &str) -> Layout {
        let mut layout = Layout {
            len: text.len(),
            ..Layout::default()
        };
        for (i, c) in text.char_indices() {
            let after = i + c.len_utf8();
            if is_sentence_end(c) {
                layout.sentences.push(after);
            }
            if is_clause_end(c) {
                layout.clauses.push(after);
            }
        }
        layout.segments.push(0);
        layout
            .segments
            .extend(SEGMENT_START.find_iter(text).map(|m| m.start()));
        layout
    }

    fn span(bounds: &[usize], at: usize, len: usize) -> (usize, usize) {
        let k = bounds.partition_point(|&b| b <= at);
        let start = if k == 0 { 0 } else { bounds[k - 1] };
        let end = bounds.get(k).copied().unwrap_or(len);
        (start, end)
    }

    /// The sentence around byte `at`.
    pub fn sentence(&self, at: usize) -> (usize, usize) {
        Self::span(&self.sentences, at, self.len)
    }

    /// Index of the sentence around `at`.
    pub fn sentence_index(&self, at: usize) -> usize {
        self.sentences.partition_point(|&b| b <= at)
    }

    /// The clause around byte `at`.
    pub fn clause(&self, at: usize) -> (usize, usize) {
        Self::span(&self.clauses, at, self.len)
    }

    /// Start of the item segment containing `at`.
    pub fn segment_start(&self, at: usize) -> usize {
        let k = self.segments.partition_point(|&b| b <= at);
        if k == 0 { 0 } else { self.segments[k - 1] }
    }

    /// Index of the item segment containing `at`.
    pub fn segment_index(&self, at: usize) -> usize {
        self.segments.partition_point(|&b| b <= at)
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
