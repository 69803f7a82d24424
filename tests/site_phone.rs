//! Issue 18 (phones, charts people can read): the demo site at 375 px in headless Chromium
//! (`tests/browser/phone.mjs`, playwright-core) and at 1280 px. Measured on every page type:
//! no element reaches past the window unless it is inside a sideways-scrolling region that is
//! marked as one (role="region", a name, tabindex="0", shadows at the edges and the 左右滑动
//! line); a region that does not scroll shows no such line; axe-core finds nothing serious or
//! critical; every chart has a table of its numbers beside it; the dashboard's grid starts with
//! the current quarter, which fits the phone; the branch page's activity list has no 支部
//! column. Screenshots at both widths go to `target/screenshots-phone/` (docs/screenshots.md).

mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Value, json};

use support::missing;
use support::site::{Built, build_demo, require_program, tool_file};

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
    ("kind", "kinds/zhuti-dangri.html"),
    ("brands", "brands/index.html"),
    ("brand", "brands/bencao-jiangxin.html"),
    ("notices", "notices/index.html"),
    ("notice", "notices/2024-1.html"),
    ("annuals", "annual/index.html"),
    ("annual", "annual/2025.html"),
    ("checklists", "checklists/index.html"),
    ("checklist", "checklists/sanqiang-sanyou-2025.html"),
    ("search", "search.html"),
    ("not-found", "404.html"),
];

/// Long lists of the same table as pages axe does check: axe takes seconds on each.
const NO_AXE: &[&str] = &["activity-year", "activity-month", "kind"];

const PHONE: i64 = 375;

struct Run {
    _built: Built,
    report: Value,
    screenshots: PathBuf,
}

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
        let chromium = Path::new("/usr/bin/chromium");
        if !chromium.is_file() {
            missing("/usr/bin/chromium");
        }
        let playwright = tool_file("playwright-core/package.json");
        let axe = tool_file("axe-core/axe.min.js");
        let tools = playwright.ancestors().nth(3).expect(".tools").to_path_buf();
        let built = build_demo();
        let screenshots = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("target dir")
            .join("screenshots-phone");
        let _ = std::fs::remove_dir_all(&screenshots);
        let report_file = built.site.path("phone-report.json");
        // Read from disk: these pages need no server (search's script is judged elsewhere).
        let base = format!("file://{}/", built.out.display());
        let config = json!({
            "tools": tools,
            "chromium": chromium,
            "base": base,
            "axe": axe,
            "screenshots": screenshots,
            "report": report_file,
            "pages": PAGES.iter().map(|(name, path)| json!({"name": name, "path": path, "axe": !NO_AXE.contains(name)})).collect::<Vec<_>>(),
        });
        support::site::run_browser_script(&built.site, "phone", &config);
        let report = serde_json::from_str(&std::fs::read_to_string(&report_file).expect("report"))
            .expect("report is JSON");
        Run {
            _built: built,
            report,
            screenshots,
        }
    }
}

fn page<'a>(r: &'a Run, name: &str) -> &'a Value {
    r.report["pages"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["name"] == name))
        .unwrap_or_else(|| panic!("no report of {name}"))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// What is missing from a scrolling box for it to count as marked: a region, named,
/// reachable by keyboard.
fn unmarked(b: &Value) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !matches!(s(&b["overflowX"]), "auto" | "scroll") {
        out.push("cut off (overflow hidden) instead of scrolling");
    }
    if s(&b["role"]) != "region" {
        out.push("no role=\"region\"");
    }
    if s(&b["name"]).trim().is_empty() {
        out.push("no name (aria-label)");
    }
    if s(&b["tabindex"]) != "0" {
        out.push("not focusable (tabindex=\"0\")");
    }
    out
}

