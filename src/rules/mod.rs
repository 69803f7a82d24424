//! The party's rules as data ([`RuleSettings`]) and their evaluation against the records.

mod checklist;
mod settings;

pub use checklist::{ChecklistRule, TARGET_RULE_PREFIX};
pub use settings::{Applies, Frequency, Period, RuleSettings};

pub mod report;
