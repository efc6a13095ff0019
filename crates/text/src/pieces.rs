//! 分段读取 — a long text read piece by piece, each piece a run of whole lines.
//!
//! Every rule of the reader sees one line at most: a line end closes a sentence, a clause and
//! an item segment ([`crate::layout`]), and the scan's look-backs stop at it. Normalising also
//! starts afresh after a line end. So the statistics of a piece that starts at a line start
//! are those the whole text has there, but for two facts about the whole, which the pieces
//! are given: whether the text is converted from traditional characters, and whether
//! anything follows the piece (a number with no unit at the very end is cut off). A piece
//! then needs only its own bytes: a 14 MB text is read with a few hundred KB of fresh memory
//! instead of its normalised copy and its boundaries and candidates all at once, and a file
//! need not be read whole at all ([`JsonlStream`]).

use std::io;

use crate::extract::Reader;
use crate::normalise::normalise_body;
use crate::output::IoSink;

/// Bytes a piece holds at least (then up to its line's end): large enough that the per-piece
/// work is nothing, small enough to stay in the caches.
pub const PIECE_BYTES: usize = 256 << 10;

/// One piece of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece<'t> {
    /// The piece's text: whole lines of the original's body.
    pub text: &'t str,
    /// Char offset in the original of the piece's first char.
    pub first_char: usize,
}

/// 分段写出 — the JSON lines of a text's body fed in chunks of any size (a file read a
/// buffer at a time): each piece of at least `piece_bytes` whole lines is read as soon as
/// some content is known to follow it; what is left is read by [`JsonlStream::finish`].
pub struct JsonlStream<'r, 'c> {
    reader: &'r Reader<'c>,
    convert: bool,
    piece_bytes: usize,
    /// Bytes fed and not yet read (at most a piece, a line and a blank run).
    pending: Vec<u8>,
    /// Char and byte offset in the original of `pending`'s first byte.
    first_char: usize,
    first_byte: usize,
    written: usize,
}

impl<'r, 'c> JsonlStream<'r, 'c> {
    /// A stream for a body that starts at char and byte `start` of the original (after a
    /// metadata table: [`crate::body_start`]); `convert`: the text is traditional
    /// ([`crate::is_traditional`]).
    pub fn new(
        reader: &'r Reader<'c>,
        convert: bool,
        start: (usize, usize),
        piece_bytes: usize,
    ) -> JsonlStream<'r, 'c> {
        JsonlStream {
            reader,
            convert,
            piece_bytes: piece_bytes.max(1),
            pending: Vec::new(),
            first_char: start.0,
            first_byte: start.1,
            written: 0,
        }
    }

    /// Feeds the next bytes of the body and writes the statistics of every piece they
    /// complete. Bytes that are not UTF-8 give an `InvalidData` error.
    pub fn feed<W: io::Write>(&mut self, bytes: &[u8], out: &mut W) -> io::Result<()> {
        if self.pending.is_empty() {
            let used = self.read_pieces(bytes, out)?;
            self.pending.extend_from_slice(&bytes[used..]);
        } else {
            let mut pending = std::mem::take(&mut self.pending);
            pending.extend_from_slice(bytes);
            let used = self.read_pieces(&pending, out)?;
            pending.drain(..used);
            self.pending = pending;
        }
        Ok(())
    }

    /// Reads what is left as the text's last piece; returns the number of statistics written.
    pub fn finish<W: io::Write>(mut self, out: &mut W) -> io::Result<usize> {
        let pending = std::mem::take(&mut self.pending);
        self.read_piece(&pending, true, out)?;
        Ok(self.written)
    }

    /// Reads the whole pieces at the start of `buf`; returns the bytes read.
    fn read_pieces<W: io::Write>(&mut self, buf: &[u8], out: &mut W) -> io::Result<usize> {
        let mut start = 0;
        while let Some(end) = piece_end(buf, start, self.piece_bytes) {
            self.read_piece(&buf[start..end], false, out)?;
            start = end;
        }
        Ok(start)
    }

    fn read_piece<W: io::Write>(
        &mut self,
        bytes: &[u8],
        ends_text: bool,
        out: &mut W,
    ) -> io::Result<()> {
        // simdutf8 checks Chinese text (three-byte chars) about ten times faster than std.
        let text = simdutf8::compat::from_utf8(bytes).map_err(|e| {
            let at = self.first_byte + e.valid_up_to() + 1;
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("第 {at} 字节起不是 UTF-8 文本"),
            )
        })?;
        let analysis = self
            .reader
            .analyse(normalise_body(text, 0, self.convert), ends_text);
        let piece = Piece {
            text,
            first_char: self.first_char,
        };
        self.written += self
            .reader
            .write_piece(&analysis, piece, &mut IoSink::new(out))?;
        self.first_char += text.chars().count();
        self.first_byte += bytes.len();
        Ok(())
    }
}

/// The end of a piece starting at `start` in `buf`: just after the first line end at least
/// `size` bytes on, when content follows it in `buf` (else what follows may be the text's
/// blank tail, and the piece waits for more).
fn piece_end(buf: &[u8], start: usize, size: usize) -> Option<usize> {
    let from = start.checked_add(size)?;
    let end = from + memchr::memchr(b'\n', buf.get(from..)?)? + 1;
    has_content(&buf[end..]).then_some(end)
}

/// Whether `bytes` hold a char that normalising surely keeps as more than a space
/// (zero-width chars and `?` may be dropped, so they do not count). Bytes that are not UTF-8
/// count: reading them fails anyway.
fn has_content(bytes: &[u8]) -> bool {
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if !b.is_ascii_whitespace() && b != b'?' {
                return true;
            }
            at += 1;
            continue;
        }
        let len = match b {
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        };
        // A char cut at the buffer's end is not known yet.
        let Some(c) = bytes.get(at..at + len) else {
            return false;
        };
        match std::str::from_utf8(c).ok().and_then(|c| c.chars().next()) {
            Some(c) if c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{feff}') => {
                at += len;
            }
            _ => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_end_at_line_ends_with_content_after_them() {
        let buf = "一二\n三四五\n六\n七八\n".as_bytes();
        assert_eq!(piece_end(buf, 0, 8), Some("一二\n三四五\n".len()));
        assert_eq!(piece_end(buf, 0, 1), Some("一二\n".len()));
        // The last line: nothing follows it, so the piece waits.
        assert_eq!(piece_end(buf, "一二\n三四五\n六\n".len(), 1), None);
        assert_eq!(piece_end(buf, 0, 100), None);
    }

    #[test]
    fn a_blank_run_is_not_content() {
        assert!(!has_content("  \n\u{3000}\n\u{200b}\t?\r\n".as_bytes()));
        assert!(has_content(" \n\u{3000}。".as_bytes()));
        assert!(has_content(" x".as_bytes()));
        // A char cut at the buffer's end may be a space: not known yet.
        assert!(!has_content(&"\u{3000}".as_bytes()[..2]));
        assert!(has_content(&[0xFF, b' ', b' ', b' ']));
        let buf = "共41\n  \n\u{3000}\n".as_bytes();
        assert_eq!(piece_end(buf, 0, 1), None);
    }
}
