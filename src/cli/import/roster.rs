//! `dangjian import roster FILE`: rows of a 党员名册 added to each branch's `[[members]]`.

use std::collections::BTreeMap;

use super::super::Ctx;
use super::{ImportArgs, Planned, Said, find_columns, finish, refused_by_check};
use crate::Site;
use crate::diagnostics::{Code, Diagnostic};
use crate::import::roster::{self, RosterRow};
use crate::import::{Place, sheets::Table};

pub(super) fn run(
    ctx: &Ctx,
    site: &mut Site,
    table: &Table,
    place: &Place,
    args: &ImportArgs,
) -> i32 {
    let Some(cols) = find_columns(ctx, table, place, roster::FIELDS, &args.map) else {
        return 1;
    };
    let (rows, mut diags) = roster::read(site, table, &cols, place);
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
    let mut by_branch: BTreeMap<String, Vec<&RosterRow>> = BTreeMap::new();
    let mut existing = 0usize;
    for row in &rows {
        let Some(branch) = site.corpus.branch(&row.branch) else {
            continue;
        };
        // Member records already give this branch its roster: a typed one beside it is an
        // error in `check`, and which of the two is right only the officer can say.
        if branch.from_member_records {
            diags.push(cell(
                row.row,
                "branch",
                format!(
                    "{}的名册来自 content/members/ 的党员记录，不能再导入 [[members]]；请在党员记录中补记",
                    branch.name
                ),
            ));
            continue;
        }
        if branch.members.iter().any(|m| m.name == row.name) {
            existing += 1;
            continue;
        }
        let list = by_branch.entry(row.branch.clone()).or_default();
        if list.iter().any(|r| r.name == row.name) {
            diags.push(cell(
                row.row,
                "name",
                format!("“{}”在表中{}出现了不止一次", row.name, branch.name),
            ));
            continue;
        }
        list.push(row);
    }
    let mut planned: Vec<Planned> = Vec::new();
    for (id, list) in &by_branch {
        let Some(rel) = site.corpus.branch(id).map(|b| b.file.clone()) else {
            continue;
        };
        let old = match std::fs::read_to_string(site.root.join(&rel)) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::general(
                    Code::Io,
                    format!("无法读取 {rel}：{e}"),
                ));
                continue;
            }
        };
        let text = match roster::with_members(&rel, &old, list) {
            Ok(t) => t,
            Err(msg) => {
                diags.push(Diagnostic::general(Code::ImportCell, msg));
                continue;
            }
        };
        for d in refused_by_check(site, &rel, &text, |c| c.branches.retain(|b| b.file != rel)) {
            let row = list.first().map_or(0, |r| r.row);
            diags.push(cell(
                row,
                "name",
                format!("check 会拒绝 {rel}：{}", d.message),
            ));
        }
        if !args.write {
            let added: Vec<String> = list
                .iter()
                .map(|r| format!("第 {} 行：{}", r.row, r.name))
                .collect();
            super::super::stdout::println(&crate::diagnostics::visible_lines(&format!(
                "# {rel} 将加入 [[members]]：\n{}",
                added.join("\n")
            )));
        }
        planned.push(Planned {
            rel,
            text,
            exists: true,
        });
    }
    let new: usize = by_branch.values().map(Vec::len).sum();
    let said = Said {
        verb: "加入",
        unit: "名党员",
        existing: "名已在名册中",
        kept: "党员",
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
