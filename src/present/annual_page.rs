//! The annual report's web pages: the index of years and a page per year with records — the
//! narrative (its `{{ name }}` citations resolved), the year's cards and the tables and
//! charts that the printed summary shares ([`super::annual::tables`]).

use serde::Serialize;

use super::annual::{self, Tables};
use super::frame::{self, Frame, Page};
use super::markup::BodyWriter;
use super::rows::{self, HistoryView, crumb};
use super::search::SearchText;
use super::{Context, links, members};
use crate::charts::figures;
use crate::markup::text::plain_text;
use crate::metrics::{Metrics, cite};

/// (year, url, whether the year has a narrative), newest first.
#[derive(Serialize)]
pub(crate) struct IndexView {
    pub years: Vec<(i32, String, bool)>,
}

pub(crate) fn index(ctx: &Context<'_>) -> Page<IndexView> {
    let frame = Frame::new(links::annuals(), "年度报告", "annual", frame::home());
    Page::new(
        frame,
        IndexView {
            years: ctx
                .years
                .with_records()
                .iter()
                .rev()
                .map(|m| {
                    (
                        m.year,
                        links::annual(m.year),
                        ctx.site.corpus.narrative(m.year).is_some(),
                    )
                })
                .collect(),
        },
    )
}

#[derive(Serialize)]
pub(crate) struct PageView<B> {
    pub year: i32,
    pub subtitle: Option<String>,
    pub body: Option<B>,
    pub overview: Overview,
    pub attendance: String,
    /// The 发展党员 page of the year, when the site publishes it.
    pub pipeline_url: Option<String>,
    #[serde(flatten)]
    pub tables: Tables,
    pub chart_branches: String,
    pub chart_months: String,
    pub pdf_url: Option<String>,
    /// The year's ledger workbook, written by every build (`crate::site`).
    pub ledger_url: String,
    pub history: Option<HistoryView>,
    #[serde(skip)]
    pub search: SearchText,
}

/// The year's cards.
#[derive(Serialize)]
pub(crate) struct Overview {
    pub activities: u32,
    pub activities_last_year: u32,
    pub branches: u32,
    pub members: u32,
}

/// The page of `m`'s year; `writer` writes the narrative, whose headings are numbered.
pub(crate) fn page<W: BodyWriter>(
    ctx: &Context<'_>,
    m: &Metrics,
    writer: &W,
) -> Page<PageView<W::Body>> {
    let site = ctx.site;
    let narrative = site.corpus.narrative(m.year);
    let title = narrative.map_or_else(
        || format!("{}年度党建工作报告", m.year),
        |n| n.title.clone(),
    );
    let mut search = SearchText::new(&title);
    if let Some(n) = narrative {
        search.push(plain_text(&cite::resolve(&n.body, m)));
    }
    for f in &m.org.figures {
        search.push(f.label.clone());
    }
    search.filter("类型", "年度报告");
    search.filter("年份", m.year.to_string());
    search.meta("类型", "年度报告");
    search.meta("日期", format!("{}年度", m.year));
    search.date = chrono::NaiveDate::from_ymd_opt(m.year, 12, 31);
    let mut crumbs = frame::home();
    crumbs.push(crumb("年度报告", links::annuals()));
    let frame = Frame::new(links::annual(m.year), title, "annual", crumbs);
    Page::new(
        frame,
        PageView {
            year: m.year,
            subtitle: narrative.and_then(|n| n.subtitle.clone()),
            body: narrative.map(|n| writer.body(&cite::resolve(&n.body, m), Some(n.numbering))),
            overview: Overview {
                activities: m.org.activities,
                activities_last_year: m.org.activities_last_year,
                branches: m.org.branches,
                members: m.org.members,
            },
            attendance: rows::attendance(m.org.attendance, &site.config.rules),
            pipeline_url: members::published(ctx).then(|| links::members(m.year)),
            tables: annual::tables(ctx, m),
            // The table of counts per branch and kind follows the chart on the page.
            chart_branches: {
                let c = figures::by_branch(m, &site.config);
                crate::charts::picture_html(&c.to_svg(), &c.title, None, "")
            },
            chart_months: figures::by_month(m, ctx.metrics(m.year - 1)).to_html("月份"),
            pdf_url: annual::pdf_url(ctx, m.year),
            ledger_url: links::ledger(m.year),
            history: rows::history(narrative.and_then(|n| ctx.history.of(&n.file))),
            search,
        },
    )
}
