//! The party's rules as data ([`RuleSettings`]) and their evaluation against the records.

mod settings;

pub use settings::{Applies, Frequency, Period, RuleSettings};

use crate::content::Corpus;

/// Rule ids a checklist item may name to be scored from the records.
pub const CHECKLIST_RULES: &[&str] = &[
    "branch_size",
    "secretary_heads_department",
    "attendance",
    "absence_streak",
    "organisation_life",
    "term",
    "brand",
];

/// True for the ids in [`CHECKLIST_RULES`] and for `targets.<id>` naming a target of any year.
pub fn checklist_rule_known(rule: &str, corpus: &Corpus) -> bool {
    if let Some(target) = rule.strip_prefix("targets.") {
        return corpus.annual.iter().any(|a| a.target(target).is_some());
    }
    CHECKLIST_RULES.contains(&rule)
}

pub mod report;
