use chrono::Datelike;
use serde::Serialize;

use super::{Input, Page, set};
use crate::charts::figures;
use crate::format::number;
use crate::metrics::findings::{self, Column};
use crate::present::links;
use crate::present::rows;

#[derive(Serialize)]
struct Warning {
    branch: String,
    url: String,
    text: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct TargetView<'a> {
    label: &'a str,
    /// For `<meter>`: plain numbers, the actual capped at the target.
    max: f64,
    value: f64,
    text: String,
    met: bool,
}

#[derive(Serialize)]
struct Card {
    label: &'static str,
    value: String,
    note: String,
}

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    let site = input.site;
    let mut page = input.page(
        links::home(),
        "index.html",
        &site.config.site.title,
        "home",
        Vec::new(),
    );
    let Some(m) = input.current() else {
        set(&mut page, "empty", &true);
        return vec![page];
    };
    let previous = input.metrics(m.year - 1);
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
            value: rows::attendance(o.attendance, &site.config.rules),
            note: format!(
                "要求不低于 {:.0}%",
                site.config.rules.attendance_threshold * 100.0
            ),
        },
    ];
    // The rule findings name members (absence streaks): hidden as on the branch pages.
    let hidden;
    let judged = if site.config.site.hide_member_names {
        let mut copy = m.clone();
        for b in &mut copy.branches {
            for s in &mut b.absence_streaks {
                s.name = crate::present::privacy::HIDDEN_NAME.to_owned();
            }
        }
        hidden = copy;
        &hidden
    } else {
        m
    };
    let findings = findings::findings(&site.config, &site.corpus, judged);
    let warnings: Vec<Warning> = findings
        .iter()
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
            text: f.text.clone(),
            kind: match f.column {
                Column::Missed => "missed",
                Column::Attendance => "attendance",
                Column::Other => "other",
            },
        })
        .collect();
    let latest_notices: Vec<_> = site
        .corpus
        .notices
        .iter()
        .rev()
        .take(6)
        .map(|n| rows::notice_row(site, n))
        .collect();
    let latest_activities: Vec<_> = site
        .corpus
        .activities
        .iter()
        .rev()
        .take(10)
        .map(|a| rows::activity_row(site, a))
        .collect();
    let month = site.as_of.month();
    let birthdays: Vec<_> = if site.config.site.hide_member_names {
        Vec::new()
    } else {
        o.birthdays
            .get(&month)
            .map(|l| l.iter().collect())
            .unwrap_or_default()
    };

    // 转正 due soon or overdue: the same reminders `check` gives, with names as the site
    // shows names.
    let probation: Vec<(String, String, String)> =
        crate::metrics::member_views::pipeline(&site.corpus, &site.config.rules, site.as_of)
            .into_iter()
            .filter(|r| r.next == "转为正式党员")
            .filter_map(|r| {
                let days = r.days_left?;
                if days > i64::from(site.config.rules.probation_reminder_days) {
                    return None;
                }
                let due = r.due.map(crate::format::cn_date).unwrap_or_default();
                let text = if days < 0 {
                    format!("预备期已于{due}届满，逾期 {} 天未转正", -days)
                } else {
                    format!("预备期将于{due}届满，还有 {days} 天")
                };
                let name = if site.config.site.hide_member_names {
                    crate::present::privacy::HIDDEN_NAME.to_owned()
                } else {
                    r.name
                };
                Some((r.branch, name, text))
            })
            .collect();
    set(&mut page, "probation", &probation);
    set(&mut page, "year", &m.year);
    set(&mut page, "as_of", &crate::format::cn_date(m.as_of));
    set(&mut page, "cards", &cards);
    set(
        &mut page,
        "chart_months",
        &figures::by_month(m, previous).to_svg(),
    );
    set(
        &mut page,
        "chart_kinds",
        &figures::by_kind(m, &site.config).to_svg(),
    );
    set(&mut page, "matrix", &figures::compliance_matrix(m).to_svg());
    set(&mut page, "warnings", &warnings);
    let targets: Vec<TargetView<'_>> = o
        .targets
        .iter()
        .map(|t| TargetView {
            label: &t.label,
            max: t.target.max(1.0),
            value: t.actual.min(t.target.max(1.0)),
            text: format!("{} / {}{}", number(t.actual), number(t.target), t.unit),
            met: t.actual >= t.target,
        })
        .collect();
    set(&mut page, "targets", &targets);
    set(&mut page, "terms", &o.terms);
    set(&mut page, "latest_notices", &latest_notices);
    set(&mut page, "latest_activities", &latest_activities);
    set(&mut page, "birthday_month", &month);
    set(&mut page, "birthdays", &birthdays);
    vec![page]
}
