//! Issue 16, item 8: the body starts on page 1 (公文首页必须显示正文) and no page holds the
//! signature and date without body text (7.3.5.5), whatever the length of the body, the
//! title, the attachments, the seal and the note. A sweep of notices, measured with poppler:
//! one-paragraph bodies of 1 to 14 lines under titles of one to three lines, with and without
//! attachments, seal and 附注, in 文件格式 and 信函格式, and two-paragraph bodies whose last
//! paragraph falls at the foot of page 2. Where the last paragraph breaks across pages, at
//! least two of its lines are on each side. A letter's seal stays above its 附注 line.

mod support;

use std::path::Path;
use support::TestSite;
use support::pdf::*;

const DATE: &str = "2024年6月1日";
const SIGNATURE: &str = "中共测试医院委员会";

/// A paragraph of `k` lines of `c` (the first line is indented two cells, so it holds 26;
/// the last is short).
fn paragraph(c: char, k: usize) -> String {
    let n = if k == 1 { 12 } else { 26 + 28 * (k - 2) + 10 };
    let mut s: String = std::iter::repeat_n(c, n - 1).collect();
    s.push('。');
    s
}

struct Case {
    title: &'static str,
    letter: bool,
    seal: bool,
    note: bool,
    attachments: usize,
    /// Lines of a first paragraph before the last one (0: the body is one paragraph).
    before: usize,
    lines: usize,
}

const TITLES: [&str; 3] = [
    "关于开展主题党日活动的通知",
    "中共测试医院委员会关于开展主题党日活动的通知",
    "中共测试医院委员会关于开展“不忘初心、牢记使命”主题教育和党支部标准化规范化建设专项检查活动的通知",
];

fn record(number: usize, c: &Case) -> String {
    let mut r = format!(
        "+++\nnumber = {number}\nformat = \"{}\"\ntitle = \"{}\"\ndate = 2024-06-01\n",
        if c.letter { "信函" } else { "文件" },
        c.title
    );
    if c.seal {
        r.push_str("seal = true\n");
    }
    if c.note {
        r.push_str("note = \"联系人：党政综合办公室张明\"\n");
    }
    for i in 0..c.attachments {
        r.push_str(&format!(
            "\n[[attachments]]\ntitle = \"党建工作要点{}\"\nfile = \"attachments/yaodian.md\"\n",
            i + 1
        ));
    }
    r.push_str("+++\n");
    if c.before > 0 {
        r.push_str(&paragraph('前', c.before));
        r.push_str("\n\n");
    }
    r.push_str(&paragraph('末', c.lines));
    r.push('\n');
    r
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for lines in 1..=14 {
        out.push(Case {
            title: TITLES[0],
            letter: false,
            seal: false,
            note: false,
            attachments: 0,
            before: 0,
            lines,
        });
        out.push(Case {
            title: TITLES[2],
            letter: false,
            seal: true,
            note: true,
            attachments: 1,
            before: 0,
            lines,
        });
        out.push(Case {
            title: TITLES[1],
            letter: false,
            seal: false,
            note: true,
            attachments: 2,
            before: 0,
            lines,
        });
        out.push(Case {
            title: TITLES[1],
            letter: true,
            seal: true,
            note: true,
            attachments: 0,
            before: 0,
            lines,
        });
    }
    for lines in 1..=8 {
        out.push(Case {
            title: TITLES[1],
            letter: false,
            seal: true,
            note: true,
            attachments: 1,
            before: 18,
            lines,
        });
    }
    out
}

fn body_on(pdf: &Path, page: usize) -> Vec<Line> {
    lines(pdf, page)
        .into_iter()
        .filter(|l| l.text.contains('末') || l.text.contains('前'))
        .collect()
}

