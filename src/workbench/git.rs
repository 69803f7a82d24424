//! The site's git repository as the workbench uses it: one commit per save in the name of the
//! person who saved, and each record's history. git runs as a program (`git -C root …`, an
//! argument vector, never a shell), with `LC_ALL=C` so that its messages can be recognised.

use std::path::Path;
use std::process::{Command, Output};

use chrono::{DateTime, FixedOffset};

use crate::diagnostics::{Code, Diagnostic};

/// Who saved: the signed-in person, as git's author and committer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub email: String,
}

/// One commit that touched a record.
#[derive(Debug, Clone)]
pub struct Revision {
    pub commit: String,
    pub short: String,
    pub author_name: String,
    pub author_email: String,
    pub when: DateTime<FixedOffset>,
    pub message: String,
    /// The record's path (relative to the site root) in this commit: it changes at a rename.
    pub rel: String,
    /// The commit's change of this record, as a unified diff.
    pub diff: String,
}

fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(root)
        .args(["--no-pager", "-c", "core.quotePath=false"])
        .env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    cmd
}

fn run(cmd: &mut Command) -> Result<Output, String> {
    match cmd.output() {
        Ok(out) if out.status.success() => Ok(out),
        Ok(out) => {
            let err = String::from_utf8_lossy(&out.stderr).trim().to_owned();
            let err = if err.is_empty() {
                String::from_utf8_lossy(&out.stdout).trim().to_owned()
            } else {
                err
            };
            Err(err)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err("找不到 git 程序（请安装 git 并确保它在 PATH 中）".to_owned())
        }
        Err(e) => Err(format!("无法运行 git：{e}")),
    }
}

fn failed(what: &str, err: &str) -> Diagnostic {
    Diagnostic::general(Code::Io, format!("提交到 git 失败（{what}）：{err}"))
}

/// Whether `root` is inside a git working tree.
pub fn is_repository(root: &Path) -> bool {
    run(git(root).args(["rev-parse", "--is-inside-work-tree"]))
        .is_ok_and(|out| out.stdout.starts_with(b"true"))
}

/// Commits exactly `paths` (relative to `root`; written, renamed or removed files) as `author`.
/// `None` when `root` is no repository or the paths hold no change.
pub fn commit(
    root: &Path,
    paths: &[String],
    author: &Author,
    message: &str,
) -> Result<Option<String>, Diagnostic> {
    if !is_repository(root) || paths.is_empty() {
        return Ok(None);
    }
    let present: Vec<&String> = paths.iter().filter(|p| root.join(p).exists()).collect();
    if !present.is_empty() {
        run(git(root).args(["add", "-A", "--"]).args(&present))
            .map_err(|e| failed("git add", &e))?;
    }
    // A removed file is committed through the index entry it still has; one never tracked
    // has nothing to commit (and would make git refuse the whole pathspec).
    let known = lines(
        run(git(root).args(["ls-files", "--cached", "--"]).args(paths))
            .map_err(|e| failed("git ls-files", &e))?,
    );
    if known.is_empty() {
        return Ok(None);
    }
    let changed = match run(git(root)
        .args([
            "diff",
            "HEAD",
            "--no-renames",
            "--name-only",
            "--relative",
            "--",
        ])
        .args(&known))
    {
        Ok(out) => lines(out),
        // No commit yet: everything is new.
        Err(_) => known,
    };
    if changed.is_empty() {
        return Ok(None);
    }
    let name = clean_ident(&author.name);
    let email = clean_ident(&author.email);
    let name = if name.is_empty() {
        "workbench".to_owned()
    } else {
        name
    };
    // `--no-verify`: the pre-commit hook of `dangjian init` runs `dangjian check`, and the save
    // has just run that same validation on this record; the hook would only repeat it (slowly,
    // on the whole site, and refusing this record for another file's error). Signing is off:
    // nobody is at the terminal to unlock a key.
    run(git(root)
        .args([
            "-c",
            "commit.gpgsign=false",
            "commit",
            "--no-verify",
            "--quiet",
        ])
        .arg(format!("--author={name} <{email}>"))
        .arg("-m")
        .arg(message_or_default(message))
        .arg("--")
        .args(&changed)
        .env("GIT_AUTHOR_NAME", &name)
        .env("GIT_AUTHOR_EMAIL", &email)
        .env("GIT_COMMITTER_NAME", &name)
        .env("GIT_COMMITTER_EMAIL", &email))
    .map_err(|e| failed("git commit", &e))?;
    let head =
        run(git(root).args(["rev-parse", "HEAD"])).map_err(|e| failed("git rev-parse", &e))?;
    Ok(Some(
        String::from_utf8_lossy(&head.stdout).trim().to_owned(),
    ))
}

