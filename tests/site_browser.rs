//! The demo site in a real browser: headless Chromium (Debian's `chromium`, driven by
//! playwright-core from `tests/browser/site.mjs`) against the output served over HTTP on
//! 127.0.0.1 under a sub-folder, as an intranet server would. Pages render without console
//! errors or failed requests (searching is `tests/site_search.rs`), axe-core finds no moderate, serious or critical accessibility problem, a
//! 375 px phone never scrolls sideways, and every page type is photographed at 1280 and 375 px
//! into `target/screenshots/` for a person to look at. The pages that `site.publish_roster =
//! true` adds (a 发展党员 page) or changes (a branch page with its roster) are visited in a second
//! build of the demo, served beside the first.

mod support;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::{Value, json};

use support::site::{
    Built, build_demo, build_demo_with_roster, percent_decode, require_program, tool_file,
};
use support::{missing, repo_root};

/// Where the site is served: below a folder, so that a root-relative URL would fail.
const PREFIX: &str = "/dangjian/";

/// (name, page): one of each page type.
const PAGES: &[(&str, &str)] = &[
    ("dashboard", "index.html"),
    ("branches", "branches/index.html"),
    ("branch", "branches/yaoji.html"),
    ("activities", "activities/index.html"),
    ("activity-year", "activities/2025/index.html"),
    ("activity-month", "activities/2025/03.html"),
    (
        "activity",
        "activities/2025/2025-03-14-yaoji-zhuti-dangri.html",
    ),
    (
        "activity-absentees",
        "activities/2024/2024-01-18-lituixiu-zhuti-dangri.html",
    ),
    ("kind", "kinds/zhuti-dangri.html"),
    ("brands", "brands/index.html"),
    ("brand", "brands/bencao-jiangxin.html"),
    ("notices", "notices/index.html"),
    ("notice", "notices/2024-1.html"),
    ("notice-upward", "notices/2025-2.html"),
    ("notice-letter", "notices/2024-4.html"),
    ("annuals", "annual/index.html"),
    ("annual", "annual/2025.html"),
    ("checklists", "checklists/index.html"),
    ("checklist", "checklists/sanqiang-sanyou-2025.html"),
    ("search", "search.html"),
    ("not-found", "404.html"),
];

/// (name, page) of the build with the roster published: the pages it adds or changes.
const ROSTER_PAGES: &[(&str, &str)] = &[
    ("pipeline", "members/2025.html"),
    ("branch-roster", "branches/yaoji.html"),
    ("annual-roster", "annual/2025.html"),
];

/// Long lists built from the same table as the branch page and the activities index, which
/// axe does check: axe takes seconds on each of them.
const NO_AXE: &[&str] = &["activity-year", "activity-month", "kind"];

// ------------------------------------------------------------------------ a static server

/// Serves `root` at `http://127.0.0.1:<port>/dangjian/` from a thread, and remembers every
/// request it could not answer.
struct Server {
    port: u16,
    misses: Arc<Mutex<Vec<String>>>,
}

fn serve(root: PathBuf) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("addr").port();
    let misses = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&misses);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                if let Some(miss) = answer(stream, &root) {
                    log.lock().unwrap_or_else(|e| e.into_inner()).push(miss);
                }
            });
        }
    });
    Server { port, misses }
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Answers one request; returns a description of it when the file was not there.
fn answer(mut stream: TcpStream, root: &Path) -> Option<String> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 65536 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next().unwrap_or_default().split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or("/"),
    );
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or_default());
    let file = path
        .strip_prefix(PREFIX)
        .filter(|rel| !rel.is_empty() && !rel.ends_with('/'))
        .filter(|rel| !rel.split('/').any(|s| s == ".." || s.is_empty()))
        .map(|rel| root.join(rel))
        .filter(|f| f.is_file());
    let (status, body, kind, miss) = match (&file, method) {
        (Some(f), "GET" | "HEAD") => (
            "200 OK",
            std::fs::read(f).unwrap_or_default(),
            content_type(f),
            None,
        ),
        _ => (
            "404 Not Found",
            b"not found".to_vec(),
            "text/plain",
            Some(format!("{method} {target}")),
        ),
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
    let _ = stream.flush();
    miss
}

// -------------------------------------------------------------------------- the browser run

struct Run {
    /// Keeps the built demo's folder for the tests' lifetime.
    _built: Built,
    report: Value,
    misses: Vec<String>,
    screenshots: PathBuf,
}

