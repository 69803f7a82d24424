//! Breaking any demo record is caught: an unknown key, a TOML syntax error, or a reference to
//! a branch that does not exist makes `check` exit 1, naming the file and the right line.
//! One record of every kind is broken, and a sample of the activities.

mod support;

use support::{Diag, TestSite};

/// The demo records to break: one of each kind, and every 250th activity.
fn targets(site: &TestSite) -> Vec<String> {
    let mut files = vec![
        "site.toml".to_owned(),
        "content/branches/yaoji.toml".to_owned(),
        "content/brands/xinmai-xianfeng.md".to_owned(),
        "content/annual/2025.toml".to_owned(),
        "content/annual/2025.md".to_owned(),
        "content/notices/2024/2.md".to_owned(),
        "content/checklists/sanqiang-sanyou.toml".to_owned(),
    ];
    let mut activities: Vec<String> = walk(&site.path("content/activities"))
        .into_iter()
        .map(|p| {
            p.strip_prefix(&site.root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    activities.sort();
    files.extend(activities.into_iter().step_by(250));
    for f in &files {
        assert!(
            site.path(f).is_file(),
            "demo record {f} is missing: update this test"
        );
    }
    files
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}

/// The line (1-based) after which a new root-level key may be inserted: after the opening
/// `+++` of a Markdown record, at the very top of a TOML file.
fn insert_at(file: &str) -> usize {
    usize::from(file.ends_with(".md"))
}

fn with_line(text: &str, at: usize, line: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(at, line);
    lines.join("\n") + "\n"
}

fn errors(site: &TestSite) -> (i32, Vec<Diag>) {
    let (code, diags) = site.check_json();
    (
        code,
        diags
            .into_iter()
            .filter(|d| d.severity == "error")
            .collect(),
    )
}

fn expect(site: &TestSite, file: &str, code: &str, line: u32) {
    let (exit, errs) = errors(site);
    assert_eq!(exit, 1, "{file}: check should fail: {errs:#?}");
    assert!(
        errs.iter()
            .any(|d| d.file == file && d.code == code && d.line == line),
        "{file}: expected {code} at line {line}, got {errs:#?}"
    );
}

#[test]
fn the_demo_is_clean() {
    let site = TestSite::demo();
    let (exit, errs) = errors(&site);
    assert_eq!((exit, errs.len()), (0, 0), "{errs:#?}");
}

#[test]
fn an_unknown_key_in_any_record_is_reported_at_its_line() {
    let site = TestSite::demo();
    for file in targets(&site) {
        let original = site.read(&file);
        let at = insert_at(&file);
        site.write(&file, &with_line(&original, at, "unknwon_key = 1"));
        expect(&site, &file, "unknown-key", at as u32 + 1);
        site.write(&file, &original);
    }
}

#[test]
fn a_toml_syntax_error_in_any_record_is_reported_at_its_line() {
    let site = TestSite::demo();
    for file in targets(&site) {
        let original = site.read(&file);
        let at = insert_at(&file);
        site.write(
            &file,
            &with_line(&original, at, "broken = \"no closing quote"),
        );
        expect(&site, &file, "toml-syntax", at as u32 + 1);
        site.write(&file, &original);
    }
}

#[test]
fn a_reference_to_a_missing_branch_is_reported_at_its_line() {
    let site = TestSite::demo();
    for file in targets(&site) {
        let original = site.read(&file);
        let Some(index) = original.lines().position(|l| l.starts_with("branch = \"")) else {
            continue;
        };
        let broken: Vec<String> = original
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == index {
                    "branch = \"no-such-branch\"".to_owned()
                } else {
                    l.to_owned()
                }
            })
            .collect();
        site.write(&file, &(broken.join("\n") + "\n"));
        expect(&site, &file, "unknown-reference", index as u32 + 1);
        site.write(&file, &original);
    }
}
