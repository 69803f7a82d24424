//! The SVG charts: well-formed for any input, escaped, deterministic, labels measured.
//!
//! `DJ_CHARTS_OUT=/tmp/charts cargo test --test charts` also writes one example of each chart
//! (and an HTML page showing them) to that folder, for looking at them in a browser and Typst.

use dangjian::charts::{
    BarChart, CellState, FONT_FAMILY, HeatCell, HeatMap, LineChart, Series, text_width,
};

// ---------------------------------------------------------------------------------------------
// A minimal XML reader: enough to prove the output is well-formed and to look at it.

#[derive(Debug, Clone)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    /// Decoded text of the element and all its descendants.
    text: String,
    parent: Option<usize>,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn num(&self, name: &str) -> f64 {
        let v = self
            .attr(name)
            .unwrap_or_else(|| panic!("{} has no {name}", self.name));
        v.parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split(' ').any(|c| c == class))
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')
}

/// Decodes the five predefined entities and numeric references; anything else is an error, as
/// is a raw `<` or `>` (our writer escapes both).
fn decode(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if !tail.starts_with('&') {
            return Err(format!("raw {:?} in text or attribute: {s:?}", &tail[..1]));
        }
        let end = tail
            .find(';')
            .ok_or_else(|| format!("unterminated entity in {s:?}"))?;
        let entity = &tail[1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if entity.starts_with("#x") => u32::from_str_radix(&entity[2..], 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| format!("bad reference &{entity};"))?,
            _ if entity.starts_with('#') => entity[1..]
                .parse::<u32>()
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| format!("bad reference &{entity};"))?,
            _ => return Err(format!("unknown entity &{entity};")),
        };
        out.push(c);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    for c in out.chars() {
        let ok =
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}');
        if !ok {
            return Err(format!("character {c:?} is not allowed in XML 1.0"));
        }
    }
    Ok(out)
}

/// Parses `s` as one XML element (no DTD, no CDATA), checking tag balance, quoting and
/// escaping. Returns every element in document order.
fn parse(s: &str) -> Result<Vec<Element>, String> {
    let mut elements: Vec<Element> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut roots = 0;
    let mut i = 0;
    let b = s.as_bytes();
    while i < s.len() {
        if b[i] != b'<' {
            let end = s[i..].find('<').map_or(s.len(), |j| i + j);
            let text = decode(&s[i..end])?;
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root: {text:?}"));
            }
            for &e in &stack {
                elements[e].text.push_str(&text);
            }
            i = end;
            continue;
        }
        let rest = &s[i..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("unterminated comment")?;
            i += end + 3;
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            return Err(format!(
                "unexpected markup at {i}: {:?}",
                &rest[..rest.len().min(20)]
            ));
        }
        if let Some(close) = rest.strip_prefix("</") {
            let name: String = close.chars().take_while(|&c| is_name_char(c)).collect();
            let after = close[name.len()..].trim_start();
            if !after.starts_with('>') {
                return Err(format!("bad end tag </{name}"));
            }
            let open = stack
                .pop()
                .ok_or_else(|| format!("</{name}> without start tag"))?;
            if elements[open].name != name {
                return Err(format!("<{}> closed by </{name}>", elements[open].name));
            }
            i = s.len() - after.len() + 1;
            continue;
        }
        // Start tag.
        let body = &rest[1..];
        let name: String = body.chars().take_while(|&c| is_name_char(c)).collect();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err(format!("bad tag name at {i}"));
        }
        if stack.is_empty() {
            roots += 1;
            if roots > 1 {
                return Err("more than one root element".into());
            }
        }
        let mut p = &body[name.len()..];
        let mut attrs: Vec<(String, String)> = Vec::new();
        let self_closing;
        loop {
            let trimmed = p.trim_start();
            let had_space = trimmed.len() < p.len();
            p = trimmed;
            if let Some(r) = p.strip_prefix("/>") {
                self_closing = true;
                p = r;
                break;
            }
            if let Some(r) = p.strip_prefix('>') {
                self_closing = false;
                p = r;
                break;
            }
            if !had_space {
                return Err(format!("no space before attribute in <{name}>"));
            }
            let an: String = p.chars().take_while(|&c| is_name_char(c)).collect();
            if an.is_empty() {
                return Err(format!(
                    "bad attribute in <{name}>: {:?}",
                    &p[..p.len().min(20)]
                ));
            }
            p = p[an.len()..].trim_start();
            p = p
                .strip_prefix('=')
                .ok_or_else(|| format!("{an} without = in <{name}>"))?
                .trim_start();
            let quote = p.chars().next().filter(|c| *c == '"' || *c == '\'');
            let quote = quote.ok_or_else(|| format!("unquoted {an} in <{name}>"))?;
            let end = p[1..]
                .find(quote)
                .ok_or_else(|| format!("unterminated {an}"))?;
            let value = decode(&p[1..1 + end])?;
            if attrs.iter().any(|(n, _)| *n == an) {
                return Err(format!("duplicate attribute {an} in <{name}>"));
            }
            attrs.push((an, value));
            p = &p[end + 2..];
        }
        elements.push(Element {
            name,
            attrs,
            text: String::new(),
            parent: stack.last().copied(),
        });
        if !self_closing {
            stack.push(elements.len() - 1);
        }
        i = s.len() - p.len();
    }
    if let Some(&open) = stack.last() {
        return Err(format!("<{}> is never closed", elements[open].name));
    }
    if roots != 1 {
        return Err("no root element".into());
    }
    Ok(elements)
}

