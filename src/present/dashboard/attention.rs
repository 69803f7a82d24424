//! What needs attention, from the metrics of the as-of year: every rule period (monthly,
//! quarterly, yearly), the secretary's 党课 and the term, judged per branch. The 需要关注 list
//! groups the open obligations (one row per obligation, period and deadline, naming every
//! branch it concerns) so that fifteen branches without a 组织生活会 are one line, not fifteen;
//! the at-a-glance table shows each branch's state per rule.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::format::cn_date;
use crate::metrics::branch::{BranchMetrics, RuleCompliance, TermState};
use crate::metrics::{Metrics, Status};
use crate::present::links;

/// The state of an obligation as the dashboard shows it. The order is the order of concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum State {
    Missed,
    Due,
    Met,
    NotApplicable,
}

impl State {
    /// The CSS class (colour) and the words: colour is never the only signal.
    pub(crate) fn class(self) -> &'static str {
        match self {
            State::Missed => "missed",
            State::Due => "due",
            State::Met => "met",
            State::NotApplicable => "not-applicable",
        }
    }

    pub(crate) fn text(self) -> &'static str {
        match self {
            State::Missed => "已逾期",
            State::Due => "待完成",
            State::Met => "已完成",
            State::NotApplicable => "不适用",
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct BranchLink {
    pub name: String,
    pub url: String,
}

/// One row of 需要关注.
#[derive(Debug, Serialize)]
pub(crate) struct Attention {
    /// 组织生活会, 换届 …
    pub obligation: String,
    /// 全年, 第四季度, 11月; empty for a term.
    pub period: String,
    pub deadline: String,
    pub iso: String,
    pub state: &'static str,
    pub state_text: &'static str,
    /// 逾期 23 天 / 还有 39 天 / 今天截止.
    pub when: String,
    pub branches: Vec<BranchLink>,
}

/// One obligation of one branch, before grouping.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Open {
    state: State,
    deadline: NaiveDate,
    obligation: String,
    period: String,
    branch: usize,
}

/// The open obligations of the year, ranked: missed first, the longest overdue first; then
/// those due, the soonest deadline first. Branches keep the order of `m.branches`.
pub(crate) fn attention(m: &Metrics, name: &dyn Fn(&BranchMetrics) -> String) -> Vec<Attention> {
    let mut open = Vec::new();
    for (i, b) in m.branches.iter().enumerate() {
        for c in &b.compliance {
            for cell in &c.cells {
                let state = match cell.status {
                    Status::Missed => State::Missed,
                    Status::Due => State::Due,
                    _ => continue,
                };
                open.push(Open {
                    state,
                    deadline: cell.span.end,
                    obligation: c.kind.clone(),
                    period: cell.label.clone(),
                    branch: i,
                });
            }
        }
        let lecture = match b.secretary_lecture_status {
            Status::Missed => Some(State::Missed),
            Status::Due => Some(State::Due),
            _ => None,
        };
        if let Some(state) = lecture {
            open.push(Open {
                state,
                deadline: year_end(m.year),
                obligation: "书记讲党课".to_owned(),
                period: "全年".to_owned(),
                branch: i,
            });
        }
        let term = match b.term.state {
            TermState::Overdue => Some(State::Missed),
            TermState::DueSoon => Some(State::Due),
            TermState::Current => None,
        };
        if let Some(state) = term {
            open.push(Open {
                state,
                deadline: b.term.end,
                obligation: "换届".to_owned(),
                period: String::new(),
                branch: i,
            });
        }
    }
    open.sort_by(|a, b| {
        (a.state, a.deadline, &a.obligation, &a.period, a.branch).cmp(&(
            b.state,
            b.deadline,
            &b.obligation,
            &b.period,
            b.branch,
        ))
    });
    let mut out: Vec<Attention> = Vec::new();
    let mut last: Option<(State, NaiveDate, String, String)> = None;
    for o in open {
        let key = (o.state, o.deadline, o.obligation.clone(), o.period.clone());
        let b = &m.branches[o.branch];
        let link = BranchLink {
            name: name(b),
            url: links::branch(&b.id),
        };
        if last.as_ref() == Some(&key) {
            if let Some(row) = out.last_mut() {
                row.branches.push(link);
            }
            continue;
        }
        out.push(Attention {
            obligation: o.obligation,
            period: o.period,
            deadline: cn_date(o.deadline),
            iso: o.deadline.to_string(),
            state: o.state.class(),
            state_text: o.state.text(),
            when: when(o.deadline, m.as_of),
            branches: vec![link],
        });
        last = Some(key);
    }
    out
}

