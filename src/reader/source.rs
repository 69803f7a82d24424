//! Reading a record file: bytes → UTF-8 text → (front matter, body), and byte offsets → line and
//! column for diagnostics.

use std::cell::Cell;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Pos};

/// The text of one record file and what is needed to point into it.
pub struct SourceText {
    /// Path relative to the site root, `/`-separated: what messages show.
    pub rel: String,
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    /// (line, byte offset, characters from the line start) of the last position computed.
    column_cache: Cell<(usize, usize, usize)>,
}

impl SourceText {
    pub fn new(rel: String, mut text: String) -> Self {
        // A BOM (Notepad, WPS) is not content; dropping it keeps columns right.
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceText {
            rel,
            text,
            line_starts,
            column_cache: Cell::new((usize::MAX, 0, 0)),
        }
    }

    /// Reads a file; a file that is not UTF-8 is reported at the first bad byte.
    pub fn read(root: &Path, rel: String) -> Result<Self, Diagnostic> {
        let path = root.join(&rel);
        let bytes = std::fs::read(&path).map_err(|e| {
            Diagnostic::new(
                Code::Io,
                rel.clone(),
                Pos::FILE,
                format!("无法读取文件：{e}"),
            )
        })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceText::new(rel, text)),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                let probe = SourceText::new(rel.clone(), prefix);
                let pos = probe.pos(probe.text.len(), 1);
                if is_gbk(&bytes) {
                    return Err(Diagnostic::new(
                        Code::NotUtf8,
                        rel,
                        pos,
                        "文件是 GBK 编码（记事本、WPS 的“ANSI”），不是 UTF-8",
                    )
                    .with_hint(
                        "用编辑器以 UTF-8 编码另存此文件（WPS/记事本：另存为 → 编码 UTF-8）",
                    ));
                }
                Err(Diagnostic::new(
                    Code::NotUtf8,
                    rel,
                    pos,
                    format!("文件不是 UTF-8 编码（第 {} 字节起无法解码）", valid + 1),
                )
                .with_hint("用编辑器以 UTF-8 编码另存此文件（WPS/记事本：另存为 → 编码 UTF-8）"))
            }
        }
    }

    /// The byte offset where `line` (1-based) starts; the end of the text past the last line.
    pub fn line_start(&self, line: u32) -> usize {
        (line as usize)
            .checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Line and column (1-based, in characters) of a byte offset, with the width in characters
    /// of `len` bytes from there, clipped to the line.
    pub fn pos(&self, offset: usize, len: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        // Positions are asked for in increasing order within a line (one per value), so the
        // character count continues from the last one: a line with 100,000 values stays linear.
        let (cached_line, cached_offset, cached_chars) = self.column_cache.get();
        let column = if cached_line == line && cached_offset <= offset && cached_offset >= start {
            cached_chars + char_count(&self.text, cached_offset, offset)
        } else {
            char_count(&self.text, start, offset)
        };
        self.column_cache.set((line, offset, column));
        let column = column + 1;
        let line_end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        let end = (offset + len).min(line_end);
        let width = char_count(&self.text, offset, end).max(1);
        Pos {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            width: u32::try_from(width).unwrap_or(u32::MAX),
        }
    }

    pub fn diag(
        &self,
        code: Code,
        offset: usize,
        len: usize,
        msg: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(code, self.rel.clone(), self.pos(offset, len), msg)
    }
}

/// Whether bytes that are not UTF-8 read as GBK (GB18030) without a single invalid sequence:
/// then the file was saved by a Chinese Windows program in its default encoding.
fn is_gbk(bytes: &[u8]) -> bool {
    let (_, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    !had_errors
}

fn char_count(text: &str, from: usize, to: usize) -> usize {
    // Offsets come from the TOML parser and our own scanning; snap to char boundaries so a
    // misplaced offset can never panic.
    let mut from = from.min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = to.min(text.len()).max(from);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    text[from..to].chars().count()
}

/// Where the parts of a Markdown record lie in its text.
pub(crate) struct FrontMatter<'a> {
    pub toml: &'a str,
    /// Byte offset of the TOML in the file.
    pub toml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Splits `+++\n<toml>\n+++\n<body>`. The delimiters must be alone on their lines.
pub(crate) fn split_front_matter(src: &SourceText) -> Result<FrontMatter<'_>, Diagnostic> {
    let text = src.text.as_str();
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "+++" {
        return Err(src
            .diag(
                Code::MissingFrontMatter,
                0,
                first_line_end,
                "缺少 `+++` 包围的 TOML 头部",
            )
            .with_hint("文件第一行应为 `+++`，其后是 TOML 字段，再以单独一行 `+++` 结束"));
    }
    let toml_offset = (first_line_end + 1).min(text.len());
    let mut line_start = toml_offset;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "+++" {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(FrontMatter {
                toml: &text[toml_offset..line_start],
                toml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        line_start = line_end + 1;
    }
    Err(src
        .diag(Code::UnclosedFrontMatter, 0, 3, "`+++` 头部没有结束")
        .with_hint("在 TOML 字段之后加一行 `+++`"))
}