/// Builds the demo, serves it and lets the driver look at it: once for every test here.
fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        require_program("node", "--version");
        let chromium = Path::new("/usr/bin/chromium");
        if !chromium.is_file() {
            missing("/usr/bin/chromium");
        }
        let playwright = tool_file("playwright-core/package.json");
        let axe = tool_file("axe-core/axe.min.js");
        let tools = playwright
            .parent()
            .and_then(Path::parent)
            .and_then(Path::parent)
            .expect(".tools")
            .to_path_buf();

        let built = build_demo();
        let server = serve(built.out.clone());
        let roster = build_demo_with_roster();
        let roster_server = serve(roster.out.clone());
        let roster_base = format!("http://127.0.0.1:{}{PREFIX}", roster_server.port);
        let screenshots = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("target dir")
            .join("screenshots");
        let _ = std::fs::remove_dir_all(&screenshots);
        let report_file = built.site.path("browser-report.json");
        let config = json!({
            "tools": tools,
            "chromium": chromium,
            "base": format!("http://127.0.0.1:{}{PREFIX}", server.port),
            "axe": axe,
            "screenshots": screenshots,
            "report": report_file,
            "pages": PAGES.iter().map(|(name, path)| json!({"name": name, "path": path, "axe": !NO_AXE.contains(name)}))
                .chain(ROSTER_PAGES.iter().map(|(name, path)| json!({"name": name, "path": path, "axe": true, "base": roster_base})))
                .collect::<Vec<_>>(),
        });
        let config_file = built.site.path("browser-config.json");
        std::fs::write(&config_file, config.to_string()).expect("write config");
        let o = Command::new("node")
            .arg(repo_root().join("tests/browser/site.mjs"))
            .arg(&config_file)
            .output()
            .expect("run node");
        assert!(
            o.status.success(),
            "tests/browser/site.mjs failed ({:?}) — if a module or the browser is missing, {}:\n{}{}",
            o.status.code(),
            support::SETUP_HINT,
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(&report_file).expect("report"))
                .expect("report is JSON");
        let mut misses = Vec::new();
        for s in [&server, &roster_server] {
            misses.extend(s.misses.lock().unwrap_or_else(|e| e.into_inner()).clone());
        }
        Run {
            _built: built,
            report,
            misses,
            screenshots,
        }
    })
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// (page name, viewport, what it saw) for every visit.
fn visits(r: &Run) -> Vec<(String, &'static str, &Value)> {
    let mut out = Vec::new();
    for p in r.report["pages"].as_array().expect("pages") {
        let name = p["name"].as_str().unwrap_or_default().to_owned();
        for vp in ["desktop", "phone"] {
            out.push((name.clone(), vp, &p[vp]));
        }
    }
    out
}

// ---------------------------------------------------------------------------------- tests

#[test]
fn pages_render_without_console_errors_or_failed_requests() {
    let r = run();
    let mut problems = Vec::new();
    for (name, vp, seen) in visits(r) {
        for key in ["console", "pageErrors", "failed"] {
            for item in strings(&seen[key]) {
                problems.push(format!("{name} ({vp}) {key}: {item}"));
            }
        }
    }
    for m in &r.misses {
        problems.push(format!("the server had no file for: {m}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        r.report["pages"].as_array().map(Vec::len),
        Some(PAGES.len() + ROSTER_PAGES.len())
    );
}

fn serious(violations: &Value) -> Vec<String> {
    violations
        .as_array()
        .map(|v| {
            v.iter()
                .filter(|x| {
                    matches!(
                        x["impact"].as_str(),
                        Some("moderate" | "serious" | "critical")
                    )
                })
                .map(|x| {
                    format!(
                        "{} [{}] {} ({} element(s)), e.g. {}",
                        x["id"].as_str().unwrap_or_default(),
                        x["impact"].as_str().unwrap_or_default(),
                        x["help"].as_str().unwrap_or_default(),
                        x["count"],
                        x["nodes"]
                            .as_array()
                            .map(|n| n
                                .iter()
                                .map(|n| format!(
                                    "`{}`: {}",
                                    n["target"].as_str().unwrap_or_default(),
                                    n["summary"].as_str().unwrap_or_default().replace('\n', " ")
                                ))
                                .collect::<Vec<_>>()
                                .join("; "))
                            .unwrap_or_default()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn axe_finds_no_moderate_serious_or_critical_violations() {
    let r = run();
    let mut problems = Vec::new();
    let mut checked = BTreeSet::new();
    for (name, vp, seen) in visits(r) {
        if seen["axe"].is_null() {
            continue;
        }
        checked.insert(name.clone());
        for v in serious(&seen["axe"]) {
            problems.push(format!("{name} ({vp}): {v}"));
        }
    }
    for must in ["dashboard", "branch", "notice", "pipeline", "branch-roster"] {
        assert!(checked.contains(must), "axe did not check the {must} page");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn nothing_scrolls_sideways_on_a_phone() {
    let r = run();
    let mut problems = Vec::new();
    for (name, vp, seen) in visits(r) {
        let o = &seen["overflow"];
        let width = o["width"].as_i64().unwrap_or_default();
        let scroll = o["scrollWidth"]
            .as_i64()
            .unwrap_or_default()
            .max(o["bodyScrollWidth"].as_i64().unwrap_or_default());
        let expected = if vp == "phone" { 375 } else { 1280 };
        assert!(
            (expected - 20..=expected).contains(&width),
            "{name} ({vp}): window {width} px"
        );
        if scroll > width {
            problems.push(format!(
                "{name} ({vp}): {scroll} px wide in a {width} px window; sticking out: {}",
                strings(&o["offenders"]).join(", ")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// (width, height) of a PNG file.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn screenshots_of_every_page_type_are_written() {
    let r = run();
    for (name, _) in PAGES.iter().chain(ROSTER_PAGES) {
        for (vp, width) in [("desktop", 1280), ("phone", 375)] {
            let file = r.screenshots.join(format!("{name}-{vp}.png"));
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
            let (w, h) = png_size(&bytes);
            assert_eq!(w, width, "{file:?} width");
            assert!(h >= 300, "{file:?} is only {h} px tall");
        }
    }
}
