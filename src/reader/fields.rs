//! Strict, located reading of TOML tables.
//!
//! Serde's derive stops at the first problem and knows nothing of Chinese messages, so records
//! are read field by field through [`Fields`]: every accessor checks the type and reports with
//! the value's line and column, and [`Fields::finish`] reports every key that no accessor asked
//! for — the list of known keys is exactly the list of fields the parser reads, so it cannot
//! drift from the code.

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::Located;
use super::keyboard;
use super::sink::Sink;
use crate::diagnostics::{Code, Pos};
use crate::suggest::did_you_mean;

/// The most people a head count may give: a party branch has tens of members, a whole
/// hospital committee a few thousand.
pub(crate) const MAX_HEADS: u32 = 100_000;
/// The largest magnitude a typed number may have (10¹², a trillion): above any figure of a
/// hospital, well inside the integers an `f64` holds exactly.
pub(crate) const MAX_MAGNITUDE: f64 = 1e12;
/// The smallest magnitude of a non-zero typed number (a millionth).
pub(crate) const MIN_MAGNITUDE: f64 = 1e-6;

/// The longest title a record may have, in characters (checked where titles are read, with a
/// located diagnostic). Real titles are under 100 (five lines); three times that is surely a
/// mistake (a paragraph pasted into the title), and the bound keeps the breaker's work small
/// whatever a record holds (the PDF title breaker is only ever given a
/// title of this bounded length).
pub const MAX_TITLE_CHARS: usize = 300;

/// One TOML table being read.
pub struct Fields<'a, 'i> {
    pub sink: &'a Sink<'a>,
    table: &'a DeTable<'i>,
    /// Where the table starts: missing fields are reported here.
    at: Pos,
    /// Dotted path of the table, for messages (`committee.members[2]`); empty at the root.
    path: String,
    seen: Vec<&'static str>,
}

impl<'a, 'i> Fields<'a, 'i> {
    pub fn root(sink: &'a Sink<'a>, table: &'a DeTable<'i>, at: Pos) -> Self {
        Fields {
            sink,
            table,
            at,
            path: String::new(),
            seen: Vec::new(),
        }
    }

    pub fn at(&self) -> Pos {
        self.at
    }

