use super::{Input, Page, with_view};
use crate::present::{dashboard, links};

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let page = input.page(
        links::home(),
        "index.html",
        &input.site.config.site.title,
        "home",
        Vec::new(),
    );
    vec![with_view(page, &dashboard::view(input.ctx))]
}
