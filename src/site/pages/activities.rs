use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use super::{Input, Page, set};
use crate::content::Activity;
use crate::content::attachment::is_image_path;
use crate::format::cn_date;
use crate::markup::text::plain_text;
use crate::present::links;
use crate::present::privacy::HIDDEN_NAME;
use crate::present::rows::{self, ActivityRow, crumb};
use crate::site::search::SearchDoc;

#[derive(Serialize)]
struct MonthGroup<'a> {
    month: u32,
    url: String,
    activities: Vec<ActivityRow<'a>>,
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct KindLink<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let site = input.site;
    let idx = &site.corpus.index;
    let years: Vec<YearLink> = idx
        .by_year
        .iter()
        .rev()
        .map(|(y, list)| YearLink {
            year: *y,
            url: links::year(*y),
            count: list.len(),
        })
        .collect();
    let kinds: Vec<KindLink<'_>> = site
        .config
        .kinds
        .iter()
        .filter_map(|(name, slug)| {
            idx.by_kind.get(name).map(|l| KindLink {
                name,
                url: links::kind(slug),
                count: l.len(),
            })
        })
        .collect();
    let home = || crumb("首页", links::home());
    let mut index = input.page(
        links::activities(),
        "activities.html",
        "支部活动",
        "activities",
        vec![home()],
    );
    set(&mut index, "years", &years);
    set(&mut index, "kinds", &kinds);
    let latest: Vec<_> = site
        .corpus
        .activities
        .iter()
        .rev()
        .take(20)
        .map(|a| rows::activity_row(site, a))
        .collect();
    set(&mut index, "latest", &latest);
    let mut pages = vec![index];

    for (year, list) in &idx.by_year {
        let mut months: BTreeMap<u32, Vec<ActivityRow<'_>>> = BTreeMap::new();
        for &i in list {
            let a = &site.corpus.activities[i];
            months
                .entry(a.date.value.month())
                .or_default()
                .push(rows::activity_row(site, a));
        }
        let title = format!("{year}年支部活动");
        let crumbs = || vec![home(), crumb("支部活动", links::activities())];
        let groups: Vec<MonthGroup<'_>> = months
            .into_iter()
            .rev()
            .map(|(month, activities)| MonthGroup {
                month,
                url: links::month(*year, month),
                activities,
            })
            .collect();
        for g in &groups {
            let mut p = input.page(
                links::month(*year, g.month),
                "activity_list.html",
                &format!("{year}年{}月支部活动", g.month),
                "activities",
                {
                    let mut c = crumbs();
                    c.push(crumb(title.clone(), links::year(*year)));
                    c
                },
            );
            set(&mut p, "groups", &[g]);
            pages.push(p);
        }
        let mut p = input.page(
            links::year(*year),
            "activity_list.html",
            &title,
            "activities",
            crumbs(),
        );
        set(&mut p, "groups", &groups);
        set(&mut p, "year", year);
        pages.push(p);
    }

    for (name, slug) in site.config.kinds.iter() {
        let Some(list) = idx.by_kind.get(name) else {
            continue;
        };
        let mut by_year: BTreeMap<i32, Vec<ActivityRow<'_>>> = BTreeMap::new();
        for &i in list {
            let a = &site.corpus.activities[i];
            by_year
                .entry(a.date.value.year())
                .or_default()
                .push(rows::activity_row(site, a));
        }
        let groups: Vec<_> = by_year
            .into_iter()
            .rev()
            .map(|(year, mut activities)| {
                activities.reverse();
                (year, activities)
            })
            .collect();
        let mut p = input.page(
            links::kind(slug),
            "kind.html",
            name,
            "activities",
            vec![home(), crumb("支部活动", links::activities())],
        );
        set(&mut p, "kind", name);
        set(&mut p, "groups", &groups);
        pages.push(p);
    }

    pages
}

