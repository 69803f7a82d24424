//! The brand projects (一支部一品牌): the index of cards and a page per brand.

use serde::Serialize;

use super::{Input, Page, set};
use crate::content::Brand;
use crate::format::cn_date;
use crate::markup::text::plain_text;
use crate::present::links;
use crate::present::rows::{self, crumb};
use crate::site::search::SearchDoc;

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

pub fn pages<'a>(input: &Input<'a>) -> Vec<Page> {
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
        set(&mut p, "history", &rows::history(input.history.of(&b.file)));
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
