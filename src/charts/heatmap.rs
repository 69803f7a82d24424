//! The compliance grid: rows (branches) × columns (periods), one coloured cell each.

use super::layout::{
    CategoryLabels, LABEL_SIZE, LegendItem, MID, PAD, SMALL_SIZE, draw_title, empty_svg,
    flow_legend, legend_label, name_or, size_or, title_bottom, truncate,
};
use super::svg::{Anchor, IdHasher, Rect, Svg, TextStyle};
use super::{CellState, HeatCell, HeatMap, text_width};

const KIND: &str = "heatmap";
const CELL_H: f64 = 24.0;
const MIN_CELL_W: f64 = 14.0;
/// Gap between the row labels and the grid.
const LABEL_GAP: f64 = 10.0;

/// Fill, text colour and extra attributes of a state. Text colours meet WCAG AA on their fill.
fn look(state: CellState) -> (&'static str, &'static str, &'static str) {
    match state {
        CellState::Met => ("#2e7d32", "#ffffff", ""),
        CellState::Missed => ("#c8102e", "#ffffff", ""),
        CellState::Due => ("#f9a825", "#212121", ""),
        CellState::Future => ("#eeeeee", "#555555", ""),
        // White like the page, told apart by a dashed border; the stroke is inset by half its
        // width so it is not clipped by neighbours.
        CellState::NotApplicable => (
            "#ffffff",
            "#555555",
            " stroke=\"#9e9e9e\" stroke-width=\"1\" stroke-dasharray=\"3 2\"",
        ),
    }
}

pub(crate) fn render(m: &HeatMap) -> String {
    let mut width = size_or(m.width, 720.0, 240.0);
    let id = id(m);
    let name = name_or(&m.title, "完成情况热力图");
    let desc = describe(m);
    if m.rows.is_empty() || m.columns.is_empty() {
        return empty_svg(&id, KIND, &name, &m.title, &desc, width, 160.0);
    }
    let ncols = m.columns.len() as f64;

    // Row labels: as wide as the longest, but never more than 40 % of the width.
    let longest = m
        .rows
        .iter()
        .map(|r| text_width(r, LABEL_SIZE))
        .fold(0.0, f64::max);
    let label_w = longest.min(width * 0.4);
    let row_labels: Vec<String> = m
        .rows
        .iter()
        .map(|r| truncate(r, LABEL_SIZE, label_w))
        .collect();
    let grid_left = PAD + label_w + LABEL_GAP;

    // Columns: share what is left; rotated headers may reach past the last column.
    let mut overhang = 0.0;
    let mut cell_w;
    let mut header;
    loop {
        cell_w = (width - PAD - overhang - grid_left) / ncols;
        if cell_w < MIN_CELL_W {
            cell_w = MIN_CELL_W;
            width = grid_left + cell_w * ncols + overhang + PAD;
        }
        header = CategoryLabels::fit(&m.columns, cell_w, SMALL_SIZE, 120.0);
        if header.overhang <= overhang + 0.5 {
            break;
        }
        overhang = header.overhang;
    }

    let mut top = title_bottom(&m.title, width);
    let legend_items: Vec<LegendItem> = CellState::ALL
        .iter()
        .map(|s| LegendItem {
            label: s.label().to_string(),
        })
        .collect();
    let (legend_pos, legend_h) = flow_legend(&legend_items, width - 2.0 * PAD, SMALL_SIZE);
    let legend_top = top;
    top += legend_h + 6.0;
    let grid_top = top + header.depth;
    let height = grid_top + m.rows.len() as f64 * CELL_H + PAD;

    let mut svg = Svg::new(&id, KIND, width, height, &name, &desc);
    draw_title(&mut svg, &m.title, width);
    for (state, (x, y)) in CellState::ALL.iter().zip(legend_pos) {
        let (x, y) = (PAD + x, legend_top + y);
        let (fill, _, mut extra) = look(*state);
        // A lone light-grey square would vanish on white; cells have neighbours to show them.
        if *state == CellState::Future {
            extra = " stroke=\"#d0d0d0\" stroke-width=\"0.5\"";
        }
        let r = Rect {
            x: x + 0.5,
            y: y + 1.0,
            w: SMALL_SIZE - 1.0,
            h: SMALL_SIZE - 1.0,
        };
        svg.rect(r, fill, &format!("{extra} rx=\"1.5\""), "");
        legend_label(&mut svg, x, y, SMALL_SIZE, state.label());
    }
    let centre = |c: usize| grid_left + cell_w * (c as f64 + 0.5);
    header.draw_above(&mut svg, grid_top, SMALL_SIZE, centre, "dj-col");

    let mut row_style = TextStyle::new(LABEL_SIZE, "#212121", Anchor::Start);
    row_style.class = Some("dj-row");
    let na = HeatCell::default();
    for (r, row) in m.rows.iter().enumerate() {
        let y = grid_top + r as f64 * CELL_H;
        svg.text(
            PAD,
            y + CELL_H / 2.0 + LABEL_SIZE * MID,
            row_style,
            &row_labels[r],
        );
        for (c, col) in m.columns.iter().enumerate() {
            let cell = m.cells.get(r).and_then(|cs| cs.get(c)).unwrap_or(&na);
            let (fill, ink, extra) = look(cell.state);
            let x = grid_left + c as f64 * cell_w;
            let inset = if cell.state == CellState::NotApplicable {
                1.5
            } else {
                1.0
            };
            let rect = Rect {
                x: x + inset,
                y: y + inset,
                w: cell_w - 2.0 * inset,
                h: CELL_H - 2.0 * inset,
            };
            let tip = if cell.tooltip.trim().is_empty() {
                let detail = if cell.text.trim().is_empty() {
                    String::new()
                } else {
                    format!("（{}）", cell.text.trim())
                };
                format!("{row} · {col}：{}{detail}", cell.state.label())
            } else {
                cell.tooltip.clone()
            };
            svg.rect(
                rect,
                fill,
                &format!("{extra} rx=\"2\" class=\"dj-cell\""),
                &tip,
            );
            let text = cell.text.trim();
            if !text.is_empty() && text_width(text, SMALL_SIZE) <= cell_w - 4.0 {
                let mut style = TextStyle::new(SMALL_SIZE, ink, Anchor::Middle);
                style.class = Some("dj-cell-text");
                svg.text(
                    x + cell_w / 2.0,
                    y + CELL_H / 2.0 + SMALL_SIZE * MID,
                    style,
                    text,
                );
            }
        }
    }
    svg.finish()
}

