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
