//! The command line: argument parsing and one module per command. Commands return an exit code;
//! diagnostics are printed here, once, sorted.

mod build;
mod check;
mod fonts;
mod init;
mod members;
mod new;
mod serve;
mod stats;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::diagnostics::{Diagnostics, render_human, render_json_lines};

#[derive(Parser, Debug)]
#[command(
    name = "dangjian",
    version,
    about = "党建记录：校验、统计，生成内部网站与公文 PDF"
)]
pub struct Cli {
    /// Site root (the folder with site.toml); default: the current folder
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print only errors
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print progress details and timings
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new site that passes `check` and builds
    Init(init::InitArgs),
    /// Validate every record and report the rules (exit 1 on errors)
    Check(check::CheckArgs),
    /// Build the website (and PDFs) into output/
    Build(build::BuildArgs),
    /// Write a new, correctly named record
    #[command(subcommand)]
    New(new::NewCommand),
    /// Print the computed figures (table, JSON or CSV)
    Stats(stats::StatsArgs),
    /// Show the 发展党员 pipeline or the roster (names stay in the terminal)
    Members(members::MembersArgs),
    /// Show which font each PDF role (小标宋, 仿宋, 楷体, 黑体, 宋体) resolves to
    Fonts(fonts::FontsArgs),
    /// Preview the site on 127.0.0.1, rebuilding and reloading on every change
    Serve(serve::ServeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// What every command needs besides its own arguments.
pub struct Ctx {
    pub root: PathBuf,
    pub quiet: bool,
    pub verbose: bool,
}

impl Ctx {
    pub fn info(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", msg.as_ref());
        }
    }

    pub fn detail(&self, msg: impl AsRef<str>) {
        if self.verbose {
            eprintln!("{}", msg.as_ref());
        }
    }

    /// Prints diagnostics (warnings hidden with `--quiet`) and a summary line.
    pub fn report(&self, diags: Diagnostics, format: Format) {
        let errors = diags.error_count();
        let warnings = diags.warning_count();
        let mut list = diags.sorted();
        if self.quiet {
            list.retain(|d| d.is_error());
        }
        match format {
            Format::Json => print!("{}", render_json_lines(&list)),
            Format::Human => {
                eprint!("{}", render_human(&list, &self.root));
                if errors > 0 || (warnings > 0 && !self.quiet) {
                    eprintln!("共 {errors} 个错误，{warnings} 个警告");
                }
            }
        }
    }
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let root = cli.root.clone().unwrap_or_else(|| PathBuf::from("."));
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
        Command::Stats(args) => stats::run(&ctx, args),
        Command::Members(args) => members::run(&ctx, args),
        Command::Fonts(args) => fonts::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
    }
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
