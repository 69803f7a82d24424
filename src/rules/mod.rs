//! The party's rules as data: the settings of `[rules]` ([`RuleSettings`]) and the rules a
//! checklist item may name ([`ChecklistRule`]). Judging the records by them is `metrics`'s
//! work; this module reads no record, so that `config` can hold the settings.

mod checklist;
mod settings;

pub use checklist::{ChecklistRule, TARGET_RULE_PREFIX};
pub use settings::{Applies, Frequency, Period, RuleSettings};
