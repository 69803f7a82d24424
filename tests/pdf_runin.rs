//! Issue 16, item 4: run-in numbered items ("1.优化党支部设置。严格落实……" in one paragraph)
//! and `numbering = "continuous"`, measured with poppler on the demo's notice 〔2024〕5号,
//! whose nine `### ……。` items run 1–9 across its （一）（二）（三） sections, and on its web page.

mod support;

use std::path::Path;

use support::pdf::{PT, build_edited, demo, lines, pages, render};
use support::{TestSite, assert_one};

const REL: &str = "content/notices/2024/5.md";

/// (lead-in, first characters of its paragraph) of every `### ……。` item of the record, in
/// order: what the PDF must show on one line as "n.lead-in text…".
fn items(markdown: &str) -> Vec<(String, String)> {
    let ls: Vec<&str> = markdown.lines().collect();
    ls.iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let lead = l.strip_prefix("### ")?;
            let text = ls[i + 1..].iter().find(|t| !t.trim().is_empty())?;
            Some((lead.to_owned(), text.chars().take(3).collect()))
        })
        .collect()
}

/// Every text line of the PDF, in reading order, with its page.
fn all_lines(pdf: &Path) -> Vec<(usize, support::pdf::Line)> {
    (1..=pages(pdf))
        .flat_map(|p| lines(pdf, p).into_iter().map(move |l| (p, l)))
        .collect()
}

/// The numbers that start item lines ("7.完善…"), in reading order.
fn item_numbers(pdf: &Path) -> Vec<u32> {
    all_lines(pdf)
        .iter()
        .filter_map(|(_, l)| {
            let digits: String = l.text.chars().take_while(char::is_ascii_digit).collect();
            let rest = &l.text[digits.len()..];
            // "2024年…" and "2025年10月…" are text, not items.
            (!digits.is_empty() && rest.starts_with('.')).then(|| digits.parse().ok())?
        })
        .collect()
}

#[test]
fn number_lead_in_and_text_share_one_line_and_count_on_across_sections() {
    let pdf = demo("2024-5");
    let md = std::fs::read_to_string(support::repo_root().join(REL)).expect("demo notice");
    let items = items(&md);
    assert_eq!(items.len(), 9, "the demo notice's items: {items:?}");
    let all = all_lines(&pdf);
    for (n, (lead, text)) in items.iter().enumerate() {
        let want = format!("{}.{lead}{text}", n + 1);
        assert!(
            all.iter().any(|(_, l)| l.text.starts_with(&want)),
            "no line starts with {want}: {:#?}",
            all.iter().map(|(_, l)| &l.text).collect::<Vec<_>>()
        );
    }
    // 1–9 in reading order, across the three sections: no restart at （二） or （三）.
    assert_eq!(item_numbers(&pdf), (1..=9).collect::<Vec<_>>());
    // The sections are there, between the items.
    let at = |s: &str| {
        all.iter()
            .position(|(_, l)| l.text.starts_with(s))
            .unwrap_or_else(|| panic!("no line {s}"))
    };
    assert!(at("3.") < at("（二）规范组织生活") && at("（二）规范组织生活") < at("4."));
    assert!(at("6.") < at("（三）规范基础保障") && at("（三）规范基础保障") < at("7."));
    // The bold lead-ins written `**……。**` are one line with their text, and no asterisk is
    // left anywhere in the document.
    assert!(at("加强组织领导。各支部书记") > at("三、工作要求"));
    assert!(at("注重工作实效。活动不另起") > at("三、工作要求"));
    let text = support::pdf::text(&pdf);
    assert!(!text.contains('*'), "an asterisk in the notice: {text}");
}

/// Dark pixels per mm² over `x0..x1` (mm) in the glyph band of the line at `y0..y1`.
fn ink(r: &support::pdf::Raster, x0: f64, x1: f64, y0: f64, y1: f64) -> f64 {
    let (a, b) = (r.px_of(x0), r.px_of(x1));
    let (top, bottom) = (r.px_of(y0), r.px_of(y1));
    let dark = (top..bottom)
        .map(|y| (a..b).filter(|&x| r.is_dark(x, y)).count())
        .sum::<usize>();
    dark as f64 / ((x1 - x0) * (y1 - y0))
}

