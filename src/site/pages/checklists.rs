//! The checklists (考核清单): the index and a scored page per checklist and year.

use super::{Input, Page, set};
use crate::present::links;
use crate::present::rows::crumb;

pub fn pages(input: &Input<'_>) -> Vec<Page> {
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
                &input.pdf_links.then(|| links::checklist_pdf(&c.id, m.year)),
            );
            pages.push(p);
        }
        entries.push((c.title.as_str(), years));
    }
    set(&mut index, "checklists", &entries);
    pages.insert(0, index);
    pages
}
