//! A notice as a document (GB/T 9704): the document number, dates, the organisation's
//! defaults for whatever the record leaves out, balanced title lines, the body, and each
//! attachment — a Markdown file, a checklist's table, or the annual summary it issues,
//! printed in full.

use std::path::PathBuf;

use serde::Serialize;

use super::annual::SummaryView;
use super::checklist::{Table, table};
use super::frame::{self, Frame, Page};
use super::markup::BodyWriter;
use super::title::{LINE_EM, balance};
use super::{Context, links};
use crate::content::Notice;
use crate::content::attachment::check_path;
use crate::content::notice::{AttachmentContent, NoticeFormat};
use crate::diagnostics::{Code, Diagnostic};
use crate::format::cn_date;

mod issued;

#[derive(Serialize)]
pub(crate) struct NoticeView<B> {
    /// file (文件格式) or letter (信函格式).
    pub format: &'static str,
    pub organ_mark: String,
    pub organ_name: String,
    pub number: String,
    pub upward: bool,
    pub signer: Option<String>,
    pub title: String,
    pub title_lines: Vec<String>,
    pub recipients: String,
    pub body: B,
    pub attachments: Vec<AttachmentView<B>>,
    /// The document a 印发/转发 notice issues, printed after the signature.
    pub issued: Option<issued::IssuedView<B>>,
    pub issuer: String,
    pub date: String,
    /// The seal's file name in the document's folder, when the notice is sealed.
    pub seal: Option<String>,
    pub note: Option<String>,
    pub cc: Option<String>,
    pub print_office: String,
    pub print_date: String,
    /// 份号 as printed: six digits (`000012`).
    pub copy_number: Option<String>,
    /// 密级 and 保密期限 as printed: `秘密★1年`, or `秘密` alone.
    pub secrecy: Option<String>,
    /// 紧急程度: `特急`, `加急`.
    pub urgency: Option<String>,
    /// Whether the 署名 and 成文日期 are printed.
    pub signed: bool,
}

#[derive(Serialize)]
pub(crate) struct AttachmentView<B> {
    /// 附件 (one attachment) or 附件N.
    pub label: String,
    pub title: String,
    pub title_lines: Vec<String>,
    pub body: Option<B>,
    pub checklist: Option<Table>,
    /// A line that points to a document printed separately.
    pub see: Option<String>,
    /// The annual work summary that the notice issues (印发), printed in full.
    pub annual: Option<SummaryView<B>>,
}

/// What the page and the document of a notice both show, with the organisation's defaults
/// for whatever the record leaves out.
#[derive(Serialize)]
pub(crate) struct Head {
    /// file (文件格式) or letter (信函格式).
    pub format: &'static str,
    pub letter: bool,
    pub organ_mark: String,
    pub organ_name: String,
    pub number: String,
    pub upward: bool,
    pub signer: Option<String>,
    pub recipients: String,
    pub issuer: String,
    pub date: String,
    pub iso: String,
    pub note: Option<String>,
    /// None when there is no one to copy (抄送): the line is left out.
    pub cc: Option<String>,
    pub print_office: String,
    pub print_date: String,
    /// 份号 as printed: six digits (`000012`).
    pub copy_number: Option<String>,
    /// 密级 and 保密期限 as printed: `秘密★1年`, or `秘密` alone.
    pub secrecy: Option<String>,
    /// 紧急程度: `特急`, `加急`.
    pub urgency: Option<String>,
    /// Whether the 署名 and 成文日期 are printed.
    pub signed: bool,
}

