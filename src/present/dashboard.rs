//! The dashboard (the site's home page): the as-of year's cards, what needs attention (every
//! rule period, the secretary's 党课, the term), each branch's state at a glance, charts, the
//! other findings, targets, 转正 reminders, the latest records and this month's 政治生日.

mod attention;

use chrono::Datelike;
use serde::Serialize;

use super::frame::{Frame, Page};
use super::rows::{self, ActivityRow, NoticeRow};
use super::{Context, links, privacy};
use crate::charts::figures;
use crate::format::{cn_date, number};
use crate::metrics::findings::{self, Column};

#[derive(Serialize)]
pub(crate) struct DashboardView<'a> {
    /// No activity records yet: the page only says how to add one.
    pub empty: bool,
    #[serde(flatten)]
    pub year: Option<YearView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct YearView<'a> {
    pub year: i32,
    pub as_of: String,
    pub cards: Vec<Card>,
    pub chart_months: String,
    pub chart_kinds: String,
    pub matrix: String,
    /// 需要关注: open obligations, missed first.
    pub attention: Vec<attention::Attention>,
    pub attention_missed: usize,
    pub attention_due: usize,
    pub glance: attention::Glance,
    /// The findings the attention list does not hold: attendance, size, committee.
    pub warnings: Vec<Warning>,
    pub warning_count: usize,
    pub targets: Vec<Target>,
    /// (branch, name, what is due).
    pub probation: Vec<(String, String, String)>,
    pub probation_count: usize,
    pub latest_notices: Vec<NoticeRow<'a>>,
    pub latest_activities: Vec<ActivityRow<'a>>,
    pub birthday_month: u32,
    pub birthdays: Vec<Birthday>,
}

#[derive(Serialize)]
pub(crate) struct Card {
    pub label: &'static str,
    pub value: String,
    pub note: String,
}

#[derive(Serialize)]
pub(crate) struct Warning {
    pub branch: String,
    pub url: String,
    pub text: String,
    /// missed, attendance or other: the column of the findings table it belongs to.
    pub kind: &'static str,
}

#[derive(Serialize)]
pub(crate) struct Target {
    pub label: String,
    /// For `<meter>`: plain numbers, the actual capped at the target.
    pub max: f64,
    pub value: f64,
    pub text: String,
    pub met: bool,
}

#[derive(Serialize)]
pub(crate) struct Birthday {
    pub name: String,
    pub years: i32,
}

/// The home page.
pub(crate) fn page<'a>(ctx: &Context<'a>) -> Page<DashboardView<'a>> {
    let frame = Frame::new(
        links::home(),
        ctx.site.config.site.title.as_str(),
        "home",
        Vec::new(),
    );
    Page::new(
        frame,
        DashboardView {
            empty: ctx.current().is_none(),
            year: year_view(ctx),
        },
    )
}

