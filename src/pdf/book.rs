//! The branch record book (党支部工作记录本), `books/<branch>-<year>.pdf`: the view prepared
//! by [`crate::present::book`], laid out by `book.typ`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Document, TypstBody};
use crate::content::Branch;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::metrics::Metrics;
use crate::present::Context;
use crate::present::book::BookView;

#[derive(Serialize)]
struct BookData<'a> {
    #[serde(flatten)]
    view: BookView<'a, Vec<String>>,
    fonts: BTreeMap<&'static str, &'a [String]>,
}

pub(super) fn document<'a>(
    ctx: &Context<'a>,
    b: &'a Branch,
    m: &'a Metrics,
) -> Result<Document, Diagnostic> {
    let doc = crate::present::book::document(ctx, b, m, &TypstBody)?;
    let data = BookData {
        view: doc.view,
        fonts: super::font_lists(&ctx.site.config),
    };
    let json = serde_json::to_vec_pretty(&data).map_err(|e| {
        Diagnostic::new(
            Code::Output,
            &b.file,
            Pos::FILE,
            format!("无法生成 PDF 数据：{e}"),
        )
    })?;
    Ok(Document {
        kind: super::Kind::Books,
        record: b.file.clone(),
        output: doc.output,
        template: "book.typ",
        data: json,
        images: doc
            .images
            .into_iter()
            .map(|(name, source)| super::Image { name, source })
            .collect(),
        files: Vec::new(),
        timestamp: super::timestamp(doc.last),
        sources: doc.sources,
        warnings: doc.warnings,
    })
}