pub(crate) fn head(ctx: &Context<'_>, n: &Notice) -> Head {
    let org = &ctx.site.config.organisation;
    let recipients = n.recipients.as_ref().unwrap_or(&org.recipients);
    let cc = n.cc.as_ref().unwrap_or(&org.cc);
    Head {
        format: match n.format {
            NoticeFormat::File => "file",
            NoticeFormat::Letter => "letter",
        },
        letter: n.format == NoticeFormat::Letter,
        organ_mark: org.organ_mark.clone(),
        organ_name: org.name.clone(),
        number: ctx.site.config.doc_number(n),
        upward: n.upward,
        signer: n.signer.clone(),
        recipients: recipients.join("、"),
        issuer: n.issuer.clone().unwrap_or_else(|| org.name.clone()),
        date: cn_date(n.date.value),
        iso: n.date.value.to_string(),
        note: n.note.clone(),
        cc: (!cc.is_empty()).then(|| cc.join("，")),
        print_office: n
            .print_office
            .clone()
            .unwrap_or_else(|| org.issuing_office.clone()),
        print_date: cn_date(n.print_date.unwrap_or(n.date.value)),
        copy_number: n.copy_number.map(|c| format!("{c:06}")),
        secrecy: n.secrecy.as_ref().map(|(level, period)| match period {
            Some(p) => format!("{level}★{p}"),
            None => level.clone(),
        }),
        urgency: n.urgency.clone(),
        signed: n.signed,
    }
}

/// The text of a Markdown attachment.
fn attachment_text(
    ctx: &Context<'_>,
    n: &Notice,
    p: &crate::reader::Located<String>,
) -> Result<String, Diagnostic> {
    let real = crate::content::attachment::check_markdown_path(&ctx.site.root, &n.file, p)?;
    std::fs::read_to_string(&real).map_err(|e| {
        Diagnostic::new(
            Code::Io,
            &n.file,
            p.pos,
            format!("无法读取附件“{}”：{e}", p.value),
        )
    })
}

/// The scores of an attached checklist in its year (the notice's, unless the checklist names
/// one); a year without records still has the checklist's items and points.
fn checklist_score<'a>(
    ctx: &Context<'a>,
    n: &Notice,
    id: &str,
) -> Option<&'a crate::metrics::ChecklistScore> {
    ctx.years
        .of(ctx.site.corpus.attached_checklist_year(id, n.year))
        .and_then(|m| m.checklists.iter().find(|c| c.id == id))
}

/// A notice's web page: the document's head and body, each attachment in full or linked.
#[derive(Serialize)]
pub(crate) struct PageView<B> {
    #[serde(flatten)]
    pub head: Head,
    /// The title broken as on paper (between words, balanced): the page's heading wraps
    /// between these lines, the same as the PDF's.
    pub title_lines: Vec<String>,
    pub body: B,
    pub attachments: Vec<PageAttachment<B>>,
    pub issued: Option<issued::PageIssued<B>>,
    /// More than one attachment: each is numbered (附件1, 附件2…).
    pub numbered_attachments: bool,
    pub pdf_url: Option<String>,
    /// The notice as a Word document, when the build writes them (`build --docx`).
    pub docx_url: Option<String>,
    pub history: Option<super::rows::HistoryView>,
    #[serde(skip)]
    pub search: super::search::SearchText,
}

#[derive(Serialize)]
pub(crate) struct PageAttachment<B> {
    pub index: usize,
    /// 附件 (one attachment) or 附件N.
    pub label: String,
    pub title: String,
    pub title_lines: Vec<String>,
    /// A Markdown attachment, in full.
    pub html: Option<B>,
    /// A checklist, as its table.
    pub checklist: Option<super::checklist::Titled>,
    /// The page of the checklist or annual report the attachment is.
    pub link: Option<String>,
}

