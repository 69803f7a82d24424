//! The notices as Word documents (`export notice … --docx`), converted to PDF by LibreOffice
//! Writer with the same open fonts as the Typst PDFs (a fontconfig file maps the first-choice
//! names the .docx asks for, 仿宋_GB2312, 方正小标宋简体 …, to the files in `.fonts/`), and
//! measured with poppler like the Typst PDFs: the head, the grid of 22 lines × 28 characters,
//! the page numbers, the 版记, the checklist's merged cells. Every demo notice, found on disk.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use support::pdf::{Line, PT, bands, lines, pages, render, squash};
use support::{SETUP_HINT, TestSite, missing, repo_root};

/// One grid line: 225 mm / 22 (the .docx's 579 twips).
const PITCH: f64 = 579.0 / 1440.0 * 25.4;

struct Notice {
    /// `2024/1`, `han/2026/10`.
    arg: String,
    letter: bool,
    docx: PathBuf,
    pdf: PathBuf,
}

struct Converted {
    site: TestSite,
    notices: Vec<Notice>,
}

fn require_tools() {
    for (tool, arg) in [
        ("soffice", "--version"),
        ("pdftotext", "-v"),
        ("pdftoppm", "-v"),
        ("pdfinfo", "-v"),
    ] {
        let ok = Command::new(tool)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
        if !ok {
            missing(&format!("`{tool}`"));
        }
    }
    if !repo_root().join(".fonts/FandolFang-Regular.otf").is_file() {
        missing(".fonts/FandolFang-Regular.otf");
    }
}

/// Every notice record under `content/notices/`, as the argument `export notice` takes.
fn notice_args(root: &Path) -> Vec<(String, bool)> {
    let base = root.join("content/notices");
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(&base).sort_by_file_name() {
        let e = e.expect("walk content/notices");
        let p = e.path();
        if p.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let rel = p.strip_prefix(&base).expect("under notices");
        let arg = rel.with_extension("").to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(p).expect("read notice");
        out.push((arg, text.contains("format = \"信函\"")));
    }
    out
}

/// fontconfig with only the project's open fonts, the first-choice names of the roles mapped
/// to them as `dangjian fonts` resolves them for the Typst PDFs.
fn fonts_conf(dir: &Path) -> PathBuf {
    let map = [
        ("仿宋_GB2312", "FandolFang R", ""),
        ("楷体_GB2312", "FandolKai", ""),
        ("黑体", "FandolHei", ""),
        ("宋体", "Noto Serif CJK SC", ""),
        ("方正小标宋简体", "Noto Serif CJK SC", "bold"),
    ];
    let mut rules = String::new();
    for (from, to, weight) in map {
        rules.push_str(&format!(
            "<match target=\"pattern\"><test name=\"family\"><string>{from}</string></test>\
             <edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>{to}</string></edit>{}</match>\n",
            if weight.is_empty() {
                String::new()
            } else {
                format!(
                    "<edit name=\"weight\" mode=\"assign\" binding=\"strong\"><const>{weight}</const></edit>"
                )
            }
        ));
    }
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
             <dir>{}</dir>\n<cachedir>{}</cachedir>\n{rules}</fontconfig>\n",
            repo_root().join(".fonts").display(),
            dir.join("fc-cache").display()
        ),
    )
    .expect("write fonts.conf");
    conf
}

fn converted() -> &'static Converted {
    static C: OnceLock<Converted> = OnceLock::new();
    C.get_or_init(|| {
        require_tools();
        let site = TestSite::demo();
        let out = site.path("docx");
        std::fs::create_dir_all(&out).expect("mkdir docx");
        let mut notices = Vec::new();
        for (arg, letter) in notice_args(&site.root) {
            let stem = arg.replace('/', "-");
            let docx = out.join(format!("{stem}.docx"));
            let o = site.run(&[
                "export",
                "notice",
                &arg,
                "--docx",
                "--output",
                docx.to_str().expect("utf-8 path"),
            ]);
            assert!(
                o.status.success(),
                "export notice {arg}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            notices.push(Notice {
                arg,
                letter,
                pdf: out.join(format!("{stem}.pdf")),
                docx,
            });
        }
        assert!(notices.len() >= 10, "the demo has a dozen notices");
        // One soffice run converts them all; a fresh profile, so that no user setting (or
        // a running LibreOffice) changes the result.
        let conf = fonts_conf(&site.root);
        let profile = format!("file://{}", site.path("lo-profile").display());
        let o = Command::new("soffice")
            .env("FONTCONFIG_FILE", &conf)
            .arg(format!("-env:UserInstallation={profile}"))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&out)
            .args(notices.iter().map(|n| &n.docx))
            .output()
            .unwrap_or_else(|e| panic!("soffice (LibreOffice) cannot be run: {e}\n{SETUP_HINT}"));
        assert!(o.status.success(), "soffice failed: {o:?}");
        for n in &notices {
            assert!(
                n.pdf.is_file(),
                "LibreOffice could not open {}: {}",
                n.arg,
                String::from_utf8_lossy(&o.stderr)
            );
        }
        Converted { site, notices }
    })
}

