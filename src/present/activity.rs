//! The activities (支部活动): the index (years, kinds, the latest), a list per year and per
//! month, a page per kind, and a page per activity record.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use super::frame::{self, Frame, Page};
use super::markup::BodyWriter;
use super::rows::{self, ActivityRow, HistoryView, crumb};
use super::search::SearchText;
use super::{Context, links, privacy};
use crate::content::Activity;
use crate::content::attachment::is_image_path;
use crate::format::cn_date;
use crate::markup::text::plain_text;

#[derive(Serialize)]
pub(crate) struct IndexView<'a> {
    pub years: Vec<YearLink>,
    pub kinds: Vec<KindLink<'a>>,
    pub latest: Vec<ActivityRow<'a>>,
}

#[derive(Serialize)]
pub(crate) struct YearLink {
    pub year: i32,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub(crate) struct KindLink<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// A year's list, or one month's.
#[derive(Serialize)]
pub(crate) struct ListView<'a> {
    pub groups: Vec<MonthGroup<'a>>,
    /// The list has several months: it opens with links to each.
    pub toc: bool,
    /// The year, on the year's list only.
    pub year: Option<i32>,
}

#[derive(Clone, Serialize)]
pub(crate) struct MonthGroup<'a> {
    pub month: u32,
    pub url: String,
    pub activities: Vec<ActivityRow<'a>>,
    pub count: usize,
}

#[derive(Serialize)]
pub(crate) struct KindView<'a> {
    pub kind: &'a str,
    /// (year, activities, count), newest first.
    pub groups: Vec<(i32, Vec<ActivityRow<'a>>, usize)>,
}

/// The trail of every page below the index.
fn below_index() -> Vec<super::rows::Crumb> {
    let mut crumbs = frame::home();
    crumbs.push(crumb("支部活动", links::activities()));
    crumbs
}

pub(crate) fn index<'a>(ctx: &Context<'a>) -> Page<IndexView<'a>> {
    let site: &'a crate::loaded::Site = ctx.site;
    let idx = &site.corpus.index;
    let frame = Frame::new(links::activities(), "支部活动", "activities", frame::home());
    Page::new(
        frame,
        IndexView {
            years: idx
                .by_year
                .iter()
                .rev()
                .map(|(y, list)| YearLink {
                    year: *y,
                    url: links::year(*y),
                    count: list.len(),
                })
                .collect(),
            kinds: site
                .config
                .kinds
                .iter()
                .filter_map(|(name, slug)| {
                    idx.by_kind.get(name).map(|l| KindLink {
                        name,
                        url: links::kind(slug),
                        count: l.len(),
                    })
                })
                .collect(),
            latest: site
                .corpus
                .activities
                .iter()
                .rev()
                .take(20)
                .map(|a| rows::activity_row(site, a))
                .collect(),
        },
    )
}

/// A year's list followed by its months' lists (newest month first).
pub(crate) fn year_lists<'a>(ctx: &Context<'a>, year: i32) -> Vec<Page<ListView<'a>>> {
    let site: &'a crate::loaded::Site = ctx.site;
    let Some(list) = site.corpus.index.by_year.get(&year) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut months: BTreeMap<u32, Vec<ActivityRow<'a>>> = BTreeMap::new();
    for &i in list {
        let a = &site.corpus.activities[i];
        months
            .entry(a.date.value.month())
            .or_default()
            .push(rows::activity_row(site, a));
    }
    let groups: Vec<MonthGroup<'a>> = months
        .into_iter()
        .rev()
        .map(|(month, activities)| MonthGroup {
            month,
            url: links::month(year, month),
            count: activities.len(),
            activities,
        })
        .collect();
    let year_title = format!("{year}年支部活动");
    for g in &groups {
        // A month's list sits below its year's.
        let mut crumbs = below_index();
        crumbs.push(crumb(year_title.clone(), links::year(year)));
        let title = format!("{year}年{}月支部活动", g.month);
        out.push(Page::new(
            Frame::new(links::month(year, g.month), title, "activities", crumbs),
            ListView {
                groups: vec![g.clone()],
                toc: false,
                year: None,
            },
        ));
    }
    let frame = Frame::new(links::year(year), year_title, "activities", below_index());
    out.push(Page::new(
        frame,
        ListView {
            toc: groups.len() > 1,
            groups,
            year: Some(year),
        },
    ));
    out
}

/// The page of the kind `name` (its URL part `slug`), when it has activities.
pub(crate) fn kind<'a>(ctx: &Context<'a>, name: &'a str, slug: &str) -> Option<Page<KindView<'a>>> {
    let site: &'a crate::loaded::Site = ctx.site;
    let list = site.corpus.index.by_kind.get(name)?;
    let mut by_year: BTreeMap<i32, Vec<ActivityRow<'a>>> = BTreeMap::new();
    for &i in list {
        let a = &site.corpus.activities[i];
        by_year
            .entry(a.date.value.year())
            .or_default()
            .push(rows::activity_row(site, a));
    }
    let frame = Frame::new(links::kind(slug), name, "activities", below_index());
    Some(Page::new(
        frame,
        KindView {
            kind: name,
            groups: by_year
                .into_iter()
                .rev()
                .map(|(year, mut activities)| {
                    activities.reverse();
                    let n = activities.len();
                    (year, activities, n)
                })
                .collect(),
        },
    ))
}

