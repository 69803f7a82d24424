//! Saving records from the workbench's forms (issue 15 items 3 and 4): editing keeps every
//! byte the form did not change, a save is refused with `check`'s own diagnostic, on a conflict
//! or onto another record, and each save, rename or delete is one git commit by the person.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use dangjian::diagnostics::{Code, Diagnostic, Pos};
use dangjian::workbench_records::backup;
use dangjian::workbench_records::document::Document;
use dangjian::workbench_records::field_of::field_of;
use dangjian::workbench_records::git::{self, Author};
use dangjian::workbench_records::save::{self, Change, Refused, Version, version_of};
use support::TestSite;
use toml_edit::{Item, Table, Value};

const ACTIVITY: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";

fn run_git(root: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "user.name=初始化",
            "-c",
            "user.email=init@example.org",
        ])
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .unwrap_or_else(|e| support::missing(&format!("git ({e})")));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The minimal fixture in a fresh git repository with one commit.
fn repo() -> TestSite {
    let site = TestSite::minimal();
    run_git(&site.root, &["init", "-q"]);
    run_git(&site.root, &["add", "-A"]);
    run_git(&site.root, &["commit", "-q", "-m", "初始"]);
    site
}

fn head(root: &Path) -> String {
    run_git(root, &["rev-parse", "HEAD"]).trim().to_owned()
}

fn person() -> Author {
    Author {
        name: "王秀英".to_owned(),
        email: "wang@example.org".to_owned(),
    }
}

fn change(site: &TestSite, rel: &str, text: String) -> Change {
    Change {
        old_rel: Some(rel.to_owned()),
        expected: version_of(&site.root, rel),
        new_rel: rel.to_owned(),
        text,
        author: person(),
        message: "修改活动记录".to_owned(),
    }
}

fn edited(site: &TestSite, rel: &str, edit: impl FnOnce(&mut Document)) -> String {
    let mut doc = Document::parse(rel, &site.read(rel)).expect("parse");
    edit(&mut doc);
    doc.to_text()
}

/// A value as a form makes it: no formatting of its own.
fn fresh(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::from(s.value().as_str()),
        Value::Integer(i) => Value::from(*i.value()),
        Value::Float(f) => Value::from(*f.value()),
        Value::Boolean(b) => Value::from(*b.value()),
        Value::Datetime(d) => Value::from(*d.value()),
        Value::Array(a) => Value::Array(a.iter().map(fresh).collect()),
        Value::InlineTable(t) => {
            Value::InlineTable(t.iter().map(|(k, v)| (k.to_owned(), fresh(v))).collect())
        }
    }
}

fn fresh_table(t: &Table) -> Table {
    let mut out = Table::new();
    for (k, item) in t.iter() {
        match item {
            Item::Value(v) => {
                out.insert(k, Item::Value(fresh(v)));
            }
            Item::Table(t) => {
                out.insert(k, Item::Table(fresh_table(t)));
            }
            Item::ArrayOfTables(rows) => {
                let mut aot = toml_edit::ArrayOfTables::new();
                for row in rows.iter() {
                    aot.push(fresh_table(row));
                }
                out.insert(k, Item::ArrayOfTables(aot));
            }
            Item::None => {}
        }
    }
    out
}

/// Sets every key below `prefix` to its own value, as a form saved unchanged would.
fn set_all(doc: &mut Document, item: &Item, prefix: &str) {
    let path = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match item {
        Item::Table(t) => {
            for (k, child) in t.iter() {
                set_all(doc, child, &path(k));
            }
        }
        Item::ArrayOfTables(rows) => {
            for (i, row) in rows.iter().enumerate() {
                for (k, child) in row.iter() {
                    set_all(doc, child, &format!("{prefix}.{i}.{k}"));
                }
            }
            doc.set_tables(prefix, rows.iter().map(fresh_table).collect());
        }
        Item::Value(Value::Array(a)) if a.iter().all(Value::is_inline_table) && !a.is_empty() => {
            let rows = a
                .iter()
                .filter_map(Value::as_inline_table)
                .map(|t| fresh_table(&t.clone().into_table()))
                .collect();
            doc.set_tables(prefix, rows);
            doc.set(prefix, fresh(&Value::Array(a.clone())));
        }
        Item::Value(v) => doc.set(prefix, fresh(v)),
        Item::None => {}
    }
}

#[test]
fn every_demo_record_survives_an_unchanged_form_byte_for_byte() {
    let repo = support::repo_root();
    let mut count = 0;
    for entry in walkdir(&repo.join("content")) {
        let rel = entry
            .strip_prefix(&repo)
            .expect("below the repository")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("content/attachments/")
            || !(rel.ends_with(".md") || rel.ends_with(".toml"))
        {
            continue;
        }
        let text = std::fs::read_to_string(&entry).expect("read");
        let mut doc = Document::parse(&rel, &text).unwrap_or_else(|d| panic!("{rel}: {d}"));
        set_all(&mut doc, &toml_front(&rel, &text), "");
        let body = doc.body().map(str::to_owned);
        if let Some(body) = body {
            doc.set_body(&body);
        }
        assert_eq!(doc.to_text(), text, "{rel} changed by an unchanged form");
        count += 1;
    }
    assert!(count > 2000, "only {count} demo records found");
}

