//! The branches (党支部): the index with each branch's figures for the current year, and a
//! page per branch with its profile, each year's rule compliance and activities, and the
//! roster where the site publishes it.

use chrono::Datelike;
use serde::Serialize;

use super::frame::{self, Frame, Page};
use super::rows::{self, ActivityRow, HistoryView, crumb};
use super::search::SearchText;
use super::{Context, links, privacy};
use crate::charts::figures;
use crate::content::Branch;
use crate::format::cn_date;
use crate::metrics::{BranchMetrics, Metrics, Status};

#[derive(Serialize)]
pub(crate) struct IndexView<'a> {
    pub branches: Vec<BranchRow<'a>>,
    /// The year the figures are of.
    pub year: Option<i32>,
}

#[derive(Serialize)]
pub(crate) struct BranchRow<'a> {
    pub url: String,
    pub name: &'a str,
    pub category: &'a str,
    pub department: &'a str,
    pub secretary: &'a str,
    pub members: u32,
    pub activities: u32,
    pub attendance: String,
    pub met: usize,
    pub missed: usize,
    /// Some period of a rule was missed.
    pub missed_any: bool,
    pub term: &'static str,
    pub term_state: &'static str,
    pub brand: Option<(String, &'a str)>,
}

#[derive(Serialize)]
pub(crate) struct BranchView<'a> {
    pub branch: Profile<'a>,
    pub brand: Option<(String, &'a str)>,
    /// (url, name, slogan) of the branch's brand projects.
    pub brands: Vec<(String, &'a str, &'a str)>,
    /// Newest year first: that is what a branch secretary opens the page for.
    pub years: Vec<YearBlock<'a>>,
    /// (name, 正式/预备, joined): empty unless the site publishes its roster.
    pub members: Vec<(&'a str, &'static str, Option<String>)>,
    pub history: Option<HistoryView>,
    #[serde(skip)]
    pub search: SearchText,
}

#[derive(Serialize)]
pub(crate) struct YearBlock<'a> {
    pub year: i32,
    pub activity_count: u32,
    pub attendance: String,
    pub term: Term,
    pub compliance: Vec<Compliance>,
    pub low_attendance: Vec<LowMeeting>,
    pub absence_streaks: Vec<Streak>,
    pub chart: String,
    pub activities: Vec<ActivityRow<'a>>,
    /// How many activities are listed.
    pub listed: usize,
    /// The year's record book (党支部工作记录本), when PDFs are built.
    pub book_url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Term {
    /// current, due-soon or overdue.
    pub state: &'static str,
    pub label: &'static str,
    pub end: String,
}

#[derive(Serialize)]
pub(crate) struct Compliance {
    pub kind: String,
    pub period: &'static str,
    pub min: u32,
    pub cells: Vec<Cell>,
}

#[derive(Serialize)]
pub(crate) struct Cell {
    pub label: String,
    pub count: u32,
    /// met, missed, due, future or not-applicable.
    pub status: &'static str,
    pub mark: &'static str,
}

#[derive(Serialize)]
pub(crate) struct LowMeeting {
    pub date: String,
    pub kind: String,
    pub title: String,
    pub present: u32,
    pub expected: u32,
}

#[derive(Serialize)]
pub(crate) struct Streak {
    pub name: String,
    pub months: u32,
    pub from: String,
    pub to: String,
}

#[derive(Serialize)]
pub(crate) struct Profile<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub short_name: &'a str,
    pub category: &'a str,
    pub department: &'a str,
    pub founded: Option<String>,
    pub secretary: &'a str,
    pub heads_department: bool,
    pub term_start: String,
    pub term_end: Option<String>,
    pub committee: Vec<(&'a str, &'a str)>,
    pub groups: Vec<(&'a str, Option<&'a str>)>,
    /// (date, 正式党员, 预备党员).
    pub member_counts: Vec<(String, u32, u32)>,
}

pub(crate) fn index<'a>(ctx: &Context<'a>) -> Page<IndexView<'a>> {
    let site: &'a crate::loaded::Site = ctx.site;
    let current = ctx.current();
    let branches = site
        .corpus
        .branches
        .iter()
        .map(|b| {
            let m = current.and_then(|m| m.branch(&b.id));
            let count = |s| {
                m.map_or(0, |m| {
                    m.compliance
                        .iter()
                        .flat_map(|c| c.cells.iter())
                        .filter(|c| c.status == s)
                        .count()
                })
            };
            let (met, missed) = (count(Status::Met), count(Status::Missed));
            BranchRow {
                url: links::branch(&b.id),
                name: &b.name,
                category: &b.category,
                department: &b.department,
                secretary: &b.secretary.name,
                members: m.map_or_else(
                    || {
                        b.members_on(site.as_of)
                            .map_or(0, |c| c.full.saturating_add(c.probationary))
                    },
                    |m| m.members,
                ),
                activities: m.map_or(0, |m| m.activities),
                attendance: rows::attendance(m.and_then(|m| m.attendance), &site.config.rules),
                met,
                missed,
                missed_any: missed > 0,
                term: m.map_or("", |m| m.term.state.label()),
                term_state: m.map_or("", |m| rows::term_state(m.term.state)),
                brand: brand_link(ctx, b),
            }
        })
        .collect();
    Page::new(
        Frame::new(links::branches(), "党支部", "branches", frame::home()),
        IndexView {
            branches,
            year: current.map(|m| m.year),
        },
    )
}