    fn qualified(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn get(&mut self, key: &'static str) -> Option<&'a toml::Spanned<DeValue<'i>>> {
        self.seen.push(key);
        self.table.get(key)
    }

    fn missing(&self, key: &str, what: &str) {
        self.sink
            .report_at(
                Code::MissingField,
                self.at,
                format!("缺少必填字段 `{}`（{what}）", self.qualified(key)),
            )
            .hint(format!("添加一行 `{key} = …`"));
    }

    fn wrong_type(&self, key: &str, value: &toml::Spanned<DeValue<'_>>, want: &str) {
        let got = type_name(value.get_ref());
        let mut handle = Some(self.sink.report(
            Code::WrongType,
            &value.span(),
            format!("字段 `{}` 应为{want}，实际是{got}", self.qualified(key)),
        ));
        // A date or number in quotes: the value meant is plain, and a fix has one reading.
        let text = match value.get_ref() {
            DeValue::String(s) => Some(s.trim()),
            _ => None,
        };
        if want == "日期" && got == "文本" {
            let date = text
                .map(|t| t.chars().map(keyboard::halfwidth).collect::<String>())
                .and_then(|t| keyboard::spoken_date(&t))
                .and_then(|(d, _)| d);
            if let Some(h) = handle.take() {
                match date {
                    Some(d) => h
                        .fix(self.sink.edit(&value.span(), d.to_string()))
                        .hint(format!("日期不加引号：写作 {key} = {d}")),
                    None => h.hint("日期不加引号：date = 2024-03-15"),
                }
            }
        } else if want == "整数" && got == "文本" {
            let number = text
                .map(|t| t.chars().map(keyboard::halfwidth).collect::<String>())
                .filter(|t| t.parse::<u32>().is_ok());
            if let Some(h) = handle.take() {
                match number {
                    Some(n) => h
                        .fix(self.sink.edit(&value.span(), n.clone()))
                        .hint(format!("数字不加引号：写作 {key} = {n}")),
                    None => h.hint("数字不加引号：expected = 25"),
                }
            }
        }
    }

    /// An optional string; present but empty is reported when `required`.
    fn string_inner(&mut self, key: &'static str, required: bool) -> Option<Located<String>> {
        let v = match self.get(key) {
            Some(v) => v,
            None => {
                if required {
                    self.missing(key, "文本");
                }
                return None;
            }
        };
        match v.get_ref() {
            DeValue::String(s) => {
                if required && s.trim().is_empty() {
                    self.sink.report(
                        Code::EmptyString,
                        &v.span(),
                        format!("字段 `{}` 不能为空", self.qualified(key)),
                    );
                    return None;
                }
                Some(Located::new(
                    self.sink.string_value(s, &v.span()),
                    self.sink.pos(&v.span()),
                ))
            }
            _ => {
                self.wrong_type(key, v, "文本（用双引号括起）");
                None
            }
        }
    }

    pub fn req_str(&mut self, key: &'static str) -> Option<Located<String>> {
        self.string_inner(key, true)
    }

    pub fn opt_str(&mut self, key: &'static str) -> Option<Located<String>> {
        self.string_inner(key, false)
    }

    /// A required title of a document (notice, annual summary, checklist), at most
    /// [`MAX_TITLE_CHARS`] characters: the PDF title breaker is only ever given a
    /// title of a bounded length.
    pub fn req_title(&mut self, key: &'static str) -> Option<Located<String>> {
        let v = self.req_str(key)?;
        let max = MAX_TITLE_CHARS;
        let n = v.value.chars().count();
        if n > max {
            self.sink
                .report_at(
                    Code::InvalidValue,
                    v.pos,
                    format!(
                        "字段 `{}` 过长：{n} 个字，上限 {max} 个字",
                        self.qualified(key)
                    ),
                )
                .hint("公文标题一般不超过 100 个字；把说明性的文字写进正文");
            return None;
        }
        Some(v)
    }

    /// A required string from a fixed set of values.
    pub fn req_choice(
        &mut self,
        key: &'static str,
        allowed: &[&'static str],
    ) -> Option<Located<String>> {
        let v = self.req_str(key)?;
        self.check_choice(key, v, allowed)
    }

    pub fn opt_choice(
        &mut self,
        key: &'static str,
        allowed: &[&'static str],
    ) -> Option<Located<String>> {
        let v = self.opt_str(key)?;
        self.check_choice(key, v, allowed)
    }

    fn check_choice(
        &self,
        key: &str,
        v: Located<String>,
        allowed: &[&'static str],
    ) -> Option<Located<String>> {
        if allowed.contains(&v.value.as_str()) {
            return Some(v);
        }
        let handle = self.sink.report_at(
            Code::InvalidValue,
            v.pos,
            format!(
                "字段 `{}` 的值“{}”不在可选范围内",
                self.qualified(key),
                v.value
            ),
        );
        match did_you_mean(&v.value, allowed.iter().copied()) {
            Some(s) => handle.hint(format!("是否应为“{s}”？可选：{}", allowed.join("、"))),
            None => handle.hint(format!("可选：{}", allowed.join("、"))),
        }
        None
    }

    fn date_inner(&mut self, key: &'static str, required: bool) -> Option<Located<NaiveDate>> {
        let v = match self.get(key) {
            Some(v) => v,
            None => {
                if required {
                    self.missing(key, "日期，如 2024-03-15");
                }
                return None;
            }
        };
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    match NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    ) {
                        Some(date) => Some(Located::new(date, self.sink.pos(&v.span()))),
                        None => {
                            self.sink.report(
                                Code::InvalidDate,
                                &v.span(),
                                format!("`{}` 不是存在的日期", self.qualified(key)),
                            );
                            None
                        }
                    }
                }
                _ => {
                    self.sink
                        .report(
                            Code::InvalidDate,
                            &v.span(),
                            format!("字段 `{}` 应为日期（不含时刻）", self.qualified(key)),
                        )
                        .hint("写作 2024-03-15；时刻另用 time = \"14:30\"");
                    None
                }
            },
            _ => {
                self.wrong_type(key, v, "日期");
                None
            }
        }
    }