fn toml_front(rel: &str, text: &str) -> Item {
    let toml = if rel.ends_with(".md") {
        let rest = text.split_once('\n').map_or("", |(_, r)| r);
        let end = rest.find("\n+++").map_or(0, |i| i + 1);
        &rest[..end]
    } else {
        text
    };
    let doc: toml_edit::DocumentMut = toml.parse().expect("front matter");
    doc.as_item().clone()
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_comment_survives_edits_of_other_keys_and_of_its_own_value() {
    let site = repo();
    site.replace(
        ACTIVITY,
        "place = \"会议室\"",
        "# 地点以通知为准\nplace = \"会议室\" # 二楼",
    );
    let text = edited(&site, ACTIVITY, |d| {
        d.set("title", Value::from("三月主题党日（修订）"));
        d.set("place", Value::from("党员活动室"));
    });
    assert!(
        text.contains("title = \"三月主题党日（修订）\"\n"),
        "{text}"
    );
    assert!(
        text.contains("# 地点以通知为准\nplace = \"党员活动室\" # 二楼\n"),
        "{text}"
    );
    let saved = save::save(&site.root, change(&site, ACTIVITY, text.clone())).expect("saved");
    assert_eq!(site.read(ACTIVITY), text);
    assert!(saved.commit.is_some());
    assert!(saved.commit_failed.is_none());
}

#[test]
fn an_unchanged_form_writes_nothing_and_commits_nothing() {
    let site = repo();
    let before = head(&site.root);
    let text = edited(&site, ACTIVITY, |d| {
        d.set("expected", Value::from("11"));
        d.set("title", Value::from("三月主题党日"));
    });
    let saved = save::save(&site.root, change(&site, ACTIVITY, text)).expect("saved");
    assert_eq!(saved.commit, None);
    assert_eq!(head(&site.root), before);
}

/// The errors `dangjian check` reports about `rel` when it holds `text`, on another copy.
fn check_says(rel: &str, text: &str) -> Vec<(u32, u32, String, String)> {
    let other = TestSite::minimal();
    other.write(rel, text);
    let (_, diags) = other.check_json();
    diags
        .into_iter()
        .filter(|d| d.file == rel && d.severity == "error")
        .map(|d| (d.line, d.column, d.code, d.message))
        .collect()
}

fn refused_invalid(r: Result<save::Saved, Refused>) -> Vec<dangjian::diagnostics::Diagnostic> {
    match r {
        Err(Refused::Invalid(d)) => d,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn an_impossible_date_is_refused_with_checks_diagnostic_and_nothing_is_written() {
    let site = repo();
    let before = (site.read(ACTIVITY), head(&site.root));
    // A date that does not exist is no TOML date value: the form's text goes into the file.
    let text = site
        .read(ACTIVITY)
        .replace("date = 2024-03-15", "date = 2024-02-30");
    let diags = refused_invalid(save::save(
        &site.root,
        change(&site, ACTIVITY, text.clone()),
    ));
    let got: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d.pos.line,
                d.pos.column,
                d.code.name().to_owned(),
                d.message.clone(),
            )
        })
        .collect();
    assert_eq!(got, check_says(ACTIVITY, &text));
    assert_eq!(diags[0].file, ACTIVITY);
    assert_eq!(diags[0].message, "日期不存在：该月只有 29 天");
    assert_eq!(field_of(&text, &diags[0]).as_deref(), Some("date"));
    assert_eq!((site.read(ACTIVITY), head(&site.root)), before);
    // The dry run says the same.
    let dry = save::check(&site.root, &change(&site, ACTIVITY, text));
    assert_eq!(dry.iter().filter(|d| d.is_error()).count(), diags.len());
}

#[test]
fn an_unknown_branch_is_refused_with_checks_diagnostic() {
    let site = repo();
    let before = site.read(ACTIVITY);
    let text = edited(&site, ACTIVITY, |d| d.set("branch", Value::from("alhpa")));
    let diags = refused_invalid(save::save(
        &site.root,
        change(&site, ACTIVITY, text.clone()),
    ));
    let got: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d.pos.line,
                d.pos.column,
                d.code.name().to_owned(),
                d.message.clone(),
            )
        })
        .collect();
    assert_eq!(got, check_says(ACTIVITY, &text));
    assert_eq!(diags[0].message, "未知的支部 `alhpa`");
    assert_eq!(diags[0].hint.as_deref(), Some("是否应为 `alpha`？"));
    assert_eq!(field_of(&text, &diags[0]).as_deref(), Some("branch"));
    assert_eq!(site.read(ACTIVITY), before);
}

#[test]
fn an_error_the_change_causes_in_another_record_refuses_it() {
    let site = repo();
    let rel = "content/branches/alpha.toml";
    let new_rel = "content/branches/gamma.toml";
    let text = site.read(rel);
    let mut c = change(&site, rel, text);
    c.new_rel = new_rel.to_owned();
    let diags = refused_invalid(save::save(&site.root, c));
    assert!(
        diags
            .iter()
            .any(|d| d.file == ACTIVITY && d.message == "未知的支部 `alpha`"),
        "{diags:#?}"
    );
    assert!(site.path(rel).exists() && !site.path(new_rel).exists());
}

