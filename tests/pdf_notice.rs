//! The notice PDFs measured against GB/T 9704-2012 (the numbers in the project's digest of the
//! standard): the demo's long notice (2024/2: 5+ pages with a checklist attachment), its short
//! one (2024/3), its letter (2024/4) and upward report (2025/2), and the fixture site
//! `tests/fixtures/pdf-basic` (a one-page sealed notice, attachments, a letter, special
//! characters). Both sites are built once, with the real binary.

mod support;

use support::pdf::*;

const OPENING: &str = "“‘（《〔";
const CLOSING: &str = "，。、；：？！”’）》〕";

fn is_wide(c: char) -> bool {
    !c.is_ascii()
}

#[test]
fn a4_pages_and_the_text_block_margins() {
    let pdf = demo("2024-2");
    let n = pages(&pdf);
    assert!(n >= 5, "the long notice has {n} pages");
    let (w, h) = page_size(&pdf);
    near("page width", w, 210.0, 0.5);
    near("page height", h, 297.0, 0.5);
    for page in 2..=4 {
        let (left, right) = edges(page);
        let ls = body_lines(&pdf, page);
        let x0 = ls.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
        near(&format!("p{page} text block left edge"), x0, left, 1.0);
        // Full lines end on the right edge (a trailing comma hangs half a character out).
        let full = ls
            .iter()
            .filter(|l| {
                l.text
                    .chars()
                    .last()
                    .is_some_and(|c| !"，。、；：”".contains(c))
            })
            .map(|l| l.x1)
            .fold(0.0, f64::max);
        near(&format!("p{page} text block right edge"), full, right, 1.0);
        near(&format!("p{page} first line top"), ls[0].y0, TOP, 1.0);
        eprintln!(
            "p{page}: left {x0:.2} mm, right {full:.2} mm, top {:.2} mm",
            ls[0].y0
        );
    }
}

#[test]
fn twenty_two_lines_of_twenty_eight_characters() {
    let pdf = demo("2024-2");
    let mut most = 0;
    let mut full_lines = 0;
    // The body's pages: up to the one with the date (the attachment after it is a table).
    let last = (1..=pages(&pdf))
        .find(|&p| lines(&pdf, p).iter().any(|l| l.text == "2024年4月10日"))
        .expect("the date line");
    for page in 2..=last {
        let ls = body_lines(&pdf, page);
        if ls.is_empty() {
            continue;
        }
        let (left, right) = edges(page);
        for (i, l) in ls.iter().enumerate() {
            // Every line sits on the grid: 37 mm + k × pitch, k in 0..22.
            let k = (l.y0 - TOP) / PITCH_MM;
            assert!(
                (k - k.round()).abs() * PITCH_MM < 0.3 && k.round() <= 21.0,
                "p{page} line off the grid at {:.2} mm: {}",
                l.y0,
                l.text
            );
            let chars: Vec<char> = l.text.chars().collect();
            if chars.iter().all(|c| is_wide(*c))
                && (l.x0 - left).abs() < 0.5
                && l.x1 > right - ZI_MM / 2.0
            {
                // 27 only where a 28th character would break the line-breaking rules
                // (禁则): an opening quote at a line's end, closing punctuation at the next
                // line's start, or a number or Latin word that cannot be split.
                let next: Vec<char> = ls.get(i + 1).map_or(vec![], |n| n.text.chars().collect());
                let kinsoku = next
                    .first()
                    .is_some_and(|c| OPENING.contains(*c) || c.is_ascii())
                    || next.get(1).is_some_and(|c| CLOSING.contains(*c));
                assert!(
                    chars.len() == 28 || (chars.len() == 27 && kinsoku),
                    "p{page} full line of {} characters: {} / next: {}",
                    chars.len(),
                    l.text,
                    next.iter().collect::<String>()
                );
                full_lines += usize::from(chars.len() == 28);
            }
        }
        if ls.len() == 22 {
            near(&format!("p{page} line 22 bottom"), ls[21].y1, BOTTOM, 0.5);
        }
        most = most.max(ls.len());
    }
    assert_eq!(most, 22, "a full page has 22 lines");
    assert!(
        full_lines >= 20,
        "only {full_lines} full lines of CJK text found"
    );
    // Page 1 below the header is on the same grid, from the recipients on.
    let ls = body_lines(&pdf, 1);
    let from = ls
        .iter()
        .position(|l| l.text.starts_with("各党支部"))
        .expect("recipients");
    for l in &ls[from..] {
        let k = (l.y0 - TOP) / PITCH_MM;
        assert!(
            (k - k.round()).abs() * PITCH_MM < 0.3,
            "p1 off the grid: {:.2} mm",
            l.y0
        );
    }
    assert!(ls.len() - from > 4, "page 1 shows body text");
}

/// The mark's red pixel rows: (top, bottom) in mm.
fn mark_rows(r: &Raster) -> (f64, f64) {
    let rows = r.rows(27.0, 185.0, |r, x, y| r.is_red(x, y));
    let first = bands(&rows)[0];
    (r.mm(first.0), r.mm(first.1 + 1))
}

