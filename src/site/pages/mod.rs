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

/// All pages of the site.
pub(super) fn all(input: &Input<'_>) -> Vec<Page> {
    let mut pages = Vec::new();
    pages.extend(dashboard::pages(input));
    pages.extend(branches::pages(input));
    pages.extend(activities::pages(input));
    pages.extend(notices::pages(input));
    pages.extend(annual::pages(input));
    pages.extend(brands::pages(input));
    pages.extend(checklists::pages(input));
    pages.extend(history::pages(input));
    pages.extend(pipeline::pages(input));
    pages
}
