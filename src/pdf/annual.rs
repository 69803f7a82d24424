//! The annual work summary (年度党建工作总结) of a year → the data `annual.typ` reads: the
//! narrative of `content/annual/<year>.md` with every `{{ name }}` replaced by the computed
//! value and its unit, then an appendix of tables (figures year on year, targets against
//! actuals, activities by branch and kind, the rules' compliance, brand highlights) and the
//! site's charts, written into the document's folder as SVG.
//!
//! The same summary is printed after a notice that issues it (`annual = <year>` in a notice's
//! attachments): [`summary`] is shared with `notice.rs`, the layout with `summary.typ`.

use serde::Serialize;

use super::Document;
use super::notice::cn_date;
use super::title::{LINE_EM, balance};
use crate::Site;
use crate::charts::figures;
use crate::content::Narrative;
use crate::diagnostics::{Code, Diagnostic, Pos, Severity};
use crate::markup::typst::{TypstOptions, to_typst};
use crate::metrics::{Metrics, cite};
use crate::site::views::{self, percent};
use crate::validate::fmt_num;

/// What `summary.typ` prints: the summary's text, tables and charts.
#[derive(Serialize)]
pub(super) struct SummaryData {
    year: i32,
    title: String,
    title_lines: Vec<String>,
    subtitle: Option<String>,
    date: Option<String>,
    body: Vec<String>,
    figures: Vec<FigureRow>,
    targets: Vec<TargetRow>,
    kinds: Vec<String>,
    branches: Vec<BranchRow>,
    totals: BranchRow,
    compliance: Vec<ComplianceRow>,
    brands: Vec<BrandRow>,
    /// Chart files in the document's folder, in the order they are printed.
    charts: Vec<String>,
}

#[derive(Serialize)]
struct FigureRow {
    group: String,
    label: String,
    unit: String,
    value: String,
    previous: String,
    change: String,
    ratio: String,
}

#[derive(Serialize)]
struct TargetRow {
    group: String,
    label: String,
    unit: String,
    target: String,
    actual: String,
    ratio: String,
    status: &'static str,
    /// 按记录 (counted from the records) or 填报 (entered by hand).
    source: &'static str,
}

#[derive(Serialize)]
struct BranchRow {
    name: String,
    counts: Vec<u32>,
    total: u32,
    attendance: String,
}

#[derive(Serialize)]
struct ComplianceRow {
    kind: String,
    period: String,
    min: u32,
    met: u32,
    missed: u32,
    due: u32,
    rate: String,
}

#[derive(Serialize)]
struct BrandRow {
    name: String,
    branch: String,
    slogan: String,
    honours: Vec<String>,
}

/// The summary's data, the chart files it names, and the files its text comes from.
pub(super) struct Summary {
    pub data: SummaryData,
    pub files: Vec<(String, Vec<u8>)>,
    pub sources: Vec<String>,
    /// Values that are known but not available this year (printed as "—").
    pub warnings: Vec<Diagnostic>,
}

/// 1 → "+1", −2.5 → "-2.5", 0 → "0": a change, rounded like the website's.
fn signed(x: f64) -> String {
    let x = (x * 1e6).round() / 1e6;
    if x > 0.0 {
        format!("+{}", fmt_num(x))
    } else {
        fmt_num(x)
    }
}

/// The metrics of `year`: from the build when the year has records, else computed (a
/// narrative for a year without any record still gets its tables, empty).
fn metrics_of(site: &Site, years: &[Metrics], year: i32) -> Metrics {
    years
        .iter()
        .find(|m| m.year == year)
        .cloned()
        .unwrap_or_else(|| crate::metrics::compute(&site.config, &site.corpus, year, site.as_of))
}

