//! One record file's diagnostics, and the TOML parser's syntax errors turned into Chinese,
//! located messages (with the keyboard-mistake scan that explains most of them).

use std::cell::RefCell;
use std::ops::Range;

use toml::de::DeTable;

use super::{controls, keyboard};
use crate::diagnostics::{Code, Diagnostic, Edit, Pos};
use crate::reader::SourceText;

/// Collects the diagnostics of one file and maps TOML offsets to file positions.
pub struct Sink<'s> {
    pub src: &'s SourceText,
    /// Offset of the TOML text inside the file (non-zero for front matter).
    base: usize,
    diags: RefCell<Vec<Diagnostic>>,
    /// Lines with TOML syntax errors: other findings there are consequences, not causes.
    syntax_lines: RefCell<Vec<u32>>,
}

impl<'s> Sink<'s> {
    pub fn new(src: &'s SourceText, base: usize) -> Self {
        Sink {
            src,
            base,
            diags: RefCell::new(Vec::new()),
            syntax_lines: RefCell::new(Vec::new()),
        }
    }

    /// An edit replacing what `span` (of the TOML text) holds in the file.
    pub fn edit(&self, span: &Range<usize>, to: String) -> Option<Edit> {
        let range = self.base + span.start..self.base + span.end;
        let from = self.src.text.get(range.clone())?.to_owned();
        Some(Edit { range, from, to })
    }

    pub fn pos(&self, span: &Range<usize>) -> Pos {
        self.src
            .pos(self.base + span.start, span.end.saturating_sub(span.start))
    }

    /// A string value as read. A string left open on a CRLF line is recovered with the line's
    /// raw `\r` (the parser stops at the `\n`); without it the value is the one the same line
    /// gives with LF endings, and a reference in it is not also reported as unknown. An
    /// escaped `\r` ("…\r" in the file) is kept.
    pub fn string_value(&self, s: &str, span: &Range<usize>) -> String {
        let raw = self
            .src
            .text
            .get(self.base + span.start..self.base + span.end)
            .unwrap_or_default();
        if s.chars().any(controls::is_stray) {
            self.stray_control(raw, span);
        }
        if raw.ends_with('\r') {
            s.strip_suffix('\r').unwrap_or(s).to_owned()
        } else {
            s.to_owned()
        }
    }

    /// Warns of the first stray control character in a string value (kept in the value: the
    /// record says what it says, and the XML outputs drop what they cannot carry).
    fn stray_control(&self, raw: &str, span: &Range<usize>) {
        let (message, at) = match controls::find(raw) {
            Some((c, r)) => (
                format!(
                    "文本含有控制字符 U+{:04X}（写作 `{}`）",
                    u32::from(c),
                    raw.get(r.clone()).unwrap_or_default()
                ),
                span.start + r.start..span.start + r.end,
            ),
            None => ("文本含有控制字符".to_owned(), span.clone()),
        };
        self.report(Code::ControlCharacter, &at, message).hint(
            "删去它；反斜杠本身要写成 `\\\\`（TOML 把 `\\b`、`\\f`、`\\u0001` 等读作看不见的控制字符）",
        );
    }

