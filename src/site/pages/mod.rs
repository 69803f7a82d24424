//! Every page of the site: its output path, its template, and its context. Building the list
//! is separate from rendering it, so that rendering is one parallel loop over prepared data.

mod activities;

pub(super) use activities::activity_page;
mod annual;
mod branches;
mod brands;
mod checklists;
mod dashboard;
mod history;
mod notices;
mod pipeline;

use std::collections::BTreeSet;
use std::sync::Mutex;

use serde::Serialize;
use tera::Context;

use super::search::SearchDoc;
use crate::Site;
use crate::content::attachment::check_path;
use crate::diagnostics::Pos;
use crate::markup::html::{HtmlOptions, to_html};
use crate::markup::numbering::Numbering;
use crate::present::links;
use crate::reader::Located;

pub(super) struct Page {
    /// Output path relative to the site root.
    pub path: String,
    pub template: &'static str,
    pub context: Context,
    /// Pages of records are searchable.
    pub search: Option<SearchDoc>,
}

/// What page builders share: the views' context, and the set of assets that pages link to
/// (collected while building, copied afterwards).
pub(super) struct Input<'a> {
    pub ctx: &'a crate::present::Context<'a>,
    pub site: &'a Site,
    pub assets: Mutex<BTreeSet<String>>,
}

impl Input<'_> {
    /// Record Markdown → HTML; relative links and images that name a file under `content/`
    /// are published and linked from `page`.
    pub(super) fn markdown(
        &self,
        md: &str,
        page: &str,
        record: &str,
        numbering: Option<Numbering>,
    ) -> String {
        let root = links::root_of(page);
        let resolve = |dest: &str| -> Option<String> {
            let located = Located::new(dest.to_owned(), Pos::FILE);
            let real = check_path(&self.site.root, record, &located).ok()?;
            let rel =
                crate::diagnostics::relative_path(&self.site.root.canonicalize().ok()?, &real);
            let url = format!("{root}{}", links::asset_url(&rel));
            self.publish(rel);
            Some(url)
        };
        to_html(
            md,
            &HtmlOptions {
                number_headings: numbering.is_some(),
                numbering: numbering.unwrap_or_default(),
                heading_offset: 1,
                resolve: &resolve,
            },
        )
    }

    /// Marks a file under `content/` (path relative to the site root) for publishing.
    pub(super) fn publish(&self, content_rel: String) {
        if let Ok(mut set) = self.assets.lock() {
            set.insert(content_rel);
        }
    }
}

/// Record Markdown as a page shows it: HTML whose links to files under `content/` lead from
/// the page to the published copy, which is collected for publishing.
pub(super) struct Html<'i, 'a> {
    pub input: &'i Input<'a>,
    /// The page's output path.
    pub page: &'i str,
    /// The record the Markdown belongs to, which its relative links start from.
    pub record: &'i str,
}

impl crate::present::markup::BodyWriter for Html<'_, '_> {
    type Body = String;

    fn body(&self, markdown: &str, numbering: Option<Numbering>) -> String {
        self.input
            .markdown(markdown, self.page, self.record, numbering)
    }
}

/// A prepared page, to be laid out with `template`.
pub(super) fn lay_out<V: Serialize>(
    template: &'static str,
    page: &crate::present::frame::Page<V>,
) -> Page {
    let context = match Context::from_serialize(page) {
        Ok(c) => c,
        // Only a view that is not a struct fails, and every view is one.
        Err(e) => unreachable!("a page serialises to a map: {e}"),
    };
    Page {
        path: page.frame.page_url.clone(),
        template,
        context,
        search: None,
    }
}

/// Where a page builder hands each page as soon as it is laid out: the caller renders it and
/// drops its context before the next one is made.
pub(super) type Emit<'e> = dyn FnMut(Page) + 'e;

/// A group of pages made together (they share a view: a year's list and its months' lists,
/// a branch's page), made and rendered on one thread while other groups are made on others.
/// The groups are made lazily so that only the pages being rendered are in memory: at 100,000
/// activities the contexts of every list page at once took about 800 MB.
pub(super) type Family<'i> = Box<dyn Fn(&mut Emit<'_>) + Send + Sync + 'i>;

/// A family of pages, and whether its pages carry search documents (branches, notices,
/// annual reports, brands): those are made before the search index starts, which needs their
/// documents; the others are made beside the index and the activity pages.
pub(super) struct Group<'i> {
    pub searched: bool,
    pub family: Family<'i>,
}

/// All pages of the site other than the activity records' own, as groups to be made.
pub(super) fn all<'i>(input: &'i Input<'_>) -> Vec<Group<'i>> {
    let group = |searched: bool, family: Family<'i>| Group { searched, family };
    // In this order (the order of the search documents given to Pagefind decides its files,
    // and the sitemap lists the pages in it).
    let mut groups: Vec<Group<'i>> = vec![
        group(false, Box::new(move |emit| dashboard::pages(input, emit))),
        group(false, Box::new(move |emit| branches::index(input, emit))),
    ];
    for b in &input.site.corpus.branches {
        groups.push(group(
            true,
            Box::new(move |emit| branches::branch(input, b, emit)),
        ));
    }
    groups.push(group(
        false,
        Box::new(move |emit| activities::index(input, emit)),
    ));
    for &year in input.site.corpus.index.by_year.keys() {
        groups.push(group(
            false,
            Box::new(move |emit| activities::year(input, year, emit)),
        ));
    }
    for (name, slug) in input.site.config.kinds.iter() {
        groups.push(group(
            false,
            Box::new(move |emit| activities::kind(input, name, slug, emit)),
        ));
    }
    groups.extend([
        group(true, Box::new(move |emit| notices::pages(input, emit))),
        group(true, Box::new(move |emit| annual::pages(input, emit))),
        group(true, Box::new(move |emit| brands::pages(input, emit))),
        group(false, Box::new(move |emit| checklists::pages(input, emit))),
        group(false, Box::new(move |emit| history::pages(input, emit))),
        group(false, Box::new(move |emit| pipeline::pages(input, emit))),
    ]);
    groups
}
