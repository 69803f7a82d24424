//! The command line: argument parsing and one module per command. Commands return an exit code;
//! diagnostics are printed here, once, sorted.

mod build;
mod check;
mod export;
mod fonts;
mod import;
mod init;
mod members;
mod new;
mod serve;
mod serve_watch;
mod setup;
mod stats;
mod stdout;
mod text_table;
mod user;
mod zh;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::diagnostics::{
    Diagnostics, render_build_summary, render_human, render_json_lines, visible_lines,
};

#[derive(Parser, Debug)]
#[command(
    name = "dangjian",
    version,
    about = "党建记录：校验、统计，生成内部网站与公文 PDF"
)]
pub(crate) struct Cli {
    /// 站点根目录（有 site.toml 的文件夹）；不写时从当前目录逐级向上查找
    #[arg(long, global = true, value_name = "目录")]
    pub root: Option<PathBuf>,
    /// 只显示错误
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// 显示进度细节与用时
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// 新建一个站点（可直接通过检查并生成）
    Init(init::InitArgs),
    /// 检查全部记录并报告各项制度要求的落实情况（有错误时退出码为 1）
    Check(check::CheckArgs),
    /// 生成内部网站（和 PDF）到 output/
    Build(build::BuildArgs),
    /// 新建一条记录，文件名和必填项都按规则写好
    #[command(subcommand)]
    New(new::NewCommand),
    /// 从 Excel、WPS 保存的台账、名册或年度数据表格导入记录；默认只试运行，加 --write 才写入
    Import(import::ImportArgs),
    /// 显示统计数字（表格、JSON 或 CSV）
    Stats(stats::StatsArgs),
    /// 导出给上级或其他系统的文件（年度台账 Excel、年度档案压缩包）
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// 显示发展党员流程或党员名册（姓名只在终端显示）
    Members(members::MembersArgs),
    /// 显示 PDF 各字体角色（小标宋、仿宋、楷体、黑体、宋体）实际使用的字体
    Fonts(fonts::FontsArgs),
    /// 预览网站（默认只在本机 127.0.0.1），记录一改动就重新生成并刷新页面；/_/ 下是工作台
    Serve(serve::ServeArgs),
    /// 每台电脑做一次的设置：把 typst 0.15 和开源中文字体装到当前用户的文件夹
    Setup(setup::SetupArgs),
    /// 管理工作台的账户（登录名、姓名、角色、密码）
    #[command(subcommand)]
    User(user::UserCommand),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// 给人看
    Human,
    /// 给程序读
    Json,
}

/// What every command needs besides its own arguments.
pub(crate) struct Ctx {
    pub root: PathBuf,
    pub quiet: bool,
    pub verbose: bool,
}

impl Ctx {
    /// Progress lines name records (file names, titles): shown escaped, see
    /// [`crate::diagnostics::visible`].
    pub(crate) fn info(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", visible_lines(msg.as_ref()));
        }
    }

    pub(crate) fn detail(&self, msg: impl AsRef<str>) {
        if self.verbose {
            eprintln!("{}", visible_lines(msg.as_ref()));
        }
    }

    /// Prints diagnostics (warnings hidden with `--quiet`) and a summary line.
    pub(crate) fn report(&self, diags: Diagnostics, format: Format) {
        let errors = diags.error_count();
        let warnings = diags.warning_count();
        let mut list = diags.sorted();
        if self.quiet {
            list.retain(|d| d.is_error());
        }
        match format {
            Format::Json => stdout::print(&render_json_lines(&list)),
            Format::Human => {
                eprint!("{}", render_human(&list, &self.root));
                if errors > 0 || (warnings > 0 && !self.quiet) {
                    eprintln!("共 {errors} 个错误，{warnings} 个警告");
                }
            }
        }
    }
}

/// What a build has to tell: its report text (every error, the first warnings, the counts),
/// or the stored text of the build it found up to date. Empty when there is nothing.
pub(crate) fn build_problems(r: crate::pipeline::BuildReport, root: &Path, quiet: bool) -> String {
    match r.warnings_text {
        // An up-to-date output has no errors: with --quiet there is nothing to print.
        Some(_) if quiet => String::new(),
        Some(text) => text,
        None => render_build_summary(r.diagnostics, root, quiet),
    }
}

pub fn run() -> i32 {
    let cli = match parse() {
        Ok(c) => c,
        Err(e) => {
            let r = zh::render(&e);
            // Written, not printed: `dangjian --help | head` closes the pipe early, and
            // print! would panic on that.
            let _ = if r.to_stderr {
                std::io::stderr().write_all(r.text.as_bytes())
            } else {
                std::io::stdout().write_all(r.text.as_bytes())
            };
            return r.code;
        }
    };
    let root = match &cli.root {
        Some(root) => absolute(root),
        // `init` makes a new site where it is asked to, never inside the site around it.
        None if matches!(cli.command, Command::Init(_)) => absolute(Path::new(".")),
        None => find_root(&absolute(Path::new("."))),
    };
    let ctx = Ctx {
        root,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Build(args) => build::run(&ctx, args),
        Command::New(cmd) => new::run(&ctx, cmd),
        Command::Import(args) => import::run(&ctx, args),
        Command::Stats(args) => stats::run(&ctx, args),
        Command::Export(cmd) => export::run(&ctx, cmd),
        Command::Members(args) => members::run(&ctx, args),
        Command::Fonts(args) => fonts::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Setup(args) => setup::run(&ctx, args),
        Command::User(cmd) => user::run(&ctx, cmd),
    }
}

/// The command line parsed with Chinese help and Chinese errors.
fn parse() -> Result<Cli, clap::Error> {
    let matches = zh::localize(Cli::command()).try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

/// The command tree as `dangjian` presents it (Chinese help), for tests and documentation.
pub fn command() -> clap::Command {
    zh::localize(Cli::command())
}

/// `path` made absolute without resolving links, so messages name the folder the officer
/// knows (never `.`).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The nearest folder at or above `start` that has a `site.toml`, as git and cargo look for
/// their roots; `start` itself when none has, so that the error names the folder the command
/// ran in.
fn find_root(start: &Path) -> PathBuf {
    start
        .ancestors()
        .find(|dir| dir.join(crate::layout::CONFIG_FILE).is_file())
        .unwrap_or(start)
        .to_path_buf()
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("“{s}”不是日期，应写作 2024-03-15"))
}

pub(crate) fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

pub(crate) fn display(p: &Path) -> String {
    p.display().to_string()
}
