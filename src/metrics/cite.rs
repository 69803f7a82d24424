//! `{{ name }}` citations in annual narratives, replaced by the computed value with its unit, so
//! that a number in the prose can never drift from the data.

use super::Metrics;
use crate::content::annual::find_citations;
use crate::format::number;

/// The text a citation stands for in `m`'s year; `None` for an unknown name (validation has
/// already reported it).
pub fn value(name: &str, m: &Metrics) -> Option<String> {
    if let Some(stat) = name.strip_prefix("stats.") {
        let o = &m.org;
        return match stat {
            "activities" => Some(format!("{}次", o.activities)),
            "branches" => Some(format!("{}个", o.branches)),
            "members" => Some(format!("{}名", o.members)),
            "attendance_rate" => o.attendance.map(|a| format!("{:.1}%", a * 100.0)),
            other if super::members::CITABLE.iter().any(|(n, _)| *n == other) => {
                super::members::cite(&m.members, other)
                    .map(|(v, unit)| format!("{}{unit}", number(v)))
            }
            other => other
                .strip_prefix("kind.")
                .map(|k| format!("{}次", o.by_kind.get(k).copied().unwrap_or(0))),
        };
    }
    if let Some(f) = m.org.figures.iter().find(|f| f.id == name) {
        return Some(format!("{}{}", number(f.value), f.unit));
    }
    m.org
        .targets
        .iter()
        .find(|t| t.id == name)
        .map(|t| format!("{}{}", number(t.actual), t.unit))
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
