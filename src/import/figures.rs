//! A sheet of annual figures (年度数据: 年度, 项目, 数值, 单位, 分类) read into the
//! `[[figures]]` of `content/annual/<year>.toml`, added with toml_edit so that the file's
//! comments and order stay as the officer wrote them.

use super::Place;
use super::columns::{Columns, Field};
use super::sheets::{Cell, Table};
use crate::Site;
use crate::diagnostics::Diagnostics;

pub(crate) const FIELDS: &[Field] = &[
    field("year", "年度", &["年度", "年份", "年"], true),
    field(
        "label",
        "项目",
        &["项目", "指标", "名称", "数据项", "项目名称", "指标名称"],
        true,
    ),
    field(
        "value",
        "数值",
        &["数值", "数量", "数据", "值", "完成数"],
        true,
    ),
    field("unit", "单位", &["单位", "计量单位"], false),
    field(
        "group",
        "分类",
        &["分类", "类别", "板块", "所属板块"],
        false,
    ),
    field("id", "标识", &["标识", "编号", "id"], false),
];

const fn field(
    key: &'static str,
    name: &'static str,
    headers: &'static [&'static str],
    required: bool,
) -> Field {
    Field {
        key,
        name,
        headers,
        required,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FigureRow {
    pub row: u32,
    pub year: i32,
    pub id: Option<String>,
    pub label: String,
    pub value: f64,
    pub unit: Option<String>,
    pub group: Option<String>,
}

/// What becomes of a row: already in the file with this value, or to be added.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    Present,
    Add,
}

pub(crate) fn read(table: &Table, cols: &Columns, place: &Place) -> (Vec<FigureRow>, Diagnostics) {
    super::read_rows(table, cols, place, |number, cells, bad| {
        let text = |key: &str| cols.get(key, cells).map(Cell::text);
        let year = match cols.get("year", cells) {
            None => {
                bad("year", "“年度”为空".to_owned());
                None
            }
            Some(c) => {
                let t = c.text();
                match t.trim_end_matches('年').trim().parse::<i32>() {
                    Ok(y) if (1921..=2200).contains(&y) => Some(y),
                    _ => {
                        bad("year", format!("“{t}”不是年度；应写作 2024"));
                        None
                    }
                }
            }
        };
        let label = text("label");
        if label.is_none() {
            bad("label", "“项目”为空".to_owned());
        }
        let value = match cols.get("value", cells) {
            None => {
                bad("value", "“数值”为空".to_owned());
                None
            }
            Some(Cell::Number(n)) => Some(*n),
            Some(c) => {
                let t = c.text();
                let digits = t.trim_end_matches(|ch: char| !ch.is_ascii_digit()).trim();
                match digits.parse::<f64>() {
                    Ok(n) if n.is_finite() => Some(n),
                    _ => {
                        bad("value", format!("“{t}”不是数值；应为数字，如 12 或 95.5"));
                        None
                    }
                }
            }
        };
        let (Some(year), Some(label), Some(value)) = (year, label, value) else {
            return None;
        };
        Some(FigureRow {
            row: number,
            year,
            id: text("id"),
            label,
            value,
            unit: text("unit"),
            group: text("group"),
        })
    })
}

/// Whether `row` is already among the year's figures (by its id, or else its label), and the
/// error when it is there with another value: an import never overwrites a figure.
pub(crate) fn outcome(site: &Site, row: &FigureRow) -> Result<Outcome, String> {
    let Some(data) = site.corpus.annual.iter().find(|a| a.year == row.year) else {
        return Ok(Outcome::Add);
    };
    let same = data.figures.iter().find(|f| match &row.id {
        Some(id) => f.id.value == *id,
        None => f.label == row.label,
    });
    match same {
        None => Ok(Outcome::Add),
        Some(f) if (f.value - row.value).abs() < 1e-9 => Ok(Outcome::Present),
        Some(f) => Err(format!(
            "{} 中“{}”已是 {}，表中是 {}；导入不会改动已有的数字，请核对后在文件中修改",
            data.file,
            f.label,
            Cell::Number(f.value).text(),
            Cell::Number(row.value).text()
        )),
    }
}

/// The text of `content/annual/<year>.toml` with `rows` appended as `[[figures]]`; `old` is
/// the file's text when it exists. A row without an id gets `imported_<n>`, the first free n.
pub(crate) fn with_figures(
    year: i32,
    old: Option<&str>,
    rows: &[&FigureRow],
) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = old
        .unwrap_or_default()
        .parse()
        .map_err(|e| format!("content/annual/{year}.toml 不是有效的 TOML：{e}"))?;
    let mut taken: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    if let Some(list) = doc.get("figures").and_then(|f| f.as_array_of_tables()) {
        for t in list {
            if let Some(id) = t.get("id").and_then(|v| v.as_str()) {
                taken.insert(id.to_owned());
            }
        }
    }
    let mut tables = Vec::new();
    let mut next = 1;
    for row in rows {
        let id = match &row.id {
            Some(id) => id.clone(),
            None => {
                while taken.contains(&format!("imported_{next}")) {
                    next += 1;
                }
                format!("imported_{next}")
            }
        };
        taken.insert(id.clone());
        let mut t = toml_edit::Table::new();
        t.insert("id", toml_edit::value(id));
        t.insert("label", toml_edit::value(row.label.clone()));
        t.insert(
            "unit",
            toml_edit::value(row.unit.clone().unwrap_or_default()),
        );
        t.insert(
            "group",
            toml_edit::value(row.group.clone().unwrap_or_default()),
        );
        if row.value.fract() == 0.0 && row.value.abs() < 1e15 {
            t.insert("value", toml_edit::value(row.value as i64));
        } else {
            t.insert("value", toml_edit::value(row.value));
        }
        tables.push(t);
    }
    super::append_tables(&mut doc, "figures", tables)
        .map_err(|e| format!("content/annual/{year}.toml 中的 {e}"))?;
    let text = doc.to_string();
    Ok(match old {
        Some(_) => text,
        None => format!(
            "# {year}年度党建工作数据（由 dangjian import figures 建立）\n{}",
            text
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, value: f64, id: Option<&str>) -> FigureRow {
        FigureRow {
            row: 2,
            year: 2024,
            id: id.map(str::to_owned),
            label: label.to_owned(),
            value,
            unit: Some("次".to_owned()),
            group: Some("思想建设".to_owned()),
        }
    }

    #[test]
    fn figures_are_appended_keeping_comments() {
        let old = "# 2024年度数据\n\n[[figures]]\nid = \"imported_1\"  # 手写的注释\nlabel = \"甲\"\nunit = \"个\"\ngroup = \"组织建设\"\nvalue = 1\n";
        let (a, b) = (row("乙", 12.0, None), row("丙", 95.5, Some("bing")));
        let text = with_figures(2024, Some(old), &[&a, &b]).expect("edits");
        assert!(text.starts_with(old), "{text}");
        let with_targets = format!("{old}\n[[targets]]\nid = \"t\"\n");
        let text2 = with_figures(2024, Some(&with_targets), &[&a]).expect("edits");
        let (fig, target) = (text2.find("label = \"乙\""), text2.find("[[targets]]"));
        assert!(fig < target, "{text2}");
        assert!(text.contains("id = \"imported_2\"\nlabel = \"乙\"\nunit = \"次\"\ngroup = \"思想建设\"\nvalue = 12\n"), "{text}");
        assert!(
            text.contains("id = \"bing\"") && text.contains("value = 95.5"),
            "{text}"
        );
    }
}