#[test]
fn body_on_page_one_and_never_a_signature_alone() {
    let site = TestSite::copy_of("pdf-basic");
    let cases = cases();
    for (i, c) in cases.iter().enumerate() {
        site.write(
            &format!("content/notices/2024/{}.md", i + 5),
            &record(i + 5, c),
        );
    }
    let site = build_edited(site, "content/notices/2024/1.md", "notices", |t| t);
    let mut split = 0;
    for (i, c) in cases.iter().enumerate() {
        let name = format!("2024-{}", i + 5);
        let pdf = site.path(&format!("output/notices/{name}.pdf"));
        let what = format!(
            "{name} (title {} chars, {} lines after {} lines, seal {}, note {}, {} attachments, letter {})",
            c.title.chars().count(),
            c.lines,
            c.before,
            c.seal,
            c.note,
            c.attachments,
            c.letter
        );
        assert!(
            !body_on(&pdf, 1).is_empty(),
            "{what}: no body text on page 1"
        );
        let date_page = (1..=pages(&pdf))
            .find(|&p| lines(&pdf, p).iter().any(|l| l.text == DATE))
            .unwrap_or_else(|| panic!("{what}: no date"));
        let ls = lines(&pdf, date_page);
        let date = ls.iter().find(|l| l.text == DATE).expect("date");
        assert!(
            body_on(&pdf, date_page).iter().any(|l| l.y1 < date.y0),
            "{what}: page {date_page} has the signature and date without body text"
        );
        assert!(
            ls.iter().any(|l| l.text == SIGNATURE && l.y0 < date.y0),
            "{what}"
        );
        // The last paragraph's lines on each page it is on.
        let per_page: Vec<usize> = (1..=date_page)
            .map(|p| {
                lines(&pdf, p)
                    .iter()
                    .filter(|l| l.text.contains('末'))
                    .count()
            })
            .filter(|&n| n > 0)
            .collect();
        if per_page.len() > 1 {
            split += 1;
            assert!(
                per_page.iter().all(|&n| n >= 2),
                "{what}: the last paragraph breaks {per_page:?}"
            );
        }
        if c.letter && c.seal && c.note {
            let note = ls
                .iter()
                .find(|l| l.text.starts_with("（联系人"))
                .unwrap_or_else(|| panic!("{what}: no note"));
            let r = render(&pdf, date_page, 100);
            // The seal's red pixels: around the date, above the 版心's foot (the letter's
            // lower red rules are 20 mm above the page's edge, below it).
            let rows: Vec<usize> = r
                .rows(date.x0 - 5.0, date.x1 + 5.0, |r, x, y| r.is_red(x, y))
                .into_iter()
                .filter(|&y| r.mm(y) > date.y0 - 30.0 && r.mm(y) < BOTTOM + 2.0)
                .collect();
            let bottom = r.mm(*rows.last().unwrap_or_else(|| panic!("{what}: no seal")));
            assert!(
                bottom < note.y0,
                "{what}: the seal reaches {bottom:.1} mm, the 附注 line starts at {:.1} mm",
                note.y0
            );
        }
    }
    // The sweep reaches the layouts it is for.
    assert!(
        split >= 5,
        "only {split} notices break their last paragraph"
    );
}

