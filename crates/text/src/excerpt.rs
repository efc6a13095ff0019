//! 原文摘录 — each statistic as the report writes it (65.22亿元, 1200余件, 超50万元: not the
//! value the reader computed from it) and the words of its sentence around it, for people
//! checking what was read. An excerpt is cut to a window that always keeps the figure.

use serde::Serialize;

use crate::compare::figure_text;
use crate::extract::{Reading, Statistic};

/// Where a sentence ends (the excerpt never crosses one).
const SENTENCE_END: &[char] = &['。', '！', '？', '；', '!', '?', ';', '\n'];
/// Qualifiers written after the unit; the others (超, 近, 约) stand before the number, and
/// 余, 多 between number and unit, inside the statistic's span.
const AFTER_UNIT: &str = "以上";

/// 摘录 — the figure and the words before and after it in its sentence (simplified script).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    /// Words before the figure, opened with … when the sentence was cut.
    pub before: String,
    /// The figure as written, with its qualifier: 65.22亿元, 1200余件, 超50万元.
    pub figure: String,
    /// Words after the figure, closed with … when the sentence was cut.
    pub after: String,
}

impl Excerpt {
    /// The excerpt as one string.
    pub fn text(&self) -> String {
        format!("{}{}{}", self.before, self.figure, self.after)
    }
}

impl Reading {
    /// One excerpt per statistic, in order: up to `before` characters of the sentence before
    /// the figure and `after` characters after it.
    pub fn excerpts(&self, before: usize, after: usize) -> Vec<Excerpt> {
        let text = self.normalised.text();
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let chars: Vec<char> = text.chars().collect();
        let origins: Vec<usize> = self.normalised.origins().collect();
        let window = Window {
            text,
            bytes: &bytes,
            chars: &chars,
            before,
            after,
        };
        self.statistics
            .iter()
            .map(|s| {
                // The normalised chars that came from the statistic's span of the original.
                let a = origins.partition_point(|&o| o < s.start);
                let b = origins.partition_point(|&o| o < s.end).max(a);
                window.excerpt(s, a, b)
            })
            .collect()
    }
}

/// The normalised text by char, and the window's size.
struct Window<'t> {
    text: &'t str,
    /// Byte offset of each char, then the text's length.
    bytes: &'t [usize],
    chars: &'t [char],
    before: usize,
    after: usize,
}

impl Window<'_> {
    /// The excerpt of statistic `s`, whose figure is chars `a..b`.
    fn excerpt(&self, s: &Statistic, a: usize, b: usize) -> Excerpt {
        let slice = |from: usize, to: usize| &self.text[self.bytes[from]..self.bytes[to]];
        let start = self.chars[..a]
            .iter()
            .rposition(|c| SENTENCE_END.contains(c))
            .map_or(0, |i| i + 1);
        let end = self.chars[b..]
            .iter()
            .position(|c| SENTENCE_END.contains(c))
            .map_or(self.chars.len(), |i| b + i + 1);
        let lo = start.max(a.saturating_sub(self.before));
        let hi = end.min(b + self.after);
        let mut figure: String = usual(slice(a, b))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if figure.is_empty() {
            figure = figure_text(s);
        }
        let mut excerpt = Excerpt {
            before: usual(slice(lo, a).trim_start()),
            figure,
            after: usual(slice(b, hi).trim_end()),
        };
        take_qualifier(&mut excerpt, &s.qualifier);
        if lo > start {
            excerpt.before.insert(0, '…');
        }
        if hi < end {
            excerpt.after.push('…');
        }
        excerpt
    }
}

/// The text with 馀 (what 餘 converts to) written 余, as the reader's qualifier is.
fn usual(text: &str) -> String {
    text.replace('馀', "余")
}

/// Moves a qualifier written outside the number and unit (超50万元, 50家以上) into the figure.
fn take_qualifier(excerpt: &mut Excerpt, qualifier: &str) {
    if qualifier.is_empty() || excerpt.figure.contains(qualifier) {
        return;
    }
    if qualifier == AFTER_UNIT {
        if let Some(rest) = excerpt.after.strip_prefix(AFTER_UNIT) {
            excerpt.after = rest.to_owned();
            excerpt.figure.push_str(AFTER_UNIT);
        }
    } else if let Some(rest) = excerpt.before.strip_suffix(qualifier) {
        excerpt.before = rest.to_owned();
        excerpt.figure.insert_str(0, qualifier);
    }
}

#[cfg(test)]
mod tests {
    use crate::Reader;

    fn excerpts(text: &str, before: usize, after: usize) -> Vec<(String, String)> {
        let Ok(reader) = Reader::embedded() else {
            panic!("embedded catalog");
        };
        reader
            .read(text)
            .excerpts(before, after)
            .into_iter()
            .map(|e| (e.figure.clone(), e.text()))
            .collect()
    }

    #[test]
    fn amounts_are_shown_as_written_not_converted() {
        let got = excerpts("全年办理行政复议案件120件,挽回经济损失65.22亿元。", 40, 20);
        let figures: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(figures, ["120件", "65.22亿元"]);
        // Punctuation comes in its Chinese form, as the reader normalises it.
        assert_eq!(
            got[1].1,
            "全年办理行政复议案件120件，挽回经济损失65.22亿元。"
        );
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_figure_never_without_it() {
        let long = format!(
            "{}共受理人民调解案件23033件{}。",
            "坚持".repeat(60),
            "深化".repeat(60)
        );
        let got = excerpts(&long, 10, 5);
        assert_eq!(got.len(), 1, "{got:?}");
        let (figure, text) = &got[0];
        assert_eq!(figure, "23033件");
        assert!(text.contains("23033件"), "{text}");
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.chars().count() <= 10 + 6 + 5 + 2, "{text}");
    }

    #[test]
    fn qualifiers_stay_with_their_figure_and_traditional_script_is_simplified() {
        let got = excerpts("全年培訓執法人員1200餘人次,罰沒超50萬元。", 40, 20);
        let figures: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(figures, ["1200余人次", "超50万元"], "{got:?}");
        assert!(got.iter().all(|(_, t)| t.contains("执法")), "{got:?}");
    }

    #[test]
    fn the_excerpt_stays_in_the_figures_sentence() {
        let got = excerpts("上年受理案件90件。本年受理案件100件;办结98件。", 40, 40);
        assert_eq!(got[1].0, "100件");
        assert_eq!(got[1].1, "本年受理案件100件；");
    }
}
