//! A notice record → `notices/<year>-<n>.pdf`: the view prepared by
//! [`crate::present::notice`], laid out by `notice.typ` (文件格式 and 信函格式, GB/T 9704).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Document, Image, TypstBody};
use crate::content::Notice;
use crate::diagnostics::{Code, Diagnostic};
use crate::present::Context;
use crate::present::notice::NoticeView;

#[derive(Serialize)]
struct NoticeData<'a> {
    #[serde(flatten)]
    view: NoticeView<Vec<String>>,
    fonts: BTreeMap<&'static str, &'a [String]>,
}

pub(super) fn document(ctx: &Context<'_>, n: &Notice) -> Result<Document, Vec<Diagnostic>> {
    let doc = crate::present::notice::document(ctx, n, &TypstBody).map_err(|d| vec![d])?;
    let images = match (&doc.view.seal, doc.seal_source) {
        (Some(name), Some(source)) => vec![Image {
            name: name.clone(),
            source,
        }],
        _ => Vec::new(),
    };
    let data = NoticeData {
        view: doc.view,
        fonts: super::font_lists(&ctx.site.config),
    };
    let json = serde_json::to_vec_pretty(&data).map_err(|e| {
        vec![Diagnostic::new(
            Code::Output,
            &n.file,
            crate::diagnostics::Pos::FILE,
            format!("无法生成 PDF 数据：{e}"),
        )]
    })?;
    Ok(Document {
        kind: super::Kind::Notices,
        record: n.file.clone(),
        output: doc.output,
        template: "notice.typ",
        data: json,
        images,
        files: doc.files,
        timestamp: super::timestamp(Some(n.date.value)),
        sources: doc.sources,
        warnings: doc.warnings,
    })
}
