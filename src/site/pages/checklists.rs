//! The checklists (考核清单): the index and a scored page per checklist and year.

use super::{Emit, Input, lay_out};
use crate::present::checklist;

pub(super) fn pages(input: &Input<'_>, emit: &mut Emit<'_>) {
    let (index, views) = checklist::pages(input.ctx);
    emit(lay_out("checklists.html", &index));
    for view in &views {
        emit(lay_out("checklist.html", view));
    }
}