/// Parses and checks what every chart must be: an accessible, self-contained SVG 1.1 root,
/// only finite numbers with at most one decimal, fonts on every text, no foreign content.
fn check(svg: &str) -> Vec<Element> {
    let els = parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"));
    let root = &els[0];
    assert_eq!(root.name, "svg");
    assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2000/svg"));
    assert_eq!(root.attr("role"), Some("img"));
    let (w, h) = (root.num("width"), root.num("height"));
    assert!(w > 0.0 && h > 0.0, "size {w}×{h}");
    assert_eq!(
        root.attr("viewBox"),
        Some(
            format!(
                "0 0 {} {}",
                root.attr("width").unwrap(),
                root.attr("height").unwrap()
            )
            .as_str()
        )
    );
    // aria-labelledby names existing title/desc children of the root.
    let ids: Vec<&str> = root
        .attr("aria-labelledby")
        .expect("aria-labelledby")
        .split(' ')
        .collect();
    for id in &ids {
        let target = els
            .iter()
            .find(|e| e.attr("id") == Some(id))
            .unwrap_or_else(|| panic!("no #{id}"));
        assert!(target.name == "title" || target.name == "desc");
        assert_eq!(target.parent, Some(0));
        assert!(!target.text.trim().is_empty(), "#{id} is empty");
    }
    assert_eq!(els[1].name, "title", "the root's first child is its title");
    assert!(els.iter().any(|e| e.name == "desc" && e.parent == Some(0)));

    let allowed = [
        "svg", "title", "desc", "rect", "line", "circle", "path", "text", "tspan", "g",
    ];
    for e in &els {
        assert!(
            allowed.contains(&e.name.as_str()),
            "unexpected element <{}>",
            e.name
        );
        for (n, v) in &e.attrs {
            assert!(!n.starts_with("on"), "event handler {n}");
            assert!(!n.contains("href"), "external reference {n}");
            assert!(n != "style", "style attribute");
            check_numbers(n, v);
        }
        if e.name == "text" {
            assert_eq!(
                e.attr("font-family"),
                Some(FONT_FAMILY),
                "text without font list"
            );
            assert!(e.attr("font-size").is_some());
        }
    }
    for bad in ["NaN", "inf", "<script", "foreignObject", "url("] {
        assert!(!svg.contains(bad), "{bad} in output:\n{svg}");
    }
    els
}

/// Every number in a geometric attribute is finite, has at most one decimal and no ".0".
fn check_numbers(name: &str, value: &str) {
    let numeric = [
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "width",
        "height",
        "dy",
        "font-size",
        "stroke-width",
        "viewBox",
        "d",
        "transform",
        "stroke-dasharray",
    ];
    if !numeric.contains(&name) {
        return;
    }
    let mut token = String::new();
    for c in value.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || c == '.' || c == '-' {
            token.push(c);
            continue;
        }
        if !token.is_empty() {
            assert!(token.parse::<f64>().is_ok(), "{name}={value:?}: {token:?}");
            assert!(
                !token.ends_with(".0") && token != "-0",
                "{name}={value:?}: {token:?}"
            );
            if let Some((_, decimals)) = token.split_once('.') {
                assert!(decimals.len() <= 1, "{name}={value:?}: {token:?}");
            }
            token.clear();
        }
    }
}

fn texts_with_class<'a>(els: &'a [Element], class: &str) -> Vec<&'a Element> {
    els.iter()
        .filter(|e| e.name == "text" && e.has_class(class))
        .collect()
}

/// Elements whose direct `<title>` child carries a tooltip.
fn with_tooltip<'a>(els: &'a [Element], name: &str) -> Vec<(usize, &'a Element)> {
    els.iter()
        .enumerate()
        .filter(|(i, e)| {
            e.name == name
                && els
                    .iter()
                    .any(|t| t.name == "title" && t.parent == Some(*i))
        })
        .collect()
}

