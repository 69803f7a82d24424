//! The brand projects (一支部一品牌): the index of cards and a page per brand.

use serde::Serialize;

use super::frame::{self, Frame, Page};
use super::markup::BodyWriter;
use super::rows::{self, ActivityRow, HistoryView, crumb};
use super::search::SearchText;
use super::{Context, links};
use crate::content::Brand;
use crate::format::cn_date;
use crate::markup::text::plain_text;

#[derive(Serialize)]
pub(crate) struct Card<'a> {
    pub url: String,
    pub name: &'a str,
    pub slogan: &'a str,
    pub branch: &'a str,
    pub branch_url: String,
    /// The logo's URL from the page that shows the card.
    pub logo: Option<String>,
    /// The file under `content/` that the logo is, to be published.
    #[serde(skip)]
    pub logo_file: Option<String>,
    pub honours: usize,
    pub activities: usize,
}

#[derive(Serialize)]
pub(crate) struct IndexView<'a> {
    pub brands: Vec<Card<'a>>,
}

#[derive(Serialize)]
pub(crate) struct PageView<'a, B> {
    pub brand: Card<'a>,
    pub meaning: &'a Option<String>,
    pub started: Option<String>,
    pub goals: &'a [String],
    pub measures: &'a [String],
    /// (year, items).
    pub plan: Vec<(i32, &'a [String])>,
    /// (date, text).
    pub milestones: Vec<(String, &'a str)>,
    /// (date, title, level).
    pub honours: Vec<(String, &'a str, &'a str)>,
    pub body: B,
    pub activities: Vec<ActivityRow<'a>>,
    pub history: Option<HistoryView>,
    #[serde(skip)]
    pub search: SearchText,
}

fn card<'a>(ctx: &Context<'a>, b: &'a Brand, page: &str) -> Card<'a> {
    let site: &'a crate::loaded::Site = ctx.site;
    let logo_file = b.logo.as_ref().map(|l| format!("content/{}", l.value));
    Card {
        url: links::brand(&b.id),
        name: &b.name,
        slogan: &b.slogan,
        branch: site
            .corpus
            .branch(&b.branch.value)
            .map_or("", |x| x.display_name()),
        branch_url: links::branch(&b.branch.value),
        logo: logo_file
            .as_ref()
            .map(|rel| format!("{}{}", links::root_of(page), links::asset_url(rel))),
        logo_file,
        honours: b.honours.len(),
        activities: site
            .corpus
            .activities
            .iter()
            .filter(|a| a.brand.as_ref().is_some_and(|x| x.value == b.id))
            .count(),
    }
}

pub(crate) fn index<'a>(ctx: &Context<'a>) -> Page<IndexView<'a>> {
    let frame = Frame::new(links::brands(), "一支部一品牌", "brands", frame::home());
    Page::new(
        frame,
        IndexView {
            brands: ctx
                .site
                .corpus
                .brands
                .iter()
                .map(|b| card(ctx, b, &links::brands()))
                .collect(),
        },
    )
}

pub(crate) fn page<'a, W: BodyWriter>(
    ctx: &Context<'a>,
    b: &'a Brand,
    writer: &W,
) -> Page<PageView<'a, W::Body>> {
    let site: &'a crate::loaded::Site = ctx.site;
    let path = links::brand(&b.id);
    let mut search = SearchText::new(&b.name);
    search.push(b.slogan.clone());
    for piece in b.meaning.iter().chain(&b.goals).chain(&b.measures) {
        search.push(piece.clone());
    }
    search.push(plain_text(&b.body));
    if let Some(branch) = site.corpus.branch(&b.branch.value) {
        search.fact(branch.name.clone());
        search.filter("支部", branch.name.as_str());
        search.meta("支部", branch.name.as_str());
    }
    search.filter("类型", "支部品牌");
    search.meta("类型", "支部品牌");
    let mut crumbs = frame::home();
    crumbs.push(crumb("一支部一品牌", links::brands()));
    Page::new(
        Frame::new(path.clone(), b.name.as_str(), "brands", crumbs),
        PageView {
            brand: card(ctx, b, &path),
            meaning: &b.meaning,
            started: b.started.map(cn_date),
            goals: &b.goals,
            measures: &b.measures,
            plan: b
                .plan
                .iter()
                .map(|y| (y.year, y.items.as_slice()))
                .collect(),
            milestones: b
                .milestones
                .iter()
                .map(|m| (cn_date(m.date), m.text.as_str()))
                .collect(),
            honours: b
                .honours
                .iter()
                .map(|h| (cn_date(h.date), h.title.as_str(), h.level.as_str()))
                .collect(),
            body: writer.body(&b.body, None),
            activities: site
                .corpus
                .activities
                .iter()
                .rev()
                .filter(|a| a.brand.as_ref().is_some_and(|x| x.value == b.id))
                .map(|a| rows::activity_row(site, a))
                .collect(),
            history: rows::history(ctx.history.of(&b.file)),
            search,
        },
    )
}
