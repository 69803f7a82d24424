//! Checklist tables that run on to the next page (issue 16 item 11), read back with poppler:
//! the demo's assessment table of 2025 takes four pages; every page after the first starts
//! with the header row, and the category and group whose rows continue there are labelled
//! again, "名称（续）", in their columns. The category column holds four characters a line.
//! The table ends with the signature block. A checklist with `landscape = true` and
//! `total_row = false` prints on landscape A4 without 合计 and 小计, in the assessment table
//! and in the notice that issues it; wrong values of both are reported where they are.

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use support::TestSite;
use support::pdf::*;

const CHECKLIST: &str = "content/checklists/sanqiang-sanyou.toml";
const HEADER: [&str; 7] = [
    "类别",
    "任务目标",
    "具体内容",
    "分值",
    "得分",
    "责任部门",
    "评分依据",
];

/// The demo built with its assessment tables and notices, and what the build printed.
fn built() -> &'static (TestSite, String) {
    static S: OnceLock<(TestSite, String)> = OnceLock::new();
    S.get_or_init(|| {
        require();
        let site = TestSite::demo();
        link_fonts(&site.root);
        let o = site.run(&["build", "--pdf", "checklists,notices"]);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(o.status.success(), "{err}");
        (site, err)
    })
}

fn demo() -> &'static TestSite {
    &built().0
}

#[test]
fn the_tables_settle_in_typst() {
    // The labels of continued cells come from the previous layout pass; typst says so when
    // five passes do not settle (the notice that issues the checklist did, once).
    let err = &built().1;
    assert!(
        !err.contains("converge") && !err.contains("stabilize"),
        "{err}"
    );
    let notice = demo().path("output/notices/2024-2.pdf");
    assert!(text(&notice).contains("（续）"));
}

#[derive(Debug, Clone)]
struct Word {
    text: String,
    page: usize,
    /// Centre, mm.
    x: f64,
    y: f64,
}

/// Every word of the document with its centre, from `pdftotext -bbox`.
fn words(pdf: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success());
    let xml = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!(" {name}=\"");
        let start = tag.find(&key).expect("attribute") + key.len();
        let end = tag[start..].find('"').expect("quote") + start;
        tag[start..end].parse().expect("number")
    };
    let mut page = 0;
    let mut list = Vec::new();
    for raw in xml.lines() {
        let l = raw.trim();
        if l.starts_with("<page ") {
            page += 1;
        } else if l.starts_with("<word ")
            && let (Some(s), Some(e)) = (l.find('>'), l.rfind("</word>"))
        {
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

fn on_page(ws: &[Word], page: usize) -> Vec<&Word> {
    ws.iter().filter(|w| w.page == page).collect()
}

fn find<'a>(ws: &[&'a Word], text: &str) -> &'a Word {
    ws.iter()
        .find(|w| w.text == text)
        .copied()
        .unwrap_or_else(|| panic!("no word {text:?} in {:?}", texts(ws)))
}

fn texts(ws: &[&Word]) -> Vec<String> {
    ws.iter().map(|w| w.text.clone()).collect()
}

/// The text of the column under the header word `head`, top to bottom (words centred within
/// 4 mm of the header's centre), below the header row.
fn column(ws: &[&Word], head: &str) -> Vec<String> {
    let h = find(ws, head);
    let mut col: Vec<&&Word> = ws
        .iter()
        .filter(|w| w.y > h.y + 1.0 && (w.x - h.x).abs() < 4.0)
        .collect();
    col.sort_by(|a, b| a.y.total_cmp(&b.y));
    col.iter().map(|w| w.text.clone()).collect()
}

/// The names of the checklist's categories and groups, as the record has them.
fn names(toml: &str) -> Vec<String> {
    toml.lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|l| l.trim_end_matches('"').to_owned())
        .collect()
}

/// The labels a column holds: its words joined up to each "（续）" or "（N）".
fn labels(col: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for w in col {
        cur.push_str(w);
        if w.starts_with('（') && w.ends_with('）') {
            out.push(std::mem::take(&mut cur));
        }
    }
    out
}

#[test]
fn every_page_after_the_first_repeats_the_header_and_labels_what_continues() {
    let pdf = demo().path("output/checklists/sanqiang-sanyou-2025.pdf");
    let n = pages(&pdf);
    assert!(n >= 3, "the demo table should run on: {n} pages");
    let ws = words(&pdf);
    let record = std::fs::read_to_string(repo_path(CHECKLIST)).expect("checklist");
    let names = names(&record);
    let mut continued = 0;
    for page in 1..=n {
        let on = on_page(&ws, page);
        let header: Vec<&Word> = HEADER.iter().map(|h| find(&on, h)).collect();
        let top = header.iter().map(|w| w.y).fold(f64::MAX, f64::min);
        for h in &header {
            assert!((h.y - top).abs() < 1.0, "page {page}: header row not level");
        }
        // The header is the first thing of the table: from page 2 on, the first line on the
        // page (within the top margin's reach).
        if page > 1 {
            assert!(
                top < TOP + 12.0,
                "page {page}: header at {top:.1} mm, not at the top"
            );
            let above: Vec<&&Word> = on.iter().filter(|w| w.y < top - 1.0).collect();
            assert!(
                above.is_empty(),
                "page {page}: text above the header: {above:?}"
            );
        }
        for head in ["类别", "任务目标"] {
            let col = column(&on, head);
            let labels = labels(&col);
            assert!(!labels.is_empty(), "page {page}: nothing under {head}");
            for (i, l) in labels.iter().enumerate() {
                if let Some(name) = l.strip_suffix("（续）") {
                    // Only the first label of a page continues, and it names a category or
                    // group of the record that was already on the page before.
                    assert_eq!(i, 0, "page {page} {head}: {l} is not the first label");
                    assert!(page > 1, "page 1 continues nothing: {l}");
                    assert!(names.iter().any(|n| n == name), "{l} names nothing");
                    let before = labels_of(&ws, page - 1, head);
                    assert!(
                        before.last().is_some_and(|b| b.starts_with(name)),
                        "page {page}: {l} does not continue the last label of page {}: {before:?}",
                        page - 1
                    );
                    continued += 1;
                }
            }
            if head == "类别" {
                // Four characters a line: no word in the column is longer, and the long
                // names fill their lines.
                assert!(
                    col.iter().all(|w| w.chars().count() <= 4),
                    "page {page}: {col:?}"
                );
                assert!(col.iter().any(|w| w.chars().count() == 4), "{col:?}");
            }
        }
    }
    // The demo's 2025 table continues a category on every page after the first and a group on
    // at least one.
    assert!(
        continued > n - 1,
        "only {continued} continued labels on {n} pages"
    );
}