#[test]
fn a_file_changed_since_the_form_opened_is_a_conflict() {
    let site = repo();
    let c = change(
        &site,
        ACTIVITY,
        edited(&site, ACTIVITY, |d| {
            d.set("place", Value::from("党员活动室"));
        }),
    );
    site.replace(ACTIVITY, "chair = \"张明\"", "chair = \"李华\"");
    let on_disk_now = site.read(ACTIVITY);
    match save::save(&site.root, c.clone()) {
        Err(Refused::Conflict { on_disk, mine }) => {
            assert_eq!(on_disk.as_deref(), Some(on_disk_now.as_str()));
            assert_eq!(mine, c.text);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(site.read(ACTIVITY), on_disk_now);
    site.remove(ACTIVITY);
    match save::save(&site.root, c) {
        Err(Refused::Conflict { on_disk: None, .. }) => {}
        other => panic!("expected a conflict with a deleted file, got {other:?}"),
    }
}

#[test]
fn a_new_date_renames_the_record_in_one_commit() {
    let site = repo();
    let new_rel = "content/activities/2024/2024-03-20-alpha-zhuti-dangri.md";
    let mut c = change(
        &site,
        ACTIVITY,
        edited(&site, ACTIVITY, |d| {
            d.set("date", Value::from("2024-03-20"));
        }),
    );
    c.new_rel = new_rel.to_owned();
    let saved = save::save(&site.root, c).expect("saved");
    assert_eq!(saved.rel, new_rel);
    assert!(!site.path(ACTIVITY).exists());
    assert!(site.read(new_rel).contains("date = 2024-03-20\n"));
    let commit = saved.commit.expect("a commit");
    let shown = run_git(
        &site.root,
        &["show", "-M", "--name-status", "--format=%H", "HEAD"],
    );
    let lines: Vec<&str> = shown.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], commit);
    assert_eq!(lines.len(), 2, "{shown}");
    assert!(lines[1].starts_with('R'), "{shown}");
    assert!(
        lines[1].ends_with(&format!("{ACTIVITY}\t{new_rel}")),
        "{shown}"
    );
    // The history follows the record through its rename.
    let history = git::history(&site.root, new_rel, 10);
    assert_eq!(history.len(), 2, "{history:#?}");
    assert_eq!(history[0].rel, new_rel);
    assert_eq!(history[1].rel, ACTIVITY);
}

#[test]
fn a_rename_onto_another_record_is_refused() {
    let site = repo();
    let other = "content/activities/2024/2024-04-10-alpha-dangke.md";
    let before = site.read(other);
    let mut c = change(&site, ACTIVITY, site.read(ACTIVITY));
    c.new_rel = other.to_owned();
    match save::save(&site.root, c) {
        Err(Refused::Taken(rel)) => assert_eq!(rel, other),
        r => panic!("expected Taken, got {r:?}"),
    }
    let mut c = change(&site, other, site.read(ACTIVITY));
    c.old_rel = None;
    c.expected = Version::absent();
    assert!(matches!(save::save(&site.root, c), Err(Refused::Taken(_))));
    assert_eq!(site.read(other), before);
    assert!(site.path(ACTIVITY).exists());
}

#[test]
fn a_new_record_is_written_and_committed() {
    let site = repo();
    let rel = "content/activities/2024/2024-05-08-alpha-zhuti-dangri.md";
    let mut doc = Document::empty(rel);
    for (k, v) in [
        ("title", "五月主题党日"),
        ("branch", "alpha"),
        ("kind", "主题党日"),
        ("time", "14:30"),
        ("place", "会议室"),
        ("chair", "张明"),
        ("recorder", "李华"),
    ] {
        doc.set(k, Value::from(v));
    }
    doc.set(
        "date",
        Value::from("2024-05-08".parse::<toml_edit::Datetime>().expect("date")),
    );
    doc.set("expected", Value::from(11));
    doc.set("present", Value::from(11));
    doc.set_body("学习。\n");
    let c = Change {
        old_rel: None,
        expected: version_of(&site.root, rel),
        new_rel: rel.to_owned(),
        text: doc.to_text(),
        author: person(),
        message: "新建活动记录".to_owned(),
    };
    assert_eq!(c.expected, Version::absent());
    let saved = save::save(&site.root, c).expect("saved");
    assert!(saved.commit.is_some());
    assert_eq!(site.read(rel), doc.to_text());
    let (code, diags) = site.check_json();
    assert_eq!(code, 0, "{diags:#?}");
}

#[test]
fn the_commit_is_the_persons() {
    let site = repo();
    let text = edited(&site, ACTIVITY, |d| d.set("present", Value::from(9)));
    save::save(&site.root, change(&site, ACTIVITY, text)).expect("saved");
    let who = run_git(&site.root, &["log", "-1", "--format=%an|%ae|%cn|%ce|%s"]);
    assert_eq!(
        who.trim(),
        "王秀英|wang@example.org|王秀英|wang@example.org|修改活动记录"
    );
    let files = run_git(&site.root, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), ACTIVITY);
}

#[test]
fn only_the_saved_record_is_committed() {
    let site = repo();
    site.replace("content/branches/beta.toml", "\n", "\n# 未提交的修改\n");
    run_git(&site.root, &["add", "content/branches/beta.toml"]);
    let text = edited(&site, ACTIVITY, |d| d.set("present", Value::from(9)));
    save::save(&site.root, change(&site, ACTIVITY, text)).expect("saved");
    let files = run_git(&site.root, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), ACTIVITY);
    let staged = run_git(&site.root, &["diff", "--cached", "--name-only"]);
    assert_eq!(staged.trim(), "content/branches/beta.toml");
}