#[test]
fn the_lead_in_is_bold_and_its_text_is_not() {
    // Faux bold (a stroke around the 仿宋 glyphs) has no font of its own to read back, so it is
    // measured as ink: the lead-in's characters against the text's on the same lines, summed
    // over all nine items so that no one character's strokes decide. Measured: 2.3× bold,
    // 1.15× with the lead-in set plain (its first characters happen to be denser).
    let pdf = demo("2024-5");
    let md = std::fs::read_to_string(support::repo_root().join(REL)).expect("demo notice");
    let items = items(&md);
    let cell = (16.0 - 0.22) * PT;
    let rasters: Vec<_> = (1..=pages(&pdf)).map(|p| render(&pdf, p, 150)).collect();
    let (mut lead_ink, mut text_ink, mut plain_a, mut plain_b) = (0.0, 0.0, 0.0, 0.0);
    for (p, l) in all_lines(&pdf) {
        let r = &rasters[p - 1];
        let Some((n, (lead, _))) = items
            .iter()
            .enumerate()
            .find(|(n, (lead, _))| l.text.starts_with(&format!("{}.{lead}", n + 1)))
        else {
            // A plain body line, full width: its two halves, for contrast.
            if l.x1 - l.x0 > 150.0 {
                let mid = (l.x0 + l.x1) / 2.0;
                plain_a += ink(r, l.x0, mid, l.y0, l.y1);
                plain_b += ink(r, mid, l.x1, l.y0, l.y1);
            }
            continue;
        };
        // "n." takes one cell; the lead-in's characters before its 。 follow.
        let digits = (n + 1).to_string().len();
        let start = l.x0 + cell * (digits as f64 + 1.0) / 2.0;
        let chars = lead.chars().count() - 1;
        let k = chars.min(5) as f64;
        lead_ink += ink(r, start, start + k * cell, l.y0, l.y1);
        text_ink += ink(r, l.x1 - k * cell, l.x1, l.y0, l.y1);
    }
    let ratio = lead_ink / text_ink;
    let plain = plain_a / plain_b;
    assert!(
        ratio > 1.6,
        "lead-ins carry {ratio:.2}× the ink of their text (plain lines' halves: {plain:.2}×)"
    );
    assert!(
        (0.8..1.2).contains(&plain),
        "plain lines' halves differ by {plain:.2}×"
    );
}

#[test]
fn the_web_page_shows_the_same_items() {
    let page = support::pdf::built()
        .demo
        .read("output/notices/2024-5.html");
    let md = std::fs::read_to_string(support::repo_root().join(REL)).expect("demo notice");
    for (n, (lead, text)) in items(&md).iter().enumerate() {
        let want = format!("<p><strong>{}.{lead}</strong>{text}", n + 1);
        assert!(page.contains(&want), "no {want} in the page");
    }
    assert!(page.contains("<p><strong>加强组织领导。</strong>各支部书记"));
    let body = &page[page.find("各党支部").expect("body")..];
    assert!(!body.contains('*'), "an asterisk on the page");
}

#[test]
fn without_continuous_numbering_the_items_restart_in_each_section() {
    let site = build_edited(TestSite::demo(), REL, "notices", |t| {
        t.replacen("numbering = \"continuous\"\n", "", 1)
    });
    let pdf = site.path("output/notices/2024-5.pdf");
    assert_eq!(item_numbers(&pdf), [1, 2, 3, 1, 2, 3, 1, 2, 3]);
}

#[test]
fn an_unknown_numbering_is_an_error_naming_the_value_meant() {
    let site = TestSite::copy_of("pdf-basic");
    let rel = "content/notices/2024/1.md";
    let text = site
        .read(rel)
        .replacen("+++\n", "+++\nnumbering = \"连续\"\n", 1);
    site.write(rel, &text);
    let (_, diags) = site.check_json();
    let errors: Vec<_> = diags
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect();
    let d = assert_one(&errors, "invalid-value", rel, 2, 13);
    assert_eq!(d.message, "字段 `numbering` 的值“连续”不在可选范围内");
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "是否应为“continuous”？可选：continuous（三级标题 1. 2. … 全文连续编号）、\
             sections（每个一级、二级标题下重新从 1. 编号，默认）"
        )
    );
}

#[test]
fn an_annual_summary_numbers_its_items_on_too() {
    let site = TestSite::copy_of("pdf-basic");
    let rel = "content/annual/2024.md";
    let text = site.read(rel).replacen(
        "+++\n全年",
        "numbering = \"continuous\"\n+++\n# 甲\n\n### 子项。\n正文\n\n# 乙\n\n### 丑项。\n正文\n\n全年",
        1,
    );
    site.write(rel, &text);
    let out = site.run(&["build", "--no-pdf"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = site.read("output/annual/2024.html");
    assert!(
        page.contains("<p><strong>1.子项。</strong>正文</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p><strong>2.丑项。</strong>正文</p>"),
        "{page}"
    );

    // And its value is checked like a notice's.
    site.write(
        rel,
        &site.read(rel).replacen("\"continuous\"", "\"sectoins\"", 1),
    );
    let (_, diags) = site.check_json();
    let d = assert_one(&diags, "invalid-value", rel, 3, 13);
    assert_eq!(d.message, "字段 `numbering` 的值“sectoins”不在可选范围内");
}

#[test]
fn a_record_book_prints_an_activitys_run_in_item_in_one_paragraph() {
    // The record book evaluates bodies with a scope of its own: without `runin` in it, an
    // activity written this way would fail the whole book.
    let rel = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
    let site = build_edited(TestSite::copy_of("pdf-basic"), rel, "books", |t| {
        t.replacen(
            "支部集中学习。",
            "### 集中学习党章。\n全体党员逐章学习。",
            1,
        )
    });
    let book = std::fs::read_dir(site.path("output/books"))
        .expect("books folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a record book");
    let all: Vec<String> = all_lines(&book).into_iter().map(|(_, l)| l.text).collect();
    assert!(
        all.iter()
            .any(|l| l.starts_with("集中学习党章。全体党员逐章学习。")),
        "{all:#?}"
    );
}
