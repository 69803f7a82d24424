//! A branch's `member_counts` and roster derived from the member records, so that every stage
//! that reads a branch's size (metrics, the site, the PDFs) sees the counted figure without
//! knowing where it came from.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Corpus;
use super::branch::{MISSING_COUNTS, MISSING_COUNTS_HINT, Member, MemberCount};
use super::member::Stage;
use crate::diagnostics::{Code, Diagnostic};

/// The probation length used for the derivation: the counts do not depend on it (only on
/// 预备 vs 正式), the reminders use the configured one.
const ANY_PROBATION: u32 = 12;

impl Corpus {
    /// Replaces the typed counts and roster of every branch that member records make someone
    /// a party member of (records of applicants alone do not replace typed counts). Reports
    /// a branch that has neither typed counts nor member records. A branch with both keeps its
    /// typed values; validation reports the conflict.
    pub(super) fn derive_from_members(&mut self) -> Vec<Diagnostic> {
        // branch → date → (full, probationary) change.
        let mut deltas: BTreeMap<String, BTreeMap<NaiveDate, (i64, i64)>> = BTreeMap::new();
        let mut rosters: BTreeMap<String, Vec<Member>> = BTreeMap::new();
        let mut named: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for m in &self.members {
            let mut before: Option<(String, Stage)> = None;
            let states = m.states(ANY_PROBATION);
            for (date, s) in &states {
                let now = s
                    .stage
                    .filter(|st| st.is_member() && s.in_org)
                    .map(|st| (s.branch.clone(), st));
                if let Some((b, _)) = &now {
                    named.insert(b.clone());
                }
                if now != before {
                    for (sign, side) in [(-1, &before), (1, &now)] {
                        if let Some((b, st)) = side {
                            let d = deltas
                                .entry(b.clone())
                                .or_default()
                                .entry(*date)
                                .or_default();
                            if *st == Stage::Full {
                                d.0 += sign;
                            } else {
                                d.1 += sign;
                            }
                        }
                    }
                    before = now;
                }
            }
            if let Some((_, last)) = states.last()
                && let Some(st) = last.stage.filter(|st| st.is_member() && last.in_org)
            {
                // Member of the last branch since the latest of: admission, 转入, 调整支部.
                let since = m
                    .timeline()
                    .into_iter()
                    .rev()
                    .find(|(e, inside)| {
                        *inside
                            && matches!(
                                e.kind.value.as_str(),
                                super::member::ADMIT
                                    | super::member::TRANSFER_IN
                                    | super::member::MOVE
                            )
                    })
                    .map(|(e, _)| e.date.value);
                rosters
                    .entry(last.branch.clone())
                    .or_default()
                    .push(Member {
                        name: m.name.value.clone(),
                        probationary: st == Stage::Probationary,
                        joined: last.admitted,
                        since,
                        birth_year: m.birth_year.as_ref().map(|b| b.value),
                        gaozhi: m.gaozhi,
                    });
            }
        }
        let mut diags = Vec::new();
        for b in &mut self.branches {
            if !named.contains(&b.id) {
                if let Some(at) = b.counts_missing_at {
                    diags.push(
                        Diagnostic::new(Code::MissingField, b.file.clone(), at, MISSING_COUNTS)
                            .with_hint(MISSING_COUNTS_HINT),
                    );
                }
                continue;
            }
            if b.counts_written_at.is_some() || b.roster_written_at.is_some() {
                continue;
            }
            b.from_member_records = true;
            let (mut full, mut prob) = (0i64, 0i64);
            b.member_counts = deltas
                .get(&b.id)
                .into_iter()
                .flatten()
                .map(|(date, (df, dp))| {
                    full += df;
                    prob += dp;
                    MemberCount {
                        date: *date,
                        full: u32::try_from(full).unwrap_or(0),
                        probationary: u32::try_from(prob).unwrap_or(0),
                    }
                })
                .collect();
            b.members = rosters.remove(&b.id).unwrap_or_default();
        }
        diags
    }
}