/// The page of `n`. Validation has read every attachment before the site is built, so an
/// attachment that cannot be read here changed since; the page leaves it out rather than
/// fail the whole site, which the document, printed whole or not at all, cannot.
pub(crate) fn page<W: BodyWriter>(
    ctx: &Context<'_>,
    n: &Notice,
    writer: &W,
) -> Page<PageView<W::Body>> {
    let attachments = n
        .attachments
        .iter()
        .enumerate()
        .map(|(i, att)| {
            let mut view = PageAttachment {
                index: i + 1,
                label: label(i, n.attachments.len()),
                title: att.title.clone(),
                title_lines: balance(&att.title, LINE_EM),
                html: None,
                checklist: None,
                link: None,
            };
            match &att.content {
                AttachmentContent::File(p) => {
                    view.html = attachment_text(ctx, n, p)
                        .ok()
                        .map(|text| writer.body(&text, Some(Default::default())));
                }
                AttachmentContent::Checklist(id) => {
                    view.checklist = checklist_score(ctx, n, &id.value)
                        .zip(ctx.site.corpus.checklist(&id.value))
                        .map(|(score, c)| super::checklist::titled(score, c));
                    view.link = Some(links::checklist(
                        &id.value,
                        ctx.site.corpus.attached_checklist_year(&id.value, n.year),
                    ));
                }
                AttachmentContent::Annual(y) => view.link = Some(links::annual(y.value)),
            }
            view
        })
        .collect();
    let head = head(ctx, n);
    let mut search = super::search::SearchText::new(&n.title);
    search.doc_number(&head.number, n.year, n.number.value);
    search.push(crate::markup::text::plain_text(&n.body));
    for att in &n.attachments {
        search.push(att.title.clone());
    }
    let issued = issued::page(ctx, n, writer, &mut search);
    search.filter("类型", "通知文件");
    search.filter("年份", n.year.to_string());
    search.meta("类型", "通知文件");
    search.meta("文号", head.number.clone());
    search.meta("日期", head.date.clone());
    search.date = Some(n.date.value);
    let mut crumbs = frame::home();
    crumbs.push(super::rows::crumb("通知文件", links::notices()));
    let frame = Frame::new(links::notice(n), n.title.as_str(), "notices", crumbs);
    Page::new(
        frame,
        PageView {
            head,
            title_lines: balance(&n.title, LINE_EM),
            body: writer.body(&n.body, Some(n.numbering)),
            attachments,
            issued,
            numbered_attachments: n.attachments.len() > 1,
            pdf_url: ctx.pdf_links.then(|| links::notice_pdf(n)),
            docx_url: links::docx_built().then(|| links::notice_docx(n)),
            history: super::rows::history(ctx.history.of(&n.file)),
            search,
        },
    )
}

/// The notice's view and what a document of it needs besides.
pub(crate) struct NoticeDocument<B> {
    pub view: NoticeView<B>,
    pub output: String,
    /// The seal image, copied into the document's folder as `view.seal`.
    pub seal_source: Option<PathBuf>,
    /// (file name, SVG): the charts of an issued summary.
    pub files: Vec<(String, Vec<u8>)>,
    /// Files whose text reaches the document.
    pub sources: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

pub(crate) fn document<W: BodyWriter>(
    ctx: &Context<'_>,
    n: &Notice,
    writer: &W,
) -> Result<NoticeDocument<W::Body>, Diagnostic> {
    let site = ctx.site;
    let org = &site.config.organisation;
    let mut sources = vec![n.file.clone(), crate::layout::CONFIG_FILE.to_owned()];
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let count = n.attachments.len();
    let mut attachments = Vec::with_capacity(count);
    for (i, att) in n.attachments.iter().enumerate() {
        let mut view = AttachmentView {
            label: label(i, count),
            title: att.title.clone(),
            title_lines: balance(&att.title, LINE_EM),
            body: None,
            checklist: None,
            see: None,
            annual: None,
        };
        match &att.content {
            AttachmentContent::File(p) => {
                let text = attachment_text(ctx, n, p)?;
                sources.push(format!("content/{}", p.value));
                view.body = Some(writer.body(&text, Some(Default::default())));
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
                let year = site.corpus.attached_checklist_year(&id.value, n.year);
                let score = checklist_score(ctx, n, &id.value).ok_or_else(|| {
                    Diagnostic::new(
                        Code::UnknownReference,
                        &n.file,
                        id.pos,
                        format!("清单 `{}` 没有 {year} 年的数据", id.value),
                    )
                })?;
                sources.push(checklist.file.clone());
                view.checklist = Some(table(score, checklist));
            }
            AttachmentContent::Annual(year) => {
                let prefix = format!("annual{}-{}-", i + 1, year.value);
                let s = issued::annual_summary(ctx, n, year, &prefix, writer)?;
                // The summary carries its own title (and its subtitle under it), as it does
                // printed on its own; the 附件说明 keeps the attachment's title.
                view.title_lines = balance(&s.view.title, LINE_EM);
                files.extend(s.files);
                sources.extend(s.sources);
                warnings.extend(s.warnings);
                view.annual = Some(s.view);
            }
        }
        attachments.push(view);
    }
    let issued = issued::document(ctx, n, writer, &mut files, &mut sources, &mut warnings)?;
    let (seal, seal_source) = match (&org.seal, n.seal.as_ref().is_some_and(|s| s.value)) {
        (Some(path), true) => {
            let real = check_path(&site.root, crate::layout::CONFIG_FILE, path)?;
            let ext = real
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_else(|| "png".to_owned());
            (Some(format!("seal.{ext}")), Some(real))
        }
        _ => (None, None),
    };
    let head = head(ctx, n);
    let view = NoticeView {
        format: head.format,
        organ_mark: head.organ_mark,
        organ_name: head.organ_name,
        number: head.number,
        upward: head.upward,
        signer: head.signer,
        title: n.title.clone(),
        title_lines: balance(&n.title, LINE_EM),
        recipients: head.recipients,
        body: writer.body(&n.body, Some(n.numbering)),
        attachments,
        issued,
        issuer: head.issuer,
        date: head.date,
        seal,
        note: head.note,
        cc: head.cc,
        print_office: head.print_office,
        print_date: head.print_date,
        copy_number: head.copy_number,
        secrecy: head.secrecy,
        urgency: head.urgency,
        signed: head.signed,
    };
    Ok(NoticeDocument {
        view,
        output: links::notice_pdf(n),
        seal_source,
        files,
        sources,
        warnings,
    })
}

/// The notices by year, newest first.
#[derive(Serialize)]
pub(crate) struct IndexView<'a> {
    pub groups: Vec<YearGroup<'a>>,
}