/// The 版心's left edge on page `p` (mirrored margins: 28 mm on odd pages, 26 on even).
fn left(p: usize) -> f64 {
    if p % 2 == 1 { 28.0 } else { 26.0 }
}

/// 3号 lines of the body inside the 版心: LibreOffice's text boxes of 16 pt type are 7.3 mm
/// high (the face's ascent and descent).
fn body_lines(pdf: &Path, page: usize) -> Vec<Line> {
    lines(pdf, page)
        .into_iter()
        .filter(|l| {
            let h = l.y1 - l.y0;
            l.y0 >= 36.0 && l.y1 <= 263.0 && (7.0..7.8).contains(&h)
        })
        .collect()
}

#[test]
fn page_one_has_the_red_organ_mark_72_mm_down_and_the_red_line_with_a_star() {
    for n in &converted().notices {
        let r = render(&n.pdf, 1, 100);
        let red = r.rows(20.0, 190.0, |r, x, y| r.is_red(x, y));
        let mark_top = r.mm(red[0]);
        if n.letter {
            // 10.1: the letter's organ name 30 mm from the page top.
            assert!(
                (mark_top - 30.0).abs() <= 3.0,
                "{}: letter mark top {mark_top:.1} mm",
                n.arg
            );
            // Its double lines, 170 mm long: under the name and 20 mm above the bottom.
            let rules: Vec<usize> = (0..r.height)
                .filter(|&y| {
                    (r.mm(r.count_in_row(y, |r, x, y| r.is_red(x, y))) - 170.0).abs() < 2.0
                })
                .collect();
            let rules: Vec<(f64, f64)> = bands(&rules)
                .into_iter()
                .map(|(a, b)| (r.mm(a), r.mm(b)))
                .collect();
            assert!(
                rules.iter().any(|(a, _)| (40.0..55.0).contains(a)),
                "{}: no double line under the name: {rules:?}",
                n.arg
            );
            let low = rules.last().map_or(0.0, |(_, b)| *b);
            assert!(
                (low - 277.0).abs() < 1.5,
                "{}: the lower double line ends at {low:.1} mm, want 20 mm above the bottom",
                n.arg
            );
            continue;
        }
        assert!(
            (mark_top - 72.0).abs() <= 3.0,
            "{}: organ mark top {mark_top:.1} mm, want 72 ± 3",
            n.arg
        );
        // The red line: rows where red covers most of the 版心's width.
        let line: Vec<usize> = (0..r.height)
            .filter(|&y| r.mm(r.count_in_row(y, |r, x, y| r.is_red(x, y))) > 140.0)
            .collect();
        let line = bands(&line);
        assert_eq!(line.len(), 1, "{}: one red line: {line:?}", n.arg);
        let y = (line[0].0 + line[0].1) / 2;
        let cols = r.cols(y, |r, x, y| r.is_red(x, y));
        let (x0, x1) = (r.mm(cols[0]), r.mm(cols[cols.len() - 1]));
        assert!(
            (x0 - 28.0).abs() < 1.0 && (x1 - 184.0).abs() < 1.0,
            "{}: red line from {x0:.1} to {x1:.1} mm, want the 版心 28–184",
            n.arg
        );
        // The ★ in a gap at the middle: no red on the line beside it, red above the line.
        let mid = 106.0;
        let white = |a: f64, b: f64| (r.px_of(a)..r.px_of(b)).any(|x| !r.is_red(x, y));
        assert!(
            white(mid - 4.1, mid - 2.0) && white(mid + 2.0, mid + 4.1),
            "{}: no gap around the star",
            n.arg
        );
        let star_top = (r.px_of(mark_top + 25.0)..y)
            .find(|&yy| r.is_red(r.px_of(mid), yy))
            .map(|yy| r.mm(yy));
        let line_mm = r.mm(y);
        assert!(
            star_top.is_some_and(|t| line_mm - t > 1.5 && line_mm - t < 6.0),
            "{}: no star on the line at {line_mm:.1} mm (top {star_top:?})",
            n.arg
        );
        // The document number 4 mm above the line (its ink).
        let number = lines(&n.pdf, 1)
            .into_iter()
            .find(|l| l.text.contains('〔') && l.text.ends_with('号'))
            .unwrap_or_else(|| panic!("{}: no document number on page 1", n.arg));
        let ink_bottom = (r.px_of(number.y0)..r.px_of(number.y1))
            .filter(|&yy| (r.px_of(number.x0)..r.px_of(number.x1)).any(|x| r.is_dark(x, yy)))
            .max()
            .map(|yy| r.mm(yy))
            .unwrap_or_default();
        assert!(
            (line_mm - ink_bottom - 4.0).abs() < 1.5,
            "{}: the red line {line_mm:.1} mm, the number's ink ends at {ink_bottom:.1} mm",
            n.arg
        );
    }
}

