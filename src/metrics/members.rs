//! The figures of 发展党员 and of the membership, counted from `content/members/` — the
//! numbers an annual summary used to type by hand ("发展党员15名，35周岁及以下9名…").
//!
//! Counting rules (docs/content-reference.md, and mirrored by the independent recount in
//! tests/member_stats.rs):
//! - an event counts in the year of its date, for the branch the person is in at that event,
//!   and only while the person is inside this organisation (history before a 组织关系转入
//!   happened elsewhere);
//! - stages and headcounts are taken at the end of the year, or at the as-of date for the
//!   current year (as the branch sizes are);
//! - ages are by birth year only: the age reached in the year.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::content::Corpus;
use crate::content::member::{
    ACTIVIST, ADMIT, APPLY, CANDIDATE, CONFIRM, EXTEND, MOVE, Stage, TRANSFER_IN, TRANSFER_OUT,
};

/// The annual figure that holds the hospital's 高知 headcount (高知群体), the denominator of
/// 高知党员占高知群体比例.
pub const GAOZHI_HEADCOUNT_FIGURE: &str = "gaozhi_headcount";

/// Age bands of the membership, by age reached in the year.
pub const AGE_BANDS: &[&str] = &["35岁及以下", "36至45岁", "46至55岁", "56岁及以上", "未填"];

/// The young 发展党员 limit of the annual summary (“35周岁及以下”).
const YOUNG_MAX_AGE: i32 = 35;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct MemberFigures {
    /// 提交入党申请 in the year.
    pub applications: u32,
    /// 确定为入党积极分子 in the year.
    pub new_activists: u32,
    /// 列为发展对象 in the year.
    pub new_candidates: u32,
    /// 发展党员: 接收为预备党员 in the year.
    pub new_members: u32,
    /// Of them 35 or younger.
    pub new_members_young: u32,
    /// Of them 高知.
    pub new_members_gaozhi: u32,
    /// 转为正式党员 in the year.
    pub confirmed: u32,
    /// 延长预备期 in the year.
    pub extended: u32,
    /// 组织关系转入 / 转出 in the year.
    pub transfers_in: u32,
    pub transfers_out: u32,
    /// 调整支部 into / out of the branch (zero for the organisation as a whole).
    pub moved_in: u32,
    pub moved_out: u32,
    /// At the end of the year (or the as-of date).
    pub applicants: u32,
    pub activists: u32,
    pub candidates: u32,
    pub probationary: u32,
    pub full: u32,
    pub gaozhi_members: u32,
    /// Members (正式 + 预备) by [`AGE_BANDS`].
    pub age_bands: BTreeMap<String, u32>,
}

impl MemberFigures {
    fn add(&mut self, o: &MemberFigures) {
        self.applications += o.applications;
        self.new_activists += o.new_activists;
        self.new_candidates += o.new_candidates;
        self.new_members += o.new_members;
        self.new_members_young += o.new_members_young;
        self.new_members_gaozhi += o.new_members_gaozhi;
        self.confirmed += o.confirmed;
        self.extended += o.extended;
        self.transfers_in += o.transfers_in;
        self.transfers_out += o.transfers_out;
        self.applicants += o.applicants;
        self.activists += o.activists;
        self.candidates += o.candidates;
        self.probationary += o.probationary;
        self.full += o.full;
        self.gaozhi_members += o.gaozhi_members;
        for (k, v) in &o.age_bands {
            *self.age_bands.entry(k.clone()).or_default() += v;
        }
    }

    pub fn members(&self) -> u32 {
        self.full + self.probationary
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct MemberMetrics {
    /// Whether any member record exists (else every figure is zero and none is shown).
    pub counted: bool,
    pub org: MemberFigures,
    /// By branch id, for the branches that have member records.
    pub branches: BTreeMap<String, MemberFigures>,
    /// 发展党员 of them 高知, as a share.
    pub new_members_gaozhi_ratio: Option<f64>,
    /// 高知群体 of the hospital (the annual figure [`GAOZHI_HEADCOUNT_FIGURE`]).
    pub gaozhi_headcount: Option<f64>,
    /// 高知党员 / 高知群体.
    pub gaozhi_ratio: Option<f64>,
}

fn band(age: Option<i32>) -> &'static str {
    match age {
        None => AGE_BANDS[4],
        Some(a) if a <= 35 => AGE_BANDS[0],
        Some(a) if a <= 45 => AGE_BANDS[1],
        Some(a) if a <= 55 => AGE_BANDS[2],
        Some(_) => AGE_BANDS[3],
    }
}

pub fn compute(
    corpus: &Corpus,
    year: i32,
    as_of: NaiveDate,
    probation_months: u32,
) -> MemberMetrics {
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31)
        .unwrap_or(as_of)
        .min(as_of);
    let mut branches: BTreeMap<String, MemberFigures> = BTreeMap::new();
    for m in &corpus.members {
        let mut branch = m.branch.value.clone();
        for (e, inside) in m.timeline() {
            let here = branch.clone();
            if e.kind.value == MOVE
                && let Some(to) = &e.to
            {
                branch = to.value.clone();
            }
            if !inside || e.date.value.year() != year || e.date.value > as_of {
                continue;
            }
            let f = branches.entry(here.clone()).or_default();
            match e.kind.value.as_str() {
                APPLY => f.applications += 1,
                ACTIVIST => f.new_activists += 1,
                CANDIDATE => f.new_candidates += 1,
                ADMIT => {
                    f.new_members += 1;
                    if m.age_in(year).is_some_and(|a| a <= YOUNG_MAX_AGE) {
                        f.new_members_young += 1;
                    }
                    if m.gaozhi {
                        f.new_members_gaozhi += 1;
                    }
                }
                CONFIRM => f.confirmed += 1,
                EXTEND => f.extended += 1,
                TRANSFER_IN => f.transfers_in += 1,
                TRANSFER_OUT => f.transfers_out += 1,
                MOVE if branch != here => {
                    f.moved_out += 1;
                    branches.entry(branch.clone()).or_default().moved_in += 1;
                }
                _ => {}
            }
        }
        let s = m.state_on(year_end, probation_months);
        if !s.in_org {
            continue;
        }
        let Some(stage) = s.stage else { continue };
        let f = branches.entry(s.branch.clone()).or_default();
        match stage {
            Stage::Applicant => f.applicants += 1,
            Stage::Activist => f.activists += 1,
            Stage::Candidate => f.candidates += 1,
            Stage::Probationary => f.probationary += 1,
            Stage::Full => f.full += 1,
        }
        if stage.is_member() {
            if m.gaozhi {
                f.gaozhi_members += 1;
            }
            *f.age_bands
                .entry(band(m.age_in(year)).to_owned())
                .or_default() += 1;
        }
    }
    let mut org = MemberFigures::default();
    for f in branches.values() {
        org.add(f);
    }
    let gaozhi_headcount = corpus
        .annual(year)
        .and_then(|a| a.figure(GAOZHI_HEADCOUNT_FIGURE))
        .map(|f| f.value)
        .filter(|v| *v > 0.0);
    MemberMetrics {
        counted: !corpus.members.is_empty(),
        new_members_gaozhi_ratio: (org.new_members > 0)
            .then(|| f64::from(org.new_members_gaozhi) / f64::from(org.new_members)),
        gaozhi_ratio: gaozhi_headcount.map(|h| f64::from(org.gaozhi_members) / h),
        gaozhi_headcount,
        org,
        branches,
    }
}

