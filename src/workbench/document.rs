//! STUB until the records helper's document.rs lands (lead's scaffolding; replaced at merge).
use toml_edit::{DocumentMut, Item, Table, Value};

pub(crate) struct Document {
    front: DocumentMut,
    body: Option<String>,
}

impl Document {
    pub(crate) fn parse(rel: &str, text: &str) -> Result<Document, String> {
        if rel.ends_with(".md") {
            let rest = text.strip_prefix("+++\n").ok_or("no front matter")?;
            let (front, body) = rest.split_once("\n+++\n").ok_or("no end")?;
            Ok(Document {
                front: front.parse().map_err(|e| format!("{e}"))?,
                body: Some(body.to_owned()),
            })
        } else {
            Ok(Document {
                front: text.parse().map_err(|e| format!("{e}"))?,
                body: None,
            })
        }
    }
    pub(crate) fn empty(rel: &str) -> Document {
        Document {
            front: DocumentMut::new(),
            body: rel.ends_with(".md").then(String::new),
        }
    }
    pub(crate) fn get(&self, path: &str) -> Option<&Item> {
        let mut item = self.front.as_item();
        for k in path.split('.') {
            item = item.get(k)?;
        }
        Some(item)
    }
    pub(crate) fn set(&mut self, path: &str, value: Value) {
        let mut keys: Vec<&str> = path.split('.').collect();
        let last = keys.pop().unwrap_or_default();
        let mut t: &mut Table = self.front.as_table_mut();
        for k in keys {
            let e = t.entry(k).or_insert(Item::Table(Table::new()));
            match e.as_table_mut() {
                Some(x) => t = x,
                None => return,
            }
        }
        t.insert(last, Item::Value(value));
    }
    pub(crate) fn remove(&mut self, path: &str) {
        let mut keys: Vec<&str> = path.split('.').collect();
        let last = keys.pop().unwrap_or_default();
        let mut t: &mut Table = self.front.as_table_mut();
        for k in keys {
            match t.get_mut(k).and_then(Item::as_table_mut) {
                Some(x) => t = x,
                None => return,
            }
        }
        t.remove(last);
    }
    pub(crate) fn set_tables(&mut self, path: &str, rows: Vec<Table>) {
        if rows.is_empty() {
            self.remove(path);
            return;
        }
        let mut a = toml_edit::ArrayOfTables::new();
        for r in rows {
            a.push(r);
        }
        let mut keys: Vec<&str> = path.split('.').collect();
        let last = keys.pop().unwrap_or_default();
        let mut t: &mut Table = self.front.as_table_mut();
        for k in keys {
            let e = t.entry(k).or_insert(Item::Table(Table::new()));
            match e.as_table_mut() {
                Some(x) => t = x,
                None => return,
            }
        }
        t.insert(last, Item::ArrayOfTables(a));
    }
    pub(crate) fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
    pub(crate) fn set_body(&mut self, body: &str) {
        if self.body.is_some() {
            self.body = Some(body.to_owned());
        }
    }
    pub(crate) fn to_text(&self) -> String {
        match &self.body {
            Some(b) => format!("+++\n{}+++\n{b}", self.front),
            None => self.front.to_string(),
        }
    }
}

pub(crate) fn field_of(_text: &str, _d: &crate::diagnostics::Diagnostic) -> Option<String> {
    None
}