#[test]
fn body_pages_have_22_lines_on_the_grid_and_full_lines_28_characters() {
    let mut full_pages = 0;
    let mut full_lines = 0;
    for n in &converted().notices {
        for p in 1..=pages(&n.pdf) {
            let mut body = body_lines(&n.pdf, p);
            if p == 1 {
                // Page 1's grid starts with the 主送 line (the head above it is placed).
                let from = body
                    .iter()
                    .position(|l| l.text.ends_with('：'))
                    .unwrap_or(0);
                body.drain(..from);
            }
            assert!(
                body.len() <= 22,
                "{} page {p}: {} body lines",
                n.arg,
                body.len()
            );
            if body.len() == 22 {
                full_pages += 1;
            }
            // Every line on the grid: its distance from the one above is whole grid lines.
            for w in body.windows(2) {
                let k = (w[1].y0 - w[0].y0) / PITCH;
                assert!(
                    (k - k.round()).abs() < 0.06 && k.round() >= 1.0,
                    "{} page {p}: lines {:?} and {:?} are {k:.2} grid lines apart",
                    n.arg,
                    w[0].text,
                    w[1].text
                );
            }
            // A line filled from edge to edge with Chinese text holds 28 characters; a
            // paragraph's first line, two 字 in, 26.
            let l0 = left(p);
            for (i, l) in body.iter().enumerate() {
                // Nothing runs into the margin but, in LibreOffice, a closing mark at the end
                // of a line (its hanging punctuation, which `w:overflowPunct` does not turn
                // off there): at most one 字.
                let hangs = l.text.ends_with(|c| "，。、；：？！”’）》".contains(c));
                assert!(
                    l.x1 <= l0 + 156.6 + if hangs { 156.0 / 28.0 } else { 0.0 },
                    "{} page {p}: {:?} ends at {:.1} mm, past the 版心",
                    n.arg,
                    l.text,
                    l.x1
                );
                let cjk = !l.text.chars().any(|c| c.is_ascii());
                let full = (l.x1 - (l0 + 156.0)).abs() < 1.5;
                if !cjk || !full {
                    continue;
                }
                let count = l.text.chars().count();
                let indent = ((l.x0 - l0) / (156.0 / 28.0)).round() as usize;
                // 避头尾: a closing mark never starts a line, so the character before it goes
                // down with it and the shorter line is spread (an opening mark likewise never
                // ends one).
                let next: Vec<char> = body
                    .get(i + 1)
                    .map(|n| n.text.chars().take(2).collect())
                    .unwrap_or_default();
                let kinsoku = next.get(1).is_some_and(|c| "，。、；：？！”’）》〕」』】".contains(*c))
                    || next.first().is_some_and(|c| "“‘（《〔「『【".contains(*c))
                    // A number or a Latin word is not split: it goes down whole.
                    || next.first().is_some_and(char::is_ascii_alphanumeric);
                if kinsoku && count + indent < 28 {
                    full_lines += 1;
                    continue;
                }
                assert_eq!(
                    count + indent,
                    28,
                    "{} page {p}: {:?} ({count} characters, {indent} 字 in)",
                    n.arg,
                    l.text
                );
                full_lines += 1;
            }
        }
    }
    assert!(full_pages >= 3, "only {full_pages} pages of 22 body lines");
    assert!(full_lines >= 50, "only {full_lines} full lines measured");
}

