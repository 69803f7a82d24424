//! Full-text search with Pagefind, indexed in process from the records' own text (no second
//! pass over the rendered HTML). The `extended` feature segments Chinese words, so 主题党日
//! finds 主题党日 and not every page with 党. The index and the UI (JS, CSS, WASM) go into
//! `output/pagefind/`; nothing is fetched when the site is opened.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::{Code, Diagnostic};

/// What one page contributes to the index.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub title: String,
    /// Plain text; pieces are joined by [`SearchDoc::push`].
    pub text: String,
    /// 支部 / 类型 / 年份 → values, shown as filters in the search UI.
    pub filters: BTreeMap<String, Vec<String>>,
}

impl SearchDoc {
    pub fn new(title: &str) -> SearchDoc {
        let mut doc = SearchDoc {
            title: title.to_owned(),
            text: String::new(),
            filters: BTreeMap::new(),
        };
        doc.push(title);
        doc
    }

    /// Appends a piece of text. Pagefind builds a Chinese word segmenter for every
    /// whitespace-separated chunk of a page, which made indexing the demo take seconds; so
    /// white space next to CJK text is folded into a full-width comma, leaving few, long
    /// chunks (the comma is punctuation and never a search term).
    pub fn push(&mut self, piece: &str) {
        for part in piece.split_whitespace() {
            if !self.text.is_empty() {
                let prev_cjk = self.text.chars().next_back().is_some_and(|c| !c.is_ascii());
                let next_cjk = part.chars().next().is_some_and(|c| !c.is_ascii());
                self.text
                    .push(if prev_cjk || next_cjk { '，' } else { ' ' });
            }
            self.text.push_str(part);
        }
    }

    pub fn filter(&mut self, key: &str, value: impl Into<String>) {
        self.filters
            .entry(key.to_owned())
            .or_default()
            .push(value.into());
    }
}

/// (output path, file contents) of every search file.
pub type SearchFiles = Vec<(String, Vec<u8>)>;

/// Indexes `(page path, document)` pairs.
pub fn index(docs: &[(&str, &SearchDoc)]) -> Result<SearchFiles, Diagnostic> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::general(Code::Output, format!("建立搜索索引失败（{what}）：{e}"))
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail("runtime", &e))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("zh-cn".to_owned())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| fail("options", &e))?;
        for (path, doc) in docs {
            let meta = BTreeMap::from([("title".to_owned(), doc.title.clone())]);
            index
                .add_custom_record(
                    format!("/{path}"),
                    doc.text.clone(),
                    "zh-cn".to_owned(),
                    Some(meta),
                    Some(doc.filters.clone()),
                    None,
                )
                .await
                .map_err(|e| fail(path, &e))?;
        }
        let files = index.get_files().await.map_err(|e| fail("files", &e))?;
        let mut out: SearchFiles = files
            .into_iter()
            .map(|f| {
                (
                    format!(
                        "pagefind/{}",
                        crate::diagnostics::relative_path(std::path::Path::new(""), &f.filename)
                    ),
                    f.contents,
                )
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    })
}
