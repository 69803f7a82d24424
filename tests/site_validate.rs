//! The W3C Nu HTML checker (vnu.jar) finds no errors in the site: every page of the demo (in
//! git, so that the change history shows), every page that `site.publish_roster = true` adds to
//! it or changes (the 发展党员 pages `members/<year>.html`, the branch pages with their roster,
//! the annual pages that link them), every page of the small fixture (attachments, images, a
//! letter) and of a new site from `init` (the empty states), and the theme's stylesheet.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::TestSite;
use support::site::{
    ROSTER_YEARS, build_into, html_pages, publish_roster, remove_stale_test_dirs, require_program,
    tool_file,
};

/// Pages of every kind that must exist in the demo, so that the check cannot pass by
/// checking less.
const REPRESENTATIVE: &[&str] = &[
    "index.html",
    "branches/index.html",
    "branches/yaoji.html",
    "activities/index.html",
    "activities/2025/index.html",
    "activities/2025/03.html",
    "activities/2025/2025-01-02-fuer-zhiweihui.html",
    "kinds/zhuti-dangri.html",
    "brands/index.html",
    "brands/bencao-jiangxin.html",
    "notices/index.html",
    "notices/2024-1.html",
    "annual/index.html",
    "annual/2025.html",
    "checklists/index.html",
    "checklists/sanqiang-sanyou-2025.html",
    "history.html",
    "search.html",
    "404.html",
];

/// Makes `root` a git repository with two commits, so that the site has a change history.
fn commit_all(root: &Path) {
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "-c",
                "user.name=测试者",
                "-c",
                "user.email=test@example.invalid",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .output()
            .expect("git (needed for the change history)");
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "导入记录"]);
    let rel = "content/activities/2025/2025-01-02-fuer-zhiweihui.md";
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("record");
    std::fs::write(&path, text + "\n补记：会后已向全体党员通报。\n").expect("write");
    git(&["commit", "-q", "-am", "补充妇儿支部1月支委会记录"]);
}

#[test]
fn every_page_and_the_stylesheet_pass_the_nu_html_checker() {
    let vnu = tool_file("vnu-jar/build/dist/vnu.jar");
    require_program("java", "-version");
    remove_stale_test_dirs();

    let demo = TestSite::demo();
    commit_all(&demo.root);
    let demo_out = demo.path("site-out");
    build_into(&demo, &demo_out);
    for p in REPRESENTATIVE {
        assert!(
            demo_out.join(p).is_file(),
            "{p} is missing from the demo site"
        );
    }
    // The same records with the roster published; its pages that differ from the demo's.
    let roster = TestSite::demo();
    commit_all(&roster.root);
    publish_roster(&roster);
    let roster_out = roster.path("site-out");
    build_into(&roster, &roster_out);
    let roster_pages: Vec<String> = html_pages(&roster_out)
        .into_iter()
        .filter(|p| std::fs::read(roster_out.join(p)).ok() != std::fs::read(demo_out.join(p)).ok())
        .collect();
    let must: Vec<String> = ROSTER_YEARS
        .iter()
        .map(|y| format!("members/{y}.html"))
        .chain([
            "branches/yaoji.html".to_owned(),
            "annual/2025.html".to_owned(),
        ])
        .collect();
    for p in &must {
        assert!(
            roster_pages.contains(p),
            "{p} is not among the pages publish_roster adds or changes: {roster_pages:?}"
        );
    }
    let minimal = TestSite::minimal();
    let minimal_out = minimal.path("site-out");
    build_into(&minimal, &minimal_out);
    let fresh = TestSite::empty();
    let fresh_root = fresh.path("new-site");
    let o = Command::new(support::BIN)
        .arg("init")
        .arg(&fresh_root)
        .args(["--name", "新建医院", "--no-git"])
        .output()
        .expect("init");
    assert!(
        o.status.success(),
        "init: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let fresh_out = fresh.path("site-out");
    let o = Command::new(support::BIN)
        .arg("--root")
        .arg(&fresh_root)
        .args(["build", "--no-pdf", "--output"])
        .arg(&fresh_out)
        .output()
        .expect("build");
    assert!(
        o.status.success(),
        "build of a new site: {}",
        String::from_utf8_lossy(&o.stderr)
    );

    let mut files: Vec<PathBuf> = Vec::new();
    for out in [&demo_out, &minimal_out, &fresh_out] {
        files.extend(html_pages(out).into_iter().map(|p| out.join(p)));
    }
    files.extend(roster_pages.iter().map(|p| roster_out.join(p)));
    let pages = files.len();
    eprintln!(
        "vnu: {pages} pages, {} of them from the build with the roster published",
        roster_pages.len()
    );
    files.push(demo_out.join("static/style.css"));
    files.push(demo_out.join("static/print.css"));
    assert!(pages > 1800, "only {pages} pages to check");

    // One JVM for every file: vnu checks ~2,000 pages in well under a minute.
    let o = Command::new("java")
        .arg("-jar")
        .arg(&vnu)
        .args([
            "--errors-only",
            "--also-check-css",
            "--format",
            "json",
            "--exit-zero-always",
        ])
        .args(&files)
        .output()
        .expect("run vnu.jar");
    // vnu writes its JSON report to stderr.
    let report = String::from_utf8_lossy(&o.stderr);
    let json: serde_json::Value = serde_json::from_str(&report).unwrap_or_else(|e| {
        panic!(
            "vnu output is not JSON ({e}):\n{}",
            &report[..report.len().min(2000)]
        )
    });
    let messages = json["messages"].as_array().expect("messages");
    // (message, first place it occurs, how often).
    let mut kinds: Vec<(String, String, usize)> = Vec::new();
    let mut total = 0;
    for m in messages.iter().filter(|m| m["type"] != "info") {
        total += 1;
        let message = m["message"].as_str().unwrap_or_default().to_owned();
        if let Some(k) = kinds.iter_mut().find(|k| k.0 == message) {
            k.2 += 1;
            continue;
        }
        let url = m["url"].as_str().unwrap_or_default();
        let short = [&demo_out, &roster_out, &minimal_out, &fresh_out]
            .iter()
            .find_map(|o| url.split(&*o.to_string_lossy()).nth(1))
            .unwrap_or(url);
        let at = format!(
            "{short}:{}:{} [{}]",
            m["lastLine"],
            m["firstColumn"],
            m["extract"].as_str().unwrap_or_default().replace('\n', "⏎")
        );
        kinds.push((message, at, 1));
    }
    assert!(
        total == 0,
        "vnu found {total} error(s) in {pages} pages:\n{}",
        kinds
            .iter()
            .map(|(m, at, n)| format!("{n}× {m}\n   first at {at}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
