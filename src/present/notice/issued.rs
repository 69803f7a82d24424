//! The document a 印发/转发 notice issues (`[issues]`), as the PDF and the page show it:
//! after the signature, under its own title, without a 附件 label.

use serde::Serialize;

use super::super::annual::{Summary, SummaryView, summary};
use super::super::markup::BodyWriter;
use super::super::title::{LINE_EM, balance};
use super::super::{Context, links};
use super::attachment_text;
use crate::content::Notice;
use crate::content::notice::IssuedContent;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::reader::Located;

/// The issued document in the PDF.
#[derive(Serialize)]
pub(crate) struct IssuedView<B> {
    pub title: String,
    pub title_lines: Vec<String>,
    /// A Markdown document's text.
    pub body: Option<B>,
    /// The annual summary, printed in full (its subtitle and date under the title).
    pub annual: Option<SummaryView<B>>,
}

/// The issued document on the notice's page.
#[derive(Serialize)]
pub(crate) struct PageIssued<B> {
    pub title: String,
    /// The annual summary's subtitle (the organisation, as its own document shows it).
    pub subtitle: Option<String>,
    pub html: Option<B>,
    /// The annual summary's page, where its tables and charts are.
    pub link: Option<String>,
}

/// The annual summary of `year` for a notice's document; chart files start with `prefix`.
pub(super) fn annual_summary<W: BodyWriter>(
    ctx: &Context<'_>,
    n: &Notice,
    year: &Located<i32>,
    prefix: &str,
    writer: &W,
) -> Result<Summary<W::Body>, Diagnostic> {
    let narrative = ctx.site.corpus.narrative(year.value).ok_or_else(|| {
        Diagnostic::new(
            Code::UnknownReference,
            &n.file,
            year.pos,
            format!("没有 {} 年的年度总结", year.value),
        )
    })?;
    summary(ctx, narrative, prefix, writer).map_err(|errors| {
        // The first error stops the notice; validation has reported them all.
        errors.into_iter().next().unwrap_or_else(|| {
            Diagnostic::new(
                Code::UnknownFigure,
                &narrative.file,
                Pos::FILE,
                "年度总结中有无法解析的数据引用",
            )
        })
    })
}

/// The issued document's title: the record's, or the summary's own.
fn title_of(ctx: &Context<'_>, n: &Notice) -> Option<String> {
    let issued = n.issues.as_ref()?;
    issued.title.clone().or_else(|| match &issued.content {
        IssuedContent::Annual(y) => ctx.site.corpus.narrative(y.value).map(|s| s.title.clone()),
        IssuedContent::File(_) => None,
    })
}

/// The issued document for the PDF, with the chart files and sources it adds.
pub(super) fn document<W: BodyWriter>(
    ctx: &Context<'_>,
    n: &Notice,
    writer: &W,
    files: &mut Vec<(String, Vec<u8>)>,
    sources: &mut Vec<String>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<IssuedView<W::Body>>, Diagnostic> {
    let Some(issued) = &n.issues else {
        return Ok(None);
    };
    let mut view = IssuedView {
        title: String::new(),
        title_lines: Vec::new(),
        body: None,
        annual: None,
    };
    match &issued.content {
        IssuedContent::File(p) => {
            let text = attachment_text(ctx, n, p)?;
            sources.push(format!("content/{}", p.value));
            view.body = Some(writer.body(&text, Some(Default::default())));
        }
        IssuedContent::Annual(year) => {
            let prefix = format!("issued-{}-", year.value);
            let s = annual_summary(ctx, n, year, &prefix, writer)?;
            files.extend(s.files);
            sources.extend(s.sources);
            warnings.extend(s.warnings);
            view.annual = Some(s.view);
        }
    }
    view.title = title_of(ctx, n).unwrap_or_default();
    view.title_lines = balance(&view.title, LINE_EM);
    Ok(Some(view))
}

/// The issued document for the page: a Markdown document in full, the annual summary's text
/// and a link to its page (where its tables and charts are).
pub(super) fn page<W: BodyWriter>(
    ctx: &Context<'_>,
    n: &Notice,
    writer: &W,
    search: &mut super::super::search::SearchText,
) -> Option<PageIssued<W::Body>> {
    let issued = n.issues.as_ref()?;
    let mut view = PageIssued {
        title: title_of(ctx, n).unwrap_or_default(),
        subtitle: None,
        html: None,
        link: None,
    };
    match &issued.content {
        IssuedContent::File(p) => {
            if let Ok(text) = attachment_text(ctx, n, p) {
                // The issued text is found by the site's search, as the notice's own is.
                search.push(crate::markup::text::plain_text(&text));
                view.html = Some(writer.body(&text, Some(Default::default())));
            }
        }
        IssuedContent::Annual(y) => {
            let narrative = ctx.site.corpus.narrative(y.value);
            view.subtitle = narrative.and_then(|s| s.subtitle.clone());
            // The text with its figures, as the summary's own page shows it; the tables and
            // charts of its appendix stay on that page.
            if let (Some(s), Some(m)) = (narrative, ctx.years.of(y.value)) {
                let text = crate::metrics::cite::resolve(&s.body, m);
                search.push(crate::markup::text::plain_text(&text));
                view.html = Some(writer.body(&text, Some(s.numbering)));
            }
            view.link = Some(links::annual(y.value));
        }
    }
    search.push(view.title.clone());
    Some(view)
}
