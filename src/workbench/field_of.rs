//! Which form field a diagnostic is about: the dotted key written on its line
//! (`date`, `absentees.2.reason`, a row inside a one-line inline array), or `body` for a line
//! of the Markdown body. The form shows the message beside that field.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;

/// The dotted key written on the line of `d` in `text` (`date`, `secretary.name`,
/// `absentees.1.reason` with rows counted from 0 as in [`Document::get`]), so that a form can
/// show the diagnostic next to its field; `body` for a line of a Markdown body; `None` for a
/// diagnostic about the whole file or a line that holds no key.
pub fn field_of(text: &str, d: &Diagnostic) -> Option<String> {
    let target = usize::try_from(d.pos.line).ok()?.checked_sub(1)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split('\n').collect();
    let (first, end) = if d.file.ends_with(".md") {
        if lines.first().is_none_or(|l| l.trim_end() != "+++") {
            return None;
        }
        let close = lines.iter().skip(1).position(|l| l.trim_end() == "+++")? + 1;
        if target > close {
            return Some("body".to_owned());
        }
        (1, close)
    } else {
        (0, lines.len())
    };
    if target < first || target >= end {
        return None;
    }
    let mut scan = KeyScan::default();
    for line in &lines[first..target] {
        scan.line(line);
    }
    let key = scan.key_of(lines[target])?;
    let column = usize::try_from(d.pos.column).unwrap_or(0);
    Some(match inline_path(lines[target], column) {
        Some(inner) if !inner.is_empty() => format!("{key}.{inner}"),
        _ => key,
    })
}

/// Within a one-line value of inline tables and arrays (`absentees = [{ name = "甲", reason =
/// "" }]`), the path from the value to the character at `column` (1-based): `0.reason`.
fn inline_path(line: &str, column: usize) -> Option<String> {
    enum Frame {
        Array(usize),
        Table(Option<String>),
    }
    let (before_value, value) = line.split_once('=')?;
    let mut at = before_value.chars().count() + 1;
    let mut stack: Vec<Frame> = Vec::new();
    let mut key = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        at += 1;
        if at >= column {
            break;
        }
        let in_key = matches!(stack.last(), Some(Frame::Table(None)));
        match c {
            '[' => stack.push(Frame::Array(0)),
            '{' => stack.push(Frame::Table(None)),
            ']' | '}' => {
                stack.pop();
            }
            ',' => match stack.last_mut() {
                Some(Frame::Array(i)) => *i += 1,
                Some(Frame::Table(k)) => *k = None,
                None => {}
            },
            '=' if in_key => {
                let k = std::mem::take(&mut key)
                    .trim()
                    .trim_matches(['"', '\''])
                    .to_owned();
                if let Some(Frame::Table(slot)) = stack.last_mut() {
                    *slot = Some(k);
                }
            }
            '"' | '\'' if !in_key => {
                // Skip the string, counting its characters.
                let mut escaped = false;
                for s in chars.by_ref() {
                    at += 1;
                    if escaped {
                        escaped = false;
                    } else if s == '\\' && c == '"' {
                        escaped = true;
                    } else if s == c {
                        break;
                    }
                }
            }
            '#' if !in_key => break,
            c if in_key => key.push(c),
            _ => {}
        }
    }
    let parts: Vec<String> = stack
        .iter()
        .filter_map(|f| match f {
            Frame::Array(i) => Some(i.to_string()),
            Frame::Table(k) => k.clone(),
        })
        .collect();
    Some(parts.join("."))
}

/// Follows the statements of a TOML text line by line: the table a header opened (rows of an
/// array of tables numbered) and whether a value continues on the next line.
#[derive(Default)]
struct KeyScan {
    table: Vec<String>,
    rows: HashMap<String, usize>,
    /// The key of a value that is still open (a multi-line array or string).
    open: Option<String>,
    depth: i32,
    multiline: Option<&'static str>,
}

impl KeyScan {
    fn key_of(&mut self, line: &str) -> Option<String> {
        if let Some(key) = &self.open {
            return Some(key.clone());
        }
        self.line(line);
        let t = line.trim_start();
        if t.starts_with('[') {
            return (!self.table.is_empty()).then(|| self.table.join("."));
        }
        self.statement_key(t)
    }

    fn statement_key(&self, t: &str) -> Option<String> {
        let (key, _) = t.split_once('=')?;
        let key = key.trim();
        if key.is_empty() || key.starts_with('#') {
            return None;
        }
        Some(
            self.table
                .iter()
                .cloned()
                .chain(name_path(key))
                .collect::<Vec<_>>()
                .join("."),
        )
    }

    fn line(&mut self, line: &str) {
        if self.open.is_some() {
            self.value(line);
            if self.depth <= 0 && self.multiline.is_none() {
                self.open = None;
            }
            return;
        }
        let t = line.trim();
        if let Some(header) = t.strip_prefix("[[") {
            let name = header.split("]]").next().unwrap_or("").trim();
            let path = name_path(name);
            let row = self.rows.entry(path.join(".")).or_insert(0);
            self.table = path;
            self.table.push(row.to_string());
            *row += 1;
            // A row's own sub-arrays start counting again.
            let prefix = format!("{}.", self.table.join("."));
            self.rows.retain(|k, _| !k.starts_with(&prefix));
        } else if let Some(header) = t.strip_prefix('[') {
            let name = header.split(']').next().unwrap_or("").trim();
            self.table = name_path(name);
        } else if let Some(key) = self.statement_key(t) {
            self.depth = 0;
            self.multiline = None;
            if let Some((_, value)) = t.split_once('=') {
                self.value(value);
            }
            if self.depth > 0 || self.multiline.is_some() {
                self.open = Some(key);
            }
        }
    }

    /// Counts brackets outside strings and comments, and notes a multi-line string left open.
    fn value(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(delim) = self.multiline {
                match rest.find(delim) {
                    Some(i) => {
                        rest = &rest[i + 3..];
                        self.multiline = None;
                    }
                    None => return,
                }
                continue;
            }
            for delim in ["\"\"\"", "'''"] {
                if let Some(r) = rest.strip_prefix(delim) {
                    self.multiline = Some(delim);
                    rest = r;
                }
            }
            if self.multiline.is_some() {
                continue;
            }
            let mut chars = rest.chars();
            let Some(c) = chars.next() else { return };
            rest = chars.as_str();
            match c {
                '#' => return,
                '[' | '{' => self.depth += 1,
                ']' | '}' => self.depth -= 1,
                '"' => rest = after_string(rest, '"', true),
                '\'' => rest = after_string(rest, '\'', false),
                _ => {}
            }
        }
    }
}

fn name_path(name: &str) -> Vec<String> {
    name.split('.')
        .map(|k| k.trim().trim_matches(['"', '\'']).to_owned())
        .collect()
}

/// The text after the closing quote of a one-line string.
fn after_string(s: &str, quote: char, escapes: bool) -> &str {
    let mut it = s.char_indices();
    while let Some((i, c)) = it.next() {
        if escapes && c == '\\' {
            it.next();
        } else if c == quote {
            return &s[i + c.len_utf8()..];
        }
    }
    ""
}
