//! Hostile input, round two (issue 13, items 5, 6, 9, 13, 16, 17): forged git history,
//! terminal control in human output, the notice-title breaker, typst errors located at the
//! record, signals while typst runs, and a closed pipe.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use support::{BIN, TestSite};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=张明", "-c", "user.email=zm@example.org"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .status()
        .expect("git is needed for this test: run bash scripts/setup.sh --for-tests");
    assert!(status.success(), "git {args:?}");
}

// --------------------------------------------------------------------- item 5: git history

/// A commit message that held the record and field separators of the old `git log` format
/// made a second, invented entry (author 党委书记王某某, 2020-01-01).
#[test]
fn commit_message_cannot_forge_a_history_entry() {
    let site = TestSite::empty();
    site.write("content/activities/a.md", "正文\n");
    git(&site.root, &["init", "-q"]);
    git(&site.root, &["add", "content"]);
    let forged = format!(
        "补记\u{1e}{}\u{1f}2020-01-01T00:00:00+08:00\u{1f}党委书记王某某\u{1f}伪造的修订\n\ncontent/activities/a.md",
        "f".repeat(40)
    );
    git(&site.root, &["commit", "-q", "-m", &forged]);
    let h = dangjian::history::History::read(&site.root);
    assert_eq!(h.recent.len(), 1, "{:#?}", h.recent);
    let change = &h.recent[0];
    assert_eq!(change.author, "张明");
    assert!(
        change.subject.starts_with("补记\u{1e}"),
        "{:?}",
        change.subject
    );
    assert_eq!(change.files, ["content/activities/a.md"]);
    let record = h
        .of("content/activities/a.md")
        .expect("history of the record");
    assert_eq!((record.author.as_str(), record.commits), ("张明", 1));
    assert_ne!(record.created, "2020-01-01");
}

// ------------------------------------------------------------------- item 17: closed pipe

