//! 待办: what a branch (or the whole committee) owes now — each rule period of this month,
//! quarter and year that is due or was missed, a term due for 换届, the secretary's 党课, and
//! each record with a warning or a placeholder — each with the form that settles it.
//! Everything here is read from the metrics and the diagnostics `check` computes.

use super::html::form::url_component;
use crate::Site;
use crate::diagnostics::Diagnostic;
use crate::metrics::{self, Status, TermState};

/// How pressing an item is, in the order the page lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Urgency {
    Missed,
    Due,
    Term,
    Record,
}

impl Urgency {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Urgency::Missed => "已错过",
            Urgency::Due => "待开展",
            Urgency::Term => "换届",
            Urgency::Record => "记录待完善",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Owed {
    /// Branch id; empty for the committee as a whole.
    pub(crate) branch: String,
    pub(crate) branch_name: String,
    /// Where the branch stands in the site's branch order (the committee itself last), so
    /// that the whole committee's list follows the order every other page uses.
    pub(crate) order: usize,
    pub(crate) urgency: Urgency,
    pub(crate) text: String,
    pub(crate) action_label: String,
    pub(crate) action: String,
}

fn current_period(label: &str) -> &'static str {
    match label {
        "每月" => "本月",
        "每季度" => "本季度",
        "每半年" => "本半年",
        _ => "本年度",
    }
}

/// What is owed at the site's as-of date, for one branch or (`None`) for all of them.
pub(crate) fn owed(site: &Site, diagnostics: &[Diagnostic], only: Option<&str>) -> Vec<Owed> {
    let year = metrics::current_year(site.as_of);
    let m = metrics::compute(&site.config, &site.corpus, year, site.as_of);
    let mut out = Vec::new();
    let order_of = |id: &str| {
        site.corpus
            .branches
            .iter()
            .position(|b| b.id == id)
            .unwrap_or(usize::MAX)
    };
    for b in &m.branches {
        if only.is_some_and(|id| id != b.id) {
            continue;
        }
        let name = b.short_name.clone();
        let new_activity = |kind: &str, date: Option<chrono::NaiveDate>| {
            let mut url = format!(
                "/_/new/activity?branch={}&kind={}",
                url_component(&b.id),
                url_component(kind)
            );
            if let Some(d) = date {
                url.push_str(&format!("&date={d}"));
            }
            url
        };
        let mut push = |urgency, text: String, action_label: String, action: String| {
            out.push(Owed {
                branch: b.id.clone(),
                branch_name: name.clone(),
                order: order_of(&b.id),
                urgency,
                text,
                action_label,
                action,
            });
        };
        for c in &b.compliance {
            for cell in &c.cells {
                match cell.status {
                    Status::Due => push(
                        Urgency::Due,
                        format!(
                            "{}（{}）{}：要求至少 {} 次，已开展 {} 次",
                            current_period(c.period),
                            cell.label,
                            c.kind,
                            c.min,
                            cell.count
                        ),
                        format!("记录{}", c.kind),
                        new_activity(&c.kind, None),
                    ),
                    Status::Missed => push(
                        Urgency::Missed,
                        format!(
                            "{} {}：要求至少 {} 次，开展 {} 次",
                            cell.label, c.kind, c.min, cell.count
                        ),
                        "补记".to_owned(),
                        new_activity(&c.kind, Some(cell.span.end)),
                    ),
                    _ => {}
                }
            }
        }
        if matches!(b.secretary_lecture_status, Status::Due | Status::Missed) {
            let urgency = if b.secretary_lecture_status == Status::Due {
                Urgency::Due
            } else {
                Urgency::Missed
            };
            push(
                urgency,
                format!(
                    "支部书记讲党课：要求每年至少 {} 次",
                    site.config.rules.secretary_lectures
                ),
                "记录党课".to_owned(),
                new_activity(crate::content::activity::LECTURE_KIND, None),
            );
        }
        if matches!(b.term.state, TermState::DueSoon | TermState::Overdue) {
            let file = site
                .corpus
                .branch(&b.id)
                .map(|x| x.file.clone())
                .unwrap_or_default();
            push(
                Urgency::Term,
                format!(
                    "本届任期 {} 到期（{}），需按期换届",
                    b.term.end,
                    b.term.state.label()
                ),
                "修改支部信息".to_owned(),
                edit_url(&file),
            );
        }
    }
    for d in diagnostics {
        if !d.file.starts_with("content/") {
            continue;
        }
        let branch = branch_of_file(site, &d.file);
        if only.is_some_and(|id| Some(id) != branch.as_deref()) {
            continue;
        }
        let branch = branch.unwrap_or_default();
        out.push(Owed {
            branch_name: if branch.is_empty() {
                "党委".to_owned()
            } else {
                site.corpus.branch_display_name(&branch)
            },
            order: order_of(&branch),
            branch,
            urgency: Urgency::Record,
            text: format!("{}：{}", d.file, d.message),
            action_label: "打开修改".to_owned(),
            action: edit_url(&d.file),
        });
    }
    out.sort_by_key(|o| o.urgency);
    out
}

pub(crate) fn edit_url(rel: &str) -> String {
    format!("/_/edit?path={}", url_component(rel))
}

/// The branch a record belongs to: an activity's or brand's branch, a branch file's own id,
/// a member's branch.
pub(crate) fn branch_of_file(site: &Site, rel: &str) -> Option<String> {
    let c = &site.corpus;
    if let Some(a) = c.activities.iter().find(|a| a.file == rel) {
        return Some(a.branch.value.clone());
    }
    if let Some(b) = c.brands.iter().find(|b| b.file == rel) {
        return Some(b.branch.value.clone());
    }
    if let Some(b) = c.branches.iter().find(|b| b.file == rel) {
        return Some(b.id.clone());
    }
    c.members
        .iter()
        .find(|m| m.file == rel)
        .map(|m| m.branch.value.clone())
}
