//! The 发展党员 page of each year (`members/<year>.html`): who is at which stage at the end of
//! the year (or the as-of date), since when, and the next step with its due date. Personal
//! data: published only with `site.publish_roster = true` and without `hide_member_names`.

use chrono::NaiveDate;
use serde::Serialize;

use super::frame::{self, Frame, Page};
use super::rows::crumb;
use super::{Context, links};
use crate::format::cn_date;
use crate::metrics::{Metrics, member_views};

#[derive(Serialize)]
pub(crate) struct PipelineView {
    /// The day the stages are of.
    pub at: String,
    /// (branch, name, stage, since, next step, when).
    pub rows: Vec<(String, String, &'static str, String, &'static str, String)>,
    pub figures: Figures,
}

/// The year's 发展党员 figures, for the page's lead.
#[derive(Serialize)]
pub(crate) struct Figures {
    pub new_members: u32,
    pub probationary: u32,
    pub candidates: u32,
    pub activists: u32,
    pub applicants: u32,
}

/// Whether the site publishes the pages.
pub(crate) fn published(ctx: &Context<'_>) -> bool {
    let s = &ctx.site.config.site;
    s.publish_roster && !s.hide_member_names && !ctx.site.corpus.members.is_empty()
}

/// The pages of every year with records, when the site publishes them.
pub(crate) fn pages(ctx: &Context<'_>) -> Vec<Page<PipelineView>> {
    if !published(ctx) {
        return Vec::new();
    }
    ctx.years
        .with_records()
        .iter()
        .map(|m| view(ctx, m))
        .collect()
}

fn view(ctx: &Context<'_>, m: &Metrics) -> Page<PipelineView> {
    let site = ctx.site;
    let at = NaiveDate::from_ymd_opt(m.year, 12, 31)
        .unwrap_or(site.as_of)
        .min(site.as_of);
    let rows = member_views::pipeline(&site.corpus, &site.config.rules, at)
        .into_iter()
        .map(|r| {
            let due = match (r.due, r.days_left) {
                (Some(d), Some(n)) if r.next == "列为发展对象" => {
                    format!("{}起{}", cn_date(d), if n <= 0 { "（已满）" } else { "" })
                }
                (Some(d), Some(n)) if n < 0 => format!("{}（已逾期 {} 天）", cn_date(d), -n),
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
    let f = &m.members.org;
    let mut crumbs = frame::home();
    crumbs.push(crumb("年度报告", links::annuals()));
    crumbs.push(crumb(format!("{}年", m.year), links::annual(m.year)));
    let title = format!("{}年发展党员情况", m.year);
    let frame = Frame::new(links::members(m.year), title, "annual", crumbs);
    Page::new(
        frame,
        PipelineView {
            at: cn_date(at),
            rows,
            figures: Figures {
                new_members: f.new_members,
                probationary: f.probationary,
                candidates: f.candidates,
                activists: f.activists,
                applicants: f.applicants,
            },
        },
    )
}