/// `dangjian stats | head`: the reader goes away; the program ends quietly with success, as
/// other Unix tools do (it panicked on the broken pipe).
#[test]
fn closed_pipe_ends_stats_quietly() {
    let site = TestSite::demo();
    for format in ["table", "csv", "json"] {
        let mut child = Command::new(BIN)
            .arg("--root")
            .arg(&site.root)
            .args(["stats", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run dangjian");
        // The reader is gone before the program writes its first byte (it loads the site
        // first), so the first write meets a closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.trim().is_empty(), "--format {format}: {err}");
        assert_eq!(out.status.code(), Some(0), "--format {format}: {err}");
    }
}

// ------------------------------------------------------------ item 6: terminal output

/// ESC sequences (here: hidden text, a right-to-left override) and a zero-width space in
/// record values reached the terminal as they were through `check`'s human output; they are
/// shown escaped, in messages, hints, source lines and the caret under them.
#[test]
fn record_text_reaches_the_terminal_escaped() {
    let site = TestSite::minimal();
    let dangke = "content/activities/2024/2024-04-10-alpha-dangke.md";
    site.replace(dangke, "branch = \"alpha\"", "branch = \"alpha\u{200b}\"");
    site.replace(
        "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md",
        "kind = \"主题党日\"",
        "kind = \"\\u001b]0;标题\\u0007\\u001b[8m隐藏\\u202e\"",
    );
    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    for raw in ['\u{1b}', '\u{7}', '\u{200b}', '\u{202e}'] {
        assert!(!err.contains(raw), "raw {raw:?} in:\n{err}");
    }
    assert!(
        err.contains("未知的支部 `alpha\\u{200b}`"),
        "message shows the zero-width space:\n{err}"
    );
    assert!(
        err.contains("“\\u{1b}]0;标题\\u{7}\\u{1b}[8m隐藏\\u{202e}”"),
        "message shows the ESC sequences:\n{err}"
    );
    // The source line with the character escaped, and the caret as wide as what is shown.
    let shown = " 3 | branch = \"alpha\\u{200b}\"\n   |          ^^^^^^^^^^^^^^^\n";
    assert!(err.contains(shown), "snippet:\n{err}");
}

// ------------------------------------------------------ item 9: the notice-title breaker

/// A title of 2,080 characters kept the title breaker busy for 84 s before typst started (and
/// so outside `[pdf] timeout_seconds`); 39,000 took 1.2 GB. A title is at most 300
/// characters, reported at the field.
#[test]
fn overlong_titles_are_reported_at_the_field() {
    let site = TestSite::minimal();
    let long = "关于开展“三强三优”行动的通知".repeat(160);
    site.replace(
        "content/notices/2024/1.md",
        "title = \"关于开展主题党日活动的通知\"",
        &format!("title = \"{long}\""),
    );
    site.replace(
        "content/checklists/kaohe.toml",
        "title = \"考核清单\"",
        &format!("title = \"{}\"", "考".repeat(301)),
    );
    let (code, diags) = site.check_json();
    assert_eq!(code, 1, "{diags:#?}");
    let found: Vec<_> = diags.iter().filter(|d| d.code == "invalid-value").collect();
    assert_eq!(found.len(), 2, "{diags:#?}");
    let n = long.chars().count();
    let checklist = found
        .iter()
        .find(|d| d.file == "content/checklists/kaohe.toml")
        .expect("the checklist's title");
    assert_eq!((checklist.line, checklist.column), (1, 9), "{checklist:#?}");
    assert_eq!(
        checklist.message,
        "字段 `title` 过长：301 个字，上限 300 个字"
    );
    let d = found
        .iter()
        .find(|d| d.file == "content/notices/2024/1.md")
        .expect("the notice's title");
    assert_eq!((d.line, d.column), (4, 9), "{d:#?}");
    assert_eq!(
        d.message,
        format!("字段 `title` 过长：{n} 个字，上限 300 个字")
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("公文标题一般不超过 100 个字；把说明性的文字写进正文")
    );
}

/// The breaker itself, given what no record can hold any more: done at once, whatever the
/// length (it was super-linear: 2,080 characters took 84 s).
#[test]
fn title_breaker_is_fast_on_any_length() {
    use dangjian::title::{LINE_EM, MAX_CHARS, balance};
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        for unit in ["关于开展“三强三优”行动的通知", "a关b于c", "中"] {
            for len in [MAX_CHARS, 2_080, 40_000] {
                let title: String = unit.chars().cycle().take(len).collect();
                let lines = balance(&title, LINE_EM);
                assert_eq!(lines.concat(), title);
            }
        }
        let _ = tx.send(started.elapsed());
    });
    let took = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the title breaker did not finish within 10 s");
    assert!(took.as_secs_f64() < 2.0, "{took:?}");
}

// ---------------------------------------------------------- item 16: signals and typst

/// Whether process `pid` runs (a zombie has ended; it only waits to be reaped).
fn alive(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.trim().chars().next());
    !matches!(state, Some('Z' | 'X') | None)
}