fn tooltip_of(els: &[Element], i: usize) -> String {
    els.iter()
        .find(|t| t.name == "title" && t.parent == Some(i))
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Sample data.

fn s(v: &str) -> String {
    v.to_string()
}

fn series(name: &str, values: &[f64]) -> Series {
    Series {
        name: s(name),
        values: values.to_vec(),
        colour: None,
    }
}

const BRANCHES: [&str; 6] = [
    "针灸推拿党支部",
    "内科第一党支部",
    "外科党支部",
    "护理党支部",
    "行政后勤党支部",
    "离退休党支部",
];

const SEVEN: [&str; 6] = [
    "针灸推拿党支部",
    "内科第一党支部",
    "外科第二党支部",
    "护理第三党支部",
    "行政后勤党支部",
    "离退休干部支部",
];

fn sample_bar(stacked: bool) -> BarChart {
    BarChart {
        title: s("2024年各支部党员人数"),
        categories: BRANCHES.iter().map(|b| s(b)).collect(),
        series: vec![
            series("正式党员", &[18.0, 25.0, 12.0, 30.0, 9.0, 41.0]),
            series("预备党员", &[2.0, 3.0, 0.0, 4.0, 1.0, 0.0]),
        ],
        stacked,
        unit: s("人"),
        width: 640.0,
        height: 320.0,
    }
}

fn months() -> Vec<String> {
    (1..=12).map(|m| format!("{m}月")).collect()
}

fn sample_line() -> LineChart {
    LineChart {
        title: s("组织生活开展次数（按月）"),
        categories: months(),
        series: vec![
            series(
                "2024年",
                &[
                    12.0, 8.0, 15.0, 14.0, 16.0, 13.0, 9.0, 7.0, 15.0, 17.0, 14.0, 18.0,
                ],
            ),
            series(
                "2023年",
                &[
                    10.0, 6.0, 12.0, 13.0, 11.0, 12.0, 8.0, 9.0, 13.0, 12.0, 15.0, 16.0,
                ],
            ),
        ],
        unit: s("次"),
        width: 640.0,
        height: 300.0,
    }
}

fn sample_heatmap() -> HeatMap {
    let states = [
        CellState::Met,
        CellState::Missed,
        CellState::Due,
        CellState::Future,
        CellState::NotApplicable,
    ];
    let cells = (0..BRANCHES.len())
        .map(|r| {
            (0..12)
                .map(|c| {
                    let state = if c > 8 {
                        CellState::Future
                    } else if c == 8 {
                        CellState::Due
                    } else if r == 5 && c < 3 {
                        CellState::NotApplicable
                    } else {
                        states[(r * 7 + c * 3) % 2]
                    };
                    let text = match state {
                        CellState::Met => format!("{}", 1 + (r + c) % 3),
                        CellState::Missed | CellState::Due => s("0"),
                        _ => String::new(),
                    };
                    HeatCell {
                        state,
                        text,
                        tooltip: String::new(),
                    }
                })
                .collect()
        })
        .collect();
    HeatMap {
        title: s("2024年支部委员会会议完成情况"),
        rows: BRANCHES.iter().map(|b| s(b)).collect(),
        columns: months(),
        cells,
        width: 720.0,
    }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn text_width_counts_cjk_as_one_em_and_ascii_as_055() {
    assert!((text_width("党支部ab", 10.0) - 41.0).abs() < 1e-9);
    assert!((text_width("2024", 10.0) - 22.0).abs() < 1e-9);
    assert!((text_width("（一）", 12.0) - 36.0).abs() < 1e-9);
    assert_eq!(text_width("", 12.0), 0.0);
    assert_eq!(text_width("党", f64::NAN), 0.0);
}

#[test]
fn samples_are_well_formed_and_accessible() {
    for stacked in [false, true] {
        let svg = sample_bar(stacked).to_svg();
        let els = check(&svg);
        // Every bar has a tooltip naming its category, series and value with the unit.
        let bars = with_tooltip(&els, "rect");
        assert!(bars.len() >= 10, "{} bars", bars.len());
        assert!(
            bars.iter()
                .any(|(i, _)| tooltip_of(&els, *i) == "针灸推拿党支部 · 正式党员：18人")
        );
        // Two series: a legend.
        assert_eq!(texts_with_class(&els, "dj-legend").len(), 2);
        let desc = els.iter().find(|e| e.name == "desc").unwrap();
        assert!(
            desc.text
                .contains("针灸推拿党支部：正式党员 18人，预备党员 2人"),
            "{}",
            desc.text
        );
        assert!(els[1].text == "2024年各支部党员人数");
    }
    let els = check(&sample_line().to_svg());
    assert_eq!(with_tooltip(&els, "circle").len(), 24);
    assert_eq!(els.iter().filter(|e| e.name == "path").count(), 2);

    let els = check(&sample_heatmap().to_svg());
    let cells = with_tooltip(&els, "rect");
    assert_eq!(cells.len(), 6 * 12);
    assert_eq!(
        tooltip_of(&els, cells[0].0),
        "针灸推拿党支部 · 1月：已完成（1）"
    );
    let legend: Vec<String> = texts_with_class(&els, "dj-legend")
        .iter()
        .map(|e| e.text.clone())
        .collect();
    assert_eq!(legend, ["已完成", "未完成", "进行中", "未到期", "不适用"]);
}

#[test]
fn one_series_bars_have_value_labels_and_no_legend() {
    let chart = BarChart {
        title: s("发展党员"),
        categories: vec![s("一支部"), s("二支部"), s("三支部")],
        series: vec![series("", &[3.0, 5.5, 0.0])],
        unit: s("人"),
        ..Default::default()
    };
    let els = check(&chart.to_svg());
    assert!(texts_with_class(&els, "dj-legend").is_empty());
    let labels: Vec<&str> = texts_with_class(&els, "dj-value")
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(labels, ["3", "5.5", "0"]);
    let bars = with_tooltip(&els, "rect");
    assert_eq!(tooltip_of(&els, bars[1].0), "二支部：5.5人");
}

#[test]
fn axis_ticks_are_nice_and_start_at_zero() {
    for (values, expect_step) in [
        (vec![18.0, 25.0, 41.0], 10.0),
        (vec![0.3, 0.7, 0.45], 0.1),
        (vec![1234.0, 5678.0], 1000.0),
        (vec![3.0, 1.0], 1.0),
        (vec![-12.0, 7.0], 5.0),
    ] {
        let chart = BarChart {
            title: s("t"),
            categories: (0..values.len()).map(|i| format!("c{i}")).collect(),
            series: vec![series("a", &values)],
            width: 500.0,
            height: 300.0,
            ..Default::default()
        };
        let els = check(&chart.to_svg());
        let ticks: Vec<f64> = texts_with_class(&els, "dj-tick")
            .iter()
            .map(|e| e.text.parse().unwrap())
            .collect();
        assert!(ticks.contains(&0.0), "{ticks:?}");
        let lo = values.iter().cloned().fold(0.0, f64::min);
        let hi = values.iter().cloned().fold(0.0, f64::max);
        assert!(
            ticks[0] <= lo && *ticks.last().unwrap() >= hi,
            "{ticks:?} for {values:?}"
        );
        let step = ticks[1] - ticks[0];
        // No tick beyond the one that covers the data (nor below zero for positive data).
        assert!(
            ticks[0] > lo - step && *ticks.last().unwrap() < hi + step,
            "{ticks:?} for {values:?}"
        );
        assert!(
            ticks
                .windows(2)
                .all(|w| ((w[1] - w[0]) - step).abs() < 1e-6),
            "{ticks:?}"
        );
        let mantissa = step / 10f64.powf(step.log10().floor());
        assert!(
            [1.0, 2.0, 5.0].iter().any(|m| (mantissa - m).abs() < 1e-6),
            "step {step} in {ticks:?}"
        );
        assert!(
            step <= expect_step * 2.0 && step >= expect_step / 2.0,
            "{ticks:?}"
        );
    }
}

#[test]
fn edge_cases_give_valid_svgs() {
    let cats = |n: usize| -> Vec<String> { (0..n).map(|i| format!("类别{i}")).collect() };
    let bars = [
        BarChart::default(),
        BarChart {
            title: s("无系列"),
            categories: cats(3),
            ..Default::default()
        },
        BarChart {
            title: s("无类别"),
            series: vec![series("a", &[1.0])],
            ..Default::default()
        },
        BarChart {
            title: s("全零"),
            categories: cats(3),
            series: vec![series("a", &[0.0; 3])],
            ..Default::default()
        },
        BarChart {
            title: s("负值"),
            categories: cats(3),
            series: vec![
                series("a", &[-5.0, 3.0, -0.04]),
                series("b", &[2.0, -7.5, 1.0]),
            ],
            ..Default::default()
        },
        BarChart {
            title: s("负值堆叠"),
            categories: cats(3),
            series: vec![
                series("a", &[-5.0, 3.0, -1.0]),
                series("b", &[2.0, -7.5, 1.0]),
            ],
            stacked: true,
            ..Default::default()
        },
        BarChart {
            title: s("单个类别"),
            categories: cats(1),
            series: vec![series("a", &[7.0])],
            ..Default::default()
        },
        BarChart {
            title: s("非有限值"),
            categories: cats(4),
            series: vec![series(
                "a",
                &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300],
            )],
            width: f64::NAN,
            height: -3.0,
            ..Default::default()
        },
        BarChart {
            title: s("长度不一"),
            categories: cats(5),
            series: vec![
                series("a", &[1.0]),
                series("b", &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]),
            ],
            ..Default::default()
        },
        BarChart {
            title: s("很多类别"),
            categories: cats(500),
            series: vec![series("a", &[3.0; 500])],
            width: 300.0,
            ..Default::default()
        },
        BarChart {
            title: s("很小"),
            categories: cats(40),
            series: vec![series("a", &[0.012; 40])],
            width: 1.0,
            height: 1.0,
            ..Default::default()
        },
    ];
    for chart in &bars {
        let svg = chart.to_svg();
        let els = check(&svg);
        let empty = chart.series.is_empty()
            || chart.categories.is_empty()
            || chart.series.iter().all(|s| {
                s.values
                    .iter()
                    .take(chart.categories.len())
                    .all(|v| !v.is_finite())
            });
        let says_empty = els.iter().any(|e| e.name == "text" && e.text == "暂无数据");
        assert_eq!(says_empty, empty, "{}:\n{svg}", chart.title);
    }
    let lines = [
        LineChart::default(),
        LineChart {
            title: s("无系列"),
            categories: cats(3),
            ..Default::default()
        },
        LineChart {
            title: s("全零"),
            categories: cats(3),
            series: vec![series("a", &[0.0; 3])],
            ..Default::default()
        },
        LineChart {
            title: s("负值"),
            categories: cats(3),
            series: vec![series("a", &[-5.0, 3.0, -1.0])],
            ..Default::default()
        },
        LineChart {
            title: s("单个类别"),
            categories: cats(1),
            series: vec![series("a", &[7.0])],
            ..Default::default()
        },
        LineChart {
            title: s("有缺口"),
            categories: cats(6),
            series: vec![series("a", &[1.0, f64::NAN, 3.0, 4.0, f64::NAN, 2.0])],
            ..Default::default()
        },
        LineChart {
            title: s("全无数值"),
            categories: cats(2),
            series: vec![series("a", &[f64::NAN; 2])],
            ..Default::default()
        },
    ];
    for chart in &lines {
        let svg = chart.to_svg();
        let els = check(&svg);
        let says_empty = els.iter().any(|e| e.name == "text" && e.text == "暂无数据");
        let empty = chart
            .series
            .iter()
            .all(|s| s.values.iter().all(|v| !v.is_finite()))
            || chart.categories.is_empty();
        assert_eq!(says_empty, empty, "{}:\n{svg}", chart.title);
    }
    // A gap breaks the line; a lone point between gaps has no line but keeps its marker.
    let els = check(&lines[5].to_svg());
    let d = els
        .iter()
        .find(|e| e.name == "path")
        .unwrap()
        .attr("d")
        .unwrap()
        .to_string();
    assert_eq!(d.matches('M').count(), 1, "{d}");
    assert_eq!(with_tooltip(&els, "circle").len(), 4);

    let heat = [
        HeatMap::default(),
        HeatMap {
            title: s("无列"),
            rows: vec![s("一支部")],
            ..Default::default()
        },
        HeatMap {
            title: s("格子不全"),
            rows: vec![s("一支部"), s("二支部")],
            columns: vec![s("一季度"), s("二季度")],
            cells: vec![vec![HeatCell {
                state: CellState::Met,
                text: s("1234567890123456"),
                tooltip: String::new(),
            }]],
            width: 240.0,
        },
        HeatMap {
            title: s("很多列"),
            rows: vec![s("一支部")],
            columns: (1..=60).map(|i| format!("第{i}周")).collect(),
            cells: vec![],
            width: 300.0,
        },
    ];
    for (i, m) in heat.iter().enumerate() {
        let svg = m.to_svg();
        let els = check(&svg);
        let says_empty = els.iter().any(|e| e.name == "text" && e.text == "暂无数据");
        assert_eq!(says_empty, i < 2, "{}:\n{svg}", m.title);
    }
    // Missing cells are drawn as not applicable, with a tooltip saying so.
    let els = check(&heat[2].to_svg());
    let cells = with_tooltip(&els, "rect");
    assert_eq!(cells.len(), 4);
    assert_eq!(tooltip_of(&els, cells[3].0), "二支部 · 二季度：不适用");
    // Text too wide for its cell is left to the tooltip.
    assert!(!svg_texts(&els).contains(&"1234567890123456".to_string()));
}

