//! The workbench in a real browser (headless Chromium through playwright-core,
//! `tests/browser/workbench.mjs`) against the real `dangjian serve` on a temporary git site:
//! a branch with a roster is created, a 主题党日 recorded by ticking attendance, and the files,
//! `check`, the site and `git log` are then read here to judge what the browser did.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use support::missing;
use support::site::{require_program, tool_file};
use support::{BIN, TestSite, repo_root};
use support::{Killed as Serve, free_port};

/// The body of `GET path`, when it answers 200.
fn fetch(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    if !text.starts_with("HTTP/1.1 200") {
        return None;
    }
    text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned())
}

fn git(root: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The front matter of a Markdown record, parsed.
fn front_matter(text: &str) -> toml::Table {
    let rest = text.strip_prefix("+++\n").expect("front matter");
    let (front, _) = rest.split_once("\n+++\n").expect("end of front matter");
    front.parse().expect("front matter parses")
}

#[test]
fn an_officer_keeps_the_records_in_the_browser() {
    require_program("node", "--version");
    require_program("git", "--version");
    require_program("pdfinfo", "-v");
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

    let site = TestSite::minimal();
    let root = site.path("");
    git(&root, &["init", "-q"]);
    git(&root, &["config", "user.name", "党建办测试员"]);
    git(&root, &["config", "user.email", "dangjianban@test.example"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "初始"]);

    let port = free_port();
    let child = Command::new(BIN)
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(&root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let _serve = Serve(child);
    let started = Instant::now();
    while fetch(port, "/index.html").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "serve did not answer in 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let scratch = site.path(".cache/browser");
    std::fs::create_dir_all(&scratch).expect("scratch");
    let shots = repo_root().join("target/workbench-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let report_file = scratch.join("report.json");
    let config = json!({
        "tools": tools,
        "chromium": chromium,
        "axe": axe,
        "base": format!("http://127.0.0.1:{port}"),
        "root": root,
        "report": report_file,
        "screenshots": shots,
        "year": 2024,
    });
    let config_file = scratch.join("config.json");
    std::fs::write(&config_file, config.to_string()).expect("config");
    let run = Command::new("node")
        .arg(repo_root().join("tests/browser/workbench.mjs"))
        .arg(&config_file)
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "workbench.mjs failed:\n{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_file).expect("report"))
            .expect("json");
    assert_eq!(report["error"], Value::Null, "{report:#}");
    let steps = &report["steps"];
    assert_eq!(report["pageErrors"], json!([]), "{report:#}");
    // The two refused saves are answered 422 and 409, which the browser notes; nothing else.
    let unexpected: Vec<&Value> = report["console"]
        .as_array()
        .expect("console")
        .iter()
        .filter(|m| {
            let m = m.as_str().unwrap_or_default();
            !(m.contains("/_/save: Failed to load resource")
                && (m.contains("status of 422") || m.contains("status of 409")))
        })
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");

    // 1. The branch file, as written by the form.
    assert!(
        steps["branch"]["url"]
            .as_str()
            .unwrap_or_default()
            .contains("saved=1"),
        "{steps:#}"
    );
    let branch: toml::Table = site
        .read("content/branches/ceshi.toml")
        .parse()
        .expect("branch parses");
    assert_eq!(branch["name"].as_str(), Some("测试党支部"));
    assert_eq!(branch["secretary"]["name"].as_str(), Some("张三"));
    let roster: Vec<&str> = branch["members"]
        .as_array()
        .expect("roster")
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert_eq!(roster, ["张三", "李四", "王五"]);

    // 2. The activity: counts from the ticks.
    assert_eq!(
        steps["activity"]["countsBefore"],
        "应到 3 人，实到 3 人，缺席 0 人"
    );
    assert_eq!(
        steps["activity"]["countsAfter"],
        "应到 3 人，实到 2 人，缺席 1 人"
    );
    let rel = steps["activity"]["path"]
        .as_str()
        .expect("activity path")
        .to_owned();
    assert_eq!(
        rel,
        "content/activities/2024/2024-11-12-ceshi-zhuti-dangri.md"
    );
    let text = site.read(&rel);
    // 3. … and the hand-written comment survived the edit in the form.
    assert!(
        text.contains("# 手写的注释：地点以签到表为准\nplace = \"门诊楼三楼会议室\""),
        "{text}"
    );
    let front = front_matter(&text);
    assert_eq!(front["branch"].as_str(), Some("ceshi"));
    assert_eq!(front["kind"].as_str(), Some("主题党日"));
    assert_eq!(front["expected"].as_integer(), Some(3));
    assert_eq!(front["present"].as_integer(), Some(2));
    let absentees = front["absentees"].as_array().expect("absentees");
    assert_eq!(absentees.len(), 1);
    assert_eq!(absentees[0]["name"].as_str(), Some("王五"));
    assert_eq!(absentees[0]["reason"].as_str(), Some("外出进修"));

    // `check` accepts what the forms wrote.
    let check = site.run(&["check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    // The site shows it (the page the saved banner links to).
    let link = steps["activity"]["siteLink"]
        .as_str()
        .expect("link to the site page");
    assert_eq!(link, "/activities/2024/2024-11-12-ceshi-zhuti-dangri.html");
    let started = Instant::now();
    loop {
        if fetch(port, link).is_some_and(|p| p.contains("主题党日：学习新修订的支部工作条例"))
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the page never showed the activity"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Every save is a commit by the person, with a Chinese message.
    let log = git(&root, &["log", "--format=%an|%ae|%s"]);
    assert!(
        log.contains(
            "党建办测试员|dangjianban@test.example|新增活动：测试支部 2024-11-12 主题党日"
        ),
        "{log}"
    );
    assert!(
        log.contains("党建办测试员|dangjianban@test.example|新增支部：测试党支部"),
        "{log}"
    );
    assert!(
        log.contains("修改活动：测试支部 2024-11-12 主题党日"),
        "{log}"
    );

    // 4. A refused save: check's message at the field, the typing kept.
    let invalid = &steps["invalid"];
    assert_eq!(invalid["status"], 422, "{invalid:#}");
    assert_eq!(
        invalid["lecturerError"].as_str(),
        Some("请填写授课人"),
        "{invalid:#}"
    );
    assert_eq!(invalid["place"], "保留的地点文字");
    // The summary at the top says it in check's words.
    assert!(
        invalid["problems"]
            .to_string()
            .contains("党课缺少字段 `lecturer`（添加 lecturer = \\\"授课人\\\"）"),
        "{invalid:#}"
    );
    assert!(
        !site.read(&rel).contains("保留的地点文字"),
        "a refused save wrote the file"
    );

    // 5. A disk edit meanwhile: refused, both versions shown, the typing kept.
    let conflict = &steps["conflict"];
    assert_eq!(conflict["status"], 409, "{conflict:#}");
    assert!(
        conflict["theirs"]
            .as_str()
            .unwrap_or_default()
            .contains("磁盘上的另一处修改。")
    );
    assert!(
        conflict["mine"]
            .as_str()
            .unwrap_or_default()
            .contains("我在表单里改的地点")
    );
    assert_eq!(conflict["place"], "我在表单里改的地点");
    // The lines that differ come first, marked.
    assert_eq!(
        conflict["changes"].as_str(),
        Some(
            "- place = \"门诊楼三楼会议室\"\n+ place = \"我在表单里改的地点\"\n- \n- 磁盘上的另一处修改。\n"
        ),
        "{conflict:#}"
    );
    assert!(
        !site.read(&rel).contains("我在表单里改的地点"),
        "a conflicting save wrote the file"
    );

    // 6. The notice shows its PDF and the page count poppler reads from that file.
    let notice = &steps["notice"];
    assert!(
        notice["url"]
            .as_str()
            .unwrap_or_default()
            .contains("saved=1"),
        "{notice:#}"
    );
    let preview = site.path(".cache/dangjian/workbench/content-notices-2024-3.md.pdf");
    let info = Command::new("pdfinfo")
        .arg(&preview)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(str::trim)
        .expect("pdfinfo reads the preview");
    assert!(
        notice["pdfSection"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&format!("共 {pages} 页。")),
        "{notice:#} vs poppler's {pages}"
    );
    let pdf_src = notice["iframe"].as_str().expect("a PDF frame");
    assert!(
        pdf_src.starts_with("/_/pdf?path=content%2Fnotices%2F2024%2F3%2Emd"),
        "{pdf_src}"
    );

    // 7. Every form at 375 px: no sideways scrolling, nothing serious for axe.
    for form in report["forms"].as_array().expect("forms") {
        assert_eq!(form["status"], 200, "{form:#}");
        let o = &form["overflow"];
        assert!(
            o["scrollWidth"].as_i64() <= o["clientWidth"].as_i64(),
            "{form:#}"
        );
        let serious: Vec<&Value> = form["axe"]
            .as_array()
            .expect("axe ran")
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .collect();
        assert!(serious.is_empty(), "{}: {serious:#?}", form["name"]);
    }
}
