use super::{Input, Page, with_view};
use crate::content::Branch;
use crate::present::branch;
use crate::present::links;
use crate::present::rows::crumb;
use crate::site::search::SearchDoc;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let index = input.page(
        links::branches(),
        "branches.html",
        "党支部",
        "branches",
        vec![crumb("首页", links::home())],
    );
    let mut pages = vec![with_view(index, &branch::index(input.ctx))];
    pages.extend(
        input
            .site
            .corpus
            .branches
            .iter()
            .map(|b| branch_page(input, b)),
    );
    pages
}

fn branch_page(input: &Input<'_>, b: &Branch) -> Page {
    let page = input.page(
        links::branch(&b.id),
        "branch.html",
        &b.name,
        "branches",
        vec![
            crumb("首页", links::home()),
            crumb("党支部", links::branches()),
        ],
    );
    let view = branch::view(input.ctx, b);
    let mut page = with_view(page, &view);
    page.search = Some(SearchDoc::of(&view.search));
    page
}
