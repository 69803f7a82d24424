//! 党员与发展对象: `content/members/<id>.toml`, one file per person.
//!
//! One file per person rather than a roster inside the branch file: a hospital has 200–1,000
//! members and the officer edits them one at a time (a 转正, a transfer), so a change is one
//! small file in `git log`, two officers editing two people never conflict, and moving a person
//! between branches is an event in their own file instead of cutting a block out of one branch
//! file and pasting it into another. The id is the file name and never changes, so a person
//! keeps it through every branch move.
//!
//! The record is a list of dated events; where the person stands (stage, branch, in or out of
//! the organisation) on any date is derived by [`MemberRecord::state_on`], never typed.

use chrono::NaiveDate;

use crate::reader::{Fields, Located};

/// The events a record may hold, in the words of 《中国共产党发展党员工作细则》.
pub const EVENT_KINDS: &[&str] = &[
    APPLY,
    ACTIVIST,
    CANDIDATE,
    ADMIT,
    CONFIRM,
    EXTEND,
    CANCEL,
    TRANSFER_IN,
    TRANSFER_OUT,
    MOVE,
    EXPELLED,
    DIED,
];
pub const APPLY: &str = "提交入党申请";
pub const ACTIVIST: &str = "确定为入党积极分子";
pub const CANDIDATE: &str = "列为发展对象";
pub const ADMIT: &str = "接收为预备党员";
pub const CONFIRM: &str = "转为正式党员";
pub const EXTEND: &str = "延长预备期";
pub const CANCEL: &str = "取消预备党员资格";
pub const TRANSFER_IN: &str = "组织关系转入";
pub const TRANSFER_OUT: &str = "组织关系转出";
pub const MOVE: &str = "调整支部";
pub const EXPELLED: &str = "出党";
pub const DIED: &str = "去世";

#[derive(Debug, Clone)]
pub struct MemberRecord {
    pub id: String,
    pub file: String,
    pub name: Located<String>,
    /// The branch at the first event; later branches come from 调整支部 events.
    pub branch: Located<String>,
    /// Only for age bands and the age rules; never published.
    pub birth_year: Option<Located<u32>>,
    /// 高知: senior title or postgraduate degree (the hospital's own definition).
    pub gaozhi: bool,
    /// In the order written (validation reports an order that is not by date).
    pub events: Vec<Event>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub kind: Located<String>,
    pub date: Located<NaiveDate>,
    /// 组织关系转入: the organisation the member came from (free text).
    pub from: Option<Located<String>>,
    /// 组织关系转出: where the member went (free text); 调整支部: the new branch's id.
    pub to: Option<Located<String>>,
    /// 延长预备期: the new end of the probation (default: one more probation period).
    pub until: Option<Located<NaiveDate>>,
}

/// The stage of a person in the 发展党员 procedure, or a member's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Stage {
    /// 入党申请人
    Applicant,
    /// 入党积极分子
    Activist,
    /// 发展对象
    Candidate,
    /// 预备党员
    Probationary,
    /// 正式党员
    Full,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Applicant => "入党申请人",
            Stage::Activist => "入党积极分子",
            Stage::Candidate => "发展对象",
            Stage::Probationary => "预备党员",
            Stage::Full => "正式党员",
        }
    }

    pub fn is_member(self) -> bool {
        matches!(self, Stage::Probationary | Stage::Full)
    }
}

/// Where a person stands on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub stage: Option<Stage>,
    /// The branch id (meaningful while `in_org`).
    pub branch: String,
    /// Inside this organisation: after the history begins here or a 组织关系转入, and before a
    /// 转出, 出党, 去世 or 取消预备党员资格.
    pub in_org: bool,
    /// The date the current stage began.
    pub since: Option<NaiveDate>,
    /// 接收为预备党员 (the 政治生日).
    pub admitted: Option<NaiveDate>,
    /// The end of the probation in force (after any 延长预备期).
    pub probation_end: Option<NaiveDate>,
}

impl MemberRecord {
    /// Whether the history begins outside this organisation: the first transfer written is a
    /// 组织关系转入, so the events before it (admission, 转正 elsewhere) are the member's history
    /// in another organisation and are not counted here.
    fn begins_elsewhere(&self) -> bool {
        let mut evs: Vec<(usize, &Event)> = self.events.iter().enumerate().collect();
        evs.sort_by_key(|(i, e)| (e.date.value, *i));
        evs.iter()
            .map(|(_, e)| e.kind.value.as_str())
            .find(|k| *k == TRANSFER_IN || *k == TRANSFER_OUT)
            == Some(TRANSFER_IN)
    }

    /// The events in date order (stable: same-day events keep the written order), each with
    /// whether it happened inside this organisation.
    pub fn timeline(&self) -> Vec<(&Event, bool)> {
        let mut evs: Vec<(usize, &Event)> = self.events.iter().enumerate().collect();
        evs.sort_by_key(|(i, e)| (e.date.value, *i));
        let mut in_org = false;
        // Once the history has begun (here, or elsewhere before a 转入), only a 转入 brings the
        // person (back) into the organisation.
        let mut started = self.begins_elsewhere();
        let mut out = Vec::with_capacity(evs.len());
        for (_, e) in evs {
            let k = e.kind.value.as_str();
            if !started || k == TRANSFER_IN {
                in_org = true;
                started = true;
            }
            out.push((e, in_org));
            if matches!(k, TRANSFER_OUT | EXPELLED | DIED | CANCEL) {
                in_org = false;
            }
        }
        out
    }

