//! The member records against 《中国共产党发展党员工作细则》 (the periods are rules data,
//! `[rules]` in `site.toml`) and against the organisation: every finding is located at the
//! event or field that causes it.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Validator;
use crate::content::MemberRecord;
use crate::content::branch::MemberCount;
use crate::content::member::{
    self, ACTIVIST, ADMIT, APPLY, CANCEL, CANDIDATE, CONFIRM, DIED, EXPELLED, EXTEND, MOVE, Stage,
    TRANSFER_IN, TRANSFER_OUT,
};
use crate::diagnostics::{Code, Diagnostic, Pos};

impl Validator<'_> {
    pub(super) fn members(&mut self) {
        for m in &self.corpus.members {
            self.branch_ref(&m.file, &m.branch);
            for e in &m.events {
                if e.kind.value == MOVE
                    && let Some(to) = &e.to
                {
                    self.branch_ref(&m.file, to);
                }
            }
            self.member_procedure(m);
            self.member_transfers(m);
            self.probation_due(m);
        }
        self.member_duplicates();
        self.typed_counts_beside_records();
        self.absentees_are_members();
        self.expected_within_members();
    }

    /// In a branch whose members are recorded, an activity expecting more people than the
    /// branch has members on the day is a slip or a member record not yet written. Only this
    /// direction: fewer expected than members is normal (a 支委会 or 党小组会 expects a part of
    /// the branch, and a 党员大会 may leave out members who are ill or away for a long time),
    /// and the absentees of a meeting are already listed by name.
    fn expected_within_members(&mut self) {
        let mut found = Vec::new();
        for a in &self.corpus.activities {
            let Some(b) = self
                .corpus
                .branch(&a.branch.value)
                .filter(|b| b.from_member_records)
            else {
                continue;
            };
            let day = a.date.value;
            // The larger of the counts at the start and the end of the day: a member who is
            // admitted, transferred out or moved that day may or may not be counted by the
            // meeting, depending on the hour.
            let heads = |c: Option<&MemberCount>| c.map_or((0, 0), |c| (c.full, c.probationary));
            let at_start = heads(b.member_counts.iter().rev().find(|c| c.date < day));
            let at_end = heads(b.member_counts.iter().rev().find(|c| c.date <= day));
            let (full, probationary) = if at_start.0 + at_start.1 > at_end.0 + at_end.1 {
                at_start
            } else {
                at_end
            };
            let members = full + probationary;
            if a.expected > members {
                found.push(
                    Diagnostic::new(
                        Code::AbsenteeCount,
                        &a.file,
                        a.expected_pos,
                        format!(
                            "应到人数 {} 多于 {day} 本支部的党员人数 {members}（正式党员 {full} 名、预备党员 {probationary} 名，按 content/members/ 的记录）",
                            a.expected
                        ),
                    )
                    .with_hint(
                        "应到人数只计当天本支部的党员；列席人员写入 guests。若有人转入、调入本支部而未记，在其党员记录中补记经历",
                    ),
                );
            }
        }
        for d in found {
            self.push(d);
        }
    }

    /// In a branch whose members are recorded, an absentee who is not one of its party members
    /// on the day is a typo or a record not yet written (a warning: the meeting is still real).
    fn absentees_are_members(&mut self) {
        let months = self.config.rules.probation_months;
        // By name, so that each absentee is looked up among the few records of that name
        // rather than all members (thousands of activities × hundreds of members).
        let mut by_name: std::collections::HashMap<&str, Vec<_>> = std::collections::HashMap::new();
        for m in &self.corpus.members {
            by_name.entry(m.name.value.as_str()).or_default().push(m);
        }
        let mut found = Vec::new();
        for a in &self.corpus.activities {
            if a.absentees.is_empty()
                || !self
                    .corpus
                    .branch(&a.branch.value)
                    .is_some_and(|b| b.from_member_records)
            {
                continue;
            }
            let day = a.date.value;
            for x in &a.absentees {
                let member = by_name.get(x.name.as_str()).is_some_and(|records| {
                    records.iter().any(|m| {
                        let s = m.state_on(day, months);
                        s.in_org
                            && s.branch == a.branch.value
                            && s.stage.is_some_and(Stage::is_member)
                    })
                });
                if !member {
                    found.push(
                        Diagnostic::new(
                            Code::AbsenteeCount,
                            &a.file,
                            x.name_pos,
                            format!(
                                "缺席的“{}”在 {day} 不是本支部的党员（按 content/members/ 的记录）",
                                x.name
                            ),
                        )
                        .with_hint(
                            "检查姓名是否写错；若此人已调入、转入本支部，在其党员记录中补记经历",
                        ),
                    );
                }
            }
        }
        for d in found {
            self.push(d);
        }
    }

    fn procedure(&mut self, m: &MemberRecord, pos: Pos, msg: String, hint: &str) {
        self.push(
            Diagnostic::new(Code::MemberProcedure, &m.file, pos, msg).with_hint(hint.to_owned()),
        );
    }

    /// Events in date order, each step after the one it needs, the 积极分子 period and the
    /// applicant's age.
    fn member_procedure(&mut self, m: &MemberRecord) {
        let rules = &self.config.rules;
        let mut last_date: Option<NaiveDate> = None;
        for e in &m.events {
            if last_date.is_some_and(|d| e.date.value < d) {
                self.procedure(
                    m,
                    e.date.pos,
                    format!("经历未按日期先后书写：{} 早于上一条经历", e.date.value),
                    "按日期从早到晚排列 [[events]]",
                );
            }
            last_date = Some(last_date.map_or(e.date.value, |d| d.max(e.date.value)));
        }
        let mut stage: Option<Stage> = None;
        let mut in_org = false;
        let mut gone = false;
        let mut activist_since: Option<NaiveDate> = None;
        for (e, inside) in m.timeline() {
            let kind = e.kind.value.as_str();
            let at = e.kind.pos;
            if gone {
                self.procedure(
                    m,
                    at,
                    format!("“{kind}”记在出党或去世之后"),
                    "检查此条经历的日期与类型",
                );
                continue;
            }
            let needed: Option<(&[Option<Stage>], &str)> = match kind {
                ACTIVIST => Some((&[None, Some(Stage::Applicant)], "提交入党申请")),
                CANDIDATE => Some((&[None, Some(Stage::Activist)], "确定为入党积极分子")),
                ADMIT => Some((&[None, Some(Stage::Candidate)], "列为发展对象")),
                CONFIRM | EXTEND | CANCEL => Some((&[Some(Stage::Probationary)], "接收为预备党员")),
                APPLY => Some((&[None], "（无）")),
                _ => None,
            };
            if let Some((allowed, step)) = needed
                && !allowed.contains(&stage)
            {
                let now = stage.map_or("尚无身份", Stage::label);
                self.procedure(
                    m,
                    at,
                    format!("“{kind}”不符合发展程序：此前为{now}"),
                    &format!(
                        "按《发展党员工作细则》，“{kind}”之前应为“{step}”；补记缺少的经历或改正类型"
                    ),
                );
            }
            if kind == TRANSFER_IN && in_org {
                self.procedure(
                    m,
                    at,
                    "组织关系转入时已在本院组织内".to_owned(),
                    "转入前应有“组织关系转出”；本院支部之间调动记为“调整支部”",
                );
            }
            if (kind == MOVE || kind == TRANSFER_OUT) && !inside {
                self.procedure(
                    m,
                    at,
                    format!("“{kind}”时不在本院组织内"),
                    "检查之前是否已转出，或缺少“组织关系转入”",
                );
            }
            if kind == CANDIDATE
                && inside
                && let Some(since) = activist_since
            {
                let due = member::add_months(since, rules.activist_min_months);
                if due.is_some_and(|d| e.date.value < d) {
                    self.procedure(
                            m,
                            e.date.pos,
                            format!(
                                "确定为入党积极分子（{since}）后不满{}个月即列为发展对象",
                                rules.activist_min_months
                            ),
                            "《发展党员工作细则》：入党积极分子经过一年以上培养教育和考察，方可列为发展对象",
                        );
                }
            }
            if kind == APPLY
                && let Some(age) = m.age_in(chrono::Datelike::year(&e.date.value))
                && age < i32::try_from(rules.application_min_age).unwrap_or(18)
            {
                self.procedure(
                    m,
                    e.date.pos,
                    format!(
                        "提交入党申请时未满{}周岁（{}岁）",
                        rules.application_min_age, age
                    ),
                    "《中国共产党章程》：年满十八岁方可申请入党；检查出生年份与申请日期",
                );
            }
            match kind {
                APPLY => stage = Some(Stage::Applicant),
                ACTIVIST => {
                    stage = Some(Stage::Activist);
                    activist_since = Some(e.date.value);
                }
                CANDIDATE => stage = Some(Stage::Candidate),
                ADMIT => stage = Some(Stage::Probationary),
                CONFIRM => stage = Some(Stage::Full),
                CANCEL => stage = None,
                TRANSFER_IN if !stage.is_some_and(Stage::is_member) => stage = Some(Stage::Full),
                EXPELLED | DIED => gone = true,
                _ => {}
            }
            in_org = inside && !matches!(kind, TRANSFER_OUT | EXPELLED | DIED | CANCEL);
        }
    }

    /// A transfer between two branches of this organisation is a 调整支部, not a 转出 and a
    /// 转入: written as a transfer it would count once as leaving and once as joining.
    fn member_transfers(&mut self, m: &MemberRecord) {
        let mut current = m.branch.value.clone();
        for e in &m.events {
            let kind = e.kind.value.as_str();
            let other = match kind {
                TRANSFER_OUT => e.to.as_ref(),
                TRANSFER_IN => e.from.as_ref(),
                _ => None,
            };
            if let Some(o) = other {
                let internal =
                    self.corpus.branches.iter().find(|b| {
                        b.id == o.value || b.name == o.value || b.display_name() == o.value
                    });
                if let Some(b) = internal {
                    self.procedure(
                        m,
                        o.pos,
                        format!("“{kind}”的对方是本院的{}", b.name),
                        "本院支部之间调动记为 kind = \"调整支部\"、to = \"新支部标识\"，不记转出与转入",
                    );
                }
            }
            if kind == MOVE
                && let Some(to) = &e.to
            {
                if to.value == current {
                    self.procedure(
                        m,
                        to.pos,
                        format!("调整支部的新支部与原支部相同（{current}）"),
                        "to 写调入的支部标识",
                    );
                }
                current = to.value.clone();
            }
        }
    }

    /// 转正 due soon (reminder) or overdue (warning), judged at the as-of date.
    fn probation_due(&mut self, m: &MemberRecord) {
        let rules = &self.config.rules;
        let s = m.state_on(self.today, rules.probation_months);
        if !(s.in_org && s.stage == Some(Stage::Probationary)) {
            return;
        }
        let Some(end) = s.probation_end else { return };
        // Located at the event that set the due date: the admission or the last extension.
        let at = m
            .events
            .iter()
            .rev()
            .find(|e| {
                (e.kind.value == EXTEND || e.kind.value == ADMIT) && e.date.value <= self.today
            })
            .map_or(m.name.pos, |e| e.date.pos);
        let days = (end - self.today).num_days();
        let (msg, hint) = if days < 0 {
            (
                format!(
                    "{}的预备期已于{}届满，逾期 {} 天未讨论转正",
                    m.name.value,
                    crate::format::cn_date(end),
                    -days
                ),
                "支部应及时召开党员大会讨论转正（或延长预备期），并补记“转为正式党员”或“延长预备期”",
            )
        } else if days <= i64::from(rules.probation_reminder_days) {
            (
                format!(
                    "{}的预备期将于{}届满（还有 {days} 天）",
                    m.name.value,
                    crate::format::cn_date(end)
                ),
                "提前准备转正申请、支部党员大会讨论和党委审批",
            )
        } else {
            return;
        };
        self.push(Diagnostic::new(Code::Rule, &m.file, at, msg).with_hint(hint));
    }

    /// Two records of one person (same name and birth year) inside the organisation at the same
    /// time would count the person twice, in two branches.
    fn member_duplicates(&mut self) {
        let months = self.config.rules.probation_months;
        let mut by_person: HashMap<(&str, u32), Vec<&MemberRecord>> = HashMap::new();
        for m in &self.corpus.members {
            if let Some(b) = &m.birth_year {
                by_person
                    .entry((&m.name.value, b.value))
                    .or_default()
                    .push(m);
            }
        }
        let mut groups: Vec<Vec<&MemberRecord>> =
            by_person.into_values().filter(|v| v.len() > 1).collect();
        groups.sort_by(|a, b| a[0].id.cmp(&b[0].id));
        for group in groups {
            for (i, later) in group.iter().enumerate().skip(1) {
                let Some(first) = group[..i]
                    .iter()
                    .find(|earlier| overlap(earlier, later, months))
                else {
                    continue;
                };
                self.procedure(
                    later,
                    later.name.pos,
                    format!(
                        "{}与 {} 是同一人（姓名、出生年份相同），两条记录同时在本院组织内",
                        later.name.value, first.file
                    ),
                    "一人只建一个记录；支部之间调动在原记录中记“调整支部”",
                );
            }
        }
    }

    /// Typed `[[member_counts]]` or `[[members]]` in a branch that member records make
    /// someone a party member of.
    fn typed_counts_beside_records(&mut self) {
        let months = self.config.rules.probation_months;
        for b in &self.corpus.branches {
            let Some(at) = b.counts_written_at.or(b.roster_written_at) else {
                continue;
            };
            // Records of the pipeline alone (申请人 to 发展对象) may sit beside typed counts:
            // a site can track 发展党员 before it records every member.
            let named = self.corpus.members.iter().find(|m| {
                m.states(months).iter().any(|(_, s)| {
                    s.branch == b.id && s.in_org && s.stage.is_some_and(Stage::is_member)
                })
            });
            if let Some(m) = named {
                self.push(
                    Diagnostic::new(
                        Code::MemberProcedure,
                        &b.file,
                        at,
                        format!(
                            "本支部已有党员记录（如 {}），人数与名册由记录统计，不能再手填",
                            m.file
                        ),
                    )
                    .with_hint(
                        "删除本文件的 [[member_counts]] 与 [[members]]，或删除 content/members/ 中属于本支部的记录",
                    ),
                );
            }
        }
    }
}

/// Whether two records are inside the organisation as party members or in the pipeline on a
/// common date.
fn overlap(a: &MemberRecord, b: &MemberRecord, months: u32) -> bool {
    let dates = a.events.iter().chain(&b.events).map(|e| e.date.value);
    dates
        .into_iter()
        .any(|d| a.state_on(d, months).in_org && b.state_on(d, months).in_org)
}
