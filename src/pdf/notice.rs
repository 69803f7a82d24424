//! A notice record → the data its template reads (`data.json`). Everything the document shows
//! is decided here, in Rust, where it is tested: the document number, dates, defaults from
//! the organisation, balanced title lines, the body as escaped Typst markup, the checklist
//! table with its row spans.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::title::{LINE_EM, balance};
use super::{Document, Image};
use crate::Site;
use crate::config::FontRole;
use crate::content::Notice;
use crate::content::attachment::check_path;
use crate::content::notice::{AttachmentContent, NoticeFormat};
use crate::diagnostics::{Code, Diagnostic};
use crate::markup::typst::{TypstOptions, to_typst};
use crate::metrics::{ChecklistScore, Metrics};

#[derive(Serialize)]
struct NoticeData<'a> {
    format: &'static str,
    organ_mark: &'a str,
    organ_name: &'a str,
    number: String,
    upward: bool,
    signer: Option<&'a str>,
    title: &'a str,
    title_lines: Vec<String>,
    recipients: String,
    body: Vec<String>,
    attachments: Vec<AttachmentData>,
    issuer: &'a str,
    date: String,
    seal: Option<String>,
    note: Option<&'a str>,
    cc: Option<String>,
    print_office: &'a str,
    print_date: String,
    fonts: BTreeMap<&'static str, &'a [String]>,
}

#[derive(Serialize)]
struct AttachmentData {
    /// 附件 (one attachment) or 附件N.
    label: String,
    title: String,
    title_lines: Vec<String>,
    body: Option<Vec<String>>,
    checklist: Option<ChecklistData>,
    /// A line that points to a document printed separately.
    see: Option<String>,
    /// The annual work summary that the notice issues (印发), printed in full.
    annual: Option<super::annual::SummaryData>,
}

#[derive(Serialize)]
struct ChecklistData {
    points: String,
    categories: Vec<CategoryData>,
}

#[derive(Serialize)]
struct CategoryData {
    name: String,
    points: String,
    rows: usize,
    groups: Vec<GroupData>,
}

#[derive(Serialize)]
struct GroupData {
    name: String,
    points: String,
    rows: usize,
    items: Vec<ItemData>,
}

#[derive(Serialize)]
struct ItemData {
    text: String,
    points: String,
    departments: Vec<String>,
}

/// 2022年12月30日: full year, no zero padding (7.3.5.4).
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn points(x: f64) -> String {
    crate::validate::fmt_num(x)
}