#[test]
fn organ_mark_is_red_and_its_top_is_72_mm_from_the_page_top() {
    for pdf in [demo("2024-2"), demo("2024-3"), notice_pdf("2024-1")] {
        let r = render(&pdf, 1, 150);
        let (top, bottom) = mark_rows(&r);
        near("organ mark top edge", top, 72.0, 1.0);
        assert!(
            bottom - top > 10.0,
            "the mark is {:.1} mm high",
            bottom - top
        );
        // Never wider than the 版心.
        let cols: Vec<usize> = (r.px_of(top + 1.0)..r.px_of(bottom - 1.0))
            .flat_map(|y| r.cols(y, |r, x, y| r.is_red(x, y)))
            .collect();
        let (l, rt) = (
            r.mm(*cols.iter().min().unwrap_or(&0)),
            r.mm(*cols.iter().max().unwrap_or(&0)),
        );
        assert!(l >= 27.5 && rt <= 184.5, "mark spans {l:.1}–{rt:.1} mm");
        let runs = runs(&pdf, 1);
        let mark = runs
            .iter()
            .find(|x| x.text.ends_with("文件"))
            .expect("mark run");
        assert_eq!(mark.color, "#e60012");
        assert!(mark.family.contains("NotoSerifCJK"), "{}", mark.family);
        eprintln!(
            "{}: mark top {top:.2} mm, {:.1} mm high, {l:.1}–{rt:.1} mm",
            pdf.display(),
            bottom - top
        );
    }
}

#[test]
fn document_number_red_line_and_star() {
    let pdf = demo("2024-2");
    let r = render(&pdf, 1, 200);
    let (_, mark_bottom) = mark_rows(&r);
    // The red line: rows where red covers most of the 版心's width.
    let line_rows: Vec<usize> = (0..r.height)
        .filter(|&y| r.mm(r.count_in_row(y, |r, x, y| r.is_red(x, y))) > 140.0)
        .collect();
    let line = bands(&line_rows);
    assert_eq!(line.len(), 1, "one red line: {line:?}");
    let (ly0, ly1) = (r.mm(line[0].0), r.mm(line[0].1 + 1));
    let line_y = (ly0 + ly1) / 2.0;
    let cols = r.cols((line[0].0 + line[0].1) / 2, |r, x, y| r.is_red(x, y));
    near("red line left end", r.mm(cols[0]), 28.0, 1.0);
    near(
        "red line right end",
        r.mm(cols[cols.len() - 1] + 1),
        184.0,
        1.0,
    );
    // The ★ sits in a gap at the middle: white on both sides of it on the line, red above it.
    let mid = 106.0;
    let y = (line[0].0 + line[0].1) / 2;
    let white = |a: f64, b: f64| (r.px_of(a)..r.px_of(b)).any(|x| !r.is_red(x, y));
    assert!(
        white(mid - 6.0, mid - 2.0) && white(mid + 2.0, mid + 6.0),
        "no gap around the star"
    );
    let star_top = (0..r.height)
        .find(|&yy| r.is_red(r.px_of(mid), yy) && r.mm(yy) > mark_bottom + 5.0)
        .map(|yy| r.mm(yy))
        .unwrap_or(0.0);
    assert!(
        line_y - star_top > 1.5,
        "no star above the line centre ({star_top:.1} vs {line_y:.1})"
    );
    // The document number: 〔〕, full year, no leading zeros, centred.
    let runs = runs(&pdf, 1);
    let num = runs
        .iter()
        .find(|x| x.text.contains('〔'))
        .expect("document number");
    assert_eq!(num.text, "澄中医党〔2024〕2号");
    near("number centre", num.left + num.width / 2.0, 106.0, 1.0);
    // Its ink, from the pixels between the mark and the line.
    let ink: Vec<usize> = r
        .rows(num.left, num.left + num.width, |r, x, y| r.is_dark(x, y))
        .into_iter()
        .filter(|&y| r.mm(y) > mark_bottom && r.mm(y) < ly0)
        .collect();
    let (nt, nb) = (r.mm(ink[0]), r.mm(ink[ink.len() - 1] + 1));
    near(
        "number two lines below the mark",
        nt - mark_bottom,
        2.0 * PITCH_MM,
        1.5,
    );
    near("red line 4 mm below the number", line_y - nb, 4.0, 1.0);
    eprintln!(
        "mark bottom {mark_bottom:.2}, number {nt:.2}–{nb:.2}, red line {ly0:.2}–{ly1:.2} mm, star top {star_top:.2}"
    );
    for bad in ["〔2024〕02号", "第2号", "[2024]", "(2024)"] {
        assert!(!runs.iter().any(|x| x.text.contains(bad)));
    }
}

