//! What a page gives the full-text search: its title, the names it is known by, its text in
//! pieces, its filters (支部 / 类型 / 年份), the facts shown under its title in the results
//! (类型, 支部, 日期) and the queries that name it exactly. Prepared with the page's view so
//! that the search shows what the page shows; the website's indexer only encodes it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::loaded::Site;

#[derive(Debug, Default, Serialize)]
pub(crate) struct SearchText {
    pub title: String,
    /// What the record is called besides its title (a 文号, a branch's short name, its
    /// secretary): indexed with the title's weight.
    pub names: Vec<String>,
    /// Short facts (branch, kind, place, people, topics): indexed before the text, but not
    /// where a result's excerpt starts when the text has the words searched for.
    pub facts: Vec<String>,
    /// Plain text, in the order the page shows it.
    pub pieces: Vec<String>,
    pub filters: Vec<(&'static str, String)>,
    /// (label, value) shown under the title in the results; labels are [`META_LABELS`].
    pub meta: Vec<(&'static str, String)>,
    /// The record's date, for 最新 (newest first).
    pub date: Option<NaiveDate>,
    /// Normalised queries ([`key`]) that mean this page: the search puts it first for them.
    pub keys: Vec<String>,
}

/// The facts under a result's title, in the order shown.
pub(crate) const META_LABELS: [&str; 4] = ["类型", "文号", "支部", "日期"];

/// 类型 of the pages that are not activities, after the configured activity kinds.
pub(crate) const PAGE_TYPES: [&str; 4] = ["支部", "支部品牌", "通知文件", "年度报告"];

impl SearchText {
    pub(crate) fn new(title: &str) -> SearchText {
        SearchText {
            title: title.to_owned(),
            ..SearchText::default()
        }
    }

    pub(crate) fn push(&mut self, piece: impl Into<String>) {
        self.pieces.push(piece.into());
    }

    pub(crate) fn fact(&mut self, fact: impl Into<String>) {
        self.facts.push(fact.into());
    }

    pub(crate) fn filter(&mut self, key: &'static str, value: impl Into<String>) {
        self.filters.push((key, value.into()));
    }

    pub(crate) fn meta(&mut self, label: &'static str, value: impl Into<String>) {
        self.meta.push((label, value.into()));
    }

    /// A name of the record, weighted like the title; a query that is exactly this name
    /// (after [`key`]) puts the page first.
    pub(crate) fn name(&mut self, name: &str) {
        if name.trim().is_empty() {
            return;
        }
        self.names.push(name.to_owned());
        self.exact(name);
    }

    /// A query that puts the page first without being indexed with more weight.
    pub(crate) fn exact(&mut self, query: &str) {
        for k in keys(query) {
            if !self.keys.contains(&k) {
                self.keys.push(k);
            }
        }
    }

    /// The 文号 of a notice: its name, and the forms people type for it (2024年1号, 2024-1).
    pub(crate) fn doc_number(&mut self, number: &str, year: i32, seq: u32) {
        self.name(number);
        self.names.push(format!("{year}年{seq}号"));
    }
}

/// The normalised form of a query, computed the same way by the search page
/// (`themes/default/static/search.js`, `searchKey`): full-width letters and digits made
/// half-width, lower case, everything but letters and digits (spaces, brackets 〔〕[]（）,
/// dashes) dropped. A 文号 — any 代字, a four-digit year, then the number, with 年, 第 and 号
/// optional — becomes `代字年-序号`, so that 澄中医党〔2024〕1号, 澄中医党[2024]1号 and
/// 澄中医党2024-01 are the same key, and 2024年1号 and 2024-1 are `2024-1`.
pub(crate) fn key(query: &str) -> String {
    let plain = plain(query);
    match doc_number(&plain) {
        Some((prefix, year, seq)) => format!("{prefix}{year}-{seq}"),
        None => plain,
    }
}

/// The keys of a name: [`key`], and for a 文号 with a 代字 also the key without it (a
/// query of 2024年1号 finds the notice of every series with that number).
pub(crate) fn keys(name: &str) -> Vec<String> {
    let k = key(name);
    if k.is_empty() {
        return Vec::new();
    }
    let mut out = vec![k];
    if let Some((prefix, year, seq)) = doc_number(&plain(name))
        && !prefix.is_empty()
    {
        out.push(format!("{year}-{seq}"));
    }
    out
}

/// Full-width letters and digits made half-width, lower case, only letters and digits.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// (代字, year, number) of a 文号 already reduced to letters and digits: a prefix without
/// digits, four digits, an optional 年 and 第, one to five digits, an optional 号.
fn doc_number(plain: &str) -> Option<(&str, &str, u32)> {
    let start = plain.find(|c: char| c.is_ascii_digit())?;
    let (prefix, rest) = plain.split_at(start);
    let year = rest
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?;
    let rest = &rest[4..];
    let rest = rest.strip_prefix('年').unwrap_or(rest);
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let rest = rest.strip_suffix('号').unwrap_or(rest);
    if rest.is_empty() || rest.len() > 5 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((prefix, year, rest.parse().ok()?))
}

/// The order the search page lists filter values in: 类型 as the site's kinds are
/// configured, then the other page types; 支部 as the branches are listed on the site.
pub(crate) fn filter_order(site: &Site) -> Vec<(&'static str, Vec<String>)> {
    let kinds = site
        .config
        .kinds
        .names()
        .map(str::to_owned)
        .chain(PAGE_TYPES.iter().map(|t| (*t).to_owned()))
        .collect();
    let branches = site
        .corpus
        .branches
        .iter()
        .map(|b| b.name.clone())
        .collect();
    vec![("类型", kinds), ("支部", branches)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_number_is_one_key_however_it_is_typed() {
        for typed in [
            "澄中医党〔2024〕1号",
            "澄中医党[2024]1号",
            "澄中医党（2024）1号",
            "澄中医党 〔2024〕 第1号",
            "澄中医党2024-01",
            "澄中医党２０２４年１号",
        ] {
            assert_eq!(key(typed), "澄中医党2024-1", "{typed}");
        }
        for typed in [
            "2024年1号",
            "2024-1",
            "2024年第1号",
            "〔2024〕1号",
            "2024 1",
        ] {
            assert_eq!(key(typed), "2024-1", "{typed}");
        }
        assert_eq!(key("澄中医党函〔2026〕10号"), "澄中医党函2026-10");
    }

    #[test]
    fn a_doc_number_has_a_key_without_its_prefix_and_other_names_only_their_own() {
        assert_eq!(
            keys("绍市中医党〔2023〕10号"),
            ["绍市中医党2023-10", "2023-10"]
        );
        assert_eq!(keys("药剂 支部"), ["药剂支部"]);
        assert_eq!(keys("ＩＣＵ党支部"), ["icu党支部"]);
        assert!(keys(" 〔〕 ").is_empty());
    }

    #[test]
    fn words_with_digits_are_not_taken_for_doc_numbers() {
        assert_eq!(key("2024年度组织生活会"), "2024年度组织生活会");
        assert_eq!(key("2024"), "2024");
        assert_eq!(key("二十届三中全会"), "二十届三中全会");
        assert_eq!(key("2024年123456号"), "2024年123456号");
        assert_eq!(key("第1号"), "第1号");
    }
}
