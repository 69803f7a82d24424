//! The safety invariants of the three input paths, shared by the property tests
//! (`tests/proptest_*.rs`) and the fuzz targets (`fuzz/fuzz_targets/*.rs`, which include this
//! file by path). Each checker returns what is wrong, never panics itself.
//!
//! - [`check_typst`]: the Typst markup made from a record's Markdown contains no code but the
//!   fixed calls of `src/markup/typst.rs`; every other ASCII punctuation character is escaped.
//! - [`check_html`]: the HTML made from a record's Markdown contains only an allow-list of
//!   tags and attributes, no raw `<`, `>` or `&` in text, and no link or image URL other than
//!   a fragment, http(s), mailto, or what the site's resolver returned.
//! - [`check_record_diagnostics`]: every diagnostic about a file points into it.

/// The Typst calls the converter may write; each is followed by `[` (content) or is complete.
const TYPST_CALLS: &[&str] = &[
    "lv1[", "lv2[", "lv3[", "lv4[", "runin[", "part[", "emph[", "strong[", "strike[", "super[",
    "sub[",
];

/// Checks one block (or several, joined) of Typst markup from `markup::typst::to_typst`.
pub fn check_typst(out: &str) -> Result<(), String> {
    let chars: Vec<char> = out.chars().collect();
    let mut p = TypstScan {
        chars: &chars,
        i: 0,
    };
    p.markup(0)?;
    if p.i != chars.len() {
        return Err(p.err("unbalanced `]`"));
    }
    Ok(())
}

struct TypstScan<'a> {
    chars: &'a [char],
    i: usize,
}

impl TypstScan<'_> {
    fn err(&self, what: &str) -> String {
        let from = self.i.saturating_sub(30);
        let to = (self.i + 30).min(self.chars.len());
        let near: String = self.chars[from..to].iter().collect();
        format!("{what} at char {} near {near:?}", self.i)
    }

    fn rest_starts_with(&self, s: &str) -> bool {
        let n = s.chars().count();
        self.chars
            .get(self.i..self.i + n)
            .is_some_and(|w| w.iter().copied().eq(s.chars()))
    }

    /// Markup up to an unmatched `]` (left unconsumed) or the end; `depth` guards recursion.
    fn markup(&mut self, depth: usize) -> Result<(), String> {
        if depth > 10_000 {
            return Err(self.err("nesting deeper than 10,000"));
        }
        while let Some(&c) = self.chars.get(self.i) {
            match c {
                '\\' => {
                    let Some(&next) = self.chars.get(self.i + 1) else {
                        return Err(self.err("`\\` at the end"));
                    };
                    if !next.is_ascii_punctuation() {
                        return Err(self.err("`\\` before a character that needs no escape"));
                    }
                    self.i += 2;
                }
                ']' => return Ok(()),
                '#' => {
                    self.i += 1;
                    if self.rest_starts_with("linebreak()") {
                        self.i += "linebreak()".len();
                    } else if self.rest_starts_with("table(columns: ") {
                        self.i += "table(columns: ".len();
                        self.table(depth)?;
                    } else if let Some(call) = TYPST_CALLS.iter().find(|c| self.rest_starts_with(c))
                    {
                        self.i += call.chars().count();
                        self.markup(depth + 1)?;
                        if self.chars.get(self.i) != Some(&']') {
                            return Err(self.err("unclosed content block"));
                        }
                        self.i += 1;
                    } else {
                        return Err(self.err("`#` code that the converter does not write"));
                    }
                }
                c if c.is_ascii_punctuation() => {
                    return Err(self.err(&format!("unescaped `{c}`")));
                }
                c if c.is_control() && c != '\n' => {
                    return Err(self.err(&format!("control character {:?}", c)));
                }
                _ => self.i += 1,
            }
        }
        Ok(())
    }

    /// After `#table(columns: `: `N, [cell], [cell])`.
    fn table(&mut self, depth: usize) -> Result<(), String> {
        let start = self.i;
        while self.chars.get(self.i).is_some_and(char::is_ascii_digit) {
            self.i += 1;
        }
        if self.i == start || !self.rest_starts_with(", ") {
            return Err(self.err("bad table column count"));
        }
        self.i += 2;
        let mut first = true;
        loop {
            match self.chars.get(self.i) {
                Some(')') => {
                    self.i += 1;
                    return Ok(());
                }
                Some('[') => {
                    self.i += 1;
                    self.markup(depth + 1)?;
                    if self.chars.get(self.i) != Some(&']') {
                        return Err(self.err("unclosed table cell"));
                    }
                    self.i += 1;
                    first = false;
                    if self.rest_starts_with(", ") {
                        self.i += 2;
                    } else if self.chars.get(self.i) != Some(&')') {
                        return Err(self.err("table cells not separated by `, `"));
                    }
                }
                _ if first => return Err(self.err("table without cells")),
                _ => return Err(self.err("bad table cell")),
            }
        }
    }
}

