//! `dangjian import figures FILE`: rows of 年度数据 added to `content/annual/<year>.toml`.

use std::collections::BTreeMap;

use super::super::Ctx;
use super::{ImportArgs, Planned, Said, find_columns, finish, refused_by_check};
use crate::Site;
use crate::diagnostics::{Code, Diagnostic};
use crate::import::figures::{self, FigureRow, Outcome};
use crate::import::{Place, sheets::Table};

pub(super) fn run(
    ctx: &Ctx,
    site: &mut Site,
    table: &Table,
    place: &Place,
    args: &ImportArgs,
) -> i32 {
    let Some(cols) = find_columns(ctx, table, place, figures::FIELDS, &args.map) else {
        return 1;
    };
    let (rows, mut diags) = figures::read(table, &cols, place);
    let cell = |row: u32, key: &str, msg: String| {
        Diagnostic::at_cell(
            Code::ImportCell,
            &place.file,
            &table.sheet,
            row,
            cols.column(key, table),
            msg,
        )
    };
    let mut by_year: BTreeMap<i32, Vec<&FigureRow>> = BTreeMap::new();
    let mut existing = 0usize;
    for row in &rows {
        match figures::outcome(site, row) {
            Ok(Outcome::Present) => existing += 1,
            Err(msg) => diags.push(cell(row.row, "value", msg)),
            Ok(Outcome::Add) => {
                let mut ok = true;
                for (key, name, v) in [("unit", "单位", &row.unit), ("group", "分类", &row.group)]
                {
                    if v.is_none() {
                        ok = false;
                        diags.push(cell(
                            row.row,
                            key,
                            format!("新增的数字“{}”需要写“{name}”", row.label),
                        ));
                    }
                }
                let same = by_year.get(&row.year).is_some_and(|list| {
                    list.iter()
                        .any(|r| r.label == row.label || (r.id.is_some() && r.id == row.id))
                });
                if same {
                    ok = false;
                    diags.push(cell(
                        row.row,
                        "label",
                        format!("“{}”在表中出现了不止一次", row.label),
                    ));
                }
                if ok {
                    by_year.entry(row.year).or_default().push(row);
                }
            }
        }
    }
    let mut planned: Vec<Planned> = Vec::new();
    for (year, list) in &by_year {
        let rel = format!("content/annual/{year}.toml");
        let path = site.root.join(&rel);
        let old = std::fs::read_to_string(&path).ok();
        let text = match figures::with_figures(*year, old.as_deref(), list) {
            Ok(t) => t,
            Err(msg) => {
                diags.push(Diagnostic::new(
                    Code::ImportCell,
                    &rel,
                    crate::diagnostics::Pos::FILE,
                    msg,
                ));
                continue;
            }
        };
        for d in refused_by_check(site, &rel, &text, |c| c.annual.retain(|a| a.file != rel)) {
            let row = list.first().map_or(0, |r| r.row);
            diags.push(cell(
                row,
                "label",
                format!("check 会拒绝 {rel}：{}", d.message),
            ));
        }
        if !args.write {
            let added: Vec<String> = list
                .iter()
                .map(|r| format!("第 {} 行：{} {}", r.row, r.label, r.value))
                .collect();
            super::super::stdout::println(&crate::diagnostics::visible_lines(&format!(
                "# {rel} 将加入：\n{}",
                added.join("\n")
            )));
        }
        planned.push(Planned {
            rel,
            text,
            exists: old.is_some(),
        });
    }
    let new: usize = by_year.values().map(Vec::len).sum();
    let said = Said {
        verb: "加入",
        unit: "个数字",
        existing: "个已有",
        kept: "数字",
    };
    finish(
        ctx,
        site,
        diags,
        &planned,
        (new, existing),
        args.write,
        &said,
    )
}
