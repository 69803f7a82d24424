//! The brand projects (一支部一品牌): the index of cards and a page per brand.

use super::{Html, Input, Page, with_view};
use crate::present::brand::{self, Card};
use crate::present::links;
use crate::present::rows::crumb;
use crate::site::search::SearchDoc;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let site = input.site;
    let index_view = brand::index(input.ctx);
    index_view
        .brands
        .iter()
        .for_each(|c| publish_logo(input, c));
    let index = input.page(
        links::brands(),
        "brands.html",
        "一支部一品牌",
        "brands",
        vec![crumb("首页", links::home())],
    );
    let mut pages = vec![with_view(index, &index_view)];
    for b in &site.corpus.brands {
        let path = links::brand(&b.id);
        let html = Html {
            input,
            page: &path,
            record: &b.file,
        };
        let view = brand::page(input.ctx, b, &html);
        publish_logo(input, &view.brand);
        let page = input.page(
            path.clone(),
            "brand.html",
            &b.name,
            "brands",
            vec![
                crumb("首页", links::home()),
                crumb("一支部一品牌", links::brands()),
            ],
        );
        let mut page = with_view(page, &view);
        page.search = Some(SearchDoc::of(&view.search));
        pages.push(page);
    }
    pages
}

fn publish_logo(input: &Input<'_>, card: &Card<'_>) {
    if let Some(file) = &card.logo_file {
        input.publish(file.clone());
    }
}