/// Counts per state, overall and per row, in words.
fn describe(m: &HeatMap) -> String {
    let mut d = String::from("完成情况热力图");
    if m.rows.is_empty() || m.columns.is_empty() {
        d.push_str("。暂无数据。");
        return d;
    }
    d.push_str(&format!("，{} 行 × {} 列。", m.rows.len(), m.columns.len()));
    let na = HeatCell::default();
    let count_row = |r: usize| -> [usize; 5] {
        let mut counts = [0; 5];
        for c in 0..m.columns.len() {
            let cell = m.cells.get(r).and_then(|cs| cs.get(c)).unwrap_or(&na);
            let k = CellState::ALL
                .iter()
                .position(|s| *s == cell.state)
                .unwrap_or(4);
            counts[k] += 1;
        }
        counts
    };
    let words = |counts: [usize; 5]| -> String {
        CellState::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{} {n}", s.label()))
            .collect::<Vec<_>>()
            .join("，")
    };
    let mut total = [0; 5];
    let mut rows = Vec::new();
    for (r, row) in m.rows.iter().enumerate() {
        let counts = count_row(r);
        for k in 0..5 {
            total[k] += counts[k];
        }
        rows.push(format!("{row}：{}", words(counts)));
    }
    d.push_str(&format!("合计：{}。", words(total)));
    d.push_str(&rows.join("；"));
    d.push('。');
    d
}

/// Everything that is drawn goes into the id, so two grids on one page only share ids when
/// they are identical.
fn id(m: &HeatMap) -> String {
    let mut h = IdHasher::new(KIND);
    h.str(&m.title);
    h.f64(m.width);
    for list in [&m.rows, &m.columns] {
        h.bytes(&(list.len() as u64).to_le_bytes());
        for s in list {
            h.str(s);
        }
    }
    for row in &m.cells {
        h.bytes(&(row.len() as u64).to_le_bytes());
        for cell in row {
            h.bytes(&[cell.state as u8]);
            h.str(&cell.text);
            h.str(&cell.tooltip);
        }
    }
    h.id()
}
