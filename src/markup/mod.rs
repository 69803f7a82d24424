//! Record Markdown → output markup. One parser (pulldown-cmark), two targets: HTML for the site
//! (raw HTML escaped, links checked) and, for the PDFs, Typst markup with every special
//! character escaped. [`xml`] escapes plain text for the XML files (feed, sitemap, charts).

pub mod html;
pub mod numbering;
pub mod parse;
pub mod parts;
pub mod runin;
pub mod text;
pub mod typst;
pub mod xml;

use pulldown_cmark::Options;

/// The Markdown dialect of records: CommonMark plus tables, footnotes, strikethrough and task
/// lists.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}
