//! 指标打分模型 — a small learned scorer that decides between a statistic's candidate keys
//! and "no key".
//!
//! The catalog's phrases stay the prior: the candidates are the rules' choice and every
//! indicator whose phrase stands in the statistic's sentence, each with flags saying where its
//! phrase stands. A linear model over those flags and over hashed character bigrams of the
//! statistic's own words, the words after it and its unit (crossed with the candidate key and
//! with the key's family, `mediation` of `mediation.cases`) scores every candidate; the best
//! one wins. It is a conditional logit trained by stochastic gradient descent on gold
//! annotations (`examples/train_keys.rs`); the weights live in `data/key_model.tsv`.

use std::sync::LazyLock;

/// Number of hashed feature slots (a power of two).
const SLOTS: usize = 1 << 14;
/// Chars of the statistic's own words read (the last ones, nearest the number).
const LEAD_CHARS: usize = 12;
/// Chars read after the statistic's unit.
const AFTER_CHARS: usize = 6;

/// Where a candidate key's phrase was found, relative to the statistic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The rules chose this key.
    pub rule: bool,
    /// A phrase stands in the statistic's own words.
    pub lead: bool,
    /// A phrase stands just after the statistic, in its clause.
    pub after: bool,
    /// A phrase stands elsewhere in the sentence.
    pub sentence: bool,
    /// The key's unit is the statistic's unit.
    pub unit: bool,
    /// The key's context words are near.
    pub context: bool,
}

/// One choice a statistic offers: a key (or none) with its hashed features.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyChoice {
    pub key: Option<String>,
    features: Vec<u32>,
}

/// 待定统计 — a statistic with the keys it may take, as the model sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyExample {
    /// Char span in the original text and value, to match the statistic with gold.
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Index into `choices` of the rules' choice.
    pub rule: usize,
    pub choices: Vec<KeyChoice>,
}

/// The words around a statistic that the lexical features read.
pub(crate) struct Words<'t> {
    pub lead: &'t str,
    pub after: &'t str,
    pub unit: &'t str,
}

/// The words of one statistic cut once, for all of its candidate keys: the character
/// bigrams of the last [`LEAD_CHARS`] chars of its own words and of the first [`AFTER_CHARS`]
/// chars after it, and its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordHashes<'t> {
    lead: [&'t str; LEAD_CHARS],
    lead_len: usize,
    after: [&'t str; AFTER_CHARS],
    after_len: usize,
    unit: &'t str,
}

impl<'t> WordHashes<'t> {
    pub(crate) fn new(words: &Words<'t>) -> WordHashes<'t> {
        let mut out = WordHashes {
            lead: [""; LEAD_CHARS],
            lead_len: 0,
            after: [""; AFTER_CHARS],
            after_len: 0,
            unit: words.unit,
        };
        out.lead_len = bigrams(last_chars(words.lead, LEAD_CHARS), &mut out.lead);
        out.after_len = bigrams(first_chars(words.after, AFTER_CHARS), &mut out.after);
        out
    }
}

/// Writes the char bigrams of `text` into `out`; returns how many.
fn bigrams<'t>(text: &'t str, out: &mut [&'t str]) -> usize {
    let mut n = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, _)) = chars.next() {
        let (Some(&(j, c)), Some(slot)) = (chars.peek(), out.get_mut(n)) else {
            break;
        };
        *slot = &text[i..j + c.len_utf8()];
        n += 1;
    }
    n
}

/// The hash states of one key's features, before the words: computed once per key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyHashes {
    none: bool,
    bias: u32,
    lead: u32,
    lead_family: u32,
    after: u32,
    after_family: u32,
    unit: u32,
    unit_family: u32,
}

impl KeyHashes {
    /// For `key` (None: no key).
    pub(crate) fn new(key: Option<&str>) -> KeyHashes {
        let name = key.unwrap_or("∅");
        let family = name.split('.').next().unwrap_or(name);
        let start = |tag: &str| fnv(FNV_START, tag);
        KeyHashes {
            none: key.is_none(),
            bias: hash(&["bias", name]),
            lead: fnv(start("l"), name),
            lead_family: fnv(fnv(start("l"), "family"), family),
            after: fnv(start("a"), name),
            after_family: fnv(fnv(start("a"), "family"), family),
            unit: fnv(start("u"), name),
            unit_family: fnv(fnv(start("u"), "family"), family),
        }
    }
}

/// Feeds every feature of choosing the key of `h` for a statistic with `words` to `f`.
pub(crate) fn features(
    h: &KeyHashes,
    evidence: Evidence,
    words: &WordHashes,
    mut f: impl FnMut(u32),
) {
    let flags = [
        evidence.rule,
        evidence.lead,
        evidence.after,
        evidence.sentence,
        evidence.unit,
        evidence.context,
        h.none,
    ];
    for (on, &slot) in flags.iter().zip(FLAG_SLOTS.iter()) {
        if *on {
            f(slot);
        }
    }
    f(h.bias);
    for &gram in &words.lead[..words.lead_len] {
        f(slot(fnv(h.lead, gram)));
        f(slot(fnv(h.lead_family, gram)));
    }
    for &gram in &words.after[..words.after_len] {
        f(slot(fnv(h.after, gram)));
        f(slot(fnv(h.after_family, gram)));
    }
    f(slot(fnv(h.unit, words.unit)));
    f(slot(fnv(h.unit_family, words.unit)));
}