/// The narrative's text with every citation replaced. An unknown name is an error at its
/// place in the narrative (validation reports it first; this keeps the PDF from ever printing
/// `{{ … }}`); a known value that the year does not have (the attendance of a year without
/// meetings) is printed as "—" with a warning.
fn cited_body(n: &Narrative, m: &Metrics) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    for c in &n.citations {
        if cite::value(&c.value, m).is_some() {
            continue;
        }
        // `stats.kind.<k>` always has a value (0); the other statistics are listed.
        let known = crate::validate::STATS.iter().any(|s| s.full == c.value)
            || c.value.strip_prefix("stats.").is_some_and(|n| {
                crate::metrics::members::CITABLE
                    .iter()
                    .any(|(name, _)| *name == n)
            });
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
pub(super) fn summary(
    site: &Site,
    years: &[Metrics],
    n: &Narrative,
    prefix: &str,
) -> Result<Summary, Vec<Diagnostic>> {
    let m = metrics_of(site, years, n.year);
    let (body, warnings) = cited_body(n, &m);
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(warnings);
    }
    let mut sources = vec![n.file.clone(), crate::layout::CONFIG_FILE.to_owned()];
    if let Some(a) = site.corpus.annual(n.year) {
        sources.push(a.file.clone());
    }
    let figures_rows = m
        .org
        .figures
        .iter()
        .map(|f| FigureRow {
            group: f.group.clone(),
            label: f.label.clone(),
            unit: f.unit.clone(),
            value: fmt_num(f.value),
            previous: f.previous.map_or_else(|| "—".into(), fmt_num),
            change: f.change.map_or_else(|| "—".into(), signed),
            ratio: f
                .change_ratio
                .map_or_else(|| "—".into(), |r| format!("{:+.1}%", r * 100.0)),
        })
        .collect();
    let targets = m
        .org
        .targets
        .iter()
        .map(|t| TargetRow {
            group: t.group.clone(),
            label: t.label.clone(),
            unit: t.unit.clone(),
            target: fmt_num(t.target),
            actual: fmt_num(t.actual),
            ratio: format!("{:.0}%", t.ratio * 100.0),
            status: t.status.label(),
            source: if t.counted { "按记录" } else { "填报" },
        })
        .collect();
    let kinds = crate::metrics::kind_columns(&site.config, &m.org.by_kind, false);
    let branches = m
        .branches
        .iter()
        .map(|b| BranchRow {
            name: b.short_name.clone(),
            counts: kinds
                .iter()
                .map(|k| b.by_kind.get(k).copied().unwrap_or(0))
                .collect(),
            total: b.activities,
            attendance: views::attendance(b.attendance, &site.config.rules),
        })
        .collect();
    for b in &site.corpus.branches {
        sources.push(b.file.clone());
    }
    let totals = BranchRow {
        name: "合计".into(),
        counts: kinds
            .iter()
            .map(|k| m.org.by_kind.get(k).copied().unwrap_or(0))
            .collect(),
        total: m.org.activities,
        attendance: views::attendance(m.org.attendance, &site.config.rules),
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
        .map(|b| {
            sources.push(b.file.clone());
            BrandRow {
                name: b.name.clone(),
                branch: site.corpus.branch_display_name(&b.branch.value),
                slogan: b.slogan.clone(),
                honours: b.honours_in(n.year),
            }
        })
        .collect();
    // The website's charts, drawn by the same code.
    let previous = years.iter().find(|p| p.year == n.year - 1);
    let mut files = Vec::new();
    if !m.branches.is_empty() {
        files.push((
            format!("{prefix}branches.svg"),
            figures::by_branch(&m, &site.config).to_svg().into_bytes(),
        ));
    }
    files.push((
        format!("{prefix}months.svg"),
        figures::by_month(&m, previous).to_svg().into_bytes(),
    ));
    if !m.branches.is_empty() {
        files.push((
            format!("{prefix}compliance.svg"),
            figures::compliance_matrix(&m).to_svg().into_bytes(),
        ));
    }
    let data = SummaryData {
        year: n.year,
        title: n.title.clone(),
        title_lines: balance(&n.title, LINE_EM),
        subtitle: n.subtitle.clone(),
        date: n.date.map(cn_date),
        body: to_typst(
            &body,
            TypstOptions {
                number_headings: true,
            },
        ),
        figures: figures_rows,
        targets,
        kinds,
        branches,
        totals,
        compliance,
        brands,
        charts: files.iter().map(|(name, _)| name.clone()).collect(),
    };
    Ok(Summary {
        data,
        files,
        sources,
        warnings,
    })
}

#[derive(Serialize)]
struct AnnualDoc<'a> {
    organisation: &'a str,
    summary: SummaryData,
    fonts: std::collections::BTreeMap<&'static str, &'a [String]>,
}

/// `annual/<year>.pdf`.
pub fn document(
    site: &Site,
    years: &[Metrics],
    n: &Narrative,
) -> Result<Document, Vec<Diagnostic>> {
    let s = summary(site, years, n, "chart-")?;
    let data = AnnualDoc {
        organisation: &site.config.organisation.name,
        summary: s.data,
        fonts: super::notice::font_lists(site),
    };
    let json = serde_json::to_vec_pretty(&data).map_err(|e| {
        vec![Diagnostic::new(
            Code::Output,
            &n.file,
            Pos::FILE,
            format!("无法生成 PDF 数据：{e}"),
        )]
    })?;
    let day = n
        .date
        .filter(|d| chrono::Datelike::year(d) == n.year)
        .or_else(|| chrono::NaiveDate::from_ymd_opt(n.year, 12, 31));
    Ok(Document {
        kind: super::Kind::Annual,
        record: n.file.clone(),
        output: format!("annual/{}.pdf", n.year),
        template: "annual.typ",
        data: json,
        images: Vec::new(),
        files: s.files,
        timestamp: super::timestamp(day),
        sources: s.sources,
        warnings: s.warnings,
    })
}