    pub fn req_date(&mut self, key: &'static str) -> Option<Located<NaiveDate>> {
        self.date_inner(key, true)
    }

    pub fn opt_date(&mut self, key: &'static str) -> Option<Located<NaiveDate>> {
        self.date_inner(key, false)
    }

    fn int_inner(&mut self, key: &'static str, required: bool) -> Option<Located<i64>> {
        let v = match self.get(key) {
            Some(v) => v,
            None => {
                if required {
                    self.missing(key, "整数");
                }
                return None;
            }
        };
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(Located::new(n, self.sink.pos(&v.span()))),
                Err(_) => {
                    self.sink.report(
                        Code::InvalidValue,
                        &v.span(),
                        format!("字段 `{}` 的数值过大", self.qualified(key)),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(key, v, "整数");
                None
            }
        }
    }

    /// A whole number that must not be negative.
    pub fn req_count(&mut self, key: &'static str) -> Option<Located<u32>> {
        let n = self.int_inner(key, true)?;
        self.to_count(key, n)
    }

    pub fn opt_count(&mut self, key: &'static str) -> Option<Located<u32>> {
        let n = self.int_inner(key, false)?;
        self.to_count(key, n)
    }

    /// A head count (党员, 应到, 实到): whole, not negative, at most [`MAX_HEADS`]. The bound
    /// keeps every sum of counts far from `u32::MAX` (a wrapped sum once showed
    /// "党员 4294967294").
    pub fn req_heads(&mut self, key: &'static str) -> Option<Located<u32>> {
        let n = self.int_inner(key, true)?;
        self.to_count_at_most(key, n, MAX_HEADS)
    }

    pub fn opt_heads(&mut self, key: &'static str) -> Option<Located<u32>> {
        let n = self.int_inner(key, false)?;
        self.to_count_at_most(key, n, MAX_HEADS)
    }

    fn to_count(&self, key: &str, n: Located<i64>) -> Option<Located<u32>> {
        self.to_count_at_most(key, n, u32::MAX)
    }

    fn to_count_at_most(&self, key: &str, n: Located<i64>, max: u32) -> Option<Located<u32>> {
        match u32::try_from(n.value) {
            Ok(c) if c <= max => Some(Located::new(c, n.pos)),
            _ => {
                self.sink.report_at(
                    Code::InvalidValue,
                    n.pos,
                    format!(
                        "字段 `{}` 应为 0 到 {max} 之间的整数，实际是 {}",
                        self.qualified(key),
                        n.value
                    ),
                );
                None
            }
        }
    }

