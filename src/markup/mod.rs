//! Record Markdown → output markup. One parser (pulldown-cmark), two targets: HTML for the site
//! (raw HTML escaped, links checked) and, for the PDFs, Typst markup with every special
//! character escaped.

pub mod html;
pub mod numbering;
pub mod text;
pub mod typst;

use pulldown_cmark::Options;

/// The Markdown dialect of records: CommonMark plus tables, footnotes, strikethrough and task
/// lists.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}