fn brand_link<'a>(ctx: &Context<'a>, b: &'a Branch) -> Option<(String, &'a str)> {
    let id = &b.brand.as_ref()?.value;
    let brand = ctx.site.corpus.brand(id)?;
    Some((links::brand(id), brand.name.as_str()))
}

pub(crate) fn view<'a>(ctx: &Context<'a>, b: &'a Branch) -> Page<BranchView<'a>> {
    let site: &'a crate::loaded::Site = ctx.site;
    let all: Vec<_> = site.corpus.activities_of(&b.id).collect();
    let years = ctx
        .years
        .with_records()
        .iter()
        .rev()
        .filter_map(|m| {
            let activities: Vec<ActivityRow<'a>> = all
                .iter()
                .rev()
                .filter(|a| a.date.value.year() == m.year)
                .map(|a| rows::activity_row(site, a))
                .collect();
            year_block(ctx, b, m, activities)
        })
        .collect();
    // The roster is personal data: on the public site only when the site asks for it.
    let members = if site.config.site.hide_member_names || !site.config.site.publish_roster {
        Vec::new()
    } else {
        b.members
            .iter()
            .map(|m| {
                (
                    m.name.as_str(),
                    if m.probationary {
                        "预备党员"
                    } else {
                        "正式党员"
                    },
                    m.joined.map(|d| format!("{}年{}月", d.year(), d.month())),
                )
            })
            .collect()
    };
    let mut crumbs = frame::home();
    crumbs.push(crumb("党支部", links::branches()));
    let frame = Frame::new(links::branch(&b.id), b.name.as_str(), "branches", crumbs);
    Page::new(
        frame,
        BranchView {
            branch: profile(b),
            brand: brand_link(ctx, b),
            brands: site
                .corpus
                .brands
                .iter()
                .filter(|x| x.branch.value == b.id)
                .map(|x| (links::brand(&x.id), x.name.as_str(), x.slogan.as_str()))
                .collect(),
            years,
            members,
            history: rows::history(ctx.history.of(&b.file)),
            search: search(b),
        },
    )
}

fn year_block<'a>(
    ctx: &Context<'a>,
    b: &Branch,
    m: &Metrics,
    activities: Vec<ActivityRow<'a>>,
) -> Option<YearBlock<'a>> {
    let bm: &BranchMetrics = m.branch(&b.id)?;
    let rules = &ctx.site.config.rules;
    Some(YearBlock {
        year: m.year,
        activity_count: bm.activities,
        attendance: rows::attendance(bm.attendance, rules),
        term: Term {
            state: rows::term_state(bm.term.state),
            label: bm.term.state.label(),
            end: bm.term.end.to_string(),
        },
        compliance: bm
            .compliance
            .iter()
            .map(|c| Compliance {
                kind: c.kind.clone(),
                period: c.period,
                min: c.min,
                cells: c
                    .cells
                    .iter()
                    .map(|cell| {
                        let (status, mark) = rows::status(cell.status);
                        Cell {
                            label: cell.label.clone(),
                            count: cell.count,
                            status,
                            mark,
                        }
                    })
                    .collect(),
            })
            .collect(),
        low_attendance: bm
            .low_attendance
            .iter()
            .map(|l| LowMeeting {
                date: l.date.to_string(),
                kind: l.kind.clone(),
                title: l.title.clone(),
                present: l.present,
                expected: l.expected,
            })
            .collect(),
        absence_streaks: bm
            .absence_streaks
            .iter()
            .map(|s| Streak {
                name: privacy::member_name(&ctx.site.config, &s.name).to_owned(),
                months: s.months,
                from: s.from.to_string(),
                to: s.to.to_string(),
            })
            .collect(),
        chart: figures::branch_by_month(bm, m.year).to_html("月份"),
        listed: activities.len(),
        book_url: (ctx.pdf_links && !activities.is_empty()).then(|| links::book_pdf(&b.id, m.year)),
        activities,
    })
}

fn profile(b: &Branch) -> Profile<'_> {
    Profile {
        id: &b.id,
        name: &b.name,
        short_name: b.display_name(),
        category: &b.category,
        department: &b.department,
        founded: b.founded.map(cn_date),
        secretary: &b.secretary.name,
        heads_department: b.secretary.heads_department,
        term_start: cn_date(b.term.start),
        term_end: b.term.end.map(cn_date),
        committee: b
            .committee
            .iter()
            .flat_map(|c| c.members.iter())
            .map(|m| (m.post.as_str(), m.name.as_str()))
            .collect(),
        groups: b
            .groups
            .iter()
            .map(|g| (g.name.as_str(), g.leader.as_deref()))
            .collect(),
        member_counts: b
            .member_counts
            .iter()
            .map(|c| (cn_date(c.date), c.full, c.probationary))
            .collect(),
    }
}

fn search(b: &Branch) -> SearchText {
    let mut doc = SearchText::new(&b.name);
    // Its names and its secretary's find the branch before the activities that mention them.
    doc.name(&b.name);
    if let Some(short) = &b.short_name {
        doc.name(short);
    }
    doc.name(&b.secretary.name);
    for piece in [b.category.as_str(), b.department.as_str()] {
        doc.fact(piece);
    }
    for m in b.committee.iter().flat_map(|c| c.members.iter()) {
        doc.fact(&m.post);
        doc.fact(&m.name);
    }
    for g in &b.groups {
        doc.fact(&g.name);
    }
    doc.filter("支部", b.name.as_str());
    doc.filter("类型", "支部");
    doc.meta("类型", "支部");
    doc.meta("支部", b.name.as_str());
    doc
}
