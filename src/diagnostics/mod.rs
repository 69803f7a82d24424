//! One diagnostics type for the whole tool: loading, validation, rules, templates and Typst all
//! report through [`Diagnostic`], so that every problem of a run can be collected, sorted and
//! printed together, in the terminal, as JSON, or in the browser during `serve`.

mod code;
mod render;
mod visible;

pub use code::Code;
pub use render::{
    SHOWN_WARNINGS, display_width as char_width, render_build_summary, render_human,
    render_json_lines,
};
pub use visible::{is_invisible, visible, visible_lines, visible_message};

use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file: 1-based line and column (columns count characters, not bytes), and how
/// many characters the problem spans on that line (for the caret). Line 0 means "the whole file".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub width: u32,
}

impl Pos {
    pub const FILE: Pos = Pos {
        line: 0,
        column: 0,
        width: 0,
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// Path relative to the site root, with `/` separators; empty when not about a file.
    pub file: String,
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
    /// The mechanical correction `check --fix` may apply; empty when only the user can decide.
    pub fix: Vec<Edit>,
    /// The worksheet when the file is a spreadsheet (`import`): then `pos` is a cell (line =
    /// row, column = column number) and the place prints as `文件:工作表:行:列` with the column's
    /// letter, as Excel and WPS show it. Empty for a CSV file (it has no sheets).
    pub sheet: Option<Box<Sheet>>,
}

/// The worksheet of a cell diagnostic. Behind a thin pointer: a diagnostic is passed by value
/// everywhere (`Result<_, Diagnostic>`) and every other one has no sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
}

/// One replacement in a file's text (byte offsets after a BOM, as in `SourceText`). `from` is
/// what the range held when the problem was found: `check --fix` applies an edit only while the
/// file still holds it, so a file edited meanwhile is never corrupted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: std::ops::Range<usize>,
    pub from: String,
    pub to: String,
}

impl Diagnostic {
    pub fn new(code: Code, file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.default_severity(),
            code,
            file: file.into(),
            pos,
            message: message.into(),
            hint: None,
            fix: Vec::new(),
            sheet: None,
        }
    }

    /// A problem in one cell of a spreadsheet: `row` and `column` are 1-based.
    pub fn at_cell(
        code: Code,
        file: impl Into<String>,
        sheet: impl Into<String>,
        row: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        let pos = Pos {
            line: row,
            column,
            width: 1,
        };
        let mut d = Diagnostic::new(code, file, pos, message);
        d.sheet = Some(Box::new(Sheet { name: sheet.into() }));
        d
    }

    /// `file:line:column`, or `file:sheet:row:column-letter` for a spreadsheet cell
    /// (`file:row:column-letter` for a CSV file; `file:sheet` when the column is unknown).
    pub fn location(&self) -> String {
        match &self.sheet {
            None => format!("{}:{}:{}", self.file, self.pos.line, self.pos.column),
            Some(sheet) => {
                let mut out = self.file.clone();
                if !sheet.name.is_empty() {
                    out.push(':');
                    out.push_str(&sheet.name);
                }
                if self.pos.line > 0 {
                    out.push_str(&format!(":{}", self.pos.line));
                    if self.pos.column > 0 {
                        out.push(':');
                        out.push_str(&column_letters(self.pos.column));
                    }
                }
                out
            }
        }
    }

    /// A problem that is not about one place in a file (a missing program, an I/O failure).
    pub fn general(code: Code, message: impl Into<String>) -> Self {
        Diagnostic::new(code, "", Pos::FILE, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_fix(mut self, fix: Vec<Edit>) -> Self {
        self.fix = fix;
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (&str, u32, u32, Severity, &'static str, &str) {
        (
            &self.file,
            self.pos.line,
            self.pos.column,
            self.severity,
            self.code.name(),
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.file.is_empty() {
            write!(
                f,
                "{}[{}]: {}",
                self.severity.as_str(),
                self.code.name(),
                self.message
            )
        } else {
            write!(
                f,
                "{}: {}[{}]: {}",
                self.location(),
                self.severity.as_str(),
                self.code.name(),
                self.message
            )
        }
    }
}

/// All diagnostics of a run. Stages push into it; the command line sorts and prints it once.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file, line, column; exact duplicates (the same problem found twice) dropped.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    /// Turns every warning into an error (`--strict`).
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// A spreadsheet column's letters: 1 → A, 26 → Z, 27 → AA.
pub fn column_letters(column: u32) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The path of `path` relative to `root`, with `/` separators, for messages.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&part.as_os_str().to_string_lossy());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_placed_as_excel_names_it() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
        let d = Diagnostic::at_cell(Code::ImportCell, "台账.xlsx", "活动台账", 5, 3, "坏");
        assert_eq!(d.location(), "台账.xlsx:活动台账:5:C");
        assert_eq!(
            d.to_string(),
            "台账.xlsx:活动台账:5:C: error[import-cell]: 坏"
        );
        let csv = Diagnostic::at_cell(Code::ImportCell, "a.csv", "", 2, 0, "坏");
        assert_eq!(csv.location(), "a.csv:2");
        let json = render_json_lines(&[d]);
        assert!(json.contains("\"sheet\":\"活动台账\""), "{json}");
        // Every other diagnostic prints as before, without a sheet key.
        let plain = Diagnostic::new(Code::Usage, "a.md", Pos::FILE, "x");
        assert!(!render_json_lines(&[plain]).contains("sheet"));
    }
}
