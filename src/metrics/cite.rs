//! `{{ name }}` citations in annual narratives, replaced by the computed value with its unit, so
//! that a number in the prose can never drift from the data.

use super::Metrics;
use super::org::OrgMetrics;
use crate::citable::{self, KIND_PREFIX, PREFIX, Source, Stat};
use crate::content::annual::find_citations;
use crate::format::number;

/// The text a citation stands for in `m`'s year; `None` for an unknown name (validation has
/// already reported it) and for a statistic the year has no value of.
pub fn value(name: &str, m: &Metrics) -> Option<String> {
    if let Some(stat) = name.strip_prefix(PREFIX) {
        if let Some(kind) = stat.strip_prefix(KIND_PREFIX) {
            return Some(format!(
                "{}次",
                m.org.by_kind.get(kind).copied().unwrap_or(0)
            ));
        }
        let stat = citable::get(stat)?;
        return shown(stat, m).map(|v| format!("{v}{}", stat.unit));
    }
    if let Some(f) = m.org.figures.iter().find(|f| f.id == name) {
        return Some(f.display.write(f.value, &f.unit));
    }
    m.org
        .targets
        .iter()
        .find(|t| t.id == name)
        .map(|t| format!("{}{}", number(t.actual), t.unit))
}

/// A statistic's value as printed before its unit.
fn shown(stat: &Stat, m: &Metrics) -> Option<String> {
    match stat.source {
        Source::Members => super::members::value(&m.members, stat.name).map(number),
        Source::Activities => of_activities(stat.name, &m.org),
    }
}

/// The statistics counted from activities and branches ([`Source::Activities`]).
fn of_activities(name: &str, o: &OrgMetrics) -> Option<String> {
    match name {
        "activities" => Some(o.activities.to_string()),
        "branches" => Some(o.branches.to_string()),
        "members" => Some(o.members.to_string()),
        "attendance_rate" => o.attendance.map(|a| format!("{:.1}", a * 100.0)),
        _ => None,
    }
}

/// The narrative with every citation replaced. Unknown names are left as written.
pub fn resolve(body: &str, m: &Metrics) -> String {
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for (start, len, name) in find_citations(body) {
        out.push_str(&body[last..start]);
        match value(&name, m) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&body[start..start + len]),
        }
        last = start + len;
    }
    out.push_str(&body[last..]);
    out
}
