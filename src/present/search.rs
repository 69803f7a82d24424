//! What a page gives the full-text search: its title, its text in pieces and its filters
//! (支部 / 类型 / 年份). Prepared with the page's view so that the search shows what the page
//! shows; the website's indexer only encodes it.

use serde::Serialize;

#[derive(Debug, Default, Serialize)]
pub(crate) struct SearchText {
    pub title: String,
    /// Plain text, in the order the page shows it.
    pub pieces: Vec<String>,
    pub filters: Vec<(&'static str, String)>,
}

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

    pub(crate) fn filter(&mut self, key: &'static str, value: impl Into<String>) {
        self.filters.push((key, value.into()));
    }
}
