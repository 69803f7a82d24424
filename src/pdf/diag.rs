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
pub(super) struct Message {
    pub file: Option<String>,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub text: String,
}

/// Parses typst's `--diagnostic-format short` output; lines that are not diagnostics are
/// kept as errors without a place, so that nothing typst says is lost.
pub(super) fn parse(stderr: &str) -> Vec<Message> {
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
pub(super) fn convert(
    root: &Path,
    doc: &Document,
    templates: &BTreeMap<String, Template>,
    messages: &[Message],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut glyphs_seen = Vec::new();
    let reported: Vec<char> = messages
        .iter()
        .filter_map(|m| missing_text(&m.text))
        .flat_map(|t| missing_chars(&t))
        .collect();
    let spurious = bases_of_missing_marks(root, &doc.sources, &reported);
    for m in messages {
        // The font lists name fonts an office may not have (方正小标宋简体 …); falling back
        // along the list is their purpose. `dangjian fonts` shows what each role resolves to.
        if m.text.starts_with("unknown font family") {
            continue;
        }
        if let Some(text) = missing_text(&m.text) {
            for c in missing_chars(&text) {
                if glyphs_seen.contains(&c) || spurious.contains(&c) {
                    continue;
                }
                glyphs_seen.push(c);
                out.push(missing_glyph(root, doc, c));
            }
            continue;
        }
        if let Some(d) = located_in_record(root, doc, m) {
            out.push(d.with_severity(m.severity));
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

/// Messages whose cause is a stretch of a record's text rather than a place in a template:
/// found in the document's source files and reported there.
fn located_in_record(root: &Path, doc: &Document, m: &Message) -> Option<Diagnostic> {
    if m.text.contains("PDF string is longer than") {
        // PDF/A allows strings of 32,767 characters; typst writes a run of text without a
        // break as one string. The record's longest such run is the cause.
        let (file, pos, n) = longest_run(root, &doc.sources)?;
        return (n >= LONG_RUN).then(|| {
            Diagnostic::new(
                Code::Typst,
                file,
                pos,
                format!(
                    "这里有一段 {n} 个字符、中间没有空格或换行的文字，{} 无法生成（PDF/A 中一段文字不能超过 32767 个字符；typst 报告：{}）",
                    doc.output, m.text
                ),
            )
            .with_hint("在这段文字中分段或加入空格，或删去重复的字符")
        });
    }
    None
}

/// Runs this long or longer can make a PDF string too long (a glyph can take two bytes).
const LONG_RUN: usize = 8_000;

/// The longest run of non-whitespace characters in `sources`: its file, place and length.
fn longest_run(root: &Path, sources: &[String]) -> Option<(String, Pos, usize)> {
    let mut best: Option<(String, Pos, usize)> = None;
    for file in sources {
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let mut start = 0;
            let mut len = 0;
            for (col, c) in line.chars().chain([' ']).enumerate() {
                if !c.is_whitespace() {
                    if len == 0 {
                        start = col;
                    }
                    len += 1;
                    continue;
                }
                if len > best.as_ref().map_or(0, |b| b.2) {
                    let pos = Pos {
                        line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        column: u32::try_from(start + 1).unwrap_or(u32::MAX),
                        width: u32::try_from(len).unwrap_or(u32::MAX),
                    };
                    best = Some((file.clone(), pos, len));
                }
                len = 0;
            }
        }
    }
    best
}

/// The characters of a text typst could not show that are the likely culprits. typst names a
/// whole cluster: for `a` with a combining mark (`a\u{20dd}`) the mark is what no font has,
/// not the `a` (reported before, at the first `a` of the file, the `format` line). So in a
/// cluster of several characters the first is left out when it is ASCII.
fn missing_chars(text: &str) -> Vec<char> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut out = Vec::new();
    for cluster in text.graphemes(true) {
        let mut chars = cluster.chars();
        let first = chars.next();
        let rest: Vec<char> = chars.collect();
        if let Some(c) = first.filter(|c| rest.is_empty() || !c.is_ascii()) {
            out.push(c);
        }
        out.extend(rest);
    }
    out.retain(|c| !c.is_whitespace());
    out
}

/// Letters that typst reports only because a mark on them is missing: for `a\u{20dd}` typst
/// says that neither `"a"` nor `"\u{20dd}"` can be shown, in two messages. A reported
/// character that carries a reported mark somewhere in the sources is left out; the mark is
/// the problem (and once it is gone, a letter really missing would still be reported).
fn bases_of_missing_marks(root: &Path, sources: &[String], reported: &[char]) -> Vec<char> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut bases = Vec::new();
    for file in sources {
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        for cluster in text.graphemes(true) {
            let mut chars = cluster.chars();
            let Some(first) = chars.next() else {
                continue;
            };
            if reported.contains(&first)
                && !bases.contains(&first)
                && chars.any(|c| reported.contains(&c))
            {
                bases.push(first);
            }
        }
    }
    bases
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
    fn a_combining_mark_is_missing_not_its_letter() {
        assert_eq!(missing_chars("a\u{20dd}"), ['\u{20dd}']);
        assert_eq!(missing_chars("😀\"x"), ['😀', '"', 'x']);
        assert_eq!(missing_chars("甲\u{1ab0} b"), ['甲', '\u{1ab0}', 'b']);
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
