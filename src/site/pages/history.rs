//! The change history of the records (修订记录), and the pages without records of their own:
//! search and 404.

use super::{Input, Page, lay_out};
use crate::present::{changes, frame};

pub(super) fn pages(input: &Input<'_>) -> Vec<Page> {
    let mut pages = Vec::new();
    if let Some(view) = changes::page(input.ctx) {
        pages.push(lay_out("history.html", &view));
    }
    pages.push(lay_out("search.html", &frame::search()));
    pages.push(lay_out("404.html", &frame::not_found(input.ctx)));
    pages
}
