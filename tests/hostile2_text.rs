//! Hostile input, round two (issue 13, items 5, 6, 9, 13, 16, 17): forged git history,
//! terminal control in human output, the notice-title breaker, typst errors located at the
//! record, signals while typst runs, and a closed pipe.

mod common;

use std::path::Path;
use std::process::Command;

use common::TestSite;

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
