//! The assessment tables (`output/checklists/<id>-<year>.pdf`) of the demo, read back word
//! by word with their positions: the scores in the 得分 column are the metrics engine's item
//! scores; each category's subtotal is the sum of its items' scores and its maximum the sum of
//! its items' points, which is the checklist's category points (40/30/30, as in seeds/000);
//! the total is the sum of everything. The demo is built once with `build --pdf checklists`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use support::TestSite;
use support::pdf::*;

const ID: &str = "sanqiang-sanyou";
const YEARS: [i32; 3] = [2024, 2025, 2026];

fn site() -> &'static TestSite {
    static S: OnceLock<TestSite> = OnceLock::new();
    S.get_or_init(|| shared_demo("pdf_assessment-demo", &["--pdf", "checklists"]))
}

fn table(year: i32) -> PathBuf {
    site().path(&format!("output/checklists/{ID}-{year}.pdf"))
}

fn checklist_stats(year: i32) -> Value {
    let o = site().run(&["stats", "--year", &year.to_string(), "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("stats json");
    v["checklists"]
        .as_array()
        .expect("checklists")
        .iter()
        .find(|c| c["id"] == ID)
        .cloned()
        .expect("the demo checklist")
}

#[derive(Debug, Clone)]
struct Word {
    text: String,
    page: usize,
    x: f64,
    y: f64,
}

/// Every word of the document with its centre (mm), from `pdftotext -bbox`.
fn words(pdf: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success());
    let xml = String::from_utf8_lossy(&out.stdout);
    let mut page = 0;
    let mut list = Vec::new();
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!(" {name}=\"");
        let start = tag.find(&key).expect("attribute") + key.len();
        let end = tag[start..].find('"').expect("quote") + start;
        tag[start..end].parse().expect("number")
    };
    for raw in xml.lines() {
        let l = raw.trim();
        if l.starts_with("<page ") {
            page += 1;
        } else if l.starts_with("<word ") {
            let (Some(s), Some(e)) = (l.find('>'), l.rfind("</word>")) else {
                continue;
            };
            list.push(Word {
                text: l[s + 1..e].replace("&amp;", "&"),
                page,
                x: (attr(l, "xMin") + attr(l, "xMax")) / 2.0 * PT,
                y: (attr(l, "yMin") + attr(l, "yMax")) / 2.0 * PT,
            });
        }
    }
    list
}

fn parse(s: &str) -> Option<f64> {
    s.parse().ok()
}

/// (points, score) read off the row of the word `label` ("小计" or "合计"): the words of the
/// same line in the 分值 and 得分 columns.
fn footer_cells(ws: &[Word], label: &Word, points_x: f64, score_x: f64) -> (f64, f64) {
    let cell = |x: f64| {
        ws.iter()
            .find(|w| w.page == label.page && (w.y - label.y).abs() < 1.5 && (w.x - x).abs() < 4.0)
            .and_then(|w| parse(&w.text))
            .unwrap_or_else(|| panic!("no number beside {} at {:.1} mm", label.text, x))
    };
    (cell(points_x), cell(score_x))
}

struct Read {
    /// (points, score text) per item row, top to bottom, page by page.
    items: Vec<(f64, String)>,
    /// (points, score) per category subtotal, in order.
    subtotals: Vec<(f64, f64)>,
    total: (f64, f64),
}

