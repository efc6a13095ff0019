//! 指标归类 — giving each statistic its catalog key, from the catalog's phrases found in the
//! statistic's own words, its clause, the words after it and the earlier clauses of its
//! sentence; with the genre's conventions for 同比 changes, comparisons with the province,
//! 其中 (subsets) and 占比 (shares).

use std::sync::LazyLock;

use fazhi_catalog::{Catalog, Indicator, Kind};
use memchr::memmem::Finder;

use crate::layout::{Layout, Place};
use crate::phrases::{PhraseHit, PhraseIndex, SentencePhrases, SpanPhrases};
use crate::scan::{Candidate, Dimension};

const YOY_MARKERS: [&str; 7] = [
    "同比",
    "较上年",
    "比上年",
    "较去年",
    "比去年",
    "较上一年",
    "与上年相比",
];
const COMPARISON_MARKERS: [&str; 8] = [
    "高于",
    "低于",
    "超过全",
    "优于",
    "高出",
    "低出",
    "领先",
    "超出",
];
const SHARE_MARKERS: [&str; 3] = ["占比", "比例", "占"];

/// Searchers for each marker list, built once: building one per search costs as much as the
/// search itself in the windows searched here.
static YOY: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| finders(&YOY_MARKERS));
/// Every 同比 marker holds 比 or 较: most statistics' words hold neither, and two searches
/// rule out all seven markers.
static YOY_HINTS: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| finders(&["比", "较"]));
static COMPARISON: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| finders(&COMPARISON_MARKERS));
static SHARE: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| finders(&SHARE_MARKERS));

/// A searcher for each word.
pub(crate) fn finders<'w, S: AsRef<str>>(words: &'w [S]) -> Vec<Finder<'w>> {
    words.iter().map(|w| Finder::new(w.as_ref())).collect()
}

/// Whether any of `words` stands in `hay`.
fn any_in(hay: &str, words: &[Finder]) -> bool {
    words.iter().any(|f| f.find(hay.as_bytes()).is_some())
}

/// Reads keys for a text's candidates.
pub(crate) struct Classifier<'a> {
    pub catalog: &'a Catalog,
    pub index: &'a PhraseIndex,
    /// Searchers for each indicator's context words (by indicator index).
    pub contexts: &'a [Vec<Finder<'a>>],
}

/// Where a window lies relative to the statistic.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

pub(crate) struct Job<'t> {
    pub text: &'t str,
    pub layout: &'t Layout,
    pub cand: &'t Candidate,
    pub clause: (usize, usize),
    pub sentence: (usize, usize),
    pub segment_start: usize,
    /// The phrase parts of the sentence, searched once.
    pub phrases: &'t SpanPhrases,
}

