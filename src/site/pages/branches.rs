use super::{Emit, Input, lay_out};
use crate::content::Branch;
use crate::present::branch;
use crate::site::search::SearchDoc;

pub(super) fn index(input: &Input<'_>, emit: &mut Emit<'_>) {
    emit(lay_out("branches.html", &branch::index(input.ctx)));
}

/// A branch's page, which lists its activities.
pub(super) fn branch<'a>(input: &Input<'a>, b: &'a Branch, emit: &mut Emit<'_>) {
    let view = branch::view(input.ctx, b);
    let mut page = lay_out("branch.html", &view);
    page.search = Some(SearchDoc::of(&view.view.search));
    emit(page);
}
