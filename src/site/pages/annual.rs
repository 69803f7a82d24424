use serde::Serialize;

use super::{Input, Page, set};
use crate::charts::figures;
use crate::format::number;
use crate::format::percent;
use crate::markup::text::plain_text;
use crate::metrics::{Metrics, cite};
use crate::present::links;
use crate::site::search::SearchDoc;
use crate::present::rows::{self, crumb};

#[derive(Serialize)]
struct FigureRow<'a> {
    group: &'a str,
    label: &'a str,
    value: String,
    previous: String,
    change: String,
    up: Option<bool>,
}

#[derive(Serialize)]
struct TargetRow<'a> {
    label: &'a str,
    target: String,
    actual: String,
    ratio: String,
    status: &'static str,
    met: bool,
    counted: bool,
}

#[derive(Serialize)]
struct BranchKindRow {
    name: String,
    url: String,
    counts: Vec<u32>,
    total: u32,
    attendance: String,
}

#[derive(Serialize)]
struct BrandHighlight {
    url: String,
    name: String,
    branch: String,
    slogan: String,
    honours: Vec<String>,
}

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
    let figures: Vec<FigureRow<'_>> = m
        .org
        .figures
        .iter()
        .map(|f| FigureRow {
            group: &f.group,
            label: &f.label,
            value: format!("{}{}", number(f.value), f.unit),
            previous: f
                .previous
                .map_or_else(|| "—".into(), |p| format!("{}{}", number(p), f.unit)),
            change: match (f.change.map(|c| (c * 1e6).round() / 1e6), f.change_ratio) {
                (Some(c), Some(r)) => format!(
                    "{}{}（{:+.1}%）",
                    if c > 0.0 { "+" } else { "" },
                    number(c),
                    r * 100.0
                ),
                (Some(c), None) => format!("{}{}", if c > 0.0 { "+" } else { "" }, number(c)),
                _ => "—".into(),
            },
            up: f.change.filter(|c| *c != 0.0).map(|c| c > 0.0),
        })
        .collect();
    let targets: Vec<TargetRow<'_>> = m
        .org
        .targets
        .iter()
        .map(|t| TargetRow {
            label: &t.label,
            target: format!("{}{}", number(t.target), t.unit),
            actual: format!("{}{}", number(t.actual), t.unit),
            ratio: format!("{:.0}%", t.ratio * 100.0),
            status: t.status.label(),
            met: t.actual >= t.target,
            counted: t.counted,
        })
        .collect();
    let kinds = crate::metrics::kind_columns(&site.config, &m.org.by_kind, false);
    let by_branch: Vec<BranchKindRow> = m
        .branches
        .iter()
        .map(|b| BranchKindRow {
            name: b.short_name.clone(),
            url: links::branch(&b.id),
            counts: kinds
                .iter()
                .map(|k| b.by_kind.get(k).copied().unwrap_or(0))
                .collect(),
            total: b.activities,
            attendance: rows::attendance(b.attendance, &site.config.rules),
        })
        .collect();
    let totals: Vec<u32> = kinds
        .iter()
        .map(|k| m.org.by_kind.get(k).copied().unwrap_or(0))
        .collect();
    let brands: Vec<BrandHighlight> = site
        .corpus
        .brands
        .iter()
        .map(|b| BrandHighlight {
            url: links::brand(&b.id),
            name: b.name.clone(),
            branch: site.corpus.branch_display_name(&b.branch.value),
            slogan: b.slogan.clone(),
            honours: b.honours_in(m.year),
        })
        .collect();
    let body = narrative.map(|n| input.markdown(&cite::resolve(&n.body, m), &path, &n.file, true));
    let compliance: Vec<_> = m
        .org
        .compliance
        .iter()
        .map(|c| (c, percent(c.rate)))
        .collect();

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
    set(&mut page, "figures", &figures);
    // The 发展党员 page of the year, when the site publishes it.
    let pipeline_url = super::pipeline::published(input).then(|| links::members(m.year));
    set(&mut page, "pipeline_url", &pipeline_url);
    set(&mut page, "targets", &targets);
    set(&mut page, "kinds", &kinds);
    set(&mut page, "by_branch", &by_branch);
    set(&mut page, "totals", &totals);
    set(&mut page, "compliance", &compliance);
    set(&mut page, "brands", &brands);
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
    set(
        &mut page,
        "pdf_url",
        // The summary is printed for the years that have a narrative.
        &(input.pdf_links && narrative.is_some()).then(|| links::annual_pdf(m.year)),
    );
    set(
        &mut page,
        "history",
        &crate::present::rows::history(narrative.and_then(|n| input.history.of(&n.file))),
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
