//! 数据提取 — the statistics of a report, each with value, unit, qualifier, key and span.

use std::borrow::Cow;
use std::io;
use std::sync::{Arc, LazyLock};

use fazhi_catalog::Catalog;
use memchr::memmem::Finder;
use serde::{Deserialize, Serialize};

use crate::choices::Scorer;
use crate::classify::{Classifier, finders};
use crate::error::TextError;
use crate::keymodel::{KeyExample, KeyHashes, KeyModel};
use crate::layout::{Layout, Place};
use crate::normalise::{Normalised, body_start, is_traditional, normalise, script_sample};
use crate::output::{IoSink, JsonLine};
use crate::phrases::{PhraseIndex, SentencePhrases};
use crate::pieces::{JsonlStream, PIECE_BYTES, Piece};
use crate::scan::{self, Candidate, Dimension};
use crate::story;
use crate::units::UnitTable;

/// 统计数据 — one statistic read from a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistic {
    /// Catalog key, or `None` when the number was not identified.
    pub key: Option<String>,
    /// The value: percent numbers for rates, 万/亿 expanded.
    pub value: f64,
    /// Upper end of a range (3-5个), when the text gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    /// Unit word as written (in the text's own script); empty when there is none.
    pub unit: String,
    /// 余 多 超 近 以上 约, or empty.
    pub qualifier: String,
    /// Char offsets (Unicode code points, end exclusive) of number and unit in the ORIGINAL text.
    pub start: usize,
    pub end: usize,
    /// The normalised sentence the statistic stands in.
    pub context: String,
    pub dimension: Dimension,
    /// Digits after the decimal point, as written.
    pub precision: u32,
    /// Index of the sentence (in the normalised text).
    pub sentence: usize,
    /// Index of the item segment (一是 …, (一) …) the statistic stands in.
    pub segment: usize,
    /// The statistic's own words: from the clause start (or the previous statistic) to the number.
    pub lead: String,
}

/// 读取结果 — a report's normalised text and its statistics.
#[derive(Debug, Clone)]
pub struct Reading {
    pub normalised: Normalised,
    pub statistics: Vec<Statistic>,
}

/// What [`Reader::analyse`] finds: the normalised text, the candidates that are statistics
/// with their places, and each one's key (an indicator's index).
pub(crate) struct Analysis {
    normalised: Normalised,
    cands: Vec<Candidate>,
    places: Vec<Place>,
    keys: Vec<Option<usize>>,
}

/// The learned key scorer shipped with the crate (`data/key_model.tsv`), when it has weights.
static EMBEDDED_MODEL: LazyLock<Option<Arc<KeyModel>>> = LazyLock::new(|| {
    let tsv = include_str!("../data/key_model.tsv");
    let has_weights = tsv
        .lines()
        .any(|l| !l.starts_with('#') && !l.trim().is_empty());
    has_weights
        .then(|| KeyModel::from_tsv(tsv).ok().map(Arc::new))
        .flatten()
});

/// 报告读取器 — holds the catalog and its compiled phrase index; build once, reuse.
pub struct Reader<'c> {
    catalog: &'c Catalog,
    index: PhraseIndex,
    units: UnitTable,
    model: Option<Arc<KeyModel>>,
    /// Hash states of every indicator's features (by index), then of "no key".
    key_hashes: Vec<KeyHashes>,
    /// Searchers for every indicator's context words (by index).
    contexts: Vec<Vec<Finder<'c>>>,
}

impl Reader<'static> {
    /// A reader over the embedded catalog.
    pub fn embedded() -> Result<Reader<'static>, TextError> {
        Ok(Reader::new(Catalog::embedded()?))
    }
}

impl<'c> Reader<'c> {
    pub fn new(catalog: &'c Catalog) -> Reader<'c> {
        Reader {
            catalog,
            index: PhraseIndex::new(catalog),
            units: UnitTable::new(catalog.units()),
            model: EMBEDDED_MODEL.clone(),
            key_hashes: catalog
                .indicators()
                .iter()
                .map(|i| Some(i.key.as_str()))
                .chain([None])
                .map(KeyHashes::new)
                .collect(),
            contexts: catalog
                .indicators()
                .iter()
                .map(|i| finders(&i.context))
                .collect(),
        }
    }

    /// The same reader deciding keys with `model` (`None`: by the catalog's rules alone).
    pub fn with_key_model(mut self, model: Option<Arc<KeyModel>>) -> Reader<'c> {
        self.model = model;
        self
    }