fn checklist_data(c: &ChecklistScore) -> ChecklistData {
    ChecklistData {
        points: points(c.points),
        categories: c
            .categories
            .iter()
            .filter(|cat| cat.rows > 0)
            .map(|cat| CategoryData {
                name: cat.name.clone(),
                points: points(cat.points),
                rows: cat.rows,
                groups: cat
                    .groups
                    .iter()
                    .filter(|g| g.rows > 0)
                    .map(|g| GroupData {
                        name: g.name.clone(),
                        points: points(g.points),
                        rows: g.rows,
                        items: g
                            .items
                            .iter()
                            .map(|i| ItemData {
                                text: i.text.clone(),
                                points: points(i.points),
                                departments: i.departments.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Every font role's fallback list, as the templates read them.
pub(super) fn font_lists(site: &Site) -> BTreeMap<&'static str, &[String]> {
    FontRole::ALL
        .iter()
        .map(|r| (r.key(), site.config.fonts.list(*r)))
        .collect()
}

fn markup(markdown: &str) -> Vec<String> {
    to_typst(
        markdown,
        TypstOptions {
            number_headings: true,
        },
    )
}

/// The PDF of one notice: `notices/<year>-<n>.pdf`.
pub fn document(site: &Site, years: &[Metrics], n: &Notice) -> Result<Document, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    document_with(site, years, n, &mut files, &mut warnings).map_err(|d| vec![d])
}

fn document_with(
    site: &Site,
    years: &[Metrics],
    n: &Notice,
    files: &mut Vec<(String, Vec<u8>)>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Document, Diagnostic> {
    let org = &site.config.organisation;
    let mut sources = vec![n.file.clone(), crate::layout::CONFIG_FILE.to_owned()];
    let count = n.attachments.len();
    let mut attachments = Vec::with_capacity(count);
    for (i, att) in n.attachments.iter().enumerate() {
        let mut data = AttachmentData {
            label: if count == 1 {
                "附件".to_owned()
            } else {
                format!("附件{}", i + 1)
            },
            title: att.title.clone(),
            title_lines: balance(&att.title, LINE_EM),
            body: None,
            checklist: None,
            see: None,
            annual: None,
        };
        match &att.content {
            AttachmentContent::File(p) => {
                let real = crate::content::attachment::check_markdown_path(&site.root, &n.file, p)?;
                let text = std::fs::read_to_string(&real).map_err(|e| {
                    Diagnostic::new(
                        Code::Io,
                        &n.file,
                        p.pos,
                        format!("无法读取附件“{}”：{e}", p.value),
                    )
                })?;
                sources.push(format!("content/{}", p.value));
                data.body = Some(markup(&text));
            }
            AttachmentContent::Checklist(id) => {
                let checklist = site.corpus.checklist(&id.value).ok_or_else(|| {
                    Diagnostic::new(
                        Code::UnknownReference,
                        &n.file,
                        id.pos,
                        format!("未知的清单 `{}`", id.value),
                    )
                })?;
                let year = checklist.year.unwrap_or(n.year);
                let score = years
                    .iter()
                    .find(|m| m.year == year)
                    .and_then(|m| m.checklists.iter().find(|c| c.id == id.value));
                let score = match score {
                    Some(s) => s.clone(),
                    // A year without records still has the checklist's items and points.
                    None => {
                        let m =
                            crate::metrics::compute(&site.config, &site.corpus, year, site.as_of);
                        match m.checklists.into_iter().find(|c| c.id == id.value) {
                            Some(s) => s,
                            None => {
                                return Err(Diagnostic::new(
                                    Code::UnknownReference,
                                    &n.file,
                                    id.pos,
                                    format!("清单 `{}` 没有 {year} 年的数据", id.value),
                                ));
                            }
                        }
                    }
                };
                sources.push(checklist.file.clone());
                data.checklist = Some(checklist_data(&score));
            }
            AttachmentContent::Annual(year) => {
                // The summary follows the notice that issues it, in full (seeds/004).
                let narrative = site.corpus.narrative(year.value).ok_or_else(|| {
                    Diagnostic::new(
                        Code::UnknownReference,
                        &n.file,
                        year.pos,
                        format!("没有 {} 年的年度总结", year.value),
                    )
                })?;
                let prefix = format!("annual{}-{}-", i + 1, year.value);
                match super::annual::summary(site, years, narrative, &prefix) {
                    Ok(s) => {
                        files.extend(s.files);
                        sources.extend(s.sources);
                        warnings.extend(s.warnings);
                        data.annual = Some(s.data);
                    }
                    Err(errors) => {
                        // The first error stops the notice; validation has reported them all.
                        return Err(errors.into_iter().next().unwrap_or_else(|| {
                            Diagnostic::new(
                                Code::UnknownFigure,
                                &narrative.file,
                                crate::diagnostics::Pos::FILE,
                                "年度总结中有无法解析的数据引用",
                            )
                        }));
                    }
                }
            }
        }
        attachments.push(data);
    }

    let mut images = Vec::new();
    let seal = match (&org.seal, n.seal.as_ref().is_some_and(|s| s.value)) {
        (Some(path), true) => {
            let real = check_path(&site.root, crate::layout::CONFIG_FILE, path)?;
            let ext = real
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_else(|| "png".to_owned());
            let name = format!("seal.{ext}");
            images.push(Image {
                name: name.clone(),
                source: real,
            });
            Some(name)
        }
        _ => None,
    };

    let fonts = font_lists(site);
    let recipients = n.recipients.as_ref().unwrap_or(&org.recipients);
    let cc = n.cc.as_ref().unwrap_or(&org.cc);
    let data = NoticeData {
        format: match n.format {
            NoticeFormat::File => "file",
            NoticeFormat::Letter => "letter",
        },
        organ_mark: &org.organ_mark,
        organ_name: &org.name,
        number: n.doc_number(&org.doc_prefix),
        upward: n.upward,
        signer: n.signer.as_deref(),
        title: &n.title,
        title_lines: balance(&n.title, LINE_EM),
        recipients: recipients.join("、"),
        body: markup(&n.body),
        attachments,
        issuer: n.issuer.as_deref().unwrap_or(&org.name),
        date: cn_date(n.date.value),
        seal,
        note: n.note.as_deref(),
        cc: (!cc.is_empty()).then(|| cc.join("，")),
        print_office: n.print_office.as_deref().unwrap_or(&org.issuing_office),
        print_date: cn_date(n.print_date.unwrap_or(n.date.value)),
        fonts,
    };
    let json = serde_json::to_vec_pretty(&data).map_err(|e| {
        Diagnostic::new(
            Code::Output,
            &n.file,
            crate::diagnostics::Pos::FILE,
            format!("无法生成 PDF 数据：{e}"),
        )
    })?;
    Ok(Document {
        kind: super::Kind::Notices,
        record: n.file.clone(),
        output: crate::site::links::notice_pdf(n),
        template: "notice.typ",
        data: json,
        images,
        files: std::mem::take(files),
        timestamp: super::timestamp(Some(n.date.value)),
        sources,
        warnings: std::mem::take(warnings),
    })
}
