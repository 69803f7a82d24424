//! The year's ledger (年度台账) as a superior office asks for it in a spreadsheet: one sheet
//! per table, every cell already chosen (a date as a date, a count as a number, a rate as a
//! fraction to be shown as a percentage, names hidden where the site hides them). The writer
//! (`crate::export::ledger_xlsx`) lays these cells out and decides nothing; the figures are
//! the same [`Metrics`] the site, `check` and `stats` show.

use chrono::NaiveDate;

use super::privacy;
use crate::loaded::Site;
use crate::metrics::branch::below_attendance_threshold;
use crate::metrics::{Metrics, Status, kind_columns};
use crate::rules::RuleSettings;

/// One cell, typed so that a spreadsheet can sort, sum and filter it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Date(NaiveDate),
    /// A count (people, activities, periods).
    Count(u32),
    /// A figure as entered or counted (may have decimals).
    Number(f64),
    /// A fraction (0.875), shown as a percentage with one decimal.
    Percent(f64),
    /// A 参与率 under `attendance_threshold`, marked as the site marks it.
    LowRate(f64),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn opt_text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    fn percent(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, Cell::Percent)
    }

    /// A 参与率, marked when it fails the threshold (the one rule the site uses).
    fn rate(x: Option<f64>, rules: &RuleSettings) -> Cell {
        match x {
            Some(r) if below_attendance_threshold(r, rules) => Cell::LowRate(r),
            _ => Cell::percent(x),
        }
    }
}

/// A column: its header and its width in characters (a Chinese character counts two).
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub header: String,
    pub width: f64,
    /// Long text that wraps inside its cell instead of running into the next.
    pub wrap: bool,
    /// Printed; a column for finding the record again (its file) is on screen only.
    pub print: bool,
}

fn col(header: &str, width: f64) -> Column {
    Column {
        header: header.to_owned(),
        width,
        wrap: false,
        print: true,
    }
}

fn screen_only(header: &str, width: f64) -> Column {
    Column {
        print: false,
        ..col(header, width)
    }
}

