use super::{Input, Page, set};
use crate::charts::figures;
use crate::markup::text::plain_text;
use crate::metrics::{Metrics, cite};
use crate::present::annual;
use crate::present::links;
use crate::present::rows::{self, crumb};
use crate::site::search::SearchDoc;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let site = input.site;
    let years: Vec<(i32, String, bool)> = input
        .years
        .iter()
        .rev()
        .map(|m| {
            (
                m.year,
                links::annual(m.year),
                site.corpus.narrative(m.year).is_some(),
            )
        })
        .collect();
    let mut index = input.page(
        links::annuals(),
        "annuals.html",
        "年度报告",
        "annual",
        vec![crumb("首页", links::home())],
    );
    set(&mut index, "years", &years);
    let mut pages = vec![index];
    pages.extend(input.years.iter().map(|m| year_page(input, m)));
    pages
}

fn year_page(input: &Input<'_>, m: &Metrics) -> Page {
    let site = input.site;
    let path = links::annual(m.year);
    let narrative = site.corpus.narrative(m.year);
    let title = narrative.map_or_else(
        || format!("{}年度党建工作报告", m.year),
        |n| n.title.clone(),
    );
    let mut page = input.page(
        path.clone(),
        "annual.html",
        &title,
        "annual",
        vec![
            crumb("首页", links::home()),
            crumb("年度报告", links::annuals()),
        ],
    );
    let tables = annual::tables(input.ctx, m);
    let body = narrative.map(|n| input.markdown(&cite::resolve(&n.body, m), &path, &n.file, true));
    set(&mut page, "year", &m.year);
    set(
        &mut page,
        "subtitle",
        &narrative.and_then(|n| n.subtitle.clone()),
    );
    set(&mut page, "body", &body);
    set(&mut page, "org", &m.org);
    set(
        &mut page,
        "attendance",
        &rows::attendance(m.org.attendance, &site.config.rules),
    );
    set(&mut page, "figures", &tables.figures);
    // The 发展党员 page of the year, when the site publishes it.
    let pipeline_url = super::pipeline::published(input).then(|| links::members(m.year));
    set(&mut page, "pipeline_url", &pipeline_url);
    set(&mut page, "targets", &tables.targets);
    set(&mut page, "kinds", &tables.kinds);
    set(&mut page, "branches", &tables.branches);
    set(&mut page, "totals", &tables.totals);
    set(&mut page, "compliance", &tables.compliance);
    set(&mut page, "brands", &tables.brands);
    set(
        &mut page,
        "chart_branches",
        &figures::by_branch(m, &site.config).to_svg(),
    );
    set(
        &mut page,
        "chart_months",
        &figures::by_month(m, input.metrics(m.year - 1)).to_svg(),
    );
    set(&mut page, "pdf_url", &annual::pdf_url(input.ctx, m.year));
    set(
        &mut page,
        "history",
        &rows::history(narrative.and_then(|n| input.history.of(&n.file))),
    );
    let mut doc = SearchDoc::new(&title);
    if let Some(n) = narrative {
        doc.push(&plain_text(&cite::resolve(&n.body, m)));
    }
    for f in &m.org.figures {
        doc.push(&f.label);
    }
    doc.filter("类型", "年度报告");
    doc.filter("年份", m.year.to_string());
    page.search = Some(doc);
    page
}