    /// Every statistic of `original` with the keys it may take and the rules' choice: what
    /// the learned scorer is trained and evaluated on.
    pub fn key_examples(&self, original: &str) -> Vec<KeyExample> {
        let normalised = normalise(original);
        let text = normalised.text();
        let layout = Layout::new(text);
        let (cands, places) = self.candidates(text, &layout, true);
        let classifier = self.classifier();
        let phrases = SentencePhrases::new(&self.index, text, &places);
        let rules = classifier.classify_all(text, &layout, &cands, &places, &phrases);
        let spans: Vec<_> = cands
            .iter()
            .map(|c| normalised.original_span(c.start, c.end))
            .collect();
        classifier.examples_all((text, &layout), &cands, &places, &rules, &phrases, &spans)
    }

    /// The numbers of `text` that are statistics, with their places: the scan's, less the
    /// details of a single case's story. `ends_text`: see [`scan::scan`].
    fn candidates(
        &self,
        text: &str,
        layout: &Layout,
        ends_text: bool,
    ) -> (Vec<Candidate>, Vec<Place>) {
        let cands = scan::scan(text, &self.units, ends_text);
        let places = layout.places(cands.iter().map(|c| c.start));
        story::without_case_details(text, cands, places)
    }

    fn classifier(&self) -> Classifier<'_> {
        Classifier {
            catalog: self.catalog,
            index: &self.index,
            contexts: &self.contexts,
        }
    }

    /// The catalog this reader uses.
    pub fn catalog(&self) -> &'c Catalog {
        self.catalog
    }

    /// The statistics of a normalised text before they are written out: the numbers that are
    /// statistics with their places, and the index of each one's key. `ends_text`: nothing
    /// follows the text (else it is a piece of a longer one).
    pub(crate) fn analyse(&self, normalised: Normalised, ends_text: bool) -> Analysis {
        let text = normalised.text();
        let layout = Layout::new(text);
        let (cands, places) = self.candidates(text, &layout, ends_text);
        let classifier = self.classifier();
        let phrases = SentencePhrases::new(&self.index, text, &places);
        let mut keys = classifier.classify_all(text, &layout, &cands, &places, &phrases);
        if let (Some(model), Some((none, keys_hashes))) =
            (&self.model, self.key_hashes.split_last())
        {
            let scorer = Scorer {
                model,
                keys: keys_hashes,
                none,
            };
            keys =
                classifier.choose_all(&scorer, (text, &layout), &cands, &places, &keys, &phrases);
        }
        Analysis {
            normalised,
            cands,
            places,
            keys,
        }
    }

    /// Normalises `original` and extracts its statistics, in text order.
    pub fn read(&self, original: &str) -> Reading {
        let Analysis {
            normalised,
            cands,
            places,
            keys,
        } = self.analyse(normalise(original), true);
        // The original's chars are needed only to give units in their traditional form.
        let mut original_chars = OriginalChars::new(original);
        let statistics = cands
            .iter()
            .zip(keys)
            .zip(&places)
            .enumerate()
            .map(|(i, ((c, k), place))| {
                let prev_end = if i > 0 { cands[i - 1].end } else { 0 };
                self.statistic(&normalised, place, &mut original_chars, c, k, prev_end)
            })
            .collect();
        Reading {
            normalised,
            statistics,
        }
    }

    /// Writes the statistics of `original` to `out` as JSON lines, byte for byte what
    /// [`crate::to_jsonl`] gives for [`Reader::extract`], but straight from the text and a
    /// piece at a time ([`crate::pieces`]): no [`Statistic`] with its strings, no buffer of
    /// the whole output, no normalised copy of the whole text, so a large text touches little
    /// fresh memory. Give `out` a buffer (`BufWriter`). Returns the number of statistics
    /// written.
    pub fn write_jsonl<W: io::Write>(&self, original: &str, out: &mut W) -> io::Result<usize> {
        self.write_jsonl_by_pieces(original, PIECE_BYTES, out)
    }

    /// [`Reader::write_jsonl`] with pieces of at least `piece_bytes` (tests and the fuzz
    /// target take small ones, so that many piece ends fall inside a short text).
    pub fn write_jsonl_by_pieces<W: io::Write>(
        &self,
        original: &str,
        piece_bytes: usize,
        out: &mut W,
    ) -> io::Result<usize> {
        let start = body_start(original);
        let body = &original.as_bytes()[start.1..];
        let convert = is_traditional(script_sample(body.len()).into_iter().map(|r| &body[r]));
        let mut stream = JsonlStream::new(self, convert, start, piece_bytes);
        stream.feed(body, out)?;
        stream.finish(out)
    }

    /// Writes the statistics of one piece's analysis to `sink`.
    pub(crate) fn write_piece<W: io::Write>(
        &self,
        analysis: &Analysis,
        piece: Piece<'_>,
        sink: &mut IoSink<'_, W>,
    ) -> io::Result<usize> {
        let n = &analysis.normalised;
        let text = n.text();
        let mut original_chars = OriginalChars::new(piece.text);
        for ((c, k), place) in analysis
            .cands
            .iter()
            .zip(&analysis.keys)
            .zip(&analysis.places)
        {
            let (start, end) = n.original_span(c.start, c.end);
            let (start, end) = (start + piece.first_char, end + piece.first_char);
            let (s0, s1) = place.sentence;
            let line = JsonLine {
                key: k.map(|k| self.catalog.indicators()[k].key.as_str()),
                value: c.value,
                unit: &unit_as_written(n, &mut original_chars, c.unit_span),
                qualifier: c.qualifier,
                start,
                end,
                context: text[s0..s1].trim(),
            };
            line.write(sink).map_err(|_| sink.error())?;
        }
        Ok(analysis.cands.len())
    }

    /// Checks the statistics of a reading against each other (see [`crate::check()`]).
    pub fn check(&self, reading: &Reading) -> Vec<crate::Check> {
        crate::check::check(reading, self.catalog)
    }

    /// Just the statistics of `original`.
    pub fn extract(&self, original: &str) -> Vec<Statistic> {
        self.read(original).statistics
    }

    fn statistic(
        &self,
        n: &Normalised,
        place: &Place,
        original: &mut OriginalChars,
        c: &Candidate,
        key: Option<usize>,
        prev_end: usize,
    ) -> Statistic {
        let text = n.text();
        let (start, end) = n.original_span(c.start, c.end);
        let (s0, s1) = place.sentence;
        let clause = place.clause.0;
        Statistic {
            key: key.map(|k| self.catalog.indicators()[k].key.clone()),
            value: c.value,
            value_max: c.value_max,
            unit: unit_as_written(n, original, c.unit_span).into_owned(),
            qualifier: c.qualifier.to_string(),
            start,
            end,
            context: text[s0..s1].trim().to_string(),
            dimension: c.dimension,
            precision: c.precision,
            sentence: place.sentence_index,
            segment: place.segment_index,
            lead: text[clause.max(prev_end).min(c.start)..c.start].to_string(),
        }
    }
}