fn wrapped(header: &str, width: f64) -> Column {
    Column {
        wrap: true,
        ..col(header, width)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Sheet {
    pub name: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// The last row sums the others (shown bold).
    pub totals_row: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct LedgerView {
    /// Printed at the top of every page: `中共…委员会 2025年党建工作台账`.
    pub title: String,
    /// Stored as the workbook's creation date, so that the same records give the same bytes.
    pub as_of: NaiveDate,
    pub sheets: Vec<Sheet>,
}

/// Sheet names, in the workbook's order.
pub(crate) const SHEETS: [&str; 5] = ["活动台账", "支部统计", "落实情况", "年度数据", "目标任务"];

/// The ledger of `m`'s year, of one branch when `branch` is given (its id; the caller has
/// checked that it exists). The org-wide figures and targets are the committee's whatever
/// the branch.
pub(crate) fn view(site: &Site, m: &Metrics, branch: Option<&str>) -> LedgerView {
    let org = &site.config.organisation.name;
    let title = match branch {
        Some(id) => format!(
            "{org} {}年党建工作台账（{}）",
            m.year,
            site.corpus.branch_display_name(id)
        ),
        None => format!("{org} {}年党建工作台账", m.year),
    };
    LedgerView {
        title,
        as_of: m.as_of,
        sheets: vec![
            activities(site, m.year, branch),
            branches(site, m, branch),
            compliance(m, branch),
            figures(m),
            targets(m),
        ],
    }
}

fn activities(site: &Site, year: i32, branch: Option<&str>) -> Sheet {
    // Sixteen printed columns on an A4 landscape page: text that is usually long wraps.
    let columns = vec![
        col("日期", 11.0),
        wrapped("支部", 12.0),
        wrapped("类型", 11.0),
        wrapped("主题", 30.0),
        col("时间", 11.0),
        wrapped("地点", 14.0),
        col("主持人", 8.0),
        col("记录人", 8.0),
        col("应到", 5.0),
        col("实到", 5.0),
        col("参与率", 7.5),
        wrapped("缺席人员及原因", 24.0),
        wrapped("列席", 12.0),
        col("授课人", 8.0),
        wrapped("党课题目", 20.0),
        wrapped("议题", 24.0),
        screen_only("记录文件", 50.0),
    ];
    let rows = site
        .corpus
        .activities_in(year)
        .filter(|a| branch.is_none_or(|id| a.branch.value == id))
        .map(|a| {
            let absent = privacy::absentees(&site.config, &a.absentees)
                .into_iter()
                .map(|(name, reason)| {
                    if reason.is_empty() {
                        name.to_owned()
                    } else {
                        format!("{name}（{reason}）")
                    }
                })
                .collect::<Vec<_>>()
                .join("、");
            vec![
                Cell::Date(a.date.value),
                Cell::text(site.corpus.branch_display_name(&a.branch.value)),
                Cell::text(a.kind.value.as_str()),
                Cell::text(a.title.as_str()),
                Cell::opt_text(a.time.as_deref()),
                Cell::text(a.place.as_str()),
                Cell::text(a.chair.as_str()),
                Cell::text(a.recorder.as_str()),
                Cell::Count(a.expected),
                Cell::Count(a.present),
                Cell::rate(a.attendance(), &site.config.rules),
                Cell::text(absent),
                Cell::text(a.guests.join("、")),
                Cell::opt_text(a.lecturer.as_deref()),
                Cell::opt_text(a.subject.as_deref()),
                Cell::text(a.topics.join("；")),
                Cell::text(a.file.as_str()),
            ]
        })
        .collect();
    Sheet {
        name: SHEETS[0],
        columns,
        rows,
        totals_row: false,
    }
}

fn branches(site: &Site, m: &Metrics, branch: Option<&str>) -> Sheet {
    // Every configured kind, as `stats` lists them, so that a row adds up to its 活动.
    let kinds = kind_columns(&site.config, &m.org.by_kind, true);
    let mut columns = vec![
        col("支部", 16.0),
        col("党员", 6.0),
        col("正式党员", 9.0),
        col("活动", 6.0),
    ];
    // Narrow: the header row wraps a long kind name over two lines.
    columns.extend(kinds.iter().map(|k| col(k, 7.5)));
    columns.extend([
        col("组织生活", 9.0),
        col("参与率", 8.0),
        col("已完成", 7.0),
        col("未完成", 7.0),
        col("换届", 9.0),
        col("任期届满", 12.0),
    ]);
    let counts = |by_kind: &std::collections::BTreeMap<String, u32>| {
        kinds
            .iter()
            .map(|k| Cell::Count(by_kind.get(k).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
    };
    let mut rows: Vec<Vec<Cell>> = m
        .branches
        .iter()
        .filter(|b| branch.is_none_or(|id| b.id == id))
        .map(|b| {
            let cells = b.compliance.iter().flat_map(|c| c.cells.iter());
            let met = cells.clone().filter(|c| c.status == Status::Met).count();
            let missed = cells.filter(|c| c.status == Status::Missed).count();
            let mut r = vec![
                Cell::text(b.short_name.as_str()),
                Cell::Count(b.members),
                Cell::Count(b.full_members),
                Cell::Count(b.activities),
            ];
            r.extend(counts(&b.by_kind));
            r.extend([
                Cell::Count(b.meetings),
                Cell::rate(b.attendance, &site.config.rules),
                Cell::Count(met as u32),
                Cell::Count(missed as u32),
                Cell::text(b.term.state.label()),
                Cell::Date(b.term.end),
            ]);
            r
        })
        .collect();
    let totals = branch.is_none();
    if totals {
        let o = &m.org;
        let sum = |f: fn(&crate::metrics::BranchMetrics) -> u32| -> u32 {
            m.branches.iter().map(f).sum()
        };
        let met: u32 = o.compliance.iter().map(|c| c.met).sum();
        let missed: u32 = o.compliance.iter().map(|c| c.missed).sum();
        let mut r = vec![
            Cell::text("合计"),
            Cell::Count(o.members),
            Cell::Count(o.full_members),
            Cell::Count(o.activities),
        ];
        r.extend(counts(&o.by_kind));
        r.extend([
            Cell::Count(sum(|b| b.meetings)),
            Cell::rate(o.attendance, &site.config.rules),
            Cell::Count(met),
            Cell::Count(missed),
            Cell::Empty,
            Cell::Empty,
        ]);
        rows.push(r);
    }
    Sheet {
        name: SHEETS[1],
        columns,
        rows,
        totals_row: totals,
    }
}

fn compliance(m: &Metrics, branch: Option<&str>) -> Sheet {
    let columns = vec![
        col("支部", 16.0),
        col("类型", 12.0),
        col("要求", 16.0),
        col("期间", 10.0),
        col("起", 12.0),
        col("止", 12.0),
        col("次数", 6.0),
        col("状态", 8.0),
    ];
    let rows = m
        .branches
        .iter()
        .filter(|b| branch.is_none_or(|id| b.id == id))
        .flat_map(|b| {
            b.compliance.iter().flat_map(move |r| {
                r.cells.iter().map(move |c| {
                    vec![
                        Cell::text(b.short_name.as_str()),
                        Cell::text(r.kind.as_str()),
                        Cell::text(format!("{}至少 {} 次", r.period, r.min)),
                        Cell::text(c.label.as_str()),
                        Cell::Date(c.span.start),
                        Cell::Date(c.span.end),
                        Cell::Count(c.count),
                        Cell::text(c.status.label()),
                    ]
                })
            })
        })
        .collect();
    Sheet {
        name: SHEETS[2],
        columns,
        rows,
        totals_row: false,
    }
}

fn figures(m: &Metrics) -> Sheet {
    let columns = vec![
        col("类别", 14.0),
        wrapped("项目", 30.0),
        col("单位", 6.0),
        col(&format!("{}年", m.year), 10.0),
        col("上年", 10.0),
        col("同比增减", 10.0),
        col("同比", 9.0),
    ];
    let rows = m
        .org
        .figures
        .iter()
        .map(|f| {
            vec![
                Cell::text(f.group.as_str()),
                Cell::text(f.label.as_str()),
                Cell::text(f.unit.as_str()),
                Cell::Number(f.value),
                f.previous.map_or(Cell::Empty, Cell::Number),
                f.change.map_or(Cell::Empty, Cell::Number),
                Cell::percent(f.change_ratio),
            ]
        })
        .collect();
    Sheet {
        name: SHEETS[3],
        columns,
        rows,
        totals_row: false,
    }
}

fn targets(m: &Metrics) -> Sheet {
    let columns = vec![
        col("类别", 14.0),
        wrapped("目标", 30.0),
        col("单位", 6.0),
        col("计划", 10.0),
        col("实际", 10.0),
        col("完成率", 9.0),
        col("状态", 8.0),
        col("来源", 8.0),
    ];
    let rows = m
        .org
        .targets
        .iter()
        .map(|t| {
            vec![
                Cell::text(t.group.as_str()),
                Cell::text(t.label.as_str()),
                Cell::text(t.unit.as_str()),
                Cell::Number(t.target),
                Cell::Number(t.actual),
                Cell::Percent(t.ratio),
                Cell::text(t.status.label()),
                Cell::text(if t.counted { "按记录" } else { "填报" }),
            ]
        })
        .collect();
    Sheet {
        name: SHEETS[4],
        columns,
        rows,
        totals_row: false,
    }
}
