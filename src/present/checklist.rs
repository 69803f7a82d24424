//! A checklist's table for one year: categories, groups and items with their points and
//! responsible departments, each with its row span, and each item's score (computed from the
//! records or entered by hand) and evidence note — all from the metrics engine, so that every
//! printed total is its total. The notice that issues the checklist prints the same table
//! without the scores.

use serde::Serialize;

use crate::format::number;
use crate::metrics::{ChecklistScore, ScoreSource};

#[derive(Debug, Serialize)]
pub struct Table {
    pub points: String,
    pub score: String,
    pub unscored: u32,
    pub categories: Vec<Category>,
}

#[derive(Debug, Serialize)]
pub struct Category {
    pub name: String,
    pub points: String,
    pub score: String,
    /// The rows the category spans.
    pub rows: usize,
    pub groups: Vec<Group>,
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub name: String,
    pub points: String,
    pub score: String,
    pub rows: usize,
    pub items: Vec<Item>,
}

#[derive(Debug, Serialize)]
pub struct Item {
    pub text: String,
    pub points: String,
    pub departments: Vec<String>,
    /// "—" when the item has neither a rule nor a manual score this year.
    pub score: String,
    /// computed, manual or unscored.
    pub source: &'static str,
    pub note: String,
}

/// The table of `c`; categories and groups without rows are left out.
pub fn table(c: &ChecklistScore) -> Table {
    Table {
        points: number(c.points),
        score: number(c.score),
        unscored: c.unscored,
        categories: c
            .categories
            .iter()
            .filter(|cat| cat.rows > 0)
            .map(|cat| Category {
                name: cat.name.clone(),
                points: number(cat.points),
                score: number(cat.score),
                rows: cat.rows,
                groups: cat
                    .groups
                    .iter()
                    .filter(|g| g.rows > 0)
                    .map(|g| Group {
                        name: g.name.clone(),
                        points: number(g.points),
                        score: number(g.score),
                        rows: g.rows,
                        items: g.items.iter().map(item).collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn item(i: &crate::metrics::ItemScore) -> Item {
    Item {
        text: i.text.clone(),
        points: number(i.points),
        departments: i.departments.clone(),
        score: match i.source {
            ScoreSource::Unscored => "—".into(),
            _ => number(i.score),
        },
        source: match i.source {
            ScoreSource::Computed => "computed",
            ScoreSource::Manual => "manual",
            ScoreSource::Unscored => "unscored",
        },
        note: i.note.clone(),
    }
}