    pub fn report(
        &self,
        code: Code,
        span: &Range<usize>,
        msg: impl Into<String>,
    ) -> DiagHandle<'_> {
        let d = Diagnostic::new(code, self.src.rel.clone(), self.pos(span), msg);
        self.push(d)
    }

    pub fn report_at(&self, code: Code, pos: Pos, msg: impl Into<String>) -> DiagHandle<'_> {
        self.push(Diagnostic::new(code, self.src.rel.clone(), pos, msg))
    }

    pub fn push(&self, d: Diagnostic) -> DiagHandle<'_> {
        let mut diags = self.diags.borrow_mut();
        diags.push(d);
        DiagHandle {
            sink: self,
            index: diags.len() - 1,
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let lines = self.syntax_lines.into_inner();
        let mut diags = self.diags.into_inner();
        // The syntax errors themselves were reported first, one per line in `lines`.
        let mut index = 0;
        diags.retain(|d| {
            index += 1;
            index <= lines.len()
                || lines.is_empty()
                || (d.code != Code::MissingField && !lines.contains(&d.pos.line))
        });
        diags
    }

    /// Parses TOML text, reporting every syntax error. After an error the parser's recovered
    /// table is still read, so that the other problems of the file are found in the same run;
    /// findings it causes itself (a field lost to the error looks missing) are dropped by
    /// [`Sink::into_diagnostics`].
    pub fn parse<'i>(&self, toml_text: &'i str) -> Option<DeTable<'i>> {
        let (table, errors) = DeTable::parse_recoverable(toml_text);
        let at_crlf = |span: &Range<usize>| {
            toml_text
                .get(span.start..)
                .is_some_and(|rest| rest.starts_with("\r\n"))
        };
        let after_cr = |span: &Range<usize>| {
            span.start > 0 && toml_text.get(span.start - 1..span.start + 1) == Some("\r\n")
        };
        let spans: Vec<Range<usize>> = errors
            .iter()
            .map(|e| {
                let span = e.span().unwrap_or(0..0);
                // An error at the end of a CRLF line is shown where it is with LF: at the line's
                // first line-end character.
                if after_cr(&span) {
                    span.start - 1..span.end.max(span.start)
                } else {
                    span
                }
            })
            .collect();
        let lines: Vec<u32> = spans.iter().map(|s| self.pos(s).line).collect();
        // Lines whose end has an error that LF line endings give as well.
        let lines_with_lf_errors: std::collections::HashSet<u32> = errors
            .iter()
            .zip(&lines)
            .filter(|(e, _)| after_cr(&e.span().unwrap_or(0..0)))
            .map(|(_, l)| *l)
            .collect();
        // Offsets of the table headers (`[secretary]`) reported as defined twice.
        let mut duplicate_headers = std::collections::HashSet::new();
        let mut cursor = HeaderCursor::default();
        let mut mistakes = self.keyboard_mistakes(toml_text, !errors.is_empty());
        for (i, e) in errors.iter().enumerate() {
            let span = spans[i].clone();
            // A line with a keyboard mistake gets the specific message instead of the parser's
            // ("invalid string" at a quote that looks right on screen).
            if let Some(found) = mistakes.remove(&lines[i]) {
                for d in found {
                    self.syntax_lines.borrow_mut().push(lines[i]);
                    self.push(d);
                }
                continue;
            }
            if mistakes.taken.contains(&lines[i]) {
                continue;
            }
            // With CRLF line endings, a string left open is also reported at its line's `\r`
            // ("expected visible characters"): the same mistake, reported at the line end.
            if at_crlf(&e.span().unwrap_or(0..0)) && lines_with_lf_errors.contains(&lines[i]) {
                continue;
            }
            let (code, msg, hint) = describe_syntax_error(e.message());
            let line = lines[i];
            if e.message().contains("duplicate key") {
                let line_start = self
                    .src
                    .line_start(line)
                    .saturating_sub(self.base)
                    .min(toml_text.len());
                if toml_text[line_start..].trim_start().starts_with('[') {
                    duplicate_headers.insert(line_start);
                } else if let Some(header) = cursor.header_above(toml_text, line_start) {
                    // The keys of a table defined twice are all "defined twice" as well: the
                    // header's error says it.
                    if duplicate_headers.contains(&header) {
                        continue;
                    }
                }
            }
            self.syntax_lines.borrow_mut().push(line);
            self.report(code, &span, msg).hint(hint);
        }
        // The parser gives up on the rest of a table after some errors (a key with `＝`): the
        // mistakes it did not reach are still certain (the scan reports nothing inside strings
        // or comments), and showing them now saves a round of editing.
        if !errors.is_empty() {
            let mut rest: Vec<(u32, Vec<Diagnostic>)> = mistakes.lines.drain().collect();
            rest.sort_by_key(|(line, _)| *line);
            for (line, found) in rest {
                for d in found {
                    self.syntax_lines.borrow_mut().push(line);
                    self.push(d);
                }
            }
        }
        // Mistakes that still parse (a time with `：`) have no parse error to replace.
        for d in mistakes.parsing {
            self.push(d);
        }
        Some(table.into_inner())
    }

    /// The keyboard mistakes of a TOML text as diagnostics, by line; one per line and code,
    /// carrying the edits of all its occurrences (`[“甲”，“乙”]` is one quote mistake).
    fn keyboard_mistakes(&self, toml_text: &str, has_errors: bool) -> MistakesByLine {
        let mut by_line = MistakesByLine::default();
        if !has_errors && !keyboard::may_have_parsing_mistakes(toml_text) {
            return by_line;
        }
        let mut counts: std::collections::HashMap<(u32, Code), usize> = Default::default();
        for m in keyboard::scan(toml_text) {
            let span = m.at.clone();
            let line = self.pos(&span).line;
            let fix = m.edits.into_iter().map(|e| Edit {
                range: self.base + e.range.start..self.base + e.range.end,
                ..e
            });
            let list = if m.parses {
                &mut by_line.parsing
            } else {
                by_line.lines.entry(line).or_default()
            };
            let count = counts.entry((line, m.code)).or_default();
            *count += 1;
            match list
                .iter_mut()
                .find(|d| d.code == m.code && d.pos.line == line)
            {
                Some(first) => {
                    first.fix.extend(fix);
                    let base = first
                        .message
                        .split(MORE)
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    first.message = format!("{base}{MORE}{count} 处）");
                }
                None => list.push(
                    Diagnostic::new(m.code, self.src.rel.clone(), self.pos(&span), m.message)
                        .with_hint(m.hint)
                        .with_fix(fix.collect()),
                ),
            }
        }
        by_line
    }
}

