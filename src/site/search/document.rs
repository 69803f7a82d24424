//! What a page gives the search index (its document: weighted title, facts, text, filters,
//! meta, sort key), its hash, and the exact-match file (文号, names) the search page reads
//! beside Pagefind.

use std::collections::BTreeMap;

use crate::hash::StableHasher;

const WEIGHT_START: &str = "___PAGEFIND_WEIGHT___7";
const WEIGHT_END: &str = "___END_PAGEFIND_WEIGHT___";

/// Bytes of text indexed per page (about 30,000 Chinese characters, a long annual report).
/// Beyond that a page is still found by its title and beginning; without a limit one 50 MB
/// record made indexing take minutes.
pub(crate) const MAX_TEXT: usize = 100_000;

/// What one page contributes to the index.
#[derive(Debug, Clone)]
pub(crate) struct SearchDoc {
    pub title: String,
    /// Plain text; pieces are joined by [`SearchDoc::push`].
    pub text: String,
    /// 支部 / 类型 / 年份 → values, shown as filters in the search UI.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Shown with each result: `title`, and 类型, 文号, 支部, 日期 where the page has them.
    pub meta: BTreeMap<String, String>,
    /// `date` (ISO), and `newest` ([`newest_key`]) for 最新; pages without a date sort last.
    pub sort: BTreeMap<String, String>,
    /// Normalised queries that put this page first (`search-exact.json`).
    pub keys: Vec<String>,
}

/// The sort value of a page without a date: Pagefind leaves a page without the sort key out
/// of sorted results altogether, so every page has one.
const NO_DATE: &str = "0000-00-00";

/// The `newest` sort value of a date: smaller for a later date, so that 最新 asks Pagefind to
/// sort it ascending. Pagefind scores a sorted result by its position in its own index's
/// sorted pages; merging the shards then compares positions across indexes. Sorted by `date`
/// descending, a position counts from a shard's oldest page, so a larger shard's pages all
/// came first (at 10k, the 9th result was the newest). Ascending on this key, a position
/// counts from each shard's newest page, and the search page puts the first results in date
/// order (`static/search.js`). The `n` keeps Pagefind from reading the value as a number
/// (an `f32`, which cannot tell two days apart at this size).
pub(crate) fn newest_key(date: Option<chrono::NaiveDate>) -> String {
    use chrono::Datelike;
    let day = date.map_or(0, |d| {
        i64::from(d.year().clamp(0, 9999)) * 10_000 + i64::from(d.month() * 100 + d.day())
    });
    format!("n{:08}", 99_999_999 - day)
}

impl SearchDoc {
    pub(crate) fn new(title: &str) -> SearchDoc {
        let mut doc = SearchDoc {
            title: title.to_owned(),
            text: String::new(),
            filters: BTreeMap::new(),
            meta: BTreeMap::from([("title".to_owned(), title.to_owned())]),
            sort: BTreeMap::from([
                ("date".to_owned(), NO_DATE.to_owned()),
                ("newest".to_owned(), newest_key(None)),
            ]),
            keys: Vec::new(),
        };
        // Pagefind's own weight markers (what it emits for an <h1>): a title match ranks above
        // a mention in the body. The markers must stand alone between spaces.
        doc.text.push_str(WEIGHT_START);
        doc.text.push(' ');
        doc.push(title);
        doc.text.push(' ');
        doc.text.push_str(WEIGHT_END);
        doc
    }

    /// Appends a piece of text. Pagefind builds a Chinese word segmenter for every
    /// whitespace-separated chunk of a page, which made indexing the demo take seconds; so
    /// white space next to CJK text is folded into a full-width comma, leaving few, long
    /// chunks (the comma is punctuation and never a search term).
    pub(crate) fn push(&mut self, piece: &str) {
        for part in piece.split_whitespace() {
            // Room for the separator (at most 3 bytes) and at least one character.
            if self.text.len() + 4 > MAX_TEXT {
                return;
            }
            if !self.text.is_empty() && !self.text.ends_with([' ', '。']) {
                let prev_cjk = self.text.chars().next_back().is_some_and(|c| !c.is_ascii());
                let next_cjk = part.chars().next().is_some_and(|c| !c.is_ascii());
                let after_marker = self.text.ends_with("___");
                self.text.push(if (prev_cjk || next_cjk) && !after_marker {
                    '，'
                } else {
                    ' '
                });
            }
            let room = MAX_TEXT.saturating_sub(self.text.len());
            if part.len() > room {
                let cut = (0..=room)
                    .rev()
                    .find(|&i| part.is_char_boundary(i))
                    .unwrap_or(0);
                self.text.push_str(&part[..cut]);
                return;
            }
            self.text.push_str(part);
        }
    }

