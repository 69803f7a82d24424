//! The numbers of a chart as an HTML table beside its picture, because a picture is no use to a
//! screen reader, to a greyscale print of thirteen coloured kinds, or to someone who wants the
//! figure itself. The site shows a chart as [`figure_html`]: the SVG in a sideways-scrolling
//! region, then the table in a `<details>` that the print stylesheet opens.

use std::fmt::Write as _;

use super::layout::{clean, name_or, series_name};
use super::svg::num;
use super::{BarChart, HeatMap, LineChart};
use crate::markup::xml::escape;

/// A chart's data: one row per category, one column per series (values as text, ready to lay
/// out; an empty string is "no data").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataTable {
    /// The chart's title, also the table's caption.
    pub caption: String,
    /// Header of the row-label column (e.g. 支部, 月份).
    pub corner: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

impl DataTable {
    fn from_series(
        title: &str,
        corner: &str,
        categories: &[String],
        series: &[super::Series],
        unit: &str,
        total: bool,
    ) -> DataTable {
        let unit = unit.trim();
        let head = |name: String| {
            if unit.is_empty() {
                name
            } else {
                format!("{name}（{unit}）")
            }
        };
        let mut columns: Vec<String> = series
            .iter()
            .enumerate()
            .map(|(i, s)| head(series_name(&s.name, i)))
            .collect();
        let total = total && series.len() > 1;
        if total {
            columns.push(head("合计".to_owned()));
        }
        let rows = categories
            .iter()
            .enumerate()
            .map(|(i, cat)| {
                let values: Vec<Option<f64>> =
                    series.iter().map(|s| clean(s.values.get(i))).collect();
                let mut cells: Vec<String> = values
                    .iter()
                    .map(|v| v.map(num).unwrap_or_default())
                    .collect();
                if total {
                    cells.push(num(values.iter().flatten().sum()));
                }
                (cat.clone(), cells)
            })
            .collect();
        DataTable {
            caption: title.trim().to_owned(),
            corner: corner.to_owned(),
            columns,
            rows,
        }
    }

