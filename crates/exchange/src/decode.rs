//! 编码识别 — CSV files come as UTF-8 (with or without BOM) or GBK/GB18030 (Excel on Chinese
//! Windows). The encoding is decided on the first 64 KiB: a UTF-8 BOM, else valid UTF-8, else
//! GB18030 (a superset of GBK). The file is then decoded to UTF-8 as a stream.

use std::io::{self, Read};

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};

const SNIFF: usize = 64 * 1024;
/// A line longer than this is not a CSV a clerk made; refused to keep memory bounded.
const MAX_LINE_BYTES: usize = 32 * 1024 * 1024;

/// A `Read` of UTF-8 text decoded from `inner` in the detected encoding.
pub struct Decoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    output: Vec<u8>,
    filled: usize,
    out_start: usize,
    line_bytes: usize,
    pub encoding: &'static Encoding,
}

impl<R: Read> Decoded<R> {
    pub fn new(mut inner: R) -> io::Result<Self> {
        let mut input = vec![0_u8; SNIFF.max(1 << 16)];
        let mut end = 0;
        while end < SNIFF {
            let n = inner.read(&mut input[end..])?;
            if n == 0 {
                break;
            }
            end += n;
        }
        let sniff = &input[..end];
        if sniff.contains(&0) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "不是文本文件:含有二进制内容(应为 CSV、Excel xlsx 或 NDJSON 文件)",
            ));
        }
        let (encoding, bom) = match Encoding::for_bom(sniff) {
            Some((enc, len)) if enc == UTF_8 => (UTF_8, len),
            Some(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "不支持 UTF-16 编码的文本,请在 Excel 中另存为「CSV UTF-8」或「CSV(逗号分隔)」",
                ));
            }
            None if valid_utf8_prefix(sniff, end < SNIFF) => (UTF_8, 0),
            None => (GB18030, 0),
        };
        Ok(Self {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input,
            start: bom,
            end,
            eof: false,
            output: vec![0_u8; 1 << 16],
            filled: 0,
            out_start: 0,
            line_bytes: 0,
            encoding,
        })
    }

    fn refill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.input.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        let n = self.inner.read(&mut self.input[self.end..])?;
        if n == 0 {
            self.eof = true;
        }
        self.end += n;
        Ok(())
    }
}

/// True when `bytes` is UTF-8, allowing a character cut at the end of a partial sniff.
fn valid_utf8_prefix(bytes: &[u8], whole: bool) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => !whole && e.error_len().is_none(),
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_start < self.filled {
                let available = &self.output[self.out_start..self.filled];
                let n = available.len().min(buf.len());
                buf[..n].copy_from_slice(&available[..n]);
                self.out_start += n;
                self.count_lines(&buf[..n])?;
                return Ok(n);
            }
            if self.start == self.end && self.eof {
                return Ok(0);
            }
            if self.start == self.end || (self.end - self.start < 16 && !self.eof) {
                self.refill()?;
            }
            let last = self.eof;
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.start..self.end],
                &mut self.output,
                last,
            );
            self.start += read;
            self.filled = written;
            self.out_start = 0;
            if let DecoderResult::Malformed(_, _) = result {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "文件编码不一致:按 {} 解码时遇到无效字节(请在 Excel 中另存为「CSV UTF-8」)",
                        self.encoding.name()
                    ),
                ));
            }
            if written == 0 && read == 0 && self.eof {
                return Ok(0);
            }
        }
    }
}

impl<R> Decoded<R> {
    fn count_lines(&mut self, bytes: &[u8]) -> io::Result<()> {
        match memrchr_newline(bytes) {
            Some(i) => self.line_bytes = bytes.len() - i - 1,
            None => self.line_bytes += bytes.len(),
        }
        if self.line_bytes > MAX_LINE_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "一行超过 32 MB:不是表格文件,或单元格内容过长",
            ));
        }
        Ok(())
    }
}

fn memrchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().rposition(|b| *b == b'\n')
}
