//! Line charts.

use std::fmt::Write as _;

use super::LineChart;
use super::frame::{Frame, Spec, Swatch, dash_attr};
use super::layout::{
    SMALL_SIZE, empty_size, empty_svg, has_data, name_or, series_colours, series_table, with_unit,
};
use super::svg::{Anchor, INK, IdHasher, Svg, TextStyle, num};
use super::text_width;

const KIND: &str = "line";

pub(crate) fn render(c: &LineChart) -> String {
    let n = c.categories.len();
    let (values, names) = series_table(&c.series, n);
    let colours = series_colours(&c.series);
    let id = id(c);
    let name = name_or(&c.title, "折线图");
    let desc = describe(c, &names, &values);
    if !has_data(n, &values) {
        let (w, h) = empty_size(c.width, c.height);
        return empty_svg(&id, KIND, &name, &c.title, &desc, w, h);
    }

    let all = values.iter().flatten().flatten();
    let lo = all.clone().fold(0.0f64, |a, &v| a.min(v));
    let hi = all.clone().fold(0.0f64, |a, &v| a.max(v));
    let integers = all.clone().all(|v| v.fract() == 0.0);
    let frame = Frame::layout(&Spec {
        title: &c.title,
        categories: &c.categories,
        series: names.clone(),
        colours: colours.clone(),
        swatch: Swatch::Line,
        unit: &c.unit,
        width: c.width,
        height: c.height,
        lo,
        hi,
        integers,
    });

    let mut svg = Svg::new(&id, KIND, frame.width, frame.height, &name, &desc);
    frame.draw_under(&mut svg);
    frame.draw_over(&mut svg);
    for (j, series) in values.iter().enumerate() {
        let d = path(&frame, series);
        if !d.is_empty() {
            svg.raw(&format!(
                "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" \
                 stroke-linejoin=\"round\" stroke-linecap=\"round\"{} class=\"dj-line\"/>\n",
                &colours[j],
                dash_attr(j)
            ));
        }
    }
    // Points after all lines, so that no line crosses a point's hover target.
    let radius = if frame.slot < 12.0 { 2.0 } else { 3.0 };
    let mut style = TextStyle::new(SMALL_SIZE, INK, Anchor::Middle);
    style.class = Some("dj-value");
    for (j, series) in values.iter().enumerate() {
        for (i, v) in series.iter().enumerate() {
            let Some(v) = *v else { continue };
            let (x, y) = (frame.centre(i), frame.y(v));
            let cat = &c.categories[i];
            let tip = if values.len() == 1 {
                format!("{cat}：{}", with_unit(v, &c.unit))
            } else {
                format!("{cat} · {}：{}", names[j], with_unit(v, &c.unit))
            };
            let extra = " stroke=\"#ffffff\" stroke-width=\"1\" class=\"dj-point\"";
            svg.circle(x, y, radius, &colours[j], extra, &tip);
            // Values are written out only for a single line: several would collide.
            let label = num(v);
            if values.len() == 1 && text_width(&label, SMALL_SIZE) <= frame.slot - 2.0 {
                let ty = if v < 0.0 {
                    y + SMALL_SIZE * 0.9 + 5.0
                } else {
                    y - 7.0
                };
                svg.text(x, ty, style, &label);
            }
        }
    }
    svg.finish()
}

/// Path data with a new subpath after every gap; a lone point between gaps has no line.
fn path(frame: &Frame, series: &[Option<f64>]) -> String {
    let mut d = String::new();
    let mut i = 0;
    while i < series.len() {
        if series[i].is_none() {
            i += 1;
            continue;
        }
        let begin = i;
        while i < series.len() && series[i].is_some() {
            i += 1;
        }
        if i - begin < 2 {
            continue;
        }
        for (k, v) in series[begin..i].iter().enumerate() {
            let v = v.unwrap_or(0.0);
            let cmd = if k == 0 { 'M' } else { 'L' };
            if !d.is_empty() {
                d.push(' ');
            }
            let _ = write!(
                d,
                "{cmd}{} {}",
                num(frame.centre(begin + k)),
                num(frame.y(v))
            );
        }
    }
    d
}

/// The values in words, for screen readers and as the text alternative of the picture.
fn describe(c: &LineChart, names: &[String], values: &[Vec<Option<f64>>]) -> String {
    let mut d = String::from("折线图");
    if !c.unit.trim().is_empty() {
        d.push_str(&format!("，单位：{}", c.unit.trim()));
    }
    d.push('。');
    if c.categories.is_empty() || !values.iter().flatten().any(Option::is_some) {
        d.push_str("暂无数据。");
        return d;
    }
    let value = |v: Option<f64>| v.map_or("无数据".to_string(), |v| with_unit(v, &c.unit));
    let parts: Vec<String> = names
        .iter()
        .zip(values)
        .map(|(name, s)| {
            let points: Vec<String> = c
                .categories
                .iter()
                .zip(s)
                .map(|(cat, v)| format!("{cat} {}", value(*v)))
                .collect();
            if values.len() == 1 {
                points.join("，")
            } else {
                format!("{name}：{}", points.join("，"))
            }
        })
        .collect();
    d.push_str(&parts.join("；"));
    d.push('。');
    d
}

/// Everything that is drawn goes into the id, so two charts on one page only share ids when
/// they are identical.
fn id(c: &LineChart) -> String {
    let mut h = IdHasher::new(KIND);
    h.str(&c.title);
    h.str(&c.unit);
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
