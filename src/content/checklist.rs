//! 考核清单: `content/checklists/<id>.toml`: categories → groups → items with points, optional
//! rule ids that let the tool judge an item, and manual scores per year.

use crate::diagnostics::Code;
use crate::reader::values;
use crate::reader::{Fields, Located};

#[derive(Debug, Clone)]
pub struct Checklist {
    pub id: String,
    pub file: String,
    pub title: String,
    pub year: Option<i32>,
    /// Print a 合计 row (and, in the assessment table, a 小计 row per category): `total_row`,
    /// true when absent, as tables were printed before the field existed.
    pub total_row: bool,
    /// Print the assessment table (考核评分表) on landscape A4: `landscape`, default false.
    pub landscape: bool,
    pub categories: Vec<Category>,
    /// Manual scores, sorted by year.
    pub scores: Vec<YearScores>,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub name: String,
    pub points: Option<Located<f64>>,
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    pub points: Option<Located<f64>>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: Located<String>,
    pub text: String,
    pub points: f64,
    pub departments: Vec<String>,
    pub rule: Option<Located<String>>,
}

#[derive(Debug, Clone)]
pub struct YearScores {
    pub year: i32,
    pub scores: Vec<ManualScore>,
}

#[derive(Debug, Clone)]
pub struct ManualScore {
    pub item: Located<String>,
    pub score: Located<f64>,
    pub evidence: Option<String>,
}

impl Checklist {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.categories
            .iter()
            .flat_map(|c| c.groups.iter())
            .flat_map(|g| g.items.iter())
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().find(|i| i.id.value == id)
    }

    pub fn total_points(&self) -> f64 {
        self.items().map(|i| i.points).sum()
    }
}

impl Category {
    pub fn item_points(&self) -> f64 {
        self.groups.iter().map(Group::item_points).sum()
    }
}

impl Group {
    pub fn item_points(&self) -> f64 {
        self.items.iter().map(|i| i.points).sum()
    }
}

pub(super) fn read(id: String, file: String, f: &mut Fields<'_, '_>) -> Option<Checklist> {
    let title = f.req_title("title");
    let year = f
        .opt_count("year")
        .and_then(|y| i32::try_from(y.value).ok());
    let total_row = f.opt_bool("total_row").is_none_or(|b| b.value);
    let landscape = f.opt_bool("landscape").is_some_and(|b| b.value);
    let at = f.at();
    let categories: Vec<Category> = f
        .tables("categories")
        .into_iter()
        .filter_map(|mut c| {
            let name = c.req_str("name");
            let points = c.opt_number("points");
            let groups = c
                .tables("groups")
                .into_iter()
                .filter_map(|mut g| {
                    let name = g.req_str("name");
                    let points = g.opt_number("points");
                    let items = g
                        .tables("items")
                        .into_iter()
                        .filter_map(read_item)
                        .collect();
                    g.finish();
                    Some(Group {
                        name: name?.value,
                        points,
                        items,
                    })
                })
                .collect();
            c.finish();
            Some(Category {
                name: name?.value,
                points,
                groups,
            })
        })
        .collect();
    if categories.is_empty() && f.pos_of("categories").is_none() {
        f.sink
            .report_at(Code::MissingField, at, "清单缺少 `[[categories]]`")
            .hint("至少一个类别，含若干 groups 与 items");
    }
    let mut scores = Vec::new();
    if let Some(mut s) = f.table("scores") {
        for (year_key, value) in s.entries() {
            let Some(year) = year_key
                .value
                .parse::<i32>()
                .ok()
                .filter(|y| (1900..=2200).contains(y))
            else {
                s.sink
                    .report_at(
                        Code::InvalidValue,
                        year_key.pos,
                        format!("`scores.{}` 应以年份为键", year_key.value),
                    )
                    .hint("写作 [scores.2024]");
                continue;
            };
            let Some(mut table) = s.entry_table(&year_key.value, value) else {
                continue;
            };
            let mut year_scores = Vec::new();
            for (item_key, item_value) in table.entries() {
                let Some(mut t) = table.entry_table(&item_key.value, item_value) else {
                    continue;
                };
                let score = t.opt_number("score");
                let evidence = t.opt_str("evidence").map(|v| v.value);
                let at = t.at();
                t.finish();
                match score {
                    Some(score) => year_scores.push(ManualScore {
                        item: item_key,
                        score,
                        evidence,
                    }),
                    None => {
                        s.sink.report_at(
                            Code::MissingField,
                            at,
                            format!("`scores.{}.{}` 缺少 `score`", year, item_key.value),
                        );
                    }
                }
            }
            scores.push(YearScores {
                year,
                scores: year_scores,
            });
        }
        s.finish();
    }
    scores.sort_by_key(|s| s.year);
    Some(Checklist {
        id,
        file,
        title: title?.value,
        year,
        total_row,
        landscape,
        categories,
        scores,
    })
}

fn read_item(mut i: Fields<'_, '_>) -> Option<Item> {
    let id = i.req_str("id");
    let text = i.req_str("text");
    let points = i.opt_number("points");
    let at = i.at();
    if points.is_none() && i.pos_of("points").is_none() {
        i.sink
            .report_at(Code::MissingField, at, "考核项缺少 `points`（分值）");
    }
    let departments = values(i.str_list("departments"));
    let rule = i.opt_str("rule");
    i.finish();
    Some(Item {
        id: id?,
        text: text?.value,
        points: points?.value,
        departments,
        rule,
    })
}
