//! Warnings about records that are each valid but do not fit together or with the calendar:
//! text left from a template, two activities of one branch at the same time, an activity
//! before its branch existed, a 支委会 without a committee, notices numbered out of date order.
//! None of them stops a build; all of them are printed by `check`, `build` and `serve`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Activity, Corpus};
use crate::diagnostics::{Code, Diagnostic};
use crate::placeholders;
use crate::rules::Applies;

/// How long an activity whose `time` has no end is taken to last, for `overlap`: an hour is
/// the shortest of the regular meetings the rules ask for (a 支委会 takes 30–50 minutes, the
/// others an hour or more), so a shorter guess would miss real clashes.
pub(crate) const DEFAULT_DURATION_MINUTES: u32 = 60;

pub(crate) fn check(config: &Config, corpus: &Corpus) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = corpus
        .activities
        .par_iter()
        .flat_map_iter(|a| placeholders::find(&a.file, &a.body, a.body_line))
        .collect();
    for n in &corpus.notices {
        out.extend(placeholders::find(&n.file, &n.body, n.body_line));
        out.extend(placeholders::untitled_parts(&n.file, &n.body, n.body_line));
    }
    for n in &corpus.narratives {
        out.extend(placeholders::untitled_parts(&n.file, &n.body, n.body_line));
    }
    for b in &corpus.brands {
        out.extend(placeholders::find(&b.file, &b.body, b.body_line));
    }
    overlaps(corpus, &mut out);
    branch_dates(config, corpus, &mut out);
    notice_order(corpus, &mut out);
    out
}

/// An activity's span in minutes of its day: `[start, end)`; `None` without a readable time.
fn span(a: &Activity) -> Option<(u32, u32)> {
    // A time that is no time of day (already an `invalid-value` error) spans nothing.
    fn minutes(s: &str) -> Option<u32> {
        let (h, m) = s.trim().split_once(':')?;
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (h < 24 && m < 60).then(|| h * 60 + m)
    }
    let time = a.time.as_deref()?;
    let (start, end) = match time.split_once('-') {
        Some((s, e)) => (minutes(s)?, minutes(e)?),
        None => {
            let s = minutes(time)?;
            (s, s + DEFAULT_DURATION_MINUTES)
        }
    };
    (start < end).then_some((start, end))
}

/// An activity with its span: (start, end, activity).
type Timed<'a> = (u32, u32, &'a Activity);

/// Two activities of one branch on one day whose spans overlap (touching ends do not). Each
/// activity that starts before an earlier one has ended is reported once, against the one that
/// ends last, so that a day of many clashes costs n log n and gives one warning per record.
fn overlaps(corpus: &Corpus, out: &mut Vec<Diagnostic>) {
    let mut days: BTreeMap<(&str, NaiveDate), Vec<Timed>> = BTreeMap::new();
    for a in &corpus.activities {
        if let Some((start, end)) = span(a) {
            days.entry((a.branch.value.as_str(), a.date.value))
                .or_default()
                .push((start, end, a));
        }
    }
    for mut day in days.into_values() {
        day.sort_by(|x, y| (x.0, x.1, &x.2.file).cmp(&(y.0, y.1, &y.2.file)));
        let mut longest: Option<(u32, &Activity)> = None;
        for (start, end, a) in day {
            match longest {
                Some((until, other)) if start < until => {
                    out.push(
                        Diagnostic::new(
                            Code::Overlap,
                            &a.file,
                            a.time_pos.unwrap_or(a.date.pos),
                            format!(
                                "与同一支部的 {}（{} {}）时间重叠",
                                other.file,
                                other.date.value,
                                other.time.as_deref().unwrap_or_default()
                            ),
                        )
                        .with_hint(format!(
                            "一个支部同一时段只开一个会：核对两条记录的日期和 time（只写开始时间的按 {DEFAULT_DURATION_MINUTES} 分钟计）"
                        )),
                    );
                    if end > until {
                        longest = Some((end, a));
                    }
                }
                _ => longest = Some((end, a)),
            }
        }
    }
}