/// Suffix of a message whose mistake occurs several times on its line.
const MORE: &str = "（此行共 ";

#[derive(Default)]
struct MistakesByLine {
    lines: std::collections::HashMap<u32, Vec<Diagnostic>>,
    /// Lines whose mistakes were reported already.
    taken: std::collections::HashSet<u32>,
    parsing: Vec<Diagnostic>,
}

impl MistakesByLine {
    fn remove(&mut self, line: &u32) -> Option<Vec<Diagnostic>> {
        let found = self.lines.remove(line)?;
        self.taken.insert(*line);
        Some(found)
    }
}

/// Finds the table header (`[name]`) a line belongs to, scanning forward once over a file's
/// errors, which come in order (so that 100,000 errors stay linear).
#[derive(Default)]
struct HeaderCursor {
    /// Offset up to which lines have been scanned.
    scanned: usize,
    /// Start of the last header line before `scanned`.
    header: Option<usize>,
}

impl HeaderCursor {
    fn header_above(&mut self, text: &str, line_start: usize) -> Option<usize> {
        if line_start < self.scanned {
            *self = HeaderCursor::default();
        }
        while self.scanned < line_start {
            let end = text[self.scanned..]
                .find('\n')
                .map_or(text.len(), |p| self.scanned + p);
            if text[self.scanned..end].trim_start().starts_with('[') {
                self.header = Some(self.scanned);
            }
            self.scanned = (end + 1).min(text.len()).max(self.scanned + 1);
        }
        self.header
    }
}

/// Chinese wording for the TOML parser's messages, for the cases users meet.
fn describe_syntax_error(raw: &str) -> (Code, String, &'static str) {
    let raw = first_line(raw.trim());
    if let Some(rest) = raw.split("expected day between 01 and ").nth(1) {
        let days: String = rest.chars().take_while(char::is_ascii_digit).collect();
        return (
            Code::InvalidDate,
            format!("日期不存在：该月只有 {days} 天"),
            DATE_HINT,
        );
    }
    if raw.contains("month between") {
        return (
            Code::InvalidDate,
            "日期不存在：月份应在 01 到 12 之间".into(),
            DATE_HINT,
        );
    }
    if raw.contains("date") || raw.contains("time") {
        return (
            Code::InvalidDate,
            format!("日期格式不对（{raw}）"),
            DATE_HINT,
        );
    }
    if raw.contains("duplicate key") {
        return (
            Code::TomlSyntax,
            "字段重复定义".into(),
            "同一字段只能写一次；删去其中一行",
        );
    }
    if raw.contains("recursion") || raw.contains("nest") {
        return (
            Code::TomlSyntax,
            "嵌套层数过多".into(),
            "记录不需要这么深的嵌套；检查方括号和花括号",
        );
    }
    (
        Code::TomlSyntax,
        format!("TOML 语法错误：{raw}"),
        "检查引号、方括号和等号是否成对；文本需要用双引号括起",
    )
}

const DATE_HINT: &str = "日期写作 2024-03-15（不加引号），且须是日历上存在的日期";

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// Lets a caller add a hint to the diagnostic it just reported.
pub struct DiagHandle<'a> {
    sink: &'a Sink<'a>,
    index: usize,
}

impl DiagHandle<'_> {
    /// Attaches a correction for `check --fix`.
    pub fn fix(self, edit: Option<Edit>) -> Self {
        if let Some(d) = self.sink.diags.borrow_mut().get_mut(self.index) {
            d.fix.extend(edit);
        }
        self
    }

    pub fn hint(self, hint: impl Into<String>) {
        if let Some(d) = self.sink.diags.borrow_mut().get_mut(self.index) {
            d.hint = Some(hint.into());
        }
    }
}
