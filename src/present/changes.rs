//! The change history of the records (修订记录): the recent commits that touched `content/`,
//! each file linked to the page of the record it holds.

use serde::Serialize;

use super::frame::{self, Frame, Page};
use super::{Context, links};

#[derive(Serialize)]
pub(crate) struct ChangesView {
    pub changes: Vec<(Change, Vec<FileLink>)>,
}

/// A changed file and the page of the record it holds, if any.
pub(crate) type FileLink = (String, Option<String>);

#[derive(Serialize)]
pub(crate) struct Change {
    /// 2026年3月2日, and the ISO date for `<time datetime>`.
    pub date: String,
    pub iso: String,
    pub author: String,
    pub subject: String,
}

/// None when the site has no history (not a git repository, or nothing committed).
pub(crate) fn page(ctx: &Context<'_>) -> Option<Page<ChangesView>> {
    if ctx.history.is_empty() {
        return None;
    }
    let changes = ctx
        .history
        .recent
        .iter()
        .map(|c| {
            let files = c
                .files
                .iter()
                .map(|f| (f.clone(), record_url(ctx, f)))
                .collect();
            (
                Change {
                    date: super::rows::iso_to_cn(&c.date),
                    iso: c.date.clone(),
                    author: c.author.clone(),
                    subject: c.subject.clone(),
                },
                files,
            )
        })
        .collect();
    let frame = Frame::new(links::history(), "修订记录", "history", frame::home());
    Some(Page::new(frame, ChangesView { changes }))
}

/// The page of the record stored at `file`, if it has one.
fn record_url(ctx: &Context<'_>, file: &str) -> Option<String> {
    let c = &ctx.site.corpus;
    if let Some(a) = c.activities.iter().find(|a| a.file == file) {
        return Some(links::activity(a));
    }
    if let Some(b) = c.branches.iter().find(|b| b.file == file) {
        return Some(links::branch(&b.id));
    }
    if let Some(b) = c.brands.iter().find(|b| b.file == file) {
        return Some(links::brand(&b.id));
    }
    c.notices.iter().find(|n| n.file == file).map(links::notice)
}
