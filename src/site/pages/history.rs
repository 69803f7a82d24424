//! The change history of the records (修订记录), and the pages without records of their own:
//! search and 404.

use super::{Input, Page, set};
use crate::present::links;
use crate::present::rows::crumb;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let mut pages = Vec::new();
    let site = input.site;
    let home = || vec![crumb("首页", links::home())];
    if !input.history.is_empty() {
        let mut p = input.page(
            links::history(),
            "history.html",
            "修订记录",
            "history",
            home(),
        );
        let changes: Vec<_> = input
            .history
            .recent
            .iter()
            .map(|c| {
                let files: Vec<(String, Option<String>)> = c
                    .files
                    .iter()
                    .map(|f| (f.clone(), record_url(input, f)))
                    .collect();
                (c, files)
            })
            .collect();
        set(&mut p, "changes", &changes);
        pages.push(p);
    }
    pages.push(input.page(links::search(), "search.html", "全文搜索", "search", home()));
    let mut not_found = input.page("404.html".into(), "404.html", "页面不存在", "", home());
    set(&mut not_found, "site_title", &site.config.site.title);
    pages.push(not_found);
    pages
}

/// The page of the record stored at `file`, if it has one.
fn record_url(input: &Input<'_>, file: &str) -> Option<String> {
    let c = &input.site.corpus;
    if let Some(a) = c.activities.iter().find(|a| a.file == file) {
        return Some(links::activity(a));
    }
    if let Some(b) = c.branches.iter().find(|b| b.file == file) {
        return Some(links::branch(&b.id));
    }
    if let Some(b) = c.brands.iter().find(|b| b.file == file) {
        return Some(links::brand(&b.id));
    }
    c.notices.iter().find(|n| n.file == file).map(links::notice)
}
