//! Scoring a checklist for a year: items that name a rule are judged from the metrics, the rest
//! take their manual score and evidence from `[scores.<year>]`.
//!
//! A rule-judged item scores `points × fraction`, where the fraction is the share of branches
//! that satisfy the rule (per-branch rules), 1 or 0 (organisation-wide rules), or
//! actual ÷ target capped at 1 (targets).

use serde::Serialize;

use super::branch::{BranchMetrics, TermState};
use super::org::OrgMetrics;
use super::periods::Status;
use crate::content::{Checklist, Corpus};
use crate::rules::{ChecklistRule, RuleSettings, TARGET_RULE_PREFIX};

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistScore {
    pub id: String,
    pub title: String,
    pub categories: Vec<CategoryScore>,
    pub score: f64,
    pub points: f64,
    /// Items with neither a rule nor a manual score this year.
    pub unscored: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryScore {
    pub name: String,
    pub points: f64,
    pub score: f64,
    /// Items in the category: the row span of its cell in tables.
    pub rows: usize,
    pub groups: Vec<GroupScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    pub name: String,
    pub points: f64,
    pub score: f64,
    pub rows: usize,
    pub items: Vec<ItemScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemScore {
    pub id: String,
    pub text: String,
    pub points: f64,
    pub departments: Vec<String>,
    pub score: f64,
    pub source: ScoreSource,
    /// Why: the rule's finding, or the manual evidence note.
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScoreSource {
    Computed,
    Manual,
    Unscored,
}

/// Share of branches satisfying `ok`, with a note naming the ones that do not.
fn per_branch(
    branches: &[BranchMetrics],
    what: &str,
    ok: impl Fn(&BranchMetrics) -> bool,
) -> (f64, String) {
    if branches.is_empty() {
        return (0.0, "没有支部".into());
    }
    let failing: Vec<&str> = branches
        .iter()
        .filter(|b| !ok(b))
        .map(|b| b.short_name.as_str())
        .collect();
    let fraction = (branches.len() - failing.len()) as f64 / branches.len() as f64;
    let note = if failing.is_empty() {
        format!("{} 个支部均{what}", branches.len())
    } else {
        format!(
            "{}/{} 个支部{what}；未达标：{}",
            branches.len() - failing.len(),
            branches.len(),
            failing.join("、")
        )
    };
    (fraction, note)
}

fn judge_rule(
    rule: &str,
    corpus: &Corpus,
    branches: &[BranchMetrics],
    org: &OrgMetrics,
    rules: &RuleSettings,
) -> (f64, String) {
    let Some(rule) = ChecklistRule::parse(rule) else {
        return judge_target(rule, org);
    };
    match rule {
        ChecklistRule::BranchSize => per_branch(
            branches,
            &format!(
                "正式党员在 {}–{} 人之间",
                rules.branch_size_min, rules.branch_size_max
            ),
            |b| b.size_ok,
        ),
        ChecklistRule::SecretaryHeadsDepartment => {
            let ratio = org.secretary_heads_ratio.unwrap_or(0.0);
            let met = ratio + 1e-9 >= rules.secretary_heads_department;
            (
                f64::from(u8::from(met)),
                format!(
                    "书记由科室负责人担任 {}/{} 个支部（{:.0}%），要求不低于 {:.0}%",
                    org.secretary_heads_department,
                    org.branches,
                    ratio * 100.0,
                    rules.secretary_heads_department * 100.0
                ),
            )
        }
        ChecklistRule::Attendance => per_branch(
            branches,
            &format!(
                "组织生活平均参与率不低于 {:.0}%",
                rules.attendance_threshold * 100.0
            ),
            |b| !b.attendance_below_threshold,
        ),
        ChecklistRule::AbsenceStreak => per_branch(
            branches,
            &format!(
                "无连续 {} 个月以上不参加组织生活的党员",
                rules.max_absence_months
            ),
            |b| b.absence_streaks.is_empty(),
        ),
        ChecklistRule::OrganisationLife => per_branch(
            branches,
            "按期召开组织生活会、开展民主评议",
            |b| {
                b.compliance
                    .iter()
                    .filter(|c| {
                        rules
                            .frequency(&c.kind)
                            .is_some_and(|f| f.period == crate::rules::Period::Year)
                    })
                    .all(|c| c.cells.iter().all(|cell| cell.status != Status::Missed))
            },
        ),
        ChecklistRule::Term => per_branch(branches, "按期换届", |b| {
            b.term.state != TermState::Overdue
        }),
        ChecklistRule::Brand => per_branch(branches, "创建了党建品牌", |b| {
            corpus
                .branch(&b.id)
                .and_then(|x| x.brand.as_ref())
                .is_some_and(|id| corpus.brand(&id.value).is_some())
        }),
    }
}

/// `targets.<id>`: actual ÷ target, at most 1.
fn judge_target(rule: &str, org: &OrgMetrics) -> (f64, String) {
    match rule
        .strip_prefix(TARGET_RULE_PREFIX)
        .and_then(|t| org.targets.iter().find(|x| x.id == t))
    {
        Some(t) => (
            t.ratio.clamp(0.0, 1.0),
            format!(
                "{}：目标 {}{}，实际 {}{}",
                t.label,
                crate::format::number(t.target),
                t.unit,
                crate::format::number(t.actual),
                t.unit
            ),
        ),
        None => (0.0, "本年度没有该目标的数据".into()),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(super) fn score(
    c: &Checklist,
    corpus: &Corpus,
    branches: &[BranchMetrics],
    org: &OrgMetrics,
    rules: &RuleSettings,
    year: i32,
) -> ChecklistScore {
    let manual = c.scores.iter().find(|s| s.year == year);
    let mut unscored = 0;
    let categories: Vec<CategoryScore> = c
        .categories
        .iter()
        .map(|cat| {
            let groups: Vec<GroupScore> = cat
                .groups
                .iter()
                .map(|g| {
                    let items: Vec<ItemScore> = g
                        .items
                        .iter()
                        .map(|item| {
                            let given = manual.and_then(|m| {
                                m.scores.iter().find(|s| s.item.value == item.id.value)
                            });
                            let (score, source, note) = match (&item.rule, given) {
                                (Some(rule), _) => {
                                    let (fraction, note) =
                                        judge_rule(&rule.value, corpus, branches, org, rules);
                                    (round2(item.points * fraction), ScoreSource::Computed, note)
                                }
                                (None, Some(s)) => (
                                    s.score.value,
                                    ScoreSource::Manual,
                                    s.evidence.clone().unwrap_or_default(),
                                ),
                                (None, None) => {
                                    unscored += 1;
                                    (0.0, ScoreSource::Unscored, "未评分".into())
                                }
                            };
                            ItemScore {
                                id: item.id.value.clone(),
                                text: item.text.clone(),
                                points: item.points,
                                departments: item.departments.clone(),
                                score,
                                source,
                                note,
                            }
                        })
                        .collect();
                    GroupScore {
                        name: g.name.clone(),
                        points: g.item_points(),
                        score: round2(items.iter().map(|i| i.score).sum()),
                        rows: items.len(),
                        items,
                    }
                })
                .collect();
            CategoryScore {
                name: cat.name.clone(),
                points: cat.item_points(),
                score: round2(groups.iter().map(|g| g.score).sum()),
                rows: groups.iter().map(|g| g.rows).sum(),
                groups,
            }
        })
        .collect();
    ChecklistScore {
        id: c.id.clone(),
        title: c.title.clone(),
        score: round2(categories.iter().map(|c| c.score).sum()),
        points: c.total_points(),
        categories,
        unscored,
    }
}