fn svg_texts(els: &[Element]) -> Vec<String> {
    els.iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text.clone())
        .collect()
}

#[test]
fn any_input_text_comes_out_inert() {
    let evil = "</svg><script>alert('x')</script>&amp;\"<!--\u{1}\u{7}";
    let kept = "</svg><script>alert('x')</script>&amp;\"<!--";
    let bar = BarChart {
        title: s(evil),
        categories: vec![s(evil), s("ok")],
        series: vec![series(evil, &[1.0, 2.0]), series("b", &[2.0, 1.0])],
        unit: s(evil),
        ..Default::default()
    };
    let line = LineChart {
        title: s(evil),
        categories: vec![s(evil), s("ok")],
        series: vec![series(evil, &[1.0, 2.0])],
        unit: s(evil),
        ..Default::default()
    };
    let heat = HeatMap {
        title: s(evil),
        rows: vec![s(evil)],
        columns: vec![s(evil)],
        cells: vec![vec![HeatCell {
            state: CellState::Due,
            text: s(evil),
            tooltip: s(evil),
        }]],
        width: 0.0,
    };
    for svg in [bar.to_svg(), line.to_svg(), heat.to_svg()] {
        let els = check(&svg);
        assert_eq!(els.iter().filter(|e| e.name == "svg").count(), 1);
        assert_eq!(els[1].text, kept, "the title survives escaping intact");
        assert!(
            els.iter()
                .filter(|e| e.name == "title")
                .all(|t| !t.text.contains('\u{1}'))
        );
        assert!(!svg.contains("<!--"));
    }
}