#[derive(Serialize)]
pub(crate) struct PageView<'a, B> {
    pub a: ActivityRow<'a>,
    pub branch_name: &'a str,
    pub kind_url: String,
    pub date: String,
    pub time: &'a Option<String>,
    pub place: &'a str,
    pub chair: &'a str,
    pub recorder: &'a str,
    pub expected: u32,
    pub present: u32,
    pub rate: String,
    /// (name, reason): names hidden where the site says so.
    pub absentees: Vec<(&'a str, &'a str)>,
    pub guests: &'a [String],
    pub lecturer: &'a Option<String>,
    pub subject: &'a Option<String>,
    pub topics: &'a [String],
    pub tags: &'a [String],
    /// (url, name) of the brand project.
    pub brand: Option<(String, &'a str)>,
    pub attachments: Vec<Attachment<'a>>,
    pub body: B,
    pub history: Option<HistoryView>,
}

#[derive(Serialize)]
pub(crate) struct Attachment<'a> {
    /// From the activity's page.
    pub url: String,
    /// The file under `content/`, to be published.
    #[serde(skip)]
    pub file: String,
    pub caption: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub image: bool,
    pub name: &'a str,
}

pub(crate) fn page<'a, W: BodyWriter>(
    ctx: &Context<'a>,
    a: &'a Activity,
    writer: &W,
) -> Page<PageView<'a, W::Body>> {
    let site: &'a crate::loaded::Site = ctx.site;
    let root = links::root_of(&links::activity(a));
    let branch_name = branch_name(site, a);
    let year = a.date.value.year();
    let attachments = a
        .attachments
        .iter()
        .map(|att| {
            let file = format!("content/{}", att.path.value);
            Attachment {
                url: format!("{root}{}", links::asset_url(&file)),
                file,
                caption: att.caption.as_deref(),
                kind: att.kind.as_deref(),
                image: is_image_path(&att.path.value),
                name: att.path.value.rsplit('/').next().unwrap_or(&att.path.value),
            }
        })
        .collect();
    let mut crumbs = below_index();
    crumbs.push(crumb(format!("{year}年"), links::year(year)));
    let frame = Frame::new(links::activity(a), a.title.as_str(), "activities", crumbs);
    Page::new(
        frame,
        PageView {
            a: rows::activity_row(site, a),
            branch_name,
            kind_url: links::kind(site.config.kinds.slug(&a.kind.value)),
            date: cn_date(a.date.value),
            time: &a.time,
            place: &a.place,
            chair: &a.chair,
            recorder: &a.recorder,
            expected: a.expected,
            present: a.present,
            rate: rows::attendance(a.attendance(), &site.config.rules),
            absentees: privacy::absentees(&site.config, &a.absentees),
            guests: &a.guests,
            lecturer: &a.lecturer,
            subject: &a.subject,
            topics: &a.topics,
            tags: &a.tags,
            brand: a
                .brand
                .as_ref()
                .and_then(|b| site.corpus.brand(&b.value))
                .map(|b| (links::brand(&b.id), b.name.as_str())),
            attachments,
            body: writer.body(&site.corpus.activity_body(&site.root, a), None),
            history: rows::history(ctx.history.of(&a.file)),
        },
    )
}

fn branch_name<'a>(site: &'a crate::loaded::Site, a: &'a Activity) -> &'a str {
    site.corpus
        .branch(&a.branch.value)
        .map_or(a.branch.value.as_str(), |b| b.name.as_str())
}

/// The search text of an activity's page, made from the record by the search index (which does
/// not wait for the page).
pub(crate) fn search_text(site: &crate::loaded::Site, a: &Activity) -> SearchText {
    let body = site.corpus.activity_body(&site.root, a);
    search(a, &body, branch_name(site, a), a.date.value.year())
}

fn search(a: &Activity, body: &str, branch_name: &str, year: i32) -> SearchText {
    let mut doc = SearchText::new(&a.title);
    for piece in [
        branch_name,
        a.kind.value.as_str(),
        a.place.as_str(),
        a.chair.as_str(),
        a.recorder.as_str(),
    ] {
        doc.fact(piece);
    }
    for piece in a
        .lecturer
        .iter()
        .chain(&a.subject)
        .chain(&a.topics)
        .chain(&a.tags)
    {
        doc.fact(piece.clone());
    }
    doc.push(plain_text(body));
    doc.filter("支部", branch_name);
    doc.filter("类型", a.kind.value.as_str());
    doc.filter("年份", year.to_string());
    doc.meta("类型", a.kind.value.as_str());
    doc.meta("支部", branch_name);
    doc.meta("日期", crate::format::cn_date(a.date.value));
    doc.date = Some(a.date.value);
    doc
}