/// SIGTERM or SIGINT to `dangjian build` while typst runs left typst (in a process group of
/// its own) running. A stand-in typst that waits, with a child of its own, shows it: after the
/// signal, both are gone, and dangjian ended by the signal.
#[cfg(unix)]
#[test]
fn signal_to_dangjian_ends_the_typst_it_started() {
    use std::os::unix::process::ExitStatusExt;
    use std::time::{Duration, Instant};
    for (name, signal) in [("TERM", 15), ("INT", 2)] {
        let site = TestSite::minimal();
        std::fs::create_dir_all(site.path(".fonts")).expect("mkdir .fonts");
        let pids = site.path("typst-pids");
        site.write(
            "fake-typst",
            "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'typst 0.15.1 (stand-in)'; exit 0; fi\nsleep 300 &\necho \"$$ $!\" >> \"$PIDS\"\nwait\n",
        );
        let fake = site.path("fake-typst");
        std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .expect("chmod");
        let mut child = Command::new(BIN)
            .arg("--root")
            .arg(&site.root)
            .args(["build"])
            .env("DANGJIAN_TYPST", &fake)
            .env("PIDS", &pids)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run dangjian");
        let started = Instant::now();
        let typst: Vec<u32> = loop {
            let text = std::fs::read_to_string(&pids).unwrap_or_default();
            let ids: Vec<u32> = text
                .split_whitespace()
                .filter_map(|t| t.parse().ok())
                .collect();
            if !ids.is_empty() {
                break ids;
            }
            if let Ok(Some(status)) = child.try_wait() {
                let out = child.wait_with_output().expect("wait");
                panic!(
                    "dangjian ended ({status}) before typst started:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "typst never started"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let status = Command::new("kill")
            .args([&format!("-{name}"), &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let status = child.wait().expect("wait");
        let deadline = Instant::now() + Duration::from_secs(10);
        while typst.iter().any(|p| alive(*p)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let left: Vec<u32> = typst.iter().copied().filter(|p| alive(*p)).collect();
        for p in &left {
            let _ = Command::new("kill")
                .args(["-KILL", &p.to_string()])
                .status();
        }
        assert!(
            left.is_empty(),
            "SIG{name}: typst processes {left:?} still ran"
        );
        assert_eq!(status.signal(), Some(signal), "SIG{name}: {status}");
    }
}

// ------------------------------------------------ item 13: typst errors at the record

/// `build --pdf KIND` of `site` with fonts; exit code and stderr.
fn build_pdf(site: &TestSite, kind: &str) -> (i32, String) {
    support::pdf::require();
    if !site.path(".fonts").exists() {
        support::pdf::link_fonts(&site.root);
    }
    let out = site.run(&["build", "--pdf", kind]);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const DANGKE: &str = "content/activities/2024/2024-04-10-alpha-dangke.md";

/// A 40,000-character run in an activity: typst's "PDF string longer than 32767" was reported
/// at the branch file without a line; now at the run, in the activity.
#[test]
fn overlong_text_run_is_reported_at_the_activity_line() {
    let site = TestSite::minimal();
    site.replace(
        DANGKE,
        "党课内容。",
        &format!("党课内容。\n\n{}", "x".repeat(40_000)),
    );
    let (code, err) = build_pdf(&site, "books");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("错误[typst]: 这里有一段 40000 个字符、中间没有空格或换行的文字，books/alpha-2024.pdf 无法生成"),
        "{err}"
    );
    assert!(err.contains(&format!("  --> {DANGKE}:16:1\n")), "{err}");
    assert!(!err.contains("content/branches/alpha.toml"), "{err}");
    assert!(
        err.contains("   = 提示：在这段文字中分段或加入空格，或删去重复的字符"),
        "{err}"
    );
}

/// Emphasis nested 300 deep made typst stop with "maximum parsing depth exceeded", reported
/// with only the branch file; nesting beyond 32 is now written as text, and the book is made.
#[test]
fn deeply_nested_emphasis_does_not_stop_the_pdf() {
    let site = TestSite::minimal();
    let nested = format!("{}x{}", "*a _a ".repeat(150), " a_ a*".repeat(150));
    site.replace(DANGKE, "党课内容。", &format!("党课内容。\n\n{nested}"));
    let (code, err) = build_pdf(&site, "books");
    assert_eq!(code, 0, "{err}");
    assert!(site.path("output/books/alpha-2024.pdf").is_file(), "{err}");
}

/// A combining mark no font has (U+20DD after `a`) also gave a missing-glyph error for `a`,
/// at the first `a` of the file (the `format` line). Only the mark is reported, at its place.
#[test]
fn combining_mark_is_reported_not_its_letter() {
    let site = TestSite::minimal();
    site.replace("content/notices/2024/1.md", "正文。", "正文：a\u{20dd}。");
    let (code, err) = build_pdf(&site, "notices");
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("U+0061"), "{err}");
    assert_eq!(err.matches("错误[missing-glyph]").count(), 1, "{err}");
    assert!(err.contains("字体中没有“\u{20dd}”（U+20DD）"), "{err}");
    assert!(
        err.contains("  --> content/notices/2024/1.md:7:5\n"),
        "{err}"
    );
}
