//! `serve` shows the warnings of the build it serves in the page, in a panel the reader can
//! close, and takes it away when the record is corrected: headless Chromium (playwright-core,
//! `tests/browser/serve.mjs`) against the real `dangjian serve` on a site with a misspelled
//! kind, the record edited while the page is open.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use support::missing;
use support::site::{require_program, tool_file};
use support::{BIN, TestSite};
use support::{Killed as Serve, free_port};

const ACT: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";

fn answers(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    if write!(
        s,
        "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .is_err()
    {
        return false;
    }
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    buf.starts_with(b"HTTP/1.1 200")
}

#[test]
fn serve_shows_the_warnings_in_the_page_until_they_are_fixed() {
    require_program("node", "--version");
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.is_file() {
        missing("/usr/bin/chromium");
    }
    let playwright = tool_file("playwright-core/package.json");
    let tools = playwright
        .parent()
        .and_then(Path::parent)
        .and_then(Path::parent)
        .expect(".tools")
        .to_path_buf();

    let site = TestSite::minimal();
    let good = site.read(ACT);
    let typo = good.replacen("kind = \"主题党日\"", "kind = \"主题党日活动\"", 1);
    let other_typo = good.replacen("kind = \"主题党日\"", "kind = \"读书会\"", 1);
    assert_ne!(typo, good);
    site.write(ACT, &typo);

    let port = free_port();
    let _serve = Serve(
        Command::new(BIN)
            .arg("--root")
            .arg(&site.root)
            .args(["serve", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve"),
    );
    let waited = Instant::now();
    while !answers(port) {
        assert!(
            waited.elapsed() < Duration::from_secs(120),
            "serve never came up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let report_file = site.path("serve-report.json");
    let config = json!({
        "tools": tools,
        "chromium": chromium,
        "base": format!("http://127.0.0.1:{port}/"),
        "report": report_file,
        // For a person to look at, next to the screenshots of tests/site_browser.rs.
        "screenshot": Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("target dir")
            .join("screenshots/serve-warnings.png"),
        "record": site.path(ACT),
        "edits": [
            {"name": "another typo", "text": other_typo, "expect": "活动类型“读书会”"},
            {"name": "fixed", "text": good, "expect": null},
        ],
    });
    support::site::run_browser_script(&site, "serve", &config);
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_file).expect("report"))
            .expect("report is JSON");

    // The panel shows the warning as the terminal does, as a status that does not block.
    let first = &report["first"];
    let text = first["text"].as_str().unwrap_or_default();
    for part in [
        "生成时有警告",
        "警告[unknown-kind]: 活动类型“主题党日活动”不在配置的类型列表中",
        "--> content/activities/2024/2024-03-15-alpha-zhuti-dangri.md:4:8",
        "提示：是否应为“主题党日”？",
        "共 0 个错误，1 个警告",
    ] {
        assert!(text.contains(part), "panel lacks {part:?}: {report:#}");
    }
    assert_eq!(first["role"], "status", "{report:#}");
    assert_eq!(first["button"], "关闭", "{report:#}");
    // Closed, it stays closed for the same warnings, also after a reload.
    assert!(report["afterClose"].is_null(), "{report:#}");
    assert!(report["afterReload"].is_null(), "{report:#}");
    // A new warning opens it again; the corrected record takes it away.
    let edits = report["edits"].as_array().expect("edits");
    assert_eq!(edits.len(), 2, "{report:#}");
    for e in edits {
        assert!(
            e["waitedMs"].as_i64().is_some_and(|ms| ms >= 0),
            "{}: the page did not change within 30 s: {report:#}",
            e["name"]
        );
    }
    assert!(
        edits[0]["panel"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("活动类型“读书会”不在配置的类型列表中")),
        "{report:#}"
    );
    assert!(edits[1]["panel"].is_null(), "{report:#}");
    let problems: Vec<_> = ["console", "pageErrors"]
        .iter()
        .flat_map(|k| report[k].as_array().cloned().unwrap_or_default())
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}