#[test]
fn delete_is_a_commit_and_the_file_is_gone() {
    let site = repo();
    let v = version_of(&site.root, ACTIVITY);
    let commit = save::delete(&site.root, ACTIVITY, &v, &person(), "删除活动记录")
        .expect("deleted")
        .expect("a commit");
    assert!(!site.path(ACTIVITY).exists());
    let shown = run_git(
        &site.root,
        &["show", "--name-status", "--format=%H|%an", "HEAD"],
    );
    assert_eq!(
        shown.lines().filter(|l| !l.is_empty()).collect::<Vec<_>>(),
        vec![format!("{commit}|王秀英"), format!("D\t{ACTIVITY}")]
    );
    // Deleting again, with the version of when it existed: the file is gone, a conflict.
    assert!(matches!(
        save::delete(&site.root, ACTIVITY, &v, &person(), "再删"),
        Err(Refused::Conflict { on_disk: None, .. })
    ));
}

#[test]
fn history_lists_revisions_and_text_at_restores_one() {
    let site = repo();
    let original = site.read(ACTIVITY);
    let first = head(&site.root);
    let text = edited(&site, ACTIVITY, |d| d.set("present", Value::from(9)));
    let saved = save::save(&site.root, change(&site, ACTIVITY, text)).expect("saved");
    let history = git::history(&site.root, ACTIVITY, 10);
    assert_eq!(history.len(), 2, "{history:#?}");
    let newest = &history[0];
    assert_eq!(Some(&newest.commit), saved.commit.as_ref());
    assert!(newest.short.len() >= 7 && newest.commit.starts_with(&newest.short));
    assert_eq!(
        (newest.author_name.as_str(), newest.author_email.as_str()),
        ("王秀英", "wang@example.org")
    );
    assert_eq!(newest.message, "修改活动记录");
    assert!(
        newest.diff.contains("-present = 10\n+present = 9\n"),
        "{}",
        newest.diff
    );
    assert_eq!(history[1].commit, first);
    assert_eq!(history[1].author_name, "初始化");
    assert_eq!(git::history(&site.root, ACTIVITY, 1).len(), 1);

    let old = git::text_at(&site.root, &first, ACTIVITY).expect("text at the first commit");
    assert_eq!(old, original);
    assert_eq!(git::text_at(&site.root, "--all", ACTIVITY), None);
    save::save(&site.root, change(&site, ACTIVITY, old)).expect("restored");
    assert_eq!(site.read(ACTIVITY), original);
}

