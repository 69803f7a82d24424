use super::{Emit, Html, Input, Page, lay_out};
use crate::content::Activity;
use crate::present::activity;
use crate::present::links;

pub(super) fn index(input: &Input<'_>, emit: &mut Emit<'_>) {
    emit(lay_out("activities.html", &activity::index(input.ctx)));
}

/// A year's list and its months' lists.
pub(super) fn year(input: &Input<'_>, year: i32, emit: &mut Emit<'_>) {
    for list in activity::year_lists(input.ctx, year) {
        emit(lay_out("activity_list.html", &list));
    }
}

pub(super) fn kind<'a>(input: &Input<'a>, name: &'a str, slug: &str, emit: &mut Emit<'_>) {
    if let Some(page) = activity::kind(input.ctx, name, slug) {
        emit(lay_out("kind.html", &page));
    }
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
    lay_out("activity.html", &view)
}