#[test]
fn every_demo_notice_shows_body_text_on_page_one() {
    let dir = built().demo.path("output/notices");
    let mut pdfs: Vec<_> = std::fs::read_dir(&dir)
        .expect("output/notices")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 5, "{pdfs:?}");
    for pdf in &pdfs {
        let ls = body_lines(pdf, 1);
        // The body follows the recipients' line (主送机关, ending in "：").
        let recipients = ls
            .iter()
            .position(|l| l.text.ends_with('：'))
            .unwrap_or_else(|| panic!("{}: no recipients line", pdf.display()));
        let body: Vec<&str> = ls[recipients + 1..]
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| *t != "中共澄州市中医院委员会" && !t.ends_with('日'))
            .collect();
        assert!(
            !body.is_empty(),
            "{}: page 1 has no body text: {:?}",
            pdf.display(),
            ls.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_short_body_that_cannot_stay_whole_keeps_its_first_line_on_page_one() {
    // Three lines of body under a three-line title, with five attachments, the seal and a
    // note: not even 0.6 of the pitch gets it all onto page 1. Page 1 keeps the first line
    // (公文首页必须显示正文), the other two go over with the closing part.
    let c = Case {
        title: TITLES[2],
        letter: false,
        seal: true,
        note: true,
        attachments: 5,
        before: 0,
        lines: 3,
    };
    let site = TestSite::copy_of("pdf-basic");
    site.write("content/notices/2024/5.md", &record(5, &c));
    let site = build_edited(site, "content/notices/2024/5.md", "notices", |t| t);
    let pdf = site.path("output/notices/2024-5.pdf");
    let count = |p| {
        lines(&pdf, p)
            .iter()
            .filter(|l| l.text.contains('末'))
            .count()
    };
    assert_eq!(count(1), 1, "page 1");
    assert_eq!(count(2), 2, "page 2");
    let ls = lines(&pdf, 2);
    let date = ls
        .iter()
        .find(|l| l.text == DATE)
        .expect("the date on page 2");
    assert!(
        ls.iter()
            .filter(|l| l.text.contains('末'))
            .all(|l| l.y1 < date.y0),
        "{ls:?}"
    );
}

/// A heading right before the last paragraph: the paragraph stays on the grid one line under
/// it (the closing part's marker once added a second gap there), and where the paragraph must
/// go over to the next page with the signature, the heading goes with it instead of being left
/// at the foot of the page.
#[test]
fn a_heading_before_the_last_paragraph_keeps_the_grid_and_goes_with_it() {
    require();
    let on_grid = |y: f64| {
        let k = (y - TOP) / PITCH_MM;
        assert!(
            (k - k.round()).abs() < 0.02,
            "line at {y:.2} mm is off the grid (k = {k:.3})"
        );
    };
    // Short: everything on page 1, on the grid.
    let site = fixture_with_first_notice(|t| {
        t.replacen(
            "各党支部于2月底前开展一次主题党日活动，集中学习党章。\n\n",
            "# 工作要求\n\n",
            1,
        )
    });
    let pdf = site.path("output/notices/2024-1.pdf");
    let ls = lines(&pdf, 1);
    let find = |ls: &[Line], t: &str| {
        ls.iter()
            .find(|l| l.text.replace(' ', "") == t)
            .cloned()
            .unwrap_or_else(|| panic!("no line {t}: {ls:#?}"))
    };
    let heading = find(&ls, "一、工作要求");
    let last = find(&ls, "活动情况请于3月5日前报党政综合办公室。");
    on_grid(heading.y0);
    on_grid(last.y0);
    near(
        "paragraph one line under its heading",
        last.y0 - heading.y0,
        PITCH_MM,
        0.1,
    );
    // Three lines more before it: the heading would fall on the second-last line of page 1,
    // the paragraph on the last, and the closing part cannot follow; the heading goes on
    // with the paragraph and the signature.
    let site = fixture_with_first_notice(|t| {
        let filler = "各支部要认真组织党员参加，".repeat(6) + "确保实效。";
        t.replacen(
            "活动情况请于3月5日前报党政综合办公室。",
            &format!("{filler}\n\n# 工作要求\n\n活动情况请于3月5日前报党政综合办公室。"),
            1,
        )
    });
    let pdf = site.path("output/notices/2024-1.pdf");
    let one = lines(&pdf, 1);
    let foot = one
        .iter()
        .filter(|l| l.y0 < TOP + 225.0)
        .max_by(|a, b| a.y0.total_cmp(&b.y0))
        .expect("page 1 has lines");
    assert_ne!(
        foot.text.replace(' ', ""),
        "一、工作要求",
        "heading left alone at the foot: {one:#?}"
    );
    let two = lines(&pdf, 2);
    let heading = find(&two, "一、工作要求");
    let last = find(&two, "活动情况请于3月5日前报党政综合办公室。");
    on_grid(last.y0);
    near(
        "paragraph one line under its heading",
        last.y0 - heading.y0,
        PITCH_MM,
        0.1,
    );
}
