//! Mistakes of someone typing TOML with a Chinese input method: full-width quotes, commas,
//! colons, brackets and equals signs where TOML wants its ASCII syntax, dates written as they
//! are said (2024-3-5, 2024/3/5, 2024.3.5, 2024年3月5日), full-width digits, and a time with `：`.
//!
//! The TOML parser reports such a character as "invalid string" or "expected `=`", which
//! contradicts what the user sees (the quotes look right on screen). This scan lexes the raw
//! text just far enough to know what lies inside a string (never reported there:
//! `title = "会议：学习"` is fine) and names the mistake. Where the correction has only one
//! reading it also carries the edit that `check --fix` applies; everything else is left to the
//! user.

use std::ops::Range;

use chrono::NaiveDate;

use crate::diagnostics::{Code, Edit};

/// One mistake, in byte offsets of the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mistake {
    pub code: Code,
    /// The offending character(s): where the caret goes.
    pub at: Range<usize>,
    pub message: String,
    pub hint: String,
    /// The correction; empty when it is not unambiguous.
    pub edits: Vec<Edit>,
    /// The text still parses as TOML (a time string with `：`): reported without a parse error.
    pub parses: bool,
}

/// Keys whose values are dates: only there is a date rewritten by `--fix`.
const DATE_KEYS: &[&str] = &[
    "date",
    "founded",
    "joined",
    "print_date",
    "since",
    "start",
    "started",
    "end",
    "as_of",
];

/// Cheap test whether [`scan`] can find anything in a text that parses: only a time with `：`
/// is valid TOML among these mistakes. Keeps the scan off the path of clean files (most
/// records have a `：` in a title or a list item).
pub(crate) fn may_have_parsing_mistakes(text: &str) -> bool {
    text.contains('：')
        && text
            .lines()
            .any(|l| l.trim_start().starts_with("time") && l.contains('：'))
}

pub(crate) fn scan(text: &str) -> Vec<Mistake> {
    let mut s = Scanner {
        text,
        i: 0,
        stack: Vec::new(),
        expect_key: true,
        at_value: false,
        key: String::new(),
        last_key: String::new(),
        out: Vec::new(),
    };
    s.run();
    s.out
}