/// How far the deadline is from the as-of date, in words.
pub(crate) fn when(deadline: NaiveDate, as_of: NaiveDate) -> String {
    let days = (deadline - as_of).num_days();
    match days {
        0 => "今天截止".to_owned(),
        d if d < 0 => format!("逾期 {} 天", -d),
        d => format!("还有 {d} 天"),
    }
}

fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The per-branch table: one column per rule, then 书记讲党课 and 换届.
#[derive(Debug, Serialize)]
pub(crate) struct Glance {
    pub columns: Vec<Column>,
    pub rows: Vec<GlanceRow>,
}

/// What and how often: 党课, 每季度.
#[derive(Debug, Serialize)]
pub(crate) struct Column {
    pub what: String,
    pub period: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct GlanceRow {
    pub branch: BranchLink,
    pub state: &'static str,
    pub state_text: &'static str,
    pub cells: Vec<GlanceCell>,
    /// This month's to-do: the obligations whose open period ends this month.
    pub todo: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct GlanceCell {
    pub state: &'static str,
    pub text: String,
    /// A second, smaller line: the date a term ends.
    pub note: String,
}

impl GlanceCell {
    fn new(state: State, text: String) -> GlanceCell {
        GlanceCell {
            state: state.class(),
            text,
            note: String::new(),
        }
    }
}

pub(crate) fn glance(m: &Metrics, name: &dyn Fn(&BranchMetrics) -> String) -> Glance {
    let mut columns: Vec<Column> = m
        .branches
        .first()
        .map(|b| {
            b.compliance
                .iter()
                .map(|c| Column {
                    what: c.kind.clone(),
                    period: c.period,
                })
                .collect()
        })
        .unwrap_or_default();
    columns.push(Column {
        what: "书记讲党课".to_owned(),
        period: "每年",
    });
    columns.push(Column {
        what: "换届".to_owned(),
        period: "",
    });
    let rows = m
        .branches
        .iter()
        .map(|b| {
            let mut cells: Vec<(State, GlanceCell)> =
                b.compliance.iter().map(|c| rule_cell(c, m.as_of)).collect();
            let lecture = state_of(b.secretary_lecture_status);
            cells.push((lecture, GlanceCell::new(lecture, lecture.text().to_owned())));
            let term = match b.term.state {
                TermState::Overdue => State::Missed,
                TermState::DueSoon => State::Due,
                TermState::Current => State::Met,
            };
            cells.push((
                term,
                GlanceCell {
                    note: format!("{}届满", cn_date(b.term.end)),
                    ..GlanceCell::new(term, b.term.state.label().to_owned())
                },
            ));
            let worst = cells
                .iter()
                .map(|(s, _)| *s)
                .filter(|s| *s != State::NotApplicable)
                .min()
                .unwrap_or(State::Met);
            GlanceRow {
                branch: BranchLink {
                    name: name(b),
                    url: links::branch(&b.id),
                },
                state: worst.class(),
                state_text: worst.text(),
                cells: cells.into_iter().map(|(_, c)| c).collect(),
                todo: todo(b, m.as_of),
            }
        })
        .collect();
    Glance { columns, rows }
}

fn state_of(s: Status) -> State {
    match s {
        Status::Met => State::Met,
        Status::Missed => State::Missed,
        Status::Due => State::Due,
        Status::Future | Status::NotApplicable => State::NotApplicable,
    }
}

/// A rule's cell: the period under way (or the year's last, when the year is over) and how
/// many earlier periods were missed.
fn rule_cell(c: &RuleCompliance, as_of: NaiveDate) -> (State, GlanceCell) {
    let missed = c.count(Status::Missed);
    let current = c
        .cells
        .iter()
        .find(|x| x.span.contains(as_of))
        .or(c.cells.last())
        .map_or(State::NotApplicable, |x| state_of(x.status));
    if missed == 0 {
        return (current, GlanceCell::new(current, current.text().to_owned()));
    }
    let cell = GlanceCell {
        note: match current {
            State::Due => "本期待完成".to_owned(),
            State::Met => "本期已完成".to_owned(),
            _ => String::new(),
        },
        ..GlanceCell::new(State::Missed, format!("逾期 {missed} 期"))
    };
    (State::Missed, cell)
}

/// The obligations of a branch still open whose period ends in the as-of month.
fn todo(b: &BranchMetrics, as_of: NaiveDate) -> String {
    let list: Vec<&str> = b
        .compliance
        .iter()
        .filter(|c| {
            c.cells.iter().any(|x| {
                x.status == Status::Due
                    && x.span.end.year() == as_of.year()
                    && x.span.end.month() == as_of.month()
            })
        })
        .map(|c| c.kind.as_str())
        .collect();
    if list.is_empty() {
        "—".to_owned()
    } else {
        list.join("、")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loaded::Site;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The minimal fixture (two branches, a few 2024 activities) judged on `as_of`.
    fn metrics(as_of: &str) -> Metrics {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let (site, _) = Site::load(&root, Some(d(as_of)));
        let site = site.unwrap();
        crate::metrics::compute(&site.config, &site.corpus, 2024, site.as_of)
    }

    fn id(b: &BranchMetrics) -> String {
        b.id.clone()
    }

    #[test]
    fn missed_first_longest_overdue_first_then_soonest_deadline() {
        let m = metrics("2024-11-20");
        let list = attention(&m, &id);
        let states: Vec<&str> = list.iter().map(|a| a.state).collect();
        let first_due = states.iter().position(|s| *s == "due").unwrap();
        assert!(first_due > 0, "{states:?}");
        assert!(states[..first_due].iter().all(|s| *s == "missed"));
        assert!(states[first_due..].iter().all(|s| *s == "due"));
        for part in [&list[..first_due], &list[first_due..]] {
            let isos: Vec<&str> = part.iter().map(|a| a.iso.as_str()).collect();
            assert!(isos.windows(2).all(|w| w[0] <= w[1]), "{isos:?}");
        }
        // The yearly meetings are due at the year's end, one row each for both branches.
        for kind in ["组织生活会", "民主评议党员"] {
            let row = list.iter().find(|a| a.obligation == kind).unwrap();
            assert_eq!(
                (row.period.as_str(), row.deadline.as_str(), row.state_text),
                ("全年", "2024年12月31日", "待完成")
            );
            assert_eq!(row.when, "还有 41 天");
            let names: Vec<&str> = row.branches.iter().map(|b| b.name.as_str()).collect();
            assert_eq!(names, ["alpha", "beta"]);
        }
    }

    #[test]
    fn a_year_over_has_no_meeting_due_only_missed() {
        let list = attention(&metrics("2025-02-01"), &id);
        assert!(!list.is_empty());
        let meetings = list.iter().filter(|a| a.obligation != "换届");
        assert!(meetings.clone().all(|a| a.state == "missed"), "{list:?}");
        // beta's term ends 2025-05-31: within the reminder, the one thing still due.
        let term = list.iter().find(|a| a.obligation == "换届").unwrap();
        assert_eq!(
            (term.state_text, term.deadline.as_str()),
            ("待完成", "2025年5月31日")
        );
        let yearly = list.iter().find(|a| a.obligation == "组织生活会").unwrap();
        assert_eq!(yearly.state_text, "已逾期");
        assert_eq!(yearly.when, "逾期 32 天");
    }

    #[test]
    fn deadlines_are_told_in_days() {
        assert_eq!(when(d("2024-12-31"), d("2024-12-31")), "今天截止");
        assert_eq!(when(d("2024-12-31"), d("2024-12-01")), "还有 30 天");
        assert_eq!(when(d("2024-11-30"), d("2024-12-01")), "逾期 1 天");
    }

    #[test]
    fn the_glance_has_a_row_per_branch_and_a_cell_per_rule() {
        let m = metrics("2024-11-20");
        let g = glance(&m, &id);
        let names: Vec<&str> = g.rows.iter().map(|r| r.branch.name.as_str()).collect();
        assert_eq!(names, ["alpha", "beta"]);
        let whats: Vec<&str> = g.columns.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(whats.len(), m.branches[0].compliance.len() + 2);
        assert_eq!(whats[whats.len() - 2..], ["书记讲党课", "换届"]);
        for r in &g.rows {
            assert_eq!(r.cells.len(), g.columns.len());
            assert!(["已完成", "待完成", "已逾期"].contains(&r.state_text));
        }
        let yearly = whats.iter().position(|w| *w == "组织生活会").unwrap();
        assert_eq!(g.rows[0].cells[yearly].text, "待完成");
        // A branch that missed a month says how many periods it missed.
        assert!(
            g.rows.iter().any(|r| r.state == "missed"
                && r.cells.iter().any(|c| c.text.starts_with("逾期 "))),
            "{g:?}"
        );
    }
}
