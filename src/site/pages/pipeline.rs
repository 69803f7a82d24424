//! The 发展党员 page of each year; never in the search index (personal data).

use super::{Emit, Input, lay_out};
use crate::present::members;

pub(super) fn pages(input: &Input<'_>, emit: &mut Emit<'_>) {
    for view in members::pages(input.ctx) {
        emit(lay_out("pipeline.html", &view));
    }
}
