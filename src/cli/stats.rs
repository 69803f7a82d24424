//! `dangjian stats`: the computed figures as a terminal table, JSON, or CSV for Excel/WPS.

use chrono::NaiveDate;
use clap::Args;

use super::text_table::{self, Align};
use super::{Ctx, Format as DiagFormat, parse_date};
use crate::Site;
use crate::diagnostics::visible_lines;
use crate::format::number;
use crate::metrics::{self, BranchMetrics, Metrics, Status, kind_columns};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum StatsFormat {
    /// 终端表格
    Table,
    /// 给程序读
    Json,
    /// 可用 Excel、WPS 打开
    Csv,
}

#[derive(Args, Debug)]
pub(crate) struct StatsArgs {
    /// 年份（默认：判断日期所在的年份）
    #[arg(long, value_name = "年份")]
    pub year: Option<i32>,
    /// 只显示这个支部（支部标识）
    #[arg(long, value_name = "支部")]
    pub branch: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "table", value_name = "格式")]
    pub format: StatsFormat,
    /// 按这一天判断制度要求（写作 2024-03-15），不写时为今天
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
}

pub(super) fn run(ctx: &Ctx, args: StatsArgs) -> i32 {
    let (site, diags) = Site::load(&ctx.root, args.as_of);
    let Some(site) = site.filter(|_| !diags.has_errors()) else {
        ctx.report(diags, DiagFormat::Human);
        eprintln!("记录有错误，无法统计；先修正上面的问题");
        return 1;
    };
    let year = args
        .year
        .unwrap_or_else(|| metrics::current_year(site.as_of));
    if let Some(d) = crate::plausibility::year_before_records(&site.corpus, year) {
        // Its figures would be all zero and every period missed: say why there are none.
        ctx.report(d.into(), DiagFormat::Human);
        return 0;
    }
    let started = std::time::Instant::now();
    let mut m = metrics::compute(&site.config, &site.corpus, year, site.as_of);
    ctx.detail(format!(
        "统计 {} 条活动记录用时 {:.1} ms",
        site.corpus.activities.len(),
        started.elapsed().as_secs_f64() * 1000.0
    ));
    if let Some(id) = &args.branch {
        if m.branch(id).is_none() {
            let hint = crate::suggest::did_you_mean(
                id,
                site.corpus.branches.iter().map(|b| b.id.as_str()),
            )
            .map(|s| format!("；是否应为 `{s}`？"))
            .unwrap_or_default();
            eprintln!(
                "{}",
                visible_lines(&format!("错误：未知的支部 `{id}`{hint}"))
            );
            return 1;
        }
        m.branches.retain(|b| b.id == *id);
    }
    match args.format {
        StatsFormat::Json => match serde_json::to_string_pretty(&m) {
            Ok(s) => super::stdout::println(&s),
            Err(e) => {
                eprintln!("错误：{e}");
                return 1;
            }
        },
        StatsFormat::Csv => super::stdout::print(&csv(&site, &m)),
        // The table is for people: record text escaped; JSON and CSV are data for programs.
        StatsFormat::Table => super::stdout::print(&visible_lines(&table(&site, &m))),
    }
    0
}

/// The columns of the per-branch table, shared by the terminal table and the CSV.
fn columns(site: &Site, m: &Metrics) -> Vec<String> {
    let mut cols = vec!["支部".to_owned(), "党员".to_owned(), "活动".to_owned()];
    cols.extend(kind_columns(&site.config, &m.org.by_kind, true));
    cols.extend([
        "参与率".to_owned(),
        "已完成".to_owned(),
        "未完成".to_owned(),
        "换届".to_owned(),
    ]);
    cols
}

fn row(kinds: &[String], threshold: f64, b: &BranchMetrics) -> Vec<String> {
    let mut r = vec![
        b.short_name.clone(),
        b.members.to_string(),
        b.activities.to_string(),
    ];
    r.extend(
        kinds
            .iter()
            .map(|k| b.by_kind.get(k).copied().unwrap_or(0).to_string()),
    );
    let cells = b.compliance.iter().flat_map(|c| c.cells.iter());
    let (met, missed) = cells.fold((0, 0), |(m, x), c| match c.status {
        Status::Met => (m + 1, x),
        Status::Missed => (m, x + 1),
        _ => (m, x),
    });
    r.push(b.attendance.map_or("—".into(), |a| {
        crate::format::attendance_percent(a, threshold)
    }));
    r.push(met.to_string());
    r.push(missed.to_string());
    r.push(format!("{}（{}）", b.term.state.label(), b.term.end));
    r
}