#[test]
fn page_numbers_are_dashed_7_mm_below_the_block_odd_right_even_left() {
    for n in &converted().notices {
        for p in 1..=pages(&n.pdf) {
            let want = format!("—{p}—");
            let found = lines(&n.pdf, p)
                .into_iter()
                .find(|l| squash(&l.text) == want && l.y0 > 262.0);
            if n.letter && p == 1 {
                assert!(
                    found.is_none(),
                    "{}: a letter's page 1 has no number",
                    n.arg
                );
                continue;
            }
            let l = found.unwrap_or_else(|| panic!("{} page {p}: no {want}", n.arg));
            // The dashes sit at the middle of the box: 7 mm below the 版心 (262 mm).
            let mid = (l.y0 + l.y1) / 2.0;
            assert!(
                (mid - 269.0).abs() < 1.5,
                "{} page {p}: number at {mid:.1} mm",
                n.arg
            );
            // One 4号 字 in from the outside edge.
            let zi = 14.0 * PT;
            if p % 2 == 1 {
                let want = left(p) + 156.0 - zi;
                assert!(
                    (l.x1 - want).abs() < 1.0,
                    "{} page {p}: odd number ends at {:.1}, want {want:.1}",
                    n.arg,
                    l.x1
                );
            } else {
                let want = left(p) + zi;
                assert!(
                    (l.x0 - want).abs() < 1.0,
                    "{} page {p}: even number starts at {:.1}, want {want:.1}",
                    n.arg,
                    l.x0
                );
            }
        }
    }
}

#[test]
fn the_banji_with_its_rules_is_at_the_foot_of_the_last_page() {
    for n in &converted().notices {
        let last = pages(&n.pdf);
        let text = lines(&n.pdf, last);
        if n.letter {
            // A letter's 版记: 抄送 alone, no 印发 line, no rules.
            let cc = text.iter().find(|l| l.text.starts_with("抄送："));
            if let Some(cc) = cc {
                assert!(cc.y1 > 250.0, "{}: 抄送 at {:.1} mm", n.arg, cc.y1);
            }
            assert!(!text.iter().any(|l| l.text.ends_with("印发")), "{}", n.arg);
            continue;
        }
        let printed = text
            .iter()
            .find(|l| l.text.ends_with("印发"))
            .unwrap_or_else(|| panic!("{}: no 印发 line on the last page", n.arg));
        assert!(
            printed.y1 > 255.0 && printed.y1 < 263.0,
            "{}: the 印发 line ends at {:.1} mm, want at the foot of the 版心",
            n.arg,
            printed.y1
        );
        let cc = text.iter().any(|l| l.text.starts_with("抄送："));
        let r = render(&n.pdf, last, 100);
        let rules: Vec<usize> = (r.px_of(225.0)..r.px_of(265.0))
            .filter(|&y| r.mm(r.count_in_row(y, |r, x, y| r.is_dark(x, y))) > 140.0)
            .collect();
        let rules = bands(&rules);
        assert_eq!(
            rules.len(),
            if cc { 3 } else { 2 },
            "{}: rules of the 版记 at {:?} mm",
            n.arg,
            rules
                .iter()
                .map(|(a, _)| format!("{:.1}", r.mm(*a)))
                .collect::<Vec<_>>()
        );
        let bottom = r.mm(rules[rules.len() - 1].1);
        assert!(
            (bottom - 262.0).abs() < 1.5,
            "{}: the last rule at {bottom:.1} mm, want on the 版心's bottom edge",
            n.arg
        );
    }
}

