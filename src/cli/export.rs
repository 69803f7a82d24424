//! `dangjian export ledger`: the year's ledger (年度台账) as an Excel workbook, from the same
//! figures as the site and `stats`; `export archive` (export/archive.rs): the year's archive
//! (.zip); `export notice` (export/notice.rs): a notice as .docx.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{Ctx, Format as DiagFormat, display};

mod notice;
use crate::Site;
use crate::diagnostics::visible_lines;
use crate::metrics;

mod archive;

#[derive(Subcommand, Debug)]
pub(crate) enum ExportCommand {
    /// 年度台账（Excel）：活动台账、支部统计、落实情况、年度数据、目标任务
    Ledger(LedgerArgs),
    /// 年度档案（压缩包）：年度总结、支部工作记录本、考核评分表、通知文件、台账，附文件清单和校验值
    Archive(archive::ArchiveArgs),
    /// 一份通知导出为 Word 文档（.docx，按 GB/T 9704 版式）
    Notice(notice::NoticeArgs),
}

#[derive(Args, Debug)]
pub(crate) struct LedgerArgs {
    /// 年份
    #[arg(long, value_name = "年份")]
    pub year: i32,
    /// 只导出这个支部（支部标识）
    #[arg(long, value_name = "支部")]
    pub branch: Option<String>,
    /// 保存到这个文件（默认：当前文件夹下的 `<年份>年党建工作台账.xlsx`）
    #[arg(long, value_name = "文件")]
    pub output: Option<PathBuf>,
}

pub(super) fn run(ctx: &Ctx, cmd: ExportCommand) -> i32 {
    match cmd {
        ExportCommand::Ledger(args) => ledger(ctx, args),
        ExportCommand::Archive(args) => archive::run(ctx, args),
        ExportCommand::Notice(args) => notice::run(ctx, args),
    }
}

fn fail(msg: &str) -> i32 {
    eprintln!("{}", visible_lines(&format!("错误：{msg}")));
    1
}

fn ledger(ctx: &Ctx, args: LedgerArgs) -> i32 {
    // Checked before the records are read: a folder would only fail after all the work.
    if let Some(out) = &args.output
        && out.is_dir()
    {
        return fail(&format!(
            "`{}` 是一个文件夹，不能保存为台账；请写出文件名，例如 `{}`",
            display(out),
            display(&out.join(default_name(args.year, args.branch.as_deref())))
        ));
    }
    let (site, diags) = Site::load(&ctx.root, None);
    let Some(site) = site.filter(|_| !diags.has_errors()) else {
        ctx.report(diags, DiagFormat::Human);
        eprintln!("记录有错误，无法导出台账；先修正上面的问题");
        return 1;
    };
    let year = args.year;
    if let Some(msg) = year_problem(&site, year, "台账") {
        return fail(&msg);
    }
    if let Some(id) = &args.branch
        && site.corpus.branch(id).is_none()
    {
        let hint =
            crate::suggest::did_you_mean(id, site.corpus.branches.iter().map(|b| b.id.as_str()))
                .map(|s| format!("；是否应为 `{s}`？"))
                .unwrap_or_default();
        return fail(&format!("未知的支部 `{id}`{hint}"));
    }
    let started = std::time::Instant::now();
    let m = metrics::compute(&site.config, &site.corpus, year, site.as_of);
    let view = crate::present::ledger::view(&site, &m, args.branch.as_deref());
    let bytes = match crate::export::ledger_xlsx::write(&view) {
        Ok(b) => b,
        Err(e) => return fail(&format!("无法生成台账：{e}")),
    };
    let out = args
        .output
        .unwrap_or_else(|| PathBuf::from(default_name(year, args.branch.as_deref())));
    if let Err(e) = save(&out, &bytes) {
        return fail(&format!("无法保存 `{}`：{e}", display(&out)));
    }
    ctx.detail(format!(
        "生成用时 {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    ));
    let rows = view.sheets.first().map_or(0, |s| s.rows.len());
    ctx.info(format!(
        "已导出 {year} 年台账（活动 {rows} 条）：{}",
        display(&out)
    ));
    0
}

/// Why `year` cannot be exported as `what` (台账, 档案): before the first record, or without
/// records. `stats` only warns (its figures would be zero); an export of nothing is refused.
fn year_problem(site: &Site, year: i32, what: &str) -> Option<String> {
    if let Some(d) = crate::plausibility::year_before_records(&site.corpus, year) {
        let hint = d.hint.map(|h| format!("\n  提示：{h}")).unwrap_or_default();
        return Some(format!("{}，无法导出{what}{hint}", d.message));
    }
    let years = site.corpus.years();
    if !years.contains(&year) {
        let list: Vec<String> = years.iter().map(i32::to_string).collect();
        return Some(format!(
            "{year} 年没有任何记录，无法导出{what}；有记录的年份：{}",
            list.join("、")
        ));
    }
    None
}

fn default_name(year: i32, branch: Option<&str>) -> String {
    match branch {
        Some(id) => format!("{year}年党建工作台账-{id}.xlsx"),
        None => format!("{year}年党建工作台账.xlsx"),
    }
}

/// An earlier export of the same file is replaced whole (never left half-written).
fn save(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        crate::files::replace(path, bytes)
    } else {
        crate::files::write_new(path, bytes)
    }
}
