//! The change history of the records (修订记录), and the pages without records of their own:
//! search and 404.

use super::{Input, Page, set, with_view};
use crate::present::changes;
use crate::present::links;
use crate::present::rows::crumb;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let mut pages = Vec::new();
    let home = || vec![crumb("首页", links::home())];
    if let Some(view) = changes::view(input.ctx) {
        let page = input.page(
            links::history(),
            "history.html",
            "修订记录",
            "history",
            home(),
        );
        pages.push(with_view(page, &view));
    }
    pages.push(input.page(links::search(), "search.html", "全文搜索", "search", home()));
    let mut not_found = input.page("404.html".into(), "404.html", "页面不存在", "", home());
    set(&mut not_found, "site_title", &input.site.config.site.title);
    pages.push(not_found);
    pages
}
