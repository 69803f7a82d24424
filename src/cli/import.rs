//! `dangjian import activities|roster|figures FILE`: an old ledger kept in Excel (or CSV)
//! becomes records. A dry run (the default) shows each record it would write and every problem
//! by `文件:工作表:行:列`; `--write` writes them through `new`'s writer, all or nothing.

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::Args;

use super::new::{ActivityArgs, Imported, new_activity};
use super::{Ctx, Format};
use crate::Site;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Severity, relative_path};
use crate::files::{replace, write_new};
use crate::import::activities::{self, ActivityRow};
use crate::import::columns::{self, parse_map};
use crate::import::{Place, sheets};
use crate::validate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum What {
    /// 活动台账：每行一条活动记录
    Activities,
    /// 年度数据：每行一个数字，写入当年的年度数据文件
    Figures,
    /// 党员名册：每行一名党员，写入所在支部的名册
    Roster,
}

#[derive(Args, Debug)]
pub(crate) struct ImportArgs {
    /// 导入什么
    #[arg(value_enum, value_name = "种类")]
    pub what: What,
    /// 表格文件：Excel、WPS 保存的表格或 CSV 文件（编码为 UTF-8 或简体中文均可）
    #[arg(value_name = "文件")]
    pub file: PathBuf,
    /// 工作表名称（默认：第一个工作表）
    #[arg(long, value_name = "名称")]
    pub sheet: Option<String>,
    /// 指明某列对应的字段，如 --map 会议时间=日期；可重复写多次
    #[arg(long, value_name = "表头=字段", value_parser = parse_map)]
    pub map: Vec<(String, String)>,
    /// 只显示将写入的记录和问题，不写文件（默认）
    #[arg(long, conflicts_with = "write")]
    pub dry_run: bool,
    /// 写入记录（有任何错误时一条也不写）
    #[arg(long)]
    pub write: bool,
}

mod figures;
mod roster;

/// Rows between two progress lines of a long import.
const PROGRESS_EVERY: usize = 100;

pub(super) fn run(ctx: &Ctx, args: ImportArgs) -> i32 {
    let (site, _) = Site::load(&ctx.root, None);
    let Some(mut site) = site else {
        eprintln!(
            "错误：在 {} 找不到可用的 site.toml；先运行 dangjian check 查看原因",
            ctx.root.display()
        );
        return 1;
    };
    let path = super::absolute(&args.file);
    let place = Place {
        file: if path.starts_with(&site.root) {
            relative_path(&site.root, &path)
        } else {
            args.file.display().to_string()
        },
    };
    let table = match sheets::read(&path, args.sheet.as_deref()) {
        Ok(t) => t,
        Err(msg) => {
            let mut d = Diagnostic::general(Code::Usage, msg);
            d.file = place.file.clone();
            ctx.report(d.into(), Format::Human);
            return 1;
        }
    };
    match args.what {
        What::Activities => import_activities(ctx, &mut site, &table, &place, &args),
        What::Figures => figures::run(ctx, &mut site, &table, &place, &args),
        What::Roster => roster::run(ctx, &mut site, &table, &place, &args),
    }
}