    /// The table, escaped, inside a focusable scrolling region.
    pub fn to_html(&self) -> String {
        let caption = name_or(&self.caption, "图表");
        let mut out = String::new();
        let _ = write!(
            out,
            "<div class=\"table-wrap scroll-x\" role=\"region\" tabindex=\"0\" \
             aria-label=\"{}数据表\">\n<table class=\"data-table{}\">\n<caption>{}数据表</caption>\n\
             <thead><tr><th scope=\"col\">{}</th>",
            escape(&caption),
            // Four or more columns do not fit a phone beside the labels: the region scrolls.
            if self.columns.len() >= 4 { " wide" } else { "" },
            escape(&caption),
            escape(&self.corner),
        );
        for c in &self.columns {
            let _ = write!(out, "<th scope=\"col\" class=\"num\">{}</th>", escape(c));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (label, cells) in &self.rows {
            let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(label));
            for c in cells {
                let _ = write!(out, "<td class=\"num\">{}</td>", escape(c));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
        out
    }
}

impl BarChart {
    /// The chart as the site shows it, see [`figure_html`]; `corner` heads the label column.
    pub fn to_html(&self, corner: &str) -> String {
        figure_html(&self.to_svg(), &self.table(corner), "")
    }

    /// The chart's numbers; stacked bars get a 合计 column.
    pub fn table(&self, corner: &str) -> DataTable {
        let total = self.stacked;
        DataTable::from_series(
            &self.title,
            corner,
            &self.categories,
            &self.series,
            &self.unit,
            total,
        )
    }
}

impl LineChart {
    /// The chart as the site shows it, see [`figure_html`].
    pub fn to_html(&self, corner: &str) -> String {
        figure_html(&self.to_svg(), &self.table(corner), "")
    }

    /// The chart's numbers.
    pub fn table(&self, corner: &str) -> DataTable {
        DataTable::from_series(
            &self.title,
            corner,
            &self.categories,
            &self.series,
            &self.unit,
            false,
        )
    }
}

impl HeatMap {
    /// The grid as the site shows it, see [`figure_html`].
    pub fn to_html(&self, corner: &str) -> String {
        figure_html(&self.to_svg(), &self.table(corner), "")
    }

    /// Each cell as its state in words and its mark (已完成 ✓), rows × columns as drawn.
    pub fn table(&self, corner: &str) -> DataTable {
        let na = super::HeatCell::default();
        DataTable {
            caption: self.title.trim().to_owned(),
            corner: corner.to_owned(),
            columns: self.columns.clone(),
            rows: self
                .rows
                .iter()
                .enumerate()
                .map(|(r, label)| {
                    let cells = (0..self.columns.len())
                        .map(|c| {
                            let cell = self.cells.get(r).and_then(|cs| cs.get(c)).unwrap_or(&na);
                            cell.state.label().to_owned()
                        })
                        .collect();
                    (label.clone(), cells)
                })
                .collect(),
        }
    }
}

/// A chart as the site shows it: the picture in a region that scrolls sideways on a narrow
/// screen (focusable and named, with a visible cue from the stylesheet), then its numbers in a
/// closed `<details>`. `class` is added to the outer element (e.g. to show it on phones only).
pub fn figure_html(svg: &str, table: &DataTable, class: &str) -> String {
    picture_html(svg, &table.caption, Some(table), class)
}

/// The picture alone in its scrolling region, for a chart whose numbers the page already shows
/// as a table next to it.
pub fn picture_html(svg: &str, title: &str, table: Option<&DataTable>, class: &str) -> String {
    let caption = name_or(title, "图表");
    let class = class
        .split_whitespace()
        .filter(|c| c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::new();
    let _ = write!(
        out,
        "<div class=\"chart-block {class}\">\n<div class=\"chart-scroll scroll-x\" role=\"region\" \
         tabindex=\"0\" aria-label=\"{}（图）\">\n{svg}</div>\n",
        escape(&caption),
    );
    if let Some(t) = table {
        let _ = write!(
            out,
            "<details class=\"chart-data\"><summary>数据表</summary>\n{}</details>\n",
            t.to_html()
        );
    }
    out.push_str("</div>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{BarChart, CellState, HeatCell, HeatMap, Series};
    use super::*;

    fn series(name: &str, values: &[f64]) -> Series {
        Series {
            name: name.to_owned(),
            values: values.to_vec(),
            colour: None,
        }
    }

    #[test]
    fn a_stacked_chart_gives_its_numbers_with_unit_and_total() {
        let c = BarChart {
            title: "各支部活动".into(),
            categories: vec!["一支部".into(), "二支部".into()],
            series: vec![series("党课", &[4.0, 2.5]), series("主题党日", &[12.0])],
            stacked: true,
            unit: "次".into(),
            ..Default::default()
        };
        let t = c.table("支部");
        assert_eq!(t.columns, ["党课（次）", "主题党日（次）", "合计（次）"]);
        assert_eq!(
            t.rows,
            [
                (
                    "一支部".to_owned(),
                    vec!["4".into(), "12".into(), "16".into()]
                ),
                // No value is an empty cell, not a zero.
                (
                    "二支部".to_owned(),
                    vec!["2.5".into(), String::new(), "2.5".into()]
                ),
            ]
        );
        let html = t.to_html();
        assert!(
            html.contains("<caption>各支部活动数据表</caption>"),
            "{html}"
        );
        assert!(html.contains("table class=\"data-table\""), "{html}");
    }

    #[test]
    fn record_text_in_a_table_is_escaped() {
        let c = BarChart {
            title: "<script>alert(1)</script>".into(),
            categories: vec!["A&B \"支部\"".into()],
            series: vec![series("<i>", &[1.0])],
            ..Default::default()
        };
        let html = c.to_html("<b>");
        for raw in ["<script>", "<i>", "<b>", "A&B", "\"支部\""] {
            assert!(!html.contains(raw), "{raw} unescaped in {html}");
        }
        assert!(html.contains("A&amp;B &quot;支部&quot;"));
        assert!(html.contains("aria-label=\"&lt;script&gt;alert(1)&lt;/script&gt;（图）\""));
    }

    #[test]
    fn a_grid_gives_each_cell_in_words_and_a_class_stays_a_class() {
        let m = HeatMap {
            title: "落实".into(),
            rows: vec!["一支部".into()],
            columns: vec!["1月".into(), "2月".into(), "3月".into(), "4月".into()],
            cells: vec![vec![
                HeatCell {
                    state: CellState::Met,
                    ..Default::default()
                },
                HeatCell {
                    state: CellState::Missed,
                    ..Default::default()
                },
            ]],
            width: 0.0,
        };
        let t = m.table("支部");
        assert_eq!(t.rows[0].1, ["已完成", "未完成", "不适用", "不适用"]);
        // Four columns or more: marked wide, for the phone's scrolling cue.
        assert!(t.to_html().contains("table class=\"data-table wide\""));
        let html = figure_html(&m.to_svg(), &t, "matrix-quarter x\" onload=alert(1)");
        assert!(
            html.starts_with("<div class=\"chart-block matrix-quarter\">"),
            "{html}"
        );
        assert!(!html.contains("onload"));
    }
}
