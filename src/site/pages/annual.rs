use super::{Emit, Html, Input, lay_out};
use crate::present::annual_page;
use crate::present::links;
use crate::site::search::SearchDoc;

pub(super) fn pages(input: &Input<'_>, emit: &mut Emit<'_>) {
    emit(lay_out("annuals.html", &annual_page::index(input.ctx)));
    for m in input.ctx.years.with_records() {
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
        let mut page = lay_out("annual.html", &view);
        page.search = Some(SearchDoc::of(&view.view.search));
        emit(page);
    }
}
