use super::{Emit, Html, Input, lay_out};
use crate::present::links;
use crate::present::notice;
use crate::site::search::SearchDoc;

pub(super) fn pages(input: &Input<'_>, emit: &mut Emit<'_>) {
    emit(lay_out("notices.html", &notice::index(input.ctx)));
    for n in &input.site.corpus.notices {
        let path = links::notice(n);
        let html = Html {
            input,
            page: &path,
            record: &n.file,
        };
        let view = notice::page(input.ctx, n, &html);
        let mut page = lay_out("notice.html", &view);
        page.search = Some(SearchDoc::of(&view.view.search));
        emit(page);
    }
}