/// Activities before the branch was founded, and committee meetings of a branch that had no
/// committee on that day.
fn branch_dates(config: &Config, corpus: &Corpus, out: &mut Vec<Diagnostic>) {
    // The kinds that only a committee holds: those of the rules that apply "with-committee".
    let committee_kinds: Vec<&str> = config
        .rules
        .frequencies
        .iter()
        .filter(|f| f.applies == Applies::WithCommittee)
        .map(|f| f.kind.as_str())
        .collect();
    for a in &corpus.activities {
        let Some(b) = corpus.branch(&a.branch.value) else {
            continue;
        };
        let date = a.date.value;
        if let Some(founded) = b.founded.filter(|f| date < *f) {
            out.push(
                Diagnostic::new(
                    Code::BeforeFounded,
                    &a.file,
                    a.date.pos,
                    format!("活动日期 {date} 早于支部成立日期 {founded}"),
                )
                .with_hint(format!("核对活动日期，或 {} 中的 founded", b.file)),
            );
        }
        if committee_kinds.contains(&a.kind.value.as_str()) {
            let hint = match b.committee_since() {
                Some(since) if date < since => format!(
                    "支部委员会自 {since} 起设立（{} 的 [committee]）；核对日期或活动类型",
                    b.file
                ),
                Some(_) => continue,
                None => format!(
                    "{} 中没有 [committee]；若是支部党员大会或党小组会，请改 kind",
                    b.file
                ),
            };
            out.push(
                Diagnostic::new(
                    Code::NoCommittee,
                    &a.file,
                    a.kind.pos,
                    format!("{}：支部在 {date} 没有支部委员会", a.kind.value),
                )
                .with_hint(hint),
            );
        }
    }
}

/// A notice dated before the notice with the next lower number of its series and year:
/// numbers are given in the order notices are issued (a 函 has its own sequence).
fn notice_order(corpus: &Corpus, out: &mut Vec<Diagnostic>) {
    let mut by_year: BTreeMap<(Option<&str>, i32), Vec<_>> = BTreeMap::new();
    for n in &corpus.notices {
        by_year
            .entry((n.series.as_deref(), n.year))
            .or_default()
            .push(n);
    }
    for mut notices in by_year.into_values() {
        notices.sort_by_key(|n| (n.number.value, n.file.as_str()));
        for pair in notices.windows(2) {
            let (prev, n) = (pair[0], pair[1]);
            if n.number.value > prev.number.value && n.date.value < prev.date.value {
                out.push(
                    Diagnostic::new(
                        Code::NoticeOrder,
                        &n.file,
                        n.date.pos,
                        format!(
                            "第 {} 号的日期 {} 早于第 {} 号的日期 {}",
                            n.number.value, n.date.value, prev.number.value, prev.date.value
                        ),
                    )
                    .with_hint("文号按发文先后编排：核对这两份通知的日期或文号"),
                );
            }
        }
    }
}

/// A year asked of `check` or `stats` that lies before the first year with records: its rules
/// would all be reported as missed, which says nothing about the committee's work.
pub(crate) fn year_before_records(corpus: &Corpus, year: i32) -> Option<Diagnostic> {
    // Member records are records too: their events give figures (发展党员, 转正) for years
    // before the first activity was entered.
    let first_event = corpus
        .members
        .iter()
        .flat_map(|m| m.events.iter().map(|e| e.date.value.year()))
        .min();
    let first = corpus
        .years()
        .first()
        .copied()
        .into_iter()
        .chain(first_event)
        .min()?;
    (year < first).then(|| {
        Diagnostic::general(
            Code::YearWithoutRecords,
            format!("{year} 年早于最早的记录（{first} 年）：该年没有可统计或评判的内容"),
        )
        .with_hint(format!(
            "记录从 {first} 年开始：用 --year {first} 或更晚的年份"
        ))
    })
}
