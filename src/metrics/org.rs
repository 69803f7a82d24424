//! Organisation-wide figures: totals and trends, annual figures year on year, targets against
//! their actuals, terms to renew, 政治生日, and how many branch-periods met each rule.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::branch::{BranchMetrics, TermState};
use super::periods::Status;
use crate::config::Config;
use crate::content::Corpus;
use crate::content::annual::TargetActual;

#[derive(Debug, Clone, Serialize)]
pub struct OrgMetrics {
    pub branches: u32,
    pub members: u32,
    pub full_members: u32,
    pub activities: u32,
    pub by_kind: BTreeMap<String, u32>,
    pub by_month: [u32; 12],
    /// Activities of the previous year, for the trend.
    pub activities_last_year: u32,
    /// Mean of the branches' mean 参与率.
    pub attendance: Option<f64>,
    pub figures: Vec<FigureChange>,
    pub targets: Vec<TargetProgress>,
    /// Branches whose term is due soon or overdue, soonest first.
    pub terms: Vec<TermDue>,
    /// 政治生日 by month (1–12): members whose party-joining anniversary falls in it.
    pub birthdays: BTreeMap<u32, Vec<Birthday>>,
    pub secretary_heads_department: u32,
    pub secretary_heads_ratio: Option<f64>,
    pub compliance: Vec<ComplianceSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureChange {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub group: String,
    pub value: f64,
    pub previous: Option<f64>,
    pub change: Option<f64>,
    /// Relative change, e.g. 0.25 for +25 %.
    pub change_ratio: Option<f64>,
    /// Which way is good news, and how the value is written (the figure's `better`, `display`).
    #[serde(skip)]
    pub better: crate::content::annual::Better,
    #[serde(skip)]
    pub display: crate::content::annual::Display,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetProgress {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub group: String,
    pub target: f64,
    pub actual: f64,
    /// Counted from the records (true) or entered by hand.
    pub counted: bool,
    pub ratio: f64,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermDue {
    pub branch: String,
    pub name: String,
    pub end: NaiveDate,
    pub state: TermState,
    pub days_left: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Birthday {
    pub branch: String,
    pub name: String,
    pub joined: NaiveDate,
    /// Party age reached this year.
    pub years: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComplianceSummary {
    pub kind: String,
    pub period: &'static str,
    pub min: u32,
    pub met: u32,
    pub missed: u32,
    pub due: u32,
    /// Branch-periods the rule applied to and that are over or met.
    pub judged: u32,
    pub rate: Option<f64>,
}

pub(super) fn compute(
    config: &Config,
    corpus: &Corpus,
    branches: &[BranchMetrics],
    year: i32,
    as_of: NaiveDate,
    members: &super::members::MemberMetrics,
) -> OrgMetrics {
    let mut by_kind: BTreeMap<String, u32> = BTreeMap::new();
    let mut by_month = [0u32; 12];
    let mut activities = 0;
    for a in held_in(corpus, year, as_of) {
        activities += 1;
        *by_kind
            .entry(super::kind_key(config, &a.kind.value).to_owned())
            .or_default() += 1;
        by_month[a.date.value.month0() as usize] += 1;
    }
    let rates: Vec<f64> = branches.iter().filter_map(|b| b.attendance).collect();
    let heads = corpus
        .branches
        .iter()
        .filter(|b| branches.iter().any(|m| m.id == b.id) && b.secretary.heads_department)
        .count() as u32;
    let mut terms: Vec<TermDue> = branches
        .iter()
        .filter(|b| b.term.state != TermState::Current)
        .map(|b| TermDue {
            branch: b.id.clone(),
            name: b.name.clone(),
            end: b.term.end,
            state: b.term.state,
            days_left: b.term.days_left,
        })
        .collect();
    terms.sort_by_key(|t| (t.end, t.branch.clone()));

    OrgMetrics {
        branches: branches.len() as u32,
        // Saturating: head counts are bounded at the record, and a sum must never wrap.
        members: branches.iter().fold(0, |n, b| n.saturating_add(b.members)),
        full_members: branches
            .iter()
            .fold(0, |n, b| n.saturating_add(b.full_members)),
        activities,
        by_kind,
        by_month,
        activities_last_year: held_in(corpus, year - 1, as_of).count() as u32,
        attendance: (!rates.is_empty()).then(|| rates.iter().sum::<f64>() / rates.len() as f64),
        figures: figures(corpus, year),
        targets: targets(corpus, year, as_of, members),
        terms,
        birthdays: birthdays(corpus, year),
        secretary_heads_department: heads,
        secretary_heads_ratio: (!branches.is_empty())
            .then(|| f64::from(heads) / branches.len() as f64),
        compliance: compliance(config, branches),
    }
}

/// The activities of `year` held by the as-of date: the same rule as the branches' figures,
/// so that the totals and the monthly chart count the same activities.
fn held_in(
    corpus: &Corpus,
    year: i32,
    as_of: NaiveDate,
) -> impl Iterator<Item = &crate::content::Activity> {
    corpus
        .activities_in(year)
        .filter(move |a| a.date.value <= as_of)
}

fn figures(corpus: &Corpus, year: i32) -> Vec<FigureChange> {
    let Some(data) = corpus.annual(year) else {
        return Vec::new();
    };
    let previous = corpus.annual(year - 1);
    data.figures
        .iter()
        .map(|f| {
            let prev = previous
                .and_then(|p| p.figure(&f.id.value))
                .map(|p| p.value);
            FigureChange {
                id: f.id.value.clone(),
                label: f.label.clone(),
                unit: f.unit.clone(),
                group: f.group.clone(),
                value: f.value,
                previous: prev,
                // Rounded where it is made: 12.3 − 11.1 is 1.2000000000000011 in binary, and
                // the site, the PDFs and `stats` must all print 1.2.
                change: prev.map(|p| ((f.value - p) * 1e6).round() / 1e6),
                change_ratio: prev
                    .filter(|p| *p != 0.0)
                    .map(|p| (f.value - p) / p)
                    .filter(|r| r.is_finite()),
                better: f.better,
                display: f.display,
            }
        })
        .collect()
}

/// The actual of a counted target: activities of the year whose kind is listed or that carry a
/// listed tag, each counted once.
pub(super) fn counted_actual(
    corpus: &Corpus,
    year: i32,
    as_of: NaiveDate,
    kinds: &[String],
    tags: &[String],
) -> u32 {
    held_in(corpus, year, as_of)
        .filter(|a| kinds.contains(&a.kind.value) || a.tags.iter().any(|t| tags.contains(t)))
        .count() as u32
}

fn targets(
    corpus: &Corpus,
    year: i32,
    as_of: NaiveDate,
    members: &super::members::MemberMetrics,
) -> Vec<TargetProgress> {
    let Some(data) = corpus.annual(year) else {
        return Vec::new();
    };
    let year_span = super::periods::Span {
        start: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of),
        end: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(as_of),
    };
    data.targets
        .iter()
        .map(|t| {
            let (actual, counted) = match &t.actual {
                TargetActual::Manual(v) => (*v, false),
                TargetActual::Stat(name) => {
                    (super::members::value(members, name).unwrap_or(0.0), true)
                }
                TargetActual::Counted { kinds, tags } => {
                    let kinds: Vec<String> = kinds.iter().map(|k| k.value.clone()).collect();
                    (
                        f64::from(counted_actual(corpus, year, as_of, &kinds, tags)),
                        true,
                    )
                }
            };
            let met = actual >= t.target;
            let status = super::periods::judge(&year_span, u32::from(met), 1, true, as_of);
            TargetProgress {
                id: t.id.value.clone(),
                label: t.label.clone(),
                unit: t.unit.clone(),
                group: t.group.clone(),
                target: t.target,
                actual,
                counted,
                ratio: if t.target > 0.0 {
                    actual / t.target
                } else {
                    1.0
                },
                status,
            }
        })
        .collect()
}

fn birthdays(corpus: &Corpus, year: i32) -> BTreeMap<u32, Vec<Birthday>> {
    let mut out: BTreeMap<u32, Vec<Birthday>> = BTreeMap::new();
    for b in &corpus.branches {
        for m in &b.members {
            let Some(joined) = m.joined else { continue };
            if joined.year() >= year {
                continue;
            }
            out.entry(joined.month()).or_default().push(Birthday {
                branch: b.id.clone(),
                name: m.name.clone(),
                joined,
                years: year - joined.year(),
            });
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| {
            (a.joined.day(), &a.branch, &a.name).cmp(&(b.joined.day(), &b.branch, &b.name))
        });
    }
    out
}

fn compliance(config: &Config, branches: &[BranchMetrics]) -> Vec<ComplianceSummary> {
    config
        .rules
        .frequencies
        .iter()
        .map(|rule| {
            let cells = branches
                .iter()
                .flat_map(|b| b.compliance.iter().filter(|c| c.kind == rule.kind))
                .flat_map(|c| c.cells.iter());
            let (mut met, mut missed, mut due) = (0, 0, 0);
            for c in cells {
                match c.status {
                    Status::Met => met += 1,
                    Status::Missed => missed += 1,
                    Status::Due => due += 1,
                    Status::Future | Status::NotApplicable => {}
                }
            }
            let judged = met + missed;
            ComplianceSummary {
                kind: rule.kind.clone(),
                period: rule.period.label(),
                min: rule.min,
                met,
                missed,
                due,
                judged,
                rate: (judged > 0).then(|| f64::from(met) / f64::from(judged)),
            }
        })
        .collect()
}
