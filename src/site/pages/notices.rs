use std::collections::BTreeMap;

use serde::Serialize;

use super::{Input, Page, set};
use crate::content::Notice;
use crate::content::notice::{AttachmentContent, NoticeFormat};
use crate::diagnostics::Pos;
use crate::format::cn_date;
use crate::markup::text::plain_text;
use crate::metrics::ChecklistScore;
use crate::present::links;
use crate::present::rows::{self, NoticeRow, crumb};
use crate::reader::Located;
use crate::site::search::SearchDoc;

#[derive(Serialize)]
struct AttachmentView {
    index: usize,
    title: String,
    /// HTML of a Markdown attachment.
    html: Option<String>,
    /// A checklist shown as a table.
    checklist: Option<ChecklistScore>,
    link: Option<String>,
}

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let site = input.site;
    let mut by_year: BTreeMap<i32, Vec<NoticeRow<'_>>> = BTreeMap::new();
    for n in &site.corpus.notices {
        by_year
            .entry(n.year)
            .or_default()
            .push(rows::notice_row(site, n));
    }
    let groups: Vec<(i32, Vec<NoticeRow<'_>>)> = by_year
        .into_iter()
        .rev()
        .map(|(y, mut l)| {
            l.reverse();
            (y, l)
        })
        .collect();
    let mut index = input.page(
        links::notices(),
        "notices.html",
        "通知文件",
        "notices",
        vec![crumb("首页", links::home())],
    );
    set(&mut index, "groups", &groups);
    let mut pages = vec![index];
    pages.extend(site.corpus.notices.iter().map(|n| notice_page(input, n)));
    pages
}

fn notice_page(input: &Input<'_>, n: &Notice) -> Page {
    let site = input.site;
    let org = &site.config.organisation;
    let path = links::notice(n);
    let mut page = input.page(
        path.clone(),
        "notice.html",
        &n.title,
        "notices",
        vec![
            crumb("首页", links::home()),
            crumb("通知文件", links::notices()),
        ],
    );
    let attachments: Vec<AttachmentView> = n
        .attachments
        .iter()
        .enumerate()
        .map(|(i, att)| {
            let mut view = AttachmentView {
                index: i + 1,
                title: att.title.clone(),
                html: None,
                checklist: None,
                link: None,
            };
            match &att.content {
                AttachmentContent::File(p) => {
                    let located = Located::new(p.value.clone(), Pos::FILE);
                    if let Ok(real) = crate::content::attachment::check_markdown_path(
                        &site.root, &n.file, &located,
                    ) {
                        if let Ok(text) = std::fs::read_to_string(real) {
                            view.html = Some(input.markdown(&text, &path, &n.file, true));
                        }
                    }
                }
                AttachmentContent::Checklist(id) => {
                    let year = site
                        .corpus
                        .checklist(&id.value)
                        .and_then(|c| c.year)
                        .unwrap_or(n.year);
                    view.checklist = input
                        .metrics(year)
                        .and_then(|m| m.checklists.iter().find(|c| c.id == id.value).cloned());
                    view.link = Some(links::checklist(&id.value, year));
                }
                AttachmentContent::Annual(y) => view.link = Some(links::annual(y.value)),
            }
            view
        })
        .collect();
    let recipients = n
        .recipients
        .clone()
        .unwrap_or_else(|| org.recipients.clone());
    let cc = n.cc.clone().unwrap_or_else(|| org.cc.clone());
    set(&mut page, "number", &n.doc_number(&org.doc_prefix));
    set(&mut page, "letter", &(n.format == NoticeFormat::Letter));
    set(&mut page, "organ_mark", &org.organ_mark);
    set(&mut page, "organ_name", &org.name);
    set(&mut page, "upward", &n.upward);
    set(&mut page, "signer", &n.signer);
    set(&mut page, "recipients", &recipients.join("、"));
    set(
        &mut page,
        "body",
        &input.markdown(&n.body, &path, &n.file, true),
    );
    set(&mut page, "attachments", &attachments);
    set(
        &mut page,
        "issuer",
        &n.issuer.clone().unwrap_or_else(|| org.name.clone()),
    );
    set(&mut page, "date", &cn_date(n.date.value));
    set(&mut page, "iso", &n.date.value.to_string());
    set(&mut page, "note", &n.note);
    set(&mut page, "cc", &cc.join("，"));
    set(
        &mut page,
        "print_office",
        &n.print_office
            .clone()
            .unwrap_or_else(|| org.issuing_office.clone()),
    );
    set(
        &mut page,
        "print_date",
        &cn_date(n.print_date.unwrap_or(n.date.value)),
    );
    set(
        &mut page,
        "pdf_url",
        &input.pdf_links.then(|| links::notice_pdf(n)),
    );
    set(
        &mut page,
        "history",
        &rows::history(input.history.of(&n.file)),
    );
    let mut doc = SearchDoc::new(&n.title);
    doc.push(&n.doc_number(&org.doc_prefix));
    doc.push(&plain_text(&n.body));
    for att in &n.attachments {
        doc.push(&att.title);
    }
    doc.filter("类型", "通知文件");
    doc.filter("年份", n.year.to_string());
    page.search = Some(doc);
    page
}
