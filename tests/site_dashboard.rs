//! The dashboard as the committee's secretary reads it, in headless Chromium (driven by
//! playwright-core from `tests/browser/dashboard.mjs`) at 1280 and 375 px, on the demo judged
//! at its fixed as-of date (`[site] as_of = 2026-11-22`): no demo branch has held its
//! 组织生活会 or 民主评议党员 in 2026, and 需要关注 must say so for every branch, with the
//! deadline in Chinese; missed obligations come before due ones; each term is named once; the
//! per-branch table lists the branches in their configured order (内一 before 内二), each
//! state in words and in a colour of its own. Screenshots go to `target/screenshots-dashboard/`.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Value, json};

use support::missing;
use support::site::{Built, build_demo, require_program, tool_file};

const CATEGORIES: [&str; 5] = ["临床", "医技", "护理", "行政后勤", "离退休"];
const YEARLY: [&str; 2] = ["组织生活会", "民主评议党员"];

struct Run {
    built: Built,
    report: Value,
}

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
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
        let built = build_demo();
        let screenshots = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("target dir")
            .join("screenshots-dashboard");
        let report_file = built.site.path("dashboard-report.json");
        let config = json!({
            "tools": tools,
            "chromium": chromium,
            "url": format!("file://{}", built.out.join("index.html").display()),
            "screenshots": screenshots,
            "report": report_file,
        });
        support::site::run_browser_script(&built.site, "dashboard", &config);
        let report = serde_json::from_str(&std::fs::read_to_string(&report_file).expect("report"))
            .expect("report is JSON");
        Run { built, report }
    })
}

/// The demo's branches as the dashboard should list them: (short name, category, order, id),
/// read from the branch files and sorted by category, then `order`, then id.
fn branches(b: &Built) -> Vec<String> {
    let mut list = Vec::new();
    for f in std::fs::read_dir(b.site.path("content/branches"))
        .expect("branches")
        .flatten()
    {
        let text = std::fs::read_to_string(f.path()).expect("branch file");
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{key} = ")))
                .map(|v| v.trim_matches('"').to_owned())
        };
        let category = field("category").expect("category");
        let rank = CATEGORIES
            .iter()
            .position(|c| *c == category)
            .expect("known category");
        let order: u32 = field("order").map_or(u32::MAX, |o| o.parse().expect("order"));
        let id = f
            .path()
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        list.push((rank, order, id, field("short_name").expect("short_name")));
    }
    list.sort();
    list.into_iter().map(|(_, _, _, name)| name).collect()
}

/// The kinds of the demo's 2026 activities, from the records themselves.
fn kinds_held_in_2026(b: &Built) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for f in std::fs::read_dir(b.site.path("content/activities/2026"))
        .expect("2026")
        .flatten()
    {
        let text = std::fs::read_to_string(f.path()).expect("record");
        if let Some(k) = text.lines().find_map(|l| l.strip_prefix("kind = ")) {
            out.insert(k.trim_matches('"').to_owned());
        }
    }
    out
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

fn rows<'a>(r: &'a Run, viewport: &str) -> &'a [Value] {
    r.report[viewport]["attention"]
        .as_array()
        .map_or(&[], Vec::as_slice)
}

#[test]
fn attention_lists_the_yearly_meetings_no_branch_has_held() {
    let r = run();
    let held = kinds_held_in_2026(&r.built);
    let all = branches(&r.built);
    assert_eq!(all.len(), 15);
    for viewport in ["desktop", "phone"] {
        for kind in YEARLY {
            assert!(
                !held.contains(kind),
                "the demo now has a 2026 {kind}: pick another case"
            );
            let wanted = format!("{kind}（全年）");
            let found: Vec<&Value> = rows(r, viewport)
                .iter()
                .filter(|x| x["obligation"] == wanted.as_str())
                .collect();
            assert_eq!(found.len(), 1, "{viewport}: rows for {wanted}: {found:?}");
            let row = found[0];
            assert_eq!(row["state"], "待完成", "{viewport}: {row}");
            assert_eq!(row["deadline"], "2026年12月31日", "{viewport}: {row}");
            assert_eq!(row["deadlineIso"], "2026-12-31", "{viewport}: {row}");
            assert_eq!(strings(&row["branches"]), all, "{viewport}: {wanted}");
        }
    }
}

