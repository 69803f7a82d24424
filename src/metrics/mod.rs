//! Every figure the tool shows, computed once from the records: the terminal (`check`,
//! `stats`), the website and the PDFs all read a [`Metrics`] value and count nothing themselves.

pub mod branch;
mod checklist;
pub mod cite;
pub mod findings;
pub mod member_views;
pub mod members;
mod org;
pub mod periods;

pub use branch::{BranchMetrics, TermState};
pub use checklist::{ChecklistScore, ItemScore, ScoreSource};
pub use org::{Birthday, ComplianceSummary, FigureChange, OrgMetrics, TargetProgress};
pub use periods::Status;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::Corpus;

/// The figures of one year, judged at `as_of`.
#[derive(Debug, Clone, Serialize)]
pub struct Metrics {
    pub year: i32,
    pub as_of: NaiveDate,
    /// In the order of [`Corpus::branches`].
    pub branches: Vec<BranchMetrics>,
    pub org: OrgMetrics,
    pub checklists: Vec<ChecklistScore>,
    /// 发展党员 and the membership, counted from the member records.
    pub members: members::MemberMetrics,
}

impl Metrics {
    pub fn branch(&self, id: &str) -> Option<&BranchMetrics> {
        self.branches.iter().find(|b| b.id == id)
    }
}

/// Computes the metrics of `year`. Periods after `as_of` are "future", the one containing it
/// "due"; for a past year pass any later date.
pub fn compute(config: &Config, corpus: &Corpus, year: i32, as_of: NaiveDate) -> Metrics {
    let rules = &config.rules;
    let branches: Vec<BranchMetrics> = corpus
        .branches
        .par_iter()
        // A branch founded after the year has nothing to show for it.
        .filter(|b| b.founded.is_none_or(|f| f.year() <= year))
        .map(|b| branch::compute(corpus, b, config, year, as_of))
        .collect();
    let members = members::compute(corpus, year, as_of, rules.probation_months);
    let mut org = org::compute(config, corpus, &branches, year, as_of, &members);
    // Counted member figures lead the table, where the typed ones used to stand.
    let rows = members::figure_rows(corpus, year, as_of, rules.probation_months, &members);
    org.figures.splice(0..0, rows);
    let checklists = corpus
        .checklists
        .iter()
        .map(|c| checklist::score(c, corpus, &branches, &org, rules, year))
        .collect();
    Metrics {
        year,
        as_of,
        branches,
        org,
        checklists,
        members,
    }
}

/// The year that `as_of` falls in: the default year of `check` and `stats`.
pub fn current_year(as_of: NaiveDate) -> i32 {
    as_of.year()
}

/// The column that counts activities whose kind is not in the site's list of kinds (`check`
/// warns `unknown-kind`): without it a table row would not add up to its 合计.
pub const OTHER_KINDS: &str = "其他类型";

/// The key an activity of `kind` is counted under in `by_kind`.
pub(crate) fn kind_key<'a>(config: &Config, kind: &'a str) -> &'a str {
    if config.kinds.contains(kind) {
        kind
    } else {
        OTHER_KINDS
    }
}

/// The per-kind columns of a table or chart: the configured kinds in their order (all of
/// them with `every_kind`, else only those that occur in `by_kind`), then [`OTHER_KINDS`]
/// when any activity was counted under it. The columns of a row always add up to its total.
pub fn kind_columns(
    config: &Config,
    by_kind: &BTreeMap<String, u32>,
    every_kind: bool,
) -> Vec<String> {
    let occurs = |k: &str| by_kind.get(k).is_some_and(|n| *n > 0);
    config
        .kinds
        .names()
        .filter(|k| every_kind || occurs(k))
        .chain(occurs(OTHER_KINDS).then_some(OTHER_KINDS))
        .map(str::to_owned)
        .collect()
}
