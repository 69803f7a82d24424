use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

use super::visible::{is_invisible, visible, visible_message};
use super::{Diagnostic, Severity};

/// Compiler-style text: the message, the location, the offending line with a caret, the hint.
/// Source lines are read from disk here, at print time, so that records need not keep their
/// text in memory for the sake of an error message. Record text reaches the terminal here:
/// control, zero-width and bidi characters are shown escaped (`\u{200b}`), see
/// [`super::visible`].
pub fn render_human(diags: &[Diagnostic], root: &Path) -> String {
    let mut cache: HashMap<&str, Option<Vec<String>>> = HashMap::new();
    let mut out = String::new();
    for d in diags {
        let label = match d.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        let _ = writeln!(
            out,
            "{label}[{}]: {}",
            d.code.name(),
            visible_message(&d.message)
        );
        if d.sheet.is_some() {
            // A cell has no line of text to show under the place.
            let _ = writeln!(out, "  --> {}", visible(&d.location()));
        } else if !d.file.is_empty() {
            if d.pos.line == 0 {
                let _ = writeln!(out, "  --> {}", visible(&d.file));
            } else {
                let _ = writeln!(
                    out,
                    "  --> {}:{}:{}",
                    visible(&d.file),
                    d.pos.line,
                    d.pos.column
                );
                let lines = cache
                    .entry(d.file.as_str())
                    .or_insert_with(|| read_lines(&root.join(&d.file)));
                if let Some(text) = lines.as_ref().and_then(|l| l.get(d.pos.line as usize - 1)) {
                    write_snippet(&mut out, d, text);
                }
            }
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "   = 提示：{}", visible_message(hint));
        }
        out.push('\n');
    }
    out
}

/// How many warnings `build` and `serve` list; the rest are counted (all of them: `check`).
pub const SHOWN_WARNINGS: usize = 10;

/// A build's problems as text: every error, the first [`SHOWN_WARNINGS`] warnings, and a
/// line with the counts. Empty when there is nothing to tell. With `quiet`, warnings are
/// counted but not listed.
pub fn render_build_summary(diags: super::Diagnostics, root: &Path, quiet: bool) -> String {
    let errors = diags.error_count();
    let warnings = diags.warning_count();
    if errors == 0 && (warnings == 0 || quiet) {
        return String::new();
    }
    let mut shown_warnings = 0;
    let limit = if quiet { 0 } else { SHOWN_WARNINGS };
    let list: Vec<_> = diags
        .sorted()
        .into_iter()
        .filter(|d| {
            d.is_error() || {
                shown_warnings += 1;
                shown_warnings <= limit
            }
        })
        .collect();
    let mut text = render_human(&list, root);
    text.push_str(&format!("共 {errors} 个错误，{warnings} 个警告"));
    if warnings > limit {
        text.push_str(&format!(
            "（{}；运行 dangjian check 查看全部）",
            if limit == 0 {
                "警告未列出".to_owned()
            } else {
                format!("只列出前 {limit} 个警告")
            }
        ));
    }
    text.push('\n');
    text
}

fn read_lines(path: &Path) -> Option<Vec<String>> {
    let bytes = std::fs::read(path).ok()?;
    // A 50 MB record should not be split into lines just to show one of them twice.
    let text = String::from_utf8_lossy(&bytes);
    Some(text.lines().map(str::to_owned).collect())
}

fn write_snippet(out: &mut String, d: &Diagnostic, line: &str) {
    const MAX_CHARS: usize = 160;
    let gutter = d.pos.line.to_string();
    let pad = " ".repeat(gutter.len());
    let chars: Vec<char> = line.trim_end_matches('\r').chars().collect();
    let col = (d.pos.column as usize).saturating_sub(1).min(chars.len());
    // Very long lines are cut around the column so that the caret stays on screen.
    let start = col.saturating_sub(MAX_CHARS / 2);
    let end = (start + MAX_CHARS).min(chars.len());
    let mut shown = String::new();
    for c in &chars[start..end] {
        push_shown(&mut shown, *c);
    }
    let lead = if start > 0 { "…" } else { "" };
    let _ = writeln!(out, " {pad} |");
    let _ = writeln!(out, " {gutter} | {lead}{shown}");
    let before: usize = chars[start..col]
        .iter()
        .map(|c| shown_width(*c))
        .sum::<usize>()
        + if start > 0 { 1 } else { 0 };
    let width = (d.pos.width as usize).max(1);
    // The caret ends where the shown part of the line ends.
    let caret_width: usize = chars[col..(col + width).min(end).max(col)]
        .iter()
        .map(|c| shown_width(*c))
        .sum::<usize>()
        .max(1);
    let _ = writeln!(
        out,
        " {pad} | {}{}",
        " ".repeat(before),
        "^".repeat(caret_width)
    );
}

/// A tab of the source line is shown as four spaces (the caret could not follow a real tab);
/// other invisible characters escaped.
fn push_shown(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("    "),
        c if is_invisible(c) => out.push_str(&visible(c.encode_utf8(&mut [0; 4]))),
        c => out.push(c),
    }
}

/// Terminal columns `c` takes as [`push_shown`] shows it.
fn shown_width(c: char) -> usize {
    match c {
        '\t' => 4,
        c if is_invisible(c) => visible(c.encode_utf8(&mut [0; 4])).chars().count(),
        c => display_width(c),
    }
}

/// Terminal columns a character takes: CJK and full-width forms take two.
pub fn display_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// One JSON object per line, for editors and CI: `file`, `line`, `column`, `severity`, `code`,
/// `message`, `hint`.
pub fn render_json_lines(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let mut value = serde_json::json!({
            "file": d.file,
            "line": d.pos.line,
            "column": d.pos.column,
            "severity": d.severity.as_str(),
            "code": d.code.name(),
            "message": d.message,
            "hint": d.hint,
        });
        // Only for spreadsheet cells, so that every other diagnostic's line stays as it was.
        if let (Some(sheet), Some(map)) = (&d.sheet, value.as_object_mut()) {
            map.insert("sheet".to_owned(), serde_json::json!(sheet.name));
        }
        out.push_str(&value.to_string());
        out.push('\n');
    }
    out
}
