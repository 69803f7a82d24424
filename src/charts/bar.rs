//! Grouped and stacked bar charts.

use super::BarChart;
use super::frame::{Frame, Spec, Swatch};
use super::layout::{
    MID, SMALL_SIZE, empty_size, empty_svg, has_data, label_ink, name_or, series_colours,
    series_table, with_unit,
};
use super::svg::{Anchor, INK, IdHasher, Rect, Svg, TextStyle, num};
use super::text_width;

const KIND: &str = "bar";

pub(crate) fn render(c: &BarChart) -> String {
    let n = c.categories.len();
    let (values, names) = series_table(&c.series, n);
    let colours = series_colours(&c.series);
    let id = id(c);
    let name = name_or(&c.title, "柱状图");
    let desc = describe(c, &names, &values);
    if !has_data(n, &values) {
        let (w, h) = empty_size(c.width, c.height);
        return empty_svg(&id, KIND, &name, &c.title, &desc, w, h);
    }

    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for i in 0..n {
        let col = values.iter().filter_map(|s| s[i]);
        if c.stacked {
            lo = lo.min(col.clone().filter(|v| *v < 0.0).sum());
            hi = hi.max(col.filter(|v| *v > 0.0).sum());
        } else {
            for v in col {
                (lo, hi) = (lo.min(v), hi.max(v));
            }
        }
    }
    let integers = values.iter().flatten().flatten().all(|v| v.fract() == 0.0);
    let frame = Frame::layout(&Spec {
        title: &c.title,
        categories: &c.categories,
        series: names.clone(),
        colours: colours.clone(),
        swatch: Swatch::Block,
        unit: &c.unit,
        width: c.width,
        height: c.height,
        lo,
        hi,
        integers,
    });

    let mut svg = Svg::new(&id, KIND, frame.width, frame.height, &name, &desc);
    frame.draw_under(&mut svg);
    let marks = Marks {
        c,
        frame: &frame,
        names: &names,
        values: &values,
        colours: &colours,
    };
    if c.stacked {
        marks.stacked(&mut svg);
    } else {
        marks.grouped(&mut svg);
    }
    frame.draw_over(&mut svg);
    svg.finish()
}

struct Marks<'a> {
    c: &'a BarChart,
    frame: &'a Frame,
    names: &'a [String],
    values: &'a [Vec<Option<f64>>],
    colours: &'a [String],
}

