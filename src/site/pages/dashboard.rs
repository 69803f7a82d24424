use super::{Input, Page, lay_out};
use crate::present::dashboard;

pub(super) fn pages(input: &Input<'_>) -> Vec<Page> {
    vec![lay_out("index.html", &dashboard::page(input.ctx))]
}
