//! A form's values as text, the way the browser posts them, and the two ways between them and
//! a record file: read out of a [`Document`] to fill the form, and written back into it on save.
//!
//! Field names: a key as written (`title`, `secretary.name`); a list as one text with a line
//! per entry; a row of a table as `absentees.0.name`; the Markdown body as `_body`. Names that
//! start with `_` are the form's own (path, version, CSRF token) and never reach the file.
//!
//! A value that does not parse as its type (a date typed `2025/3/5`) is written as text, so
//! that `check`'s own diagnostic — the one the file would get — is what the person sees.

use std::collections::BTreeMap;

use toml_edit::{Array, InlineTable, Item, Table, Value};

use super::document::Document;
use super::schema::{Field, Input, RecordKind, is_list_column};

/// The body's field name.
pub(crate) const BODY: &str = "_body";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FormValues {
    map: BTreeMap<String, String>,
    /// Names posted more than once (`_attend`), in order.
    multi: BTreeMap<String, Vec<String>>,
}

impl FormValues {
    /// From `application/x-www-form-urlencoded` pairs.
    pub(crate) fn from_pairs(pairs: Vec<(String, String)>) -> FormValues {
        let mut v = FormValues::default();
        for (k, val) in pairs {
            // Browsers post CR LF in text areas; the files use LF.
            let val = val.replace("\r\n", "\n");
            v.multi.entry(k.clone()).or_default().push(val.clone());
            v.map.insert(k, val);
        }
        v
    }

    pub(crate) fn get(&self, name: &str) -> &str {
        self.map.get(name).map_or("", String::as_str)
    }

    /// Every field, as a browser would post the form unchanged.
    #[cfg(test)]
    pub(crate) fn pairs(&self) -> Vec<(String, String)> {
        self.map
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    pub(crate) fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        self.multi.insert(name.clone(), vec![value.clone()]);
        self.map.insert(name, value);
    }

    fn remove_prefix(&mut self, prefix: &str) {
        self.map.retain(|k, _| !k.starts_with(prefix));
        self.multi.retain(|k, _| !k.starts_with(prefix));
    }

    /// The rows posted for a table field, in index order, each as column → text.
    pub(crate) fn rows(&self, key: &str) -> Vec<BTreeMap<String, String>> {
        let prefix = format!("{key}.");
        let mut rows: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
        for (name, value) in &self.map {
            let Some(rest) = name.strip_prefix(&prefix) else {
                continue;
            };
            let Some((index, column)) = rest.split_once('.') else {
                continue;
            };
            if let Ok(i) = index.parse::<usize>() {
                rows.entry(i)
                    .or_default()
                    .insert(column.to_owned(), value.clone());
            }
        }
        rows.into_values().collect()
    }

    /// Replaces a table field's rows.
    pub(crate) fn set_rows(&mut self, key: &str, rows: &[Vec<(&str, String)>]) {
        self.remove_prefix(&format!("{key}."));
        for (i, row) in rows.iter().enumerate() {
            for (column, value) in row {
                self.set(format!("{key}.{i}.{column}"), value.clone());
            }
        }
    }
}

/// The form's values for a record as it is in its file.
pub(crate) fn read(kind: RecordKind, doc: &Document) -> FormValues {
    let mut v = FormValues::default();
    for f in kind.fields() {
        let Some(item) = doc.get(f.key) else {
            if f.input == Input::FlagOn {
                v.set(f.key, "true");
            }
            continue;
        };
        match f.input {
            Input::Rows(columns) => {
                for (i, row) in table_rows(item).into_iter().enumerate() {
                    for c in columns {
                        if let Some(cell) = row.get(c.key) {
                            let text = item_text(cell);
                            let text = if is_list_column(f.key, c.key) {
                                list_cell(&text)
                            } else {
                                text
                            };
                            v.set(format!("{}.{i}.{}", f.key, c.key), text);
                        }
                    }
                }
            }
            Input::TimeRange => {
                let t = item
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| item_text(item));
                let (start, end) = t.split_once('-').unwrap_or((t.as_str(), ""));
                v.set(format!("{}.start", f.key), start.trim());
                v.set(format!("{}.end", f.key), end.trim());
            }
            _ => v.set(f.key, item_text(item)),
        }
    }
    if kind.has_body() {
        v.set(BODY, doc.body().unwrap_or_default());
    }
    v
}

