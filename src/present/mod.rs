//! The presentation layer: every page and document prepared once, as plain data, for every
//! writer to lay out. Like Zola's serialisable page and mdBook's `RenderContext`, the views
//! here are already formatted (numbers, dates, percentages), privacy-applied (names hidden
//! where the site says so) and linked (every output path and URL): the Tera templates, the
//! Typst data and any later writer read them and decide nothing themselves.
//!
//! The metrics are computed once per build ([`Years::compute`]) and shared through one
//! [`Context`]; a view never counts.

pub(crate) mod activity;
pub(crate) mod annual;
pub(crate) mod annual_page;
pub(crate) mod book;
pub(crate) mod branch;
pub(crate) mod brand;
pub(crate) mod changes;
pub(crate) mod checklist;
pub(crate) mod dashboard;
pub(crate) mod feed;
pub(crate) mod frame;
pub(crate) mod ledger;
pub(crate) mod links;
pub(crate) mod markup;
pub(crate) mod members;
pub(crate) mod notice;
pub(crate) mod privacy;
pub(crate) mod rows;
pub(crate) mod search;
pub mod title;

use crate::history::History;
use crate::loaded::Site;
use crate::metrics::{self, Metrics};

/// The metrics of a build, computed once: one per year with records, and one per year that a
/// document cites without having records of its own (a checklist attached to a notice, a
/// narrative written ahead of its year).
pub struct Years {
    with_records: Vec<Metrics>,
    cited: Vec<Metrics>,
}

impl Years {
    pub fn compute(site: &Site) -> Years {
        let compute = |y| metrics::compute(&site.config, &site.corpus, y, site.as_of);
        let record_years = site.corpus.years();
        let with_records: Vec<Metrics> = record_years.iter().map(|&y| compute(y)).collect();
        let mut wanted: Vec<i32> = site
            .corpus
            .narratives
            .iter()
            .map(|n| n.year)
            .chain(site.corpus.notices.iter().flat_map(|n| {
                n.attachments.iter().filter_map(|a| match &a.content {
                    crate::content::notice::AttachmentContent::Checklist(id) => {
                        Some(site.corpus.attached_checklist_year(&id.value, n.year))
                    }
                    _ => None,
                })
            }))
            .filter(|y| !record_years.contains(y))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        Years {
            with_records,
            cited: wanted.into_iter().map(compute).collect(),
        }
    }

    /// The years with records, ascending: the years the site has pages for.
    pub fn with_records(&self) -> &[Metrics] {
        &self.with_records
    }

    /// The metrics of `year` for a document: a year with records, or one a document cites.
    pub fn of(&self, year: i32) -> Option<&Metrics> {
        self.with_records
            .iter()
            .chain(&self.cited)
            .find(|m| m.year == year)
    }
}

/// What every view is made from: the loaded site, its metrics, its git history, and whether
/// the PDFs are published beside the pages (pages link them only then).
pub struct Context<'a> {
    pub site: &'a Site,
    pub years: &'a Years,
    pub history: &'a History,
    pub pdf_links: bool,
}

impl Context<'_> {
    /// The metrics of a year with records (the years the site has pages for).
    pub fn metrics(&self, year: i32) -> Option<&Metrics> {
        self.years.with_records().iter().find(|m| m.year == year)
    }

    /// The metrics of the as-of year (the dashboard's year), else the latest.
    pub fn current(&self) -> Option<&Metrics> {
        self.metrics(metrics::current_year(self.site.as_of))
            .or(self.years.with_records().last())
    }
}
