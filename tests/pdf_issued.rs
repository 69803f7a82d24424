//! Issue 16, items 3, 5 (first half) and 7 (second half): a 印发 notice prints the document it
//! issues after its signature and date, on a new page under its own title, without any 附件
//! label; page numbers run on and the 版记 closes the last page. A document may have a second
//! titled part whose headings number from 一、 again. Measured with poppler on the demo's
//! 〔2025〕5号 (a plan from a Markdown file) and 〔2025〕4号 (the 2025 summary, whose 2026 思路 is
//! its second part); every bad `[issues]` gets its message.

mod support;

use std::path::Path;

use support::pdf::{BOTTOM, PITCH_MM, PT, TOP, built, demo, lines, near, pages, runs, squash};
use support::{Diag, TestSite, assert_one};

/// Every text line of the PDF with its page, numbers and all.
fn all_lines(pdf: &Path) -> Vec<(usize, support::pdf::Line)> {
    (1..=pages(pdf))
        .flat_map(|p| lines(pdf, p).into_iter().map(move |l| (p, l)))
        .collect()
}

/// The page that holds a line equal to `text` (white space ignored).
fn page_of(all: &[(usize, support::pdf::Line)], text: &str) -> usize {
    all.iter()
        .find(|(_, l)| squash(&l.text) == text)
        .map(|(p, _)| *p)
        .unwrap_or_else(|| panic!("no line {text}: {:#?}", texts(all)))
}

fn texts(all: &[(usize, support::pdf::Line)]) -> Vec<String> {
    all.iter()
        .map(|(p, l)| format!("p{p}: {}", l.text))
        .collect()
}

/// The issued document opens a page of its own after the date: its title is the first line
/// of that page, at the top of the 版心, in 2号 小标宋.
fn assert_opens_a_page(pdf: &Path, date: &str, title: &str) -> usize {
    let all = all_lines(pdf);
    let date_page = page_of(&all, date);
    let page = page_of(&all, title);
    assert_eq!(page, date_page + 1, "{:#?}", texts(&all));
    let first = lines(pdf, page)
        .into_iter()
        .filter(|l| l.y0 < BOTTOM)
        .min_by(|a, b| a.y0.total_cmp(&b.y0))
        .expect("a line");
    assert_eq!(squash(&first.text), title);
    // On the first grid line: the 22pt line box centred on the 16pt one.
    near("title top", first.y0, TOP - 3.0 * PT, 0.5);
    let run = runs(pdf, page)
        .into_iter()
        .find(|r| squash(&r.text) == title)
        .unwrap_or_else(|| panic!("no run {title}"));
    assert_eq!(run.size, 22.0, "{run:?}");
    assert!(run.family.contains("NotoSerifCJK"), "{}", run.family);
    page
}

/// Every page but the ones that 7.5 leaves unnumbered carries `—N—` below the 版心.
fn assert_numbered(pdf: &Path) {
    for page in 1..=pages(pdf) {
        let n = lines(pdf, page)
            .into_iter()
            .find(|l| l.y0 > BOTTOM && l.text.contains('—'))
            .unwrap_or_else(|| panic!("p{page} has no number"));
        assert_eq!(squash(&n.text), format!("—{page}—"));
    }
}

#[test]
fn a_plan_issued_from_a_file_opens_a_page_after_the_date_without_any_attachment_label() {
    let pdf = demo("2025-5");
    let page = assert_opens_a_page(&pdf, "2025年12月31日", "2026年党建工作要点");
    assert_eq!(page, 2);
    let text = squash(&support::pdf::text(&pdf));
    assert!(!text.contains("附件"), "{text}");
    // The plan's own text and headings follow, numbered as a document.
    assert!(text.contains("一、加强政治建设"), "{text}");
    assert!(text.contains("四、加强清廉医院建设"), "{text}");
    assert_numbered(&pdf);
    // The 版记 is the last thing in the document, at the foot of its last page, below the
    // plan's last line (on that page, or alone on the even page that follows an odd one).
    let all = all_lines(&pdf);
    let last_page = pages(&pdf);
    let printed = all
        .iter()
        .find(|(_, l)| squash(&l.text).ends_with("2026年1月4日印发"))
        .unwrap_or_else(|| panic!("no 版记: {:#?}", texts(&all)));
    assert_eq!(printed.0, last_page);
    assert!(last_page.is_multiple_of(2), "the 版记 on an even page");
    // Its 印发 line is the last row of the 版心 (a 4号 line in a 3号 row).
    assert!(
        printed.1.y1 > BOTTOM - 5.0,
        "版记 at {:.1} mm",
        printed.1.y1
    );
    let tail = all
        .iter()
        .find(|(_, l)| squash(&l.text).ends_with("限期整改。"))
        .unwrap_or_else(|| panic!("no last line: {:#?}", texts(&all)));
    assert!(
        (tail.0, tail.1.y0) < (printed.0, printed.1.y0),
        "{:#?}",
        texts(&all)
    );
}

