//! 往返核对 — the round trip of a calibrated demo: each published figure against the value the
//! engine computed for the city-year and the figures the report reader reads back from the
//! drafted report. Computing the indicators and drafting the report are the caller's (the
//! drafting lives above the store); this compares.

use std::collections::BTreeMap;

use fazhi_catalog::IndicatorSet;
use fazhi_text::Reader;

use crate::profile::{Figure, Profile, figures};
use crate::targets::Calibration;

/// One published figure and what came back.
#[derive(Debug, Clone)]
pub struct Row {
    pub figure: Figure,
    pub source: &'static str,
    /// The engine's value (a signed change for 同比 keys).
    pub computed: Option<f64>,
    /// The values read back from the drafted report under the same key.
    pub read_back: Vec<f64>,
    /// The computed value gives the published figure.
    pub computed_matches: bool,
    /// The report, read back, states it under the same key.
    pub read_back_matches: bool,
}

impl Row {
    pub fn matches(&self) -> bool {
        self.computed_matches && self.read_back_matches
    }
}

/// 核对表 — every expected figure, and the figures left out with their reasons.
#[derive(Debug, Clone)]
pub struct RoundTrip {
    pub profile: String,
    pub rows: Vec<Row>,
    pub skipped: Vec<(Figure, String)>,
}

impl RoundTrip {
    pub fn all_match(&self) -> bool {
        self.rows.iter().all(Row::matches)
    }
}

/// Compares the calibration's expected figures with `computed` (the city-year's indicators)
/// and with what `reader` reads back from `drafted`, the city's report drafted as text.
pub fn round_trip(
    profile: &Profile,
    calibration: &Calibration,
    computed: &IndicatorSet,
    drafted: &str,
    reader: &Reader<'_>,
) -> RoundTrip {
    let mut read: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for f in figures(reader.catalog(), &reader.extract(drafted)) {
        read.entry(f.key.clone()).or_default().push(f.signed());
    }
    let rows = calibration
        .expected
        .iter()
        .map(|e| {
            let value = computed.value(&e.figure.key);
            let read_back = read.get(&e.figure.key).cloned().unwrap_or_default();
            Row {
                figure: e.figure.clone(),
                source: e.source,
                computed: value,
                computed_matches: value.is_some_and(|v| e.figure.accepts(v)),
                read_back_matches: read_back.iter().any(|v| e.figure.accepts(*v)),
                read_back,
            }
        })
        .collect();
    RoundTrip {
        profile: profile.name.clone(),
        rows,
        skipped: calibration
            .skipped
            .iter()
            .map(|s| (s.figure.clone(), s.reason.clone()))
            .collect(),
    }
}