#[test]
fn output_is_deterministic_and_ids_do_not_clash() {
    let a = sample_bar(false);
    assert_eq!(a.to_svg(), a.clone().to_svg());
    assert_eq!(sample_line().to_svg(), sample_line().to_svg());
    assert_eq!(sample_heatmap().to_svg(), sample_heatmap().to_svg());

    let mut other = sample_bar(false);
    other.title.push('2');
    let page = [
        a.to_svg(),
        sample_bar(true).to_svg(),
        other.to_svg(),
        sample_line().to_svg(),
        sample_heatmap().to_svg(),
    ];
    let mut ids = Vec::new();
    for svg in &page {
        for e in check(svg) {
            if let Some(id) = e.attr("id") {
                assert!(
                    id.is_ascii() && id.starts_with(|c: char| c.is_ascii_alphabetic()),
                    "{id}"
                );
                ids.push(id.to_string());
            }
        }
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids clash across charts on one page");
}

/// The slot each category label has along its baseline, and the label's font size.
fn category_label_room(chart: &BarChart) -> Vec<(String, f64, f64)> {
    let els = check(&chart.to_svg());
    let root = &els[0];
    let (w, h) = (root.num("width"), root.num("height"));
    let labels = texts_with_class(&els, "dj-cat");
    assert_eq!(labels.len(), chart.categories.len());
    let xs: Vec<f64> = labels.iter().map(|e| e.num("x")).collect();
    let spacing = xs
        .windows(2)
        .map(|p| p[1] - p[0])
        .fold(f64::INFINITY, f64::min);
    labels
        .iter()
        .map(|e| {
            let size = e.num("font-size");
            let room = match e.attr("transform") {
                // Rotated 45° and hanging down-left from the anchor: the room is the diagonal
                // to the bottom or left edge, whichever comes first.
                Some(t) => {
                    assert!(t.starts_with("rotate(-45 "), "{t}");
                    assert_eq!(e.attr("text-anchor"), Some("end"));
                    let (x, y) = (e.num("x"), e.num("y"));
                    assert!(x < w);
                    (h - y).min(x) / std::f64::consts::FRAC_1_SQRT_2 - size
                }
                None => spacing,
            };
            (e.text.clone(), room, size)
        })
        .collect()
}

#[test]
fn cjk_category_labels_get_room_for_all_their_characters() {
    // Seven characters each, at three widths: flat, wrapped onto two lines, rotated.
    let make = |n: usize, width: f64| BarChart {
        title: s("各支部活动次数"),
        categories: SEVEN.iter().cycle().take(n).map(|b| s(b)).collect(),
        series: vec![series("活动", &vec![5.0; n])],
        width,
        height: 320.0,
        ..Default::default()
    };
    for (n, width) in [(4, 760.0), (12, 500.0)] {
        let chart = make(n, width);
        for (text, room, size) in category_label_room(&chart) {
            assert_eq!(text.chars().count(), 7, "{text} was cut");
            assert!(
                room >= 7.0 * size,
                "{text}: {room} < 7 × {size} (n={n}, width={width})"
            );
        }
    }
    // In between, where they would fit on two lines, the labels are turned, not broken: a
    // branch name split into 药剂 / 科支部 reads as two names (issue 18).
    let chart = make(6, 500.0);
    let els = check(&chart.to_svg());
    let labels = texts_with_class(&els, "dj-cat");
    assert_eq!(labels.len(), 6);
    for e in labels {
        let t = e.attr("transform").unwrap_or_default();
        assert!(t.starts_with("rotate("), "{}: not turned ({t})", e.text);
        assert_eq!(e.text.chars().count(), 7);
        let lines = els
            .iter()
            .filter(|t| t.name == "tspan" && t.parent.is_some_and(|p| std::ptr::eq(&els[p], e)))
            .count();
        assert!(lines <= 1, "{} is drawn on {lines} lines", e.text);
    }
    // Words of a Latin label still wrap at their spaces.
    let latin = BarChart {
        categories: vec![s("Outpatient Dept A"), s("Outpatient Dept B"), s("Ward C")],
        ..make(3, 300.0)
    };
    let els = check(&latin.to_svg());
    for e in texts_with_class(&els, "dj-cat") {
        assert!(e.attr("transform").is_none(), "{} turned", e.text);
    }
}

#[test]
fn marks_missing_from_the_pdf_fonts_are_swapped() {
    let m = HeatMap {
        title: s("✕ 与 ✓"),
        rows: vec![s("一支部")],
        columns: vec![s("1月"), s("2月")],
        cells: vec![vec![
            HeatCell {
                state: CellState::Missed,
                text: s("✕"),
                tooltip: s("✕ 未完成"),
            },
            HeatCell {
                state: CellState::Met,
                text: s("✔"),
                tooltip: String::new(),
            },
        ]],
        width: 300.0,
    };
    let els = check(&m.to_svg());
    let cells: Vec<&str> = texts_with_class(&els, "dj-cell-text")
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(cells, ["×", "✓"]);
    // Tooltips and the accessible name are for browsers and keep the original.
    assert_eq!(els[1].text, "✕ 与 ✓");
}

#[test]
fn heat_map_row_labels_are_as_wide_as_the_longest() {
    let els = check(&sample_heatmap().to_svg());
    let rows = texts_with_class(&els, "dj-row");
    assert_eq!(rows.len(), BRANCHES.len());
    let size = rows[0].num("font-size");
    let x = rows[0].num("x");
    let longest = BRANCHES
        .iter()
        .map(|b| text_width(b, size))
        .fold(0.0, f64::max);
    assert!(longest >= 7.0 * size);
    let first_cell = with_tooltip(&els, "rect")
        .iter()
        .map(|(_, e)| e.num("x"))
        .fold(f64::INFINITY, f64::min);
    assert!(
        first_cell - x >= longest,
        "labels from {x}, cells from {first_cell}, longest {longest}"
    );
    for (r, b) in rows.iter().zip(BRANCHES) {
        assert_eq!(r.text, b);
    }
    // Cell text colours: white on green/red, dark on amber.
    for t in texts_with_class(&els, "dj-cell-text") {
        assert!(
            matches!(t.attr("fill"), Some("#ffffff") | Some("#212121")),
            "{:?}",
            t.attr("fill")
        );
    }
}

fn luminance(hex: &str) -> f64 {
    let c = |i: usize| {
        let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
}

#[test]
fn series_colours_lead_with_party_red_and_meet_aa_on_white() {
    let chart = BarChart {
        title: s("六个系列"),
        categories: vec![s("一支部")],
        series: (0..6)
            .map(|i| series(&format!("s{i}"), &[1.0 + i as f64]))
            .collect(),
        ..Default::default()
    };
    let els = check(&chart.to_svg());
    let fills: Vec<&str> = with_tooltip(&els, "rect")
        .iter()
        .map(|(_, e)| e.attr("fill").unwrap())
        .collect();
    assert_eq!(fills.len(), 6);
    assert_eq!(fills[0], "#c8102e");
    for f in &fills {
        let contrast = 1.05 / (luminance(f) + 0.05);
        assert!(contrast >= 4.5, "{f}: {contrast:.2}");
    }
    let mut distinct = fills.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), 6);
}

