//! 候选指标 — the keys a statistic may take, for the learned scorer: the rules' choice, every
//! indicator whose phrase stands in the statistic's sentence (and that can hold its
//! dimension, with its context words near), and "no key"; each with its evidence.

use crate::classify::{Classifier, Job, next_clause_stop};
use crate::keymodel::{Evidence, KeyChoice, KeyExample, Words};
use crate::layout::{Layout, Place};
use crate::scan::Candidate;

/// A statistic's example for the scorer, with the indicator of each of its choices.
pub(crate) struct Choices {
    pub example: KeyExample,
    pub keys: Vec<Option<usize>>,
}

impl Classifier<'_> {
    /// The choices of every candidate, given the rules' keys and the original char spans.
    pub(crate) fn choices_all(
        &self,
        text: &str,
        layout: &Layout,
        cands: &[Candidate],
        places: &[Place],
        rules: &[Option<usize>],
        spans: &[(usize, usize)],
    ) -> Vec<Choices> {
        let mut out = Vec::with_capacity(cands.len());
        for (i, (cand, place)) in cands.iter().zip(places).enumerate() {
            let job = Job {
                text,
                layout,
                cand,
                clause: place.clause,
                sentence: place.sentence,
                segment_start: place.segment_start,
            };
            let prev_end = if i > 0 { cands[i - 1].end } else { 0 };
            let own_start = place.clause.0.max(prev_end).min(cand.start);
            let rule = rules.get(i).copied().flatten();
            let choices = self.choices(&job, own_start, rule);
            let span = spans.get(i).copied().unwrap_or_default();
            out.push(Choices {
                example: self.example(&job, own_start, &choices, span),
                keys: choices.into_iter().map(|c| c.0).collect(),
            });
        }
        out
    }

    /// The candidate keys of `job`'s statistic; `own_start` is where its own words start,
    /// `rule` the rules' choice. The first candidate is always "no key".
    pub(crate) fn choices(
        &self,
        job: &Job,
        own_start: usize,
        rule: Option<usize>,
    ) -> Vec<(Option<usize>, Evidence)> {
        let c = job.cand;
        let after_end = next_clause_stop(job.text, c.end, job.clause.1);
        let unit = &job.text[c.unit_span.0..c.unit_span.1];
        let mut out: Vec<(Option<usize>, Evidence)> = vec![(None, Evidence::default())];
        if rule.is_none() {
            out[0].1.rule = true;
        }
        for hit in self.index.find(job.text, job.sentence.0, job.sentence.1) {
            let k = hit.indicator;
            if !self.accepts(k, c.dimension) {
                continue;
            }
            let at = match out.iter().position(|o| o.0 == Some(k)) {
                Some(at) => at,
                None => {
                    let Some(ctx) = self.context_score(job, k) else {
                        continue;
                    };
                    let ind = self.indicator(k);
                    let evidence = Evidence {
                        rule: rule == Some(k),
                        unit: !unit.is_empty() && ind.unit == unit,
                        context: !ind.context.is_empty() && ctx >= 4,
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
        if let Some(k) = rule.filter(|k| !out.iter().any(|o| o.0 == Some(*k))) {
            let evidence = Evidence {
                rule: true,
                ..Evidence::default()
            };
            out.push((Some(k), evidence));
        }
        out
    }

    /// The statistic of `job` as the learned scorer sees it.
    pub(crate) fn example(
        &self,
        job: &Job,
        own_start: usize,
        choices: &[(Option<usize>, Evidence)],
        span: (usize, usize),
    ) -> KeyExample {
        let c = job.cand;
        let after_end = next_clause_stop(job.text, c.end, job.clause.1);
        let words = Words {
            lead: &job.text[own_start..c.start],
            after: &job.text[c.end..after_end],
            unit: &job.text[c.unit_span.0..c.unit_span.1],
        };
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
            value: c.value,
            rule: choices.iter().position(|o| o.1.rule).unwrap_or(0),
            choices: key_choices,
        }
    }
}
