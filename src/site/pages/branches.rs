use super::{Input, Page, lay_out};
use crate::present::branch;
use crate::site::search::SearchDoc;

pub(super) fn pages(input: &Input<'_>) -> Vec<Page> {
    let mut pages = vec![lay_out("branches.html", &branch::index(input.ctx))];
    for b in &input.site.corpus.branches {
        let view = branch::view(input.ctx, b);
        let mut page = lay_out("branch.html", &view);
        page.search = Some(SearchDoc::of(&view.view.search));
        pages.push(page);
    }
    pages
}