/// With `DJ_CHARTS_OUT` set, writes the samples as SVG files plus an HTML page inlining them.
#[test]
fn write_examples_when_asked() {
    let Some(dir) = std::env::var_os("DJ_CHARTS_OUT") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let narrow = BarChart {
        title: s("各支部年度活动次数（窄图，标签旋转）"),
        categories: BRANCHES.iter().cycle().take(12).map(|b| s(b)).collect(),
        series: vec![series(
            "活动",
            &[
                12.0, 9.0, 15.0, 7.0, 11.0, 4.0, 8.0, 10.0, 13.0, 6.0, 5.0, 14.0,
            ],
        )],
        unit: s("次"),
        width: 480.0,
        height: 320.0,
        stacked: false,
    };
    let single_line = LineChart {
        title: s("党员大会平均出席率"),
        categories: months(),
        series: vec![series(
            "出席率",
            &[
                92.5,
                88.0,
                95.0,
                f64::NAN,
                90.0,
                86.5,
                91.0,
                93.0,
                97.0,
                89.5,
                94.0,
                96.0,
            ],
        )],
        unit: s("%"),
        width: 640.0,
        height: 280.0,
    };
    let negative = BarChart {
        title: s("党员人数较上年变化"),
        categories: BRANCHES[..4].iter().map(|b| s(b)).collect(),
        series: vec![
            series("正式党员", &[2.0, -3.0, 0.0, 5.0]),
            series("预备党员", &[-1.0, 1.0, 2.0, -2.0]),
        ],
        unit: s("人"),
        width: 640.0,
        height: 300.0,
        stacked: false,
    };
    let examples = [
        ("bar", sample_bar(false).to_svg()),
        ("bar-stacked", sample_bar(true).to_svg()),
        ("bar-narrow", narrow.to_svg()),
        ("bar-negative", negative.to_svg()),
        ("line", sample_line().to_svg()),
        ("line-single", single_line.to_svg()),
        ("heatmap", sample_heatmap().to_svg()),
        (
            "empty",
            BarChart {
                title: s("空图"),
                ..Default::default()
            }
            .to_svg(),
        ),
        ("stress-bar", stress_bar().to_svg()),
        ("stress-line", stress_line().to_svg()),
        ("stress-heatmap", stress_heatmap().to_svg()),
        (
            "stress-many",
            BarChart {
                title: s("很多类别"),
                categories: (1..=60).map(|i| format!("第{i}周")).collect(),
                series: vec![series(
                    "a",
                    &(1..=60).map(|i| (i % 7) as f64).collect::<Vec<_>>(),
                )],
                width: 360.0,
                ..Default::default()
            }
            .to_svg(),
        ),
    ];
    for (name, svg) in &examples {
        check(svg);
        std::fs::write(dir.join(format!("{name}.svg")), svg).unwrap();
        let html = format!(
            "<!doctype html><meta charset=\"utf-8\"><body style=\"margin:8px;background:#fff\">{svg}</body>"
        );
        std::fs::write(dir.join(format!("{name}.html")), html).unwrap();
    }
}