impl Classifier<'_> {
    /// The indicator index of every candidate (in order), or `None`.
    pub fn classify_all(
        &self,
        text: &str,
        layout: &Layout,
        cands: &[Candidate],
        places: &[Place],
        phrases: &SentencePhrases,
    ) -> Vec<Option<usize>> {
        let mut keys: Vec<Option<usize>> = Vec::with_capacity(cands.len());
        for (i, (cand, place)) in cands.iter().zip(places).enumerate() {
            let sentence = place.sentence;
            let job = Job {
                text,
                layout,
                cand,
                clause: place.clause,
                sentence,
                segment_start: place.segment_start,
                phrases: phrases.of(i),
            };
            let prev = (0..i)
                .rev()
                .take_while(|&j| cands[j].start >= sentence.0)
                .find_map(|j| keys[j].map(|k| (j, k)));
            let prev_end = if i > 0 { cands[i - 1].end } else { 0 };
            keys.push(self.classify(&job, prev, prev_end));
        }
        keys
    }

    pub(crate) fn indicator(&self, k: usize) -> &Indicator {
        &self.catalog.indicators()[k]
    }

    fn classify(&self, job: &Job, prev: Option<(usize, usize)>, prev_end: usize) -> Option<usize> {
        let c = job.cand;
        let own = (job.clause.0.max(prev_end).min(c.start), c.start);
        let post_end = next_clause_stop(job.text, c.end, job.clause.1);
        let prev_key = prev.map(|p| p.1).filter(|&k| self.accepts(k, c.dimension));
        if c.dimension == Dimension::Rank {
            return self.rank(job);
        }
        let own_text = &job.text[own.0..own.1];
        let yoy = if any_in(own_text, &YOY_HINTS) {
            YOY.iter().filter_map(|m| m.find(own_text.as_bytes())).min()
        } else {
            None
        };
        if let Some(pos) = yoy {
            return self.yoy(job, (own.0, own.0 + pos), prev.map(|p| p.1));
        }
        // Phrases wholly before the previous statistic belong to it.
        let clause_window = (job.clause.0, c.start);
        if let Some(k) = self.best_after(job, clause_window, Side::Before, prev_end) {
            return Some(k);
        }
        let lead = own_text.trim_start_matches(|ch: char| !is_word_char(ch));
        if lead.starts_with("其中") {
            return self.best(job, (c.end, post_end), Side::After).or(prev_key);
        }
        if c.dimension == Dimension::Rate && any_in(own_text, &SHARE) {
            let rate = prev
                .and_then(|p| self.catalog.rate_with_numerator(&self.indicator(p.1).key))
                .and_then(|ind| self.position(&ind.key));
            if rate.is_some() {
                return rate;
            }
        }
        let clause_text = &job.text[job.clause.0..c.start];
        if prev_key.is_some() && any_in(clause_text, &COMPARISON) {
            return prev_key;
        }
        if let Some(k) = self.best(job, (c.end, post_end), Side::After) {
            return Some(k);
        }
        if names_own_rate(own_text, c.dimension) {
            // 「办复率均为100%，满意率达99%」: a rate its own words name, though no phrase
            // knows the name, is not the rate of an earlier clause.
            return None;
        }
        job.layout
            .previous_clauses(job.sentence.0, job.clause.0)
            .into_iter()
            .find_map(|w| self.best(job, w, Side::Before))
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.catalog.indicators().iter().position(|i| i.key == key)
    }

    /// 同比: the change of the key named before the marker, or of the previous statistic.
    fn yoy(&self, job: &Job, before_marker: (usize, usize), prev: Option<usize>) -> Option<usize> {
        let named = self
            .index
            .find_in(job.text, job.phrases, before_marker.0, before_marker.1)
            .into_iter()
            .filter(|h| !self.indicator(h.indicator).is_yoy())
            .max_by_key(|h| h.chars)
            .map(|h| h.indicator);
        let base = named.or(prev)?;
        let base_key = &self.indicator(base).key;
        let yoy = self.catalog.yoy_of(base_key).map(|i| i.key.as_str());
        let key = match yoy {
            Some(k) => k,
            None if self.indicator(base).is_yoy() => base_key.as_str(),
            None => return None,
        };
        self.position(key)
            .filter(|&k| self.accepts(k, job.cand.dimension))
    }

    /// 第N名/第N位: a ranking key from the clause, the sentence, or the segment.
    fn rank(&self, job: &Job) -> Option<usize> {
        let c = job.cand;
        let windows = [
            (job.clause.0, c.start),
            (job.sentence.0, c.start),
            (job.segment_start, c.start),
            (c.end, job.sentence.1),
        ];
        windows.into_iter().find_map(|w| {
            self.best(
                job,
                w,
                if w.0 >= c.end {
                    Side::After
                } else {
                    Side::Before
                },
            )
        })
    }

    /// Whether an indicator can hold a statistic of this dimension.
    pub(crate) fn accepts(&self, k: usize, dim: Dimension) -> bool {
        let ind = self.indicator(k);
        let ranking = ind.key.starts_with("ranking.");
        if dim == Dimension::Rank || ranking {
            return dim == Dimension::Rank && ranking;
        }
        if ind.kind == Kind::Rate || ind.is_yoy() || ind.unit == "%" {
            return matches!(dim, Dimension::Rate | Dimension::Points);
        }
        if ind.unit == "百分点" {
            return matches!(dim, Dimension::Points | Dimension::Rate);
        }
        if ind.kind == Kind::Amount {
            return dim == Dimension::Amount;
        }
        matches!(dim, Dimension::Count | Dimension::Plain)
    }

    /// The best-scoring indicator among the phrases found in `window`.
    fn best(&self, job: &Job, window: (usize, usize), side: Side) -> Option<usize> {
        self.best_after(job, window, side, 0)
    }

    /// Like [`Self::best`], ignoring phrases that end at or before `min_end`.
    fn best_after(
        &self,
        job: &Job,
        window: (usize, usize),
        side: Side,
        min_end: usize,
    ) -> Option<usize> {
        if window.0 >= window.1 {
            return None;
        }
        let unit = &job.text[job.cand.unit_span.0..job.cand.unit_span.1];
        let mut best: Option<(i64, usize)> = None;
        // Context scores by indicator: several phrases of one indicator often match.
        let mut contexts: Vec<(usize, Option<i64>)> = Vec::new();
        for hit in self
            .index
            .find_in(job.text, job.phrases, window.0, window.1)
        {
            if hit.end <= min_end || !self.accepts(hit.indicator, job.cand.dimension) {
                continue;
            }
            let ctx = match contexts.iter().find(|c| c.0 == hit.indicator) {
                Some(&(_, ctx)) => ctx,
                None => {
                    let ctx = self.context_score(job, hit.indicator);
                    contexts.push((hit.indicator, ctx));
                    ctx
                }
            };
            let Some(ctx) = ctx else {
                continue;
            };
            let score = self.score(job, &hit, side, window, unit) + ctx;
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, hit.indicator));
            }
        }
        best.map(|b| b.1)
    }

    fn score(
        &self,
        job: &Job,
        hit: &PhraseHit,
        side: Side,
        window: (usize, usize),
        unit: &str,
    ) -> i64 {
        let gap = match side {
            Side::Before => &job.text[hit.end.min(window.1)..window.1],
            Side::After => &job.text[window.0..hit.start.max(window.0)],
        };
        let distance = gap.chars().count() as i64;
        let unit_bonus = if !unit.is_empty() && self.indicator(hit.indicator).unit == unit {
            4
        } else {
            0
        };
        // Scores are doubled so that context levels (½ steps) stay integers.
        4 * hit.chars as i64 - 2 * distance + unit_bonus
    }

    /// Context bonus (doubled): 6 in the clause, 4 in the sentence, 2 in the segment; 3 when the
    /// indicator needs no context; `None` when its context is absent.
    pub(crate) fn context_score(&self, job: &Job, k: usize) -> Option<i64> {
        let words = self.contexts.get(k).map_or(&[][..], Vec::as_slice);
        if words.is_empty() {
            return Some(3);
        }
        let has = |a: usize, b: usize| any_in(&job.text[a..b], words);
        if has(job.clause.0, job.clause.1) {
            Some(6)
        } else if has(job.sentence.0, job.sentence.1) {
            Some(4)
        } else if has(job.segment_start.min(job.sentence.0), job.sentence.1) {
            Some(2)
        } else {
            None
        }
    }
}

/// Byte offset of `needle` in `hay`. memchr's searcher costs less to set up than `str::find`'s
/// for the short windows searched here (a UTF-8 needle only matches at char boundaries).
fn find(hay: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(hay.as_bytes(), needle.as_bytes())
}

fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether a rate's own words name a rate of their own (满意率, 办结率).
pub(crate) fn names_own_rate(own: &str, dim: Dimension) -> bool {
    dim == Dimension::Rate && contains(own, "率")
}

/// End of the words after a statistic: the clause end, or a 、 or a next number.
pub(crate) fn next_clause_stop(text: &str, from: usize, clause_end: usize) -> usize {
    let end = clause_end.max(from);
    text[from..end]
        .char_indices()
        .find(|&(_, c)| c == '、' || c.is_ascii_digit())
        .map_or(end, |(i, _)| from + i)
}