struct Scanner<'t> {
    text: &'t str,
    i: usize,
    /// Open `[` and `{` of the value being read.
    stack: Vec<char>,
    expect_key: bool,
    at_value: bool,
    /// The last key read at the top level of the current line (last segment of a dotted key).
    key: String,
    /// The last key read, also inside `{ }`: what a hint about `＝` names.
    last_key: String,
    out: Vec<Mistake>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        while let Some(c) = self.text[self.i..].chars().next() {
            let start = self.i;
            self.i += c.len_utf8();
            match c {
                '\n' if self.stack.is_empty() => {
                    self.expect_key = true;
                    self.at_value = false;
                    self.key.clear();
                    self.last_key.clear();
                }
                // An array left open (`tags = ["a"`) must not make the next key a value.
                '\n' if starts_key_line(&self.text[self.i..]) => {
                    self.stack.clear();
                    self.expect_key = true;
                    self.at_value = false;
                    self.key.clear();
                    self.last_key.clear();
                }
                '\n' => {}
                ' ' | '\t' | '\r' => {}
                '#' => self.i = self.line_end(start),
                '"' | '\'' => self.string(start, c),
                '=' => self.equals(),
                '[' => self.open_bracket(start, '['),
                '{' => {
                    self.last_key.clear();
                    self.stack.push('{');
                    self.expect_key = true;
                    self.at_value = false;
                }
                ']' | '}' => {
                    self.stack.pop();
                    self.at_value = false;
                }
                ',' => self.comma(),
                '“' | '‘' => self.fullwidth_quote(start, c),
                '”' | '’' => {
                    let m = self.mistake(
                        Code::FullwidthQuote,
                        start..self.i,
                        format!("多出一个中文引号“{c}”"),
                        "文本用英文双引号 \" 括起；中文引号只能写在文本里面".into(),
                    );
                    self.out.push(m);
                }
                '，' => {
                    // Between the items of an array or inline table a comma is the only reading.
                    let fix = !self.stack.is_empty();
                    // `[“甲”，“乙”]` becomes `["甲", "乙"]`, as TOML is usually written.
                    let spaced = self.text[self.i..].starts_with(|c: char| !c.is_whitespace());
                    let ascii = if spaced { ", " } else { "," };
                    self.punctuation(start, '，', ascii, fix, "数组各项之间用英文逗号 ,".into());
                    self.comma();
                }
                '＝' => {
                    let fix = self.expect_key && !self.last_key.is_empty();
                    let hint = self.key_value_hint();
                    self.punctuation(start, '＝', "=", fix, hint);
                    self.equals();
                }
                '：' => {
                    let hint = if self.expect_key {
                        self.key_value_hint()
                    } else {
                        "TOML 中冒号只能写在英文引号括起的文本里".into()
                    };
                    self.punctuation(start, '：', ":", false, hint);
                    if self.expect_key {
                        self.equals();
                    }
                }
                '［' => self.open_bracket(start, '［'),
                '】' | '］' => {
                    let fix = c == '］';
                    self.punctuation(start, c, "]", fix, BRACKET_HINT.into());
                    self.stack.pop();
                    self.at_value = false;
                }
                '【' => self.open_bracket(start, '【'),
                '（' | '）' => self.punctuation(
                    start,
                    c,
                    "",
                    false,
                    "TOML 不用括号；含括号的文本整体用英文双引号括起".into(),
                ),
                _ if self.at_value => self.value_token(start),
                _ if self.expect_key => self.key_token(start),
                _ => {}
            }
        }
    }

    fn line_end(&self, from: usize) -> usize {
        self.text[from..]
            .find('\n')
            .map_or(self.text.len(), |p| from + p)
    }

    fn equals(&mut self) {
        self.expect_key = false;
        self.at_value = true;
    }

    fn comma(&mut self) {
        match self.stack.last() {
            Some('{') => {
                self.last_key.clear();
                self.expect_key = true;
                self.at_value = false;
            }
            Some(_) => self.at_value = true,
            None => self.at_value = false,
        }
    }

    fn key_value_hint(&self) -> String {
        let key = if self.last_key.is_empty() {
            "字段"
        } else {
            &self.last_key
        };
        format!("字段名和值之间用英文等号：写作 {key} = …")
    }

    fn mistake(&self, code: Code, at: Range<usize>, message: String, hint: String) -> Mistake {
        Mistake {
            code,
            at,
            message,
            hint,
            edits: Vec::new(),
            parses: false,
        }
    }

    fn edit(&self, range: Range<usize>, to: String) -> Edit {
        Edit {
            from: self.text[range.clone()].to_owned(),
            range,
            to,
        }
    }

    fn punctuation(&mut self, start: usize, c: char, ascii: &str, fix: bool, hint: String) {
        let name = match c {
            '，' => "逗号",
            '＝' => "等号",
            '：' => "冒号",
            '（' | '）' => "括号",
            _ => "方括号",
        };
        let mut m = self.mistake(
            Code::FullwidthPunctuation,
            start..self.i,
            format!("这里用了中文{name}“{c}”，TOML 只认英文标点"),
            hint,
        );
        if fix {
            m.edits.push(self.edit(start..self.i, ascii.to_owned()));
        }
        self.out.push(m);
    }

    /// `[` opens a table header at the start of a line and an array elsewhere; the full-width
    /// `［` has only these readings too, `【` only the header one (`title = 【通知】` is text
    /// without quotes).
    fn open_bracket(&mut self, start: usize, c: char) {
        let header = self.expect_key && self.stack.is_empty();
        if header {
            let end = self.line_end(start);
            let line = &self.text[start..end];
            let line = line.split('#').next().unwrap_or(line).trim_end();
            if c != '[' {
                let close = if c == '【' { '】' } else { '］' };
                let inner = line.strip_prefix(c).and_then(|l| l.strip_suffix(close));
                let fix = inner.is_some_and(|k| !k.is_empty() && k.chars().all(is_key_char));
                let mut m = self.mistake(
                    Code::FullwidthPunctuation,
                    start..self.i,
                    format!("表头用了中文方括号“{c}”，TOML 只认英文标点"),
                    format!(
                        "表头写作 [{}]",
                        inner.unwrap_or("名称").trim_matches(['[', ']'])
                    ),
                );
                if fix {
                    m.edits.push(self.edit(start..self.i, "[".into()));
                    // `inner` was stripped of `close`: the line ends with it.
                    let close_at = start + line.len() - close.len_utf8();
                    m.edits
                        .push(self.edit(close_at..close_at + close.len_utf8(), "]".into()));
                }
                self.out.push(m);
            }
            // The header's name is no value; the closing bracket and anything after it on the
            // line are read by the main loop.
            let close = line
                .find([']', '】', '］'])
                .map_or(start + line.len(), |p| start + p);
            let close_len = self.text[close..].chars().next().map_or(0, char::len_utf8);
            self.i = close + close_len;
            self.key.clear();
            self.last_key.clear();
            return;
        }
        if c != '[' {
            let fix = c == '［' && self.at_value;
            self.punctuation(start, c, "[", fix, BRACKET_HINT.into());
        }
        self.stack.push('[');
        self.at_value = true;
    }

    /// A key at the start of a line or inside `{ }`: remembered, since what it names decides
    /// which corrections are safe (only a date field gets a date rewritten).
    fn key_token(&mut self, start: usize) {
        let rest = &self.text[start..];
        let len = rest
            .find(|c: char| !(is_key_char(c) || c == '.'))
            .unwrap_or(rest.len());
        self.i = (start + len).max(self.i);
        let key = &rest[..len];
        let key = key.rsplit('.').next().unwrap_or(key).to_owned();
        if self.stack.is_empty() {
            self.key = key.clone();
        }
        self.last_key = key;
    }

    /// A bare value: a number, a date, a boolean — or one written with full-width characters.
    fn value_token(&mut self, start: usize) {
        let rest = &self.text[start..];
        if rest.starts_with(|c: char| !c.is_ascii() && !is_fullwidth_digit(c))
            && spoken_date(rest.split_whitespace().next().unwrap_or_default()).is_none()
        {
            self.unquoted_text(start);
            return;
        }
        let len = rest
            .find(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        ',' | ']' | '}' | '#' | '，' | '］' | '】' | '（' | '）' | '“' | '"' | '\''
                    )
            })
            .unwrap_or(rest.len());
        self.i = start + len;
        self.at_value = false;
        let token = &rest[..len];
        let date_field = self.stack.is_empty() && DATE_KEYS.contains(&self.key.as_str());
        if let Some(first) = token.find(is_fullwidth_digit) {
            let ascii: String = token.chars().map(halfwidth).collect();
            let mut m = self.mistake(
                Code::FullwidthDigits,
                start + first..start + len,
                format!("数字用了全角字符“{token}”"),
                format!("改用半角数字：写作 {ascii}"),
            );
            let fixed = if date_field {
                spoken_date(&ascii)
                    .and_then(|(d, _)| d)
                    .map(|d| d.to_string())
            } else if ascii.parse::<i64>().is_ok()
                || (ascii.contains('.') && ascii.parse::<f64>().is_ok_and(f64::is_finite))
            {
                Some(ascii.clone())
            } else {
                None
            };
            if let Some(fixed) = fixed {
                m.hint = format!("改用半角数字：写作 {fixed}");
                m.edits.push(self.edit(start..start + len, fixed));
            }
            self.out.push(m);
            return;
        }
        if let Some((date, iso_form)) = spoken_date(token) {
            if iso_form {
                return;
            }
            let mut m = self.mistake(
                Code::DateFormat,
                start..start + len,
                format!("日期“{token}”的写法不对"),
                "日期写作 2024-03-05：四位年、两位月、两位日，用 - 连接，不加引号".into(),
            );
            match date {
                Some(d) => {
                    m.hint = format!("写作 {d}（四位年、两位月、两位日，用 - 连接，不加引号）");
                    if date_field {
                        m.edits.push(self.edit(start..start + len, d.to_string()));
                    }
                }
                None => m.message = format!("日期“{token}”不存在，写法也不对"),
            }
            self.out.push(m);
            return;
        }
        if let Some(colon) = token.find('：') {
            let ascii = token.replace('：', ":");
            let mut m = self.mistake(
                Code::FullwidthPunctuation,
                start + colon..start + colon + '：'.len_utf8(),
                "时间用了中文冒号“：”，也没有加引号".into(),
                format!("写作 \"{ascii}\"（英文冒号，英文双引号）"),
            );
            if self.key == "time" && self.stack.is_empty() && super::valid_time(&ascii) {
                m.edits
                    .push(self.edit(start..start + len, format!("\"{ascii}\"")));
            }
            self.out.push(m);
        }
    }

    /// `place = 会议室（一）`: text typed without quotes. Where it ends is the user's to say
    /// (a `#` may belong to it), so there is no fix; its brackets are not reported apart.
    fn unquoted_text(&mut self, start: usize) {
        let end = if self.stack.is_empty() {
            self.line_end(start)
        } else {
            self.text[start..]
                .find([',', ']', '}', '\n', '，', '］'])
                .map_or(self.text.len(), |p| start + p)
        };
        let text = self.text[start..end].trim_end();
        self.i = start + text.len();
        self.at_value = false;
        let quoted = format!("\"{text}\"");
        let hint = if self.stack.is_empty() && !self.key.is_empty() {
            format!("文本用英文双引号括起：写作 {} = {quoted}", self.key)
        } else {
            format!("文本用英文双引号括起：写作 {quoted}")
        };
        let m = self.mistake(
            Code::TomlSyntax,
            start..start + text.len(),
            "文本没有加英文双引号".into(),
            hint,
        );
        self.out.push(m);
    }

    /// A string in ASCII quotes: skipped, except for the two mistakes that show in one — a
    /// time with `：` and a closing quote typed full-width.
    fn string(&mut self, start: usize, q: char) {
        let triple = if q == '"' { "\"\"\"" } else { "'''" };
        if self.text[start..].starts_with(triple) {
            let body = start + 3;
            let end = find_close(self.text, body, triple, q == '"');
            self.i = end.map_or(self.text.len(), |e| e + 3);
            self.at_value = false;
            return;
        }
        let line_end = self.line_end(start);
        let Some(close) = find_close(&self.text[..line_end], start + 1, &q.to_string(), q == '"')
        else {
            self.unclosed_string(start, line_end);
            return;
        };
        self.i = close + 1;
        self.at_value = false;
        let content = &self.text[start + 1..close];
        if q == '"'
            && self.key == "time"
            && self.stack.is_empty()
            && let Some(colon) = content.find('：')
        {
            let at = start + 1 + colon;
            let ascii = content.replace('：', ":");
            let mut m = self.mistake(
                Code::FullwidthPunctuation,
                at..at + '：'.len_utf8(),
                "时间用了中文冒号“：”".into(),
                format!("写作 time = \"{ascii}\"（英文冒号）"),
            );
            m.parses = true;
            if super::valid_time(&ascii) {
                m.edits.push(self.edit(start + 1..close, ascii));
            }
            self.out.push(m);
        }
    }

    /// `title = "会议”`: opened in ASCII, closed full-width (the parser sees no end).
    fn unclosed_string(&mut self, start: usize, line_end: usize) {
        self.i = line_end;
        self.at_value = false;
        let content = self.text[start + 1..line_end].trim_end();
        let Some(last) = content.chars().next_back() else {
            return;
        };
        if last != '”' && last != '’' {
            return;
        }
        let at = start + 1 + content.len() - last.len_utf8();
        let inner = &content[..content.len() - last.len_utf8()];
        let mut m = self.mistake(
            Code::FullwidthQuote,
            at..at + last.len_utf8(),
            format!("引号不配对：开头是英文引号 \"，结尾是中文引号“{last}”"),
            format!("结尾也用英文引号：写作 \"{inner}\""),
        );
        // With another full-width quote inside, the last one may belong to the text and the
        // real end be missing: only the user knows.
        if !inner.contains(['“', '”', '‘', '’']) && !inner.contains('"') {
            m.edits
                .push(self.edit(at..at + last.len_utf8(), "\"".into()));
        }
        self.out.push(m);
    }

    /// `title = “会议”`, `topics = [“甲”，“乙”]`.
    fn fullwidth_quote(&mut self, start: usize, open: char) {
        let close = if open == '“' { '”' } else { '’' };
        let line_end = self.line_end(start);
        let body = start + open.len_utf8();
        let whole_value = self.at_value && self.stack.is_empty();
        // A whole value ends at the last closing quote of its line (the text may quote in
        // turn: `title = “学习“两会”精神”`); an array item at the next one.
        let close_at = if whole_value {
            self.text[body..line_end].rfind(close).map(|p| body + p)
        } else {
            self.text[body..line_end].find(close).map(|p| body + p)
        };
        let pair = if open == '“' { "“”" } else { "‘’" };
        let mut m = self.mistake(
            Code::FullwidthQuote,
            start..body,
            format!("文本用了中文引号{pair}，TOML 只认英文双引号 \""),
            "把文本两端的引号换成英文双引号 \"（切换到英文输入法再输入）".into(),
        );
        let Some(close_at) = close_at else {
            // `title = “会议"`: closed in ASCII.
            let ascii_close = self.text[body..line_end].find('"').map(|p| body + p);
            if let Some(c) = ascii_close {
                let inner = &self.text[body..c];
                m.message = format!("引号不配对：开头是中文引号“{open}”，结尾是英文引号 \"");
                m.hint = format!("开头也用英文引号：写作 \"{inner}\"");
                if self.at_value && !inner.contains(['“', '”', '‘', '’', '\\']) {
                    m.edits.push(self.edit(start..body, "\"".into()));
                }
                self.i = c + 1;
            } else {
                self.i = line_end;
            }
            self.at_value = false;
            self.out.push(m);
            return;
        };
        let after = close_at + close.len_utf8();
        let inner = &self.text[body..close_at];
        let rest = self.text[after..line_end].trim_start();
        let fixable = if whole_value {
            rest.is_empty() || rest.starts_with('#')
        } else {
            self.at_value && !inner.contains(['“', '”', '‘', '’'])
        };
        let quoted = format!("\"{}\"", inner.replace('\\', "\\\\").replace('"', "\\\""));
        m.hint = if whole_value && !self.key.is_empty() {
            format!("写作 {} = {quoted}（英文双引号）", self.key)
        } else {
            format!("写作 {quoted}（英文双引号）")
        };
        if fixable {
            m.edits.push(self.edit(start..after, quoted));
        }
        self.out.push(m);
        self.i = after;
        self.at_value = false;
    }
}

