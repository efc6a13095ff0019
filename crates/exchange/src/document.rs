//! 报告文件 — the text of an uploaded published report, for the reader: plain text (UTF-8 or
//! GBK), Word (docx: the paragraphs of `word/document.xml`) or PDF (poppler's `pdftotext`, when
//! the server has it). Every way in is capped, as the import's readers are.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::process::Command;

use quick_xml::events::Event;

use crate::ExchangeError;
use crate::decode::Decoded;

/// The longest report text returned.
pub const MAX_REPORT_TEXT: usize = 2 << 20;
/// The largest `word/document.xml` inflated (text and markup).
const MAX_DOCX_XML: u64 = 64 << 20;

fn too_long() -> ExchangeError {
    ExchangeError::file(format!(
        "报告文本超过 {} MB,请分段上传",
        MAX_REPORT_TEXT >> 20
    ))
}

/// The text of the report file at `path`, whose name (extension) says its kind.
pub fn report_text(path: &Path, name: &str) -> Result<String, ExchangeError> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let text = match ext.as_str() {
        "docx" => docx_text(path)?,
        "pdf" => pdf_text(path)?,
        "doc" | "wps" => {
            return Err(ExchangeError::file(
                "不支持旧版 Word(.doc/.wps)文件,请另存为「Word 文档(.docx)」或 PDF",
            ));
        }
        _ => plain_text(path)?,
    };
    if text.len() > MAX_REPORT_TEXT {
        return Err(too_long());
    }
    if text.trim().is_empty() {
        return Err(ExchangeError::file("文件中没有可读取的文字"));
    }
    Ok(text)
}

fn plain_text(path: &Path) -> Result<String, ExchangeError> {
    let decoded = Decoded::new(BufReader::new(File::open(path)?))
        .map_err(|e| ExchangeError::file(e.to_string()))?;
    let mut text = String::new();
    decoded
        .take(MAX_REPORT_TEXT as u64 + 1)
        .read_to_string(&mut text)
        .map_err(|e| ExchangeError::file(format!("文本无法读取:{e}")))?;
    Ok(text)
}

fn docx_text(path: &Path) -> Result<String, ExchangeError> {
    let not_docx =
        |e: zip::result::ZipError| ExchangeError::file(format!("不是有效的 Word(docx)文件:{e}"));
    let mut archive = zip::ZipArchive::new(BufReader::new(File::open(path)?)).map_err(not_docx)?;
    let part = archive.by_name("word/document.xml").map_err(not_docx)?;
    let mut xml = Vec::new();
    part.take(MAX_DOCX_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|e| ExchangeError::file(format!("Word 文件已损坏:{e}")))?;
    if xml.len() as u64 > MAX_DOCX_XML {
        return Err(too_long());
    }
    paragraphs(&xml)
}

fn is(name: quick_xml::name::LocalName<'_>, tag: &str) -> bool {
    name.as_ref() == tag
}

/// The text of WordprocessingML: `w:t` runs, a tab for `w:tab`, a line per `w:p`.
fn paragraphs(xml: &[u8]) -> Result<String, ExchangeError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut text = String::new();
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ExchangeError::file(format!("Word 文件内容无法解析:{e}")))?;
        match event {
            Event::Start(e) if is(e.local_name(), "t") => in_text = true,
            Event::End(e) if is(e.local_name(), "t") => in_text = false,
            Event::End(e) if is(e.local_name(), "p") => text.push('\n'),
            Event::Empty(e) if is(e.local_name(), "tab") => text.push('\t'),
            Event::Empty(e) if is(e.local_name(), "br") => text.push('\n'),
            Event::Text(t) if in_text => {
                text.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                    continue;
                }
                text.push_str(match r.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::Eof => break,
            _ => {}
        }
        if text.len() > MAX_REPORT_TEXT {
            return Err(too_long());
        }
    }
    Ok(text)
}

fn pdf_text(path: &Path) -> Result<String, ExchangeError> {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-nopgbrk"])
        .arg(path)
        .arg("-")
        .output()
        .map_err(|_| {
            ExchangeError::file(
                "服务器未安装 pdftotext(poppler-utils),无法读取 PDF;请复制报告文字粘贴",
            )
        })?;
    if !output.status.success() {
        return Err(ExchangeError::file(
            "PDF 文件无法读取(可能已损坏、加密或只含扫描图片)",
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| ExchangeError::file("PDF 中的文字无法识别"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_paragraphs_runs_and_entities() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>办理案件</w:t></w:r><w:r><w:t xml:space="preserve"> 1.3 万件</w:t></w:r></w:p>
            <w:p><w:r><w:t>A&amp;B</w:t><w:tab/><w:t>满意率99%</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let text = paragraphs(xml.as_bytes()).unwrap();
        assert_eq!(text, "办理案件 1.3 万件\nA&B\t满意率99%\n");
    }
}