#[test]
fn missed_come_first_then_the_soonest_deadline() {
    let r = run();
    let list = rows(r, "desktop");
    assert!(list.len() >= 3, "{list:?}");
    let states: Vec<&str> = list
        .iter()
        .map(|x| x["state"].as_str().unwrap_or(""))
        .collect();
    let first_due = states
        .iter()
        .position(|s| *s == "待完成")
        .expect("a due row");
    assert!(
        states[..first_due].iter().all(|s| *s == "已逾期"),
        "{states:?}"
    );
    assert!(
        states[first_due..].iter().all(|s| *s == "待完成"),
        "{states:?}"
    );
    assert!(
        first_due > 0,
        "the demo has missed obligations (a 主题党日, a term): {states:?}"
    );
    for part in [&list[..first_due], &list[first_due..]] {
        let deadlines: Vec<&str> = part
            .iter()
            .map(|x| x["deadlineIso"].as_str().unwrap_or(""))
            .collect();
        let mut sorted = deadlines.clone();
        sorted.sort_unstable();
        assert_eq!(deadlines, sorted, "deadlines out of order");
    }
}

#[test]
fn each_term_is_named_once() {
    let r = run();
    let text = r.report["desktop"]["text"].as_str().unwrap_or_default();
    assert!(!text.contains("换届提醒"), "a second list of terms is back");
    assert!(
        !text.contains("换届已超期"),
        "the term is also among the other findings"
    );
    let terms: Vec<&Value> = rows(r, "desktop")
        .iter()
        .filter(|x| x["obligation"] == "换届")
        .collect();
    let overdue: Vec<&Value> = terms
        .iter()
        .copied()
        .filter(|x| x["state"] == "已逾期")
        .collect();
    assert_eq!(overdue.len(), 1, "{terms:?}");
    assert_eq!(strings(&overdue[0]["branches"]), ["后勤支部"]);
    assert_eq!(overdue[0]["deadline"], "2026年8月21日");
}

#[test]
fn every_branch_at_a_glance_in_the_configured_order_in_words_and_colour() {
    let r = run();
    let all = branches(&r.built);
    assert_eq!(&all[..2], ["内一支部", "内二支部"]);
    for viewport in ["desktop", "phone"] {
        let g = &r.report[viewport]["glance"];
        let columns = strings(&g["columns"]);
        for c in [
            "支部党员大会 每季度",
            "党课 每季度",
            "主题党日 每月",
            "组织生活会 每年",
            "民主评议党员 每年",
            "换届",
            "本月待办",
        ] {
            assert!(
                columns.iter().any(|x| x == c),
                "{viewport}: no column {c} in {columns:?}"
            );
        }
        let list = g["rows"].as_array().cloned().unwrap_or_default();
        let names: Vec<String> = list
            .iter()
            .map(|x| x["branch"].as_str().unwrap_or("").to_owned())
            .collect();
        assert_eq!(names, all, "{viewport}");
        // The state words, and one colour per word.
        let mut colours: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for row in &list {
            let state = row["state"].as_str().unwrap_or("").to_owned();
            assert!(
                ["已完成", "待完成", "已逾期"].contains(&state.as_str()),
                "{viewport}: {row}"
            );
            colours
                .entry(state)
                .or_default()
                .insert(row["colour"].as_str().unwrap_or("").to_owned());
            // Every yearly meeting is still to be held this year.
            let cells = row["cells"].as_array().cloned().unwrap_or_default();
            for kind in YEARLY {
                let i = columns
                    .iter()
                    .position(|c| c.starts_with(kind))
                    .expect("column")
                    - 2;
                assert_eq!(
                    cells[i]["text"], "待完成",
                    "{viewport}: {kind} of {}",
                    row["branch"]
                );
            }
        }
        assert!(
            colours.contains_key("已逾期") && colours.contains_key("待完成"),
            "{colours:?}"
        );
        let distinct: BTreeSet<&String> = colours.values().flatten().collect();
        assert!(
            colours.values().all(|c| c.len() == 1),
            "{viewport}: a state in two colours: {colours:?}"
        );
        assert_eq!(
            distinct.len(),
            colours.len(),
            "{viewport}: two states share a colour: {colours:?}"
        );
    }
}

#[test]
fn the_phone_never_scrolls_sideways_and_dates_are_chinese() {
    let r = run();
    assert_eq!(
        r.report["phone"]["overflow"], false,
        "the dashboard scrolls sideways at 375 px"
    );
    for viewport in ["desktop", "phone"] {
        let text = r.report[viewport]["text"].as_str().unwrap_or_default();
        let iso: Vec<&str> = text
            .lines()
            .filter(|l| l.as_bytes().windows(10).any(is_iso_date))
            .collect();
        assert!(
            iso.is_empty(),
            "{viewport}: ISO dates shown to people: {iso:?}"
        );
        assert!(
            text.contains("截至 2026年11月22日"),
            "{viewport}: the as-of date"
        );
        assert!(Path::new(r.report[viewport]["screenshot"].as_str().unwrap_or("")).is_file());
    }
}

fn is_iso_date(w: &[u8]) -> bool {
    w.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    })
}