/// The unit in the original's script (個, 項): Han characters are taken from the original,
/// anything else (％ → %) in its normalised form.
fn unit_as_written<'n>(
    n: &'n Normalised,
    original: &mut OriginalChars,
    span: (usize, usize),
) -> Cow<'n, str> {
    let text = n.text();
    if !n.converted() {
        return Cow::Borrowed(&text[span.0..span.1]);
    }
    let first = n.char_index(span.0);
    text[span.0..span.1]
        .chars()
        .enumerate()
        .map(|(k, c)| {
            n.origin_of_char(first + k)
                .and_then(|o| original.get(o))
                .filter(|&o| o != c && is_han(o))
                .unwrap_or(c)
        })
        .collect::<String>()
        .into()
}

/// The chars of the original by char index, read with a cursor: statistics come in text
/// order, so the text is walked about once (no table of every char).
struct OriginalChars<'t> {
    text: &'t str,
    /// Char index and byte offset of the cursor.
    char_at: usize,
    byte_at: usize,
}

impl<'t> OriginalChars<'t> {
    fn new(text: &'t str) -> OriginalChars<'t> {
        OriginalChars {
            text,
            char_at: 0,
            byte_at: 0,
        }
    }

    /// The char at char index `index`, if there is one.
    fn get(&mut self, index: usize) -> Option<char> {
        if index < self.char_at {
            (self.char_at, self.byte_at) = (0, 0);
        }
        let rest = self.text.get(self.byte_at..)?;
        // `Chars::nth` skips whole chunks of ASCII at a time.
        let mut chars = rest.chars();
        let c = chars.nth(index - self.char_at)?;
        let offset = rest.len() - chars.as_str().len() - c.len_utf8();
        (self.char_at, self.byte_at) = (index, self.byte_at + offset);
        Some(c)
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Extracts the statistics of `original` with the embedded catalog.
pub fn extract(original: &str) -> Result<Vec<Statistic>, TextError> {
    Ok(Reader::embedded()?.extract(original))
}
