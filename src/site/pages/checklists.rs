//! The checklists (考核清单): the index and a scored page per checklist and year.

use super::{Input, Page, with_view};
use crate::present::checklist;
use crate::present::links;
use crate::present::rows::crumb;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let (index, views) = checklist::pages(input.ctx);
    let mut pages = vec![with_view(
        input.page(
            links::checklists(),
            "checklists.html",
            "考核清单",
            "checklists",
            vec![crumb("首页", links::home())],
        ),
        &index,
    )];
    pages.extend(views.into_iter().map(|v| {
        let page = input.page(
            v.path.clone(),
            "checklist.html",
            &v.title,
            "checklists",
            vec![
                crumb("首页", links::home()),
                crumb("考核清单", links::checklists()),
            ],
        );
        with_view(page, &v)
    }));
    pages
}
