use std::io::BufRead;
use std::path::PathBuf;
use std::process::Command;

use clap::Args;

use super::{Ctx, display, stdin_is_terminal};
use crate::files::write_new;
use crate::scaffold::Organisation;

#[derive(Args, Debug)]
pub(crate) struct InitArgs {
    /// 新站点的文件夹（不存在时自动创建；已存在时必须是空的）
    #[arg(value_name = "目录")]
    pub dir: PathBuf,
    /// 医院名称，如 澄州市中医院（也可写作 --hospital）
    #[arg(long, alias = "hospital", value_name = "医院名称")]
    pub name: Option<String>,
    /// 党委全称（发文机关），默认为“中共<医院名称>委员会”
    #[arg(long, value_name = "党委名称")]
    pub committee: Option<String>,
    /// 机关代字，用于文号，如 澄中医党 → 澄中医党〔2024〕3号（默认：党委）
    #[arg(long, value_name = "机关代字")]
    pub doc_prefix: Option<String>,
    /// 把站点初始化为 git 仓库，做第一次提交，并安装提交前自动运行 dangjian check 的钩子
    #[arg(long, conflicts_with = "no_git")]
    pub git: bool,
    /// 不使用 git，也不询问
    #[arg(long)]
    pub no_git: bool,
}

const DEFAULT_HOSPITAL: &str = "示例医院";
const DEFAULT_DOC_PREFIX: &str = "党委";

pub(super) fn run(ctx: &Ctx, args: InitArgs) -> i32 {
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
    // Questions only on a terminal: a script or a test gets the defaults (or its flags) and
    // never waits for an answer nobody will type.
    let interactive = stdin_is_terminal();
    let hospital = value_or_ask(args.name, interactive, "医院名称", DEFAULT_HOSPITAL);
    let committee = value_or_ask(
        args.committee,
        interactive,
        "党委全称（发文机关）",
        &format!("中共{hospital}委员会"),
    );
    let doc_prefix = value_or_ask(
        args.doc_prefix,
        interactive,
        "机关代字（用于文号，如 澄中医党）",
        DEFAULT_DOC_PREFIX,
    );
    let org = Organisation {
        hospital,
        committee,
        doc_prefix,
    };
    let today = chrono::Local::now().date_naive();
    for (rel, text) in crate::scaffold::files(today, &org) {
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
            && interactive
            && ask("是否把站点初始化为 git 仓库，并在提交前自动运行 dangjian check？[Y/n] "));
    if want_git {
        match init_git(&dir) {
            Ok(()) => ctx.info(
                "已初始化 git 仓库并做了第一次提交，已安装 pre-commit 钩子（提交前运行 dangjian check）",
            ),
            Err(e) => {
                eprintln!("错误：git 初始化失败：{e}");
                return 1;
            }
        }
    }
    ctx.info(format!(
        "下一步：cd {} 然后运行 dangjian check",
        display(&dir)
    ));
    0
}

/// The flag's value, else the answer typed on the terminal (empty: the default), else the
/// default.
fn value_or_ask(flag: Option<String>, interactive: bool, what: &str, default: &str) -> String {
    if let Some(v) = flag.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
        return v;
    }
    if interactive {
        eprint!("{what}（直接回车使用“{default}”）：");
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line).is_ok() {
            let answer = line.trim();
            if !answer.is_empty() {
                return answer.to_owned();
            }
        }
    }
    default.to_owned()
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
  echo "pre-commit：本次提交没有检查记录——找不到 dangjian 程序（不在 PATH 中）。" >&2
  echo "pre-commit：请安装 dangjian，或把它所在的文件夹加入 PATH，然后运行 dangjian check 检查。" >&2
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
    first_commit(dir)
}

/// Commits the new site, so that the officer's first change is a diff against a known-good
/// site. The hook is skipped: this site was just written to pass `check`, and `dangjian` may
/// not be on PATH yet. Without a configured git identity, one is given for this commit only.
fn first_commit(dir: &std::path::Path) -> Result<(), String> {
    let git = |args: &[&str]| {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(dir).args(args);
        cmd
    };
    let configured = |key: &str| {
        git(&["config", key])
            .output()
            .is_ok_and(|o| o.status.success() && !o.stdout.trim_ascii().is_empty())
    };
    let has_identity = configured("user.name") && configured("user.email");
    let status = git(&["add", "--all"])
        .status()
        .map_err(|e| format!("无法运行 git（{e}）"))?;
    if !status.success() {
        return Err("git add 失败".into());
    }
    let mut commit = git(&[
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        "新建党建站点（dangjian init）",
    ]);
    if !has_identity {
        commit
            .env("GIT_AUTHOR_NAME", "dangjian")
            .env("GIT_AUTHOR_EMAIL", "dangjian@localhost")
            .env("GIT_COMMITTER_NAME", "dangjian")
            .env("GIT_COMMITTER_EMAIL", "dangjian@localhost");
    }
    let out = commit
        .output()
        .map_err(|e| format!("无法运行 git（{e}）"))?;
    if !out.status.success() {
        return Err(format!(
            "第一次提交失败：{}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}