fn year_view<'a>(ctx: &Context<'a>) -> Option<YearView<'a>> {
    let site: &'a crate::loaded::Site = ctx.site;
    let m = ctx.current()?;
    let previous = ctx.metrics(m.year - 1);
    let rules = &site.config.rules;
    let hide = site.config.site.hide_member_names;
    let o = &m.org;
    let cards = vec![
        Card {
            label: "支部活动",
            value: o.activities.to_string(),
            note: previous.map_or_else(String::new, |p| format!("上年 {} 次", p.org.activities)),
        },
        Card {
            label: "党支部",
            value: o.branches.to_string(),
            note: String::new(),
        },
        Card {
            label: "党员",
            value: o.members.to_string(),
            note: format!("正式党员 {}", o.full_members),
        },
        Card {
            label: "平均参与率",
            value: rows::attendance(o.attendance, rules),
            note: format!("要求不低于 {:.0}%", rules.attendance_threshold * 100.0),
        },
    ];
    // The rule findings name members (absence streaks): hidden as on the branch pages.
    let warnings: Vec<Warning> = findings::findings(&site.config, &site.corpus, m, &|name| {
        privacy::member_name(&site.config, name)
    })
    .into_iter()
    // Missed rule periods and terms are in the attention list; missed targets under 年度目标.
    .filter(|f| f.column != Column::Missed && !is_term_finding(&f.text))
    .map(|f| Warning {
        branch: site
            .corpus
            .branch(&f.branch)
            .map_or_else(|| "全院".to_owned(), |b| b.display_name().to_owned()),
        url: if f.branch.is_empty() {
            links::annual(m.year)
        } else {
            links::branch(&f.branch)
        },
        text: f.text,
        kind: match f.column {
            Column::Missed => "missed",
            Column::Attendance => "attendance",
            Column::Other => "other",
        },
    })
    .collect();
    let month = site.as_of.month();
    let birthdays = if hide {
        Vec::new()
    } else {
        o.birthdays
            .get(&month)
            .map(|l| {
                l.iter()
                    .map(|b| Birthday {
                        name: b.name.clone(),
                        years: b.years,
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let probation = probation(ctx);
    let branch_name = |b: &crate::metrics::branch::BranchMetrics| {
        site.corpus
            .branch(&b.id)
            .map_or_else(|| b.name.clone(), |x| x.display_name().to_owned())
    };
    let attention = attention::attention(m, &branch_name);
    let count = |class: &str| {
        attention
            .iter()
            .filter(|a| a.state == class)
            .map(|a| a.branches.len())
            .sum()
    };
    Some(YearView {
        year: m.year,
        as_of: cn_date(m.as_of),
        cards,
        chart_months: figures::by_month(m, previous).to_html("月份"),
        chart_kinds: figures::by_kind(m, &site.config).to_html("活动类型"),
        matrix: figures::compliance_html(m),
        attention_missed: count("missed"),
        attention_due: count("due"),
        attention,
        glance: attention::glance(m, &branch_name),
        warning_count: warnings.len(),
        warnings,
        targets: o
            .targets
            .iter()
            .map(|t| Target {
                label: t.label.clone(),
                max: t.target.max(1.0),
                value: t.actual.min(t.target.max(1.0)),
                text: format!("{} / {}{}", number(t.actual), number(t.target), t.unit),
                met: t.status == crate::metrics::Status::Met,
            })
            .collect(),
        probation_count: probation.len(),
        probation,
        latest_notices: latest_notices(site),
        latest_activities: site
            .corpus
            .activities
            .iter()
            .rev()
            .take(10)
            .map(|a| rows::activity_row(site, a))
            .collect(),
        birthday_month: month,
        birthdays,
    })
}

/// A term reminder of `findings`: the attention list has the term (shown once).
fn is_term_finding(text: &str) -> bool {
    text.starts_with("换届")
}

/// 转正 due soon or overdue: the same reminders `check` gives, with names as the site
/// shows names.
fn probation(ctx: &Context<'_>) -> Vec<(String, String, String)> {
    let site = ctx.site;
    let rules = &site.config.rules;
    crate::metrics::member_views::pipeline(&site.corpus, rules, site.as_of)
        .into_iter()
        .filter(|r| r.next == "转为正式党员")
        .filter_map(|r| {
            let days = r.days_left?;
            if days > i64::from(rules.probation_reminder_days) {
                return None;
            }
            let due = r.due.map(cn_date).unwrap_or_default();
            let text = if days < 0 {
                format!("预备期已于{due}届满，逾期 {} 天未转正", -days)
            } else {
                format!("预备期将于{due}届满，还有 {days} 天")
            };
            let name = privacy::member_name(&site.config, &r.name).to_owned();
            Some((r.branch, name, text))
        })
        .collect()
}

/// The six newest notices by date: numbers run per series (a 函 has its own), so the order of
/// numbers says nothing across series.
fn latest_notices(site: &crate::loaded::Site) -> Vec<rows::NoticeRow<'_>> {
    let mut list: Vec<_> = site.corpus.notices.iter().collect();
    list.sort_by_key(|n| std::cmp::Reverse((n.date.value, n.year, n.number.value)));
    list.into_iter()
        .take(6)
        .map(|n| rows::notice_row(site, n))
        .collect()
}
