//! One record file's text, editable by key without disturbing the rest of it: comments, key
//! order, quoting and spacing survive, and a value set to what it already was changes nothing,
//! so that a form saved unchanged gives the file back byte for byte (and git shows no diff).

use std::collections::HashMap;

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::reader::{Sink, SourceText};

/// A record file as a TOML document (`.toml`) or as TOML front matter and a Markdown body (`.md`).
#[derive(Debug, Clone)]
pub struct Document {
    /// Notepad and WPS write a BOM; it is kept as found.
    bom: bool,
    /// The TOML's lines end in CRLF (toml_edit writes LF; they are turned back).
    crlf: bool,
    front: DocumentMut,
    markdown: Option<Markdown>,
}

#[derive(Debug, Clone)]
struct Markdown {
    /// The opening `+++` line and the closing one, each with its line ending as written.
    open: String,
    close: String,
    body: String,
}

impl Document {
    /// Reads `text` as the record at `rel`; a file `check` cannot parse is refused with check's
    /// own diagnostic (the form cannot edit what it cannot read).
    pub fn parse(rel: &str, text: &str) -> Result<Document, Diagnostic> {
        let bom = text.starts_with('\u{feff}');
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if !rel.ends_with(".md") {
            let front = parse_toml(rel, text, text, 0)?;
            return Ok(Document {
                bom,
                crlf: is_crlf(text),
                front,
                markdown: None,
            });
        }
        let Some((open, rest)) = split_line(text).filter(|(l, _)| l.trim_end() == "+++") else {
            return Err(reader_diagnostic(rel, text, 0, "")
                .unwrap_or_else(|| syntax(rel, "缺少 `+++` 包围的 TOML 头部".to_owned())));
        };
        let mut toml_len = 0;
        let mut cursor = rest;
        while let Some((line, after)) = split_line(cursor) {
            if line.trim_end() == "+++" {
                let toml = &rest[..toml_len];
                let front = parse_toml(rel, text, toml, open.len())?;
                return Ok(Document {
                    bom,
                    crlf: is_crlf(toml),
                    front,
                    markdown: Some(Markdown {
                        open: open.to_owned(),
                        close: line.to_owned(),
                        body: after.to_owned(),
                    }),
                });
            }
            toml_len += line.len();
            cursor = after;
        }
        Err(reader_diagnostic(rel, text, 0, "")
            .unwrap_or_else(|| syntax(rel, "`+++` 头部没有结束".to_owned())))
    }

    /// A record not written yet: no keys (and for `.md` an empty front matter and body).
    pub fn empty(rel: &str) -> Document {
        Document {
            bom: false,
            crlf: false,
            front: DocumentMut::new(),
            markdown: rel.ends_with(".md").then(|| Markdown {
                open: "+++\n".to_owned(),
                close: "+++\n".to_owned(),
                body: String::new(),
            }),
        }
    }

    /// The item at a dotted path: `secretary.name`, `absentees.0.reason` (array positions
    /// count from 0).
    pub fn get(&self, path: &str) -> Option<&Item> {
        path.split('.')
            .try_fold(self.front.as_item(), |item, seg| child(item, seg))
            .filter(|i| !i.is_none())
    }

    /// Sets the value at `path`, creating the tables above it. An existing key keeps its place
    /// and its comments; a value equal to the present one (`"1"` and `1`, `'a'` and `"a"`, the
    /// same array spaced differently) leaves the text untouched.
    pub fn set(&mut self, path: &str, value: Value) {
        let segs = segments(path);
        let Some((last, parents)) = segs.split_last() else {
            return;
        };
        if let Some(parent) = parent_mut(self.front.as_item_mut(), parents) {
            assign(parent, last, Item::Value(value));
        }
    }

    /// Removes the key at `path`; nothing happens when it is absent.
    pub fn remove(&mut self, path: &str) {
        let segs = segments(path);
        let Some((last, parents)) = segs.split_last() else {
            return;
        };
        let parent = parents
            .iter()
            .try_fold(self.front.as_item_mut(), |item, seg| child_mut(item, seg));
        if let Some(t) = parent.and_then(Item::as_table_like_mut) {
            t.remove(last);
        }
    }

    /// Replaces the rows of an array of tables (`[[absentees]]`, or the inline form
    /// `absentees = [{ … }]`, which stays inline). Rows equal to an old row are that old row,
    /// comments and all; no rows removes the key.
    pub fn set_tables(&mut self, path: &str, rows: Vec<Table>) {
        if rows.is_empty() {
            self.remove(path);
            return;
        }
        let mut aot = ArrayOfTables::new();
        for row in rows {
            aot.push(row);
        }
        self.set_item(path, Item::ArrayOfTables(aot));
    }