#[test]
fn the_issued_summary_has_its_own_title_and_a_second_part_numbered_from_one() {
    let pdf = demo("2025-4");
    let page = assert_opens_a_page(&pdf, "2025年12月30日", "2025年党建工作总结");
    // The summary's subtitle and date in 楷体 under its title (its own title block).
    let under: Vec<String> = lines(&pdf, page)
        .into_iter()
        .map(|l| squash(&l.text))
        .collect();
    assert_eq!(under[1], "中共澄州市中医院委员会", "{under:#?}");
    assert_eq!(under[2], "（2025年12月30日）", "{under:#?}");
    let all = all_lines(&pdf);
    let text: Vec<String> = all.iter().map(|(_, l)| squash(&l.text)).collect();
    assert!(!text.iter().any(|t| t.contains("附件")), "{text:#?}");
    // The second part: its title on a line of its own in 2号 小标宋, then its headings from 一、.
    let second = text
        .iter()
        .position(|t| t == "2026年党建工作思路")
        .unwrap_or_else(|| panic!("{text:#?}"));
    let part_page = all[second].0;
    let run = runs(&pdf, part_page)
        .into_iter()
        .find(|r| squash(&r.text) == "2026年党建工作思路")
        .expect("part title run");
    assert_eq!(run.size, 22.0, "{run:?}");
    let line = &all[second].1;
    // It opens its page here: no blank line above it at the top of the 版心.
    near("part title top", line.y0, TOP - 3.0 * PT, 0.5);
    assert!(
        (line.y1 - line.y0 - 22.0 * PT).abs() < 0.5,
        "{:.2}",
        line.y1 - line.y0
    );
    let headings: Vec<&String> = text[second..]
        .iter()
        .filter(|t| {
            t.contains('、') && t.chars().next().is_some_and(|c| "一二三四五六".contains(c))
        })
        .collect();
    assert_eq!(
        headings[..3],
        [
            "一、谋好“十五五”开局",
            "二、抓好支部换届和规范化建设",
            "三、深化党建联建和服务群众"
        ],
        "{text:#?}"
    );
    // The first part counted to 五、 before it.
    assert!(
        text[..second].iter().any(|t| t.starts_with("五、")),
        "{text:#?}"
    );
    assert!(
        !text[..second].iter().any(|t| t.starts_with("六、")),
        "{text:#?}"
    );
    assert_numbered(&pdf);
}

#[test]
fn the_page_shows_the_issued_document_after_the_signature_without_a_label() {
    let site = &built().demo;
    let page = site.read("output/notices/2025-5.html");
    let signature = page.find("class=\"signature\"").expect("signature");
    let issued = page.find("class=\"doc-issued\"").expect("issued section");
    assert!(signature < issued);
    let section = &page[issued..];
    assert!(
        section.contains("<h2 id=\"issued-h\" class=\"issued-title\">2026年党建工作要点</h2>"),
        "{section}"
    );
    assert!(section.contains("一、加强政治建设"), "{section}");
    assert!(!page.contains("附件"), "{page}");
    // The summary issued by 〔2025〕4号: its title and subtitle, and a link to its page.
    let page = site.read("output/notices/2025-4.html");
    assert!(
        page.contains("class=\"issued-title\">2025年党建工作总结</h2>"),
        "{page}"
    );
    assert!(page.contains("href=\"../annual/2025.html\""), "{page}");
    // Its text, with the cited figures, and the second part's title as on its own page.
    assert!(
        page.contains("<h2 class=\"part-title\">2026年党建工作思路</h2>"),
        "{page}"
    );
    assert!(!page.contains("{{"), "{page}");
    // The summary's page shows its second part the same way as the PDF.
    let annual = site.read("output/annual/2025.html");
    assert!(
        annual.contains("<h2 class=\"part-title\">2026年党建工作思路</h2>"),
        "{annual}"
    );
}

