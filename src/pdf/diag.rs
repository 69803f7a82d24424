//! typst's short diagnostics (`file:line:col: error: message`) → our [`Diagnostic`].
//!
//! A message whose cause is in the record points at the record: a character no font has is
//! looked up in the files the document was made from (the notice, its attachments, the
//! checklist, site.toml) and reported at its line and column there, never at a line of
//! generated Typst. Problems in a template point at the template.

use std::collections::BTreeMap;
use std::path::Path;

use super::Document;
use super::templates::Template;
use crate::diagnostics::{Code, Diagnostic, Pos, Severity};

#[derive(Debug, PartialEq, Eq)]
pub struct Message {
    pub file: Option<String>,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub text: String,
}

/// Parses typst's `--diagnostic-format short` output; lines that are not diagnostics are
/// kept as errors without a place, so that nothing typst says is lost.
pub fn parse(stderr: &str) -> Vec<Message> {
    stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| parse_line(l.trim_end()))
        .collect()
}

fn parse_line(line: &str) -> Message {
    for (marker, severity) in [
        (": error: ", Severity::Error),
        (": warning: ", Severity::Warning),
    ] {
        if let Some((head, text)) = line.split_once(marker) {
            let mut parts = head.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse::<u32>().ok());
            let ln = parts.next().and_then(|c| c.parse::<u32>().ok());
            let file = parts.next();
            if let (Some(column), Some(line), Some(file)) = (col, ln, file) {
                return Message {
                    file: Some(file.to_owned()),
                    line,
                    column: column + 1,
                    severity,
                    text: text.to_owned(),
                };
            }
        }
    }
    for (prefix, severity) in [
        ("error: ", Severity::Error),
        ("warning: ", Severity::Warning),
    ] {
        if let Some(text) = line.strip_prefix(prefix) {
            return Message {
                file: None,
                line: 0,
                column: 0,
                severity,
                text: text.to_owned(),
            };
        }
    }
    Message {
        file: None,
        line: 0,
        column: 0,
        severity: Severity::Error,
        text: line.to_owned(),
    }
}

/// The characters of a PDF/A "could not be displayed" message: typst quotes the text as a
/// string literal, `"…"`.
fn missing_text(message: &str) -> Option<String> {
    let start = message.find("the text `")? + "the text `".len();
    let rest = &message[start..];
    let end = rest.find("` could not be displayed")?;
    let quoted = &rest[..end];
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    Some(unquote(inner))
}

/// Undoes typst's string escapes (`\"`, `\\`, `\n`, `\u{…}`).
fn unquote(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('u') if chars.peek() == Some(&'{') => {
                chars.next();
                let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Line and column (1-based, in characters) of the first `c` in `text`.
fn find_char(text: &str, c: char) -> Option<Pos> {
    for (i, line) in text.lines().enumerate() {
        if let Some(col) = line.chars().position(|x| x == c) {
            return Some(Pos {
                line: i as u32 + 1,
                column: col as u32 + 1,
                width: 1,
            });
        }
    }
    None
}

/// Turns typst's messages for `doc` into diagnostics. `typst_ok` says whether typst produced
/// the PDF (then its messages are warnings at most).
pub fn convert(
    root: &Path,
    doc: &Document,
    templates: &BTreeMap<String, Template>,
    messages: &[Message],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut glyphs_seen = Vec::new();
    for m in messages {
        // The font lists name fonts an office may not have (方正小标宋简体 …); falling back
        // along the list is their purpose. `dangjian fonts` shows what each role resolves to.
        if m.text.starts_with("unknown font family") {
            continue;
        }
        if let Some(text) = missing_text(&m.text) {
            for c in text.chars().filter(|c| !c.is_whitespace()) {
                if glyphs_seen.contains(&c) {
                    continue;
                }
                glyphs_seen.push(c);
                out.push(missing_glyph(root, doc, c));
            }
            continue;
        }
        let template = m.file.as_deref().and_then(|f| templates.get(f));
        let message = format!("生成 {} 的 PDF 时 typst 报告：{}", doc.output, m.text);
        let d = match template {
            // `eval` runs the record's converted Markdown: an error there comes from the
            // record (the escaping keeps it text, so this would be a bug worth reporting).
            Some(t) if line_of(&t.text, m.line).contains("eval(") => {
                Diagnostic::new(Code::Typst, &doc.record, Pos::FILE, message)
            }
            Some(t) if !t.builtin => Diagnostic::new(
                Code::Typst,
                &t.shown,
                Pos {
                    line: m.line,
                    column: m.column,
                    width: 1,
                },
                message,
            ),
            Some(t) => Diagnostic::new(
                Code::Typst,
                &doc.record,
                Pos::FILE,
                format!("{message}（内置模板 {}:{}）", t.shown, m.line),
            ),
            None => Diagnostic::new(Code::Typst, &doc.record, Pos::FILE, message),
        };
        out.push(d.with_severity(m.severity));
    }
    out
}

fn line_of(text: &[u8], line: u32) -> String {
    String::from_utf8_lossy(text)
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or_default()
        .to_owned()
}

fn missing_glyph(root: &Path, doc: &Document, c: char) -> Diagnostic {
    let message = format!(
        "字体中没有“{c}”（U+{:04X}），{} 无法生成：所配置的字体都不包含这个字符",
        c as u32, doc.output
    );
    let hint = "改用常用字或其他写法；或在 site.toml 的 [fonts] 中加入包含该字的字体（dangjian fonts 查看各角色所用字体）";
    for file in &doc.sources {
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        if let Some(pos) = find_char(&text, c) {
            return Diagnostic::new(Code::MissingGlyph, file, pos, message).with_hint(hint);
        }
    }
    Diagnostic::new(Code::MissingGlyph, &doc.record, Pos::FILE, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_diagnostics() {
        let m = parse(
            "notice.typ:34:4: error: cannot multiply length with length\n\
             gbt9704.typ:121:17: warning: unknown font family: 方正小标宋简体\n\
             error: failed to load file (access denied)\n",
        );
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].file.as_deref(), Some("notice.typ"));
        assert_eq!((m[0].line, m[0].column), (34, 5));
        assert_eq!(m[1].severity, Severity::Warning);
        assert_eq!(m[2].file, None);
        assert_eq!(m[2].text, "failed to load file (access denied)");
    }

    #[test]
    fn extracts_missing_characters() {
        let text = r#"PDF/A-2b error: the text `"😀\"x"` could not be displayed with font `"FandolFang R"`"#;
        assert_eq!(missing_text(text).as_deref(), Some("😀\"x"));
        assert_eq!(unquote(r"a\u{1f600}b"), "a😀b");
    }

    #[test]
    fn finds_characters_by_line_and_column() {
        let pos = find_char("+++\ntitle = \"甲😀\"\n", '😀');
        assert_eq!(
            pos,
            Some(Pos {
                line: 2,
                column: 11,
                width: 1
            })
        );
    }
}
