//! Turning the metrics of a year into rule findings: diagnostics (code `rule`) for JSON and CI,
//! and a compact per-branch table for the terminal.

use std::collections::BTreeMap;

use super::{Metrics, Status, TermState};
use crate::config::Config;
use crate::content::Corpus;
use crate::diagnostics::{Code, Diagnostic, Pos, Severity};
use crate::format::{cn_date, number};

/// One thing that is missed, overdue or low.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Branch id, or empty for the organisation.
    pub branch: String,
    pub column: Column,
    pub file: String,
    pub text: String,
}

/// Where a finding goes in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Missed,
    Attendance,
    Other,
}

pub fn findings(
    config: &Config,
    corpus: &Corpus,
    m: &Metrics,
    member_name: &dyn Fn(&str) -> &str,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let rules = &config.rules;
    for b in &m.branches {
        let file = corpus
            .branch(&b.id)
            .map(|x| x.file.clone())
            .unwrap_or_default();
        let mut push = |column, text: String, file: &str| {
            out.push(Finding {
                branch: b.id.clone(),
                column,
                file: file.to_owned(),
                text,
            })
        };
        for c in &b.compliance {
            let missed: Vec<&str> = c
                .cells
                .iter()
                .filter(|x| x.status == Status::Missed)
                .map(|x| x.label.as_str())
                .collect();
            if !missed.is_empty() {
                push(
                    Column::Missed,
                    format!(
                        "{}（{}至少 {} 次）未开展：{}",
                        c.kind,
                        c.period,
                        c.min,
                        missed.join("、")
                    ),
                    &file,
                );
            }
        }
        if b.secretary_lecture_status == Status::Missed {
            push(
                Column::Missed,
                format!(
                    "书记全年未讲党课（要求至少 {} 次）",
                    rules.secretary_lectures
                ),
                &file,
            );
        }
        for low in &b.low_attendance {
            push(
                Column::Attendance,
                format!(
                    "{} {}“{}”参与率 {}（{}/{}）",
                    cn_date(low.date),
                    low.kind,
                    low.title.trim_matches(['“', '”', '"']),
                    crate::format::attendance_percent(low.rate, rules.attendance_threshold),
                    low.present,
                    low.expected
                ),
                &low.file,
            );
        }
        for s in &b.absence_streaks {
            push(
                Column::Attendance,
                format!(
                    "{} 连续 {} 个月未参加组织生活（{}至{}）",
                    member_name(&s.name),
                    s.months,
                    cn_date(s.from),
                    cn_date(s.to)
                ),
                &file,
            );
        }
        match b.term.state {
            TermState::Overdue => push(
                Column::Other,
                format!(
                    "换届已超期：任期于{}届满，已超过 {} 天",
                    cn_date(b.term.end),
                    -b.term.days_left
                ),
                &file,
            ),
            TermState::DueSoon => push(
                Column::Other,
                format!(
                    "换届提醒：任期将于{}届满（还有 {} 天）",
                    cn_date(b.term.end),
                    b.term.days_left
                ),
                &file,
            ),
            TermState::Current => {}
        }
        if !b.size_ok {
            push(
                Column::Other,
                format!(
                    "正式党员 {} 人，不在 {}–{} 人范围内",
                    b.full_members, rules.branch_size_min, rules.branch_size_max
                ),
                &file,
            );
        }
        if b.committee_missing {
            push(
                Column::Other,
                format!("正式党员 {} 人，应设支部委员会", b.full_members),
                &file,
            );
        }
    }
    if let Some(ratio) = m.org.secretary_heads_ratio
        && ratio + 1e-9 < rules.secretary_heads_department
    {
        out.push(Finding {
            branch: String::new(),
            column: Column::Other,
            file: crate::layout::CONFIG_FILE.to_owned(),
            text: format!(
                "书记由科室负责人担任的比例为 {:.0}%，低于 {:.0}%",
                ratio * 100.0,
                rules.secretary_heads_department * 100.0
            ),
        });
    }
    let annual_file = corpus
        .annual(m.year)
        .map(|a| a.file.clone())
        .unwrap_or_default();
    for t in &m.org.targets {
        if t.status == Status::Missed {
            out.push(Finding {
                branch: String::new(),
                column: Column::Missed,
                file: annual_file.clone(),
                text: format!(
                    "年度目标“{}”未完成：目标 {}{}，实际 {}{}",
                    t.label,
                    number(t.target),
                    t.unit,
                    number(t.actual),
                    t.unit
                ),
            });
        }
    }
    out
}

/// The findings as diagnostics (warnings unless the rules are strict).
pub fn diagnostics(
    config: &Config,
    corpus: &Corpus,
    m: &Metrics,
    findings: &[Finding],
) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|f| {
            let who = corpus
                .branch(&f.branch)
                .map_or_else(|| "全院".to_owned(), |b| b.name.clone());
            let mut d = Diagnostic::new(
                Code::Rule,
                f.file.clone(),
                Pos::FILE,
                format!("{} {}年：{}", who, m.year, f.text),
            );
            if config.rules.strict {
                d.severity = Severity::Error;
            }
            d
        })
        .collect()
}

/// A compact table: one block per branch with findings.
pub fn table(corpus: &Corpus, m: &Metrics, findings: &[Finding]) -> String {
    let mut out = format!(
        "规则检查：{} 年（截至 {}）\n",
        m.year,
        crate::format::cn_date(m.as_of)
    );
    if findings.is_empty() {
        out.push_str("  全部规则均已落实\n");
        return out;
    }
    let mut by_branch: BTreeMap<(usize, &str), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        // Branches in corpus order, the organisation last.
        let order = corpus
            .branches
            .iter()
            .position(|b| b.id == f.branch)
            .unwrap_or(usize::MAX);
        by_branch
            .entry((order, f.branch.as_str()))
            .or_default()
            .push(f);
    }
    for ((_, id), mut list) in by_branch {
        list.sort_by_key(|f| f.column);
        let name = corpus.branch(id).map_or("全院", |b| b.name.as_str());
        out.push_str(&format!("  {name}\n"));
        for f in list {
            let tag = match f.column {
                Column::Missed => "未完成",
                Column::Attendance => "参与率",
                Column::Other => "其他  ",
            };
            out.push_str(&format!("    [{tag}] {}\n", f.text));
        }
    }
    let missed = findings
        .iter()
        .filter(|f| f.column == Column::Missed)
        .count();
    let low = findings
        .iter()
        .filter(|f| f.column == Column::Attendance)
        .count();
    let other = findings.len() - missed - low;
    out.push_str(&format!(
        "  合计：未完成 {missed} 项，参与率偏低 {low} 项，其他 {other} 项\n"
    ));
    out
}
