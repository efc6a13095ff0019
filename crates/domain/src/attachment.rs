//! 附件 — files attached to register records (整改证据, 评查案卷, 决策材料, 复议/应诉文书):
//! what is accepted is decided by the content, not by the name a client sends. A file must be
//! one of the kinds below, its first bytes must be that kind's signature, and its name's
//! extension must agree; the name is cleaned of paths and control characters.

use crate::error::DomainError;

/// Largest attachment (a scanned 文书 of a few dozen pages).
pub const MAX_ATTACHMENT: usize = 20 * 1024 * 1024;

/// Longest file name kept.
const MAX_NAME_CHARS: usize = 120;

/// 附件类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    /// Word 2007+ (a ZIP package).
    Docx,
    /// Excel 2007+ (a ZIP package).
    Xlsx,
    /// 版式文档 OFD (GB/T 33190, a ZIP package).
    Ofd,
}

impl FileKind {
    pub const ALL: [FileKind; 6] = [
        Self::Pdf,
        Self::Png,
        Self::Jpeg,
        Self::Docx,
        Self::Xlsx,
        Self::Ofd,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpeg",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
            Self::Ofd => "ofd",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The media type a download is sent with.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Ofd => "application/ofd",
        }
    }

    /// The extensions a name of this kind may end with.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg"],
            Self::Docx => &["docx"],
            Self::Xlsx => &["xlsx"],
            Self::Ofd => &["ofd"],
        }
    }

    /// The kind a name's extension claims.
    fn of_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.extensions().contains(&ext.as_str()))
    }

    /// Whether `bytes` begin with this kind's signature (a ZIP package for the Office and OFD
    /// kinds, whose inner parts the viewer checks).
    fn matches(self, bytes: &[u8]) -> bool {
        match self {
            Self::Pdf => bytes.starts_with(b"%PDF-"),
            Self::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            Self::Jpeg => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
            Self::Docx | Self::Xlsx | Self::Ofd => bytes.starts_with(b"PK\x03\x04"),
        }
    }
}

/// A file accepted for attaching: its cleaned name and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedFile {
    pub name: String,
    pub kind: FileKind,
}

const KINDS_WORDS: &str = "PDF、图片(PNG、JPG)、Word(DOCX)、Excel(XLSX)或 OFD";

/// Checks an upload: not empty, within [`MAX_ATTACHMENT`], a name with a known extension, and
/// content whose signature is that kind's.
pub fn accept(name: &str, bytes: &[u8]) -> Result<AcceptedFile, DomainError> {
    let name = clean_name(name);
    if bytes.is_empty() {
        return Err(DomainError::invalid("附件", "文件为空"));
    }
    if bytes.len() > MAX_ATTACHMENT {
        return Err(DomainError::invalid(
            "附件",
            format!(
                "过大:{:.1} MB,每个附件不超过 {} MB",
                bytes.len() as f64 / 1048576.0,
                MAX_ATTACHMENT / 1048576
            ),
        ));
    }
    let Some(kind) = FileKind::of_name(&name) else {
        return Err(DomainError::invalid(
            "附件",
            format!("「{name}」的类型不支持:应为 {KINDS_WORDS}"),
        ));
    };
    if !kind.matches(bytes) {
        return Err(DomainError::invalid(
            "附件",
            format!("「{name}」的内容不是扩展名所示的类型(文件可能已损坏或被改名)"),
        ));
    }
    Ok(AcceptedFile { name, kind })
}

/// The last path component of `name`, without control characters, at most
/// [`MAX_NAME_CHARS`] characters (the extension kept).
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim();
    if cleaned.chars().count() <= MAX_NAME_CHARS {
        return cleaned.to_owned();
    }
    let (stem, ext) = cleaned.rsplit_once('.').unwrap_or((cleaned, ""));
    let keep = MAX_NAME_CHARS.saturating_sub(ext.chars().count() + 1);
    format!("{}.{ext}", stem.chars().take(keep).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_and_the_name_must_agree() {
        let pdf = b"%PDF-1.7\n...";
        let ok = accept("C:\\scan\\整改报告.PDF", pdf).unwrap();
        assert_eq!((ok.name.as_str(), ok.kind), ("整改报告.PDF", FileKind::Pdf));
        let err = accept("整改报告.docx", pdf).unwrap_err().to_string();
        assert!(err.contains("内容不是扩展名所示的类型"), "{err}");
        let err = accept("run.exe", b"MZ\x90\x00").unwrap_err().to_string();
        assert!(err.contains("类型不支持"), "{err}");
        assert!(accept("照片.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]).is_ok());
        assert!(accept("函.ofd", b"PK\x03\x04rest").is_ok());
        let err = accept("空.pdf", b"").unwrap_err().to_string();
        assert!(err.contains("文件为空"), "{err}");
    }

    #[test]
    fn too_large_is_refused_with_its_size() {
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_ATTACHMENT + 1, b' ');
        let err = accept("大.pdf", &big).unwrap_err().to_string();
        assert!(err.contains("过大:20.0 MB"), "{err}");
    }

    #[test]
    fn names_lose_paths_and_control_characters_and_keep_their_extension() {
        assert_eq!(clean_name("../../etc/passwd\u{7}.pdf"), "passwd.pdf");
        let long = format!("{}.docx", "很".repeat(300));
        let cleaned = clean_name(&long);
        assert!(cleaned.ends_with(".docx") && cleaned.chars().count() == MAX_NAME_CHARS);
    }
}