#[derive(Serialize)]
struct AttachmentView<'a> {
    url: String,
    caption: Option<&'a str>,
    kind: Option<&'a str>,
    image: bool,
    name: &'a str,
}

/// One activity record's page; rendered one by one by the caller (there are many).
pub fn activity_page(input: &Input<'_>, a: &Activity) -> Page {
    let site = input.site;
    let path = links::activity(a);
    let root = links::root_of(&path);
    let branch = site.corpus.branch(&a.branch.value);
    let year = a.date.value.year();
    let mut page = input.page(
        path.clone(),
        "activity.html",
        &a.title,
        "activities",
        vec![
            crumb("首页", links::home()),
            crumb("支部活动", links::activities()),
            crumb(format!("{year}年"), links::year(year)),
        ],
    );
    let attachments: Vec<AttachmentView<'_>> = a
        .attachments
        .iter()
        .map(|att| {
            let rel = format!("content/{}", att.path.value);
            let url = format!("{root}{}", links::asset_url(&rel));
            input.publish(rel);
            AttachmentView {
                url,
                caption: att.caption.as_deref(),
                kind: att.kind.as_deref(),
                image: is_image_path(&att.path.value),
                name: att.path.value.rsplit('/').next().unwrap_or(&att.path.value),
            }
        })
        .collect();
    let hide = site.config.site.hide_member_names;
    let absentees: Vec<(&str, &str)> = a
        .absentees
        .iter()
        .map(|x| {
            (
                if hide { HIDDEN_NAME } else { x.name.as_str() },
                x.reason.as_str(),
            )
        })
        .collect();
    let brand = a
        .brand
        .as_ref()
        .and_then(|b| site.corpus.brand(&b.value))
        .map(|b| (links::brand(&b.id), b.name.as_str()));
    let rate = a.attendance();
    set(&mut page, "a", &rows::activity_row(site, a));
    set(
        &mut page,
        "branch_name",
        &branch.map_or(a.branch.value.as_str(), |b| b.name.as_str()),
    );
    set(
        &mut page,
        "kind_url",
        &links::kind(site.config.kinds.slug(&a.kind.value)),
    );
    set(&mut page, "date", &cn_date(a.date.value));
    set(&mut page, "time", &a.time);
    set(&mut page, "place", &a.place);
    set(&mut page, "chair", &a.chair);
    set(&mut page, "recorder", &a.recorder);
    set(&mut page, "expected", &a.expected);
    set(&mut page, "present", &a.present);
    set(
        &mut page,
        "rate",
        &rows::attendance(rate, &site.config.rules),
    );
    set(&mut page, "absentees", &absentees);
    set(&mut page, "guests", &a.guests);
    set(&mut page, "lecturer", &a.lecturer);
    set(&mut page, "subject", &a.subject);
    set(&mut page, "topics", &a.topics);
    set(&mut page, "tags", &a.tags);
    set(&mut page, "brand", &brand);
    set(&mut page, "attachments", &attachments);
    set(
        &mut page,
        "body",
        &input.markdown(&a.body, &path, &a.file, false),
    );
    set(&mut page, "year", &year);
    set(
        &mut page,
        "history",
        &rows::history(input.history.of(&a.file)),
    );
    let branch_name = branch.map_or(a.branch.value.as_str(), |b| b.name.as_str());
    let mut doc = SearchDoc::new(&a.title);
    for piece in [
        branch_name,
        a.kind.value.as_str(),
        a.place.as_str(),
        a.chair.as_str(),
        a.recorder.as_str(),
    ] {
        doc.push(piece);
    }
    for piece in a
        .lecturer
        .iter()
        .chain(&a.subject)
        .chain(&a.topics)
        .chain(&a.tags)
    {
        doc.push(piece);
    }
    doc.push(&plain_text(&a.body));
    doc.filter("支部", branch_name);
    doc.filter("类型", a.kind.value.as_str());
    doc.filter("年份", year.to_string());
    page.search = Some(doc);
    page
}