    fn set_item(&mut self, path: &str, item: Item) {
        let segs = segments(path);
        let Some((last, parents)) = segs.split_last() else {
            return;
        };
        if let Some(parent) = parent_mut(self.front.as_item_mut(), parents) {
            assign(parent, last, item);
        }
    }

    /// The Markdown body (`None` for a `.toml` record).
    pub fn body(&self) -> Option<&str> {
        self.markdown.as_ref().map(|m| m.body.as_str())
    }

    /// Replaces the Markdown body; a `.toml` record has none and is left alone.
    pub fn set_body(&mut self, body: &str) {
        if let Some(m) = &mut self.markdown
            && m.body != body
        {
            body.clone_into(&mut m.body);
        }
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        let front = if self.crlf {
            self.front
                .to_string()
                .replace("\r\n", "\n")
                .replace('\n', "\r\n")
        } else {
            self.front.to_string()
        };
        match &self.markdown {
            None => out.push_str(&front),
            Some(m) => {
                out.push_str(&m.open);
                out.push_str(&front);
                // A new key after a last line without its line ending would run into `+++`.
                if !front.is_empty() && !front.ends_with('\n') {
                    out.push_str(if self.crlf { "\r\n" } else { "\n" });
                }
                out.push_str(&m.close);
                if !m.close.ends_with('\n') && !m.body.is_empty() {
                    out.push('\n');
                }
                out.push_str(&m.body);
            }
        }
        out
    }
}

/// The keys of a dotted path; none for a path with an empty key (`a..b`, ``), which names
/// nothing a form can mean.
fn segments(path: &str) -> Vec<&str> {
    let segs: Vec<&str> = path.split('.').collect();
    if segs.iter().any(|s| s.is_empty()) {
        Vec::new()
    } else {
        segs
    }
}

/// Whether every line of `toml` ends in CRLF (a mixed file is written with LF).
fn is_crlf(toml: &str) -> bool {
    toml.contains("\r\n") && toml.matches('\n').count() == toml.matches("\r\n").count()
}

/// The first line of `s` with its line ending, and the rest; `None` for an empty `s`.
fn split_line(s: &str) -> Option<(&str, &str)> {
    if s.is_empty() {
        return None;
    }
    let end = s.find('\n').map_or(s.len(), |i| i + 1);
    Some(s.split_at(end))
}

fn parse_toml(
    rel: &str,
    whole: &str,
    toml: &str,
    offset: usize,
) -> Result<DocumentMut, Diagnostic> {
    toml.parse::<DocumentMut>().map_err(|e| {
        reader_diagnostic(rel, whole, offset, toml)
            .unwrap_or_else(|| syntax(rel, format!("TOML 无法解析：{}", e.message())))
    })
}

/// What `check` says of text it cannot read: the reader's diagnostic, keyboard mistakes named.
fn reader_diagnostic(rel: &str, whole: &str, offset: usize, toml: &str) -> Option<Diagnostic> {
    let src = SourceText::new(rel.to_owned(), whole.to_owned());
    if rel.ends_with(".md") && offset == 0 {
        return crate::reader::split_front_matter(&src).err();
    }
    let sink = Sink::new(&src, offset);
    // The reader recovers from syntax errors (to report them all): its first error is the one.
    let _ = sink.parse(toml);
    sink.into_diagnostics()
        .into_iter()
        .filter(Diagnostic::is_error)
        .min_by_key(|d| d.pos)
}

fn syntax(rel: &str, message: String) -> Diagnostic {
    Diagnostic::new(Code::TomlSyntax, rel, Pos::FILE, message)
}

fn child<'a>(item: &'a Item, seg: &str) -> Option<&'a Item> {
    match seg.parse::<usize>() {
        Ok(i) if item.is_array() || item.is_array_of_tables() => item.get(i),
        _ => item.get(seg),
    }
}

fn child_mut<'a>(item: &'a mut Item, seg: &str) -> Option<&'a mut Item> {
    match seg.parse::<usize>() {
        Ok(i) if item.is_array() || item.is_array_of_tables() => item.get_mut(i),
        _ => item.get_mut(seg),
    }
}

/// The item at `segs`, tables created where they are missing (inline ones inside an inline
/// table, so that the text stays valid TOML).
fn parent_mut<'a>(mut item: &'a mut Item, segs: &[&str]) -> Option<&'a mut Item> {
    for seg in segs {
        let numeric =
            seg.parse::<usize>().is_ok() && (item.is_array() || item.is_array_of_tables());
        if !numeric {
            let inline = item.is_inline_table();
            let t = item.as_table_like_mut()?;
            if t.get(seg).is_none_or(Item::is_none) {
                let new = if inline {
                    Item::Value(Value::InlineTable(InlineTable::new()))
                } else {
                    let mut t = Table::new();
                    t.set_implicit(true);
                    Item::Table(t)
                };
                t.insert(seg, new);
            }
        }
        item = child_mut(item, seg)?;
    }
    Some(item)
}

