//! The 发展党员 page of each year; never in the search index (personal data).

use super::{Input, Page, lay_out};
use crate::present::members;

pub(super) fn pages(input: &Input<'_>) -> Vec<Page> {
    members::pages(input.ctx)
        .iter()
        .map(|v| lay_out("pipeline.html", v))
        .collect()
}
