//! 输出格式 — what `fazhi extract` prints: JSON lines, or a table for people.

use std::fmt;
use std::io;

use crate::extract::Statistic;

/// A number as JSON: integral values without a fraction (18000, not 18000.0).
pub(crate) fn json_number(v: f64) -> serde_json::Number {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        serde_json::Number::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).unwrap_or_else(|| serde_json::Number::from(0))
    }
}

/// One JSON object per statistic, in text order, each on its own line
/// (`key`, `value`, `unit`, `qualifier`, `start`, `end`, `context`).
///
/// Written by hand into one buffer, byte for byte what serde_json writes for such an object
/// (a test checks it): serde_json would give a new string per line and grow it several
/// times for each sentence it copies. [`crate::Reader::write_jsonl`] writes the same lines
/// straight from the text, without the statistics or this buffer.
pub fn to_jsonl(stats: &[Statistic]) -> String {
    let mut out = String::with_capacity(stats.iter().map(|s| s.context.len() + 128).sum());
    for s in stats {
        let line = JsonLine {
            key: s.key.as_deref(),
            value: s.value,
            unit: &s.unit,
            qualifier: &s.qualifier,
            start: s.start,
            end: s.end,
            context: &s.context,
        };
        // Writing into a String cannot fail.
        let _ = line.write(&mut out);
    }
    out
}

/// The fields of one line of [`to_jsonl`], borrowed from wherever they are.
pub(crate) struct JsonLine<'a> {
    pub key: Option<&'a str>,
    pub value: f64,
    pub unit: &'a str,
    pub qualifier: &'a str,
    pub start: usize,
    pub end: usize,
    pub context: &'a str,
}

impl JsonLine<'_> {
    /// Writes the line, its newline included.
    pub(crate) fn write<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        out.write_str("{\"key\":")?;
        match self.key {
            Some(key) => push_json_str(out, key)?,
            None => out.write_str("null")?,
        }
        write!(out, ",\"value\":{},\"unit\":", json_number(self.value))?;
        push_json_str(out, self.unit)?;
        out.write_str(",\"qualifier\":")?;
        push_json_str(out, self.qualifier)?;
        write!(
            out,
            ",\"start\":{},\"end\":{},\"context\":",
            self.start, self.end
        )?;
        push_json_str(out, self.context)?;
        out.write_str("}\n")
    }
}

/// An [`io::Write`] seen as a [`fmt::Write`], keeping the IO error that a `fmt::Error` stands for.
pub(crate) struct IoSink<'w, W> {
    inner: &'w mut W,
    error: Option<io::Error>,
}

impl<'w, W: io::Write> IoSink<'w, W> {
    pub(crate) fn new(inner: &'w mut W) -> IoSink<'w, W> {
        IoSink { inner, error: None }
    }

    /// The IO error behind a failed write.
    pub(crate) fn error(&mut self) -> io::Error {
        self.error
            .take()
            .unwrap_or_else(|| io::Error::other("格式化输出失败"))
    }
}

impl<W: io::Write> fmt::Write for IoSink<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.inner.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            fmt::Error
        })
    }
}

/// `s` as a JSON string, escaped as serde_json does: `"` and `\\`, the short escapes of
/// \b \f \n \r \t, other control characters as `\u00xx`; everything else as it is.
fn push_json_str<W: fmt::Write>(out: &mut W, s: &str) -> fmt::Result {
    out.write_char('"')?;
    // Most strings need no escape: checked without an early exit, which the compiler
    // turns into wide compares.
    let plain = !s.bytes().fold(false, |any, b| any | needs_escape(b));
    if plain {
        out.write_str(s)?;
        return out.write_char('"');
    }
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // `b` is ASCII, so `i` is a char boundary.
        out.write_str(&s[from..i])?;
        if short.is_empty() {
            write!(out, "\\u{:04x}", b)?;
        } else {
            out.write_str(short)?;
        }
        from = i + 1;
    }
    out.write_str(&s[from..])?;
    out.write_char('"')
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// A plain-text table: 位置, 指标, 数值, 单位, 限定, 上下文.
pub fn to_table(stats: &[Statistic]) -> String {
    let mut out = String::from("位置\t指标\t数值\t单位\t限定\t原文\n");
    for s in stats {
        let context: String = s.context.chars().take(40).collect();
        out.push_str(&format!(
            "{}-{}\t{}\t{}\t{}\t{}\t{}\n",
            s.start,
            s.end,
            s.key.as_deref().unwrap_or("—"),
            json_number(s.value),
            s.unit,
            s.qualifier,
            context
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::Dimension;
    use serde::Serialize;

    /// One line of [`to_jsonl`], for serde_json to write.
    #[derive(Serialize)]
    struct Line<'a> {
        key: Option<&'a str>,
        value: serde_json::Number,
        unit: &'a str,
        qualifier: &'a str,
        start: usize,
        end: usize,
        context: &'a str,
    }

    fn statistic(key: Option<&str>, value: f64, context: &str) -> Statistic {
        Statistic {
            key: key.map(str::to_string),
            value,
            value_max: None,
            unit: "件".into(),
            qualifier: "余".into(),
            start: 3,
            end: 17,
            context: context.into(),
            dimension: Dimension::Count,
            precision: 0,
            sentence: 0,
            segment: 0,
            lead: String::new(),
        }
    }

    /// What serde_json writes for the same statistics.
    fn by_serde(stats: &[Statistic]) -> String {
        let mut out = String::new();
        for s in stats {
            let line = Line {
                key: s.key.as_deref(),
                value: json_number(s.value),
                unit: &s.unit,
                qualifier: &s.qualifier,
                start: s.start,
                end: s.end,
                context: &s.context,
            };
            out.push_str(&serde_json::to_string(&line).expect("serialises"));
            out.push('\n');
        }
        out
    }

    #[test]
    fn jsonl_is_what_serde_json_writes() {
        let stats = [
            statistic(Some("cases.total"), 1200.0, "共办理案件1200件。"),
            statistic(None, 99.5, "引号\"与反斜杠\\，制表\t换行\n回车\r"),
            statistic(
                Some("a.b"),
                0.125,
                "控制字符\u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f}，全角　空格",
            ),
            statistic(None, -3.0e20, ""),
        ];
        assert_eq!(to_jsonl(&stats), by_serde(&stats));
        assert_eq!(to_jsonl(&[]), "");
    }
}