/// Awkward but plausible input for looking at: a long title, many series with long names,
/// a very long category name, Latin text mixed in.
fn stress_bar() -> BarChart {
    BarChart {
        title: s(
            "2024年度各党支部“三会一课”及主题党日活动开展情况统计（含 Party Day & 专题学习），按支部与活动类型分列",
        ),
        categories: vec![
            s("针灸推拿党支部"),
            s("中西医结合肿瘤科与血液科联合党支部（含门诊部）"),
            s("ICU"),
            s("Admin Office"),
            s("药剂科党支部"),
        ],
        series: vec![
            series("支部党员大会", &[4.0, 3.0, 4.0, 2.0, 4.0]),
            series("支部委员会会议", &[12.0, 11.0, 12.0, 10.0, 12.0]),
            series("党小组会", &[20.0, 18.0, 24.0, 15.0, 22.0]),
            series("党课", &[4.0, 4.0, 3.0, 4.0, 4.0]),
            series("主题党日 Party Day", &[12.0, 12.0, 11.0, 12.0, 12.0]),
            series("专题学习", &[6.0, 2.5, 8.0, 3.0, 5.0]),
            series("其他", &[1.0, 0.0, 2.0, 0.0, 1.0]),
        ],
        stacked: true,
        unit: s("次"),
        width: 560.0,
        height: 300.0,
    }
}

