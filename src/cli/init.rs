use std::io::BufRead;
use std::path::PathBuf;
use std::process::Command;

use clap::Args;

use super::{Ctx, display, stdin_is_terminal};
use crate::files::write_new;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Folder for the new site (created if missing; must be empty if it exists)
    pub dir: PathBuf,
    /// Hospital name for the configuration
    #[arg(long, default_value = "示例医院")]
    pub name: String,
    /// Make the site a git repository with a pre-commit hook that runs `dangjian check`
    #[arg(long, conflicts_with = "no_git")]
    pub git: bool,
    /// Do not ask about git
    #[arg(long)]
    pub no_git: bool,
}

pub fn run(ctx: &Ctx, args: InitArgs) -> i32 {
    let dir = if args.dir.is_absolute() {
        args.dir.clone()
    } else {
        ctx.root.join(&args.dir)
    };
    if dir.exists() {
        let non_empty = std::fs::read_dir(&dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if non_empty {
            eprintln!(
                "错误：{} 已存在且不是空目录；init 不会覆盖已有文件",
                display(&dir)
            );
            return 1;
        }
    }
    let today = chrono::Local::now().date_naive();
    for (rel, text) in crate::scaffold::files(today, &args.name) {
        let path = dir.join(&rel);
        if let Err(e) = write_new(&path, text.as_bytes()) {
            eprintln!("错误：无法写入 {}：{e}", display(&path));
            return 1;
        }
        ctx.detail(format!("  写入 {rel}"));
    }
    if let Err(e) = crate::site::theme::install_default(&dir) {
        eprintln!("错误：无法写入默认主题：{e}");
        return 1;
    }
    ctx.info(format!("已创建站点 {}", display(&dir)));

    let want_git = args.git
        || (!args.no_git
            && stdin_is_terminal()
            && ask("是否把站点初始化为 git 仓库，并在提交前自动运行 dangjian check？[Y/n] "));
    if want_git {
        match init_git(&dir) {
            Ok(()) => {
                ctx.info("已初始化 git 仓库，并安装 pre-commit 钩子（提交前运行 dangjian check）")
            }
            Err(e) => {
                eprintln!("错误：git 初始化失败：{e}");
                return 1;
            }
        }
    }
    ctx.info(format!(
        "下一步：dangjian --root {} check",
        display(&args.dir)
    ));
    0
}

fn ask(question: &str) -> bool {
    eprint!("{question}");
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        return false;
    }
    let answer = line.trim().to_lowercase();
    answer.is_empty() || answer == "y" || answer == "yes" || answer == "是"
}

const PRE_COMMIT: &str = r#"#!/bin/sh
# Installed by `dangjian init`: refuse a commit whose records do not pass the check.
root=$(git rev-parse --show-toplevel) || exit 1
if ! command -v dangjian >/dev/null 2>&1; then
  echo "pre-commit: 找不到 dangjian 程序，跳过检查" >&2
  exit 0
fi
exec dangjian --root "$root" check --quiet
"#;

fn init_git(dir: &std::path::Path) -> Result<(), String> {
    let status = Command::new("git")
        .arg("init")
        .arg("--quiet")
        .arg(dir)
        .status()
        .map_err(|e| format!("无法运行 git（{e}）；请先安装 git"))?;
    if !status.success() {
        return Err("git init 失败".into());
    }
    let hook = dir.join(".git/hooks/pre-commit");
    write_new(&hook, PRE_COMMIT.as_bytes()).map_err(|e| e.to_string())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