    /// The document of a page's prepared search text: the title and the record's names
    /// weighted, a full stop, the facts, a full stop, the text. The search page
    /// (`static/search.js`, `excerpt`) finds the facts and the text by those two full stops,
    /// so a full stop in a fact becomes a comma.
    pub(crate) fn of(text: &crate::present::search::SearchText) -> SearchDoc {
        let mut doc = SearchDoc::new(&text.title);
        if !text.names.is_empty() {
            doc.text.push(' ');
            doc.text.push_str(WEIGHT_START);
            for name in &text.names {
                doc.text.push(' ');
                doc.push(name);
            }
            doc.text.push(' ');
            doc.text.push_str(WEIGHT_END);
        }
        doc.text.push_str(" 。");
        for fact in &text.facts {
            doc.push(&fact.replace('。', "，"));
        }
        if doc.text.len() + 3 <= MAX_TEXT {
            doc.text.push('。');
        }
        for piece in &text.pieces {
            doc.push(piece);
        }
        for (key, value) in &text.filters {
            doc.filter(key, value.clone());
        }
        for (label, value) in &text.meta {
            doc.meta.insert((*label).to_owned(), value.clone());
        }
        if let Some(date) = text.date {
            doc.sort.insert("date".to_owned(), date.to_string());
            doc.sort.insert("newest".to_owned(), newest_key(Some(date)));
        }
        doc.keys.clone_from(&text.keys);
        doc
    }

    pub(crate) fn filter(&mut self, key: &str, value: impl Into<String>) {
        self.filters
            .entry(key.to_owned())
            .or_default()
            .push(value.into());
    }
}

/// Where the search page finds [`exact_file`]: beside the index, so that a build that keeps
/// the last index (pages first, search later) keeps it too.
pub(crate) const EXACT_FILE: &str = "pagefind/search-exact.json";

/// The pages each normalised query names (a 文号, a branch's name, its secretary), which the
/// search page puts before Pagefind's results, and the order of the filter values and facts:
/// `{"keys": {key: [path]}, "pages": {path: {meta, filters, date}}, "order": {filter:
/// [value]}, "meta": [label]}`. Pagefind splits a 文号 into pieces
/// and ranks a notice that mentions it as high as the notice itself, or finds neither.
pub(crate) fn exact_file(docs: &[(&str, &SearchDoc)], order: &[(&str, Vec<String>)]) -> Vec<u8> {
    let mut keys: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    // What the page shows of a named page that Pagefind does not find (its words split
    // differently from the query's).
    let mut pages: BTreeMap<&str, serde_json::Value> = BTreeMap::new();
    for (path, doc) in docs {
        for k in &doc.keys {
            let paths = keys.entry(k.as_str()).or_default();
            if !paths.contains(path) {
                paths.push(path);
            }
        }
        if !doc.keys.is_empty() {
            pages.insert(
                path,
                serde_json::json!({ "meta": doc.meta, "filters": doc.filters, "date": doc.sort.get("date") }),
            );
        }
    }
    let order: BTreeMap<&str, &Vec<String>> = order.iter().map(|(k, v)| (*k, v)).collect();
    let json = serde_json::json!({
        "keys": keys,
        "pages": pages,
        "order": order,
        "meta": crate::present::search::META_LABELS,
    });
    json.to_string().into_bytes()
}

