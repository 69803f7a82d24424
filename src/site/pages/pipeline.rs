//! The 发展党员 page of each year (`members/<year>.html`): who is at which stage at the end of
//! the year (or the as-of date), since when, and the next step. Personal data: built only with
//! `site.publish_roster = true` and without `hide_member_names`, and never in the search index.

use chrono::NaiveDate;

use super::{Input, Page, set};
use crate::format::cn_date;
use crate::metrics::member_views;
use crate::present::rows::crumb;

pub fn published(input: &Input<'_>) -> bool {
    let s = &input.site.config.site;
    s.publish_roster && !s.hide_member_names && !input.site.corpus.members.is_empty()
}

pub fn pages(input: &Input<'_>) -> Vec<Page> {
    if !published(input) {
        return Vec::new();
    }
    let site = input.site;
    input
        .years
        .iter()
        .map(|m| {
            let at = NaiveDate::from_ymd_opt(m.year, 12, 31)
                .unwrap_or(site.as_of)
                .min(site.as_of);
            let rows: Vec<(String, String, &'static str, String, &'static str, String)> =
                member_views::pipeline(&site.corpus, &site.config.rules, at)
                    .into_iter()
                    .map(|r| {
                        let due = match (r.due, r.days_left) {
                            (Some(d), Some(n)) if r.next == "列为发展对象" => {
                                format!("{}起{}", cn_date(d), if n <= 0 { "（已满）" } else { "" })
                            }
                            (Some(d), Some(n)) if n < 0 => {
                                format!("{}（已逾期 {} 天）", cn_date(d), -n)
                            }
                            (Some(d), _) => cn_date(d),
                            _ => "—".to_owned(),
                        };
                        (
                            r.branch,
                            r.name,
                            r.stage.label(),
                            r.since.map(cn_date).unwrap_or_default(),
                            r.next,
                            due,
                        )
                    })
                    .collect();
            let title = format!("{}年发展党员情况", m.year);
            let mut page = input.page(
                crate::present::links::members(m.year),
                "pipeline.html",
                &title,
                "annual",
                vec![
                    crumb("首页", crate::present::links::home()),
                    crumb("年度报告", crate::present::links::annuals()),
                    crumb(
                        format!("{}年", m.year),
                        crate::present::links::annual(m.year),
                    ),
                ],
            );
            set(&mut page, "at", &cn_date(at));
            set(&mut page, "rows", &rows);
            set(&mut page, "figures", &m.members.org);
            page
        })
        .collect()
}