/// Puts `new` at `key` of the table (or array) `parent`, changing only what differs.
fn assign(parent: &mut Item, key: &str, new: Item) {
    if let Some(old) = child_mut(parent, key)
        && !old.is_none()
    {
        update(old, new);
        return;
    }
    let new = match (parent.is_inline_table(), new) {
        (true, Item::Table(t)) => Item::Value(Value::InlineTable(t.into_inline_table())),
        (true, Item::ArrayOfTables(a)) => Item::Value(Value::Array(a.into_array())),
        (_, new) => new,
    };
    if let Some(t) = parent.as_table_like_mut() {
        t.insert(key, new);
    }
}

/// Makes `old` equal to `new`, keeping what is already equal (with its comments and spacing).
fn update(old: &mut Item, new: Item) {
    if same_item(old, &new) {
        return;
    }
    // Rows given as an array of inline tables, where the file has `[[…]]` rows or inline ones:
    // merged row by row like `set_tables`.
    let new = match new {
        Item::Value(Value::Array(rows))
            if (old.is_array_of_tables() || old.is_array())
                && !rows.is_empty()
                && rows.iter().all(Value::is_inline_table) =>
        {
            let mut aot = ArrayOfTables::new();
            for row in rows {
                if let Value::InlineTable(t) = row {
                    aot.push(t.into_table());
                }
            }
            Item::ArrayOfTables(aot)
        }
        new => new,
    };
    match (old, new) {
        // Table to table: key by key, so that the unchanged keys keep their comments.
        (old, new) if old.is_table_like() && new.is_table_like() => {
            let Some(new_table) = table_of(new) else {
                return;
            };
            if let Some(t) = old.as_table_like_mut() {
                let gone: Vec<String> = t
                    .iter()
                    .map(|(k, _)| k.to_owned())
                    .filter(|k| !new_table.iter().any(|(n, _)| n == k))
                    .collect();
                for k in gone {
                    t.remove(&k);
                }
            }
            for (k, item) in new_table {
                assign(old, &k, item);
            }
        }
        (old @ Item::ArrayOfTables(_), Item::ArrayOfTables(rows)) => {
            let mut olds: Vec<Option<Table>> = match std::mem::take(old) {
                Item::ArrayOfTables(a) => a.into_iter().map(Some).collect(),
                _ => Vec::new(),
            };
            let mut aot = ArrayOfTables::new();
            for row in merge_rows(&mut olds, rows.into_iter().collect()) {
                aot.push(row);
            }
            *old = Item::ArrayOfTables(aot);
        }
        (Item::Value(Value::Array(arr)), Item::ArrayOfTables(rows))
            if arr.iter().all(Value::is_inline_table) =>
        {
            let mut olds: Vec<Option<Table>> = arr
                .iter()
                .map(|v| v.as_inline_table().map(|t| t.clone().into_table()))
                .collect();
            let mut kept: Vec<Option<Value>> = arr.iter().cloned().map(Some).collect();
            let merged = merge_rows(&mut olds, rows.into_iter().collect());
            arr.clear();
            for row in merged {
                // An unchanged row is the old inline table itself, spacing and all.
                let same = kept.iter_mut().find(|k| {
                    k.as_ref()
                        .and_then(Value::as_inline_table)
                        .is_some_and(|t| same_table_like(t, &row))
                });
                match same.and_then(Option::take) {
                    Some(v) => arr.push_formatted(v),
                    None => arr.push_formatted(Value::InlineTable(row.into_inline_table())),
                }
            }
        }
        (Item::Value(old), Item::Value(new)) => {
            let decor = old.decor().clone();
            let mut new = coerce(new, old);
            if let (Value::Array(was), Value::Array(now)) = (&*old, &mut new) {
                keep_layout(was, now);
            }
            *old = new;
            *old.decor_mut() = decor;
        }
        (old, new) => *old = new,
    }
}

/// Lays `now` out as `was` is (one item a line, a trailing comma), item by item.
fn keep_layout(was: &toml_edit::Array, now: &mut toml_edit::Array) {
    let Some(last) = was.iter().last() else {
        return;
    };
    let decors: Vec<toml_edit::Decor> = was.iter().map(|v| v.decor().clone()).collect();
    // A new item gets the last one's line break and indentation, not its comments.
    let spacing = |raw: Option<&toml_edit::RawString>| {
        let raw = raw.and_then(toml_edit::RawString::as_str).unwrap_or("");
        match raw.rfind('\n') {
            Some(i) => format!("\n{}", &raw[i + 1..]),
            None => raw.chars().take_while(|c| c.is_whitespace()).collect(),
        }
    };
    let added = toml_edit::Decor::new(
        spacing(last.decor().prefix()),
        spacing(last.decor().suffix()),
    );
    for (i, v) in now.iter_mut().enumerate() {
        *v.decor_mut() = decors.get(i).unwrap_or(&added).clone();
    }
    now.set_trailing(was.trailing().clone());
    now.set_trailing_comma(was.trailing_comma());
}