/// One year: the main series' notices, then each separate series (函…) under its name, in the
/// order site.toml lists them.
#[derive(Serialize)]
pub(crate) struct YearGroup<'a> {
    pub year: i32,
    pub rows: Vec<super::rows::NoticeRow<'a>>,
    pub series: Vec<SeriesGroup<'a>>,
}

#[derive(Serialize)]
pub(crate) struct SeriesGroup<'a> {
    /// 函
    pub name: &'a str,
    /// `han`, for the heading's anchor.
    pub id: &'a str,
    pub rows: Vec<super::rows::NoticeRow<'a>>,
}

pub(crate) fn index<'a>(ctx: &Context<'a>) -> Page<IndexView<'a>> {
    let site: &'a crate::loaded::Site = ctx.site;
    let settings = &site.config.notices;
    // The series' position in site.toml; the main series first, an undeclared one (an error
    // check reports) is left out.
    let rank = |n: &Notice| match n.series.as_deref() {
        None => Some(0),
        Some(id) => settings
            .series
            .iter()
            .position(|s| s.id == id)
            .map(|i| i + 1),
    };
    let mut by_year: std::collections::BTreeMap<i32, Vec<Vec<_>>> = Default::default();
    for n in &site.corpus.notices {
        let Some(rank) = rank(n) else { continue };
        let lists = by_year
            .entry(n.year)
            .or_insert_with(|| (0..=settings.series.len()).map(|_| Vec::new()).collect());
        lists[rank].push(super::rows::notice_row(site, n));
    }
    let frame = Frame::new(links::notices(), "通知文件", "notices", frame::home());
    let groups = by_year
        .into_iter()
        .rev()
        .map(|(year, lists)| {
            let mut lists = lists.into_iter().map(|mut l| {
                l.reverse();
                l
            });
            let rows = lists.next().unwrap_or_default();
            let series = settings
                .series
                .iter()
                .zip(lists)
                .filter(|(_, rows)| !rows.is_empty())
                .map(|(s, rows)| SeriesGroup {
                    name: &s.name,
                    id: &s.id,
                    rows,
                })
                .collect();
            YearGroup { year, rows, series }
        })
        .collect();
    Page::new(frame, IndexView { groups })
}

/// 附件 when a notice has one attachment, else 附件N.
fn label(i: usize, count: usize) -> String {
    if count == 1 {
        "附件".to_owned()
    } else {
        format!("附件{}", i + 1)
    }
}