    /// An integer or a decimal number (annual figures such as 36800 or 0.5).
    pub fn opt_number(&mut self, key: &'static str) -> Option<Located<f64>> {
        let v = self.get(key)?;
        let pos = self.sink.pos(&v.span());
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => self.within_magnitude(key, Located::new(n as f64, pos)),
                Err(_) => {
                    self.sink.report(
                        Code::InvalidValue,
                        &v.span(),
                        format!("字段 `{}` 的数值过大", self.qualified(key)),
                    );
                    None
                }
            },
            DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
                Ok(x) if x.is_finite() => self.within_magnitude(key, Located::new(x, pos)),
                _ => {
                    self.sink.report(
                        Code::InvalidValue,
                        &v.span(),
                        format!("字段 `{}` 应为有限的数", self.qualified(key)),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(key, v, "数字");
                None
            }
        }
    }

    /// Every number of a record or of the settings is a figure a person typed; beyond
    /// [`MAX_MAGNITUDE`], or closer to zero than [`MIN_MAGNITUDE`], it is a slip: it would print
    /// hundreds of digits (1e308, 1e-300) and overflow to infinity in a year-on-year change.
    fn within_magnitude(&self, key: &str, v: Located<f64>) -> Option<Located<f64>> {
        let x = v.value.abs();
        if x == 0.0 || (MIN_MAGNITUDE..=MAX_MAGNITUDE).contains(&x) {
            return Some(v);
        }
        self.sink
            .report_at(
                Code::InvalidValue,
                v.pos,
                format!(
                    "字段 `{}` 的数值超出合理范围（0，或绝对值在 0.000001 到 1000000000000 之间）",
                    self.qualified(key)
                ),
            )
            .hint("检查单位和位数：金额以元计，人数、次数以个计");
        None
    }

    pub fn opt_bool(&mut self, key: &'static str) -> Option<Located<bool>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Located::new(*b, self.sink.pos(&v.span()))),
            _ => {
                self.wrong_type(key, v, "布尔值（true 或 false）");
                None
            }
        }
    }

    pub fn req_bool(&mut self, key: &'static str) -> Option<Located<bool>> {
        let present = self.table.contains_key(key);
        let b = self.opt_bool(key);
        if !present {
            self.missing(key, "true 或 false");
        }
        b
    }

    /// An optional array of non-empty strings; absent → empty.
    pub fn str_list(&mut self, key: &'static str) -> Vec<Located<String>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "文本数组，如 [\"甲\", \"乙\"]");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::String(s) if s.trim().is_empty() => {
                    self.sink.report(
                        Code::EmptyString,
                        &item.span(),
                        format!("`{}[{}]` 不能为空", self.qualified(key), i + 1),
                    );
                }
                DeValue::String(s) => out.push(Located::new(
                    self.sink.string_value(s, &item.span()),
                    self.sink.pos(&item.span()),
                )),
                other => {
                    self.sink.report(
                        Code::WrongType,
                        &item.span(),
                        format!(
                            "`{}[{}]` 应为文本，实际是{}",
                            self.qualified(key),
                            i + 1,
                            type_name(other)
                        ),
                    );
                }
            }
        }
        out
    }

    /// An optional sub-table (`[secretary]` or an inline table).
    pub fn table(&mut self, key: &'static str) -> Option<Fields<'a, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Fields {
                sink: self.sink,
                table: t,
                at: self.sink.pos(&v.span()),
                path: self.qualified(key),
                seen: Vec::new(),
            }),
            _ => {
                self.wrong_type(key, v, "表（[section] 或 { … }）");
                None
            }
        }
    }

    pub fn req_table(&mut self, key: &'static str) -> Option<Fields<'a, 'i>> {
        let t = self.table(key);
        if t.is_none() && !self.table.contains_key(key) {
            self.missing(key, &format!("表 [{key}]"));
        }
        t
    }

    /// An optional array of tables (`[[groups]]` or `[{…}, {…}]`); absent → empty.
    pub fn tables(&mut self, key: &'static str) -> Vec<Fields<'a, 'i>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, &format!("表数组（[[{key}]]）"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(t) => out.push(Fields {
                    sink: self.sink,
                    table: t,
                    at: self.sink.pos(&item.span()),
                    path: format!("{}[{}]", self.qualified(key), i + 1),
                    seen: Vec::new(),
                }),
                other => {
                    self.sink.report(
                        Code::WrongType,
                        &item.span(),
                        format!(
                            "`{}[{}]` 应为表，实际是{}",
                            self.qualified(key),
                            i + 1,
                            type_name(other)
                        ),
                    );
                }
            }
        }
        out
    }

    /// The entries of a table whose keys are data (`[activity_kinds]`, `[scores.2024]`): every
    /// key is accepted; the caller reads each value through [`Fields::entry_table`] or
    /// [`Fields::entry_str`].
    pub fn entries(&mut self) -> Vec<(Located<String>, &'a toml::Spanned<DeValue<'i>>)> {
        self.seen.push(ALL_KEYS);
        self.table
            .iter()
            .map(|(k, v)| {
                (
                    Located::new(k.get_ref().to_string(), self.sink.pos(&k.span())),
                    v,
                )
            })
            .collect()
    }

    /// An entry's value read as a table.
    pub fn entry_table(
        &self,
        key: &str,
        v: &'a toml::Spanned<DeValue<'i>>,
    ) -> Option<Fields<'a, 'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(Fields {
                sink: self.sink,
                table: t,
                at: self.sink.pos(&v.span()),
                path: self.qualified(key),
                seen: Vec::new(),
            }),
            _ => {
                self.wrong_type(key, v, "表（{ … }）");
                None
            }
        }
    }

    /// An entry's value read as a non-empty string.
    pub fn entry_str(
        &self,
        key: &str,
        v: &'a toml::Spanned<DeValue<'i>>,
    ) -> Option<Located<String>> {
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.sink.report(
                    Code::EmptyString,
                    &v.span(),
                    format!("`{}` 不能为空", self.qualified(key)),
                );
                None
            }
            DeValue::String(s) => Some(Located::new(
                self.sink.string_value(s, &v.span()),
                self.sink.pos(&v.span()),
            )),
            _ => {
                self.wrong_type(key, v, "文本（用双引号括起）");
                None
            }
        }
    }

    /// An entry's value read as a whole number from 1 (`first_number = { 2023 = 10 }`).
    pub fn entry_positive(
        &self,
        key: &str,
        v: &'a toml::Spanned<DeValue<'i>>,
    ) -> Option<Located<u32>> {
        match v.get_ref() {
            DeValue::Integer(i) => {
                let n = i64::from_str_radix(i.as_str(), i.radix())
                    .ok()
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| *n >= 1);
                if n.is_none() {
                    self.sink.report(
                        Code::InvalidValue,
                        &v.span(),
                        format!("`{}` 应为从 1 起的整数", self.qualified(key)),
                    );
                }
                n.map(|n| Located::new(n, self.sink.pos(&v.span())))
            }
            _ => {
                self.wrong_type(key, v, "整数");
                None
            }
        }
    }

    /// An entry's value read as a list of whole numbers from 1 (`unrecorded = { 2025 = [4, 7] }`).
    pub fn entry_positives(
        &self,
        key: &str,
        v: &'a toml::Spanned<DeValue<'i>>,
    ) -> Vec<Located<u32>> {
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| self.entry_positive(key, item))
                .collect(),
            _ => {
                self.wrong_type(key, v, "整数列表，如 [4, 7]");
                Vec::new()
            }
        }
    }

    /// The position of a key's value, if present (for cross-record checks).
    pub fn pos_of(&self, key: &str) -> Option<Pos> {
        self.table.get(key).map(|v| self.sink.pos(&v.span()))
    }

    /// Reports every key no accessor asked for, with a suggestion from the keys that exist.
    pub fn finish(&self) {
        self.finish_as(Code::UnknownKey);
    }

    /// [`Fields::finish`] with another code (`unknown-rule` for the rule set).
    pub fn finish_as(&self, code: Code) {
        if self.seen.contains(&ALL_KEYS) {
            return;
        }
        for (k, _) in self.table.iter() {
            let name = k.get_ref();
            if self.seen.contains(&name.as_ref()) {
                continue;
            }
            let handle = self.sink.report(
                code,
                &k.span(),
                format!("未知字段 `{}`", self.qualified(name)),
            );
            match did_you_mean(name, self.seen.iter().copied()) {
                Some(s) => handle.hint(format!("是否应为 `{s}`？")),
                None => {
                    let mut known: Vec<&str> = self.seen.clone();
                    known.sort_unstable();
                    known.dedup();
                    handle.hint(format!("此处可用的字段：{}", known.join("、")));
                }
            }
        }
    }
}

/// Marker placed in `seen` by [`Fields::entries`]: every key of the table is data.
const ALL_KEYS: &str = "\u{0}*";

pub(crate) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "文本",
        DeValue::Integer(_) => "整数",
        DeValue::Float(_) => "小数",
        DeValue::Boolean(_) => "布尔值",
        DeValue::Datetime(_) => "日期时间",
        DeValue::Array(_) => "数组",
        DeValue::Table(_) => "表",
    }
}
