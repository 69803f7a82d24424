//! 一支部一品牌: `content/brands/<id>.md`.

use chrono::NaiveDate;

use crate::reader::values;
use crate::reader::{Fields, Located};

pub const HONOUR_LEVELS: &[&str] = &["国家级", "省级", "市级", "院级"];

#[derive(Debug, Clone)]
pub struct Brand {
    pub id: String,
    pub file: String,
    pub name: String,
    pub branch: Located<String>,
    pub slogan: String,
    pub logo: Option<Located<String>>,
    pub meaning: Option<String>,
    pub started: Option<NaiveDate>,
    pub goals: Vec<String>,
    pub measures: Vec<String>,
    pub plan: Vec<YearPlan>,
    pub milestones: Vec<Milestone>,
    pub honours: Vec<Honour>,
    pub body: String,
    pub body_line: u32,
}

#[derive(Debug, Clone)]
pub struct YearPlan {
    pub year: i32,
    pub items: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub date: NaiveDate,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Honour {
    pub date: NaiveDate,
    pub title: String,
    pub level: String,
}

impl Brand {
    /// The honours of `year`, each as 称号（级别）.
    pub fn honours_in(&self, year: i32) -> Vec<String> {
        self.honours
            .iter()
            .filter(|h| chrono::Datelike::year(&h.date) == year)
            .map(|h| format!("{}（{}）", h.title, h.level))
            .collect()
    }
}

pub(super) fn read(
    id: String,
    file: String,
    f: &mut Fields<'_, '_>,
    body: String,
    body_line: u32,
) -> Option<Brand> {
    let name = f.req_str("name");
    let branch = f.req_str("branch");
    let slogan = f.req_str("slogan");
    let logo = f.opt_str("logo");
    let meaning = f.opt_str("meaning").map(|v| v.value);
    let started = f.opt_date("started").map(|v| v.value);
    let goals = values(f.str_list("goals"));
    let measures = values(f.str_list("measures"));
    let mut plan: Vec<YearPlan> = f
        .tables("plan")
        .into_iter()
        .filter_map(|mut p| {
            let year = p.req_count("year");
            let items = values(p.str_list("items"));
            p.finish();
            Some(YearPlan {
                year: i32::try_from(year?.value).ok()?,
                items,
            })
        })
        .collect();
    plan.sort_by_key(|p| p.year);
    let mut milestones: Vec<Milestone> = f
        .tables("milestones")
        .into_iter()
        .filter_map(|mut m| {
            let date = m.req_date("date");
            let text = m.req_str("text");
            m.finish();
            Some(Milestone {
                date: date?.value,
                text: text?.value,
            })
        })
        .collect();
    milestones.sort_by_key(|m| m.date);
    let mut honours: Vec<Honour> = f
        .tables("honours")
        .into_iter()
        .filter_map(|mut h| {
            let date = h.req_date("date");
            let title = h.req_str("title");
            let level = h.req_choice("level", HONOUR_LEVELS);
            h.finish();
            Some(Honour {
                date: date?.value,
                title: title?.value,
                level: level?.value,
            })
        })
        .collect();
    honours.sort_by_key(|h| h.date);
    Some(Brand {
        id,
        file,
        name: name?.value,
        branch: branch?,
        slogan: slogan?.value,
        logo,
        meaning,
        started,
        goals,
        measures,
        plan,
        milestones,
        honours,
        body,
        body_line,
    })
}