#[test]
fn title_is_2hao_xiaobiaosong_centred_two_lines_below_the_red_line() {
    let pdf = demo("2024-2");
    let r = render(&pdf, 1, 150);
    let line_rows: Vec<usize> = (0..r.height)
        .filter(|&y| r.mm(r.count_in_row(y, |r, x, y| r.is_red(x, y))) > 140.0)
        .collect();
    let red_line = r.mm(line_rows[line_rows.len() - 1]);
    let ls = lines(&pdf, 1);
    let title: Vec<&Line> = ls
        .iter()
        .filter(|l| (l.y1 - l.y0 - 22.0 * PT).abs() < 0.2)
        .collect();
    assert_eq!(title.len(), 2, "{title:?}");
    let all: String = title.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(all, "中共澄州市中医院委员会关于开展“三强三优”行动的通知");
    for l in &title {
        near("title line centre", (l.x0 + l.x1) / 2.0, 106.0, 1.0);
        // 2号: each CJK character advances 22pt.
        let n = l.text.chars().count() as f64;
        let size = (l.x1 - l.x0) / n / PT;
        assert!(
            (size - 22.0).abs() <= 0.5,
            "title size {size:.2}pt: {}",
            l.text
        );
    }
    let runs = runs(&pdf, 1);
    let t = runs
        .iter()
        .find(|x| x.text.starts_with("关于开展"))
        .expect("title run");
    assert_eq!(t.size, 22.0);
    assert!(t.family.contains("NotoSerifCJK"), "{}", t.family);
    // Two empty grid lines between the red line and the title's line.
    // poppler's box is the 22pt em box; the template centres it on the 16pt grid line.
    let title_line_top = title[0].y0 + 3.0 * PT;
    let gap = title_line_top - red_line;
    assert!(
        (2.0 * PITCH_MM - 1.0..=3.0 * PITCH_MM + 0.5).contains(&gap),
        "title {gap:.2} mm below the red line"
    );
    // The recipients one blank line below, flush left, with a full-width colon.
    let rec = ls
        .iter()
        .find(|l| l.text.starts_with("各党支部"))
        .expect("recipients");
    assert_eq!(rec.text, "各党支部：");
    near("recipients flush left", rec.x0, 28.0, 0.5);
    let title_last_line = title_line_top + PITCH_MM;
    near(
        "recipients one blank line below the title",
        rec.y0 - title_last_line,
        2.0 * PITCH_MM,
        0.6,
    );
    let body = ls
        .iter()
        .find(|l| l.text.starts_with("为深入学习"))
        .expect("first body line");
    near("paragraph indent", body.x0 - 28.0, 2.0 * ZI_MM, 0.3);
    near("body on the next line", body.y0 - rec.y0, PITCH_MM, 0.3);
    eprintln!(
        "red line {red_line:.2}, title top {title_line_top:.2} (gap {gap:.2}), recipients {:.2} mm",
        rec.y0
    );
}

#[test]
fn headings_use_the_role_fonts() {
    let pdf = demo("2024-2");
    let mut seen = [false; 4];
    for page in 1..=pages(&pdf) {
        for r in runs(&pdf, page) {
            if r.text.starts_with("一、") || r.text.starts_with("二、") {
                assert!(r.family.contains("FandolHei"), "{}: {}", r.text, r.family);
                seen[0] = true;
            } else if r.text.starts_with("（一）") || r.text.starts_with("（二）") {
                assert!(r.family.contains("FandolKai"), "{}: {}", r.text, r.family);
                seen[1] = true;
            } else if r.text.starts_with("1.优化") {
                assert!(r.family.contains("FandolFang"), "{}: {}", r.text, r.family);
                seen[2] = true;
            } else if r.family.contains("FandolFang") && r.size == 16.0 {
                seen[3] = true;
            }
        }
    }
    assert_eq!(
        seen, [true; 4],
        "一、 黑体, （一） 楷体, 1. 仿宋, body 仿宋"
    );
    let fonts = fonts(&pdf);
    for want in [
        "FandolFang",
        "FandolHei",
        "FandolKai",
        "NotoSerifCJKsc-Bold",
    ] {
        assert!(
            fonts.iter().any(|(n, _)| n.contains(want)),
            "{want} not in {fonts:?}"
        );
    }
}

#[test]
fn every_font_is_embedded() {
    let b = built();
    for site in [&b.demo, &b.fixture] {
        for e in std::fs::read_dir(site.path("output/notices")).expect("notices") {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "pdf") {
                let f = fonts(&p);
                assert!(!f.is_empty());
                assert!(f.iter().all(|(_, emb)| *emb), "{}: {f:?}", p.display());
            }
        }
    }
}

#[test]
fn nothing_is_red_but_the_mark_and_the_line() {
    let pdf = demo("2024-2");
    for page in 1..=pages(&pdf) {
        for r in runs(&pdf, page) {
            if !(page == 1 && r.text.ends_with("文件")) {
                assert_eq!(r.color, "#000000", "p{page}: {}", r.text);
            }
        }
        let raster = render(&pdf, page, 50);
        let red = raster.count(|r, x, y| r.is_red(x, y) && r.mm(y) > 130.0);
        assert_eq!(red, 0, "p{page}: red pixels below the header");
        if page > 1 {
            assert_eq!(raster.count(|r, x, y| r.is_red(x, y)), 0, "p{page} has red");
        }
    }
}