#[test]
fn an_attached_or_issued_summary_prints_its_own_title_and_subtitle() {
    // The fixture's summary with a subtitle, attached under another name: the 附件说明 keeps
    // the attachment's name, the attachment page prints the summary's own title block.
    let site = TestSite::copy_of("pdf-basic");
    let annual = "content/annual/2024.md";
    site.write(
        annual,
        &site
            .read(annual)
            .replacen("+++\n", "+++\nsubtitle = \"中共测试医院委员会\"\n", 1),
    );
    let site = support::pdf::build_edited(site, REL, "notices", |t| {
        t.replacen(
            "\n+++\n",
            "\n[[attachments]]\ntitle = \"年度总结\"\nannual = 2024\n+++\n",
            1,
        )
    });
    let pdf = site.path("output/notices/2024-1.pdf");
    let all = all_lines(&pdf);
    let text: Vec<String> = all.iter().map(|(_, l)| squash(&l.text)).collect();
    assert!(text.contains(&"附件：年度总结".to_owned()), "{text:#?}");
    let label = text.iter().position(|t| t == "附件").expect("附件 label");
    assert_eq!(
        text[label + 1..label + 3],
        ["2024年党建工作总结", "中共测试医院委员会"],
        "{text:#?}"
    );
    // Issued instead: the same title block on the page after the date, and no label.
    let site = TestSite::copy_of("pdf-basic");
    site.write(
        annual,
        &site
            .read(annual)
            .replacen("+++\n", "+++\nsubtitle = \"中共测试医院委员会\"\n", 1),
    );
    let site = support::pdf::build_edited(site, REL, "notices", |t| {
        t.replacen("\n+++\n", "\n[issues]\nannual = 2024\n+++\n", 1)
    });
    let pdf = site.path("output/notices/2024-1.pdf");
    let page = assert_opens_a_page(&pdf, "2024年2月1日", "2024年党建工作总结");
    let ls: Vec<String> = lines(&pdf, page).iter().map(|l| squash(&l.text)).collect();
    assert_eq!(ls[1], "中共测试医院委员会", "{ls:#?}");
    assert!(!squash(&support::pdf::text(&pdf)).contains("附件"));
}

#[test]
fn a_part_in_the_middle_of_a_page_keeps_the_grid_and_a_blank_line_either_side() {
    // A one-line title leaves room on page 1 for the part between the first paragraph and
    // a long one (the closing part and the last paragraph go on together to page 2).
    let site = support::pdf::fixture_with_first_notice(|t| {
        let long = "各支部要认真组织党员参加，".repeat(10) + "确保活动取得实效。";
        t.replacen(
            "\"中共测试医院委员会关于开展主题党日活动的通知\"",
            "\"关于开展主题党日活动的通知\"",
            1,
        )
        .replacen(
            "各党支部于2月底前开展一次主题党日活动，集中学习党章。",
            &format!(
                "各党支部于2月底前开展一次主题党日活动。\n\n---\n第二部分\n\n# 工作要求\n\n{long}"
            ),
            1,
        )
    });
    let pdf = site.path("output/notices/2024-1.pdf");
    let all = all_lines(&pdf);
    let page = page_of(&all, "第二部分");
    let ls = lines(&pdf, page);
    let at = |text: &str| {
        ls.iter()
            .find(|l| squash(&l.text) == text)
            .unwrap_or_else(|| panic!("no {text}: {ls:#?}"))
    };
    let before = at("各党支部于2月底前开展一次主题党日活动。");
    let title = at("第二部分");
    let heading = at("一、工作要求");
    // Grid lines: the line before on k, the title on k + 2, its first heading on k + 4 (a
    // blank line above and below the title; 一、 again, as the part numbers from the start).
    // Measured at the middle of each line: the 22pt title is centred on its 16pt grid box.
    let k = |l: &support::pdf::Line| ((l.y0 + l.y1) / 2.0 - TOP) / PITCH_MM;
    near("title two lines under", k(title) - k(before), 2.0, 0.05);
    near("heading two lines under", k(heading) - k(title), 2.0, 0.05);
    let run = runs(&pdf, page)
        .into_iter()
        .find(|r| squash(&r.text) == "第二部分")
        .expect("title run");
    assert_eq!(run.size, 22.0, "{run:?}");
}

