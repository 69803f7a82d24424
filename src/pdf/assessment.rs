//! The assessment table (考核评分表) of one checklist for one year → the data
//! `assessment.typ` reads: categories, groups and items with their points and responsible
//! departments, as in the notice's attachment table, plus each item's score (computed from
//! the records or entered by hand), the evidence note, and the totals per category and
//! overall — all from the metrics engine, so that the printed totals are its totals.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Document;
use super::notice::font_lists;
use super::title::{LINE_EM, balance};
use crate::Site;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::metrics::{ChecklistScore, Metrics, ScoreSource};
use crate::validate::fmt_num;

#[derive(Serialize)]
struct AssessmentData<'a> {
    organisation: &'a str,
    title: &'a str,
    title_lines: Vec<String>,
    year: i32,
    checklist: TableData,
    fonts: BTreeMap<&'static str, &'a [String]>,
}

#[derive(Serialize)]
struct TableData {
    points: String,
    score: String,
    unscored: u32,
    categories: Vec<CategoryData>,
}

#[derive(Serialize)]
struct CategoryData {
    name: String,
    points: String,
    score: String,
    rows: usize,
    groups: Vec<GroupData>,
}

#[derive(Serialize)]
struct GroupData {
    name: String,
    points: String,
    score: String,
    rows: usize,
    items: Vec<ItemData>,
}

#[derive(Serialize)]
struct ItemData {
    text: String,
    points: String,
    departments: Vec<String>,
    /// "—" when the item has neither a rule nor a manual score this year.
    score: String,
    /// computed, manual or unscored.
    source: &'static str,
    note: String,
}

fn table(c: &ChecklistScore) -> TableData {
    TableData {
        points: fmt_num(c.points),
        score: fmt_num(c.score),
        unscored: c.unscored,
        categories: c
            .categories
            .iter()
            .filter(|cat| cat.rows > 0)
            .map(|cat| CategoryData {
                name: cat.name.clone(),
                points: fmt_num(cat.points),
                score: fmt_num(cat.score),
                rows: cat.rows,
                groups: cat
                    .groups
                    .iter()
                    .filter(|g| g.rows > 0)
                    .map(|g| GroupData {
                        name: g.name.clone(),
                        points: fmt_num(g.points),
                        score: fmt_num(g.score),
                        rows: g.rows,
                        items: g
                            .items
                            .iter()
                            .map(|i| ItemData {
                                text: i.text.clone(),
                                points: fmt_num(i.points),
                                departments: i.departments.clone(),
                                score: match i.source {
                                    ScoreSource::Unscored => "—".into(),
                                    _ => fmt_num(i.score),
                                },
                                source: match i.source {
                                    ScoreSource::Computed => "computed",
                                    ScoreSource::Manual => "manual",
                                    ScoreSource::Unscored => "unscored",
                                },
                                note: i.note.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// `checklists/<id>-<year>.pdf`.
pub fn document(site: &Site, m: &Metrics, c: &ChecklistScore) -> Result<Document, Diagnostic> {
    let file = site.corpus.checklist(&c.id).map_or_else(
        || format!("content/checklists/{}.toml", c.id),
        |x| x.file.clone(),
    );
    let data = AssessmentData {
        organisation: &site.config.organisation.name,
        title: &c.title,
        title_lines: balance(&c.title, LINE_EM),
        year: m.year,
        checklist: table(c),
        fonts: font_lists(site),
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
        output: format!("checklists/{}-{}.pdf", c.id, m.year),
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