const BRACKET_HINT: &str = "表头和数组用英文方括号 [ ]";

/// Whether a line is `key = …` or `key ＝ …` (or a header), as opposed to an array's items.
fn starts_key_line(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t']);
    if line.starts_with(['[', '【', '［']) && !line.starts_with("[\"") {
        return line.chars().nth(1).is_some_and(is_key_char);
    }
    let key_len = line
        .find(|c: char| !(is_key_char(c) || c == '.'))
        .unwrap_or(line.len());
    key_len > 0
        && line[key_len..]
            .trim_start_matches([' ', '\t'])
            .starts_with(['=', '＝'])
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Full-width digits and the signs typed with them, as ASCII.
pub(crate) fn halfwidth(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' => '.',
        '－' => '-',
        '＋' => '+',
        '／' => '/',
        '：' => ':',
        _ => c,
    }
}

/// Reads `2024-3-5`, `2024/3/5`, `2024.3.5` and `2024年3月5日`: the date if it exists, and
/// whether the text already is the TOML form `2024-03-05`. `None`: not a date at all.
pub(crate) fn spoken_date(s: &str) -> Option<(Option<NaiveDate>, bool)> {
    let parts: Vec<&str> = if let Some(rest) = s.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        vec![y, m, d]
    } else {
        let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        s.split(sep).collect()
    };
    let [y, m, d] = parts[..] else {
        return None;
    };
    let digits = |x: &str, max: usize| {
        !x.is_empty() && x.len() <= max && x.bytes().all(|b| b.is_ascii_digit())
    };
    if !(y.len() == 4 && digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return None;
    }
    let iso = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    Some((date, iso))
}

