//! The brand projects (一支部一品牌): the index of cards and a page per brand.

use super::{Emit, Html, Input, lay_out};
use crate::present::brand::{self, Card};
use crate::present::links;
use crate::site::search::SearchDoc;

pub(super) fn pages(input: &Input<'_>, emit: &mut Emit<'_>) {
    let index = brand::index(input.ctx);
    index
        .view
        .brands
        .iter()
        .for_each(|c| publish_logo(input, c));
    emit(lay_out("brands.html", &index));
    for b in &input.site.corpus.brands {
        let path = links::brand(&b.id);
        let html = Html {
            input,
            page: &path,
            record: &b.file,
        };
        let view = brand::page(input.ctx, b, &html);
        publish_logo(input, &view.view.brand);
        let mut page = lay_out("brand.html", &view);
        page.search = Some(SearchDoc::of(&view.view.search));
        emit(page);
    }
}

fn publish_logo(input: &Input<'_>, card: &Card<'_>) {
    if let Some(file) = &card.logo_file {
        input.publish(file.clone());
    }
}
