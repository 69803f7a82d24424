//! A checklist's scores of one year: for each item scored by hand, the score and its evidence
//! (`[scores.<year>]`, `a2 = { score = 2, evidence = "…" }`). Items judged from the records
//! (`rule = …`) are shown with their rule and not typed. The checklist's structure stays the
//! 党建办's to design in the file.

use toml_edit::{InlineTable, Value};

use super::document::Document;
use super::html::esc;
use super::html::form::Messages;
use super::schema::Input;
use super::values::{FormValues, scalar_value};
use crate::content::Checklist;

/// The year the form edits: asked for, else the checklist's latest scored year, else its own.
pub(crate) fn year_of(values: &FormValues, checklist: &Checklist, fallback: i32) -> i32 {
    values
        .get("_year")
        .trim()
        .parse()
        .ok()
        .or_else(|| checklist.scores.iter().map(|s| s.year).max())
        .or(checklist.year)
        .unwrap_or(fallback)
}

fn key(year: i32, item: &str) -> String {
    format!("scores.{year}.{item}")
}

/// The form's values for `year` as the file has them.
pub(crate) fn read(doc: &Document, checklist: &Checklist, year: i32) -> FormValues {
    let mut v = FormValues::default();
    v.set("_year", year.to_string());
    for item in checklist
        .categories
        .iter()
        .flat_map(|c| &c.groups)
        .flat_map(|g| &g.items)
    {
        let id = &item.id.value;
        let Some(entry) = doc.get(&key(year, id)) else {
            continue;
        };
        if let Some(score) = entry.get("score") {
            v.set(format!("{id}.score"), score.to_string().trim());
        }
        if let Some(e) = entry.get("evidence").and_then(|e| e.as_str()) {
            v.set(format!("{id}.evidence"), e);
        }
    }
    v
}

/// Writes the scores of `year` into `doc`; an item left blank loses its entry.
pub(crate) fn apply(values: &FormValues, doc: &mut Document, checklist: &Checklist, year: i32) {
    for item in checklist
        .categories
        .iter()
        .flat_map(|c| &c.groups)
        .flat_map(|g| &g.items)
    {
        if item.rule.is_some() {
            continue;
        }
        let id = &item.id.value;
        let score = scalar_value(Input::Number, values.get(&format!("{id}.score")));
        let evidence = values.get(&format!("{id}.evidence")).trim().to_owned();
        match (score, evidence.is_empty()) {
            (None, true) => doc.remove(&key(year, id)),
            (score, _) => {
                let mut t = InlineTable::new();
                if let Some(s) = score {
                    t.insert("score", s);
                }
                if !evidence.is_empty() {
                    t.insert("evidence", Value::from(evidence));
                }
                doc.set(&key(year, id), Value::InlineTable(t));
            }
        }
    }
}

/// The score table.
pub(crate) fn form(
    checklist: &Checklist,
    path: &str,
    version: &str,
    year: i32,
    values: &FormValues,
    messages: &Messages,
    csrf: &str,
) -> String {
    let mut s = format!(
        "<form class=\"filters\" method=\"get\" action=\"/_/edit\"><input type=\"hidden\" name=\"path\" value=\"{}\">\
<div class=\"field\"><label for=\"f-year\">年度</label><input type=\"text\" inputmode=\"numeric\" id=\"f-year\" name=\"_year\" value=\"{year}\"></div>\
<button type=\"submit\">换年度</button></form>",
        esc(path)
    );
    s.push_str(&format!(
        "<form class=\"record\" method=\"post\" action=\"/_/save\" novalidate>\
<input type=\"hidden\" name=\"_kind\" value=\"checklist\"><input type=\"hidden\" name=\"_path\" value=\"{}\">\
<input type=\"hidden\" name=\"_version\" value=\"{}\"><input type=\"hidden\" name=\"_csrf\" value=\"{}\">\
<input type=\"hidden\" name=\"_year\" value=\"{year}\"><div class=\"wide scroll\"><table class=\"list\">\
<thead><tr><th scope=\"col\">条目</th><th scope=\"col\">分值</th><th scope=\"col\">得分</th><th scope=\"col\">佐证材料</th></tr></thead><tbody>",
        esc(path),
        esc(version),
        esc(csrf)
    ));
    for c in &checklist.categories {
        s.push_str(&format!(
            "<tr><th colspan=\"4\" scope=\"rowgroup\">{}</th></tr>",
            esc(&c.name)
        ));
        for g in &c.groups {
            for item in &g.items {
                let id = &item.id.value;
                let msgs: String = messages
                    .fields
                    .get(&key(year, id))
                    .into_iter()
                    .flatten()
                    .map(|m| format!("<p class=\"error\">{}</p>", esc(&m.text)))
                    .collect();
                let points = crate::format::number(item.points);
                let (score, evidence) = if item.rule.is_some() {
                    (
                        "<span class=\"hint\">按记录自动评分</span>".to_owned(),
                        String::new(),
                    )
                } else {
                    (
                        format!(
                            "<input type=\"text\" inputmode=\"decimal\" name=\"{id}.score\" value=\"{}\" aria-label=\"{} 得分\">{msgs}",
                            esc(values.get(&format!("{id}.score"))),
                            esc(id)
                        ),
                        format!(
                            "<input type=\"text\" name=\"{id}.evidence\" value=\"{}\" aria-label=\"{} 佐证材料\">",
                            esc(values.get(&format!("{id}.evidence"))),
                            esc(id)
                        ),
                    )
                };
                s.push_str(&format!(
                    "<tr><td>{}　{}</td><td>{points}</td><td>{score}</td><td>{evidence}</td></tr>",
                    esc(id),
                    esc(&item.text)
                ));
            }
        }
    }
    s.push_str("</tbody></table></div><div class=\"actions\"><button class=\"primary\" type=\"submit\">保存得分</button>");
    s.push_str(&format!(
        "<a class=\"button\" href=\"/_/history?path={}\">修改历史</a></div></form>",
        esc(&super::html::form::url_component(path))
    ));
    s
}