/// The offset of the closing `delim` from `from`, skipping backslash escapes in basic strings.
fn find_close(text: &str, from: usize, delim: &str, escapes: bool) -> Option<usize> {
    let mut i = from;
    while i < text.len() {
        let rest = &text[i..];
        if escapes && rest.starts_with('\\') {
            i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
            continue;
        }
        if rest.starts_with(delim) {
            return Some(i);
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(Code, String)> {
        scan(text)
            .into_iter()
            .map(|m| (m.code, text[m.at].to_owned()))
            .collect()
    }

    #[test]
    fn text_inside_strings_is_never_a_mistake() {
        let text = "title = \"会议：学习，“两会”（一）【通知】＝１２\"\nnote = '2024年3月5日'\nbody = \"\"\"\n“甲”，\n\"\"\"\n# 注释：“”，\n";
        assert_eq!(codes(text), vec![]);
    }

    #[test]
    fn each_mistake_is_found_at_its_character() {
        assert_eq!(
            codes("title = “会议”\n"),
            vec![(Code::FullwidthQuote, "“".into())]
        );
        assert_eq!(
            codes("date ＝ 2024-03-05\n"),
            vec![(Code::FullwidthPunctuation, "＝".into())]
        );
        assert_eq!(
            codes("date = 2024/3/5\n"),
            vec![(Code::DateFormat, "2024/3/5".into())]
        );
        assert_eq!(
            codes("expected = １２\n"),
            vec![(Code::FullwidthDigits, "１２".into())]
        );
        assert_eq!(
            codes("time = \"14：30\"\n"),
            vec![(Code::FullwidthPunctuation, "：".into())]
        );
    }

    proptest::proptest! {
        /// Any text: no panic, and every range lies on character boundaries and holds what
        /// the edit says it replaces.
        #[test]
        fn scan_is_total(text in "[a-z0-9 =\\[\\]{},.\"'#\\\\\n：，＝“”‘’【】［］（）０-９年月日/-]{0,80}") {
            for m in scan(&text) {
                proptest::prop_assert!(text.get(m.at.clone()).is_some());
                for e in m.edits {
                    proptest::prop_assert_eq!(text.get(e.range.clone()), Some(e.from.as_str()));
                }
            }
        }
    }

    #[test]
    fn an_array_left_open_ends_at_the_next_key() {
        let m = scan("tags = [\"a\"\nplace ＝ 1\n");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].edits.len(), 1, "{m:?}");
        // …but the items of an array over several lines are no keys.
        assert_eq!(codes("tags = [\n  \"a\"，\n  \"b\",\n]\n").len(), 1);
        assert_eq!(scan("tags = [\n  \"a\"，\n]\n")[0].edits[0].to, ",");
    }

    #[test]
    fn equals_in_an_inline_table_names_its_key() {
        let m = scan("absentees = [{ name ＝ \"王芳\" }]\n");
        assert_eq!(m[0].hint, "字段名和值之间用英文等号：写作 name = …");
        assert_eq!(m[0].edits.len(), 1);
    }

    #[test]
    fn spoken_dates() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5);
        for s in [
            "2024-3-5",
            "2024/3/5",
            "2024.3.5",
            "2024年3月5日",
            "2024/03/05",
        ] {
            assert_eq!(spoken_date(s), Some((d, false)), "{s}");
        }
        assert_eq!(spoken_date("2024-03-05"), Some((d, true)));
        assert_eq!(spoken_date("2024-2-30"), Some((None, false)));
        assert_eq!(spoken_date("12.5"), None);
        assert_eq!(spoken_date("2024-3-5-1"), None);
    }
}