/// Writes the form's values into `doc`. A value equal to the file's leaves the file's text
/// untouched (the document compares), so a form saved unchanged gives the same bytes.
pub(crate) fn apply(kind: RecordKind, values: &FormValues, doc: &mut Document) {
    for f in kind.fields() {
        match f.input {
            Input::Rows(columns) => {
                let rows: Vec<Table> = values
                    .rows(f.key)
                    .into_iter()
                    .filter(|row| row.values().any(|s| !s.trim().is_empty()))
                    .map(|row| {
                        let mut t = Table::new();
                        for c in columns {
                            let text = row.get(c.key).map_or("", String::as_str);
                            if let Some(value) = cell_value(f.key, c, text) {
                                t.insert(c.key, Item::Value(value));
                            }
                        }
                        t
                    })
                    .collect();
                doc.set_tables(f.key, rows);
            }
            Input::Flag => {
                let on = matches!(values.get(f.key), "true" | "on" | "1");
                // An unticked optional flag the file does not write stays unwritten.
                if on || f.required || doc.get(f.key).is_some() {
                    doc.set(f.key, Value::from(on));
                }
            }
            Input::FlagOn => {
                let on = matches!(values.get(f.key), "true" | "on" | "1");
                // Ticked is what the file says by leaving the key out.
                if !on || doc.get(f.key).is_some() {
                    doc.set(f.key, Value::from(on));
                }
            }
            Input::TimeRange => {
                let start = values.get(&format!("{}.start", f.key)).trim();
                let end = values.get(&format!("{}.end", f.key)).trim();
                match (start, end) {
                    ("", "") => doc.remove(f.key),
                    (s, "") => doc.set(f.key, Value::from(s)),
                    (s, e) => doc.set(f.key, Value::from(format!("{s}-{e}"))),
                }
            }
            _ => match scalar_value(f.input, values.get(f.key)) {
                Some(value) => doc.set(f.key, value),
                None => doc.remove(f.key),
            },
        }
    }
    if kind.has_body() {
        doc.set_body(values.get(BODY));
    }
}

/// The TOML value of a typed text; `None` for an empty one (the key is left out, and a
/// required key's absence is reported by `check`).
pub(crate) fn scalar_value(input: Input, text: &str) -> Option<Value> {
    let text = text.trim();
    match input {
        Input::Lines => {
            let items: Array = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            (!items.is_empty()).then(|| Value::Array(items))
        }
        _ if text.is_empty() => None,
        Input::Date => Some(
            text.parse::<toml_edit::Datetime>()
                .ok()
                .filter(|d| d.date.is_some() && d.time.is_none())
                .map_or_else(|| Value::from(text), Value::from),
        ),
        Input::Count | Input::Year => Some(
            text.parse::<i64>()
                .map_or_else(|_| Value::from(text), Value::from),
        ),
        Input::Number => Some(match text.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => text
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map_or_else(|| Value::from(text), Value::from),
        }),
        Input::Flag | Input::FlagOn => Some(Value::from(matches!(text, "true" | "on" | "1"))),
        _ => Some(Value::from(text)),
    }
}

fn cell_value(table: &str, column: &Field, text: &str) -> Option<Value> {
    if is_list_column(table, column.key) {
        let items: Array = text
            .split(['、', ',', '，'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        return (!items.is_empty()).then(|| Value::Array(items));
    }
    if column.input == Input::Flag {
        return matches!(text, "true" | "on" | "1").then(|| Value::from(true));
    }
    scalar_value(column.input, text)
}

/// A `[[table]]` or an inline `[{ … }]` array, as rows of key → value.
fn table_rows(item: &Item) -> Vec<BTreeMap<String, Item>> {
    match item {
        Item::ArrayOfTables(a) => a
            .iter()
            .map(|t| t.iter().map(|(k, v)| (k.to_owned(), v.clone())).collect())
            .collect(),
        Item::Value(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_inline_table)
            .map(|t: &InlineTable| {
                t.iter()
                    .map(|(k, v)| (k.to_owned(), Item::Value(v.clone())))
                    .collect()
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A value as a person types it: text without quotes, a list one entry per line.
fn item_text(item: &Item) -> String {
    match item {
        Item::Value(Value::String(s)) => s.value().clone(),
        Item::Value(Value::Array(a)) => a
            .iter()
            .map(|v| match v {
                Value::String(s) => s.value().clone(),
                other => other.to_string().trim().to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Item::Value(Value::Boolean(b)) => b.value().to_string(),
        Item::Value(v) => v.to_string().trim().to_owned(),
        other => other.to_string().trim().to_owned(),
    }
}

/// A list cell (`kinds` of a target) shown as 义诊、健康宣教.
pub(crate) fn list_cell(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("、")
}
