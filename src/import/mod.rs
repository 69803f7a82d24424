//! `dangjian import`: years of activity ledgers, rosters and annual figures kept in Excel
//! become records. Reading (sheets, columns, dates) is here; writing goes through the same
//! writer as `dangjian new` (src/cli/import.rs), so an imported record is what `new` would
//! have made from the same values.

pub(crate) mod activities;
pub(crate) mod columns;
pub(crate) mod dates;
pub(crate) mod figures;
pub(crate) mod roster;
pub(crate) mod sheets;

use columns::Columns;
use sheets::{Cell, Table};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// The spreadsheet being imported, as messages name it.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    /// The path relative to the site root when the file is inside it, else as given.
    pub file: String,
}

/// Reads every data row below the header with `read_row`, which complains of a cell through
/// `bad(column key, message)`. A row with a cell that does not read (a formula's error, or
/// whatever `read_row` complains of) is left out whole, so that no half-read record is
/// written; each complaint is located at its cell (文件:工作表:行:列).
pub(crate) fn read_rows<T>(
    table: &Table,
    cols: &Columns,
    place: &Place,
    mut read_row: impl FnMut(u32, &[Cell], &mut dyn FnMut(&str, String)) -> Option<T>,
) -> (Vec<T>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    for (number, cells) in table.rows.iter().skip(cols.header_index + 1) {
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        let before = diags.len();
        let mut bad = |key: &str, msg: String| {
            diags.push(Diagnostic::at_cell(
                Code::ImportCell,
                &place.file,
                &table.sheet,
                *number,
                cols.column(key, table),
                msg,
            ));
        };
        let broken = cols.errors(cells);
        if !broken.is_empty() {
            for (key, msg) in broken {
                bad(key, msg);
            }
            continue;
        }
        let row = read_row(*number, cells, &mut bad);
        if diags.len() == before {
            out.extend(row);
        }
    }
    (out, diags)
}

/// Appends `tables` to the array of tables `key` of `doc`: after its last table (not at the end
/// of the file, after other tables), each after a blank line, as a person adds one.
pub(crate) fn append_tables(
    doc: &mut toml_edit::DocumentMut,
    key: &str,
    tables: Vec<toml_edit::Table>,
) -> Result<(), String> {
    let last = doc
        .get(key)
        .and_then(|f| f.as_array_of_tables())
        .and_then(|list| list.iter().filter_map(toml_edit::Table::position).max());
    if let Some(last) = last {
        // Tables are printed in the order of their positions: the later ones make room.
        let shift = isize::try_from(tables.len()).unwrap_or(isize::MAX / 2);
        for (_, item) in doc.iter_mut() {
            let later: Vec<&mut toml_edit::Table> = match item {
                toml_edit::Item::Table(t) => vec![t],
                toml_edit::Item::ArrayOfTables(a) => a.iter_mut().collect(),
                _ => Vec::new(),
            };
            for t in later {
                if let Some(p) = t.position().filter(|p| *p > last) {
                    t.set_position(Some(p + shift));
                }
            }
        }
    }
    if doc.get(key).is_none() {
        doc.insert(
            key,
            toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()),
        );
    }
    let list = doc
        .get_mut(key)
        .and_then(|f| f.as_array_of_tables_mut())
        .ok_or_else(|| format!("{key} 不是 [[{key}]] 表"))?;
    for (n, mut t) in tables.into_iter().enumerate() {
        if let Some(last) = last {
            t.set_position(Some(last + 1 + isize::try_from(n).unwrap_or(0)));
        }
        t.decor_mut().set_prefix("\n");
        list.push(t);
    }
    Ok(())
}

/// A list typed into one cell: items split at `；`, `;` and line breaks, and with `commas`
/// also at `、`, `，` and `,` (names; a topic may itself hold a 、). Leading item numbers
/// (1. 2、 ①) are dropped.
pub(crate) fn split_list(text: &str, commas: bool) -> Vec<String> {
    text.split(|c: char| {
        matches!(c, '；' | ';' | '\n' | '\r') || (commas && matches!(c, '、' | '，' | ','))
    })
    .map(|item| drop_number(item.trim()).trim().to_owned())
    .filter(|t| !t.is_empty())
    .collect()
}

/// `1.集中学习` → `集中学习`, `③表决` → `表决`; `2024年计划` stays (a number is an item's
/// number only when a separator follows it).
fn drop_number(t: &str) -> &str {
    if let Some(rest) = t.strip_prefix(|c: char| ('①'..='⑳').contains(&c)) {
        return rest;
    }
    let digits = t.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < t.len()
        && let Some(rest) = digits.strip_prefix(['.', '、', '．', ')', '）'])
    {
        return rest;
    }
    t
}

/// A head count: a whole number, typed (12, １２, 12人) or stored as a number.
pub(crate) fn whole_number(cell: &Cell) -> Result<u32, String> {
    let bad = || format!("“{}”不是人数；应为整数，如 12", cell.text());
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && (0.0..=100_000.0).contains(n) => Ok(*n as u32),
        Cell::Text(t) => {
            let digits: String = t
                .trim()
                .trim_end_matches('人')
                .chars()
                .map(|c| match c {
                    '０'..='９' => {
                        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
                    }
                    c => c,
                })
                .collect();
            digits.trim().parse::<u32>().map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_at_chinese_and_ascii_separators() {
        assert_eq!(
            split_list("1.集中学习；2、交流发言\n③表决", false),
            ["集中学习", "交流发言", "表决"]
        );
        assert_eq!(
            split_list("院党委委员 李华、张明,王五", true),
            ["院党委委员 李华", "张明", "王五"]
        );
        assert_eq!(
            split_list("学习《条例》、讨论", false),
            ["学习《条例》、讨论"]
        );
        assert_eq!(split_list("2024年工作计划", false), ["2024年工作计划"]);
    }

    #[test]
    fn counts_typed_in_several_ways() {
        assert_eq!(whole_number(&Cell::Number(12.0)), Ok(12));
        assert_eq!(whole_number(&Cell::Text("１２人".to_owned())), Ok(12));
        assert_eq!(
            whole_number(&Cell::Text("十二".to_owned())),
            Err("“十二”不是人数；应为整数，如 12".to_owned())
        );
        assert!(whole_number(&Cell::Number(2.5)).is_err());
    }
}
