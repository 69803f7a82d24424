//! The annual work summary (年度党建工作总结) of a year, `annual/<year>.pdf`: the summary
//! prepared by [`crate::present::annual`], laid out by `annual.typ`. The same summary is
//! printed after a notice that issues it (`summary.typ`).

use serde::Serialize;

use super::{Document, TypstBody};
use crate::content::Narrative;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::present::annual::{SummaryView, summary};
use crate::present::{Context, links};

#[derive(Serialize)]
struct AnnualDoc<'a> {
    organisation: &'a str,
    summary: SummaryView<Vec<String>>,
    fonts: std::collections::BTreeMap<&'static str, &'a [String]>,
}

pub(super) fn document(ctx: &Context<'_>, n: &Narrative) -> Result<Document, Vec<Diagnostic>> {
    let s = summary(ctx, n, "chart-", &TypstBody)?;
    let data = AnnualDoc {
        organisation: &ctx.site.config.organisation.name,
        summary: s.view,
        fonts: super::font_lists(&ctx.site.config),
    };
    let json = serde_json::to_vec_pretty(&data).map_err(|e| {
        vec![Diagnostic::new(
            Code::Output,
            &n.file,
            Pos::FILE,
            format!("无法生成 PDF 数据：{e}"),
        )]
    })?;
    let day = n
        .date
        .filter(|d| chrono::Datelike::year(d) == n.year)
        .or_else(|| chrono::NaiveDate::from_ymd_opt(n.year, 12, 31));
    Ok(Document {
        kind: super::Kind::Annual,
        record: n.file.clone(),
        output: links::annual_pdf(n.year),
        template: "annual.typ",
        data: json,
        images: Vec::new(),
        files: s.files,
        timestamp: super::timestamp(day),
        sources: s.sources,
        warnings: s.warnings,
    })
}
