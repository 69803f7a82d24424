use chrono::Datelike;
use serde::Serialize;

use super::{Input, Page, set};
use crate::charts::figures;
use crate::content::Branch;
use crate::format::cn_date;
use crate::metrics::BranchMetrics;
use crate::present::links;
use crate::present::rows::{self, ActivityRow, crumb};
use crate::site::search::SearchDoc;

#[derive(Serialize)]
struct BranchRow<'a> {
    url: String,
    name: &'a str,
    category: &'a str,
    department: &'a str,
    secretary: &'a str,
    members: u32,
    activities: u32,
    attendance: String,
    met: usize,
    missed: usize,
    term: &'static str,
    term_state: String,
    brand: Option<(String, &'a str)>,
}

#[derive(Serialize)]
struct YearBlock<'a> {
    year: i32,
    metrics: BranchMetrics,
    attendance: String,
    chart: String,
    activities: Vec<ActivityRow<'a>>,
    /// The year's record book (党支部工作记录本), when PDFs are built.
    book_url: Option<String>,
}

fn met_missed(b: &BranchMetrics) -> (usize, usize) {
    let cells = || b.compliance.iter().flat_map(|c| c.cells.iter());
    (
        cells()
            .filter(|c| c.status == crate::metrics::Status::Met)
            .count(),
        cells()
            .filter(|c| c.status == crate::metrics::Status::Missed)
            .count(),
    )
}

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let site = input.site;
    let current = input.current();
    let rows: Vec<BranchRow<'_>> = site
        .corpus
        .branches
        .iter()
        .map(|b| {
            let m = current.and_then(|m| m.branch(&b.id));
            let (met, missed) = m.map_or((0, 0), met_missed);
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
                term: m.map_or("", |m| m.term.state.label()),
                term_state: m.map_or_else(String::new, |m| {
                    format!("{:?}", m.term.state).to_lowercase()
                }),
                brand: brand_link(input, b),
            }
        })
        .collect();
    let mut index = input.page(
        links::branches(),
        "branches.html",
        "党支部",
        "branches",
        vec![crumb("首页", links::home())],
    );
    set(&mut index, "branches", &rows);
    set(&mut index, "year", &current.map(|m| m.year));
    let mut pages = vec![index];
    pages.extend(site.corpus.branches.iter().map(|b| branch_page(input, b)));
    pages
}

fn brand_link<'a>(input: &Input<'a>, b: &'a Branch) -> Option<(String, &'a str)> {
    let id = &b.brand.as_ref()?.value;
    let brand = input.site.corpus.brand(id)?;
    Some((links::brand(id), brand.name.as_str()))
}

fn branch_page(input: &Input<'_>, b: &Branch) -> Page {
    let site = input.site;
    let path = links::branch(&b.id);
    let mut page = input.page(
        path,
        "branch.html",
        &b.name,
        "branches",
        vec![
            crumb("首页", links::home()),
            crumb("党支部", links::branches()),
        ],
    );
    let all: Vec<_> = site.corpus.activities_of(&b.id).collect();
    // Newest year first: that is what a branch secretary opens the page for.
    let years: Vec<YearBlock<'_>> = input
        .years
        .iter()
        .rev()
        .filter_map(|m| {
            let mut bm = m.branch(&b.id)?.clone();
            if site.config.site.hide_member_names {
                for s in &mut bm.absence_streaks {
                    s.name = crate::present::privacy::HIDDEN_NAME.to_owned();
                }
            }
            let activities: Vec<ActivityRow<'_>> = all
                .iter()
                .rev()
                .filter(|a| a.date.value.year() == m.year)
                .map(|a| rows::activity_row(site, a))
                .collect();
            let book_url =
                (input.pdf_links && !activities.is_empty()).then(|| links::book_pdf(&b.id, m.year));
            Some(YearBlock {
                year: m.year,
                book_url,
                attendance: rows::attendance(bm.attendance, &site.config.rules),
                chart: figures::branch_by_month(&bm, m.year).to_svg(),
                metrics: bm,
                activities,
            })
        })
        .collect();
    let hide = site.config.site.hide_member_names;
    // The roster is personal data: on the public site only when the site asks for it.
    let members: Vec<_> = if hide || !site.config.site.publish_roster {
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
    let brands: Vec<_> = site
        .corpus
        .brands
        .iter()
        .filter(|x| x.branch.value == b.id)
        .map(|x| (links::brand(&x.id), x.name.as_str(), x.slogan.as_str()))
        .collect();

    set(&mut page, "branch", &BranchView::of(b));
    set(&mut page, "brand", &brand_link(input, b));
    set(&mut page, "brands", &brands);
    set(&mut page, "years", &years);
    set(&mut page, "members", &members);
    set(
        &mut page,
        "history",
        &rows::history(input.history.of(&b.file)),
    );
    let mut doc = SearchDoc::new(&b.name);
    for piece in [
        b.display_name(),
        b.category.as_str(),
        b.department.as_str(),
        b.secretary.name.as_str(),
    ] {
        doc.push(piece);
    }
    for m in b.committee.iter().flat_map(|c| c.members.iter()) {
        doc.push(&m.post);
        doc.push(&m.name);
    }
    for g in &b.groups {
        doc.push(&g.name);
    }
    doc.filter("支部", b.name.as_str());
    page.search = Some(doc);
    page
}

#[derive(Serialize)]
struct BranchView<'a> {
    id: &'a str,
    name: &'a str,
    short_name: &'a str,
    category: &'a str,
    department: &'a str,
    founded: Option<String>,
    secretary: &'a str,
    heads_department: bool,
    term_start: String,
    term_end: Option<String>,
    committee: Vec<(&'a str, &'a str)>,
    groups: Vec<(&'a str, Option<&'a str>)>,
    member_counts: Vec<(String, u32, u32)>,
}

impl<'a> BranchView<'a> {
    fn of(b: &'a Branch) -> Self {
        BranchView {
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
}
