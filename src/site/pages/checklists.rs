//! The checklists (考核清单): the index and a scored page per checklist and year.

use super::{Input, Page, lay_out};
use crate::present::checklist;

pub(super) fn pages(input: &Input<'_>) -> Vec<Page> {
    let (index, views) = checklist::pages(input.ctx);
    let mut pages = vec![lay_out("checklists.html", &index)];
    pages.extend(views.iter().map(|v| lay_out("checklist.html", v)));
    pages
}
