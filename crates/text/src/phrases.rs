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

    /// Every phrase occurring in `text[start..end]`, with byte offsets into `text`, in the
    /// order of their ends.
    pub fn find(&self, text: &str, start: usize, end: usize) -> Vec<PhraseHit> {
        let (Some(ac), Some(hay)) = (&self.automaton, text.get(start..end)) else {
            return Vec::new();
        };
        if start >= end {
            return Vec::new();
        }
        let hits: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(hay)
            .map(|m| (m.pattern().as_usize(), m.start() + start, m.end() + start))
            .collect();
        let mut out = Vec::with_capacity(hits.len());
        for &(part, s, e) in &hits {
            for &k in &self.ending[part] {
                let phrase = &self.phrases[k];
                if let Some(first) = earlier_parts(&hits, &phrase.parts, s) {
                    out.push(PhraseHit {
                        indicator: phrase.indicator,
                        chars: phrase.chars,
                        start: first,
                        end: e,
                    });
                }
            }
        }
        // Overlapping matches come in the order of their ends already; a stable sort keeps
        // the automaton's order among those that end together (linear on sorted input).
        out.sort_by_key(|h| h.end);
        out
    }

    /// The phrases of `text[start..end]`, from `span` when the window lies inside it: a
    /// phrase of the span whose first part starts in the window and whose last part ends in
    /// it is exactly a phrase of the window (its first part is the latest one before the last).
    pub fn find_in(
        &self,
        text: &str,
        span: &SpanPhrases,
        start: usize,
        end: usize,
    ) -> Vec<PhraseHit> {
        if start >= end {
            return Vec::new();
        }
        if start < span.start || end > span.end {
            return self.find(text, start, end);
        }
        let lo = span.hits.partition_point(|h| h.end <= start);
        let hi = span.hits.partition_point(|h| h.end <= end);
        span.hits[lo..hi.max(lo)]
            .iter()
            .filter(|h| h.start >= start)
            .copied()
            .collect()
    }
}

/// 句内短语 — the phrases found in one span (a sentence), so that the rules' windows and the
/// learned scorer's look-ups inside it need no second search.
#[derive(Debug, Clone, Default)]
pub(crate) struct SpanPhrases {
    pub start: usize,
    pub end: usize,
    /// Sorted by end.
    pub hits: Vec<PhraseHit>,
}

/// Start of the first part when all parts but the last occur in order before `last_start`.
fn earlier_parts(
    hits: &[(usize, usize, usize)],
    parts: &[usize],
    last_start: usize,
) -> Option<usize> {
    let mut bound = last_start;
    for &part in parts.iter().rev().skip(1) {
        bound = hits
            .iter()
            .filter(|&&(p, _, e)| p == part && e <= bound)
            .map(|&(_, s, _)| s)
            .max()?;
    }
    Some(bound)
}

/// The phrases of every sentence that holds a statistic, searched once and shared by the
/// rules and the learned scorer.
#[derive(Debug, Clone, Default)]
pub(crate) struct SentencePhrases {
    spans: Vec<SpanPhrases>,
    /// For each statistic, the index of its sentence in `spans`.
    of: Vec<usize>,
    empty: SpanPhrases,
}

impl SentencePhrases {
    /// For statistics at `places` (in text order) of `text`.
    pub fn new(index: &PhraseIndex, text: &str, places: &[Place]) -> SentencePhrases {
        let mut out = SentencePhrases::default();
        for place in places {
            let (s, e) = place.sentence;
            if out.spans.last().is_none_or(|l| (l.start, l.end) != (s, e)) {
                out.spans.push(SpanPhrases {
                    start: s,
                    end: e,
                    hits: index.find(text, s, e),
                });
            }
            out.of.push(out.spans.len() - 1);
        }
        out
    }

    /// The phrases of the sentence of statistic `i`.
    pub fn of(&self, i: usize) -> &SpanPhrases {
        self.of
            .get(i)
            .and_then(|&k| self.spans.get(k))
            .unwrap_or(&self.empty)
    }
}
