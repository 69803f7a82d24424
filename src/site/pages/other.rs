//! Brand projects, checklists, the change history, search and 404.

use serde::Serialize;

use super::{Input, Page, set};
use crate::content::Brand;
use crate::format::cn_date;
use crate::markup::text::plain_text;
use crate::present::links;
use crate::site::search::SearchDoc;
use crate::present::rows::{self, crumb};

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let mut pages = brands(input);
    pages.extend(checklists(input));
    let site = input.site;
    let home = || vec![crumb("首页", links::home())];
    if !input.history.is_empty() {
        let mut p = input.page(
            links::history(),
            "history.html",
            "修订记录",
            "history",
            home(),
        );
        let changes: Vec<_> = input
            .history
            .recent
            .iter()
            .map(|c| {
                let files: Vec<(String, Option<String>)> = c
                    .files
                    .iter()
                    .map(|f| (f.clone(), record_url(input, f)))
                    .collect();
                (c, files)
            })
            .collect();
        set(&mut p, "changes", &changes);
        pages.push(p);
    }
    pages.push(input.page(links::search(), "search.html", "全文搜索", "search", home()));
    let mut not_found = input.page("404.html".into(), "404.html", "页面不存在", "", home());
    set(&mut not_found, "site_title", &site.config.site.title);
    pages.push(not_found);
    pages
}

/// The page of the record stored at `file`, if it has one.
fn record_url(input: &Input<'_>, file: &str) -> Option<String> {
    let c = &input.site.corpus;
    if let Some(a) = c.activities.iter().find(|a| a.file == file) {
        return Some(links::activity(a));
    }
    if let Some(b) = c.branches.iter().find(|b| b.file == file) {
        return Some(links::branch(&b.id));
    }
    if let Some(b) = c.brands.iter().find(|b| b.file == file) {
        return Some(links::brand(&b.id));
    }
    c.notices.iter().find(|n| n.file == file).map(links::notice)
}

#[derive(Serialize)]
struct BrandCard<'a> {
    url: String,
    name: &'a str,
    slogan: &'a str,
    branch: &'a str,
    branch_url: String,
    logo: Option<String>,
    honours: usize,
    activities: usize,
}

fn brands<'a>(input: &Input<'a>) -> Vec<Page> {
    let site = input.site;
    let card = |b: &'a Brand, page: &str| -> BrandCard<'a> {
        let root = links::root_of(page);
        BrandCard {
            url: links::brand(&b.id),
            name: &b.name,
            slogan: &b.slogan,
            branch: site
                .corpus
                .branch(&b.branch.value)
                .map_or("", |x| x.display_name()),
            branch_url: links::branch(&b.branch.value),
            logo: b.logo.as_ref().map(|l| {
                let rel = format!("content/{}", l.value);
                input.publish(rel.clone());
                format!("{root}{}", links::asset_url(&rel))
            }),
            honours: b.honours.len(),
            activities: site
                .corpus
                .activities
                .iter()
                .filter(|a| a.brand.as_ref().is_some_and(|x| x.value == b.id))
                .count(),
        }
    };
    let mut index = input.page(
        links::brands(),
        "brands.html",
        "一支部一品牌",
        "brands",
        vec![crumb("首页", links::home())],
    );
    let cards: Vec<BrandCard<'_>> = site
        .corpus
        .brands
        .iter()
        .map(|b| card(b, &links::brands()))
        .collect();
    set(&mut index, "brands", &cards);
    let mut pages = vec![index];
    for b in &site.corpus.brands {
        let path = links::brand(&b.id);
        let mut p = input.page(
            path.clone(),
            "brand.html",
            &b.name,
            "brands",
            vec![
                crumb("首页", links::home()),
                crumb("一支部一品牌", links::brands()),
            ],
        );
        let activities: Vec<_> = site
            .corpus
            .activities
            .iter()
            .rev()
            .filter(|a| a.brand.as_ref().is_some_and(|x| x.value == b.id))
            .map(|a| rows::activity_row(site, a))
            .collect();
        set(&mut p, "brand", &card(b, &path));
        set(&mut p, "meaning", &b.meaning);
        set(&mut p, "started", &b.started.map(cn_date));
        set(&mut p, "goals", &b.goals);
        set(&mut p, "measures", &b.measures);
        set(
            &mut p,
            "plan",
            &b.plan
                .iter()
                .map(|y| (y.year, &y.items))
                .collect::<Vec<_>>(),
        );
        set(
            &mut p,
            "milestones",
            &b.milestones
                .iter()
                .map(|m| (cn_date(m.date), &m.text))
                .collect::<Vec<_>>(),
        );
        set(
            &mut p,
            "honours",
            &b.honours
                .iter()
                .map(|h| (cn_date(h.date), &h.title, &h.level))
                .collect::<Vec<_>>(),
        );
        set(
            &mut p,
            "body",
            &input.markdown(&b.body, &path, &b.file, false),
        );
        set(&mut p, "activities", &activities);
        set(
            &mut p,
            "history",
            &rows::history(input.history.of(&b.file)),
        );
        let mut doc = SearchDoc::new(&b.name);
        doc.push(&b.slogan);
        for piece in b.meaning.iter().chain(&b.goals).chain(&b.measures) {
            doc.push(piece);
        }
        doc.push(&plain_text(&b.body));
        if let Some(branch) = site.corpus.branch(&b.branch.value) {
            doc.push(&branch.name);
            doc.filter("支部", branch.name.as_str());
        }
        doc.filter("类型", "支部品牌");
        p.search = Some(doc);
        pages.push(p);
    }
    pages
}

fn checklists(input: &Input<'_>) -> Vec<Page> {
    let site = input.site;
    let mut index = input.page(
        links::checklists(),
        "checklists.html",
        "考核清单",
        "checklists",
        vec![crumb("首页", links::home())],
    );
    let mut pages = Vec::new();
    let mut entries = Vec::new();
    for c in &site.corpus.checklists {
        let mut years = Vec::new();
        for m in input.years.iter().rev() {
            let Some(score) = m.checklists.iter().find(|s| s.id == c.id) else {
                continue;
            };
            let path = links::checklist(&c.id, m.year);
            years.push((m.year, path.clone(), score.score, score.points));
            let mut p = input.page(
                path,
                "checklist.html",
                &format!("{}（{}年）", c.title, m.year),
                "checklists",
                vec![
                    crumb("首页", links::home()),
                    crumb("考核清单", links::checklists()),
                ],
            );
            set(&mut p, "checklist", score);
            set(&mut p, "year", &m.year);
            set(
                &mut p,
                "pdf_url",
                &input
                    .pdf_links
                    .then(|| links::checklist_pdf(&c.id, m.year)),
            );
            pages.push(p);
        }
        entries.push((c.title.as_str(), years));
    }
    set(&mut index, "checklists", &entries);
    pages.insert(0, index);
    pages
}