fn stress_line() -> LineChart {
    LineChart {
        title: s("单一类别"),
        categories: vec![s("2024年")],
        series: vec![series("党员人数", &[128.0]), series("预备党员", &[7.0])],
        unit: s("人"),
        width: 320.0,
        height: 200.0,
    }
}

fn stress_heatmap() -> HeatMap {
    let columns: Vec<String> = (1..=4)
        .flat_map(|y| (1..=4).map(move |q| format!("{}年第{q}季度", 2020 + y)))
        .collect();
    let rows = vec![
        s("中西医结合肿瘤科与血液科联合党支部（含门诊部）"),
        s("ICU"),
        s("行政后勤党支部"),
    ];
    let cells = rows
        .iter()
        .enumerate()
        .map(|(r, _)| {
            columns
                .iter()
                .enumerate()
                .map(|(c, _)| HeatCell {
                    state: CellState::ALL[(r + c) % 5],
                    // The site marks met/missed months with ✓/✕.
                    text: match CellState::ALL[(r + c) % 5] {
                        CellState::Met => s("✓"),
                        CellState::Missed => s("✕"),
                        _ if c % 3 == 0 => format!("{}", c + r),
                        _ => String::new(),
                    },
                    tooltip: String::new(),
                })
                .collect()
        })
        .collect();
    HeatMap {
        title: s("季度党课完成情况（2021–2024）"),
        rows,
        columns,
        cells,
        width: 560.0,
    }
}