impl Marks<'_> {
    fn tooltip(&self, i: usize, j: usize, v: f64) -> String {
        let cat = &self.c.categories[i];
        if self.values.len() == 1 {
            format!("{cat}：{}", with_unit(v, &self.c.unit))
        } else {
            format!("{cat} · {}：{}", self.names[j], with_unit(v, &self.c.unit))
        }
    }

    fn grouped(&self, svg: &mut Svg) {
        let f = self.frame;
        let k = self.values.len() as f64;
        let gap = if k > 1.0 {
            (f.slot * 0.02).min(2.0)
        } else {
            0.0
        };
        let group = (f.slot * 0.7).min(k * 48.0);
        let bar_w = ((group - gap * (k - 1.0)) / k).max(0.5);
        let group = bar_w * k + gap * (k - 1.0);
        // A lone bar's label may use its whole slot; grouped ones only their own bar.
        let label_room = if k > 1.0 { bar_w + gap } else { f.slot - 4.0 };
        let zero = f.y(0.0);
        let mut style = TextStyle::new(SMALL_SIZE, INK, Anchor::Middle);
        style.class = Some("dj-value");
        for i in 0..self.c.categories.len() {
            let x0 = f.centre(i) - group / 2.0;
            for (j, series) in self.values.iter().enumerate() {
                let Some(v) = series[i] else { continue };
                let x = x0 + j as f64 * (bar_w + gap);
                let y = f.y(v);
                let r = Rect {
                    x,
                    y: y.min(zero),
                    w: bar_w,
                    h: (y - zero).abs(),
                };
                if v != 0.0 {
                    svg.rect(
                        r,
                        &self.colours[j],
                        " class=\"dj-bar\"",
                        &self.tooltip(i, j, v),
                    );
                }
                let label = num(v);
                if text_width(&label, SMALL_SIZE) <= label_room {
                    let ty = if v < 0.0 {
                        y + SMALL_SIZE * 0.9 + 3.0
                    } else {
                        y - 4.0
                    };
                    svg.text(x + bar_w / 2.0, ty, style, &label);
                }
            }
        }
    }

    fn stacked(&self, svg: &mut Svg) {
        let f = self.frame;
        let bar_w = (f.slot * 0.6).clamp(0.5, 56.0);
        let mut above = TextStyle::new(SMALL_SIZE, INK, Anchor::Middle);
        above.class = Some("dj-total");
        for i in 0..self.c.categories.len() {
            let cx = f.centre(i);
            let x = cx - bar_w / 2.0;
            let (mut pos, mut neg) = (0.0, 0.0);
            let mut count = 0;
            for (j, series) in self.values.iter().enumerate() {
                let Some(v) = series[i] else { continue };
                count += 1;
                if v == 0.0 {
                    continue;
                }
                let base = if v > 0.0 { &mut pos } else { &mut neg };
                let (y0, y1) = (f.y(*base), f.y(*base + v));
                *base += v;
                let r = Rect {
                    x,
                    y: y0.min(y1),
                    w: bar_w,
                    h: (y1 - y0).abs(),
                };
                let extra = " stroke=\"#ffffff\" stroke-width=\"1\" class=\"dj-bar\"";
                svg.rect(r, &self.colours[j], extra, &self.tooltip(i, j, v));
                let label = num(v);
                let mut inside =
                    TextStyle::new(SMALL_SIZE, label_ink(&self.colours[j]), Anchor::Middle);
                inside.class = Some("dj-value");
                if r.h >= SMALL_SIZE + 3.0 && text_width(&label, SMALL_SIZE) <= bar_w - 4.0 {
                    svg.text(cx, r.y + r.h / 2.0 + SMALL_SIZE * MID, inside, &label);
                }
            }
            // The total on top, when it is one number (no negative part) worth adding.
            let total = num(pos);
            if count > 1 && neg == 0.0 && text_width(&total, SMALL_SIZE) <= f.slot - 4.0 {
                svg.text(cx, f.y(pos) - 4.0, above, &total);
            }
        }
    }
}

/// The values in words, for screen readers and as the text alternative of the picture.
fn describe(c: &BarChart, names: &[String], values: &[Vec<Option<f64>>]) -> String {
    let mut d = String::from(if c.stacked {
        "堆叠柱状图"
    } else {
        "柱状图"
    });
    if !c.unit.trim().is_empty() {
        d.push_str(&format!("，单位：{}", c.unit.trim()));
    }
    d.push('。');
    if c.categories.is_empty() || !values.iter().flatten().any(Option::is_some) {
        d.push_str("暂无数据。");
        return d;
    }
    let value = |v: Option<f64>| v.map_or("无数据".to_string(), |v| with_unit(v, &c.unit));
    let parts: Vec<String> = c
        .categories
        .iter()
        .enumerate()
        .map(|(i, cat)| {
            if values.len() == 1 {
                return format!("{cat} {}", value(values[0][i]));
            }
            let mut items: Vec<String> = names
                .iter()
                .zip(values)
                .map(|(n, s)| format!("{n} {}", value(s[i])))
                .collect();
            if c.stacked {
                let sum: f64 = values.iter().filter_map(|s| s[i]).sum();
                items.push(format!("合计 {}", with_unit(sum, &c.unit)));
            }
            format!("{cat}：{}", items.join("，"))
        })
        .collect();
    d.push_str(&parts.join("；"));
    d.push('。');
    d
}

/// Everything that is drawn goes into the id, so two charts on one page only share ids when
/// they are identical (e.g. a branch's chart shown twice).
fn id(c: &BarChart) -> String {
    let mut h = IdHasher::new(KIND);
    h.str(&c.title);
    h.str(&c.unit);
    h.bytes(&[u8::from(c.stacked)]);
    h.f64(c.width);
    h.f64(c.height);
    h.bytes(&(c.categories.len() as u64).to_le_bytes());
    for cat in &c.categories {
        h.str(cat);
    }
    for s in &c.series {
        h.str(&s.name);
        h.str(s.colour.as_deref().unwrap_or_default());
        h.bytes(&(s.values.len() as u64).to_le_bytes());
        for &v in &s.values {
            h.f64(v);
        }
    }
    h.id()
}
