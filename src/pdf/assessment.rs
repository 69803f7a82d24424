//! The assessment table (考核评分表) of one checklist for one year,
//! `checklists/<id>-<year>.pdf`: the table of [`crate::present::checklist`] with its scores,
//! laid out by `assessment.typ`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Document;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::metrics::{ChecklistScore, Metrics};
use crate::present::checklist::{Table, table};
use crate::present::title::{LINE_EM, balance};
use crate::present::{Context, links};

#[derive(Serialize)]
struct AssessmentData<'a> {
    organisation: &'a str,
    title: &'a str,
    title_lines: Vec<String>,
    year: i32,
    /// Landscape A4: the checklist's `landscape`.
    landscape: bool,
    checklist: Table,
    fonts: BTreeMap<&'static str, &'a [String]>,
}

/// `checklists/<id>-<year>.pdf`.
pub(super) fn document(
    ctx: &Context<'_>,
    m: &Metrics,
    c: &ChecklistScore,
) -> Result<Document, Diagnostic> {
    let site = ctx.site;
    let Some(checklist) = site.corpus.checklist(&c.id) else {
        return Err(Diagnostic::general(
            Code::UnknownReference,
            format!("未知的清单 `{}`", c.id),
        ));
    };
    let file = checklist.file.clone();
    let data = AssessmentData {
        organisation: &site.config.organisation.name,
        title: &c.title,
        title_lines: balance(&c.title, LINE_EM),
        year: m.year,
        landscape: checklist.landscape,
        checklist: table(c, checklist),
        fonts: super::font_lists(&site.config),
    };
    let json = serde_json::to_vec_pretty(&data).map_err(|e| {
        Diagnostic::new(
            Code::Output,
            &file,
            Pos::FILE,
            format!("无法生成 PDF 数据：{e}"),
        )
    })?;
    Ok(Document {
        kind: super::Kind::Checklists,
        record: file.clone(),
        output: links::checklist_pdf(&c.id, m.year),
        template: "assessment.typ",
        data: json,
        images: Vec::new(),
        files: Vec::new(),
        timestamp: super::timestamp(chrono::NaiveDate::from_ymd_opt(m.year, 12, 31)),
        // The notes of rule-judged items name branches.
        sources: [file, crate::layout::CONFIG_FILE.to_owned()]
            .into_iter()
            .chain(site.corpus.branches.iter().map(|b| b.file.clone()))
            .collect(),
        warnings: Vec::new(),
    })
}