#[test]
fn nothing_is_wider_than_a_phone_outside_a_marked_scrolling_region() {
    let r = run();
    let mut problems = Vec::new();
    let mut contained = 0;
    for (name, _) in PAGES {
        let p = &page(r, name)["phone"];
        assert_eq!(p["width"].as_i64(), Some(PHONE), "{name}: window width");
        let wide = p["scrollWidth"].as_i64().unwrap_or(i64::MAX);
        if wide > PHONE {
            problems.push(format!("{name}: the page is {wide} px wide"));
        }
        for o in p["outside"].as_array().into_iter().flatten() {
            let what = format!("{name}: {} (right edge {})", s(&o["el"]), o["right"]);
            if o["box"].is_null() {
                problems.push(format!("{what} sticks out of the page"));
                continue;
            }
            contained += 1;
            for m in unmarked(&o["box"]) {
                problems.push(format!("{what} is inside {}: {m}", s(&o["box"]["box"])));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The measurement saw the wide tables and charts it is about.
    assert!(contained > 100, "only {contained} elements past the edge");
}

#[test]
fn a_region_that_scrolls_says_so_and_one_that_does_not_is_quiet() {
    let r = run();
    let mut problems = Vec::new();
    let mut scrolling = 0;
    for (name, _) in PAGES {
        for b in page(r, name)["phone"]["scrolling"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let what = format!("{name}: {} “{}”", s(&b["box"]), s(&b["name"]));
            let hint = s(&b["hint"]);
            if b["scrolls"] == true {
                scrolling += 1;
                if !hint.contains("左右滑动") {
                    problems.push(format!(
                        "{what} scrolls but shows no 左右滑动 line ({hint})"
                    ));
                }
                if !s(&b["shadow"]).contains("gradient") {
                    problems.push(format!("{what} scrolls but has no edge shadows"));
                }
                for m in unmarked(b) {
                    problems.push(format!("{what}: {m}"));
                }
            } else if hint.contains("滑动") {
                problems.push(format!(
                    "{what} fits ({} ≤ {} px) but says 左右滑动",
                    b["scrollWidth"], b["clientWidth"]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(scrolling >= 20, "only {scrolling} scrolling regions seen");
}

#[test]
fn axe_finds_nothing_serious_on_a_phone() {
    let r = run();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, _) in PAGES {
        let Some(violations) = page(r, name)["phone"]["axe"].as_array() else {
            assert!(NO_AXE.contains(name), "axe did not run on {name}");
            continue;
        };
        checked += 1;
        for v in violations {
            if matches!(s(&v["impact"]), "serious" | "critical") {
                problems.push(format!(
                    "{name}: {} ({}): {} × {} e.g. {}",
                    s(&v["id"]),
                    s(&v["impact"]),
                    s(&v["help"]),
                    v["count"],
                    v["nodes"]
                ));
            }
        }
    }
    assert_eq!(checked, PAGES.len() - NO_AXE.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_chart_has_a_table_of_its_numbers() {
    let r = run();
    let mut problems = Vec::new();
    let mut charts = 0;
    for (name, _) in PAGES {
        for vp in ["phone", "desktop"] {
            for c in page(r, name)[vp]["charts"].as_array().into_iter().flatten() {
                charts += 1;
                if c["table"].is_null() || c["rows"].as_u64().unwrap_or(0) == 0 {
                    problems.push(format!("{name} ({vp}): “{}” has no table", s(&c["title"])));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Dashboard 4 (with the quarter's grid), branch 3 years, annual 2, at two widths.
    assert!(charts >= 2 * 9, "only {charts} charts seen");
}

#[test]
fn the_dashboard_starts_with_the_current_quarter_on_a_phone() {
    let r = run();
    let phone = page(r, "dashboard")["phone"]["charts"]
        .as_array()
        .expect("charts");
    let first = &phone[0];
    assert!(
        s(&first["block"]).contains("matrix-quarter"),
        "first chart on a phone: {first}"
    );
    assert!(s(&first["title"]).contains("第四季度"), "{first}");
    let width = first["width"].as_i64().unwrap_or_default();
    assert!(
        (200..=PHONE - 30).contains(&width),
        "the quarter's grid is {width} px wide on a {PHONE} px phone"
    );
    let year = phone
        .iter()
        .find(|c| s(&c["block"]).contains("matrix-year"))
        .expect("the year's grid");
    assert!(year["top"].as_i64() > first["top"].as_i64());
    // On a desktop the year's grid is enough: the quarter's is not shown.
    let desktop = page(r, "dashboard")["desktop"]["charts"]
        .as_array()
        .expect("charts");
    let quarter = desktop
        .iter()
        .find(|c| s(&c["block"]).contains("matrix-quarter"))
        .expect("the quarter's grid is in the page");
    assert_eq!(quarter["shown"], false, "{quarter}");
}

#[test]
fn the_branch_page_lists_activities_without_the_branch_column() {
    let r = run();
    let heads = |name: &str| -> Vec<Vec<String>> {
        serde_json::from_value(page(r, name)["desktop"]["listHeads"].clone()).expect("heads")
    };
    let branch = heads("branch");
    assert!(!branch.is_empty());
    for h in &branch {
        assert_eq!(h, &["日期", "类型", "主题", "实到/应到"], "branch page");
    }
    // The activities index, of all branches, keeps it.
    assert!(
        heads("activities")
            .iter()
            .all(|h| h.iter().any(|c| c == "支部"))
    );
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn screenshots_of_every_page_type_at_both_widths_are_written() {
    let r = run();
    for (name, _) in PAGES {
        for (vp, width) in [("phone", 375), ("desktop", 1280)] {
            let file = r.screenshots.join(format!("{name}-{vp}.png"));
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
            let (w, h) = png_size(&bytes);
            assert_eq!(w, width, "{file:?}");
            assert!(h >= 300, "{file:?} is only {h} px tall");
        }
    }
}
