//! The rows that several pages list (activities, notices), the record's history and the
//! breadcrumb trail: exactly what a page shows, already formatted and linked. Every number
//! here comes from the records or `metrics`.

use serde::Serialize;

use super::links;
use crate::content::{Activity, Notice, notice::NoticeFormat};
use crate::format::cn_date;
use crate::history::FileHistory;
use crate::loaded::Site;
use crate::metrics::branch::below_attendance_threshold;

/// A 参与率 (of a meeting, a branch or the committee), never rounded up to the threshold it
/// fails: see [`crate::format::attendance_percent`].
pub(crate) fn attendance(x: Option<f64>, rules: &crate::rules::RuleSettings) -> String {
    x.map_or_else(
        || "—".to_owned(),
        |x| crate::format::attendance_percent(x, rules.attendance_threshold),
    )
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ActivityRow<'a> {
    pub url: String,
    pub title: &'a str,
    pub date: String,
    pub iso: String,
    pub kind: &'a str,
    pub branch: &'a str,
    pub branch_url: String,
    pub attendance: String,
    pub low: bool,
}

pub(crate) fn activity_row<'a>(site: &'a Site, a: &'a Activity) -> ActivityRow<'a> {
    let branch = site
        .corpus
        .branch(&a.branch.value)
        .map_or(a.branch.value.as_str(), |b| b.display_name());
    let rate = a.attendance();
    ActivityRow {
        url: links::activity(a),
        title: &a.title,
        date: cn_date(a.date.value),
        iso: a.date.value.to_string(),
        kind: &a.kind.value,
        branch,
        branch_url: links::branch(&a.branch.value),
        attendance: format!("{}/{}", a.present, a.expected),
        low: rate.is_some_and(|r| below_attendance_threshold(r, &site.config.rules)),
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct NoticeRow<'a> {
    pub url: String,
    pub number: String,
    pub title: &'a str,
    pub date: String,
    pub iso: String,
    pub format: &'static str,
}

pub(crate) fn notice_row<'a>(site: &'a Site, n: &'a Notice) -> NoticeRow<'a> {
    NoticeRow {
        url: links::notice(n),
        number: site.config.doc_number(n),
        title: &n.title,
        date: cn_date(n.date.value),
        iso: n.date.value.to_string(),
        format: match n.format {
            NoticeFormat::File => "文件",
            NoticeFormat::Letter => "信函",
        },
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct HistoryView {
    pub created: String,
    pub updated: String,
    pub author: String,
    pub commits: u32,
}

pub(crate) fn history(h: Option<&FileHistory>) -> Option<HistoryView> {
    h.map(|h| HistoryView {
        created: iso_to_cn(&h.created),
        updated: iso_to_cn(&h.updated),
        author: h.author.clone(),
        commits: h.commits,
    })
}

/// git's ISO date (2026-03-02) as people write it (2026年3月2日); kept as it is if it is none.
pub(crate) fn iso_to_cn(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map_or_else(|_| iso.to_owned(), crate::format::cn_date)
}

/// A link in the breadcrumb trail.
#[derive(Debug, Serialize)]
pub(crate) struct Crumb {
    pub title: String,
    pub url: String,
}

pub(crate) fn crumb(title: impl Into<String>, url: impl Into<String>) -> Crumb {
    Crumb {
        title: title.into(),
        url: url.into(),
    }
}

/// A term's state as the pages' CSS classes name it.
pub(crate) fn term_state(s: crate::metrics::branch::TermState) -> &'static str {
    use crate::metrics::branch::TermState;
    match s {
        TermState::Current => "current",
        TermState::DueSoon => "due-soon",
        TermState::Overdue => "overdue",
    }
}

/// A rule period's status as the pages' CSS classes name it, and its mark.
pub(crate) fn status(s: crate::metrics::Status) -> (&'static str, &'static str) {
    use crate::metrics::Status;
    match s {
        Status::Met => ("met", "✓"),
        Status::Missed => ("missed", "✕"),
        Status::Due => ("due", "…"),
        Status::Future => ("future", "·"),
        Status::NotApplicable => ("not-applicable", "·"),
    }
}