fn table(site: &Site, m: &Metrics) -> String {
    let cols = columns(site, m);
    let kinds = kind_columns(&site.config, &m.org.by_kind, true);
    let rows: Vec<Vec<String>> = m
        .branches
        .iter()
        .map(|b| row(&kinds, site.config.rules.attendance_threshold, b))
        .collect();
    let o = &m.org;
    let mut out = format!(
        "{} 年统计（截至 {}）\n",
        m.year,
        crate::format::cn_date(m.as_of)
    );
    out.push_str(&format!(
        "支部 {} 个，党员 {} 名（正式 {}），支部活动 {} 次（上年 {} 次），平均参与率 {}\n\n",
        o.branches,
        o.members,
        o.full_members,
        o.activities,
        o.activities_last_year,
        o.attendance
            .map_or("—".into(), |a| crate::format::attendance_percent(
                a,
                site.config.rules.attendance_threshold
            ))
    ));
    // Names left-aligned, numbers right-aligned.
    out.push_str(&text_table::render(&cols, &rows, |i| {
        if i == 0 { Align::Left } else { Align::Right }
    }));
    if !o.targets.is_empty() {
        out.push_str("\n年度目标\n");
        for t in &o.targets {
            out.push_str(&format!(
                "  {}：目标 {}{}，实际 {}{}（{}）\n",
                t.label,
                number(t.target),
                t.unit,
                number(t.actual),
                t.unit,
                t.status.label()
            ));
        }
    }
    if !o.figures.is_empty() {
        out.push_str("\n年度数据\n");
        for f in &o.figures {
            let change = match (f.change, f.change_ratio) {
                (Some(c), Some(r)) => format!("（同比 {}，{:+.1}%）", signed(c), r * 100.0),
                (Some(c), None) => format!("（同比 {}）", signed(c)),
                _ => String::new(),
            };
            out.push_str(&format!(
                "  [{}] {}：{}{}{change}\n",
                f.group,
                f.label,
                number(f.value),
                f.unit
            ));
        }
    }
    if m.members.counted {
        let p = &m.members.org;
        out.push_str(&format!(
            "\n党员队伍（年末，按党员记录）\n  正式党员 {} 名，预备党员 {} 名；发展对象 {} 名，入党积极分子 {} 名，入党申请人 {} 名\n  年龄：{}\n  高知党员 {} 名{}\n",
            p.full,
            p.probationary,
            p.candidates,
            p.activists,
            p.applicants,
            crate::metrics::members::AGE_BANDS
                .iter()
                .filter_map(|b| p.age_bands.get(*b).map(|n| format!("{b} {n} 名")))
                .collect::<Vec<_>>()
                .join("，"),
            p.gaozhi_members,
            m.members
                .gaozhi_ratio
                .map(|r| format!("，占高知群体 {:.1}%", r * 100.0))
                .unwrap_or_default()
        ));
    }
    for c in &m.checklists {
        out.push_str(&format!(
            "\n{}：{} / {} 分",
            c.title,
            number(c.score),
            number(c.points)
        ));
        if c.unscored > 0 {
            out.push_str(&format!("（{} 项未评分）", c.unscored));
        }
        out.push('\n');
    }
    out
}

/// CSV that opens correctly in Excel and WPS: UTF-8 with a BOM, CRLF line ends, quoted fields.
fn csv(site: &Site, m: &Metrics) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: &[String]| {
        let quoted: Vec<String> = cells.iter().map(|c| crate::format::csv_field(c)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    line(&columns(site, m));
    let kinds = kind_columns(&site.config, &m.org.by_kind, true);
    for b in &m.branches {
        line(&row(&kinds, site.config.rules.attendance_threshold, b));
    }
    out
}

/// `+1.2`, `-3`, `0`: a change with its sign.
fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", number(x))
    } else {
        number(x)
    }
}
