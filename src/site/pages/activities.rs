use super::{Html, Input, Page, with_view};
use crate::content::Activity;
use crate::present::activity;
use crate::present::links;
use crate::present::rows::crumb;
use crate::site::search::SearchDoc;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let home = || crumb("首页", links::home());
    let crumbs = || vec![home(), crumb("支部活动", links::activities())];
    let index = input.page(
        links::activities(),
        "activities.html",
        "支部活动",
        "activities",
        vec![home()],
    );
    let mut pages = vec![with_view(index, &activity::index(input.ctx))];
    for list in activity::lists(input.ctx) {
        let mut c = crumbs();
        if list.year.is_none() {
            // A month's list sits below its year's.
            let y = list.of_year;
            c.push(crumb(format!("{y}年支部活动"), links::year(y)));
        }
        let page = input.page(
            list.path.clone(),
            "activity_list.html",
            &list.title,
            "activities",
            c,
        );
        pages.push(with_view(page, &list));
    }
    for kind in activity::kinds(input.ctx) {
        let page = input.page(
            kind.path.clone(),
            "kind.html",
            kind.kind,
            "activities",
            crumbs(),
        );
        pages.push(with_view(page, &kind));
    }
    pages
}

/// One activity record's page; rendered one by one by the caller (there are many).
pub fn activity_page(input: &Input<'_>, a: &Activity) -> Page {
    let path = links::activity(a);
    let html = Html {
        input,
        page: &path,
        record: &a.file,
    };
    let view = activity::page(input.ctx, a, &html);
    for att in &view.attachments {
        input.publish(att.file.clone());
    }
    let page = input.page(
        path.clone(),
        "activity.html",
        &a.title,
        "activities",
        vec![
            crumb("首页", links::home()),
            crumb("支部活动", links::activities()),
            crumb(format!("{}年", view.year), links::year(view.year)),
        ],
    );
    let mut page = with_view(page, &view);
    page.search = Some(SearchDoc::of(&view.search));
    page
}