#[test]
fn a_sealed_notice_has_its_seal_over_the_signature_and_date() {
    let c = converted();
    let sealed: Vec<&Notice> = c
        .notices
        .iter()
        .filter(|n| {
            c.site
                .read(&format!("content/notices/{}.md", n.arg))
                .contains("seal = true")
        })
        .collect();
    assert!(!sealed.is_empty(), "the demo has sealed notices");
    for n in sealed {
        let (page, sig, date) = (1..=pages(&n.pdf))
            .find_map(|p| {
                let ls = lines(&n.pdf, p);
                let i = ls
                    .iter()
                    .position(|l| l.text == "中共澄州市中医院委员会" && l.x0 > 80.0)?;
                let date = ls.get(i + 1).filter(|d| d.text.ends_with('日'))?.clone();
                Some((p, ls[i].clone(), date))
            })
            .unwrap_or_else(|| panic!("{}: no signature and date", n.arg));
        let r = render(&n.pdf, page, 100);
        let red = r.rows(sig.x0 - 10.0, sig.x1 + 10.0, |r, x, y| r.is_red(x, y));
        let seal = bands(&red)
            .into_iter()
            .max_by_key(|(a, b)| b - a)
            .map(|(a, b)| (r.mm(a), r.mm(b)))
            .unwrap_or_else(|| panic!("{}: no seal", n.arg));
        let height = seal.1 - seal.0;
        assert!(
            (height - 38.0).abs() < 3.0,
            "{}: seal {height:.1} mm high",
            n.arg
        );
        let centre = (seal.0 + seal.1) / 2.0;
        let pair = (sig.y0 + date.y1) / 2.0;
        assert!(
            (centre - (pair - 2.0)).abs() < 3.0,
            "{}: seal centre {centre:.1} mm, the signature and date's middle {pair:.1}",
            n.arg
        );
    }
}

fn document_xml(docx: &Path) -> String {
    let o = Command::new("unzip")
        .arg("-p")
        .arg(docx)
        .arg("word/document.xml")
        .output()
        .unwrap_or_else(|e| panic!("unzip: {e}\n{SETUP_HINT}"));
    assert!(o.status.success(), "unzip -p {docx:?} word/document.xml");
    String::from_utf8(o.stdout).expect("utf-8 document.xml")
}

#[test]
fn the_attached_checklist_is_a_table_with_merged_category_and_group_cells() {
    let c = converted();
    let with_checklist: Vec<&Notice> = c
        .notices
        .iter()
        .filter(|n| {
            let rel = format!("content/notices/{}.md", n.arg);
            c.site.read(&rel).contains("checklist = ")
        })
        .collect();
    assert!(!with_checklist.is_empty(), "the demo attaches a checklist");
    for n in with_checklist {
        let xml = document_xml(&n.docx);
        let restarts = xml.matches("<w:vMerge w:val=\"restart\"").count();
        let continues = xml.matches("<w:vMerge w:val=\"continue\"").count();
        assert!(
            restarts >= 4 && continues >= 4,
            "{}: {restarts} merged cells started, {continues} continued",
            n.arg
        );
        // The table's header in the PDF, on a page after the notice's own.
        let header = (2..=pages(&n.pdf)).find(|&p| {
            let t = squash(
                &lines(&n.pdf, p)
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<String>(),
            );
            ["类别", "任务目标", "具体内容", "分值", "责任部门"]
                .iter()
                .all(|h| t.contains(h))
        });
        assert!(header.is_some(), "{}: no checklist table header", n.arg);
    }
}