/// The rows `new`, where each row equal to an old one is that old row (taken from `olds`) and
/// a changed row is the old row at its place edited key by key.
fn merge_rows(olds: &mut [Option<Table>], new: Vec<Table>) -> Vec<Table> {
    let mut out: Vec<Option<Table>> = Vec::with_capacity(new.len());
    let mut changed = Vec::new();
    for (i, row) in new.into_iter().enumerate() {
        let equal = olds
            .iter()
            .position(|o| o.as_ref().is_some_and(|o| same_table_like(o, &row)));
        match equal.and_then(|j| olds[j].take()) {
            Some(old) => out.push(Some(old)),
            None => {
                out.push(None);
                changed.push((i, row));
            }
        }
    }
    for (i, row) in changed {
        let table = match olds.get_mut(i).and_then(Option::take) {
            Some(old) => {
                let mut old = Item::Table(old);
                update(&mut old, Item::Table(row.clone()));
                match old {
                    Item::Table(t) => t,
                    _ => row,
                }
            }
            None => row,
        };
        out[i] = Some(table);
    }
    out.into_iter().flatten().collect()
}

fn table_of(item: Item) -> Option<Vec<(String, Item)>> {
    match item {
        Item::Table(t) => Some(t.into_iter().collect()),
        Item::Value(Value::InlineTable(t)) => {
            Some(t.into_iter().map(|(k, v)| (k, Item::Value(v))).collect())
        }
        _ => None,
    }
}

/// A form sends text: where the record holds a number, a date or a truth value, text that
/// reads as one is written as one (else as text, which `check` then names as the wrong type).
fn coerce(new: Value, like: &Value) -> Value {
    let typed = match (&new, like) {
        (Value::String(s), Value::Integer(_)) => {
            s.value().trim().parse::<i64>().ok().map(Value::from)
        }
        (Value::String(s), Value::Float(_)) => {
            s.value().trim().parse::<f64>().ok().map(Value::from)
        }
        (Value::String(s), Value::Boolean(_)) => match s.value().trim() {
            "true" => Some(Value::from(true)),
            "false" => Some(Value::from(false)),
            _ => None,
        },
        (Value::String(s), Value::Datetime(_)) => s
            .value()
            .trim()
            .parse::<toml_edit::Datetime>()
            .ok()
            .map(Value::from),
        _ => None,
    };
    typed.unwrap_or(new)
}

/// Whether two values mean the same to a reader of the record: quoting, spacing, comments and
/// the type of a scalar do not count (a form sends `"1"` for the `1` it showed).
pub(crate) fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same_value(a, b))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => same_table_like(x, y),
        (Value::Array(_) | Value::InlineTable(_), _)
        | (_, Value::Array(_) | Value::InlineTable(_)) => false,
        _ => scalar_text(a) == scalar_text(b),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.value().clone(),
        Value::Integer(i) => i.value().to_string(),
        Value::Float(f) => f.value().to_string(),
        Value::Boolean(b) => b.value().to_string(),
        Value::Datetime(d) => d.value().to_string(),
        Value::Array(_) | Value::InlineTable(_) => String::new(),
    }
}

fn same_item(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::None, Item::None) => true,
        (Item::Value(x), Item::Value(y)) => same_value(x, y),
        (Item::ArrayOfTables(x), Item::ArrayOfTables(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same_table_like(a, b))
        }
        (Item::ArrayOfTables(x), Item::Value(Value::Array(y)))
        | (Item::Value(Value::Array(y)), Item::ArrayOfTables(x)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(a, b)| b.as_inline_table().is_some_and(|b| same_table_like(a, b)))
        }
        (a, b) => match (a.as_table_like(), b.as_table_like()) {
            (Some(x), Some(y)) => same_table_like(x, y),
            _ => false,
        },
    }
}

fn same_table_like(a: &dyn TableLike, b: &dyn TableLike) -> bool {
    let keys = |t: &dyn TableLike| -> HashMap<String, ()> {
        t.iter()
            .filter(|(_, i)| !i.is_none())
            .map(|(k, _)| (k.to_owned(), ()))
            .collect()
    };
    keys(a) == keys(b)
        && a.iter()
            .filter(|(_, i)| !i.is_none())
            .all(|(k, i)| b.get(k).is_some_and(|j| same_item(i, j)))
}
