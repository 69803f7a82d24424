//! Layout shared by the charts: axis ticks, text wrapping, category labels, legends, palette.

use super::svg::{Anchor, INK, INK_SOFT, Svg, TextStyle, num};
use super::text_width;

/// Series colours: party red first (used for one series only, so it stays an accent), then
/// dark greys and blue-greys. Every colour has at least 4.5:1 contrast against white, so white
/// value labels on them and the colours themselves as text both meet WCAG AA.
pub(crate) const PALETTE: [&str; 6] = [
    "#c8102e", "#37474f", "#5d7380", "#1f4e79", "#6b6b6b", "#4e342e",
];

/// Dash patterns per series for line charts, so lines stay apart in greyscale print.
pub(crate) const DASHES: [&str; 4] = ["", "6 3", "2 3", "8 3 2 3"];

/// Colour of series `i`; past the palette the greys repeat, never the red.
pub(crate) fn colour(i: usize) -> &'static str {
    if i < PALETTE.len() {
        PALETTE[i]
    } else {
        PALETTE[1 + (i - 1) % (PALETTE.len() - 1)]
    }
}

/// Each series' colour: its own when it is a `#rrggbb` colour (anything else could break out
/// of the attribute), else the palette's.
pub(crate) fn series_colours(series: &[super::Series]) -> Vec<String> {
    series
        .iter()
        .enumerate()
        .map(|(i, s)| match &s.colour {
            Some(c) if parse_hex(c).is_some() => c.clone(),
            _ => colour(i).to_owned(),
        })
        .collect()
}

fn parse_hex(c: &str) -> Option<[u8; 3]> {
    let h = c.strip_prefix('#')?;
    if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG relative luminance of a `#rrggbb` colour (black for anything else).
fn luminance(c: &str) -> f64 {
    let [r, g, b] = parse_hex(c).unwrap_or([0, 0, 0]);
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The text colour for a label drawn on `fill`: white or the chart's ink, whichever contrasts
/// more, because the kind palette has light colours as well as dark ones.
pub(crate) fn label_ink(fill: &str) -> &'static str {
    if contrast(fill, "#ffffff") >= contrast(fill, INK) {
        "#ffffff"
    } else {
        INK
    }
}

pub(crate) const PAD: f64 = 12.0;
pub(crate) const TITLE_SIZE: f64 = 15.0;
pub(crate) const LABEL_SIZE: f64 = 12.0;
pub(crate) const SMALL_SIZE: f64 = 11.0;
/// Baseline offset that centres a line of text vertically on a point, in em: CJK glyphs sit
/// roughly from -0.88 em to +0.12 em around the baseline.
pub(crate) const MID: f64 = 0.36;
pub(crate) const EMPTY_TEXT: &str = "暂无数据";
const SIN45: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// A preferred size, or the default when it is 0, negative or non-finite; never below `min`.
pub(crate) fn size_or(v: f64, default: f64, min: f64) -> f64 {
    let v = if v.is_finite() && v > 0.0 { v } else { default };
    v.clamp(min, 10_000.0)
}

/// A value as the charts use it: non-finite is missing, huge is clamped so the scale stays
/// finite.
pub(crate) fn clean(v: Option<&f64>) -> Option<f64> {
    v.copied()
        .filter(|v| v.is_finite())
        .map(|v| v.clamp(-1e15, 1e15))
}

/// Axis ticks at 1, 2 or 5 × 10ⁿ covering `lo..=hi` (which include 0).
pub(crate) struct Ticks {
    pub min: f64,
    pub max: f64,
    pub values: Vec<f64>,
}

impl Ticks {
    /// `target` is roughly how many intervals fit; `integers` forbids fractional steps (counts).
    pub(crate) fn nice(lo: f64, hi: f64, target: usize, integers: bool) -> Ticks {
        let (mut lo, mut hi) = (lo.min(0.0), hi.max(0.0));
        if !(lo.is_finite() && hi.is_finite()) {
            (lo, hi) = (0.0, 1.0);
        }
        if hi - lo < 1e-9 {
            hi = if integers { 5.0 } else { 1.0 };
        }
        let rough = (hi - lo) / target.max(1) as f64;
        let mag = 10f64.powf(rough.log10().floor());
        let norm = rough / mag;
        let mut step = mag
            * if norm <= 1.0 {
                1.0
            } else if norm <= 2.0 {
                2.0
            } else if norm <= 5.0 {
                5.0
            } else {
                10.0
            };
        // Labels show one decimal at most, so finer steps would print repeated labels.
        step = step.max(if integers { 1.0 } else { 0.1 });
        let min = (lo / step + 1e-9).floor() * step;
        let max = (hi / step - 1e-9).ceil() * step;
        let n = ((max - min) / step).round() as usize;
        let values = (0..=n).map(|i| min + i as f64 * step).collect();
        Ticks { min, max, values }
    }
}

/// Greedy line breaking to `max_w`: anywhere between CJK characters, at spaces in Latin text,
/// and inside a Latin word only when the word alone is too wide.
pub(crate) fn wrap(s: &str, size: f64, max_w: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    // Break opportunities: each token is a word (with its trailing space) or one wide char.
    for token in tokens(s) {
        let candidate = format!("{line}{token}");
        if text_width(candidate.trim_end(), size) <= max_w || line.is_empty() {
            line = candidate;
        } else {
            lines.push(line.trim_end().to_string());
            line = token.trim_start().to_string();
        }
        // A single token wider than the line is split by characters.
        while text_width(line.trim_end(), size) > max_w && line.chars().count() > 1 {
            let mut head = String::new();
            for c in line.chars() {
                head.push(c);
                if text_width(&head, size) > max_w {
                    head.pop();
                    break;
                }
            }
            if head.is_empty() {
                head = line.chars().next().map(String::from).unwrap_or_default();
            }
            let rest = line[head.len()..].to_string();
            lines.push(head);
            line = rest;
        }
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// `s` in lines of whole words (split at spaces only) no wider than `max_w`, or `None` when a
/// word alone is wider.
pub(crate) fn wrap_words(s: &str, size: f64, max_w: f64) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        if text_width(word, size) > max_w {
            return None;
        }
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), size) <= max_w => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    Some(lines)
}