fn wait_for_push(root: &Path) -> backup::PushStatus {
    let start = Instant::now();
    loop {
        if let Some(s) = backup::status(root) {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no push within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn each_commit_is_pushed_to_the_backup_remote() {
    let site = repo();
    let bare = TestSite::empty();
    run_git(&bare.root, &["init", "-q", "--bare"]);
    let url = bare.root.to_string_lossy().into_owned();
    run_git(&site.root, &["remote", "add", "backup", &url]);
    let config = site.read("site.toml") + "\n[workbench]\nbackup_remote = \"backup\"\n";
    site.write("site.toml", &config);
    run_git(&site.root, &["commit", "-q", "-am", "备份设置"]);
    let text = edited(&site, ACTIVITY, |d| d.set("present", Value::from(9)));
    let saved = save::save(&site.root, change(&site, ACTIVITY, text)).expect("saved");
    let status = wait_for_push(&site.root);
    assert_eq!(status.error, None);
    assert_eq!(status.remote, "backup");
    let branch = run_git(&site.root, &["symbolic-ref", "--short", "HEAD"]);
    let pushed = run_git(&bare.root, &["rev-parse", branch.trim()]);
    assert_eq!(Some(pushed.trim().to_owned()), saved.commit);
}

#[test]
fn a_failing_backup_is_reported_and_the_save_stands() {
    let site = repo();
    let config = site.read("site.toml") + "\n[workbench]\nbackup_remote = \"nowhere\"\n";
    site.write("site.toml", &config);
    run_git(&site.root, &["commit", "-q", "-am", "备份设置"]);
    let text = edited(&site, ACTIVITY, |d| d.set("present", Value::from(9)));
    let saved = save::save(&site.root, change(&site, ACTIVITY, text.clone())).expect("saved");
    assert!(saved.commit.is_some());
    assert_eq!(site.read(ACTIVITY), text);
    let status = wait_for_push(&site.root);
    let error = status.error.expect("the push failed");
    assert!(
        error.starts_with("备份到远程仓库“nowhere”失败："),
        "{error}"
    );
}

#[test]
fn without_git_the_save_stands_without_a_commit() {
    let site = TestSite::minimal();
    let text = edited(&site, ACTIVITY, |d| d.set("present", Value::from(9)));
    let saved = save::save(&site.root, change(&site, ACTIVITY, text.clone())).expect("saved");
    assert_eq!((saved.commit, saved.commit_failed), (None, None));
    assert_eq!(site.read(ACTIVITY), text);
    assert!(!git::is_repository(&site.root) || git::history(&site.root, ACTIVITY, 5).is_empty());
}

#[test]
fn records_of_the_demo_save_without_errors() {
    let site = TestSite::demo();
    for (rel, key, value) in [
        (
            "content/branches/neike-yi.toml",
            "department",
            "心血管内科、呼吸与危重症医学科",
        ),
        ("content/members/m0001.toml", "birth_year", "1968"),
        (
            "content/activities/2025/2025-01-02-xingzheng-zhiweihui.md",
            "place",
            "行政楼三楼会议室",
        ),
    ] {
        let started = Instant::now();
        let text = edited(&site, rel, |d| d.set(key, Value::from(value)));
        let saved = save::save(&site.root, change(&site, rel, text.clone()))
            .unwrap_or_else(|r| panic!("{rel}: {r:?}"));
        assert_eq!(site.read(rel), text);
        assert_eq!(saved.commit, None);
        eprintln!("{rel}: saved in {:?}", started.elapsed());
        // What the save warned of is what check then says of the file.
        let (_, diags) = site.check_json();
        let said: Vec<_> = diags
            .into_iter()
            .filter(|d| d.file == rel && d.code != "rule")
            .map(|d| (d.line, d.code, d.message))
            .collect();
        let warned: Vec<_> = saved
            .warnings
            .iter()
            .map(|d| (d.pos.line, d.code.name().to_owned(), d.message.clone()))
            .collect();
        assert_eq!(warned, said, "{rel}");
    }
}

#[test]
fn a_warning_does_not_refuse_the_save() {
    let site = repo();
    let text = edited(&site, ACTIVITY, |d| d.set("kind", Value::from("读书会")));
    let saved = save::save(&site.root, change(&site, ACTIVITY, text.clone())).expect("saved");
    assert_eq!(site.read(ACTIVITY), text);
    let warned: Vec<_> = saved
        .warnings
        .iter()
        .map(|d| (d.pos.line, d.code.name(), d.message.as_str()))
        .collect();
    assert_eq!(
        warned,
        vec![(4, "unknown-kind", "活动类型“读书会”不在配置的类型列表中")]
    );
    assert!(saved.commit.is_some());
}

#[test]
fn a_failed_commit_is_reported_and_the_record_stays_written() {
    let site = repo();
    // Another git process holds the index.
    site.write(".git/index.lock", "");
    let text = edited(&site, ACTIVITY, |d| d.set("present", Value::from(9)));
    let saved = save::save(&site.root, change(&site, ACTIVITY, text.clone())).expect("saved");
    assert_eq!(site.read(ACTIVITY), text);
    assert_eq!(saved.commit, None);
    let failed = saved.commit_failed.expect("the failure is reported");
    assert!(
        failed.message.starts_with("提交到 git 失败（git add）："),
        "{}",
        failed.message
    );
    assert!(failed.message.contains("index.lock"), "{}", failed.message);
}

#[test]
fn a_failed_backup_is_pushed_with_the_next_commit() {
    let site = repo();
    let config = site.read("site.toml") + "\n[workbench]\nbackup_remote = \"backup\"\n";
    site.write("site.toml", &config);
    run_git(&site.root, &["commit", "-q", "-am", "备份设置"]);
    let text = edited(&site, ACTIVITY, |d| d.set("present", Value::from(9)));
    save::save(&site.root, change(&site, ACTIVITY, text)).expect("saved");
    let first = wait_for_push(&site.root);
    assert!(!first.ok(), "{first:?}");

    let bare = TestSite::empty();
    run_git(&bare.root, &["init", "-q", "--bare"]);
    let url = bare.root.to_string_lossy().into_owned();
    run_git(&site.root, &["remote", "add", "backup", &url]);
    let text = edited(&site, ACTIVITY, |d| d.set("present", Value::from(8)));
    let saved = save::save(&site.root, change(&site, ACTIVITY, text)).expect("saved");
    let start = Instant::now();
    while !backup::status(&site.root).is_some_and(|s| s.ok()) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no push within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let branch = run_git(&site.root, &["symbolic-ref", "--short", "HEAD"]);
    let pushed = run_git(&bare.root, &["rev-parse", branch.trim()]);
    assert_eq!(Some(pushed.trim().to_owned()), saved.commit);
}

#[test]
fn of_two_forms_opened_on_one_version_the_second_save_is_a_conflict() {
    let site = repo();
    let a = change(
        &site,
        ACTIVITY,
        edited(&site, ACTIVITY, |d| d.set("present", Value::from(9))),
    );
    let b = change(
        &site,
        ACTIVITY,
        edited(&site, ACTIVITY, |d| {
            d.set("place", Value::from("党员活动室"))
        }),
    );
    let root = site.root.clone();
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = [a, b]
            .into_iter()
            .map(|c| {
                let root = &root;
                s.spawn(move || save::save(root, c))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let saved = results.iter().filter(|r| r.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Err(Refused::Conflict { .. })))
        .count();
    assert_eq!((saved, conflicts), (1, 1), "{results:?}");
    assert_eq!(git::history(&site.root, ACTIVITY, 10).len(), 2);
}

#[test]
fn a_file_check_cannot_read_is_refused_by_parse_with_checks_diagnostic() {
    let site = repo();
    site.replace(
        ACTIVITY,
        "title = \"三月主题党日\"",
        "title = “三月主题党日”",
    );
    let d = Document::parse(ACTIVITY, &site.read(ACTIVITY)).expect_err("unreadable");
    assert_eq!(
        (d.code.name(), d.pos.line, d.pos.column, d.message.as_str()),
        (
            "fullwidth-quote",
            2,
            9,
            "文本用了中文引号“”，TOML 只认英文双引号 \""
        )
    );
    assert_eq!(field_of(&site.read(ACTIVITY), &d).as_deref(), Some("title"));
    let d = Document::parse(ACTIVITY, "title = \"x\"\n").expect_err("no front matter");
    assert_eq!(
        (d.code.name(), d.message.as_str()),
        ("missing-front-matter", "缺少 `+++` 包围的 TOML 头部")
    );
    let d = Document::parse(ACTIVITY, "+++\ntitle = \"x\"\n").expect_err("unclosed");
    assert_eq!(
        (d.code.name(), d.message.as_str()),
        ("unclosed-front-matter", "`+++` 头部没有结束")
    );
}

#[test]
fn line_endings_and_a_bom_are_kept() {
    let rel = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
    let text = "\u{feff}+++\r\ntitle = \"a\" # 注\r\nexpected = 3\r\n+++\r\n正文\r\n";
    let mut doc = Document::parse(rel, text).expect("parse");
    doc.set("title", Value::from("a"));
    doc.set("expected", Value::from("3"));
    doc.set_body("正文\r\n");
    assert_eq!(doc.to_text(), text);
    doc.set("expected", Value::from("4"));
    assert_eq!(
        doc.to_text(),
        "\u{feff}+++\r\ntitle = \"a\" # 注\r\nexpected = 4\r\n+++\r\n正文\r\n"
    );
}

#[test]
fn paths_outside_the_record_folders_are_refused() {
    let site = repo();
    for rel in [
        "site.toml",
        "content/../site.toml",
        "/etc/passwd.toml",
        "content/attachments/x.md",
        "content/.git/config.toml",
        "content/branches/alpha.txt",
    ] {
        let c = Change {
            old_rel: None,
            expected: Version::absent(),
            new_rel: rel.to_owned(),
            text: "x".to_owned(),
            author: person(),
            message: String::new(),
        };
        match save::save(&site.root, c) {
            Err(Refused::Failed(d)) => assert_eq!(
                d.message,
                format!("“{rel}”不是记录文件的位置，工作台不会写入")
            ),
            r => panic!("{rel}: expected Failed, got {r:?}"),
        }
        let v = Version::absent();
        assert!(matches!(
            save::delete(&site.root, rel, &v, &person(), ""),
            Err(Refused::Failed(_))
        ));
    }
    assert!(git::history(&site.root, "content/nothing.md", 5).is_empty());
}

// Editing by key (src/workbench/document.rs).
fn diag_at(file: &str, line: u32) -> Diagnostic {
    let pos = Pos {
        line,
        column: 1,
        width: 1,
    };
    Diagnostic::new(Code::WrongType, file, pos, "x")
}

#[test]
fn field_of_names_keys_rows_and_body() {
    let text = "+++\ntitle = \"a\"\ntopics = [\n  \"x\",\n]\n\n[[absentees]]\nname = \"甲\"\n[[absentees]]\nname = \"乙\" # 注\nreason = \"事假\"\n[secretary]\nname = 'b'\n+++\n正文\n";
    let f = "content/activities/2025/x.md";
    let got: Vec<Option<String>> = (1..=15).map(|l| field_of(text, &diag_at(f, l))).collect();
    let s = |v: &str| Some(v.to_owned());
    let want = vec![
        None,
        s("title"),
        s("topics"),
        s("topics"),
        s("topics"),
        None,
        s("absentees.0"),
        s("absentees.0.name"),
        s("absentees.1"),
        s("absentees.1.name"),
        s("absentees.1.reason"),
        s("secretary"),
        s("secretary.name"),
        None,
        s("body"),
    ];
    assert_eq!(got, want);
    assert_eq!(field_of(text, &diag_at(f, 0)), None);
}

#[test]
fn equal_values_leave_the_text_alone() -> Result<(), Diagnostic> {
    let text = "a = 1 # 一\nb = 'x'\nc = [ 1, 2 ] # 数组\nd = 2025-01-02\n";
    let mut doc = Document::parse("content/members/x.toml", text)?;
    doc.set("a", Value::from("1"));
    doc.set("b", Value::from("x"));
    doc.set("c", Value::from_iter([1i64, 2]));
    doc.set("d", Value::from("2025-01-02"));
    assert_eq!(doc.to_text(), text);
    doc.set("a", Value::from(2i64));
    let want = "a = 2 # 一\nb = 'x'\nc = [ 1, 2 ] # 数组\nd = 2025-01-02\n";
    assert_eq!(doc.to_text(), want);
    Ok(())
}

#[test]
fn new_keys_make_their_tables() -> Result<(), Diagnostic> {
    let rel = "content/activities/2025/x.md";
    let mut doc = Document::empty(rel);
    doc.set("title", Value::from("标题"));
    doc.set("secretary.name", Value::from("张三"));
    doc.set_body("正文\n");
    let text = doc.to_text();
    let want = "+++\ntitle = \"标题\"\n\n[secretary]\nname = \"张三\"\n+++\n正文\n";
    assert_eq!(text, want);
    let again = Document::parse(rel, &text)?;
    let name = again.get("secretary.name").and_then(Item::as_str);
    assert_eq!(name, Some("张三"));
    assert_eq!(again.body(), Some("正文\n"));
    Ok(())
}

fn row(name: &str, reason: &str) -> Table {
    let mut t = Table::new();
    t.insert("name", toml_edit::value(name));
    t.insert("reason", toml_edit::value(reason));
    t
}

#[test]
fn rows_keep_their_comments() -> Result<(), Diagnostic> {
    let text = "[[absentees]]\n# 第一\nname = \"甲\"\nreason = \"事假\"\n\n[[absentees]]\nname = \"乙\" # 二\nreason = \"病假\"\n";
    let mut doc = Document::parse("content/members/x.toml", text)?;
    doc.set_tables("absentees", vec![row("甲", "事假"), row("乙", "病假")]);
    assert_eq!(doc.to_text(), text);
    doc.set_tables("absentees", vec![row("乙", "病假"), row("丙", "公差")]);
    let out = doc.to_text();
    assert!(out.contains("name = \"乙\" # 二"), "{out}");
    assert!(out.contains("丙"), "{out}");
    assert!(!out.contains("甲"), "{out}");
    doc.set_tables("absentees", Vec::new());
    assert!(doc.get("absentees").is_none());
    Ok(())
}

#[test]
fn inline_rows_stay_inline() -> Result<(), Diagnostic> {
    let rel = "content/activities/2025/x.md";
    let text = "+++\nabsentees = [{ name = \"甲\", reason = \"事假\" }] # 注\n+++\n";
    let mut doc = Document::parse(rel, text)?;
    doc.set_tables("absentees", vec![row("甲", "事假")]);
    assert_eq!(doc.to_text(), text);
    doc.set_tables("absentees", vec![row("甲", "事假"), row("乙", "病假")]);
    let want = "+++\nabsentees = [{ name = \"甲\", reason = \"事假\" }, { name = \"乙\", reason = \"病假\" }] # 注\n+++\n";
    assert_eq!(doc.to_text(), want);
    Ok(())
}

#[test]
fn with_strict_rules_a_warning_refuses_as_check_would() {
    let site = repo();
    let config = site.read("site.toml") + "\n[rules]\nstrict = true\n";
    site.write("site.toml", &config);
    let before = site.read(ACTIVITY);
    let text = edited(&site, ACTIVITY, |d| d.set("kind", Value::from("读书会")));
    let diags = refused_invalid(save::save(&site.root, change(&site, ACTIVITY, text)));
    let got: Vec<_> = diags
        .iter()
        .map(|d| (d.code.name(), d.is_error(), d.message.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![("unknown-kind", true, "活动类型“读书会”不在配置的类型列表中")]
    );
    assert_eq!(site.read(ACTIVITY), before);
}

#[test]
fn rows_given_as_an_inline_array_merge_into_table_rows() -> Result<(), Diagnostic> {
    let text = "[[absentees]]\nname = \"甲\" # 一\nreason = \"事假\"\n";
    let mut doc = Document::parse("content/members/x.toml", text)?;
    let inline = |n: &str, r: &str| {
        let mut t = toml_edit::InlineTable::new();
        t.insert("name", Value::from(n));
        t.insert("reason", Value::from(r));
        Value::InlineTable(t)
    };
    doc.set(
        "absentees",
        Value::Array([inline("甲", "事假")].into_iter().collect()),
    );
    assert_eq!(doc.to_text(), text);
    doc.set(
        "absentees",
        Value::Array([inline("甲", "病假")].into_iter().collect()),
    );
    assert_eq!(
        doc.to_text(),
        "[[absentees]]\nname = \"甲\" # 一\nreason = \"病假\"\n"
    );
    Ok(())
}

#[test]
fn deleting_a_record_others_name_is_refused() {
    let site = repo();
    let rel = "content/branches/alpha.toml";
    let before = head(&site.root);
    let v = version_of(&site.root, rel);
    let diags = match save::delete(&site.root, rel, &v, &person(), "删除支部") {
        Err(Refused::Invalid(d)) => d,
        r => panic!("expected Invalid, got {r:?}"),
    };
    assert!(
        diags
            .iter()
            .any(|d| d.file == ACTIVITY && d.message == "未知的支部 `alpha`"),
        "{diags:#?}"
    );
    assert!(diags.iter().all(|d| d.file != rel), "{diags:#?}");
    assert!(site.path(rel).exists());
    assert_eq!(head(&site.root), before);
}

#[test]
fn field_of_points_into_inline_rows() {
    let text = "+++\nabsentees = [{ name = \"王芳\", reason = \"\" }, { name = \"李\", reason = \"病假\" }]\n+++\n";
    let f = "content/activities/2024/x.md";
    let line = text.lines().nth(1).expect("line 2");
    let at = |needle: &str| {
        let byte = line.find(needle).expect("needle");
        let column = line[..byte].chars().count() as u32 + 1;
        let pos = Pos {
            line: 2,
            column,
            width: 1,
        };
        field_of(text, &Diagnostic::new(Code::WrongType, f, pos, "x"))
    };
    assert_eq!(at("absentees").as_deref(), Some("absentees"));
    assert_eq!(at("\"\"").as_deref(), Some("absentees.0.reason"));
    assert_eq!(at("\"王芳\"").as_deref(), Some("absentees.0.name"));
    assert_eq!(at("\"病假\"").as_deref(), Some("absentees.1.reason"));
    assert_eq!(at("{ name = \"李\"").as_deref(), Some("absentees.1"));
}

#[test]
fn a_refused_row_value_is_shown_at_its_field() {
    let site = repo();
    let text = site
        .read(ACTIVITY)
        .replace("reason = \"值班\"", "reason = 3");
    let diags = refused_invalid(save::save(
        &site.root,
        change(&site, ACTIVITY, text.clone()),
    ));
    let fields: Vec<_> = diags
        .iter()
        .map(|d| (d.code.name(), field_of(&text, d)))
        .collect();
    assert_eq!(
        fields,
        vec![("wrong-type", Some("absentees.0.reason".to_owned()))],
        "{diags:#?}"
    );
}

#[test]
fn a_mistyped_workbench_table_is_reported_by_check() {
    let site = TestSite::minimal();
    let config = site.read("site.toml") + "\n[workbench]\nbackup_remote = 1\nbackup = \"x\"\n";
    site.write("site.toml", &config);
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d.file == "site.toml" && d.code != "rule")
        .map(|d| {
            (
                d.line,
                d.code.as_str(),
                d.message.as_str(),
                d.hint.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                15,
                "wrong-type",
                "字段 `workbench.backup_remote` 应为文本（用双引号括起），实际是整数",
                None
            ),
            (
                16,
                "unknown-key",
                "未知字段 `workbench.backup`",
                Some("此处可用的字段：backup_remote")
            ),
        ]
    );
}

#[test]
fn a_remote_name_git_would_read_as_an_option_is_refused() {
    let site = repo();
    let config =
        site.read("site.toml") + "\n[workbench]\nbackup_remote = \"--upload-pack=touch /tmp/x\"\n";
    site.write("site.toml", &config);
    run_git(&site.root, &["commit", "-q", "-am", "备份设置"]);
    let text = edited(&site, ACTIVITY, |d| d.set("present", Value::from(9)));
    let saved = save::save(&site.root, change(&site, ACTIVITY, text)).expect("saved");
    assert!(saved.commit.is_some());
    let status = wait_for_push(&site.root);
    assert_eq!(
        status.error.as_deref(),
        Some("备份到远程仓库“--upload-pack=touch /tmp/x”失败：远程仓库名不能以“-”开头")
    );
}

#[test]
fn a_changed_array_keeps_its_layout_and_a_changed_inline_row_its_form() -> Result<(), Diagnostic> {
    let rel = "content/activities/2024/x.md";
    let text = "+++\ntopics = [\n  \"甲\", # 第一\n  \"乙\",\n]\nabsentees = [{ name = \"王芳\", reason = \"值班\" }]\n+++\n";
    let mut doc = Document::parse(rel, text)?;
    doc.set("topics", Value::from_iter(["甲", "丙", "丁"]));
    doc.set_tables("absentees", vec![row("王芳", "病假")]);
    assert_eq!(
        doc.to_text(),
        "+++\ntopics = [\n  \"甲\", # 第一\n  \"丙\",\n  \"丁\",\n]\nabsentees = [{ name = \"王芳\", reason = \"病假\" }]\n+++\n"
    );
    Ok(())
}

#[test]
fn a_new_branch_without_member_counts_is_refused_as_check_refuses_it() {
    let site = repo();
    let rel = "content/branches/gamma.toml";
    let text = "name = \"第三党支部\"\ncategory = \"临床\"\ndepartment = \"外科\"\n\n[secretary]\nname = \"赵六\"\nheads_department = true\n\n[term]\nstart = 2023-01-01\n";
    let c = Change {
        old_rel: None,
        expected: Version::absent(),
        new_rel: rel.to_owned(),
        text: text.to_owned(),
        author: person(),
        message: "新建支部".to_owned(),
    };
    let diags = refused_invalid(save::save(&site.root, c));
    let got: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d.pos.line,
                d.pos.column,
                d.code.name().to_owned(),
                d.message.clone(),
            )
        })
        .collect();
    assert_eq!(got, check_says(rel, text));
    assert_eq!(
        diags[0].message,
        "缺少党员人数 `[[member_counts]]`（至少一条）"
    );
    assert!(!site.path(rel).exists());
}

#[test]
fn deleting_the_last_member_record_of_a_branch_without_counts_is_refused() {
    let site = repo();
    let branch = "content/branches/gamma.toml";
    let member = "content/members/m0001.toml";
    site.write(
        branch,
        "name = \"第三党支部\"\ncategory = \"临床\"\ndepartment = \"外科\"\n\n[secretary]\nname = \"赵六\"\nheads_department = true\n\n[term]\nstart = 2023-01-01\n",
    );
    site.write(
        member,
        "name = \"赵六\"\nbranch = \"gamma\"\n\n[[events]]\ndate = 2010-05-04\nkind = \"接收为预备党员\"\n\n[[events]]\ndate = 2011-05-04\nkind = \"转为正式党员\"\n",
    );
    run_git(&site.root, &["add", "-A"]);
    run_git(&site.root, &["commit", "-q", "-m", "第三支部"]);
    let (_, diags) = site.check_json();
    let errors: Vec<_> = diags.iter().filter(|d| d.severity == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let v = version_of(&site.root, member);
    let diags = match save::delete(&site.root, member, &v, &person(), "删除党员记录") {
        Err(Refused::Invalid(d)) => d,
        r => panic!("expected Invalid, got {r:?}"),
    };
    let got: Vec<_> = diags
        .iter()
        .map(|d| (d.file.as_str(), d.code.name(), d.message.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![(
            branch,
            "missing-field",
            "缺少党员人数 `[[member_counts]]`（至少一条）"
        )]
    );
    assert!(site.path(member).exists());
}

#[test]
fn a_path_with_an_empty_key_changes_nothing() -> Result<(), Diagnostic> {
    let text = "a = 1\n";
    let mut doc = Document::parse("content/members/x.toml", text)?;
    doc.set("", Value::from(2));
    doc.set("a..b", Value::from(2));
    doc.remove("");
    doc.set_tables(".", vec![row("甲", "事假")]);
    assert_eq!(doc.to_text(), text);
    assert!(doc.get("").is_none());
    Ok(())
}
