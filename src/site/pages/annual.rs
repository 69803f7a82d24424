use super::{Html, Input, Page, with_view};
use crate::metrics::Metrics;
use crate::present::annual_page;
use crate::present::links;
use crate::present::rows::crumb;
use crate::site::search::SearchDoc;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let index = input.page(
        links::annuals(),
        "annuals.html",
        "年度报告",
        "annual",
        vec![crumb("首页", links::home())],
    );
    let mut pages = vec![with_view(index, &annual_page::index(input.ctx))];
    pages.extend(
        input
            .ctx
            .years
            .with_records()
            .iter()
            .map(|m| year_page(input, m)),
    );
    pages
}

fn year_page(input: &Input<'_>, m: &Metrics) -> Page {
    let path = links::annual(m.year);
    let record = input
        .site
        .corpus
        .narrative(m.year)
        .map_or("", |n| n.file.as_str());
    let html = Html {
        input,
        page: &path,
        record,
    };
    let view = annual_page::page(input.ctx, m, &html);
    let page = input.page(
        path.clone(),
        "annual.html",
        &view.title,
        "annual",
        vec![
            crumb("首页", links::home()),
            crumb("年度报告", links::annuals()),
        ],
    );
    let mut page = with_view(page, &view);
    page.search = Some(SearchDoc::of(&view.search));
    page
}