fn import_activities(
    ctx: &Ctx,
    site: &mut Site,
    table: &sheets::Table,
    place: &Place,
    args: &ImportArgs,
) -> i32 {
    let column_problem = |row: u32, msg: String| {
        Diagnostic::at_cell(Code::ImportColumn, &place.file, &table.sheet, row, 0, msg)
    };
    let Some(cols) = find_columns(ctx, table, place, activities::FIELDS, &args.map) else {
        return 1;
    };
    let mut diags = Diagnostics::new();
    let defaulted: Vec<&str> = cols
        .missing
        .iter()
        .filter(|f| ["place", "chair", "recorder", "expected"].contains(&f.key))
        .map(|f| f.name)
        .collect();
    if !defaulted.is_empty() {
        diags.push(
            column_problem(
                cols.header_row,
                format!(
                    "表中没有“{}”列：按 dangjian new activity 的默认值填写（地点为党员活动室，主持人为支部书记，应到为支部当天的党员人数）",
                    defaulted.join("”“")
                ),
            )
            .with_severity(Severity::Warning),
        );
    }
    let (rows, found) = activities::read(site, table, &cols, place);
    diags.extend(found);
    let today = chrono::Local::now().date_naive();
    let total = rows.len();
    let mut planned = Vec::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut existing = 0usize;
    for (done, row) in rows.into_iter().enumerate() {
        if total > PROGRESS_EVERY && done > 0 && done % PROGRESS_EVERY == 0 {
            ctx.info(format!("已处理 {done}/{total} 行"));
        }
        if let Some(file) = already_there(site, &row) {
            existing += 1;
            ctx.detail(format!("第 {} 行已有记录 {file}，跳过", row.row));
            continue;
        }
        let number = row.row;
        let sheet_name = if table.sheet.is_empty() {
            String::new()
        } else {
            format!("工作表“{}”", table.sheet)
        };
        let origin = format!("本记录由 {} {sheet_name}第 {number} 行导入。", place.file);
        let (rel, text) = match new_activity(ctx, site, to_args(row, origin), today) {
            Ok(r) => r,
            Err(msg) => {
                diags.push(Diagnostic::at_cell(
                    Code::ImportCell,
                    &place.file,
                    &table.sheet,
                    number,
                    0,
                    msg,
                ));
                continue;
            }
        };
        let rel = unused_name(site, &names, rel);
        // Read as `check` reads it and joined to the corpus, so that later rows are compared
        // with it; the site is validated once, after the last row (per row it took seconds
        // for a few hundred rows).
        let read = crate::content::add_unwritten(&mut site.corpus, &rel, text.clone());
        names.insert(rel.clone());
        planned.push((rel, text, number, read));
    }
    let mut found = validate(&site.root, &site.config, &site.corpus, site.as_of);
    let mut refused: BTreeSet<String> = BTreeSet::new();
    for (rel, text, number, read) in &mut planned {
        found.extend(std::mem::take(read));
        for d in found.iter().filter(|d| d.file == *rel && d.is_error()) {
            refused.insert(rel.clone());
            let column = key_at(text, d.pos.line).map_or(0, |k| cols.column(k, table));
            diags.push(Diagnostic::at_cell(
                Code::ImportCell,
                &place.file,
                &table.sheet,
                *number,
                column,
                format!("check 会拒绝这一行的记录：{}", d.message),
            ));
        }
    }
    let planned: Vec<Planned> = planned
        .into_iter()
        .filter(|(rel, ..)| !refused.contains(rel))
        .map(|(rel, text, number, _)| {
            if !args.write {
                super::stdout::println(&crate::diagnostics::visible_lines(&format!(
                    "# 第 {number} 行 → {rel}\n{text}"
                )));
            }
            Planned {
                rel,
                text,
                exists: false,
            }
        })
        .collect();
    let new = planned.len();
    let said = Said {
        verb: "写入",
        unit: "条记录",
        existing: "条已有",
        kept: "记录",
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

/// A file an import writes: a new one (never over another) or an existing one it edits.
pub(super) struct Planned {
    pub rel: String,
    pub text: String,
    pub exists: bool,
}

/// How an import counts what it adds and what is already recorded, in its messages.
pub(super) struct Said {
    /// 写入 (new files) or 加入 (rows added to a file).
    pub verb: &'static str,
    /// 条记录, 个数字, 名党员.
    pub unit: &'static str,
    /// 条已有, 个已有, 名已在名册中.
    pub existing: &'static str,
    /// What a second import does not write again: 记录, 数字, 党员.
    pub kept: &'static str,
}

/// The end of every import: the problems reported; with an error nothing is written, on a dry
/// run the counts are said, and with `--write` every planned file is written and named.
pub(super) fn finish(
    ctx: &Ctx,
    site: &Site,
    diags: Diagnostics,
    planned: &[Planned],
    (new, existing): (usize, usize),
    write: bool,
    said: &Said,
) -> i32 {
    let Said {
        verb,
        unit,
        existing: already,
        kept,
    } = said;
    let errors = diags.has_errors();
    ctx.report(diags, Format::Human);
    if errors {
        eprintln!("有错误，未写入任何文件；改正表格后重新导入（已有的{kept}不会重复写入）");
        return 1;
    }
    if !write {
        ctx.info(format!(
            "试运行：将{verb} {new} {unit}，{existing} {already}；确认无误后加 --write 写入"
        ));
        return 0;
    }
    let files = planned.len();
    for (done, p) in planned.iter().enumerate() {
        if files > PROGRESS_EVERY && done > 0 && done % PROGRESS_EVERY == 0 {
            ctx.info(format!("已写入 {done}/{files} 个文件"));
        }
        let path = site.root.join(&p.rel);
        let written = if p.exists {
            replace(&path, p.text.as_bytes())
        } else {
            write_new(&path, p.text.as_bytes())
        };
        if let Err(e) = written {
            let rel = &p.rel;
            ctx.report(
                Diagnostic::general(Code::Output, format!("无法写入 {rel}：{e}")).into(),
                Format::Human,
            );
            if done > 0 {
                eprintln!("已写入 {done} 个文件，其余未写入；重新导入时已写入的不会重复");
            }
            return 1;
        }
        super::stdout::println(&crate::diagnostics::visible(&p.rel));
    }
    ctx.info(format!("已{verb} {new} {unit}，{existing} {already}"));
    0
}

/// The errors `check` would report about `rel` if it held `text`. `forget` first drops the
/// record loaded from `rel` (it stays dropped: the rows were compared with it before).
pub(super) fn refused_by_check(
    site: &mut Site,
    rel: &str,
    text: &str,
    forget: impl FnOnce(&mut crate::content::Corpus),
) -> Diagnostics {
    forget(&mut site.corpus);
    let mut found = crate::content::add_unwritten(&mut site.corpus, rel, text.to_owned());
    found.extend(validate(&site.root, &site.config, &site.corpus, site.as_of));
    let mut errors = Diagnostics::new();
    errors.extend(found.into_iter().filter(|d| d.file == rel && d.is_error()));
    errors
}

/// The sheet's columns, or `None` when a column every row needs is missing (reported).
fn find_columns(
    ctx: &Ctx,
    table: &sheets::Table,
    place: &Place,
    fields: &[columns::Field],
    maps: &[(String, String)],
) -> Option<columns::Columns> {
    let problem = |row: u32, msg: String| {
        Diagnostic::at_cell(Code::ImportColumn, &place.file, &table.sheet, row, 0, msg)
    };
    let cols = match columns::find(table, fields, maps) {
        Ok(c) => c,
        Err(msg) => {
            ctx.report(problem(0, msg).into(), Format::Human);
            return None;
        }
    };
    let required: Vec<&str> = cols
        .missing
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    if !required.is_empty() {
        let d = problem(
            cols.header_row,
            format!("表头行中没有“{}”列", required.join("”“")),
        )
        .with_hint("列名不同时用 --map 表头=字段 指明，如 --map 会议时间=日期");
        ctx.report(d.into(), Format::Human);
        return None;
    }
    Some(cols)
}

/// The key written on `line` of a record's text (`time = "…"` → `time`), to point a problem
/// `check` finds in the record at the cell it came from.
fn key_at(text: &str, line: u32) -> Option<&str> {
    let l = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let (key, _) = l.split_once(" = ")?;
    Some(key.trim())
}

/// The record already holding this row: the same date, branch, kind and title.
fn already_there(site: &Site, row: &ActivityRow) -> Option<String> {
    site.corpus
        .activities
        .iter()
        .find(|a| {
            a.date.value == row.date
                && a.branch.value == row.branch
                && a.kind.value == row.kind
                && a.title == row.title
        })
        .map(|a| a.file.clone())
}

/// `rel`, or with `-2`, `-3` … when an earlier row of this import takes that name (`new`
/// only looks at the files on disk, which a dry run does not write).
fn unused_name(site: &Site, taken: &BTreeSet<String>, rel: String) -> String {
    if !taken.contains(&rel) {
        return rel;
    }
    let stem = rel.trim_end_matches(".md");
    (2..)
        .map(|n| format!("{stem}-{n}.md"))
        .find(|r| !taken.contains(r) && !site.root.join(r).exists())
        .unwrap_or(rel)
}

fn to_args(row: ActivityRow, origin: String) -> ActivityArgs {
    let body = match row.note {
        Some(note) => format!("{note}\n\n{origin}"),
        None => format!("{origin}台账中没有会议内容。"),
    };
    ActivityArgs {
        branch: row.branch,
        kind: row.kind,
        title: row.title,
        date: Some(row.date),
        imported: Some(Box::new(Imported {
            topics: row.topics,
            guests: row.guests,
            body,
            no_time: row.time.is_none(),
        })),
        time: row.time.unwrap_or_default(),
        place: row.place.unwrap_or_else(|| "党员活动室".to_owned()),
        chair: row.chair,
        recorder: row.recorder,
        expected: row.expected,
        present: row.present,
        lecturer: row.lecturer,
        subject: row.subject,
        absent: row.absentees,
    }
}