/// The value of the member statistic `name` of [`crate::citable::STATS`] (its unit is there);
/// `None` when it cannot be computed (a ratio without its denominator) or `name` is not a
/// member statistic. Ratios are in per cent, to one decimal, as they are printed.
pub fn value(m: &MemberMetrics, name: &str) -> Option<f64> {
    let o = &m.org;
    let n = |v: u32| Some(f64::from(v));
    let pct = |r: Option<f64>| r.map(|r| ((r * 1000.0).round()) / 10.0);
    match name {
        "new_members" => n(o.new_members),
        "new_members_young" => n(o.new_members_young),
        "new_members_gaozhi" => n(o.new_members_gaozhi),
        "new_members_gaozhi_ratio" => pct(m.new_members_gaozhi_ratio),
        "applications" => n(o.applications),
        "new_activists" => n(o.new_activists),
        "new_candidates" => n(o.new_candidates),
        "confirmed" => n(o.confirmed),
        "transfers_in" => n(o.transfers_in),
        "transfers_out" => n(o.transfers_out),
        "activists" => n(o.activists),
        "candidates" => n(o.candidates),
        "probationary" => n(o.probationary),
        "gaozhi_members" => n(o.gaozhi_members),
        "gaozhi_ratio" => pct(m.gaozhi_ratio),
        _ => None,
    }
}

/// The member statistics of the annual figures table: name in [`crate::citable::STATS`],
/// label of the row, group.
const FIGURE_ROWS: &[(&str, &str, &str)] = &[
    ("new_members", "发展党员", "组织建设"),
    ("new_members_young", "其中35周岁及以下", "组织建设"),
    ("new_members_gaozhi", "其中高知人才", "组织建设"),
    ("new_activists", "确定入党积极分子", "组织建设"),
    ("applications", "递交入党申请书", "组织建设"),
    ("confirmed", "预备党员转正", "组织建设"),
    ("transfers_in", "党员组织关系转入", "组织建设"),
    ("transfers_out", "党员组织关系转出", "组织建设"),
    ("gaozhi_ratio", "高知党员占高知群体比例", "人才队伍"),
];

/// The member figures as rows of the annual figures table (site, PDF, `stats`), with last
/// year's value beside them, under ids `stats.<name>` (never a typed figure's id). None when
/// the site has no member records.
pub fn figure_rows(
    corpus: &Corpus,
    year: i32,
    as_of: NaiveDate,
    probation_months: u32,
    this: &MemberMetrics,
) -> Vec<super::FigureChange> {
    if !this.counted {
        return Vec::new();
    }
    let last = compute(corpus, year - 1, as_of, probation_months);
    FIGURE_ROWS
        .iter()
        .filter_map(|(name, label, group)| {
            let unit = crate::citable::get(name)?.unit;
            let now = value(this, name)?;
            let previous = value(&last, name).filter(|_| last.counted);
            Some(super::FigureChange {
                id: format!("{}{name}", crate::citable::PREFIX),
                label: (*label).to_owned(),
                unit: unit.to_owned(),
                group: (*group).to_owned(),
                value: now,
                previous,
                change: previous.map(|p| ((now - p) * 1e6).round() / 1e6),
                change_ratio: previous.filter(|p| *p != 0.0).map(|p| (now - p) / p),
                better: Default::default(),
                display: Default::default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::citable::{Source, get};

    #[test]
    fn every_row_of_the_figures_table_is_a_member_statistic() {
        for (name, ..) in super::FIGURE_ROWS {
            assert!(
                get(name).is_some_and(|s| s.source == Source::Members),
                "{name} is not a member statistic of citable::STATS"
            );
        }
    }
}
