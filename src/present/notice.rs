//! A notice as a document (GB/T 9704): the document number, dates, the organisation's
//! defaults for whatever the record leaves out, balanced title lines, the body, and each
//! attachment — a Markdown file, a checklist's table, or the annual summary it issues,
//! printed in full.

use std::path::PathBuf;

use serde::Serialize;

use super::annual::{SummaryView, summary};
use super::checklist::{Table, table};
use super::markup::BodyWriter;
use super::title::{LINE_EM, balance};
use super::{Context, links};
use crate::content::Notice;
use crate::content::attachment::check_path;
use crate::content::notice::{AttachmentContent, NoticeFormat};
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::format::cn_date;

#[derive(Serialize)]
pub struct NoticeView<B> {
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
    pub issuer: String,
    pub date: String,
    /// The seal's file name in the document's folder, when the notice is sealed.
    pub seal: Option<String>,
    pub note: Option<String>,
    pub cc: Option<String>,
    pub print_office: String,
    pub print_date: String,
}

#[derive(Serialize)]
pub struct AttachmentView<B> {
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

/// The notice's view and what a document of it needs besides.
pub struct NoticeDocument<B> {
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

pub fn document<W: BodyWriter>(
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
                view.body = Some(writer.body(&text, true));
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
                // A year without records still has the checklist's items and points.
                let score = ctx
                    .years
                    .of(year)
                    .and_then(|m| m.checklists.iter().find(|c| c.id == id.value))
                    .ok_or_else(|| {
                        Diagnostic::new(
                            Code::UnknownReference,
                            &n.file,
                            id.pos,
                            format!("清单 `{}` 没有 {year} 年的数据", id.value),
                        )
                    })?;
                sources.push(checklist.file.clone());
                view.checklist = Some(table(score));
            }
            AttachmentContent::Annual(year) => {
                let narrative = site.corpus.narrative(year.value).ok_or_else(|| {
                    Diagnostic::new(
                        Code::UnknownReference,
                        &n.file,
                        year.pos,
                        format!("没有 {} 年的年度总结", year.value),
                    )
                })?;
                let prefix = format!("annual{}-{}-", i + 1, year.value);
                let s = summary(ctx, narrative, &prefix, writer).map_err(|errors| {
                    // The first error stops the notice; validation has reported them all.
                    errors.into_iter().next().unwrap_or_else(|| {
                        Diagnostic::new(
                            Code::UnknownFigure,
                            &narrative.file,
                            Pos::FILE,
                            "年度总结中有无法解析的数据引用",
                        )
                    })
                })?;
                files.extend(s.files);
                sources.extend(s.sources);
                warnings.extend(s.warnings);
                view.annual = Some(s.view);
            }
        }
        attachments.push(view);
    }
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
    let recipients = n.recipients.as_ref().unwrap_or(&org.recipients);
    let cc = n.cc.as_ref().unwrap_or(&org.cc);
    let view = NoticeView {
        format: match n.format {
            NoticeFormat::File => "file",
            NoticeFormat::Letter => "letter",
        },
        organ_mark: org.organ_mark.clone(),
        organ_name: org.name.clone(),
        number: n.doc_number(&org.doc_prefix),
        upward: n.upward,
        signer: n.signer.clone(),
        title: n.title.clone(),
        title_lines: balance(&n.title, LINE_EM),
        recipients: recipients.join("、"),
        body: writer.body(&n.body, true),
        attachments,
        issuer: n.issuer.clone().unwrap_or_else(|| org.name.clone()),
        date: cn_date(n.date.value),
        seal,
        note: n.note.clone(),
        cc: (!cc.is_empty()).then(|| cc.join("，")),
        print_office: n
            .print_office
            .clone()
            .unwrap_or_else(|| org.issuing_office.clone()),
        print_date: cn_date(n.print_date.unwrap_or(n.date.value)),
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