/// The hash a document is known by in the dependency map and in the shards' cache keys.
pub(crate) fn doc_hash(doc: &SearchDoc) -> u64 {
    let mut h = StableHasher::default();
    h.str(&doc.title).str(&doc.text);
    for (k, values) in &doc.filters {
        h.str(k);
        for v in values {
            h.str(v);
        }
    }
    // What the result line shows (type, branch, date) and the sort key are in the index too.
    for (k, v) in doc.meta.iter().chain(&doc.sort) {
        h.str(k).str(v);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_of_a_page_is_cut_at_the_limit_on_a_character_boundary() {
        let mut doc = SearchDoc::new("标题");
        let line = "支部集中学习，交流发言。".repeat(100);
        for _ in 0..200 {
            doc.push(&line);
        }
        assert!(doc.text.len() <= MAX_TEXT, "{}", doc.text.len());
        assert!(doc.text.len() > MAX_TEXT - 8, "{}", doc.text.len());
        assert!(doc.text.starts_with(WEIGHT_START));
    }

    fn notice_text() -> crate::present::search::SearchText {
        let mut text = crate::present::search::SearchText::new("关于开展学习的通知");
        text.doc_number("澄中医党〔2024〕1号", 2024, 1);
        text.fact("各党支部");
        text.push("请认真组织学习。");
        text.meta("类型", "通知文件");
        text.filter("类型", "通知文件");
        text.date = chrono::NaiveDate::from_ymd_opt(2024, 2, 26);
        text
    }

    #[test]
    fn a_document_is_its_weighted_title_and_names_the_facts_and_the_text_between_full_stops() {
        let doc = SearchDoc::of(&notice_text());
        assert_eq!(
            doc.text,
            format!(
                "{WEIGHT_START} 关于开展学习的通知 {WEIGHT_END} {WEIGHT_START} 澄中医党〔2024〕1号 2024年1号 {WEIGHT_END} 。各党支部。请认真组织学习。"
            )
        );
        assert_eq!(doc.meta["title"], "关于开展学习的通知");
        assert_eq!(doc.meta["类型"], "通知文件");
        assert_eq!(doc.sort["date"], "2024-02-26");
        assert_eq!(doc.sort["newest"], "n79759773");
        assert_eq!(doc.keys, ["澄中医党2024-1", "2024-1"]);
        let undated = SearchDoc::of(&crate::present::search::SearchText::new("药剂党支部"));
        assert_eq!(undated.sort["date"], NO_DATE);
        assert_eq!(undated.sort["newest"], "n99999999");
        // Later dates sort first.
        let day = |s: &str| newest_key(s.parse().ok());
        assert!(day("2025-12-26") < day("2025-12-25"));
        assert!(day("2025-01-01") < day("2024-12-31"));
        assert!(day("1999-12-31") < newest_key(None));
    }

    #[test]
    fn the_exact_file_maps_each_key_to_its_pages_with_what_they_show() {
        let doc = SearchDoc::of(&notice_text());
        let plain = SearchDoc::of(&crate::present::search::SearchText::new("三月主题党日"));
        let order = [("类型", vec!["主题党日".to_owned(), "通知文件".to_owned()])];
        let json: serde_json::Value = serde_json::from_slice(&exact_file(
            &[("notices/2024-1.html", &doc), ("activities/a.html", &plain)],
            &order,
        ))
        .expect("JSON");
        assert_eq!(
            json["keys"]["2024-1"],
            serde_json::json!(["notices/2024-1.html"])
        );
        assert_eq!(
            json["keys"]["澄中医党2024-1"],
            serde_json::json!(["notices/2024-1.html"])
        );
        assert_eq!(
            json["pages"]["notices/2024-1.html"]["meta"]["类型"],
            "通知文件"
        );
        assert_eq!(json["pages"]["notices/2024-1.html"]["date"], "2024-02-26");
        assert!(json["pages"].get("activities/a.html").is_none());
        assert_eq!(
            json["order"]["类型"],
            serde_json::json!(["主题党日", "通知文件"])
        );
        assert_eq!(
            json["meta"],
            serde_json::json!(["类型", "文号", "支部", "日期"])
        );
    }
}
