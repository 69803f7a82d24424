//! A roster sheet (党员名册: 姓名, 支部, 类别, 入党时间, 出生年份, 高知) read into the
//! `[[members]]` of branch files, added with toml_edit so that comments and order stay.

use chrono::{Datelike, NaiveDate};

use super::columns::{Columns, Field};
use super::sheets::{Cell, Table};
use super::{Place, activities::branch_id, dates};
use crate::Site;
use crate::diagnostics::Diagnostics;

pub(crate) const FIELDS: &[Field] = &[
    field("name", "姓名", &["姓名", "党员姓名", "名字"], true),
    field(
        "branch",
        "支部",
        &["支部", "党支部", "所在支部", "支部名称", "所在党支部"],
        true,
    ),
    field(
        "status",
        "类别",
        &["类别", "党员类别", "人员类别", "状态", "身份", "正式或预备"],
        false,
    ),
    field(
        "joined",
        "入党时间",
        &[
            "入党时间",
            "入党日期",
            "入党年月",
            "加入党组织日期",
            "政治生日",
        ],
        false,
    ),
    field(
        "birth",
        "出生年份",
        &["出生年份", "出生日期", "出生年月", "出生年"],
        false,
    ),
    field(
        "gaozhi",
        "高知",
        &["高知", "是否高知", "高级知识分子"],
        false,
    ),
];

const fn field(
    key: &'static str,
    name: &'static str,
    headers: &'static [&'static str],
    required: bool,
) -> Field {
    Field {
        key,
        name,
        headers,
        required,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RosterRow {
    pub row: u32,
    pub branch: String,
    pub name: String,
    /// 正式 or 预备.
    pub status: Option<&'static str>,
    pub joined: Option<NaiveDate>,
    pub birth_year: Option<u32>,
    pub gaozhi: Option<bool>,
}

pub(crate) fn read(
    site: &Site,
    table: &Table,
    cols: &Columns,
    place: &Place,
) -> (Vec<RosterRow>, Diagnostics) {
    super::read_rows(table, cols, place, |number, cells, bad| {
        let text = |key: &str| cols.get(key, cells).map(Cell::text);
        let name = text("name");
        if name.is_none() {
            bad("name", "“姓名”为空".to_owned());
        }
        let branch = match text("branch") {
            None => {
                bad("branch", "“支部”为空".to_owned());
                None
            }
            Some(b) => branch_id(site, &b).map_err(|e| bad("branch", e)).ok(),
        };
        let status = match text("status").as_deref() {
            None => None,
            Some("正式" | "正式党员") => Some("正式"),
            Some("预备" | "预备党员") => Some("预备"),
            Some(other) => {
                bad(
                    "status",
                    format!("“{other}”不是党员类别；应为 正式党员 或 预备党员"),
                );
                None
            }
        };
        let joined = cols
            .get("joined", cells)
            .and_then(|c| dates::date(c).map_err(|e| bad("joined", e)).ok());
        let birth_year = cols
            .get("birth", cells)
            .and_then(|c| birth_year(c).map_err(|e| bad("birth", e)).ok());
        let gaozhi = match text("gaozhi").as_deref() {
            None => None,
            Some("是" | "√" | "✓" | "高知") => Some(true),
            Some("否" | "×" | "-" | "—") => Some(false),
            Some(other) => {
                bad("gaozhi", format!("“{other}”应写 是 或 否"));
                None
            }
        };
        let (Some(name), Some(branch)) = (name, branch) else {
            return None;
        };
        Some(RosterRow {
            row: number,
            branch,
            name,
            status,
            joined,
            birth_year,
            gaozhi,
        })
    })
}

/// A year of birth from 1986, 1986年, a date (1986-05-01, 1986年5月) or an Excel date.
fn birth_year(cell: &Cell) -> Result<u32, String> {
    let bad = || format!("“{}”不是出生年份；应写作 1986 或 1986-05-01", cell.text());
    let year = match cell {
        Cell::Number(n) if (1900.0..=2100.0).contains(n) && n.fract() == 0.0 => *n as u32,
        Cell::Text(t) => {
            let digits: String = t.trim().chars().take_while(char::is_ascii_digit).collect();
            if digits.len() != 4 {
                return Err(bad());
            }
            digits.parse().map_err(|_| bad())?
        }
        c => dates::date(c)
            .map_err(|_| bad())
            .and_then(|d| u32::try_from(d.year()).map_err(|_| bad()))?,
    };
    if (1900..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(bad())
    }
}

/// The branch file's text with `rows` appended as `[[members]]`.
pub(crate) fn with_members(rel: &str, old: &str, rows: &[&RosterRow]) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = old
        .parse()
        .map_err(|e| format!("{rel} 不是有效的 TOML：{e}"))?;
    let tables = rows
        .iter()
        .map(|r| {
            let mut t = toml_edit::Table::new();
            t.insert("name", toml_edit::value(r.name.clone()));
            if let Some(s) = r.status {
                t.insert("status", toml_edit::value(s));
            }
            if let Some(d) = r.joined {
                let date = toml_edit::Date {
                    year: u16::try_from(d.year()).unwrap_or(0),
                    month: u8::try_from(d.month()).unwrap_or(0),
                    day: u8::try_from(d.day()).unwrap_or(0),
                };
                let dt = toml_edit::Datetime {
                    date: Some(date),
                    time: None,
                    offset: None,
                };
                t.insert("joined", toml_edit::value(dt));
            }
            if let Some(y) = r.birth_year {
                t.insert("birth_year", toml_edit::value(i64::from(y)));
            }
            if let Some(g) = r.gaozhi {
                t.insert("gaozhi", toml_edit::value(g));
            }
            t
        })
        .collect();
    super::append_tables(&mut doc, "members", tables).map_err(|e| format!("{rel} 中的 {e}"))?;
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_years_in_the_forms_rosters_use() {
        for c in [
            Cell::Number(1986.0),
            Cell::Text("1986年".to_owned()),
            Cell::Text("1986-05-01".to_owned()),
            Cell::Text("1986.5".to_owned()),
            Cell::Date(31533.0),
        ] {
            assert_eq!(birth_year(&c), Ok(1986), "{c:?}");
        }
        assert!(birth_year(&Cell::Text("八六年".to_owned())).is_err());
    }

    #[test]
    fn members_follow_the_last_member() {
        let old = "name = \"甲\"\n\n[[members]]\nname = \"张明\"  # 书记\n\n[[member_counts]]\ndate = 2024-01-01\nfull = 3\nprobationary = 0\n";
        let row = RosterRow {
            row: 2,
            branch: "alpha".to_owned(),
            name: "李华".to_owned(),
            status: Some("预备"),
            joined: NaiveDate::from_ymd_opt(2024, 6, 1),
            birth_year: Some(1990),
            gaozhi: Some(true),
        };
        let text = with_members("x.toml", old, &[&row]).expect("edits");
        assert_eq!(
            text,
            "name = \"甲\"\n\n[[members]]\nname = \"张明\"  # 书记\n\n[[members]]\nname = \"李华\"\nstatus = \"预备\"\njoined = 2024-06-01\nbirth_year = 1990\ngaozhi = true\n\n[[member_counts]]\ndate = 2024-01-01\nfull = 3\nprobationary = 0\n"
        );
    }
}
