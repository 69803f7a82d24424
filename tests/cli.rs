//! The commands end to end: `init`, `new …`, `check` options and output formats.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::{BIN, Diag, TestSite, parse_diagnostics};

const ACT: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";

/// Runs the binary with `args` (no `--root`), stdin closed.
fn dangjian(args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run dangjian");
    assert_no_panic(&out);
    out
}

fn run(site: &TestSite, args: &[&str]) -> Output {
    let out = site.run(args);
    assert_no_panic(&out);
    out
}

fn assert_no_panic(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panicked:\n{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `check --format json` with `--root root`.
fn check_root(root: &Path) -> (i32, Vec<Diag>) {
    let out = dangjian(&["--root", s(root), "check", "--format", "json"]);
    let diags = parse_diagnostics(&out.stdout);
    (out.status.code().unwrap_or(-1), diags)
}

/// Diagnostics other than rule findings (the rule report depends on the whole calendar).
fn non_rule(diags: &[Diag]) -> Vec<&Diag> {
    diags.iter().filter(|d| d.code != "rule").collect()
}

/// Asserts that the site passes `check`: exit 0 and no diagnostics about records.
fn assert_passes(root: &Path) {
    let (code, diags) = check_root(root);
    assert_eq!(code, 0, "{:#?}", non_rule(&diags));
    assert!(non_rule(&diags).is_empty(), "{:#?}", non_rule(&diags));
}

/// `assert_passes` for a site with records fresh from `new`: their template text is warned as
/// `placeholder` (tests/warnings.rs) until the officer replaces it, and nothing else is.
fn assert_passes_but_placeholders(root: &Path) {
    let (code, diags) = check_root(root);
    let other: Vec<_> = non_rule(&diags)
        .into_iter()
        .filter(|d| d.code != "placeholder")
        .collect();
    assert_eq!(code, 0, "{other:#?}");
    assert!(other.is_empty(), "{other:#?}");
}

/// Every file below `dir`, relative, sorted, with contents.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                out.push((path.strip_prefix(base).unwrap().to_owned(), Vec::new()));
                walk(base, &path, out);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path.strip_prefix(base).unwrap().to_owned(), bytes));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// init