fn lines(out: Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// A name or address git accepts in an identity: no angle brackets or line breaks.
fn clean_ident(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '<' | '>' | '\n' | '\r' | '\0'))
        .collect::<String>()
        .trim()
        .to_owned()
}

fn message_or_default(message: &str) -> &str {
    if message.trim().is_empty() {
        "通过工作台修改记录"
    } else {
        message
    }
}

const RECORD: char = '\u{1e}';
const FIELD: char = '\u{1f}';

/// The last `limit` commits that changed the record at `rel`, newest first, following it
/// through renames. Empty when `root` is no repository or the record has no commit.
pub fn history(root: &Path, rel: &str, limit: usize) -> Vec<Revision> {
    let out = run(git(root)
        .args([
            "log",
            "--follow",
            "--relative",
            "-p",
            "--no-color",
            "--no-ext-diff",
        ])
        .arg(format!("-n{}", limit.max(1)))
        .arg("--format=%x1e%H%x1f%h%x1f%an%x1f%ae%x1f%aI%x1f%B%x1f")
        .arg("--")
        .arg(rel));
    let Ok(out) = out else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .split(RECORD)
        .filter_map(|entry| parse_revision(entry, rel))
        .collect()
}

fn parse_revision(entry: &str, rel: &str) -> Option<Revision> {
    let mut fields = entry.splitn(7, FIELD);
    let commit = fields.next()?.to_owned();
    let short = fields.next()?.to_owned();
    let author_name = fields.next()?.to_owned();
    let author_email = fields.next()?.to_owned();
    let when = DateTime::parse_from_rfc3339(fields.next()?).ok()?;
    let message = fields.next()?.trim().to_owned();
    let diff = fields
        .next()
        .unwrap_or("")
        .trim_start_matches('\n')
        .to_owned();
    let rel = diff
        .lines()
        .find_map(|l| {
            l.strip_prefix("+++ b/")
                .or_else(|| l.strip_prefix("rename to "))
                .or_else(|| {
                    l.strip_prefix("--- a/")
                        .filter(|_| diff.contains("+++ /dev/null"))
                })
        })
        .unwrap_or(rel)
        .to_owned();
    Some(Revision {
        commit,
        short,
        author_name,
        author_email,
        when,
        message,
        rel,
        diff,
    })
}

/// The text of the record `rel` (relative to `root`) as commit `commit` holds it.
pub fn text_at(root: &Path, commit: &str, rel: &str) -> Option<String> {
    // Only a commit id: anything else could be read by git as an option or a revision range.
    if commit.is_empty() || !commit.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let out = run(git(root).arg("show").arg(format!("{commit}:./{rel}"))).ok()?;
    String::from_utf8(out.stdout).ok()
}

/// Pushes `HEAD` to `remote`; the error git gave, in its words, when it could not.
pub(crate) fn push(root: &Path, remote: &str) -> Result<(), String> {
    // A name starting with `-` would be read by git as an option (`--upload-pack=…`).
    if remote.starts_with('-') {
        return Err("远程仓库名不能以“-”开头".to_owned());
    }
    if remote.trim().is_empty() {
        return Err("远程仓库名为空".to_owned());
    }
    let mut cmd = git(root);
    cmd.args(["push", "--quiet", remote, "HEAD"]);
    // Nobody can answer ssh's questions (a new host key, a passphrase): fail instead of waiting.
    if std::env::var_os("GIT_SSH_COMMAND").is_none() {
        cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    }
    run(&mut cmd).map(|_| ())
}