// ------------------------------------------------------------------ bad input ---

const REL: &str = "content/notices/2024/1.md";

/// The fixture's first notice with `issues` (TOML lines) added at line 8 of the file, checked.
fn check_with(issues: &str) -> Vec<Diag> {
    let site = TestSite::copy_of("pdf-basic");
    let text = site
        .read(REL)
        .replacen("\n+++\n", &format!("\n{issues}\n+++\n"), 1);
    site.write(REL, &text);
    let (_, diags) = site.check_json();
    diags
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect()
}

#[test]
fn issues_with_both_or_neither_source_is_refused() {
    for issues in [
        "[issues]\ntitle = \"要点\"\nfile = \"attachments/yaodian.md\"\nannual = 2024",
        "[issues]\ntitle = \"要点\"",
    ] {
        let errors = check_with(issues);
        let d = assert_one(&errors, "invalid-value", REL, 8, 1);
        assert_eq!(
            d.message,
            "印发的文件 `issues` 须且只能指定 `file`、`annual` 之一"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some(
                "如 issues = { title = \"2026年党建工作要点\", file = \"attachments/2026/yaodian.md\" } 或 issues = { annual = 2025 }"
            )
        );
    }
}

#[test]
fn an_issued_file_needs_a_title_and_must_exist() {
    let errors = check_with("[issues]\nfile = \"attachments/yaodian.md\"");
    let d = assert_one(&errors, "missing-field", REL, 8, 1);
    assert!(d.message.contains("issues.title"), "{d:#?}");
    let errors = check_with("[issues]\ntitle = \"要点\"\nfile = \"attachments/nope.md\"");
    let d = assert_one(&errors, "missing-attachment", REL, 10, 8);
    assert_eq!(d.message, "印发的文件“attachments/nope.md”不存在");
    assert_eq!(
        d.hint.as_deref(),
        Some("应位于 content/attachments/nope.md")
    );
    // The path rules are the attachments': no way out of content/.
    let errors = check_with("[issues]\ntitle = \"要点\"\nfile = \"../site.toml\"");
    let d = assert_one(&errors, "path-outside-root", REL, 10, 8);
    assert_eq!(
        d.message,
        "印发的文件路径“../site.toml”含有 `..`，会离开站点目录"
    );
}

#[test]
fn an_issued_summary_of_a_year_without_one_is_refused() {
    let errors = check_with("[issues]\nannual = 2019");
    let d = assert_one(&errors, "unknown-reference", REL, 9, 10);
    assert_eq!(d.message, "印发的 2019 年度总结不存在");
    assert_eq!(
        d.hint.as_deref(),
        Some("年度总结写在 content/annual/2019.md")
    );
    let errors = check_with("[issues]\nannual = 12");
    let d = assert_one(&errors, "invalid-value", REL, 9, 10);
    assert_eq!(d.message, "`annual = 12` 不是有效的年份");
}

#[test]
fn the_issued_document_cannot_also_be_an_attachment() {
    for (issues, attachment, col) in [
        (
            "[issues]\ntitle = \"要点\"\nfile = \"./attachments/yaodian.md\"",
            "file = \"attachments/yaodian.md\"",
            8,
        ),
        ("[issues]\nannual = 2024", "annual = 2024", 10),
    ] {
        let errors = check_with(&format!(
            "{issues}\n\n[[attachments]]\ntitle = \"2024年工作要点\"\n{attachment}"
        ));
        let line = 8 + issues.lines().count() as u32 + 3;
        let d = assert_one(&errors, "invalid-value", REL, line, col);
        assert_eq!(
            d.message,
            "附件“2024年工作要点”就是本通知印发的文件：印发、转发的文件不作为附件"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("删去这个附件：印发的文件印在通知之后，另起一页，不加“附件”标识")
        );
    }
}

#[test]
fn an_unknown_key_in_issues_is_named() {
    let errors = check_with("[issues]\nannual = 2024\nfiel = \"x.md\"");
    let d = assert_one(&errors, "unknown-key", REL, 10, 1);
    assert!(d.message.contains("issues.fiel"), "{d:#?}");
}