    /// The person's state at the end of `date`.
    pub fn state_on(&self, date: NaiveDate, probation_months: u32) -> State {
        self.states(probation_months)
            .into_iter()
            .take_while(|(d, _)| *d <= date)
            .last()
            .map_or_else(|| self.initial_state(), |(_, s)| s)
    }

    fn initial_state(&self) -> State {
        State {
            stage: None,
            branch: self.branch.value.clone(),
            in_org: false,
            since: None,
            admitted: None,
            probation_end: None,
        }
    }

    /// The state after each event, in date order (one entry per event).
    pub fn states(&self, probation_months: u32) -> Vec<(NaiveDate, State)> {
        let mut s = self.initial_state();
        let mut out = Vec::with_capacity(self.events.len());
        for (e, in_org) in self.timeline() {
            s.in_org = in_org;
            let d = e.date.value;
            let set = |stage: Stage, s: &mut State| {
                s.stage = Some(stage);
                s.since = Some(d);
            };
            match e.kind.value.as_str() {
                APPLY => set(Stage::Applicant, &mut s),
                ACTIVIST => set(Stage::Activist, &mut s),
                CANDIDATE => set(Stage::Candidate, &mut s),
                ADMIT => {
                    set(Stage::Probationary, &mut s);
                    s.admitted = Some(d);
                    s.probation_end = add_months(d, probation_months);
                }
                CONFIRM => {
                    set(Stage::Full, &mut s);
                    s.probation_end = None;
                }
                EXTEND => {
                    s.probation_end = e.until.as_ref().map(|u| u.value).or_else(|| {
                        s.probation_end
                            .and_then(|p| add_months(p, probation_months))
                    });
                }
                // A member arriving without a recorded admission is a 正式党员.
                TRANSFER_IN if !s.stage.is_some_and(Stage::is_member) => set(Stage::Full, &mut s),
                MOVE => {
                    if let Some(to) = &e.to {
                        s.branch = to.value.clone();
                    }
                }
                CANCEL | EXPELLED | DIED => {
                    s.in_org = false;
                    s.stage = None;
                }
                TRANSFER_OUT => s.in_org = false,
                _ => {}
            }
            out.push((d, s.clone()));
        }
        out
    }

    /// Age reached in the year of `date` (by birth year only).
    pub fn age_in(&self, year: i32) -> Option<i32> {
        self.birth_year
            .as_ref()
            .map(|b| year - i32::try_from(b.value).unwrap_or(i32::MAX))
    }
}

/// `date` plus `months`, clamped to the month's last day (2024-02-29 + 12 → 2025-02-28).
pub fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(chrono::Months::new(months))
}

pub(super) fn read(id: String, file: String, f: &mut Fields<'_, '_>) -> Option<MemberRecord> {
    let name = f.req_str("name");
    let branch = f.req_str("branch");
    let birth_year = f.opt_count("birth_year");
    if let Some(b) = &birth_year
        && !(1900..=2200).contains(&b.value)
    {
        f.sink
            .report_at(
                crate::diagnostics::Code::InvalidValue,
                b.pos,
                format!("出生年份 {} 不合理", b.value),
            )
            .hint("birth_year 写四位年份，如 1990");
    }
    let gaozhi = f.opt_bool("gaozhi").is_some_and(|v| v.value);
    let events_at = f.at();
    let tables = f.tables("events");
    if tables.is_empty() {
        let at = f.pos_of("events").unwrap_or(events_at);
        f.sink
            .report_at(
                crate::diagnostics::Code::MissingField,
                at,
                "缺少经历 `[[events]]`（至少一条）",
            )
            .hint("添加 [[events]]，含 date 与 kind，如 kind = \"接收为预备党员\"");
    }
    let events = tables
        .into_iter()
        .filter_map(|mut e| {
            let date = e.req_date("date");
            let kind = e.req_choice("kind", EVENT_KINDS);
            let from = e.opt_str("from");
            let to = e.opt_str("to");
            let until = e.opt_date("until");
            let at = e.at();
            if let Some(k) = &kind
                && k.value == MOVE
                && to.is_none()
            {
                e.sink
                    .report_at(
                        crate::diagnostics::Code::MissingField,
                        at,
                        "“调整支部”缺少新支部 `to`",
                    )
                    .hint("写 to = \"新支部标识\"，即 content/branches/ 下的文件名");
            }
            e.finish();
            Some(Event {
                kind: kind?,
                date: date?,
                from,
                to,
                until,
            })
        })
        .collect();
    Some(MemberRecord {
        id,
        file,
        name: name?,
        branch: branch?,
        birth_year,
        gaozhi,
        events,
    })
}
