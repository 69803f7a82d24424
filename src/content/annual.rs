//! 年度数据: `content/annual/<year>.toml` (figures, targets) and `<year>.md` (the narrative of
//! the annual work summary, which cites figures by name).

use chrono::NaiveDate;

use crate::diagnostics::Code;
use crate::reader::SourceText;
use crate::reader::values;
use crate::reader::{Fields, Located};

#[derive(Debug, Clone)]
pub struct AnnualData {
    pub year: i32,
    pub file: String,
    pub figures: Vec<Figure>,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone)]
pub struct Figure {
    pub id: Located<String>,
    pub label: String,
    pub unit: String,
    pub group: String,
    pub value: f64,
    /// `better = "lower"`: a decrease is good news (complaints, costs).
    pub better: Better,
    /// How the value is written: `display = "grouped"` (215,400元) or `"wan"` (21.54万元).
    pub display: Display,
}

/// Which way a figure should go: decides the colour of its change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Better {
    #[default]
    Higher,
    Lower,
}

impl Better {
    pub const NAMES: &'static [&'static str] = &["higher", "lower"];
}

/// How a (large) amount is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Display {
    /// As typed: 215400元.
    #[default]
    Plain,
    /// In groups of three: 215,400元.
    Grouped,
    /// In 万 (two decimals at most): 21.54万元.
    Wan,
}

impl Display {
    pub const NAMES: &'static [&'static str] = &["plain", "grouped", "wan"];

    /// `value` with `unit`, written this way.
    pub fn write(self, value: f64, unit: &str) -> String {
        match self {
            Display::Plain => format!("{}{unit}", crate::format::number(value)),
            Display::Grouped => format!("{}{unit}", crate::format::grouped(value)),
            Display::Wan => format!("{}{unit}", crate::format::wan(value)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Target {
    pub id: Located<String>,
    pub label: String,
    pub unit: String,
    pub group: String,
    pub target: f64,
    pub actual: TargetActual,
}

/// How a target's actual is obtained.
#[derive(Debug, Clone)]
pub enum TargetActual {
    /// Counted from activities of these kinds or carrying one of these tags.
    Counted {
        kinds: Vec<Located<String>>,
        tags: Vec<String>,
    },
    /// Entered by hand.
    Manual(f64),
    /// A member figure counted from `content/members/` (`stat = "new_members"`).
    Stat(String),
}

#[derive(Debug, Clone)]
pub struct Narrative {
    pub year: i32,
    pub file: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub date: Option<NaiveDate>,
    /// `appendix = false`: the summary is printed (on its own or issued with a notice)
    /// without the appendix of figures, tables and charts.
    pub appendix: bool,
    /// `numbering = "continuous"`: the summary's items (1. 2. …) count on across sections.
    pub numbering: crate::markup::numbering::Numbering,
    pub body: String,
    pub body_line: u32,
    /// Every `{{ name }}` in the body, with where it stands.
    pub citations: Vec<Located<String>>,
}

impl AnnualData {
    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id.value == id)
    }

    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id.value == id)
    }
}

pub fn is_figure_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

