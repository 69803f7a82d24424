//! A record's Markdown as each writer needs it: the views carry the body in whatever form
//! their writer asks for (HTML for the website, Typst markup for the PDFs), so that the
//! view decides what is shown and the writer only how Markdown is written in its format.

use serde::Serialize;

use crate::markup::numbering::Numbering;

/// Turns a record's Markdown into a writer's markup.
pub(crate) trait BodyWriter: Sync {
    type Body: Serialize;
    /// `numbering`: headings are numbered as in a document (一、（一）…), the third level
    /// counting as given; `None`: not numbered.
    fn body(&self, markdown: &str, numbering: Option<Numbering>) -> Self::Body;
}
