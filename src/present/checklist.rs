//! A checklist's table for one year: categories, groups and items with their points and
//! responsible departments, each with its row span, and each item's score (computed from the
//! records or entered by hand) and evidence note — all from the metrics engine, so that every
//! printed total is its total. The notice that issues the checklist prints the same table
//! without the scores.

use serde::Serialize;

use super::frame::{self, Frame, Page};
use super::rows::crumb;
use crate::content::Checklist;
use crate::format::{number, score};
use crate::metrics::{ChecklistScore, ScoreSource};

#[derive(Debug, Serialize)]
pub(crate) struct Table {
    pub points: String,
    pub score: String,
    pub unscored: u32,
    /// The printed tables' 合计 (and 小计) rows: the checklist's `total_row`.
    pub total_row: bool,
    pub categories: Vec<Category>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Category {
    pub name: String,
    pub points: String,
    pub score: String,
    /// The rows the category spans.
    pub rows: usize,
    pub groups: Vec<Group>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Group {
    pub name: String,
    pub points: String,
    pub score: String,
    pub rows: usize,
    pub items: Vec<Item>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Item {
    pub text: String,
    pub points: String,
    pub departments: Vec<String>,
    /// "—" when the item has neither a rule nor a manual score this year.
    pub score: String,
    /// computed, manual or unscored.
    pub source: &'static str,
    pub note: String,
}

/// The table of `c`, scored from `checklist`; categories and groups without rows are left
/// out.
pub(crate) fn table(c: &ChecklistScore, checklist: &Checklist) -> Table {
    Table {
        points: number(c.points),
        score: score(c.score),
        unscored: c.unscored,
        total_row: checklist.total_row,
        categories: c
            .categories
            .iter()
            .filter(|cat| cat.rows > 0)
            .map(|cat| Category {
                name: cat.name.clone(),
                points: number(cat.points),
                score: score(cat.score),
                rows: cat.rows,
                groups: cat
                    .groups
                    .iter()
                    .filter(|g| g.rows > 0)
                    .map(|g| Group {
                        name: g.name.clone(),
                        points: number(g.points),
                        score: score(g.score),
                        rows: g.rows,
                        items: g.items.iter().map(item).collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn item(i: &crate::metrics::ItemScore) -> Item {
    Item {
        text: i.text.clone(),
        points: number(i.points),
        departments: i.departments.clone(),
        score: match i.source {
            ScoreSource::Unscored => "—".into(),
            _ => score(i.score),
        },
        source: match i.source {
            ScoreSource::Computed => "computed",
            ScoreSource::Manual => "manual",
            ScoreSource::Unscored => "unscored",
        },
        note: i.note.clone(),
    }
}

/// The table with the checklist's title, as a web page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct Titled {
    pub title: String,
    #[serde(flatten)]
    pub table: Table,
}

pub(crate) fn titled(c: &ChecklistScore, checklist: &Checklist) -> Titled {
    Titled {
        title: c.title.clone(),
        table: table(c, checklist),
    }
}

/// The checklists and, for each, its scored years, newest first.
#[derive(Serialize)]
pub(crate) struct IndexView {
    /// (title, the years it is scored in).
    pub checklists: Vec<(String, Vec<ScoredYear>)>,
}

/// (year, url, score, points).
pub(crate) type ScoredYear = (i32, String, String, String);

/// A checklist's page for one year.
#[derive(Serialize)]
pub(crate) struct PageView {
    pub checklist: Titled,
    pub year: i32,
    pub pdf_url: Option<String>,
}

/// The index and every checklist's page for each year with records.
pub(crate) fn pages(ctx: &super::Context<'_>) -> (Page<IndexView>, Vec<Page<PageView>>) {
    use super::links;
    let mut pages = Vec::new();
    let mut checklists = Vec::new();
    for c in &ctx.site.corpus.checklists {
        let mut years = Vec::new();
        for m in ctx.years.with_records().iter().rev() {
            let Some(score) = m.checklists.iter().find(|s| s.id == c.id) else {
                continue;
            };
            let path = links::checklist(&c.id, m.year);
            years.push((
                m.year,
                path.clone(),
                crate::format::score(score.score),
                number(score.points),
            ));
            let mut crumbs = frame::home();
            crumbs.push(crumb("考核清单", links::checklists()));
            let title = format!("{}（{}年）", c.title, m.year);
            pages.push(Page::new(
                Frame::new(path, title, "checklists", crumbs),
                PageView {
                    checklist: titled(score, c),
                    year: m.year,
                    pdf_url: ctx.pdf_links.then(|| links::checklist_pdf(&c.id, m.year)),
                },
            ));
        }
        checklists.push((c.title.clone(), years));
    }
    let index = Frame::new(links::checklists(), "考核清单", "checklists", frame::home());
    (Page::new(index, IndexView { checklists }), pages)
}
