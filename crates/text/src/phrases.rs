//! 短语索引 — the catalog's phrases compiled into one automaton, matched inside a window.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use fazhi_catalog::Catalog;

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
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        if start >= end {
            return Vec::new();
        }
        let hay = &text[start..end];
        let hits: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(hay)
            .map(|m| (m.pattern().as_usize(), m.start() + start, m.end() + start))
            .collect();
        let mut out = Vec::new();
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
        out
    }
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
