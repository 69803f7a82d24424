//! The frame bar and line charts share: title, legend, unit caption, value axis with grid,
//! category labels. It is laid out completely before anything is written, because the root
//! element carries the final size.

use super::layout::{
    CategoryLabels, DASHES, LABEL_SIZE, LegendItem, MID, PAD, SMALL_SIZE, Ticks, draw_title,
    flow_legend, legend_label, size_or, title_bottom,
};
use super::svg::{AXIS, Anchor, GRID, INK_SOFT, Rect, Svg, TextStyle, num};
use super::text_width;

/// How legend swatches look.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swatch {
    Block,
    Line,
}

/// What the frame needs to know about a chart.
pub(crate) struct Spec<'a> {
    pub title: &'a str,
    pub categories: &'a [String],
    /// Legend labels; no legend for fewer than two.
    pub series: Vec<String>,
    /// One colour per series, for the legend swatches.
    pub colours: Vec<String>,
    pub swatch: Swatch,
    pub unit: &'a str,
    pub width: f64,
    pub height: f64,
    /// The data range (the axis always includes 0).
    pub lo: f64,
    pub hi: f64,
    pub integers: bool,
}

pub(crate) struct Frame {
    pub width: f64,
    pub height: f64,
    title: String,
    legend: Vec<(String, f64, f64)>,
    colours: Vec<String>,
    swatch: Swatch,
    legend_top: f64,
    unit_y: Option<f64>,
    unit: String,
    /// Plot box.
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub ticks: Ticks,
    pub slot: f64,
    labels: CategoryLabels,
    labels_y: f64,
}

/// Room above the plot for the top tick label and value labels of the tallest marks.
const HEADROOM: f64 = SMALL_SIZE + 6.0;
/// Below this the plot grows the chart instead of shrinking: long labels, titles and legends
/// must not squash the bars into slivers.
const MIN_PLOT_H: f64 = 120.0;

impl Frame {
    pub(crate) fn layout(spec: &Spec) -> Frame {
        let width = size_or(spec.width, 640.0, 240.0);
        let mut height = size_or(spec.height, 320.0, 160.0);
        let inner = width - 2.0 * PAD;

        let mut top = title_bottom(spec.title, width);
        let legend_top = top;
        let mut legend = Vec::new();
        if spec.series.len() > 1 {
            let items: Vec<LegendItem> = spec
                .series
                .iter()
                .map(|s| LegendItem { label: s.clone() })
                .collect();
            let (pos, h) = flow_legend(&items, inner, SMALL_SIZE);
            legend = spec
                .series
                .iter()
                .zip(pos)
                .map(|(s, (x, y))| (s.clone(), x, y))
                .collect();
            top += h + 4.0;
        }
        let unit = spec.unit.trim().to_string();
        let unit_y = if unit.is_empty() {
            None
        } else {
            top += SMALL_SIZE * 1.4;
            Some(top - SMALL_SIZE * 0.4)
        };
        top += HEADROOM;

        let below_pad = if spec.lo < 0.0 { SMALL_SIZE + 6.0 } else { 0.0 };
        let estimate = height - top - PAD - below_pad - LABEL_SIZE * 2.0;
        let target = (estimate / 40.0).clamp(2.0, 8.0) as usize;
        let ticks = Ticks::nice(spec.lo, spec.hi, target, spec.integers);
        let tick_w = ticks
            .values
            .iter()
            .map(|&t| text_width(&num(t), SMALL_SIZE))
            .fold(0.0, f64::max);

        let n = spec.categories.len().max(1) as f64;
        let right = width - PAD;
        let mut left = PAD + tick_w + 6.0;
        let max_depth = (height * 0.4).max(LABEL_SIZE * 4.0);
        let mut slot = ((right - left) / n).max(1e-3);
        let mut labels = CategoryLabels::fit(spec.categories, slot, LABEL_SIZE, max_depth);
        // Rotated labels hang down-left; make room for the first one at the left edge.
        for _ in 0..3 {
            if PAD + labels.overhang <= left + 0.5 {
                break;
            }
            left = left.max(PAD + labels.overhang);
            slot = ((right - left) / n).max(1e-3);
            labels = CategoryLabels::fit(spec.categories, slot, LABEL_SIZE, max_depth);
        }

        let mut bottom = height - PAD - labels.depth - below_pad;
        if bottom - top < MIN_PLOT_H {
            height += MIN_PLOT_H - (bottom - top);
            bottom = top + MIN_PLOT_H;
        }
        Frame {
            width,
            height,
            title: spec.title.to_string(),
            legend,
            colours: spec.colours.clone(),
            swatch: spec.swatch,
            legend_top,
            unit_y,
            unit,
            left,
            right,
            top,
            bottom,
            ticks,
            slot,
            labels,
            labels_y: bottom + below_pad,
        }
    }

    /// The y of value `v`.
    pub(crate) fn y(&self, v: f64) -> f64 {
        let span = self.ticks.max - self.ticks.min;
        self.bottom - (v - self.ticks.min) / span * (self.bottom - self.top)
    }

    /// The x of category `i`'s centre.
    pub(crate) fn centre(&self, i: usize) -> f64 {
        self.left + self.slot * (i as f64 + 0.5)
    }

    /// Everything under the marks: title, legend, unit, grid, tick and category labels.
    pub(crate) fn draw_under(&self, svg: &mut Svg) {
        draw_title(svg, &self.title, self.width);
        for (i, (label, x, y)) in self.legend.iter().enumerate() {
            let (x, y) = (PAD + x, self.legend_top + y);
            let s = SMALL_SIZE;
            match self.swatch {
                Swatch::Block => svg.rect(
                    Rect {
                        x,
                        y: y + 0.5,
                        w: s,
                        h: s - 1.0,
                    },
                    &self.colours[i],
                    " rx=\"1.5\"",
                    "",
                ),
                Swatch::Line => {
                    let dash = dash_attr(i);
                    let extra = format!(" stroke-width=\"2\"{dash}");
                    svg.line(
                        x - 1.0,
                        y + s * 0.5,
                        x + s + 1.0,
                        y + s * 0.5,
                        &self.colours[i],
                        &extra,
                    );
                    svg.circle(x + s * 0.5, y + s * 0.5, 2.5, &self.colours[i], "", "");
                }
            }
            legend_label(svg, x, y, s, label);
        }
        if let Some(y) = self.unit_y {
            let mut style = TextStyle::new(SMALL_SIZE, INK_SOFT, Anchor::Start);
            style.class = Some("dj-unit");
            svg.text(PAD, y, style, &format!("单位：{}", self.unit));
        }
        let mut style = TextStyle::new(SMALL_SIZE, INK_SOFT, Anchor::End);
        style.class = Some("dj-tick");
        for &t in &self.ticks.values {
            let y = self.y(t);
            if t != 0.0 {
                svg.line(self.left, y, self.right, y, GRID, "");
            }
            svg.text(self.left - 6.0, y + SMALL_SIZE * MID, style, &num(t));
        }
        self.labels
            .draw_below(svg, self.labels_y, LABEL_SIZE, |i| self.centre(i), "dj-cat");
    }

    /// The zero line, drawn over the marks so that it stays visible.
    pub(crate) fn draw_over(&self, svg: &mut Svg) {
        let y = self.y(0.0);
        svg.line(self.left, y, self.right, y, AXIS, "");
    }
}

/// The `stroke-dasharray` attribute of series `i`'s line, if dashed.
pub(crate) fn dash_attr(i: usize) -> String {
    let d = DASHES[i % DASHES.len()];
    if d.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{d}\"")
    }
}
