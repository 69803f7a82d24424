//! Finding a sheet's columns by their Chinese headers. Ledgers name the same column in several
//! ways (日期, 活动日期, 会议日期); each field lists the names it is known by, and `--map
//! 表头=字段` names the rest.

use std::collections::BTreeMap;

use super::sheets::{Cell, Table};

/// One field a row can fill: its key (the record's TOML key), its Chinese name (what messages
/// and `--map` use), and the headers it is found under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub key: &'static str,
    pub name: &'static str,
    pub headers: &'static [&'static str],
    pub required: bool,
}

/// Where each field is: its index in the row, and the header row's number.
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    pub header_row: u32,
    /// Index of the header row in `Table::rows`.
    pub header_index: usize,
    pub found: BTreeMap<&'static str, usize>,
    /// Fields with no column.
    pub missing: Vec<Field>,
}

impl Columns {
    pub(crate) fn get<'r>(&self, key: &str, row: &'r [Cell]) -> Option<&'r Cell> {
        self.found
            .get(key)
            .and_then(|i| row.get(*i))
            .filter(|c| !c.is_empty())
    }

    /// The fields whose cell in `row` holds a formula's error (`#N/A`, `#REF!` …): never a
    /// value, whichever field it is in. A file may store the error as such or as its text.
    pub(crate) fn errors(&self, row: &[Cell]) -> Vec<(&'static str, String)> {
        const ERRORS: &[&str] = &[
            "#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
        ];
        self.found
            .iter()
            .filter_map(|(key, i)| match row.get(*i)? {
                Cell::Error(e) => Some((*key, e.clone())),
                Cell::Text(t) if ERRORS.contains(&t.trim()) => Some((*key, t.trim().to_owned())),
                _ => None,
            })
            .map(|(key, e)| {
                (
                    key,
                    format!("单元格是公式的错误值 {e}，不是数据；请在表格中改正公式或填写数值"),
                )
            })
            .collect()
    }

    /// The 1-based column number of a field, for diagnostics.
    pub(crate) fn column(&self, key: &str, table: &Table) -> u32 {
        self.found.get(key).map_or(0, |i| {
            table.first_column + u32::try_from(*i).unwrap_or(u32::MAX - table.first_column)
        })
    }
}

/// A header as written, without spaces, a unit in brackets (应到（人）) or a trailing colon.
pub(crate) fn normalise(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in header.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() || c == '*' || c == '：' || c == ':' => {}
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A `--map 表头=字段` value: the header and the field it names (by key or Chinese name).
pub(crate) fn parse_map(s: &str) -> Result<(String, String), String> {
    let (header, field) = s
        .split_once(['=', '＝'])
        .ok_or_else(|| format!("“{s}”应写作 表头=字段，如 会议时间=日期"))?;
    let (header, field) = (header.trim(), field.trim());
    if header.is_empty() || field.is_empty() {
        return Err(format!("“{s}”的表头和字段都不能为空，如 会议时间=日期"));
    }
    Ok((header.to_owned(), field.to_owned()))
}

/// The header row (the first of the first ten rows that names at least two fields; ledgers
/// often have a title row above it) and where each field's column is. `maps` come first; an
/// error names a `--map` field that does not exist.
pub(crate) fn find(
    table: &Table,
    fields: &[Field],
    maps: &[(String, String)],
) -> Result<Columns, String> {
    let mut mapped: Vec<(String, &'static str)> = Vec::new();
    for (header, field) in maps {
        let f = fields
            .iter()
            .find(|f| f.key == field || f.name == field || f.headers.contains(&field.as_str()))
            .ok_or_else(|| {
                format!(
                    "--map {header}={field}：没有字段“{field}”；可用的字段：{}",
                    fields.iter().map(|f| f.name).collect::<Vec<_>>().join("、")
                )
            })?;
        mapped.push((normalise(header), f.key));
    }
    // Every field a header may name: a --map first, then the fields that list it, in order
    // (会议时间 is the date in most ledgers, and the time beside a 日期 column).
    let fields_of = |header: &str| -> Vec<&'static str> {
        let h = normalise(header);
        if h.is_empty() {
            return Vec::new();
        }
        if let Some((_, k)) = mapped.iter().find(|(m, _)| *m == h) {
            return vec![*k];
        }
        fields
            .iter()
            .filter(|f| f.headers.iter().any(|x| *x == h))
            .map(|f| f.key)
            .collect()
    };
    let mut best: Option<(usize, BTreeMap<&'static str, usize>)> = None;
    for (index, (_, row)) in table.rows.iter().enumerate().take(10) {
        let mut found = BTreeMap::new();
        for (i, cell) in row.iter().enumerate() {
            if let Cell::Text(t) = cell {
                // The first column of a name wins; a second 备注 column is left alone.
                if let Some(key) = fields_of(t).into_iter().find(|k| !found.contains_key(k)) {
                    found.insert(key, i);
                }
            }
        }
        if found.len() >= 2 {
            best = Some((index, found));
            break;
        }
    }
    let Some((header_index, found)) = best else {
        return Err(format!(
            "前 10 行中找不到表头行（至少要有两个认得的列名，如 {}）；列名不同时用 --map 表头=字段 指明",
            fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect::<Vec<_>>()
                .join("、")
        ));
    };
    let missing = fields
        .iter()
        .filter(|f| !found.contains_key(f.key))
        .copied()
        .collect();
    Ok(Columns {
        header_row: table.rows[header_index].0,
        header_index,
        found,
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_spaces_and_colons_are_not_part_of_a_header() {
        assert_eq!(normalise(" 应到（人） "), "应到");
        assert_eq!(normalise("实到人数(人)"), "实到人数");
        assert_eq!(normalise("*主题："), "主题");
    }

    #[test]
    fn a_map_needs_both_sides() {
        assert_eq!(
            parse_map("会议时间＝日期"),
            Ok(("会议时间".to_owned(), "日期".to_owned()))
        );
        assert!(parse_map("会议时间").is_err());
        assert!(parse_map("=日期").is_err());
    }
}