/// `escape(text)` undone: what Typst will show for escaped text.
pub fn typst_unescape(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    let mut it = escaped.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            if let Some(n) = it.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What `escape` must show for `text`: line breaks as spaces, other control characters gone.
pub fn typst_expected_text(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                Some(' ')
            }
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

// ------------------------------------------------------------------------------------ HTML

/// Tags the Markdown → HTML converter may write.
const HTML_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "input",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "em",
    "strong",
    "del",
    "sup",
    "a",
    "img",
    "hr",
    "br",
    "div",
    "span",
];

/// Attributes it may write. No event handler, no `style` beyond table alignment.
const HTML_ATTRS: &[&str] = &[
    "href", "src", "alt", "title", "class", "id", "start", "type", "disabled", "checked", "style",
];

/// Checks the HTML of `markup::html::to_html`. `resolved` says whether a relative URL is one
/// the site's resolver returned (the only relative URLs allowed).
pub fn check_html(out: &str, resolved: &dyn Fn(&str) -> bool) -> Result<(), String> {
    let b = out.as_bytes();
    let mut i = 0;
    let err = |i: usize, what: &str| {
        let from = floor(out, i.saturating_sub(40));
        let to = floor(out, (i + 40).min(out.len()));
        format!("{what} at byte {i} near {:?}", &out[from..to])
    };
    while i < b.len() {
        match b[i] {
            b'<' => {
                let end = out[i..]
                    .find('>')
                    .map(|e| i + e)
                    .ok_or_else(|| err(i, "raw `<` in text"))?;
                let inner = &out[i + 1..end];
                check_tag(inner, resolved).map_err(|e| err(i, &e))?;
                i = end + 1;
            }
            b'>' => return Err(err(i, "raw `>` in text")),
            b'&' => {
                entity_len(&out[i..]).ok_or_else(|| err(i, "bare `&` in text"))?;
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The length of a character reference at the start of `s` (`&amp;`, `&#39;`, `&#x27;`).
fn entity_len(s: &str) -> Option<usize> {
    let end = s.find(';')?;
    let name = &s[1..end];
    let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos" | "nbsp")
        || name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .is_some_and(|h| {
                !h.is_empty() && h.len() <= 6 && h.bytes().all(|c| c.is_ascii_hexdigit())
            })
        || name.strip_prefix('#').is_some_and(|d| {
            !d.is_empty() && d.len() <= 7 && d.bytes().all(|c| c.is_ascii_digit())
        });
    ok.then_some(end + 1)
}

fn check_tag(inner: &str, resolved: &dyn Fn(&str) -> bool) -> Result<(), String> {
    let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
    if let Some(name) = inner.strip_prefix('/') {
        return if HTML_TAGS.contains(&name) {
            Ok(())
        } else {
            Err(format!("end tag </{name}> not allowed"))
        };
    }
    let name_end = inner.find(' ').unwrap_or(inner.len());
    let name = &inner[..name_end];
    if !HTML_TAGS.contains(&name) {
        return Err(format!("tag <{name}> not allowed"));
    }
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest
            .find("=\"")
            .ok_or_else(|| format!("attribute without quoted value in <{name}>: {rest:?}"))?;
        let attr = &rest[..eq];
        if !HTML_ATTRS.contains(&attr) {
            return Err(format!("attribute {attr:?} not allowed in <{name}>"));
        }
        let value_start = eq + 2;
        let close = rest[value_start..]
            .find('"')
            .ok_or_else(|| format!("unterminated attribute {attr} in <{name}>"))?;
        let raw = &rest[value_start..value_start + close];
        if raw.contains('<') || raw.contains('>') {
            return Err(format!("`<` or `>` in attribute {attr} of <{name}>"));
        }
        let mut k = 0;
        while let Some(p) = raw[k..].find('&') {
            let at = k + p;
            entity_len(&raw[at..])
                .ok_or_else(|| format!("bare `&` in attribute {attr} of <{name}>"))?;
            k = at + 1;
        }
        let value = decode_entities(raw);
        if attr == "href" || attr == "src" {
            check_url(&value, resolved).map_err(|e| format!("{attr} of <{name}>: {e}"))?;
        }
        if attr == "style" && !value.starts_with("text-align: ") {
            return Err(format!("style {value:?} in <{name}>"));
        }
        rest = rest[value_start + close + 1..].trim_start();
    }
    Ok(())
}

fn check_url(url: &str, resolved: &dyn Fn(&str) -> bool) -> Result<(), String> {
    // What a browser sees: ASCII white space and control characters are dropped from a URL.
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if url.starts_with('#') {
        return Ok(());
    }
    for scheme in ["http://", "https://", "mailto:"] {
        if squeezed.starts_with(scheme) && url.trim_start().to_ascii_lowercase().starts_with(scheme)
        {
            return Ok(());
        }
    }
    // Percent-encoding is only undone by the browser after the scheme is known.
    if resolved(url) || resolved(&percent_decode(url)) {
        return Ok(());
    }
    Err(format!("URL {url:?} is neither safe nor resolved"))
}

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes the character references the converter writes.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let Some(len) = entity_len(rest) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..len - 1];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => {
                let n = name.strip_prefix('#').unwrap_or(name);
                match n.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => n.parse().ok(),
                }
                .and_then(char::from_u32)
            }
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[..len]),
        }
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// The text of HTML: tags dropped, entities decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(p) = rest.find('<') {
        out.push_str(&rest[..p]);
        out.push(' ');
        rest = rest[p..].find('>').map_or("", |e| &rest[p + e + 1..]);
    }
    out.push_str(rest);
    decode_entities(&out)
}

// -------------------------------------------------------------------------------- records

/// One diagnostic, as far as the position checks need it.
pub struct Located<'a> {
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
    pub width: u32,
}

/// Every diagnostic about the file `rel` (whose bytes are `bytes`) points into it: line 0
/// (the whole file) or a line of the file (one past the last for "at the end"), and a column
/// at most one past the end of that line.
pub fn check_record_diagnostics<'a>(
    rel: &str,
    bytes: &[u8],
    diags: impl IntoIterator<Item = Located<'a>>,
) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diags {
        if d.file != rel || d.line == 0 {
            continue;
        }
        let Some(line) = lines.get(d.line as usize - 1) else {
            return Err(format!(
                "{}:{}:{} is past the end ({} lines)",
                d.file,
                d.line,
                d.column,
                lines.len()
            ));
        };
        let len = line.chars().count() as u32;
        if d.column == 0 || d.column > len + 1 {
            return Err(format!(
                "{}:{}:{} is outside the line ({len} characters)",
                d.file, d.line, d.column
            ));
        }
        if d.width == 0 {
            return Err(format!("{}:{}:{} has width 0", d.file, d.line, d.column));
        }
    }
    Ok(())
}