/// Slots of the evidence flags, in the order of [`features`].
static FLAG_SLOTS: LazyLock<[u32; 7]> = LazyLock::new(|| {
    [
        "rule", "lead", "after", "sentence", "unit", "context", "none",
    ]
    .map(|f| hash(&["flag", f]))
});

impl KeyChoice {
    /// The features of choosing `key` (None: no key) for a statistic with these words.
    pub(crate) fn new(key: Option<&str>, evidence: Evidence, words: &Words) -> KeyChoice {
        let mut list = Vec::with_capacity(64);
        let words = WordHashes::new(words);
        features(&KeyHashes::new(key), evidence, &words, |f| list.push(f));
        KeyChoice {
            key: key.map(str::to_string),
            features: list,
        }
    }
}

/// The last `n` chars of `s`.
fn last_chars(s: &str, n: usize) -> &str {
    let at = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &s[at..]
}

/// The first `n` chars of `s`.
fn first_chars(s: &str, n: usize) -> &str {
    let at = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..at]
}

const FNV_START: u32 = 0x811c_9dc5;

/// FNV-1a of `part` and a separator, continuing from `state`.
fn fnv(state: u32, part: &str) -> u32 {
    part.as_bytes()
        .iter()
        .chain(&[0xff])
        .fold(state, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

fn slot(h: u32) -> u32 {
    h & (SLOTS as u32 - 1)
}

/// FNV-1a over the parts, each followed by a separator, reduced to a slot.
fn hash(parts: &[&str]) -> u32 {
    slot(parts.iter().fold(FNV_START, |h, p| fnv(h, p)))
}

/// 打分模型 — the weights of the learned scorer.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyModel {
    weights: Vec<f32>,
}

/// How a model is trained.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    pub epochs: usize,
    pub rate: f32,
    /// L2 shrinkage per update of a weight.
    pub l2: f32,
}

impl Default for Training {
    fn default() -> Training {
        Training {
            epochs: 30,
            rate: 0.1,
            l2: 1e-4,
        }
    }
}

impl KeyModel {
    /// Trains on `(example, index of the right choice)` pairs, in the order given.
    pub fn train(data: &[(&KeyExample, usize)], t: Training) -> KeyModel {
        let mut model = KeyModel {
            weights: vec![0.0; SLOTS],
        };
        for epoch in 0..t.epochs {
            let rate = t.rate / (1.0 + epoch as f32 * 0.1);
            for &(ex, right) in data {
                model.step(ex, right, rate, t.l2);
            }
        }
        model
    }

    fn step(&mut self, ex: &KeyExample, right: usize, rate: f32, l2: f32) {
        let scores: Vec<f32> = ex.choices.iter().map(|c| self.score(c)).collect();
        let top = scores.iter().copied().fold(f32::MIN, f32::max);
        let exp: Vec<f32> = scores.iter().map(|s| (s - top).exp()).collect();
        let sum: f32 = exp.iter().sum();
        for (i, c) in ex.choices.iter().enumerate() {
            let target = if i == right { 1.0 } else { 0.0 };
            let g = rate * (target - exp[i] / sum);
            for &f in &c.features {
                let w = &mut self.weights[f as usize];
                *w += g - rate * l2 * *w;
            }
        }
    }

    fn score(&self, c: &KeyChoice) -> f32 {
        c.features
            .iter()
            .map(|&f| self.weights.get(f as usize).copied().unwrap_or(0.0))
            .sum()
    }

    /// The score of choosing the key of `h` for a statistic with `words`.
    pub(crate) fn score_key(&self, h: &KeyHashes, evidence: Evidence, words: &WordHashes) -> f32 {
        let mut sum = 0.0;
        features(h, evidence, words, |f| {
            sum += self.weights.get(f as usize).copied().unwrap_or(0.0);
        });
        sum
    }

    /// Index of the best choice of `ex` (the rules' choice on ties).
    pub fn choose(&self, ex: &KeyExample) -> usize {
        let mut best = (
            ex.rule,
            ex.choices.get(ex.rule).map_or(f32::MIN, |c| self.score(c)),
        );
        for (i, c) in ex.choices.iter().enumerate() {
            let s = self.score(c);
            if s > best.1 {
                best = (i, s);
            }
        }
        best.0
    }

    /// The non-zero weights, one `slot<TAB>weight` line each.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from("# fazhi key model: slot\tweight (see keymodel.rs)\n");
        for (i, w) in self.weights.iter().enumerate() {
            if w.abs() >= 1e-4 {
                out.push_str(&format!("{i}\t{w:.4}\n"));
            }
        }
        out
    }

    /// Reads [`Self::to_tsv`]'s format; lines that do not parse are errors.
    pub fn from_tsv(tsv: &str) -> Result<KeyModel, crate::TextError> {
        let mut weights = vec![0.0; SLOTS];
        for (n, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let parsed = line.split_once('\t').and_then(|(i, w)| {
                let i: usize = i.parse().ok()?;
                let w: f32 = w.parse().ok()?;
                (i < SLOTS).then_some((i, w))
            });
            let (i, w) = parsed.ok_or(crate::TextError::KeyModel { line: n + 1 })?;
            weights[i] = w;
        }
        Ok(KeyModel { weights })
    }
}

#[cfg(test)]
#[path = "keymodel_tests.rs"]
mod tests;
