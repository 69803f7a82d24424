//! Writing SVG text: escaping, number formatting, ids and the few elements the charts use.

use std::fmt::Write as _;

use crate::markup::xml::escape;

/// The font list put on every `<text>`, because the SVG is rendered outside the page's
/// stylesheet (Typst/usvg) and on machines with different CJK fonts: the first that exists wins,
/// and Noto Sans CJK SC and FandolHei are the ones `dangjian setup` installs for the PDFs.
pub const FONT_FAMILY: &str =
    "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, FandolHei, sans-serif";

/// Dark text, on white and on light fills.
pub(crate) const INK: &str = "#212121";
/// Secondary text (axis labels, legend), still AA on white.
pub(crate) const INK_SOFT: &str = "#555555";
pub(crate) const GRID: &str = "#e0e0e0";
pub(crate) const AXIS: &str = "#9e9e9e";

/// Swaps marks that the PDF fonts (Noto Sans CJK SC, FandolHei) lack for ones they have:
/// Chromium quietly falls back to another font for "✕", Typst draws an empty box. Only drawn
/// text goes through this; tooltips are never rendered by Typst.
fn drawable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '✕' | '✖' | '✗' | '✘' => '×',
            '✔' => '✓',
            _ => c,
        })
        .collect()
}

/// A number as text: rounded to one decimal, no trailing ".0", no "-0", and "0" for anything
/// non-finite, so that no NaN or inf can reach the output.
pub(crate) fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let tenths = (v * 10.0).round();
    if !tenths.is_finite() {
        return format!("{v:.0}");
    }
    if tenths == 0.0 {
        return "0".to_string();
    }
    if tenths % 10.0 == 0.0 {
        format!("{:.0}", tenths / 10.0)
    } else {
        format!("{:.1}", tenths / 10.0)
    }
}

/// FNV-1a: stable across Rust versions and platforms, unlike `DefaultHasher`, so ids do not
/// change between builds.
pub(crate) struct IdHasher(u64);

impl IdHasher {
    pub(crate) fn new(kind: &str) -> Self {
        let mut h = IdHasher(0xcbf2_9ce4_8422_2325);
        h.str(kind);
        h
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
    pub(crate) fn str(&mut self, s: &str) {
        self.bytes(&(s.len() as u64).to_le_bytes());
        self.bytes(s.as_bytes());
    }

    pub(crate) fn f64(&mut self, v: f64) {
        self.bytes(&v.to_bits().to_le_bytes());
    }

    /// An id prefix that is a valid XML name and CSS identifier.
    pub(crate) fn id(&self) -> String {
        format!("djc-{:012x}", self.0 & 0xffff_ffff_ffff)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A `<text>`'s look; the position is given separately.
#[derive(Clone, Copy)]
pub(crate) struct TextStyle<'a> {
    pub size: f64,
    pub fill: &'a str,
    pub anchor: Anchor,
    pub bold: bool,
    /// Degrees, about the anchor point.
    pub rotate: f64,
    pub class: Option<&'a str>,
}

impl<'a> TextStyle<'a> {
    pub(crate) fn new(size: f64, fill: &'a str, anchor: Anchor) -> Self {
        TextStyle {
            size,
            fill,
            anchor,
            bold: false,
            rotate: 0.0,
            class: None,
        }
    }
}

/// The output under construction.
pub(crate) struct Svg {
    out: String,
}

impl Svg {
    /// Opens the root element with its accessible name and description. `id` must already be
    /// unique to the chart; `kind` becomes a class hook (`dj-chart-<kind>`).
    pub(crate) fn new(id: &str, kind: &str, w: f64, h: f64, title: &str, desc: &str) -> Self {
        let mut out = String::with_capacity(4096);
        let (w, h) = (num(w), num(h));
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {w} {h}\" \
             width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
             class=\"dj-chart dj-chart-{kind}\">\n\
             <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n\
             <rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\" class=\"dj-chart-bg\"/>\n",
            escape(title),
            escape(desc),
        );
        Svg { out }
    }

    pub(crate) fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// A `<text>` with one or more lines (`line_gap` apart, as `<tspan>`s), the first line's
    /// baseline at `y`.
    pub(crate) fn text_lines(
        &mut self,
        x: f64,
        y: f64,
        style: TextStyle,
        lines: &[String],
        line_gap: f64,
    ) {
        if lines.iter().all(|l| l.is_empty()) {
            return;
        }
        let (xs, ys) = (num(x), num(y));
        let _ = write!(
            self.out,
            "<text x=\"{xs}\" y=\"{ys}\" font-family=\"{FONT_FAMILY}\" font-size=\"{}\" fill=\"{}\"",
            num(style.size),
            style.fill
        );
        if style.anchor != Anchor::Start {
            let _ = write!(self.out, " text-anchor=\"{}\"", style.anchor.as_str());
        }
        if style.bold {
            self.out.push_str(" font-weight=\"bold\"");
        }
        if style.rotate != 0.0 {
            let _ = write!(
                self.out,
                " transform=\"rotate({} {xs} {ys})\"",
                num(style.rotate)
            );
        }
        if let Some(class) = style.class {
            let _ = write!(self.out, " class=\"{class}\"");
        }
        self.out.push('>');
        if let [only] = lines {
            self.out.push_str(&escape(&drawable(only)));
        } else {
            for (i, line) in lines.iter().enumerate() {
                let dy = if i == 0 {
                    "0".to_string()
                } else {
                    num(line_gap)
                };
                let _ = write!(
                    self.out,
                    "<tspan x=\"{xs}\" dy=\"{dy}\">{}</tspan>",
                    escape(&drawable(line))
                );
            }
        }
        self.out.push_str("</text>\n");
    }

    pub(crate) fn text(&mut self, x: f64, y: f64, style: TextStyle, s: &str) {
        self.text_lines(x, y, style, &[s.to_string()], 0.0);
    }

    /// A filled rectangle with a hover tooltip (`<title>` child) when `tooltip` is non-empty.
    /// `extra` is appended verbatim to the attributes (stroke etc.; never user text).
    pub(crate) fn rect(&mut self, r: Rect, fill: &str, extra: &str, tooltip: &str) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{extra}",
            num(r.x),
            num(r.y),
            num(r.w.max(0.0)),
            num(r.h.max(0.0)),
        );
        self.close_with_tooltip("rect", tooltip);
    }

    pub(crate) fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, extra: &str) {
        let _ = writeln!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\"{extra}/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
    }

    pub(crate) fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: &str, extra: &str, tip: &str) {
        let _ = write!(
            self.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\"{extra}",
            num(cx),
            num(cy),
            num(r)
        );
        self.close_with_tooltip("circle", tip);
    }

    fn close_with_tooltip(&mut self, tag: &str, tooltip: &str) {
        if tooltip.is_empty() {
            self.out.push_str("/>\n");
        } else {
            let _ = writeln!(self.out, "><title>{}</title></{tag}>", escape(tooltip));
        }
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}
