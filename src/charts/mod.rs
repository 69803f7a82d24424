//! Charts drawn at build time as self-contained SVG 1.1, because the same picture has to appear
//! inlined in the website and embedded in the Typst PDFs (`image(bytes)`), and must look the
//! same in a browser and in Typst's SVG renderer (usvg). That rules out scripts, external
//! references, `foreignObject`, stylesheet-dependent looks and measured text: every text gets an
//! explicit font list and all layout is computed here from [`text_width`], an estimate that errs
//! on the wide side so labels are never clipped.
//!
//! Output is deterministic (same input, same bytes, coordinates rounded to 0.1) so that rebuilds
//! of unchanged records produce unchanged pages. Any input string is escaped; any number,
//! including NaN, infinities, negative values or no data at all, still gives a valid SVG.

mod bar;
pub mod figures;
mod frame;
mod heatmap;
mod layout;
mod line;
mod svg;
mod table;

pub use table::{DataTable, figure_html, picture_html};

pub use svg::FONT_FAMILY;

/// One named row of numbers, because grouped/stacked bars and multi-line charts compare several
/// quantities over the same categories (e.g. 正式党员 and 预备党员 per branch).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Shown in the legend and tooltips; an empty name is shown as 系列 n.
    pub name: String,
    /// One value per category, in category order. Missing trailing values and non-finite values
    /// (NaN, ±∞) are drawn as gaps rather than as zero, so that "no record" is not mistaken for
    /// "counted zero"; values beyond ±1e15 are clamped so the scale stays finite.
    pub values: Vec<f64>,
    /// A fixed colour (`#rrggbb`), because a kind keeps its colour in every chart whichever
    /// kinds occur; `None` takes the palette's colour for the series' position.
    pub colour: Option<String>,
}

/// Bars per category, because most figures the committee reports are counts per branch or per
/// period, which read best as lengths from a zero baseline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BarChart {
    /// Drawn above the chart and used as the accessible name; also seeds the element ids.
    pub title: String,
    /// Labels along the x axis, one slot each; measured, then wrapped or turned 45° only when
    /// they do not fit flat, so long branch names stay whole.
    pub categories: Vec<String>,
    /// One colour each, party red first; more than one gets a legend.
    pub series: Vec<Series>,
    /// Stack the series instead of grouping them, for parts of a whole (e.g. members by type).
    /// Negative values stack downwards from zero, separately from the positive ones.
    pub stacked: bool,
    /// Appended to values in tooltips and the description, and shown as 单位 above the axis;
    /// may be empty.
    pub unit: String,
    /// Preferred width in px, because the PDF scales the SVG to the text width while the site
    /// shows it at this size; 0 (the `Default`) or a non-finite value means 640.
    pub width: f64,
    /// Preferred height in px; 0 or non-finite means 320. It grows when titles, legends and
    /// labels would leave the plot less than 120 px.
    pub height: f64,
}

/// Lines over ordered categories, because trends over months or years (activities held,
/// attendance rate) are about change, which a line shows better than bars.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineChart {
    /// Drawn above the chart and used as the accessible name; also seeds the element ids.
    pub title: String,
    /// Labels along the x axis, laid out as for [`BarChart::categories`].
    pub categories: Vec<String>,
    /// Each series is one line; a missing or non-finite value breaks the line there.
    pub series: Vec<Series>,
    /// Appended to values in tooltips and the description; may be empty.
    pub unit: String,
    /// Preferred width in px, as for [`BarChart::width`].
    pub width: f64,
    /// Preferred height in px, as for [`BarChart::height`].
    pub height: f64,
}

/// The state of one requirement in one period, because the compliance grid (branches × months
/// or quarters) is read by colour first: done, missed, under way, not yet due, not applicable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum CellState {
    /// Done: muted green, white text.
    Met,
    /// Period over, not done: party red, white text, the one state that must stand out.
    Missed,
    /// Under way: amber, dark text.
    Due,
    /// Not yet begun: light grey, so the future does not compete with the record.
    Future,
    /// The default, so that a grid padded with `HeatCell::default()` claims nothing.
    #[default]
    NotApplicable,
}

impl CellState {
    /// The states in legend order, so that every heat map shows the same legend.
    pub const ALL: [CellState; 5] = [
        CellState::Met,
        CellState::Missed,
        CellState::Due,
        CellState::Future,
        CellState::NotApplicable,
    ];

    /// The Chinese legend label, the same words the metrics report uses for these states.
    pub fn label(self) -> &'static str {
        match self {
            CellState::Met => "已完成",
            CellState::Missed => "未完成",
            CellState::Due => "进行中",
            CellState::Future => "未到期",
            CellState::NotApplicable => "不适用",
        }
    }
}

/// One cell of a [`HeatMap`]; the text is a glance value (a count), the tooltip the detail that
/// has no room in the cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeatCell {
    /// Chooses the cell's colour.
    pub state: CellState,
    /// Short text drawn in the cell, e.g. "2" or ""; left out when it does not fit.
    pub text: String,
    /// Shown on hover; empty means "row · column：state".
    pub tooltip: String,
}

/// A grid of coloured cells, rows × columns, for compliance at a glance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeatMap {
    /// Drawn above the grid and used as the accessible name; also seeds the element ids.
    pub title: String,
    /// Row labels (e.g. branch names); the label column is as wide as the longest of them.
    pub rows: Vec<String>,
    /// Column labels (e.g. months); rotated when they are wider than a cell.
    pub columns: Vec<String>,
    /// `cells[row][column]`; missing cells are drawn as not applicable, extra ones ignored.
    pub cells: Vec<Vec<HeatCell>>,
    /// Preferred width in px; 0 or non-finite means 720. It grows when cells would be narrower
    /// than 14 px; the height follows from the rows.
    pub width: f64,
}

impl BarChart {
    /// The chart as a standalone `<svg>` element, usable inline in HTML and as a file for Typst.
    pub fn to_svg(&self) -> String {
        bar::render(self)
    }
}

impl LineChart {
    /// The chart as a standalone `<svg>` element, usable inline in HTML and as a file for Typst.
    pub fn to_svg(&self) -> String {
        line::render(self)
    }
}

impl HeatMap {
    /// The grid as a standalone `<svg>` element, usable inline in HTML and as a file for Typst.
    pub fn to_svg(&self) -> String {
        heatmap::render(self)
    }
}

/// Estimated advance width of `s` in px at `font_size`, because the SVG must be laid out before
/// any renderer sees it: CJK and other full-width characters are 1 em, printable ASCII (letters,
/// digits, punctuation) 0.55 em, other Latin/Greek/Cyrillic letters 0.6 em, combining marks and
/// control characters nothing. Everything else non-ASCII (symbols, punctuation such as "—" or
/// "…", which CJK fonts draw full-width) counts as 1 em, so the estimate errs on the wide side.
pub fn text_width(s: &str, font_size: f64) -> f64 {
    if !font_size.is_finite() || font_size <= 0.0 {
        return 0.0;
    }
    s.chars().map(char_em).sum::<f64>() * font_size
}

fn char_em(c: char) -> f64 {
    match c as u32 {
        0x20..=0x7e => 0.55,
        0x00..=0x1f | 0x7f..=0x9f => 0.0,
        0x0300..=0x036f | 0x200b..=0x200f | 0xfe00..=0xfe0f => 0.0,
        0x00a0..=0x02ff | 0x0370..=0x04ff => 0.6,
        _ => 1.0,
    }
}
