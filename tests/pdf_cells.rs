//! Issue 16, item 9: 28 cells a line, as on a typist's grid. Every full body line of every
//! demo notice, and of a notice dense with runs of marks (》、《, ”，“), is measured with
//! poppler: it spans the 版心 (28 × ZI_MM) and holds 28 cells, a CJK character or a
//! full-width mark one cell each, a Latin letter or digit half a cell. Typst narrows marks at
//! a line's ends and in runs unless told not to, which put 29 or 30 characters on a line.
//!
//! A line holds fewer than 28 only where the next character could not end it (避头尾,
//! handled by pulling as Word does): the next line starts with a character and a closing
//! mark that came down with it, or with an opening mark, or with a number that is not
//! split; or where the line holds Latin characters, whose widths are not exact half cells
//! (then it holds at least 27).

mod support;

use std::path::Path;
use support::pdf::*;

const OPENING: &str = "“‘（《〔「『【";
const CLOSING: &str = "，。、；：？！”’）》〕」』】";

fn cells(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// Checks every full line of `pdf`; returns how many it found.
fn check(pdf: &Path) -> usize {
    let mut full = 0;
    for page in 1..=pages(pdf) {
        let (left, right) = edges(page);
        let ls = body_lines(pdf, page);
        for (i, l) in ls.iter().enumerate() {
            // Full lines: from the left edge, or two cells in (a paragraph's first line),
            // to the right edge. A paragraph's last line ends short of it.
            let indent = if (l.x0 - left).abs() < 0.3 {
                0.0
            } else if (l.x0 - left - 2.0 * ZI_MM).abs() < 0.3 {
                2.0
            } else {
                continue;
            };
            if (l.x1 - right).abs() > 0.3 {
                assert!(
                    l.x1 < right,
                    "{} p{page}: a line runs {:.2} mm past the right edge: {}",
                    pdf.display(),
                    l.x1 - right,
                    l.text
                );
                continue;
            }
            full += 1;
            let n = indent + cells(&l.text);
            let next = ls.get(i + 1).map_or(String::new(), |n| n.text.clone());
            let nc: Vec<char> = next.chars().collect();
            let pulled = nc.get(1).is_some_and(|c| CLOSING.contains(*c))
                || nc
                    .first()
                    .is_some_and(|c| OPENING.contains(*c) || c.is_ascii());
            let latin = l.text.chars().any(|c| c.is_ascii());
            assert!(
                n == 28.0 || (n <= 28.0 && (pulled || (latin && n >= 27.0))),
                "{} p{page}: a full line of {n} cells: {} / next: {next}",
                pdf.display(),
                l.text
            );
        }
    }
    full
}

#[test]
fn every_full_line_of_the_demo_notices_holds_28_cells() {
    let dir = built().demo.path("output/notices");
    let mut pdfs: Vec<_> = std::fs::read_dir(&dir)
        .expect("output/notices")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 5, "{pdfs:?}");
    let full: usize = pdfs.iter().map(|p| check(p)).sum();
    assert!(full >= 100, "only {full} full lines");
}

#[test]
fn runs_of_marks_take_a_cell_each() {
    // Every line of this body has runs of marks that typst would narrow.
    let body = "各党支部要把《中国共产党章程》《中国共产党纪律处分条例》、《关于新形势下党内政治生活的若干准则》作为必读书目，\
结合“三会一课”“主题党日”“党员活动日”开展学习；要落实“一岗双责”，做到“两手抓、两手硬”。\
学习中要坚持“学、思、用”贯通，把“要我学”变为“我要学”，坚持原原本本学、逐章逐条学（每月不少于两次）、\
联系实际学（结合科室工作）、《党支部工作条例》《党员教育管理工作条例》对照学，\
确保“学有所获”“学有所用”“学用相长”。";
    let site = fixture_with_first_notice(|t| {
        t.replacen(
            "各党支部于2月底前开展一次主题党日活动，集中学习党章。",
            &format!("{body}{body}"),
            1,
        )
    });
    let pdf = site.path("output/notices/2024-1.pdf");
    let full = check(&pdf);
    assert!(full >= 10, "only {full} full lines");
}
