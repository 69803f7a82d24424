//! The 发展党员 page of each year; never in the search index (personal data).

use super::{Input, Page, with_view};
use crate::present::links;
use crate::present::members;
use crate::present::rows::crumb;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    members::pages(input.ctx)
        .into_iter()
        .map(|v| {
            let page = input.page(
                links::members(v.year),
                "pipeline.html",
                &format!("{}年发展党员情况", v.year),
                "annual",
                vec![
                    crumb("首页", links::home()),
                    crumb("年度报告", links::annuals()),
                    crumb(format!("{}年", v.year), links::annual(v.year)),
                ],
            );
            with_view(page, &v)
        })
        .collect()
}
