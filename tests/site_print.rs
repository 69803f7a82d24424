//! Issue 18 item 6: a page printed from the browser. The dashboard and a branch page are
//! printed to PDF by headless Chromium with the print stylesheet (`tests/browser/print.mjs`,
//! `page.pdf()`), after a token was put at the start and at the end of every cell of every
//! table body row; `pdftotext` then says on which page each token is. A row is whole when all
//! its tokens are on one page, and a cell is on paper when its tokens are there at all (a table
//! cut at the right edge, or a folded data table, loses them).
//!
//! Chromium 156 does not split a table row shorter than a page even without
//! `break-inside: avoid` (a page of sixty four-line rows printed without the rule: none split),
//! so dropping that one rule cannot be shown to fail here; the check is shown to catch a split
//! on a row taller than a page, and the print stylesheet as a whole is shown to matter by
//! printing without it (the folded data tables and the cut year grid lose their cells). The
//! rule stays for other browsers (Firefox splits rows).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{Value, json};

use support::missing;
use support::site::{Built, build_demo, require_program, tool_file};

struct Run {
    built: Built,
    out: PathBuf,
}

/// A page with one row taller than an A4 page, which any browser must split.
const TALL_ROW: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>t</title>\
<table><tbody><tr><td>短行</td><td>一</td></tr><tr><td>长行</td><td>{lines}</td></tr></tbody></table>";

/// Done once for all tests here; when it fails, each test fails with its message rather than
/// running it again.
fn run() -> &'static Run {
    static RUN: OnceLock<Result<Run, String>> = OnceLock::new();
    let done = RUN.get_or_init(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(set_up)).map_err(|e| {
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default()
        })
    });
    match done {
        Ok(run) => run,
        Err(e) => panic!("setting up failed: {e}"),
    }
}

fn set_up() -> Run {
    {
        require_program("node", "--version");
        require_program("pdftotext", "-v");
        let chromium = Path::new("/usr/bin/chromium");
        if !chromium.is_file() {
            missing("/usr/bin/chromium");
        }
        let tools = tool_file("playwright-core/package.json")
            .ancestors()
            .nth(3)
            .expect(".tools")
            .to_path_buf();
        let built = build_demo();
        let out = built.site.path("printed");
        std::fs::create_dir_all(&out).expect("mkdir");
        let tall = TALL_ROW.replace("{lines}", &"很长的一格<br>".repeat(120));
        std::fs::write(built.out.join("tall-row.html"), tall).expect("write");
        let config = json!({
            "tools": tools,
            "chromium": chromium,
            "base": format!("file://{}/", built.out.display()),
            "out": out,
            "pages": [
                {"name": "dashboard", "path": "index.html", "without": true},
                {"name": "branch", "path": "branches/yaoji.html", "without": true},
                {"name": "tall-row", "path": "tall-row.html"},
            ],
        });
        support::site::run_browser_script(&built.site, "print", &config);
        Run { built, out }
    }
}

/// The text of each page of a PDF.
fn pages(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(o.status.success(), "pdftotext {pdf:?}");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\x0c').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

struct Rows {
    /// (row text, pages its tokens are on) of rows on more than one page.
    split: Vec<(String, BTreeSet<usize>)>,
    /// Rows with a token on no page.
    lost: Vec<String>,
    rows: usize,
    pages: usize,
}

/// Where the rows of `name`'s tables ended up in `<name><variant>.pdf`.
fn rows(r: &Run, name: &str, variant: &str) -> Rows {
    let marked: Value = serde_json::from_str(
        &std::fs::read_to_string(r.out.join(format!("{name}.json"))).expect("tokens"),
    )
    .expect("JSON");
    let pages = pages(&r.out.join(format!("{name}{variant}.pdf")));
    let mut at: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, text) in pages.iter().enumerate() {
        for word in text.split_whitespace() {
            if word.starts_with("ZQ") {
                at.entry(word.to_owned()).or_default().insert(i + 1);
            }
        }
    }
    let (mut split, mut lost) = (Vec::new(), Vec::new());
    let list = marked.as_array().expect("rows");
    for row in list {
        let text = row["text"].as_str().unwrap_or_default().to_owned();
        let mut on = BTreeSet::new();
        let mut gone = false;
        for t in row["tokens"].as_array().into_iter().flatten() {
            match at.get(t.as_str().unwrap_or_default()) {
                Some(p) => on.extend(p),
                None => gone = true,
            }
        }
        if gone {
            lost.push(text.clone());
        }
        if on.len() > 1 {
            split.push((text, on));
        }
    }
    Rows {
        split,
        lost,
        rows: list.len(),
        pages: pages.len(),
    }
}

#[test]
fn printed_tables_keep_each_row_on_one_page_and_every_cell_on_paper() {
    let r = run();
    for (name, min_rows, min_pages) in [("dashboard", 30, 3), ("branch", 100, 5)] {
        let got = rows(r, name, "");
        assert!(
            got.rows >= min_rows && got.pages >= min_pages,
            "{name}: {} rows on {} pages",
            got.rows,
            got.pages
        );
        assert!(got.split.is_empty(), "{name}: rows split: {:?}", got.split);
        assert!(
            got.lost.is_empty(),
            "{name}: cells not printed: {:?}",
            got.lost
        );
    }
}

#[test]
fn without_the_print_stylesheet_tables_are_lost_or_cut() {
    let r = run();
    for name in ["dashboard", "branch"] {
        let got = rows(r, name, "-without");
        assert!(
            got.lost.len() >= 10,
            "{name} printed without print.css still has every cell: the check above proves nothing"
        );
    }
}

#[test]
fn the_check_sees_a_row_split_across_pages() {
    let r = run();
    let got = rows(r, "tall-row", "");
    assert_eq!(got.rows, 2);
    assert_eq!(got.split.len(), 1, "{:?}", got.split);
    assert!(got.split[0].0.contains("长行"));
}

#[test]
fn a_printed_page_has_no_navigation_and_opens_the_data_tables() {
    let r = run();
    let text = pages(&r.out.join("dashboard.pdf")).join("\n");
    for gone in ["跳到正文", "本站由记录文件自动生成", "左右滑动"] {
        assert!(!text.contains(gone), "“{gone}” is printed");
    }
    let nav = std::fs::read_to_string(r.built.out.join("index.html")).expect("page");
    assert!(
        nav.contains("跳到正文"),
        "the screen page has the skip link"
    );
    for table in [
        "每月组织生活落实情况数据表",
        "各月支部活动数据表",
        "支部活动类型数据表",
    ] {
        assert!(text.contains(table), "{table} is not printed");
    }
    // The quarter's grid repeats the year's: printed once.
    assert!(!text.contains("第四季度"), "the quarter's grid is printed");
}
