//! Who is at which stage of 发展党员 and who is in which branch, on a date: the views of
//! `dangjian members` (and of the roster pages when `site.publish_roster` is set). Names are
//! personal data: nothing here is published unless the site asks for it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::content::Corpus;
use crate::content::member::{Stage, add_months};
use crate::rules::RuleSettings;

#[derive(Debug, Clone, Serialize)]
pub struct PipelineRow {
    pub branch: String,
    pub name: String,
    pub stage: Stage,
    /// The date the person reached the stage.
    pub since: Option<NaiveDate>,
    /// The next step of the procedure.
    pub next: &'static str,
    /// 积极分子: the earliest date of 列为发展对象; 预备党员: the end of the probation.
    pub due: Option<NaiveDate>,
    /// Days from the as-of date to `due` (negative: overdue).
    pub days_left: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RosterRow {
    pub branch: String,
    pub name: String,
    pub stage: Stage,
    /// 政治生日 (接收为预备党员), when recorded.
    pub admitted: Option<NaiveDate>,
    pub gaozhi: bool,
}

/// Everyone in the procedure (申请人 to 预备党员) on `as_of`, by stage (furthest first), then
/// by the date due, branch and name.
pub fn pipeline(corpus: &Corpus, rules: &RuleSettings, as_of: NaiveDate) -> Vec<PipelineRow> {
    let mut rows: Vec<PipelineRow> = corpus
        .members
        .iter()
        .filter_map(|m| {
            let s = m.state_on(as_of, rules.probation_months);
            let stage = s.stage.filter(|st| s.in_org && *st != Stage::Full)?;
            let (next, due) = match stage {
                Stage::Applicant => ("确定为入党积极分子", None),
                Stage::Activist => (
                    "列为发展对象",
                    s.since
                        .and_then(|d| add_months(d, rules.activist_min_months)),
                ),
                Stage::Candidate => ("接收为预备党员", None),
                Stage::Probationary | Stage::Full => ("转为正式党员", s.probation_end),
            };
            Some(PipelineRow {
                branch: corpus.branch_display_name(&s.branch),
                name: m.name.value.clone(),
                stage,
                since: s.since,
                next,
                due,
                days_left: due.map(|d| (d - as_of).num_days()),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (std::cmp::Reverse(a.stage), a.due, &a.branch, &a.name).cmp(&(
            std::cmp::Reverse(b.stage),
            b.due,
            &b.branch,
            &b.name,
        ))
    });
    rows
}

/// The party members of one branch (or of all, `None`) on `as_of`, by branch and name.
pub fn roster(
    corpus: &Corpus,
    rules: &RuleSettings,
    branch: Option<&str>,
    as_of: NaiveDate,
) -> Vec<RosterRow> {
    let mut rows: Vec<RosterRow> = corpus
        .members
        .iter()
        .filter_map(|m| {
            let s = m.state_on(as_of, rules.probation_months);
            let stage = s.stage.filter(|st| s.in_org && st.is_member())?;
            if branch.is_some_and(|b| b != s.branch) {
                return None;
            }
            Some(RosterRow {
                branch: s.branch.clone(),
                name: m.name.value.clone(),
                stage,
                admitted: s.admitted,
                gaozhi: m.gaozhi,
            })
        })
        .collect();
    // Branches in their configured order (corpus order), not by id.
    let place = |id: &str| corpus.branches.iter().position(|b| b.id == id);
    rows.sort_by(|a, b| (place(&a.branch), &a.name).cmp(&(place(&b.branch), &b.name)));
    rows
}
