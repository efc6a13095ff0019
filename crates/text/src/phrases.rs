//! 短语索引 — the catalog's phrases compiled into one automaton, matched inside a window.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use fazhi_catalog::Catalog;

use crate::layout::Place;

/// One phrase of one indicator: its parts (`A…B` has two), in order.
struct Phrase {
    indicator: usize,
    parts: Vec<usize>,
    chars: usize,
}

/// A phrase found in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhraseHit {
    pub indicator: usize,
    /// Phrase length in chars (all parts).
    pub chars: usize,
    /// Byte range of the whole match.
    pub start: usize,
    pub end: usize,
}

/// All phrases of a catalog.
pub(crate) struct PhraseIndex {
    automaton: Option<AhoCorasick>,
    phrases: Vec<Phrase>,
    /// For each part: the phrases it ends.
    ending: Vec<Vec<usize>>,
}

impl PhraseIndex {
    pub fn new(catalog: &Catalog) -> PhraseIndex {
        let mut parts: Vec<String> = Vec::new();
        let mut phrases = Vec::new();
        for (i, ind) in catalog.indicators().iter().enumerate() {
            for p in &ind.phrases {
                let ids = p
                    .split('…')
                    .filter(|s| !s.is_empty())
                    .map(|s| match parts.iter().position(|x| x == s) {
                        Some(id) => id,
                        None => {
                            parts.push(s.to_string());
                            parts.len() - 1
                        }
                    })
                    .collect::<Vec<_>>();
                let chars = p.chars().filter(|&c| c != '…').count();
                if !ids.is_empty() {
                    phrases.push(Phrase {
                        indicator: i,
                        parts: ids,
                        chars,
                    });
                }
            }
        }
        let mut ending = vec![Vec::new(); parts.len()];
        for (k, p) in phrases.iter().enumerate() {
            if let Some(&last) = p.parts.last() {
                ending[last].push(k);
            }
        }
        PhraseIndex {
            // A DFA: the classifier searches many short windows, where the DFA's faster
            // transitions pay off and its larger size (a few hundred phrases) does not matter.
            automaton: AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&parts)
                .ok(),
            phrases,
            ending,
        }
    }

    /// Every phrase occurring in `text[start..end]`, with byte offsets into `text`.
    pub fn find(&self, text: &str, start: usize, end: usize) -> Vec<PhraseHit> {
        self.compose(&self.parts_in(text, start, end), start)
    }

    /// The phrases of `text[start..end]`, from `span`'s parts when the window lies inside it.
    pub fn find_in(
        &self,
        text: &str,
        span: &SpanParts,
        start: usize,
        end: usize,
    ) -> Vec<PhraseHit> {
        if start >= end {
            return Vec::new();
        }
        if start < span.start || end > span.end {
            return self.find(text, start, end);
        }
        // Parts are sorted by end: those ending in (start, end] form one run.
        let lo = span.parts.partition_point(|p| p.2 <= start);
        let hi = span.parts.partition_point(|p| p.2 <= end);
        self.compose(&span.parts[lo..hi.max(lo)], start)
    }

    /// The phrase parts found in `text[start..end]` (part, start, end), sorted by end.
    fn parts_in(&self, text: &str, start: usize, end: usize) -> Vec<(usize, usize, usize)> {
        let (Some(ac), Some(hay)) = (&self.automaton, text.get(start..end)) else {
            return Vec::new();
        };
        if start >= end {
            return Vec::new();
        }
        let mut hits: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(hay)
            .map(|m| (m.pattern().as_usize(), m.start() + start, m.end() + start))
            .collect();
        // Overlapping matches come in order of their ends already; a stable sort keeps the
        // automaton's order among matches that end together (linear on sorted input).
        hits.sort_by_key(|h| h.2);
        hits
    }

    /// The phrases whose parts all stand in `hits` and start at or after `min_start`.
    fn compose(&self, hits: &[(usize, usize, usize)], min_start: usize) -> Vec<PhraseHit> {
        let mut out = Vec::new();
        for &(part, s, e) in hits {
            if s < min_start {
                continue;
            }
            for &k in &self.ending[part] {
                let phrase = &self.phrases[k];
                if let Some(first) = earlier_parts(hits, &phrase.parts, s, min_start) {
                    out.push(PhraseHit {
                        indicator: phrase.indicator,
                        chars: phrase.chars,
                        start: first,
                        end: e,
                    });
                }
            }
        }
        out
    }

    /// The phrase parts of `text[start..end]`, searched once for many windows.
    pub fn span_parts(&self, text: &str, start: usize, end: usize) -> SpanParts {
        SpanParts {
            start,
            end,
            parts: self.parts_in(text, start, end),
        }
    }
}

/// 句内短语 — the phrase parts found in one span (a sentence), so that the rules' windows
/// and the learned scorer's look-ups inside it need no second search.
#[derive(Debug, Clone, Default)]
pub(crate) struct SpanParts {
    pub start: usize,
    pub end: usize,
    /// (part, start, end), sorted by end.
    parts: Vec<(usize, usize, usize)>,
}

/// Start of the first part when all parts but the last occur in order before `last_start`
/// (and at or after `min_start`).
fn earlier_parts(
    hits: &[(usize, usize, usize)],
    parts: &[usize],
    last_start: usize,
    min_start: usize,
) -> Option<usize> {
    let mut bound = last_start;
    for &part in parts.iter().rev().skip(1) {
        bound = hits
            .iter()
            .filter(|&&(p, s, e)| p == part && e <= bound && s >= min_start)
            .map(|&(_, s, _)| s)
            .max()?;
    }
    Some(bound)
}

/// The phrase parts of every sentence that holds a statistic, searched once and shared by the
/// rules and the learned scorer.
#[derive(Debug, Clone, Default)]
pub(crate) struct SentenceParts {
    spans: Vec<SpanParts>,
    /// For each statistic, the index of its sentence in `spans`.
    of: Vec<usize>,
    empty: SpanParts,
}

impl SentenceParts {
    /// For statistics at `places` (in text order) of `text`.
    pub fn new(index: &PhraseIndex, text: &str, places: &[Place]) -> SentenceParts {
        let mut out = SentenceParts::default();
        for place in places {
            let (s, e) = place.sentence;
            if out.spans.last().is_none_or(|l| (l.start, l.end) != (s, e)) {
                out.spans.push(index.span_parts(text, s, e));
            }
            out.of.push(out.spans.len() - 1);
        }
        out
    }

    /// The parts of the sentence of statistic `i`.
    pub fn of(&self, i: usize) -> &SpanParts {
        self.of
            .get(i)
            .and_then(|&k| self.spans.get(k))
            .unwrap_or(&self.empty)
    }
}
