use super::{Html, Input, Page, lay_out};
use crate::content::Activity;
use crate::present::activity;
use crate::present::links;
use crate::site::search::SearchDoc;

pub(super) fn pages(input: &Input<'_>) -> Vec<Page> {
    let mut pages = vec![lay_out("activities.html", &activity::index(input.ctx))];
    pages.extend(
        activity::lists(input.ctx)
            .iter()
            .map(|l| lay_out("activity_list.html", l)),
    );
    pages.extend(
        activity::kinds(input.ctx)
            .iter()
            .map(|k| lay_out("kind.html", k)),
    );
    pages
}

/// One activity record's page; rendered one by one by the caller (there are many).
pub(crate) fn activity_page(input: &Input<'_>, a: &Activity) -> Page {
    let path = links::activity(a);
    let html = Html {
        input,
        page: &path,
        record: &a.file,
    };
    let view = activity::page(input.ctx, a, &html);
    for att in &view.view.attachments {
        input.publish(att.file.clone());
    }
    let mut page = lay_out("activity.html", &view);
    page.search = Some(SearchDoc::of(&view.view.search));
    page
}
