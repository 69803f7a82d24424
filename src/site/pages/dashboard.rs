use super::{Emit, Input, lay_out};
use crate::present::dashboard;

pub(super) fn pages(input: &Input<'_>, emit: &mut Emit<'_>) {
    emit(lay_out("index.html", &dashboard::page(input.ctx)));
}