pub(super) fn read_data(year: i32, file: String, f: &mut Fields<'_, '_>) -> Option<AnnualData> {
    let mut seen: Vec<String> = Vec::new();
    let mut check_id = |f: &Fields<'_, '_>, id: &Located<String>| {
        if !is_figure_id(&id.value) {
            f.sink
                .report_at(
                    Code::InvalidValue,
                    id.pos,
                    format!("数据标识“{}”不合法", id.value),
                )
                .hint("用小写字母、数字和下划线，如 new_members");
            return false;
        }
        if seen.contains(&id.value) {
            f.sink.report_at(
                Code::DuplicateId,
                id.pos,
                format!("数据标识“{}”重复", id.value),
            );
            return false;
        }
        seen.push(id.value.clone());
        true
    };
    let mut figures = Vec::new();
    for mut t in f.tables("figures") {
        let id = t.req_str("id");
        let label = t.req_str("label");
        let unit = t.req_str("unit");
        let group = t.req_str("group");
        let better = match t
            .opt_choice("better", Better::NAMES)
            .as_ref()
            .map(|v| v.value.as_str())
        {
            Some("lower") => Better::Lower,
            _ => Better::Higher,
        };
        let display = match t
            .opt_choice("display", Display::NAMES)
            .as_ref()
            .map(|v| v.value.as_str())
        {
            Some("grouped") => Display::Grouped,
            Some("wan") => Display::Wan,
            _ => Display::Plain,
        };
        let at = t.at();
        let value = t.opt_number("value");
        if value.is_none() && t.pos_of("value").is_none() {
            t.sink
                .report_at(Code::MissingField, at, "缺少必填字段 `value`（数值）")
                .hint("添加一行 `value = …`");
        }
        t.finish();
        let (Some(id), Some(label), Some(unit), Some(group), Some(value)) =
            (id, label, unit, group, value)
        else {
            continue;
        };
        if check_id(f, &id) {
            figures.push(Figure {
                id,
                label: label.value,
                unit: unit.value,
                group: group.value,
                value: value.value,
                better,
                display,
            });
        }
    }
    let mut targets = Vec::new();
    for mut t in f.tables("targets") {
        let id = t.req_str("id");
        let label = t.req_str("label");
        let unit = t.req_str("unit");
        let group = t.req_str("group");
        let target = t.opt_number("target");
        let at = t.at();
        if target.is_none() && t.pos_of("target").is_none() {
            t.sink
                .report_at(Code::MissingField, at, "缺少必填字段 `target`（目标值）")
                .hint("添加一行 `target = …`");
        }
        let kinds = t.str_list("kinds");
        let tags = values(t.str_list("tags"));
        let manual = t.opt_number("value");
        let stat = t.opt_choice("stat", &crate::citable::MEMBER_NAMES);
        let stat_pos = t.pos_of("stat");
        t.finish();
        let actual = if let Some(pos) = stat_pos {
            if manual.is_some() || !kinds.is_empty() || !tags.is_empty() {
                f.sink
                    .report_at(
                        Code::InvalidValue,
                        pos,
                        "目标的实际值只能取一种口径：`stat`（党员记录统计）、`kinds`/`tags`（活动统计）或手填 `value`",
                    )
                    .hint("保留其中一种，删去其余");
                continue;
            }
            let Some(stat) = stat else { continue };
            TargetActual::Stat(stat.value)
        } else {
            match manual {
                Some(v) if kinds.is_empty() && tags.is_empty() => TargetActual::Manual(v.value),
                Some(v) => {
                    f.sink
                    .report_at(
                        Code::InvalidValue,
                        v.pos,
                        "目标的实际值要么手填 `value`，要么按 `kinds`/`tags` 统计，二者只取其一",
                    )
                    .hint("删去 value，或删去 kinds 和 tags");
                    continue;
                }
                None if kinds.is_empty() && tags.is_empty() => {
                    f.sink
                        .report_at(
                            Code::MissingField,
                            at,
                            "目标缺少统计口径：需要 `kinds`、`tags` 或手填的 `value`",
                        )
                        .hint("如 kinds = [\"义诊\"]，或 value = 87");
                    continue;
                }
                None => TargetActual::Counted { kinds, tags },
            }
        };
        let (Some(id), Some(label), Some(unit), Some(group), Some(target)) =
            (id, label, unit, group, target)
        else {
            continue;
        };
        if check_id(f, &id) {
            targets.push(Target {
                id,
                label: label.value,
                unit: unit.value,
                group: group.value,
                target: target.value,
                actual,
            });
        }
    }
    Some(AnnualData {
        year,
        file,
        figures,
        targets,
    })
}

pub(super) fn read_narrative(
    year: i32,
    file: String,
    f: &mut Fields<'_, '_>,
    src: &SourceText,
    body_offset: usize,
) -> Option<Narrative> {
    let title = f.req_title("title");
    let subtitle = f.opt_str("subtitle").map(|v| v.value);
    let date = f.opt_date("date").map(|v| v.value);
    let appendix = f.opt_bool("appendix").is_none_or(|a| a.value);
    let numbering = super::numbering::read(f);
    let body = &src.text[body_offset..];
    let citations = find_citations(body)
        .into_iter()
        .map(|(start, len, name)| Located::new(name, src.pos(body_offset + start, len)))
        .collect();
    Some(Narrative {
        year,
        file,
        title: title?.value,
        subtitle,
        date,
        appendix,
        numbering,
        body: body.to_owned(),
        body_line: src.pos(body_offset, 0).line,
        citations,
    })
}

/// `{{ name }}` occurrences: (byte offset, byte length, trimmed name).
pub fn find_citations(body: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = body[from..].find("{{") {
        let start = from + open;
        let Some(close) = body[start + 2..].find("}}") else {
            break;
        };
        let inner = &body[start + 2..start + 2 + close];
        let end = start + 2 + close + 2;
        // A `{{` that runs across lines is prose, not a citation.
        if !inner.contains('\n') {
            out.push((start, end - start, inner.trim().to_owned()));
        }
        from = end;
    }
    out
}
