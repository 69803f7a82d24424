//! The year's report: the tables the website's annual page and the printed work summary
//! (年度党建工作总结) both show — figures year on year, targets against actuals, activities
//! by branch and kind, the rules' compliance, brand highlights — formatted once, and the
//! summary's own data (the narrative with every `{{ name }}` replaced, its charts).

use serde::Serialize;

use super::markup::BodyWriter;
use super::title::{LINE_EM, balance};
use super::{Context, links, rows};
use crate::charts::figures;
use crate::content::Narrative;
use crate::content::annual::{Better, Display};
use crate::diagnostics::{Code, Diagnostic, Pos, Severity};
use crate::format::{cn_date, grouped, number, percent, points, signed, wan};
use crate::metrics::FigureChange;
use crate::metrics::{Metrics, cite};

#[derive(Debug, Serialize)]
pub(crate) struct Tables {
    pub figures: Vec<FigureRow>,
    pub targets: Vec<TargetRow>,
    /// The kind columns of `branches`.
    pub kinds: Vec<String>,
    pub branches: Vec<BranchRow>,
    pub totals: BranchRow,
    pub compliance: Vec<ComplianceRow>,
    pub brands: Vec<BrandRow>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FigureRow {
    pub group: String,
    pub label: String,
    pub unit: String,
    pub value: String,
    /// "—" without a previous year's value.
    pub previous: String,
    /// Signed ("+1", "-2.5", "0"), or "—".
    pub change: String,
    /// Signed percentage ("+5.0%"), or "—".
    pub ratio: String,
    /// The same, as one line shows them: the value and the previous value with the unit,
    /// the change with its percentage in brackets.
    pub value_text: String,
    pub previous_text: String,
    pub change_text: String,
    /// Up or down; `None` when unchanged or unknown.
    pub up: Option<bool>,
    /// Whether the change is good news (`better = "lower"` turns a decrease good): the colour.
    pub good: Option<bool>,
    /// The same in words (向好, 变差), so that colour is not the only signal.
    pub trend: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct TargetRow {
    pub group: String,
    pub label: String,
    pub unit: String,
    pub target: String,
    pub actual: String,
    /// With the unit.
    pub target_text: String,
    pub actual_text: String,
    pub ratio: String,
    pub status: &'static str,
    pub met: bool,
    pub counted: bool,
    /// 按记录 (counted from the records) or 填报 (entered by hand).
    pub source: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct BranchRow {
    pub name: String,
    /// The branch's page; the totals row has none.
    pub url: String,
    pub counts: Vec<u32>,
    pub total: u32,
    pub attendance: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct ComplianceRow {
    pub kind: String,
    pub period: String,
    pub min: u32,
    pub met: u32,
    pub missed: u32,
    pub due: u32,
    pub rate: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct BrandRow {
    pub name: String,
    pub url: String,
    pub branch: String,
    pub slogan: String,
    pub honours: Vec<String>,
}

/// A figure as the tables show it: the value written as the figure says (`display`), a change
/// of a percentage in 个百分点 (no ratio of a ratio), and the change judged by which way is
/// better.
fn figure_row(f: &FigureChange, better: Better, display: Display) -> FigureRow {
    let write = |x: f64| display.write(x, &f.unit);
    let percent = f.unit == "%";
    let ratio = f
        .change_ratio
        .filter(|_| !percent)
        .map(|r| format!("{:+.1}%", r * 100.0));
    let up = f.change.filter(|c| c.abs() > 1e-9).map(|c| c > 0.0);
    let good = up.map(|up| up == (better == Better::Higher));
    FigureRow {
        group: f.group.clone(),
        label: f.label.clone(),
        unit: f.unit.clone(),
        value: number(f.value),
        previous: f.previous.map_or_else(|| "—".into(), number),
        change: f.change.map_or_else(|| "—".into(), signed),
        ratio: ratio.clone().unwrap_or_else(|| "—".into()),
        value_text: write(f.value),
        previous_text: f.previous.map_or_else(|| "—".into(), write),
        change_text: match (f.change, ratio) {
            (Some(c), _) if percent => points(c),
            (Some(c), Some(r)) => format!("{}（{r}）", signed_with(c, display)),
            (Some(c), None) => signed_with(c, display),
            _ => "—".into(),
        },
        up,
        good,
        trend: match good {
            Some(true) => "向好",
            Some(false) => "变差",
            None => "",
        },
    }
}

/// A change written the way its figure is: +15,000 for a grouped amount, +1.5万 in 万.
fn signed_with(c: f64, display: Display) -> String {
    let sign = if c > 1e-9 { "+" } else { "" };
    match display {
        Display::Plain => signed(c),
        Display::Grouped => format!("{sign}{}", grouped(c)),
        Display::Wan => format!("{sign}{}", wan(c)),
    }
}

pub(crate) fn tables(ctx: &Context<'_>, m: &Metrics) -> Tables {
    let site = ctx.site;
    let rules = &site.config.rules;
    let figures = m
        .org
        .figures
        .iter()
        .map(|f| figure_row(f, f.better, f.display))
        .collect();
    let targets = m
        .org
        .targets
        .iter()
        .map(|t| TargetRow {
            group: t.group.clone(),
            label: t.label.clone(),
            unit: t.unit.clone(),
            target: number(t.target),
            actual: number(t.actual),
            target_text: format!("{}{}", number(t.target), t.unit),
            actual_text: format!("{}{}", number(t.actual), t.unit),
            ratio: format!("{:.0}%", t.ratio * 100.0),
            status: t.status.label(),
            met: t.status == crate::metrics::Status::Met,
            counted: t.counted,
            source: if t.counted { "按记录" } else { "填报" },
        })
        .collect();
    let kinds = crate::metrics::kind_columns(&site.config, &m.org.by_kind, false);
    let counts = |by_kind: &std::collections::BTreeMap<String, u32>| -> Vec<u32> {
        kinds
            .iter()
            .map(|k| by_kind.get(k).copied().unwrap_or(0))
            .collect()
    };
    let branches = m
        .branches
        .iter()
        .map(|b| BranchRow {
            name: b.short_name.clone(),
            url: links::branch(&b.id),
            counts: counts(&b.by_kind),
            total: b.activities,
            attendance: rows::attendance(b.attendance, rules),
        })
        .collect();
    let totals = BranchRow {
        name: "合计".into(),
        url: String::new(),
        counts: counts(&m.org.by_kind),
        total: m.org.activities,
        attendance: rows::attendance(m.org.attendance, rules),
    };
    let compliance = m
        .org
        .compliance
        .iter()
        .map(|c| ComplianceRow {
            kind: c.kind.clone(),
            period: c.period.to_owned(),
            min: c.min,
            met: c.met,
            missed: c.missed,
            due: c.due,
            rate: percent(c.rate),
        })
        .collect();
    let brands = site
        .corpus
        .brands
        .iter()
        .map(|b| BrandRow {
            name: b.name.clone(),
            url: links::brand(&b.id),
            branch: site.corpus.branch_display_name(&b.branch.value),
            slogan: b.slogan.clone(),
            honours: b.honours_in(m.year),
        })
        .collect();
    Tables {
        figures,
        targets,
        kinds,
        branches,
        totals,
        compliance,
        brands,
    }
}

/// What the printed summary shows: its text, tables and charts.
#[derive(Serialize)]
pub(crate) struct SummaryView<B> {
    pub year: i32,
    pub title: String,
    pub title_lines: Vec<String>,
    pub subtitle: Option<String>,
    pub date: Option<String>,
    /// Whether the appendix of figures, tables and charts follows the text.
    pub appendix: bool,
    pub body: B,
    #[serde(flatten)]
    pub tables: Tables,
    /// Chart files in the document's folder, in the order they are printed.
    pub charts: Vec<String>,
}

/// The summary's view, the chart files it names, and the files its text comes from.
pub(crate) struct Summary<B> {
    pub view: SummaryView<B>,
    /// (file name, SVG): the website's charts, drawn by the same code.
    pub files: Vec<(String, Vec<u8>)>,
    pub sources: Vec<String>,
    /// Values that are known but not available this year (printed as "—").
    pub warnings: Vec<Diagnostic>,
}

/// The narrative's text with every citation replaced. An unknown name is an error at its
/// place in the narrative (validation reports it first; this keeps a document from ever
/// printing `{{ … }}`); a known value that the year does not have (the attendance of a year
/// without meetings) is printed as "—" with a warning.
fn cited_body(n: &Narrative, m: &Metrics) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    for c in &n.citations {
        if cite::value(&c.value, m).is_some() {
            continue;
        }
        // `stats.kind.<k>` always has a value (0); the other statistics are listed.
        let known = c
            .value
            .strip_prefix(crate::citable::PREFIX)
            .and_then(crate::citable::get)
            .is_some();
        let d = Diagnostic::new(
            Code::UnknownFigure,
            &n.file,
            c.pos,
            if known {
                format!("数据 `{}` 在 {} 年没有值，PDF 中印作“—”", c.value, n.year)
            } else {
                format!("引用了不存在的数据 `{}`", c.value)
            },
        );
        diags.push(if known {
            d.with_severity(Severity::Warning)
        } else {
            d.with_hint(format!(
                "在 content/annual/{}.toml 的 [[figures]] 中添加 id = \"{}\"",
                n.year, c.value
            ))
        });
    }
    let mut out = String::with_capacity(n.body.len());
    let mut last = 0;
    for (start, len, name) in crate::content::annual::find_citations(&n.body) {
        out.push_str(&n.body[last..start]);
        out.push_str(&cite::value(&name, m).unwrap_or_else(|| "—".to_owned()));
        last = start + len;
    }
    out.push_str(&n.body[last..]);
    (out, diags)
}

/// The summary of `n`'s year; chart files are named `<prefix>…svg`.
pub(crate) fn summary<W: BodyWriter>(
    ctx: &Context<'_>,
    n: &Narrative,
    prefix: &str,
    writer: &W,
) -> Result<Summary<W::Body>, Vec<Diagnostic>> {
    let site = ctx.site;
    let m = ctx.years.of(n.year).ok_or_else(|| {
        vec![Diagnostic::new(
            Code::Output,
            &n.file,
            Pos::FILE,
            format!("没有 {} 年的统计", n.year),
        )]
    })?;
    let (body, warnings) = cited_body(n, m);
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(warnings);
    }
    let mut sources = vec![n.file.clone(), crate::layout::CONFIG_FILE.to_owned()];
    if let Some(a) = site.corpus.annual(n.year) {
        sources.push(a.file.clone());
    }
    sources.extend(site.corpus.branches.iter().map(|b| b.file.clone()));
    sources.extend(site.corpus.brands.iter().map(|b| b.file.clone()));
    let previous = ctx
        .years
        .with_records()
        .iter()
        .find(|p| p.year == n.year - 1);
    let mut files = Vec::new();
    if !m.branches.is_empty() {
        files.push((
            format!("{prefix}branches.svg"),
            figures::by_branch(m, &site.config).to_svg().into_bytes(),
        ));
    }
    files.push((
        format!("{prefix}months.svg"),
        figures::by_month(m, previous).to_svg().into_bytes(),
    ));
    if !m.branches.is_empty() {
        files.push((
            format!("{prefix}compliance.svg"),
            figures::compliance_matrix(m).to_svg().into_bytes(),
        ));
    }
    let view = SummaryView {
        year: n.year,
        title: n.title.clone(),
        title_lines: balance(&n.title, LINE_EM),
        subtitle: n.subtitle.clone(),
        date: n.date.map(cn_date),
        appendix: n.appendix,
        body: writer.body(&body, Some(n.numbering)),
        tables: tables(ctx, m),
        charts: files.iter().map(|(name, _)| name.clone()).collect(),
    };
    Ok(Summary {
        view,
        files,
        sources,
        warnings,
    })
}

/// The printed summary of a year, published for the years that have a narrative.
pub(crate) fn pdf_url(ctx: &Context<'_>, year: i32) -> Option<String> {
    (ctx.pdf_links && ctx.site.corpus.narrative(year).is_some()).then(|| links::annual_pdf(year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(unit: &str, value: f64, previous: f64) -> FigureChange {
        FigureChange {
            id: "x".into(),
            label: "x".into(),
            unit: unit.into(),
            group: "g".into(),
            value,
            previous: Some(previous),
            change: Some(value - previous),
            change_ratio: Some((value - previous) / previous),
            better: Better::Higher,
            display: Display::Plain,
        }
    }

    #[test]
    fn a_decrease_is_good_news_when_fewer_is_better() {
        let down = change("件", 38.0, 47.0);
        let r = figure_row(&down, Better::Lower, Display::Plain);
        assert_eq!((r.up, r.good, r.trend), (Some(false), Some(true), "向好"));
        assert_eq!(r.change_text, "-9（-19.1%）");
        let r = figure_row(&down, Better::Higher, Display::Plain);
        assert_eq!((r.up, r.good, r.trend), (Some(false), Some(false), "变差"));
        let same = figure_row(&change("件", 5.0, 5.0), Better::Lower, Display::Plain);
        assert_eq!((same.up, same.good, same.trend), (None, None, ""));
    }

    #[test]
    fn a_percentage_changes_by_percentage_points() {
        let r = figure_row(&change("%", 17.5, 16.2), Better::Higher, Display::Plain);
        assert_eq!(r.change_text, "+1.3个百分点");
        assert_eq!(r.ratio, "—");
        assert_eq!(r.value_text, "17.5%");
    }

    #[test]
    fn amounts_are_written_as_the_figure_says() {
        let f = change("元", 215_400.0, 238_600.0);
        let r = figure_row(&f, Better::Higher, Display::Grouped);
        assert_eq!(
            (
                r.value_text.as_str(),
                r.previous_text.as_str(),
                r.change_text.as_str()
            ),
            ("215,400元", "238,600元", "-23,200（-9.7%）")
        );
        let r = figure_row(&f, Better::Higher, Display::Wan);
        assert_eq!(
            (r.value_text.as_str(), r.change_text.as_str()),
            ("21.54万元", "-2.32万（-9.7%）")
        );
        let r = figure_row(&f, Better::Higher, Display::Plain);
        assert_eq!(r.value_text, "215400元");
    }
}
