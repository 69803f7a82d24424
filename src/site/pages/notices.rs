use super::{Html, Input, Page, with_view};
use crate::content::Notice;
use crate::present::links;
use crate::present::notice;
use crate::present::rows::crumb;
use crate::site::search::SearchDoc;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let index = input.page(
        links::notices(),
        "notices.html",
        "通知文件",
        "notices",
        vec![crumb("首页", links::home())],
    );
    let mut pages = vec![with_view(index, &notice::index(input.ctx))];
    pages.extend(
        input
            .site
            .corpus
            .notices
            .iter()
            .map(|n| notice_page(input, n)),
    );
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
