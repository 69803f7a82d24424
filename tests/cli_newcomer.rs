//! What a newcomer trips on (issue 11 item 5) and what `new` must never write (issue 13 item
//! 14): the site found from a subfolder, `init`'s names and first commit, `new activity`'s
//! branch names, kinds and absentees, the commented templates, the pre-commit hook without
//! dangjian, and `new` refusing what `check` refuses.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::{BIN, TestSite, assert_one};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Runs the binary in `dir` without `--root`, stdin closed.
fn in_dir(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run dangjian")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Every file below `dir` (relative, sorted) with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).expect("read");
        out.push((
            entry.strip_prefix(dir).expect("inside").to_path_buf(),
            bytes,
        ));
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn check_passes(root: &Path) {
    let out = in_dir(root, &["check", "--format", "json"]);
    let diags = support::parse_diagnostics(&out.stdout);
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.code != "rule" && d.code != "placeholder")
        .collect();
    assert_eq!(out.status.code(), Some(0), "{errors:#?}");
    assert!(errors.is_empty(), "{errors:#?}");
}

// ---------------------------------------------------------------------------------------------
// Issue 13 item 14: `new` validates with check's rules before it writes.

/// `new activity` with `extra`, which check refuses: exit 1, nothing written, and the same
/// diagnostic (code, file, line, column, message, hint) that `check` gives for that record.
fn assert_new_refuses_like_check(extra: &[&str], file: &str, edit: (&str, &str)) {
    let site = TestSite::minimal();
    let base = [
        "new",
        "activity",
        "--branch",
        "alpha",
        "--kind",
        "主题党日",
        "--title",
        "学习",
    ];

    // What check says about the record `new` would write: write it with a valid value, then
    // put the bad value in by hand.
    let probe = TestSite::minimal();
    let mut args = base.to_vec();
    args.extend(["--date", "2024-06-01"]);
    let out = probe.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = stdout(&out);
    let text = probe.read(&written).replace(edit.0, edit.1);
    probe.remove(&written);
    probe.write(file, &text);
    let (code, diags) = probe.check_json();
    assert_eq!(code, 1, "{diags:#?}");
    // The template's placeholder text is a warning of its own; the error is what new refuses.
    let expected: Vec<_> = diags
        .iter()
        .filter(|d| d.file == file && d.severity == "error")
        .collect();
    assert_eq!(expected.len(), 1, "{diags:#?}");
    let expected = expected[0];

    let before = snapshot(&site.root);
    let mut args = base.to_vec();
    args.extend(extra);
    let out = site.run(&args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(snapshot(&site.root), before, "new wrote something: {err}");
    let location = if expected.line == 0 {
        format!("  --> {file}\n")
    } else {
        format!("  --> {file}:{}:{}\n", expected.line, expected.column)
    };
    let head = format!("错误[{}]: {}\n", expected.code, expected.message);
    assert!(
        err.starts_with(&head),
        "expected {head:?} at the start of:\n{err}"
    );
    assert!(err.contains(&location), "expected {location:?} in:\n{err}");
    let hint = expected.hint.as_deref().expect("check gives a hint");
    assert!(err.contains(&format!("   = 提示：{hint}\n")), "{err}");
    assert!(
        err.contains("未写入任何文件：check 会拒绝这条记录"),
        "{err}"
    );
}

#[test]
fn new_refuses_a_date_check_refuses() {
    assert_new_refuses_like_check(
        &["--date", "0001-01-01"],
        "content/activities/1/0001-01-01-alpha-zhuti-dangri.md",
        ("date = 2024-06-01", "date = 0001-01-01"),
    );
    assert_new_refuses_like_check(
        &["--date", "9999-12-31"],
        "content/activities/9999/9999-12-31-alpha-zhuti-dangri.md",
        ("date = 2024-06-01", "date = 9999-12-31"),
    );
}

#[test]
fn new_refuses_a_time_check_refuses() {
    assert_new_refuses_like_check(
        &["--date", "2024-06-01", "--time", "25:99"],
        "content/activities/2024/2024-06-01-alpha-zhuti-dangri.md",
        ("time = \"14:30\"", "time = \"25:99\""),
    );
}

// ---------------------------------------------------------------------------------------------
// The site root is found upward; messages show real paths.

#[test]
fn commands_find_the_site_from_a_subfolder() {
    let site = TestSite::minimal();
    let sub = site.path("content/activities/2024");
    let out = in_dir(&sub, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = in_dir(
        &sub,
        &["new", "notice", "--title", "通知", "--date", "2024-06-01"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "content/notices/2024/3.md");
    assert!(site.path("content/notices/2024/3.md").is_file());
    assert!(!sub.join("content").exists());
}

#[test]
fn outside_a_site_the_message_names_the_folder() {
    let tmp = TestSite::empty();
    let out = in_dir(&tmp.root, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("找不到 site.toml"), "{err}");
    let real = std::fs::canonicalize(&tmp.root).expect("canonical");
    assert!(
        err.contains(s(&tmp.root)) || err.contains(s(&real)),
        "the folder is not named: {err}"
    );
    assert!(!err.contains("当前目录：.）"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// init: names, .gitignore, first commit, hook.

#[test]
fn init_takes_the_hospital_committee_and_doc_prefix() {
    let tmp = TestSite::empty();
    let site = tmp.path("site");
    let out = in_dir(
        &tmp.root,
        &[
            "init",
            "site",
            "--name",
            "澄州市\"中医院",
            "--committee",
            "中共澄州市中医院委员会",
            "--doc-prefix",
            "澄中医党",
            "--no-git",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let config = std::fs::read_to_string(site.join("site.toml")).expect("site.toml");
    assert!(
        config.contains("name = \"中共澄州市中医院委员会\""),
        "{config}"
    );
    // A quote in a name does not end the TOML string (the toml crate writes a literal string).
    assert!(config.contains("hospital = '澄州市\"中医院'"), "{config}");
    assert!(config.contains("doc_prefix = \"澄中医党\""), "{config}");
    check_passes(&site);

    // Without flags and without a terminal: the defaults, no question waits for an answer.
    let out = in_dir(&tmp.root, &["init", "plain", "--no-git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let config = std::fs::read_to_string(tmp.path("plain/site.toml")).expect("site.toml");
    assert!(config.contains("name = \"中共示例医院委员会\""), "{config}");
    assert!(config.contains("doc_prefix = \"党委\""), "{config}");
    assert!(!stderr(&out).contains("医院名称（"), "{}", stderr(&out));
}

/// A git with no user configuration at all, as on a new office PC.
fn bare_git(cmd: &mut Command, home: &Path) {
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("GIT_COMMITTER_EMAIL")
        .env_remove("EMAIL");
}

#[cfg(unix)]
#[test]
fn init_git_makes_the_first_commit_and_ignores_the_cache() {
    let tmp = TestSite::empty();
    let home = tmp.path("home");
    std::fs::create_dir_all(&home).expect("home");
    let site = tmp.path("site");
    let mut cmd = Command::new(BIN);
    cmd.args(["init", s(&site), "--git"])
        .stdin(Stdio::null())
        .env_remove("RUST_BACKTRACE");
    bare_git(&mut cmd, &home);
    let out = cmd.output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let git = |args: &[&str]| {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(&site).args(args);
        bare_git(&mut cmd, &home);
        cmd.output().expect("git")
    };
    let log = git(&["log", "--format=%s"]);
    assert_eq!(
        stdout(&log),
        "新建党建站点（dangjian init）",
        "{}",
        stderr(&log)
    );
    let status = git(&["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(stdout(&status), "", "files left out of the first commit");
    let tracked = stdout(&git(&["ls-files"]));
    assert!(tracked.contains("site.toml"), "{tracked}");
    assert!(tracked.contains("content/branches/diyi.toml"), "{tracked}");

    let ignore = std::fs::read_to_string(site.join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "/.cache/"), "{ignore}");
    for path in [".cache/search/x", "output/index.html"] {
        let out = git(&["check-ignore", "--quiet", path]);
        assert_eq!(out.status.code(), Some(0), "{path} is not ignored");
    }
}

#[cfg(unix)]
#[test]
fn pre_commit_hook_says_it_did_not_check_without_dangjian() {
    let tmp = TestSite::empty();
    let site = tmp.path("site");
    let out = in_dir(&tmp.root, &["init", "site", "--git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A PATH with git but without dangjian.
    let git = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .expect("sh")
            .stdout,
    )
    .expect("utf-8");
    let git_dir = Path::new(git.trim()).parent().expect("git dir");
    assert!(!git_dir.join("dangjian").exists());
    let out = Command::new(site.join(".git/hooks/pre-commit"))
        .current_dir(&site)
        .env("PATH", git_dir)
        .stdin(Stdio::null())
        .output()
        .expect("run hook");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("pre-commit：本次提交没有检查记录——找不到 dangjian 程序（不在 PATH 中）。"),
        "{err}"
    );
    assert!(
        err.contains("请安装 dangjian，或把它所在的文件夹加入 PATH"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// new activity: kinds, branch names, lecturer, subject, absentees.

#[test]
fn new_activity_lists_the_kinds_when_one_is_wrong() {
    let site = TestSite::minimal();
    let out = site.run(&[
        "new",
        "activity",
        "--branch",
        "alpha",
        "--kind",
        "主题党日活动",
        "--title",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("活动类型“主题党日活动”不在配置的类型列表中；是否应为“主题党日”？可选：支部党员大会、支部委员会、党小组会、党课、主题党日、"),
        "{err}"
    );
}

#[test]
fn new_activity_accepts_a_branch_name_and_says_which_id() {
    let site = TestSite::minimal();
    for (given, said) in [
        ("第一党支部", "支部“第一党支部”即 alpha（第一党支部）"),
        ("一支部", "支部“一支部”即 alpha（第一党支部）"),
    ] {
        let out = site.run(&[
            "new",
            "activity",
            "--branch",
            given,
            "--kind",
            "主题党日",
            "--title",
            "学习",
            "--date",
            "2024-06-01",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
        let text = site.read(&stdout(&out));
        assert!(text.contains("branch = \"alpha\""), "{text}");
    }
    let out = site.run(&[
        "new",
        "activity",
        "--branch",
        "第一支部",
        "--kind",
        "主题党日",
        "--title",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("未知的支部 `第一支部`；是否应为"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn new_activity_writes_lecturer_subject_and_absentees() {
    let site = TestSite::minimal();
    let out = site.run(&[
        "new",
        "activity",
        "--branch",
        "alpha",
        "--kind",
        "党课",
        "--title",
        "党课：学习党章",
        "--date",
        "2024-06-01",
        "--lecturer",
        "李华",
        "--subject",
        "新时代党章学习",
        "--absent",
        "王珂:外出进修",
        "--absent",
        "赵敏：值班",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rel = stdout(&out);
    let text = site.read(&rel);
    assert!(text.contains("lecturer = \"李华\""), "{text}");
    assert!(text.contains("subject = \"新时代党章学习\""), "{text}");
    assert!(
        text.contains(
            "absentees = [{ name = \"王珂\", reason = \"外出进修\" }, { name = \"赵敏\", reason = \"值班\" }]"
        ),
        "{text}"
    );
    // 11 members on that date, two absent.
    assert!(text.contains("expected = 11 "), "{text}");
    assert!(text.contains("present = 9 "), "{text}");
    let (code, diags) = site.check_json();
    let about: Vec<_> = diags.iter().filter(|d| d.file == rel).collect();
    assert_eq!(code, 0, "{diags:#?}");
    assert!(about.iter().all(|d| d.code == "placeholder"), "{about:#?}");
}

// ---------------------------------------------------------------------------------------------
// The files init and new write explain themselves and pass check.

#[test]
fn written_records_carry_chinese_comments_and_pass_check() {
    let tmp = TestSite::empty();
    let site = tmp.path("site");
    let out = in_dir(&tmp.root, &["init", "site", "--no-git"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let activity = walk(&site.join("content/activities"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("an activity");
    let text = std::fs::read_to_string(&activity).expect("read");
    for part in [
        "# 记录人",
        "# 主持人",
        "# 应到人数",
        "# absentees = [",
        "# guests = [",
        "# tags = [",
        "# attachments = [",
    ] {
        assert!(
            text.contains(part),
            "{part} missing in {}:\n{text}",
            activity.display()
        );
    }
    let branch = std::fs::read_to_string(site.join("content/branches/diyi.toml")).expect("read");
    for part in ["# 支部书记", "# 正式党员", "# [committee]", "# [[members]]"] {
        assert!(branch.contains(part), "{part} missing:\n{branch}");
    }
    let config = std::fs::read_to_string(site.join("site.toml")).expect("read");
    assert!(config.contains("# 机关代字"), "{config}");

    for args in [
        &[
            "new",
            "activity",
            "--branch",
            "diyi",
            "--kind",
            "主题党日",
            "--title",
            "学习",
        ][..],
        &["new", "notice", "--title", "关于开展学习的通知"][..],
        &[
            "new",
            "branch",
            "dier",
            "--name",
            "第二党支部",
            "--category",
            "护理",
            "--department",
            "护理部",
            "--secretary",
            "李华",
        ][..],
        &[
            "new",
            "brand",
            "huli-xianfeng",
            "--branch",
            "dier",
            "--name",
            "护理先锋",
            "--slogan",
            "用心护理",
        ][..],
    ] {
        let out = in_dir(&site, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let text = std::fs::read_to_string(site.join(stdout(&out))).expect("written");
        assert!(text.contains("  # "), "{args:?}: no comment:\n{text}");
        assert!(
            text.contains("\n# "),
            "{args:?}: no commented-out example:\n{text}"
        );
    }
    let activity = walk(&site.join("content/activities"))
        .into_iter()
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .find(|t| t.contains("title = \"学习\""))
        .expect("new activity");
    for part in [
        "# 记录人",
        "# absentees = [",
        "# guests = [",
        "# tags = [",
        "# attachments = [",
    ] {
        assert!(activity.contains(part), "{part} missing:\n{activity}");
    }
    check_passes(&site);
}

/// The commented-out examples are real fields: uncommented, they still pass (an example the
/// officer copies must not be wrong).
#[test]
fn commented_examples_are_valid_when_uncommented() {
    let site = TestSite::minimal();
    site.write("content/attachments/签到表.jpg", "jpg");
    let out = site.run(&[
        "new",
        "activity",
        "--branch",
        "alpha",
        "--kind",
        "主题党日",
        "--title",
        "学习",
        "--date",
        "2024-06-01",
        "--expected",
        "11",
        "--present",
        "10",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rel = stdout(&out);
    let text = site
        .read(&rel)
        .replace("# absentees", "absentees")
        .replace("# guests", "guests")
        .replace("# tags", "tags")
        .replace("# attachments", "attachments");
    site.write(&rel, &text);
    let (_, diags) = site.check_json();
    let about: Vec<_> = diags
        .iter()
        .filter(|d| d.file == rel && d.code != "placeholder")
        .collect();
    assert!(about.is_empty(), "{about:#?}\n{text}");
    let _ = assert_one;
}

/// On a terminal `init` asks for the three names (an empty answer takes the default) and
/// whether to use git. The terminal is util-linux `script`, which gives the child a pty.
#[cfg(target_os = "linux")]
#[test]
fn init_asks_for_the_names_on_a_terminal() {
    use std::io::Write;

    let tmp = TestSite::empty();
    let command = format!("'{BIN}' init site");
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(&tmp.root)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` is needed for this test: apt-get install util-linux");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("澄州市中医院\n\n澄中医党\nn\n".as_bytes())
        .expect("answers");
    let out = child.wait_with_output().expect("script");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    for question in [
        "医院名称（直接回车使用“示例医院”）：",
        "党委全称（发文机关）（直接回车使用“中共澄州市中医院委员会”）：",
        "机关代字（用于文号，如 澄中医党）（直接回车使用“党委”）：",
        "是否把站点初始化为 git 仓库",
    ] {
        assert!(shown.contains(question), "{question} not asked:\n{shown}");
    }
    let config = std::fs::read_to_string(tmp.path("site/site.toml")).expect("site.toml");
    assert!(
        config.contains("name = \"中共澄州市中医院委员会\""),
        "{config}"
    );
    assert!(config.contains("hospital = \"澄州市中医院\""), "{config}");
    assert!(config.contains("doc_prefix = \"澄中医党\""), "{config}");
    assert!(!tmp.path("site/.git").exists(), "answered no to git");
}
