//! Per-branch figures for one year: counts, rule compliance per period, attendance, absentee
//! streaks, term, size.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::periods::{Span, Status, add_months, judge, label, periods};
use crate::config::Config;
use crate::content::{Activity, Branch, Corpus};
use crate::rules::{Applies, Frequency, RuleSettings};

#[derive(Debug, Clone, Serialize)]
pub struct BranchMetrics {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub category: String,
    /// 正式 + 预备 at the end of the year (or the as-of date, if earlier).
    pub members: u32,
    pub full_members: u32,
    pub activities: u32,
    pub by_kind: BTreeMap<String, u32>,
    /// Activities per month, January first.
    pub by_month: [u32; 12],
    pub compliance: Vec<RuleCompliance>,
    /// Mean 参与率 of the organisational-life meetings held, if any.
    pub attendance: Option<f64>,
    /// The mean 参与率 fails the threshold (a branch without meetings does not).
    pub attendance_below_threshold: bool,
    pub meetings: u32,
    pub low_attendance: Vec<LowAttendance>,
    pub absence_streaks: Vec<AbsenceStreak>,
    pub term: TermStatus,
    pub size_ok: bool,
    /// A committee is required (≥ `committee_from` 正式党员) but the branch has none.
    pub committee_missing: bool,
    pub secretary_lectures: u32,
    /// Each secretary gives a 党课 a year: met, missed, or still due this year.
    pub secretary_lecture_status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleCompliance {
    pub kind: String,
    pub min: u32,
    pub period: &'static str,
    pub cells: Vec<PeriodCell>,
}

impl RuleCompliance {
    pub fn count(&self, status: Status) -> usize {
        self.cells.iter().filter(|c| c.status == status).count()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodCell {
    pub label: String,
    pub span: Span,
    pub count: u32,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct LowAttendance {
    pub file: String,
    pub title: String,
    pub kind: String,
    pub date: NaiveDate,
    pub expected: u32,
    pub present: u32,
    pub rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AbsenceStreak {
    pub name: String,
    /// Consecutive whole months without any organisational life.
    pub months: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermStatus {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub state: TermState,
    /// Days from the as-of date to the end (negative when overdue).
    pub days_left: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TermState {
    Current,
    /// Ends within the reminder window (inclusive).
    DueSoon,
    Overdue,
}

impl TermState {
    pub fn label(self) -> &'static str {
        match self {
            TermState::Current => "任期内",
            TermState::DueSoon => "即将到期",
            TermState::Overdue => "已超期",
        }
    }
}

/// The kinds whose meetings count as organisational life (attendance, absence streaks): the
/// kinds that have a frequency rule.
/// Whether a 参与率 fails `attendance_threshold`: the one place that decides it, for a
/// meeting, a branch's mean and every page or document that marks a low rate. A rate that
/// only rounds to the threshold fails it.
pub fn below_attendance_threshold(rate: f64, rules: &RuleSettings) -> bool {
    rate < rules.attendance_threshold - 1e-9
}

pub fn is_org_life(rules: &RuleSettings, kind: &str) -> bool {
    rules.org_life_kinds.iter().any(|k| k == kind)
}

pub fn term_status(b: &Branch, rules: &RuleSettings, as_of: NaiveDate) -> TermStatus {
    let end = b
        .term
        .end
        .unwrap_or_else(|| default_term_end(b.term.start, rules.term_years));
    let remind_from = add_months(end, -(rules.term_reminder_months as i32));
    let state = if end < as_of {
        TermState::Overdue
    } else if as_of >= remind_from {
        TermState::DueSoon
    } else {
        TermState::Current
    };
    TermStatus {
        start: b.term.start,
        end,
        state,
        days_left: (end - as_of).num_days(),
    }
}

/// A term without `end` lasts `years` years: it ends the day before the anniversary of its
/// start. A term begun on 29 February has no anniversary in a common year; it then ends on
/// the last day of February (as 《民法典》第二百零三条 counts a period that has no
/// corresponding day), not a day earlier: 2024-02-29 + 3 years ends 2027-02-28, like a term
/// begun on 1 March 2024.
pub fn default_term_end(start: NaiveDate, years: u32) -> NaiveDate {
    let years = i32::try_from(years).unwrap_or(i32::MAX);
    let year = start.year().saturating_add(years);
    let anniversary = NaiveDate::from_ymd_opt(year, start.month(), start.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1));
    anniversary
        .and_then(|a| a.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

fn applicable(rule: &Frequency, b: &Branch, span: &Span) -> bool {
    if rule.except.iter().any(|e| e.value == b.id) {
        return false;
    }
    if b.founded.is_some_and(|f| f > span.start) {
        return false;
    }
    match rule.applies {
        Applies::All => true,
        Applies::WithCommittee => b.committee_since().is_some_and(|since| since <= span.start),
        Applies::WithGroups => b
            .groups
            .iter()
            .any(|g| g.since.is_none_or(|since| since <= span.start)),
    }
}

pub fn compute(
    corpus: &Corpus,
    b: &Branch,
    config: &Config,
    year: i32,
    as_of: NaiveDate,
) -> BranchMetrics {
    let rules = &config.rules;
    // An activity dated after the as-of date has not taken place at that date: it is left
    // out of every figure (counts, charts, rules, attendance) alike; `check` warns about it.
    let all: Vec<&Activity> = corpus
        .activities_of(&b.id)
        .filter(|a| a.date.value <= as_of)
        .collect();
    let in_year: Vec<&Activity> = all
        .iter()
        .copied()
        .filter(|a| a.date.value.year() == year)
        .collect();
    let mut by_kind: BTreeMap<String, u32> = BTreeMap::new();
    let mut by_month = [0u32; 12];
    for a in &in_year {
        *by_kind
            .entry(super::kind_key(config, &a.kind.value).to_owned())
            .or_default() += 1;
        by_month[a.date.value.month0() as usize] += 1;
    }

    let compliance = rules
        .frequencies
        .iter()
        .map(|rule| {
            let cells = periods(year, rule.period)
                .into_iter()
                .map(|span| {
                    let count = in_year
                        .iter()
                        .filter(|a| a.kind.value == rule.kind && span.contains(a.date.value))
                        .count() as u32;
                    PeriodCell {
                        label: label(&span, rule.period),
                        status: judge(&span, count, rule.min, applicable(rule, b, &span), as_of),
                        span,
                        count,
                    }
                })
                .collect();
            RuleCompliance {
                kind: rule.kind.clone(),
                min: rule.min,
                period: rule.period.label(),
                cells,
            }
        })
        .collect();

    let meetings: Vec<&&Activity> = in_year
        .iter()
        .filter(|a| is_org_life(rules, &a.kind.value) && a.expected > 0)
        .collect();
    let attendance = (!meetings.is_empty()).then(|| {
        meetings.iter().filter_map(|a| a.attendance()).sum::<f64>() / meetings.len() as f64
    });
    let low_attendance = meetings
        .iter()
        .filter_map(|a| {
            let rate = a.attendance()?;
            below_attendance_threshold(rate, rules).then(|| LowAttendance {
                file: a.file.clone(),
                title: a.title.clone(),
                kind: a.kind.value.clone(),
                date: a.date.value,
                expected: a.expected,
                present: a.present,
                rate,
            })
        })
        .collect();

    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(as_of);
    let size_date = year_end.min(as_of);
    let count = b.members_on(size_date);
    let full_members = count.map_or(0, |c| c.full);
    let members = count.map_or(0, |c| c.full.saturating_add(c.probationary));

    let secretary_lectures = in_year
        .iter()
        .filter(|a| {
            a.kind.value == crate::content::activity::LECTURE_KIND
                && a.lecturer.as_deref() == Some(b.secretary.name.as_str())
        })
        .count() as u32;
    let year_span = Span {
        start: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of),
        end: year_end,
    };
    let secretary_lecture_status = judge(
        &year_span,
        secretary_lectures,
        rules.secretary_lectures,
        rules.secretary_lectures > 0 && b.founded.is_none_or(|f| f <= year_span.start),
        as_of,
    );

    BranchMetrics {
        id: b.id.clone(),
        name: b.name.clone(),
        short_name: b.display_name().to_owned(),
        category: b.category.clone(),
        members,
        full_members,
        activities: in_year.len() as u32,
        by_kind,
        by_month,
        compliance,
        attendance,
        attendance_below_threshold: attendance
            .is_some_and(|a| below_attendance_threshold(a, rules)),
        meetings: meetings.len() as u32,
        low_attendance,
        absence_streaks: absence_streaks(
            b,
            &all,
            corpus.activities.first().map(|a| a.date.value),
            rules,
            year,
            as_of,
        ),
        // A past year is judged at its end: a term that ran out later was not overdue then.
        term: term_status(b, rules, size_date),
        size_ok: (rules.branch_size_min..=rules.branch_size_max).contains(&full_members),
        committee_missing: full_members >= rules.committee_from && b.committee.is_none(),
        secretary_lectures,
        secretary_lecture_status,
    }
}

/// Members of the roster who went more than `max_absence_months` consecutive months without
/// attending any organisational life, within the year up to the as-of date. A month counts as
/// attended when the member was at one of the branch's meetings that month (not listed among
/// the absentees). Months before the member joined (or came to the branch) do not count.
fn absence_streaks(
    b: &Branch,
    all: &[&Activity],
    records_begin: Option<NaiveDate>,
    rules: &RuleSettings,
    year: i32,
    as_of: NaiveDate,
) -> Vec<AbsenceStreak> {
    if b.members.is_empty() {
        return Vec::new();
    }
    let last = NaiveDate::from_ymd_opt(year, 12, 1)
        .unwrap_or(as_of)
        .min(as_of);
    // Look back far enough that a streak begun last year is seen whole.
    let window_start = add_months(
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of),
        -(rules.max_absence_months as i32),
    );
    let months: Vec<NaiveDate> = (0..)
        .map(|i| {
            add_months(
                NaiveDate::from_ymd_opt(window_start.year(), window_start.month(), 1)
                    .unwrap_or(window_start),
                i,
            )
        })
        .take_while(|m| *m <= last)
        .collect();
    // Only months that are complete at the as-of date are judged.
    let months: Vec<NaiveDate> = months
        .into_iter()
        .filter(|m| super::periods::month_end(m.year(), m.month()).is_some_and(|e| e < as_of))
        .collect();
    let meetings: Vec<&&Activity> = all
        .iter()
        .filter(|a| is_org_life(rules, &a.kind.value))
        .collect();
    // Before the branch existed, or before the site's records begin, nobody can be judged
    // absent: a site that starts keeping records in June has no evidence about May.
    let first_month = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
    let observed_from = [b.founded.map(first_month), records_begin.map(first_month)]
        .into_iter()
        .flatten()
        .max();
    let Some(observed_from) = observed_from else {
        return Vec::new();
    };
    let months: Vec<NaiveDate> = months.into_iter().filter(|m| *m >= observed_from).collect();
    let mut out = Vec::new();
    for member in &b.members {
        let mut run: Vec<NaiveDate> = Vec::new();
        let mut worst: Option<(NaiveDate, NaiveDate, u32)> = None;
        for m in &months {
            // A member who came later (transfer, move) is judged from the month they came.
            let from = member.since.or(member.joined);
            if from.is_some_and(|j| j > *m) {
                continue;
            }
            let attended = meetings.iter().any(|a| {
                a.date.value.year() == m.year()
                    && a.date.value.month() == m.month()
                    && !a.absentees.iter().any(|x| x.name == member.name)
            });
            if attended {
                run.clear();
            } else {
                run.push(*m);
                let len = run.len() as u32;
                let ends_in_year = m.year() == year;
                if ends_in_year
                    && len > rules.max_absence_months
                    && worst.is_none_or(|(_, _, w)| len > w)
                {
                    worst = Some((run[0], *m, len));
                }
            }
        }
        if let Some((from, to, months)) = worst {
            let to = super::periods::month_end(to.year(), to.month()).unwrap_or(to);
            out.push(AbsenceStreak {
                name: member.name.clone(),
                months,
                from,
                to,
            });
        }
    }
    out
}
