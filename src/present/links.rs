//! The site's URL scheme in one place. Every URL is relative to the site root and names its
//! file (`…/index.html`, never `…/`), so that `output/` also works opened from disk, where a
//! link to a folder does not open its index.

use chrono::Datelike;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::content::{Activity, Notice};

pub(crate) fn home() -> String {
    "index.html".into()
}

pub(crate) fn branches() -> String {
    "branches/index.html".into()
}

pub(crate) fn branch(id: &str) -> String {
    format!("branches/{id}.html")
}

pub(crate) fn activities() -> String {
    "activities/index.html".into()
}

pub(crate) fn activity(a: &Activity) -> String {
    format!("activities/{}/{}.html", a.date.value.year(), a.slug)
}

pub(crate) fn year(y: i32) -> String {
    format!("activities/{y}/index.html")
}

pub(crate) fn month(y: i32, m: u32) -> String {
    format!("activities/{y}/{m:02}.html")
}

pub(crate) fn kind(slug: &str) -> String {
    format!("kinds/{slug}.html")
}

pub(crate) fn brands() -> String {
    "brands/index.html".into()
}

pub(crate) fn brand(id: &str) -> String {
    format!("brands/{id}.html")
}

pub(crate) fn notices() -> String {
    "notices/index.html".into()
}

pub(crate) fn notice(n: &Notice) -> String {
    format!("notices/{}.html", notice_stem(n))
}

pub(crate) fn notice_pdf(n: &Notice) -> String {
    format!("notices/{}.pdf", notice_stem(n))
}

pub(crate) fn notice_docx(n: &Notice) -> String {
    format!("notices/{}.docx", notice_stem(n))
}

/// Whether this build writes each notice's Word document (`build --docx`): a setting of the
/// process, as `pdf::select` is, so that the build options and every context need not carry
/// it; the notice pages link the documents when it is on.
static DOCX: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub(crate) fn set_docx(on: bool) {
    DOCX.store(on, std::sync::atomic::Ordering::Relaxed);
}

pub(crate) fn docx_built() -> bool {
    DOCX.load(std::sync::atomic::Ordering::Relaxed)
}

/// `2025-3` for the main series; a separate series puts its id first (`han-2025-3`), so that
/// its 3号 and the main series' 3号 of the same year get different pages and PDFs. The id is
/// never all digits (site.toml refuses that), so the two forms cannot meet.
fn notice_stem(n: &Notice) -> String {
    match &n.series {
        None => format!("{}-{}", n.year, n.number.value),
        Some(id) => format!("{id}-{}-{}", n.year, n.number.value),
    }
}

/// The annual work summary of a year with a narrative.
pub(crate) fn annual_pdf(year: i32) -> String {
    format!("annual/{year}.pdf")
}

/// The record book (党支部工作记录本) of a branch and year.
pub(crate) fn book_pdf(branch: &str, year: i32) -> String {
    format!("books/{branch}-{year}.pdf")
}

/// The assessment table of a checklist and year.
pub(crate) fn checklist_pdf(id: &str, year: i32) -> String {
    format!("checklists/{id}-{year}.pdf")
}

pub(crate) fn annuals() -> String {
    "annual/index.html".into()
}

pub(crate) fn annual(y: i32) -> String {
    format!("annual/{y}.html")
}

/// The year's ledger (年度台账) as an Excel workbook: `export ledger` writes the same file.
pub(crate) fn ledger(y: i32) -> String {
    format!("ledger/{y}.xlsx")
}

pub(crate) fn checklists() -> String {
    "checklists/index.html".into()
}

pub(crate) fn checklist(id: &str, year: i32) -> String {
    format!("checklists/{id}-{year}.html")
}

/// The 发展党员 page of a year.
pub(crate) fn members(year: i32) -> String {
    format!("members/{year}.html")
}

pub(crate) fn history() -> String {
    "history.html".into()
}

pub(crate) fn search() -> String {
    "search.html".into()
}

/// Where a file under `content/` is published: `content/attachments/x.png` → `attachments/x.png`.
pub(crate) fn asset(content_rel: &str) -> String {
    content_rel
        .strip_prefix("content/")
        .unwrap_or(content_rel)
        .to_owned()
}

/// The URL of a published file under `content/`, relative to the site root: each path segment
/// percent-encoded, so that a file named `a#b?.png` or `会议 记录.pdf` is linked as itself and
/// not cut at `#`/`?` or misread at `%`.
pub(crate) fn asset_url(content_rel: &str) -> String {
    asset(content_rel)
        .split('/')
        .map(|seg| utf8_percent_encode(seg, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// Everything but RFC 3986's unreserved characters is encoded in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The prefix that leads from a page back to the site root: `""`, `"../"`, `"../../"`.
pub(crate) fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}