#[test]
fn init_then_check_passes() {
    let tmp = TestSite::empty();
    let site = tmp.path("site");
    let out = dangjian(&["init", s(&site), "--no-git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for rel in [
        "site.toml",
        "content/branches",
        "content/activities",
        "content/notices",
        "content/checklists",
        "content/annual",
        "content/brands",
    ] {
        assert!(site.join(rel).exists(), "init did not write {rel}");
    }
    assert!(!site.join(".git").exists(), "--no-git made a repository");
    assert_passes(&site);
    let out = dangjian(&["--root", s(&site), "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn init_into_existing_empty_folder() {
    let tmp = TestSite::empty();
    let out = dangjian(&["init", s(&tmp.root), "--no-git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_passes(&tmp.root);
}

#[test]
fn init_refuses_a_non_empty_folder_and_changes_nothing() {
    let tmp = TestSite::empty();
    tmp.write("notes.txt", "我的笔记\n");
    tmp.write("site.toml", "# 旧配置\n");
    let before = snapshot(&tmp.root);
    let out = dangjian(&["init", s(&tmp.root), "--no-git"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("不是空目录"), "{}", stderr(&out));
    assert_eq!(snapshot(&tmp.root), before);

    // also with --git: no repository appears
    let out = dangjian(&["init", s(&tmp.root), "--git"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(snapshot(&tmp.root), before);
}

#[test]
fn init_relative_to_root() {
    let tmp = TestSite::empty();
    let out = dangjian(&["--root", s(&tmp.root), "init", "sub/site", "--no-git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_passes(&tmp.path("sub/site"));
}

#[cfg(unix)]
#[test]
fn init_git_installs_an_executable_pre_commit_hook() {
    use std::os::unix::fs::PermissionsExt;

    let tmp = TestSite::empty();
    let site = tmp.path("site");
    let out = dangjian(&["init", s(&site), "--git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(site.join(".git").is_dir());
    let hook = site.join(".git/hooks/pre-commit");
    let text = std::fs::read_to_string(&hook).expect("pre-commit hook");
    assert!(text.contains("dangjian"), "{text}");
    assert!(text.starts_with("#!"), "{text}");
    let mode = std::fs::metadata(&hook).unwrap().permissions().mode();
    assert_ne!(mode & 0o111, 0, "hook not executable: {mode:o}");
    assert_passes(&site);

    // The hook runs the check: it passes on the new site and fails once a record is broken.
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run_hook = || {
        Command::new(&hook)
            .current_dir(&site)
            .env("PATH", &path)
            .stdin(Stdio::null())
            .output()
            .expect("run hook")
    };
    let out = run_hook();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(
        site.join("content/branches/diyi.toml"),
        "name = \"第一党支部\"\n",
    )
    .unwrap();
    let out = run_hook();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// new

#[test]
fn new_activity_writes_the_documented_path() {
    let site = TestSite::minimal();
    let out = run(
        &site,
        &[
            "new",
            "activity",
            "--branch",
            "alpha",
            "--kind",
            "主题党日",
            "--title",
            "五月主题党日",
            "--date",
            "2024-05-20",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rel = "content/activities/2024/2024-05-20-alpha-zhuti-dangri.md";
    assert_eq!(stdout(&out), rel);
    let text = site.read(rel);
    assert!(text.contains("title = \"五月主题党日\""), "{text}");
    assert!(text.contains("date = 2024-05-20"), "{text}");
    assert_passes_but_placeholders(&site.root);

    // The same day and kind again: a new file, the first one untouched.
    let out = run(
        &site,
        &[
            "new",
            "activity",
            "--branch",
            "alpha",
            "--kind",
            "主题党日",
            "--title",
            "第二次",
            "--date",
            "2024-05-20",
            // Not the default 14:30 of the first one, which would be warned as `overlap`.
            "--time",
            "09:00",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "content/activities/2024/2024-05-20-alpha-zhuti-dangri-2.md"
    );
    assert_eq!(site.read(rel), text);
    assert_passes_but_placeholders(&site.root);
}

#[test]
fn new_lecture_activity_has_lecturer_and_subject() {
    let site = TestSite::minimal();
    let out = run(
        &site,
        &[
            "new",
            "activity",
            "--branch",
            "beta",
            "--kind",
            "党课",
            "--title",
            "党章学习",
            "--date",
            "2024-06-03",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rel = "content/activities/2024/2024-06-03-beta-dangke.md";
    assert_eq!(stdout(&out), rel);
    let text = site.read(rel);
    assert!(text.contains("lecturer = "), "{text}");
    assert!(text.contains("subject = "), "{text}");
    assert_passes_but_placeholders(&site.root);
}

#[test]
fn new_activity_escapes_quotes_in_values() {
    let site = TestSite::minimal();
    let out = run(
        &site,
        &[
            "new",
            "activity",
            "--branch",
            "alpha",
            "--kind",
            "主题党日",
            "--title",
            "学习\"两学一做\"\\ 精神\n第二行",
            "--place",
            "三楼 \"会议室\"",
            "--date",
            "2024-07-01",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_passes_but_placeholders(&site.root);
}

#[test]
fn new_activity_refuses_bad_arguments() {
    let site = TestSite::minimal();
    let before = snapshot(&site.root);
    for (args, part) in [
        (
            vec!["--branch", "alpha", "--kind", "主题党曰", "--title", "x"],
            "是否应为“主题党日”？",
        ),
        (
            vec![
                "--branch",
                "alpha",
                "--kind",
                "主题党日",
                "--title",
                "x",
                "--expected",
                "3",
                "--present",
                "4",
            ],
            "多于应到",
        ),
    ] {
        let mut all = vec!["new", "activity", "--date", "2024-05-01"];
        all.extend(args);
        let out = run(&site, &all);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("[usage]"), "{}", stderr(&out));
        assert!(stderr(&out).contains(part), "{}", stderr(&out));
    }
    assert_eq!(snapshot(&site.root), before);
}

#[test]
fn new_notice_takes_the_next_free_number() {
    let site = TestSite::minimal();
    let out = run(
        &site,
        &[
            "new",
            "notice",
            "--title",
            "关于开展义诊活动的通知",
            "--date",
            "2024-06-01",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rel = "content/notices/2024/3.md";
    assert_eq!(stdout(&out), rel);
    let text = site.read(rel);
    assert!(text.contains("number = 3"), "{text}");
    assert!(text.contains("date = 2024-06-01"), "{text}");
    assert_passes_but_placeholders(&site.root);

    // 信函 format, and a year without notices starts at 1
    let out = run(
        &site,
        &[
            "new",
            "notice",
            "--title",
            "函",
            "--format",
            "信函",
            "--date",
            "2023-06-01",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "content/notices/2023/1.md");
    assert_passes_but_placeholders(&site.root);

    let out = run(
        &site,
        &[
            "new",
            "notice",
            "--title",
            "x",
            "--format",
            "公告",
            "--date",
            "2024-06-01",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("[usage]"), "{}", stderr(&out));
}

#[test]
fn new_brand_writes_the_documented_path() {
    let site = TestSite::minimal();
    let out = run(
        &site,
        &[
            "new",
            "brand",
            "hongxin",
            "--branch",
            "beta",
            "--name",
            "红心服务",
            "--slogan",
            "服务为先",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rel = "content/brands/hongxin.md";
    assert_eq!(stdout(&out), rel);
    assert!(site.read(rel).contains("branch = \"beta\""));
    assert_passes_but_placeholders(&site.root);

    for args in [
        vec!["HongXin", "--branch", "beta"],
        vec!["hongxin2", "--branch", "betx"],
    ] {
        let mut all = vec!["new", "brand"];
        all.extend(args);
        all.extend(["--name", "x", "--slogan", "y"]);
        let out = run(&site, &all);
        assert_eq!(out.status.code(), Some(1), "{all:?}");
        assert!(stderr(&out).contains("[usage]"), "{}", stderr(&out));
    }
}

#[test]
fn new_branch_writes_the_documented_path() {
    let site = TestSite::minimal();
    let out = run(
        &site,
        &[
            "new",
            "branch",
            "gamma",
            "--name",
            "第三党支部",
            "--category",
            "医技",
            "--department",
            "检验科",
            "--secretary",
            "孙丽",
            "--heads-department",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rel = "content/branches/gamma.toml";
    assert_eq!(stdout(&out), rel);
    let text = site.read(rel);
    assert!(text.contains("heads_department = true"), "{text}");
    assert_passes(&site.root);

    let out = run(
        &site,
        &[
            "new",
            "branch",
            "delta",
            "--name",
            "第四党支部",
            "--category",
            "后勤",
            "--department",
            "总务科",
            "--secretary",
            "钱七",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("[usage]"), "{}", stderr(&out));
    assert!(!site.path("content/branches/delta.toml").exists());
}

/// `new` on a fresh `init` site, with the default date (today).
#[test]
fn new_on_an_init_site() {
    let tmp = TestSite::empty();
    let site = tmp.path("site");
    let out = dangjian(&["init", s(&site), "--no-git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = dangjian(&[
        "--root",
        s(&site),
        "new",
        "activity",
        "--branch",
        "diyi",
        "--kind",
        "党课",
        "--title",
        "党课",
        // The example activity of `init` is today at 14:30-16:00, the default time of `new`.
        "--time",
        "09:00",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = dangjian(&["--root", s(&site), "new", "notice", "--title", "通知"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).ends_with("/2.md"), "{}", stdout(&out));
    assert_passes_but_placeholders(&site);
}

#[test]
fn new_without_a_site_fails_cleanly() {
    let tmp = TestSite::empty();
    let out = run(&tmp, &["new", "notice", "--title", "x"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(snapshot(&tmp.root).is_empty());
}

// ---------------------------------------------------------------------------------------------
// check: --quiet, --format json

fn with_warning() -> TestSite {
    let site = TestSite::minimal();
    site.replace(ACT, "kind = \"主题党日\"", "kind = \"读书会\"");
    site
}

#[test]
fn quiet_hides_warnings() {
    let site = with_warning();
    let loud = run(&site, &["check"]);
    assert_eq!(loud.status.code(), Some(0));
    assert!(
        stderr(&loud).contains("警告[unknown-kind]"),
        "{}",
        stderr(&loud)
    );

    for args in [&["--quiet", "check"][..], &["check", "-q"][..]] {
        let quiet = run(&site, args);
        assert_eq!(quiet.status.code(), Some(0));
        assert!(!stderr(&quiet).contains("警告["), "{}", stderr(&quiet));
        assert!(
            !stderr(&quiet).contains("unknown-kind"),
            "{}",
            stderr(&quiet)
        );
    }

    let json = run(&site, &["check", "--quiet", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0));
    assert!(!stdout(&json).contains("\"warning\""), "{}", stdout(&json));

    // Errors are still shown.
    site.replace(ACT, "branch = \"alpha\"", "branch = \"alphx\"");
    let quiet = run(&site, &["--quiet", "check"]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(
        stderr(&quiet).contains("错误[unknown-reference]"),
        "{}",
        stderr(&quiet)
    );
    assert!(!stderr(&quiet).contains("警告["), "{}", stderr(&quiet));
}

/// `--quiet` is "print only errors": with nothing but warnings, nothing at all is printed (the
/// pre-commit hook runs `check --quiet` on every commit).
#[test]
fn quiet_prints_nothing_without_errors() {
    let site = with_warning();
    let quiet = run(&site, &["--quiet", "check"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(stderr(&quiet), "", "--quiet printed something");
    assert_eq!(stdout(&quiet), "");
}

#[test]
fn json_lines_have_exactly_the_documented_keys() {
    let site = with_warning();
    site.replace(ACT, "branch = \"alpha\"", "branch = \"alphx\"");
    site.write("content/foo/x.md", "+++\n+++\n");
    site.replace("site.toml", "[site]", "[site]\ntitel = \"x\"");
    let out = run(&site, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 4, "{text}");
    let mut severities = Vec::new();
    for line in &lines {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        let obj = v.as_object().expect("an object");
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "code", "column", "file", "hint", "line", "message", "severity"
            ],
            "{line}"
        );
        assert!(obj["file"].is_string(), "{line}");
        assert!(obj["line"].is_u64(), "{line}");
        assert!(obj["column"].is_u64(), "{line}");
        assert!(obj["code"].is_string(), "{line}");
        assert!(obj["message"].is_string(), "{line}");
        assert!(obj["hint"].is_string() || obj["hint"].is_null(), "{line}");
        let sev = obj["severity"].as_str().unwrap();
        assert!(sev == "error" || sev == "warning", "{line}");
        severities.push(sev.to_owned());
    }
    assert!(severities.iter().any(|s| s == "error"));
    assert!(severities.iter().any(|s| s == "warning"));
    // JSON goes to stdout only; nothing of it on stderr.
    assert!(!stderr(&out).contains("\"code\""), "{}", stderr(&out));
}

#[test]
fn json_is_empty_for_a_clean_site_without_rules() {
    let site = TestSite::minimal();
    let (code, diags) = check_root(&site.root);
    assert_eq!(code, 0);
    assert!(non_rule(&diags).is_empty(), "{diags:#?}");
}

#[test]
fn check_outside_a_site() {
    let tmp = TestSite::empty();
    let out = run(&tmp, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("site.toml"), "{}", stderr(&out));
}

#[test]
fn bad_command_line_is_exit_2() {
    let site = TestSite::minimal();
    for args in [
        &["check", "--format", "xml"][..],
        &["check", "--as-of", "2024-02-30"][..],
        &["frobnicate"][..],
        &["--quiet", "--verbose", "check"][..],
    ] {
        let out = run(&site, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let out = run(&site, &["--help"]);
    assert_eq!(out.status.code(), Some(0));
}