fn read(pdf: &Path) -> Read {
    let ws = words(pdf);
    let mut items = Vec::new();
    let mut subtotals = Vec::new();
    let mut total = None;
    for page in 1..=pages(pdf) {
        let on: Vec<&Word> = ws.iter().filter(|w| w.page == page).collect();
        let (Some(ph), Some(sh)) = (
            on.iter().find(|w| w.text == "分值"),
            on.iter().find(|w| w.text == "得分"),
        ) else {
            continue;
        };
        let foot = on
            .iter()
            .filter(|w| w.text == "小计" || w.text == "合计")
            .map(|w| w.y)
            .fold(f64::MAX, f64::min);
        let mut rows: Vec<(f64, f64, String)> = Vec::new();
        for w in on.iter().filter(|w| w.y > ph.y + 2.0 && w.y < foot - 1.0) {
            if (w.x - ph.x).abs() < 4.0
                && let Some(p) = parse(&w.text)
            {
                rows.push((w.y, p, String::new()));
            }
        }
        for (y, _, score) in &mut rows {
            *score = on
                .iter()
                .find(|w| (w.x - sh.x).abs() < 4.0 && (w.y - *y).abs() < 1.5)
                .map(|w| w.text.clone())
                .unwrap_or_else(|| panic!("p{page}: no score beside the points at {y:.1} mm"));
        }
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        items.extend(rows.into_iter().map(|(_, p, s)| (p, s)));
        let mut labels: Vec<&&Word> = on
            .iter()
            .filter(|w| w.text == "小计" || w.text == "合计")
            .collect();
        labels.sort_by(|a, b| a.y.total_cmp(&b.y));
        for l in labels {
            let cells = footer_cells(&ws, l, ph.x, sh.x);
            if l.text == "合计" {
                total = Some(cells);
            } else {
                subtotals.push(cells);
            }
        }
    }
    Read {
        items,
        subtotals,
        total: total.expect("the 合计 row"),
    }
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[test]
fn totals_are_the_sums_of_the_item_scores_and_the_maxima_the_checklists() {
    let root = site().root.clone();
    let (records, diags) = dangjian::Site::load(&root, None);
    let records = records.unwrap_or_else(|| panic!("{diags:?}"));
    let checklist = records.corpus.checklist(ID).expect("checklist");
    let declared: Vec<f64> = checklist
        .categories
        .iter()
        .map(|c| c.points.as_ref().expect("category points").value)
        .collect();
    assert_eq!(
        declared,
        [40.0, 30.0, 30.0],
        "the demo's categories, as in seeds/000"
    );
    for year in YEARS {
        let pdf = table(year);
        let r = read(&pdf);
        let stats = checklist_stats(year);
        let json_items: Vec<&Value> = stats["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .flat_map(|c| c["groups"].as_array().expect("groups"))
            .flat_map(|g| g["items"].as_array().expect("items"))
            .collect();
        assert_eq!(r.items.len(), json_items.len(), "{year}: one row per item");
        for (i, ((points, score), j)) in r.items.iter().zip(&json_items).enumerate() {
            assert_eq!(
                *points,
                j["points"].as_f64().expect("points"),
                "{year} item {i}"
            );
            let want = if j["source"] == "unscored" {
                "—".to_owned()
            } else {
                num(j["score"].as_f64().expect("score"))
            };
            assert_eq!(score, &want, "{year} item {} ({})", i + 1, j["text"]);
        }
        // Category by category: the subtotal is the sum of the rows above it.
        let mut at = 0;
        assert_eq!(
            r.subtotals.len(),
            declared.len(),
            "{year}: a subtotal per category"
        );
        for (c, ((points, score), max)) in r.subtotals.iter().zip(&declared).enumerate() {
            let rows = stats["categories"][c]["rows"].as_u64().expect("rows") as usize;
            let mine = &r.items[at..at + rows];
            at += rows;
            let sum_points: f64 = mine.iter().map(|(p, _)| p).sum();
            let sum_score: f64 = mine.iter().filter_map(|(_, s)| parse(s)).sum();
            assert_eq!(*points, *max, "{year} category {c}: maximum");
            assert_eq!(sum_points, *max, "{year} category {c}: items' points");
            assert_eq!(*score, round2(sum_score), "{year} category {c}: subtotal");
        }
        let all: f64 = r.items.iter().filter_map(|(_, s)| parse(s)).sum();
        assert_eq!(r.total.0, 100.0, "{year}: full marks");
        assert_eq!(r.total.1, round2(all), "{year}: total = Σ item scores");
        assert_eq!(
            r.total.1,
            round2(r.subtotals.iter().map(|(_, s)| s).sum()),
            "{year}: total = Σ subtotals"
        );
        assert_eq!(r.total.1, stats["score"].as_f64().expect("score"), "{year}");
        eprintln!(
            "{year}: {} items, subtotals {:?}, total {:?}",
            r.items.len(),
            r.subtotals,
            r.total
        );
    }
}

#[test]
fn the_table_has_the_notice_attachments_columns_and_the_evidence() {
    let pdf = table(2025);
    let text = squash(&raw_text(&pdf));
    for head in [
        "类别",
        "任务目标",
        "具体内容",
        "分值",
        "得分",
        "责任部门",
        "评分依据",
    ] {
        assert!(text.contains(head), "column {head}");
    }
    // A manual score's evidence note and a computed one's finding.
    assert!(text.contains("党委会、院长办公会议事清单执行规范"));
    assert!(text.contains("［按记录］"));
    assert!(text.contains("（2025年度考核评分表）"));
    // The category cell spans its rows: printed once, in the first column.
    let ws = words(&pdf);
    let first = ws
        .iter()
        .filter(|w| w.page == 1 && w.text == "类别")
        .map(|w| w.x)
        .next()
        .expect("header");
    let in_first = ws
        .iter()
        .filter(|w| w.page == 1 && (w.x - first).abs() < 3.0 && w.text.contains('战'))
        .count();
    assert_eq!(in_first, 1, "“战斗堡垒型组织” once in the first column");
}

#[test]
fn the_checklist_pages_link_their_tables() {
    let s = site();
    for year in YEARS {
        assert!(table(year).is_file());
        let html = s.read(&format!("output/checklists/{ID}-{year}.html"));
        assert!(html.contains(&format!("{ID}-{year}.pdf")), "{year}");
    }
}
