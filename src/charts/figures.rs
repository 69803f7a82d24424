//! The charts of the metrics, built once here for both the website and the PDFs.

use chrono::Datelike;

use super::{BarChart, CellState, HeatCell, HeatMap, LineChart, Series};
use crate::config::Config;
use crate::metrics::{BranchMetrics, Metrics, Status, kind_columns};

const MONTHS: [&str; 12] = [
    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
];

fn months() -> Vec<String> {
    MONTHS.iter().map(|m| (*m).to_owned()).collect()
}

/// Activities per month of the year, with the previous year for comparison when given.
pub fn by_month(m: &Metrics, previous: Option<&Metrics>) -> LineChart {
    // Months after the as-of date have not happened: a gap, not a fall to zero.
    let elapsed = |metrics: &Metrics| -> Vec<f64> {
        metrics
            .org
            .by_month
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let future = metrics.year > metrics.as_of.year()
                    || (metrics.year == metrics.as_of.year()
                        && i as u32 + 1 > metrics.as_of.month());
                if future { f64::NAN } else { f64::from(*v) }
            })
            .collect()
    };
    let mut series = vec![Series {
        name: format!("{}年", m.year),
        values: elapsed(m),
        colour: None,
    }];
    if let Some(p) = previous {
        series.push(Series {
            name: format!("{}年", p.year),
            values: elapsed(p),
            colour: None,
        });
    }
    LineChart {
        title: format!("{}年各月支部活动", m.year),
        categories: months(),
        series,
        unit: "次".into(),
        width: 640.0,
        height: 280.0,
    }
}

/// Activities per kind, in the configured order of kinds.
pub fn by_kind(m: &Metrics, config: &Config) -> BarChart {
    let kinds = kind_columns(config, &m.org.by_kind, false);
    BarChart {
        title: format!("{}年支部活动类型", m.year),
        series: vec![Series {
            name: "活动".into(),
            values: kinds
                .iter()
                .map(|k| f64::from(m.org.by_kind.get(k).copied().unwrap_or(0)))
                .collect(),
            colour: None,
        }],
        categories: kinds,
        stacked: false,
        unit: "次".into(),
        width: 640.0,
        height: 300.0,
    }
}

/// Activities per month of one branch.
pub fn branch_by_month(b: &BranchMetrics, year: i32) -> BarChart {
    BarChart {
        title: format!("{} {}年各月活动", b.short_name, year),
        categories: months(),
        series: vec![Series {
            name: "活动".into(),
            values: b.by_month.iter().map(|v| f64::from(*v)).collect(),
            colour: None,
        }],
        stacked: false,
        unit: "次".into(),
        width: 640.0,
        height: 240.0,
    }
}

/// Activities per branch, one series per configured kind that occurs and one for the kinds
/// outside the list (stacked): each bar adds up to the branch's total.
pub fn by_branch(m: &Metrics, config: &Config) -> BarChart {
    let kinds = kind_columns(config, &m.org.by_kind, false);
    BarChart {
        title: format!("{}年各支部活动", m.year),
        categories: m.branches.iter().map(|b| b.short_name.clone()).collect(),
        series: kinds
            .iter()
            .map(|k| Series {
                name: k.clone(),
                values: m
                    .branches
                    .iter()
                    .map(|b| f64::from(b.by_kind.get(k).copied().unwrap_or(0)))
                    .collect(),
                colour: Some(config.kinds.colour(k).to_owned()),
            })
            .collect(),
        stacked: true,
        unit: "次".into(),
        width: 720.0,
        height: 360.0,
    }
}

fn cell_state(s: Status) -> CellState {
    match s {
        Status::Met => CellState::Met,
        Status::Missed => CellState::Missed,
        Status::Due => CellState::Due,
        Status::Future => CellState::Future,
        Status::NotApplicable => CellState::NotApplicable,
    }
}

/// Branches × months: a month is missed if any monthly rule was missed, due if any is still
/// due, met when every applicable monthly rule was met.
pub fn compliance_matrix(m: &Metrics) -> HeatMap {
    let rows = m.branches.iter().map(|b| b.short_name.clone()).collect();
    let cells = m
        .branches
        .iter()
        .map(|b| {
            (0..12)
                .map(|month| {
                    let monthly: Vec<(&str, u32, Status)> = b
                        .compliance
                        .iter()
                        .filter(|c| c.cells.len() == 12)
                        .map(|c| (c.kind.as_str(), c.cells[month].count, c.cells[month].status))
                        .collect();
                    let status = combine(monthly.iter().map(|(_, _, s)| *s));
                    let detail: Vec<String> = monthly
                        .iter()
                        .filter(|(_, _, s)| *s != Status::NotApplicable)
                        .map(|(k, n, s)| format!("{k} {n} 次（{}）", s.label()))
                        .collect();
                    let tooltip = format!(
                        "{} {}：{}",
                        b.short_name,
                        MONTHS[month],
                        if detail.is_empty() {
                            "不适用".to_owned()
                        } else {
                            detail.join("；")
                        }
                    );
                    let text = match status {
                        Status::Missed => "✕",
                        Status::Met => "✓",
                        _ => "",
                    };
                    HeatCell {
                        state: cell_state(status),
                        text: text.into(),
                        tooltip,
                    }
                })
                .collect()
        })
        .collect();
    HeatMap {
        title: format!("{}年每月组织生活落实情况", m.year),
        rows,
        columns: months(),
        cells,
        width: 720.0,
    }
}

/// The compliance grid of the quarter the as-of date is in (the last quarter for a past
/// year), because on a phone the twelve months do not fit and the current quarter is what a
/// secretary looks for first.
pub fn compliance_quarter(m: &Metrics) -> HeatMap {
    let year = compliance_matrix(m);
    let month = if m.year < m.as_of.year() {
        12
    } else {
        m.as_of.month().clamp(1, 12)
    };
    let q = ((month - 1) / 3) as usize;
    let cols = q * 3..q * 3 + 3;
    HeatMap {
        title: format!(
            "{}年第{}季度（{}—{}）组织生活落实情况",
            m.year,
            ["一", "二", "三", "四"][q],
            MONTHS[cols.start],
            MONTHS[cols.end - 1]
        ),
        rows: year.rows,
        columns: year.columns[cols.clone()].to_vec(),
        cells: year
            .cells
            .into_iter()
            .map(|r| {
                r.get(cols.clone())
                    .map(<[HeatCell]>::to_vec)
                    .unwrap_or_default()
            })
            .collect(),
        width: 340.0,
    }
}

/// The dashboard's compliance grid for the site: the current quarter (shown on phones only,
/// first), then the whole year, each with its data table.
pub fn compliance_html(m: &Metrics) -> String {
    let quarter = compliance_quarter(m);
    let year = compliance_matrix(m);
    let mut out = super::figure_html(&quarter.to_svg(), &quarter.table("支部"), "matrix-quarter");
    out.push_str(&super::figure_html(
        &year.to_svg(),
        &year.table("支部"),
        "matrix-year",
    ));
    out
}

fn combine(statuses: impl Iterator<Item = Status>) -> Status {
    let all: Vec<Status> = statuses.collect();
    if all.contains(&Status::Missed) {
        Status::Missed
    } else if all.contains(&Status::Due) {
        Status::Due
    } else if all.iter().all(|s| *s == Status::NotApplicable) {
        Status::NotApplicable
    } else if all.contains(&Status::Future) {
        Status::Future
    } else {
        Status::Met
    }
}