fn labels_of(ws: &[Word], page: usize, head: &str) -> Vec<String> {
    labels(&column(&on_page(ws, page), head))
}

fn repo_path(rel: &str) -> std::path::PathBuf {
    support::repo_root().join(rel)
}

#[test]
fn the_assessment_table_ends_with_the_signature_block() {
    let pdf = demo().path("output/checklists/sanqiang-sanyou-2025.pdf");
    let last = pages(&pdf);
    let ws = words(&pdf);
    let on = on_page(&ws, last);
    let total = find(&on, "合计");
    let signer = find(&on, "考核人：");
    let checker = find(&on, "审核人：");
    let date = find(&on, "日期：");
    let unit = find(&on, "被考核单位（盖章）：");
    assert!(signer.y > total.y + 10.0, "the signatures follow the table");
    assert!((checker.y - signer.y).abs() < 1.0 && (date.y - signer.y).abs() < 1.0);
    assert!(signer.x < checker.x && checker.x < date.x);
    assert!(unit.y > signer.y + 5.0, "被考核单位 on the line below");
    // The lines are blank: nothing follows 考核人： on its line before 审核人：.
    assert!(
        !on.iter()
            .any(|w| (w.y - signer.y).abs() < 1.0 && w.x > signer.x && w.x < checker.x),
        "the 考核人 line is not blank"
    );
}

/// The demo with its checklist turned landscape and without total rows, built with the
/// assessment tables and the notices.
fn landscape() -> &'static TestSite {
    static S: OnceLock<TestSite> = OnceLock::new();
    S.get_or_init(|| {
        build_edited(TestSite::demo(), CHECKLIST, "checklists,notices", |t| {
            t.replacen(
                "year = 2024\n",
                "year = 2024\nlandscape = true\ntotal_row = false\n",
                1,
            )
        })
    })
}

#[test]
fn a_landscape_checklist_without_total_rows() {
    let site = landscape();
    let pdf = site.path("output/checklists/sanqiang-sanyou-2025.pdf");
    let (w, h) = page_size(&pdf);
    assert!(
        (w - 297.0).abs() < 0.5 && (h - 210.0).abs() < 0.5,
        "{w:.1} x {h:.1} mm"
    );
    let ws = words(&pdf);
    let n = pages(&pdf);
    assert!(n >= 2, "the landscape table still runs on: {n} pages");
    for page in 1..=n {
        let on = on_page(&ws, page);
        find(&on, "评分依据");
    }
    let all = text(&pdf);
    assert!(!all.contains("合计") && !all.contains("小计"), "{all}");
    assert!(all.contains("（续）"));
    assert!(all.contains("考核人："));
    // The notice that issues the checklist prints it without its 合计 row, on its own page
    // size (a notice stays portrait).
    let notice = site.path("output/notices/2024-2.pdf");
    assert!(text(&notice).contains("具体内容"));
    assert!(!text(&notice).contains("合计"));
    let (w, _) = page_size(&notice);
    assert!((w - 210.0).abs() < 0.5);
}

#[test]
fn the_demo_tables_keep_their_total_rows() {
    let pdf = demo().path("output/checklists/sanqiang-sanyou-2025.pdf");
    let all = text(&pdf);
    assert!(all.contains("合计") && all.contains("小计"));
    let (w, h) = page_size(&pdf);
    assert!((w - 210.0).abs() < 0.5 && (h - 297.0).abs() < 0.5);
}

#[test]
fn wrong_values_of_the_layout_fields_are_reported_where_they_are() {
    let site = TestSite::demo();
    site.replace(
        CHECKLIST,
        "year = 2024\n",
        "year = 2024\nlandscape = \"是\"\ntotal_row = 1\n",
    );
    let (code, diags) = site.check_json();
    assert_ne!(code, 0);
    let wrong: Vec<_> = diags.iter().filter(|d| d.code == "wrong-type").collect();
    assert_eq!(wrong.len(), 2, "{diags:#?}");
    assert_eq!(
        (wrong[0].line, wrong[0].column, wrong[0].message.as_str()),
        (
            3,
            13,
            "字段 `landscape` 应为布尔值（true 或 false），实际是文本"
        )
    );
    assert_eq!(
        (wrong[1].line, wrong[1].column, wrong[1].message.as_str()),
        (
            4,
            13,
            "字段 `total_row` 应为布尔值（true 或 false），实际是整数"
        )
    );
    assert!(wrong.iter().all(|d| d.file == CHECKLIST));
}
