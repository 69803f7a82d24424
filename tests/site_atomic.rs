//! A build that fails — a broken template, a template that fails to render, a broken record,
//! a killed process — never leaves a half-written `output/`: the previous site stays byte for
//! byte, the error names the file, line and column, and no staging folder is left behind.
//! A template override that works is used.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use support::site::{remove_stale_test_dirs, snapshot, snapshot_diff};
use support::{BIN, TestSite};

/// The demo, built once into its default `output/`; the tests take turns (each breaks the site
/// and repairs it).
fn demo() -> MutexGuard<'static, TestSite> {
    static DEMO: OnceLock<Mutex<TestSite>> = OnceLock::new();
    DEMO.get_or_init(|| {
        remove_stale_test_dirs();
        let site = TestSite::demo();
        let o = site.run(&["build", "--no-pdf"]);
        assert!(o.status.success(), "first build failed: {}", text(&o));
        assert!(site.path("output/index.html").is_file());
        Mutex::new(site)
    })
    .lock()
    .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Staging or old folders a build left next to `output/`.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .expect("site root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output."))
        .collect()
}

/// Restores a file (or removes a new one) when the test ends, even when it fails, so that the
/// shared site is whole for the next test.
struct Restore {
    path: PathBuf,
    before: Option<Vec<u8>>,
}

impl Restore {
    fn write(site: &TestSite, rel: &str, text: &str) -> Restore {
        let path = site.path(rel);
        let before = std::fs::read(&path).ok();
        site.write(rel, text);
        Restore { path, before }
    }
}

impl Drop for Restore {
    fn drop(&mut self) {
        match &self.before {
            Some(b) => std::fs::write(&self.path, b).expect("restore"),
            None => {
                let _ = std::fs::remove_file(&self.path);
            }
        }
    }
}

/// Builds `site`, expects exit 1 with a diagnostic at `location`, and checks that `output/`
/// is exactly what it was and that nothing was left next to it.
fn assert_fails_cleanly(site: &TestSite, location: &str, message: &str) {
    let before = snapshot(&site.path("output"));
    let o = site.run(&["build", "--no-pdf"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "exit code; output:\n{out}");
    assert!(
        out.contains(location),
        "the diagnostic does not name {location}:\n{out}"
    );
    assert!(out.contains(message), "no {message:?} in:\n{out}");
    let diff = snapshot_diff(&before, &snapshot(&site.path("output")));
    assert!(
        diff.is_empty(),
        "output/ changed by a failed build:\n{}",
        diff.join("\n")
    );
    assert_eq!(leftovers(&site.root), Vec::<String>::new(), "left behind");
}

#[test]
fn a_template_syntax_error_fails_and_leaves_output_untouched() {
    let site = demo();
    let _t = Restore::write(
        &site,
        "templates/activity.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ title }</h1>\n{% endblock content %}\n",
    );
    assert_fails_cleanly(&site, "templates/activity.html:3:14", "模板语法错误");
}

#[test]
fn a_template_that_fails_to_render_leaves_output_untouched() {
    // Rendering fails after the staging folder was made: it must be removed again.
    let site = demo();
    let _t = Restore::write(
        &site,
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>页面不存在</h1>\n<p>{{ nothing.here }}</p>\n{% endblock content %}\n",
    );
    assert_fails_cleanly(&site, "templates/404.html:4:7", "模板渲染失败");
}

#[test]
fn a_broken_record_fails_and_leaves_output_untouched() {
    let site = demo();
    let rel = "content/activities/2025/2025-01-02-fuer-zhiweihui.md";
    let original = site.read(rel);
    let mut lines: Vec<&str> = original.lines().collect();
    assert_eq!(lines[0], "+++", "{rel} starts with front matter");
    lines.insert(3, "colour = \"红\"");
    let _t = Restore::write(&site, rel, &(lines.join("\n") + "\n"));
    assert_fails_cleanly(&site, &format!("{rel}:4:1"), "colour");
}

#[test]
fn a_killed_build_leaves_output_untouched() {
    let site = demo();
    let before = snapshot(&site.path("output"));
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(&site.root)
        .args(["build", "--no-pdf"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start build");
    let staging = site.path(&format!(".output.staging-{}", child.id()));
    // Kill it while it writes into its staging folder (or, on a fast machine, whenever).
    let started = Instant::now();
    while !staging.is_dir() && started.elapsed() < Duration::from_secs(120) {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    // The build is deterministic, so even a build that finished before it was killed leaves
    // the same pages; only the stamp of its inputs (src/freshness.rs: paths and modification
    // times, which the earlier tests touched) may then be new.
    let mut after = snapshot(&site.path("output"));
    let mut before = before;
    before.remove(".dangjian-build");
    after.remove(".dangjian-build");
    let diff = snapshot_diff(&before, &after);
    assert!(
        diff.is_empty(),
        "output/ changed by a killed build:\n{}",
        diff.join("\n")
    );
    // The next build, even a failing one, clears what the killed one left.
    let _t = Restore::write(
        &site,
        "templates/activity.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}\n",
    );
    assert_fails_cleanly(&site, "templates/activity.html:2:", "模板语法错误");
}

#[test]
fn a_failed_first_build_creates_no_output() {
    let site = TestSite::minimal();
    site.replace(
        "content/activities/2024/2024-04-10-alpha-dangke.md",
        "branch = \"alpha\"",
        "branch = \"alpha\"\ncolour = \"红\"",
    );
    let o = site.run(&["build", "--no-pdf"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!site.path("output").exists(), "a failed build made output/");
    assert_eq!(leftovers(&site.root), Vec::<String>::new());
}

#[test]
fn a_working_template_override_is_used_and_replaces_output_whole() {
    let site = TestSite::minimal();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1 class=\"page-title\">本站自定义的404页面</h1>\n<p><a href=\"{{ root }}index.html\">回到{{ site_title }}</a></p>\n{% endblock content %}\n",
    );
    // Something from an earlier build that no longer belongs to the site.
    site.write("output/stale.html", "<p>old</p>");
    let o = site.run(&["build", "--no-pdf"]);
    assert!(o.status.success(), "{}", text(&o));
    let page = site.read("output/404.html");
    assert!(page.contains("本站自定义的404页面"), "override not used");
    assert!(
        page.contains("回到测试医院党建"),
        "the override does not see the site"
    );
    assert!(
        page.contains("class=\"masthead\""),
        "the override does not extend the theme's base.html"
    );
    assert!(
        !page.contains("您要找的页面不存在"),
        "the theme's 404 text is still there"
    );
    assert!(
        !site.read("output/index.html").contains("本站自定义"),
        "the override leaked into other pages"
    );
    assert!(
        !site.path("output/stale.html").exists(),
        "output/ was merged into, not replaced"
    );
    assert_eq!(leftovers(&site.root), Vec::<String>::new());
}