fn tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in s.chars() {
        if c.is_ascii() && c != ' ' {
            word.push(c);
        } else if c == ' ' {
            word.push(c);
            out.push(std::mem::take(&mut word));
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// `s` cut to `max_w` with a trailing "…", for the rare label that cannot fit even rotated (the
/// full text stays in the tooltip and the description).
pub(crate) fn truncate(s: &str, size: f64, max_w: f64) -> String {
    if text_width(s, size) <= max_w {
        return s.to_string();
    }
    let budget = max_w - text_width("…", size);
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if text_width(&out, size) > budget {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

/// How a row of category labels (under the x axis, or over heat map columns) is drawn.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum LabelMode {
    /// One line each, centred on its slot.
    Flat,
    /// Up to two lines each, centred on its slot.
    Wrapped,
    /// Turned 45°, one (possibly truncated) line each.
    Diagonal,
    /// Turned 90°, for slots too narrow even for diagonal labels to clear each other.
    Vertical,
}

/// Category labels laid out for slots `slot` px wide.
pub(crate) struct CategoryLabels {
    pub mode: LabelMode,
    /// The lines of each label.
    pub lines: Vec<Vec<String>>,
    /// Only every `every`-th label is drawn, when even vertical labels would touch.
    pub every: usize,
    /// Height the labels need below (or above) the axis.
    pub depth: f64,
    /// How far rotated labels reach beyond the outer edge of the end slot (the first slot's
    /// left edge below an axis, the last slot's right edge above a grid).
    pub overhang: f64,
}

const LABEL_GAP: f64 = 6.0;
/// The spacing rotated labels need between their baselines to stay apart, in em.
const ROTATED_PITCH: f64 = 1.15;

impl CategoryLabels {
    /// Flat when every label fits its slot, else wrapped to two lines when that fits, else
    /// rotated 45°, or 90° when the slots are too narrow for diagonal labels to clear each
    /// other. `max_depth` bounds rotated labels (longer ones are truncated with "…").
    pub(crate) fn fit(labels: &[String], slot: f64, size: f64, max_depth: f64) -> CategoryLabels {
        let room = slot - 4.0;
        let line_h = size * 1.25;
        if labels.iter().all(|l| text_width(l, size) <= room) {
            return CategoryLabels {
                mode: LabelMode::Flat,
                lines: labels.iter().map(|l| vec![l.clone()]).collect(),
                every: 1,
                depth: LABEL_GAP + line_h,
                overhang: 0.0,
            };
        }
        // A label is wrapped only between its words (at spaces): a name such as 药剂科支部
        // broken into 药剂 / 科支部 reads as two names, so one without spaces is turned
        // instead. With up to three lines; a label needing more is turned as well.
        let wrapped: Option<Vec<Vec<String>>> =
            labels.iter().map(|l| wrap_words(l, size, room)).collect();
        if let Some(wrapped) = wrapped {
            let most = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            if most <= 3 {
                return CategoryLabels {
                    mode: LabelMode::Wrapped,
                    lines: wrapped,
                    every: 1,
                    depth: LABEL_GAP + most as f64 * line_h,
                    overhang: 0.0,
                };
            }
        }
        let pitch = ROTATED_PITCH * size;
        let diagonal = slot * SIN45 >= pitch;
        let max_w = if diagonal {
            (max_depth - LABEL_GAP - size) / SIN45
        } else {
            max_depth - LABEL_GAP - size * 0.3
        }
        .max(3.0 * size);
        let texts: Vec<String> = labels.iter().map(|l| truncate(l, size, max_w)).collect();
        let longest = texts
            .iter()
            .map(|t| text_width(t, size))
            .fold(0.0, f64::max);
        let lines = texts.into_iter().map(|t| vec![t]).collect();
        if diagonal {
            CategoryLabels {
                mode: LabelMode::Diagonal,
                lines,
                every: 1,
                // The lowest ink is the first glyph's descent: 0.3 em of anchor shift plus
                // about 0.09 em below the turned baseline; half an em is room to spare.
                depth: LABEL_GAP + size * 0.5 + longest * SIN45,
                overhang: (longest * SIN45 + size * 0.5 - slot / 2.0).max(0.0),
            }
        } else {
            CategoryLabels {
                mode: LabelMode::Vertical,
                lines,
                every: (pitch / slot.max(0.1)).ceil().max(1.0) as usize,
                depth: LABEL_GAP + size * 0.3 + longest,
                overhang: (size * 0.6 - slot / 2.0).max(0.0),
            }
        }
    }

    fn shown(&self) -> impl Iterator<Item = (usize, &Vec<String>)> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i % self.every == 0)
    }

    /// Draws labels under an axis at `axis_y`, slot `i` centred at `centre(i)`.
    pub(crate) fn draw_below(
        &self,
        svg: &mut Svg,
        axis_y: f64,
        size: f64,
        centre: impl Fn(usize) -> f64,
        class: &str,
    ) {
        let mut style = TextStyle::new(size, INK_SOFT, Anchor::Middle);
        style.class = Some(class);
        for (i, lines) in self.shown() {
            match self.mode {
                LabelMode::Flat | LabelMode::Wrapped => {
                    let y = axis_y + LABEL_GAP + size * 0.9;
                    svg.text_lines(centre(i), y, style, lines, size * 1.25);
                }
                // Rotated labels end at their tick and hang down-left (or down); the anchor is
                // shifted so that the glyphs, not the baseline, line up with the tick.
                LabelMode::Diagonal => {
                    style.anchor = Anchor::End;
                    style.rotate = -45.0;
                    let (x, y) = (centre(i) + size * 0.3, axis_y + LABEL_GAP + size * 0.3);
                    svg.text_lines(x, y, style, lines, 0.0);
                }
                LabelMode::Vertical => {
                    style.anchor = Anchor::End;
                    style.rotate = -90.0;
                    let (x, y) = (centre(i) + size * MID, axis_y + LABEL_GAP);
                    svg.text_lines(x, y, style, lines, 0.0);
                }
            }
        }
    }

    /// Draws labels above a grid whose top is `top_y`, bottom-aligned.
    pub(crate) fn draw_above(
        &self,
        svg: &mut Svg,
        top_y: f64,
        size: f64,
        centre: impl Fn(usize) -> f64,
        class: &str,
    ) {
        let mut style = TextStyle::new(size, INK_SOFT, Anchor::Middle);
        style.class = Some(class);
        let line_h = size * 1.25;
        let baseline = top_y - LABEL_GAP + 0.1 * size;
        for (i, lines) in self.shown() {
            match self.mode {
                LabelMode::Flat | LabelMode::Wrapped => {
                    let first = baseline - (lines.len().max(1) - 1) as f64 * line_h;
                    svg.text_lines(centre(i), first, style, lines, line_h);
                }
                LabelMode::Diagonal => {
                    style.anchor = Anchor::Start;
                    style.rotate = -45.0;
                    svg.text_lines(centre(i) - size * 0.3, baseline, style, lines, 0.0);
                }
                LabelMode::Vertical => {
                    style.anchor = Anchor::Start;
                    style.rotate = -90.0;
                    let x = centre(i) + size * MID;
                    svg.text_lines(x, top_y - LABEL_GAP, style, lines, 0.0);
                }
            }
        }
    }
}

/// One legend entry: a swatch drawn by the caller's `swatch` and a label.
pub(crate) struct LegendItem {
    pub label: String,
}

/// Legend entries flowed into rows within `width`; returns the (x, y) of each swatch's top-left
/// corner relative to the legend's top-left, and the legend height.
pub(crate) fn flow_legend(items: &[LegendItem], width: f64, size: f64) -> (Vec<(f64, f64)>, f64) {
    let row_h = size * 1.6;
    let (mut x, mut y) = (0.0, 0.0);
    let mut pos = Vec::with_capacity(items.len());
    for it in items {
        let w = legend_item_width(&it.label, size);
        if x > 0.0 && x + w > width {
            x = 0.0;
            y += row_h;
        }
        pos.push((x, y));
        x += w + size * 1.4;
    }
    let h = if items.is_empty() { 0.0 } else { y + row_h };
    (pos, h)
}

pub(crate) fn legend_item_width(label: &str, size: f64) -> f64 {
    size + 6.0 + text_width(label, size)
}

/// Draws a legend label next to a swatch placed at (x, y) (top-left, `size` square).
pub(crate) fn legend_label(svg: &mut Svg, x: f64, y: f64, size: f64, label: &str) {
    let mut style = TextStyle::new(size, INK_SOFT, Anchor::Start);
    style.class = Some("dj-legend");
    svg.text(x + size + 6.0, y + size * 0.5 + size * MID, style, label);
}

const TITLE_LINE: f64 = TITLE_SIZE * 1.3;

/// Draws the title (wrapped to `width`) at the top.
pub(crate) fn draw_title(svg: &mut Svg, title: &str, width: f64) {
    let lines = title_lines(title, width);
    let mut style = TextStyle::new(TITLE_SIZE, INK, Anchor::Start);
    style.bold = true;
    style.class = Some("dj-chart-title");
    svg.text_lines(PAD, PAD + TITLE_SIZE * 0.88, style, &lines, TITLE_LINE);
}

/// The y below the title [`draw_title`] draws.
pub(crate) fn title_bottom(title: &str, width: f64) -> f64 {
    match title_lines(title, width).len() {
        0 => PAD,
        n => PAD + n as f64 * TITLE_LINE + 6.0,
    }
}

fn title_lines(title: &str, width: f64) -> Vec<String> {
    let t = title.trim();
    if t.is_empty() {
        return Vec::new();
    }
    // Bold glyphs run a little wider than the estimate.
    wrap(t, TITLE_SIZE * 1.05, width - 2.0 * PAD)
}

/// The "no data" message centred in the given box.
pub(crate) fn draw_empty(svg: &mut Svg, cx: f64, cy: f64) {
    let mut style = TextStyle::new(LABEL_SIZE + 2.0, INK_SOFT, Anchor::Middle);
    style.class = Some("dj-empty");
    svg.text(cx, cy + (LABEL_SIZE + 2.0) * MID, style, EMPTY_TEXT);
}

/// `v` with the unit, as in tooltips and descriptions ("12人", "85.5%").
pub(crate) fn with_unit(v: f64, unit: &str) -> String {
    format!("{}{}", num(v), unit.trim())
}

/// Series name, or 系列 n for an unnamed one.
/// The values of every series over `n` categories (missing, NaN and infinite values are gaps)
/// and the series' legend names.
pub(crate) fn series_table(
    series: &[super::Series],
    n: usize,
) -> (Vec<Vec<Option<f64>>>, Vec<String>) {
    let values = series
        .iter()
        .map(|s| (0..n).map(|i| clean(s.values.get(i))).collect())
        .collect();
    let names = series
        .iter()
        .enumerate()
        .map(|(i, s)| series_name(&s.name, i))
        .collect();
    (values, names)
}

/// A chart with no category or no value is drawn as an empty frame that says so.
pub(crate) fn has_data(n: usize, values: &[Vec<Option<f64>>]) -> bool {
    n > 0 && values.iter().flatten().any(Option::is_some)
}

/// The size of an empty chart: the requested one, within bounds.
pub(crate) fn empty_size(width: f64, height: f64) -> (f64, f64) {
    (size_or(width, 640.0, 240.0), size_or(height, 320.0, 160.0))
}

pub(crate) fn series_name(name: &str, i: usize) -> String {
    let n = name.trim();
    if n.is_empty() {
        format!("系列{}", i + 1)
    } else {
        n.to_string()
    }
}

/// The whole SVG of a chart without data: its title and 暂无数据, at the preferred size.
pub(crate) fn empty_svg(
    id: &str,
    kind: &str,
    name: &str,
    title: &str,
    desc: &str,
    w: f64,
    h: f64,
) -> String {
    let mut svg = Svg::new(id, kind, w, h, name, desc);
    draw_title(&mut svg, title, w);
    let top = title_bottom(title, w);
    draw_empty(&mut svg, w / 2.0, top + (h - top - PAD) / 2.0);
    svg.finish()
}

/// The accessible name: the title, or what kind of chart it is.
pub(crate) fn name_or(title: &str, fallback: &str) -> String {
    let t = title.trim();
    if t.is_empty() {
        fallback.to_string()
    } else {
        t.to_string()
    }
}