#[test]
fn the_same_records_give_the_same_bytes() {
    let site = TestSite::demo();
    let a = site.path("a.docx");
    let b = site.path("b.docx");
    for out in [&a, &b] {
        let o = site.run(&[
            "export",
            "notice",
            "2024/2",
            "--docx",
            "--output",
            out.to_str().expect("utf-8"),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(std::fs::read(&a).ok(), std::fs::read(&b).ok());
}

#[test]
fn record_text_stays_text_in_the_word_document() {
    let site = TestSite::demo();
    site.replace(
        "content/notices/2024/3.md",
        "title = \"",
        "title = \"<w:p/>&amp;]]>",
    );
    let out = site.path("x.docx");
    let o = site.run(&[
        "export",
        "notice",
        "2024/3",
        "--docx",
        "--output",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xml = document_xml(&out);
    assert!(xml.contains("&lt;w:p/&gt;&amp;amp;]]&gt;"), "escaped title");
    assert!(!xml.contains("<w:p/>&amp;]]>"));
}

#[test]
fn without_output_the_file_is_named_by_the_document_number_in_the_current_folder() {
    let site = TestSite::demo();
    let o = Command::new(support::BIN)
        .current_dir(&site.root)
        .args(["export", "notice", "han/2026/10", "--docx"])
        .output()
        .expect("run dangjian");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let name = "澄中医党函〔2026〕10号.docx";
    assert!(site.path(name).is_file(), "no {name}");
    assert_eq!(
        String::from_utf8_lossy(&o.stderr).trim(),
        format!("已导出 澄中医党函〔2026〕10号：{name}")
    );
}

fn error_of(site: &TestSite, args: &[&str]) -> String {
    let o = site.run(args);
    assert_eq!(o.status.code(), Some(1), "{args:?} should fail");
    String::from_utf8_lossy(&o.stderr).trim().to_owned()
}

const FORM: &str =
    "写作 年份/序号（如 2024/1），另行编号的系列写作 系列/年份/序号（如 han/2026/10）";

#[test]
fn an_unknown_notice_is_named_with_the_form_of_the_argument() {
    let site = TestSite::demo();
    assert_eq!(
        error_of(&site, &["export", "notice", "2024/99", "--docx"]),
        format!("错误：没有文号为 2024/99 的通知；{FORM}；运行 dangjian check 可列出记录中的问题")
    );
    assert_eq!(
        error_of(&site, &["export", "notice", "zzz/2026/1", "--docx"]),
        format!(
            "错误：没有文号为 zzz/2026/1 的通知；{FORM}；运行 dangjian check 可列出记录中的问题"
        )
    );
}

#[test]
fn a_bad_argument_says_how_to_write_it() {
    let site = TestSite::demo();
    assert_eq!(
        error_of(&site, &["export", "notice", "2024-1", "--docx"]),
        format!("错误：无法识别通知“2024-1”：{FORM}")
    );
    assert_eq!(
        error_of(&site, &["export", "notice", "2024/一", "--docx"]),
        format!("错误：无法识别通知“2024/一”：{FORM}")
    );
}

#[test]
fn a_folder_as_output_is_refused() {
    let site = TestSite::demo();
    let dir = site.path("out");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let d = dir.display().to_string();
    assert_eq!(
        error_of(
            &site,
            &["export", "notice", "2024/1", "--docx", "--output", &d]
        ),
        format!(
            "错误：`{d}` 是一个文件夹，不能保存为 Word 文档；请写出文件名，例如 `{}`",
            dir.join("通知.docx").display()
        )
    );
}

#[test]
fn without_docx_the_command_says_the_option_is_missing() {
    let site = TestSite::demo();
    let o = site.run(&["export", "notice", "2024/1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.lines().next(),
        Some("错误：缺少必需的选项：`--docx`"),
        "{err}"
    );
}

#[test]
fn a_seal_that_is_neither_png_nor_jpeg_is_refused() {
    let site = TestSite::demo();
    site.write_bytes("content/attachments/seal.png", b"GIF89a\x01\x00\x01\x00");
    let out = site.path("x.docx");
    let o = site.run(&[
        "export",
        "notice",
        "2024/4",
        "--docx",
        "--output",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with(
            "错误[io]: 无法把公章图片放入“中共澄州市中医院委员会关于商请开展党建结对共建的函”的 Word 文档：公章图片须为 PNG 或 JPEG 格式\n  --> site.toml\n"
        ),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn build_docx_publishes_every_notice_with_a_link_from_its_page() {
    let site = TestSite::demo();
    let o = site.run(&["build", "--no-pdf", "--docx"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let args = notice_args(&site.root);
    for (arg, _) in &args {
        let stem = arg.replace('/', "-");
        let docx = site.path(&format!("output/notices/{stem}.docx"));
        let bytes = std::fs::read(&docx).unwrap_or_else(|e| panic!("{docx:?}: {e}"));
        assert!(bytes.starts_with(b"PK"), "{stem}.docx is a zip");
        let page = site.read(&format!("output/notices/{stem}.html"));
        assert!(
            page.contains(&format!(
                "<a class=\"button\" href=\"../notices/{stem}.docx\" download>Word 文档（.docx）</a>"
            )),
            "{stem}.html links its .docx"
        );
    }
    // The same records without --docx: no documents, no links.
    let o = site.run(&["build", "--no-pdf"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = site.read("output/notices/2024-1.html");
    assert!(!page.contains(".docx"), "no link without --docx");
    assert!(!site.path("output/notices/2024-1.docx").exists());
}
