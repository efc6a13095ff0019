//! 候选指标 — the keys a statistic may take, for the learned scorer: the rules' choice, every
//! indicator whose phrase stands in the statistic's sentence (and that can hold its
//! dimension, with its context words near), and "no key"; each with its evidence.

use crate::classify::{Classifier, Job, names_own_rate, next_clause_stop};
use crate::keymodel::{Evidence, KeyChoice, KeyExample, KeyHashes, KeyModel, WordHashes, Words};
use crate::layout::{Layout, Place};
use crate::phrases::SentencePhrases;
use crate::scan::Candidate;

/// What the statistics of one sentence share: for each indicator met,
/// whether its context words are absent (None), near (true) or only in the segment (false).
#[derive(Default)]
struct SentenceCache {
    sentence: (usize, usize),
    context: Vec<(usize, Option<bool>)>,
}

/// One statistic's choices: the indicator (or none) and its evidence, "no key" first.
type Choices = Vec<(Option<usize>, Evidence)>;

/// The learned scorer with the hash states of every indicator's features.
pub(crate) struct Scorer<'m> {
    pub model: &'m KeyModel,
    /// By indicator index.
    pub keys: &'m [KeyHashes],
    pub none: &'m KeyHashes,
}

impl Classifier<'_> {
    /// Calls `f` with every candidate's job, own-words start and choices, given the rules' keys.
    fn each_choices(
        &self,
        (text, layout): (&str, &Layout),
        cands: &[Candidate],
        places: &[Place],
        (rules, phrases): (&[Option<usize>], &SentencePhrases),
        mut f: impl FnMut(usize, &Job, usize, &Choices),
    ) {
        let mut cache = SentenceCache::default();
        // One list for every statistic's choices: no allocation per statistic.
        let mut choices: Choices = Vec::with_capacity(16);
        for (i, (cand, place)) in cands.iter().zip(places).enumerate() {
            if i == 0 || cache.sentence != place.sentence {
                cache.sentence = place.sentence;
                cache.context.clear();
            }
            let job = Job {
                text,
                layout,
                cand,
                clause: place.clause,
                sentence: place.sentence,
                segment_start: place.segment_start,
                phrases: phrases.of(i),
            };
            let prev_end = if i > 0 { cands[i - 1].end } else { 0 };
            let own_start = place.clause.0.max(prev_end).min(cand.start);
            let rule = rules.get(i).copied().flatten();
            self.choices(&job, &mut cache, (own_start, rule), &mut choices);
            f(i, &job, own_start, &choices);
        }
    }

    /// Every candidate as the scorer sees it (for training), given the original char spans.
    pub(crate) fn examples_all(
        &self,
        text_layout: (&str, &Layout),
        cands: &[Candidate],
        places: &[Place],
        rules: &[Option<usize>],
        phrases: &SentencePhrases,
        spans: &[(usize, usize)],
    ) -> Vec<KeyExample> {
        let mut out = Vec::with_capacity(cands.len());
        self.each_choices(
            text_layout,
            cands,
            places,
            (rules, phrases),
            |i, job, own, choices| {
                let span = spans.get(i).copied().unwrap_or_default();
                out.push(self.example(job, own, choices, span));
            },
        );
        out
    }

    /// The scorer's key for every candidate.
    pub(crate) fn choose_all(
        &self,
        scorer: &Scorer,
        text_layout: (&str, &Layout),
        cands: &[Candidate],
        places: &[Place],
        rules: &[Option<usize>],
        phrases: &SentencePhrases,
    ) -> Vec<Option<usize>> {
        let mut out = Vec::with_capacity(cands.len());
        self.each_choices(
            text_layout,
            cands,
            places,
            (rules, phrases),
            |_, job, own, choices| {
                if choices.len() == 1 {
                    out.push(None);
                    return;
                }
                let words = WordHashes::new(&words(job, own));
                let mut best: Option<(f32, Option<usize>, bool)> = None;
                for &(k, evidence) in choices {
                    let h = k.and_then(|k| scorer.keys.get(k)).unwrap_or(scorer.none);
                    let s = scorer.model.score_key(h, evidence, &words);
                    // Ties go to the rules' choice.
                    let better =
                        best.is_none_or(|(b, _, rule)| s > b || (s == b && !rule && evidence.rule));
                    if better {
                        best = Some((s, k, evidence.rule));
                    }
                }
                out.push(best.and_then(|b| b.1));
            },
        );
        out
    }

    /// The candidate keys of `job`'s statistic, from its sentence's phrases, into `out`;
    /// `own_start` is where its own words start, `rule` the rules' choice.
    fn choices(
        &self,
        job: &Job,
        cache: &mut SentenceCache,
        (own_start, rule): (usize, Option<usize>),
        out: &mut Choices,
    ) {
        let c = job.cand;
        let after_end = next_clause_stop(job.text, c.end, job.clause.1);
        let unit = &job.text[c.unit_span.0..c.unit_span.1];
        out.clear();
        let none = Evidence {
            rule: rule.is_none(),
            ..Evidence::default()
        };
        out.push((None, none));
        for hit in &job.phrases.hits {
            let k = hit.indicator;
            if !self.accepts(k, c.dimension) {
                continue;
            }
            let at = match out.iter().position(|o| o.0 == Some(k)) {
                Some(at) => at,
                None => {
                    let Some(near) = self.context_near(job, &mut cache.context, k) else {
                        continue;
                    };
                    let evidence = Evidence {
                        rule: rule == Some(k),
                        unit: !unit.is_empty() && self.indicator(k).unit == unit,
                        context: near,
                        ..Evidence::default()
                    };
                    out.push((Some(k), evidence));
                    out.len() - 1
                }
            };
            let e = &mut out[at].1;
            if hit.start >= own_start && hit.end <= c.start {
                e.lead = true;
            } else if hit.start >= c.end && hit.end <= after_end {
                e.after = true;
            } else {
                e.sentence = true;
            }
        }
        if names_own_rate(&job.text[own_start..c.start], c.dimension) {
            // A rate named in its own words is not a rate named elsewhere in the sentence.
            out.retain(|(k, e)| k.is_none() || e.lead || e.after || e.rule);
        }
        if let Some(k) = rule.filter(|k| !out.iter().any(|o| o.0 == Some(*k))) {
            let evidence = Evidence {
                rule: true,
                ..Evidence::default()
            };
            out.push((Some(k), evidence));
        }
    }

    /// Whether indicator `k`'s context words stand in the sentence (None: nowhere near),
    /// the same for every statistic of the sentence, so looked up once.
    fn context_near(
        &self,
        job: &Job,
        cache: &mut Vec<(usize, Option<bool>)>,
        k: usize,
    ) -> Option<bool> {
        if let Some(&(_, near)) = cache.iter().find(|c| c.0 == k) {
            return near;
        }
        let has_words = !self.indicator(k).context.is_empty();
        let near = self.context_score(job, k).map(|s| has_words && s >= 4);
        cache.push((k, near));
        near
    }

    /// The statistic of `job` as the learned scorer sees it.
    fn example(
        &self,
        job: &Job,
        own_start: usize,
        choices: &Choices,
        span: (usize, usize),
    ) -> KeyExample {
        let words = words(job, own_start);
        let key_choices = choices
            .iter()
            .map(|(k, e)| {
                let key = k.map(|k| self.indicator(k).key.as_str());
                KeyChoice::new(key, *e, &words)
            })
            .collect();
        KeyExample {
            start: span.0,
            end: span.1,
            value: job.cand.value,
            rule: choices.iter().position(|o| o.1.rule).unwrap_or(0),
            choices: key_choices,
        }
    }
}

/// The words the lexical features read: the statistic's own words, the words after it in
/// its clause, its unit.
fn words<'t>(job: &Job<'t>, own_start: usize) -> Words<'t> {
    let c = job.cand;
    let after_end = next_clause_stop(job.text, c.end, job.clause.1);
    Words {
        lead: &job.text[own_start..c.start],
        after: &job.text[c.end..after_end],
        unit: &job.text[c.unit_span.0..c.unit_span.1],
    }
}
