//! The change history of the records (修订记录), and the pages without records of their own:
//! search and 404.

use super::{Emit, Input, lay_out};
use crate::present::{changes, frame};

pub(super) fn pages(input: &Input<'_>, emit: &mut Emit<'_>) {
    if let Some(view) = changes::page(input.ctx) {
        emit(lay_out("history.html", &view));
    }
    emit(lay_out("search.html", &frame::search()));
    emit(lay_out("404.html", &frame::not_found(input.ctx)));
}
