use std::collections::BTreeMap;

use super::{Html, Input, Page, set, with_view};
use crate::content::Notice;
use crate::present::links;
use crate::present::notice;
use crate::present::rows::{self, NoticeRow, crumb};
use crate::site::search::SearchDoc;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let site = input.site;
    let mut by_year: BTreeMap<i32, Vec<NoticeRow<'_>>> = BTreeMap::new();
    for n in &site.corpus.notices {
        by_year
            .entry(n.year)
            .or_default()
            .push(rows::notice_row(site, n));
    }
    let groups: Vec<(i32, Vec<NoticeRow<'_>>)> = by_year
        .into_iter()
        .rev()
        .map(|(y, mut l)| {
            l.reverse();
            (y, l)
        })
        .collect();
    let mut index = input.page(
        links::notices(),
        "notices.html",
        "通知文件",
        "notices",
        vec![crumb("首页", links::home())],
    );
    set(&mut index, "groups", &groups);
    let mut pages = vec![index];
    pages.extend(site.corpus.notices.iter().map(|n| notice_page(input, n)));
    pages
}

fn notice_page(input: &Input<'_>, n: &Notice) -> Page {
    let path = links::notice(n);
    let page = input.page(
        path.clone(),
        "notice.html",
        &n.title,
        "notices",
        vec![
            crumb("首页", links::home()),
            crumb("通知文件", links::notices()),
        ],
    );
    let html = Html {
        input,
        page: &path,
        record: &n.file,
    };
    let view = notice::page(input.ctx, n, &html);
    let mut page = with_view(page, &view);
    page.search = Some(SearchDoc::of(&view.search));
    page
}
