//! Issue 16, item 10: a title's lines end between words, read back from the PDF with
//! poppler: never inside a word, a number with its unit, a quoted term or a book title that
//! fits on a line (the breaker's own test, src/present/title.rs, covers thirty titles; this
//! one checks that typst prints the lines dangjian broke, and no others).

mod support;

use support::TestSite;
use support::pdf::{PT, build_edited, lines};

/// A space wherever a line may end (written by hand).
const TITLES: &[&str] = &[
    "关于 开展 “两学一做” 学习 教育 常态化 制度化 的 通知",
    "关于 召开 2025年度 基层 党组织 书记 抓 党建 工作 述职 评议 会议 的 通知",
    "关于 印发 《2025年 全面 从严 治党 主体 责任 清单》 的 通知",
    "关于 推荐 15名 优秀 共产党员 和 8个 先进 基层 党组织 的 通知",
    "关于 表彰 2024年度 “优秀共产党员” “优秀党务工作者” 和 “先进基层党组织” 的 决定",
];

#[test]
fn title_lines_in_the_pdf_end_between_words() {
    // Notices 5… of the fixture, one per title, built in one go.
    let site = TestSite::copy_of("pdf-basic");
    for (i, t) in TITLES.iter().enumerate().skip(1) {
        let plain: String = t.chars().filter(|c| *c != ' ').collect();
        site.write(
            &format!("content/notices/2024/{}.md", i + 4),
            &format!(
                "+++\nnumber = {}\nformat = \"文件\"\ntitle = \"{}\"\ndate = 2024-06-0{}\n+++\n正文。\n",
                i + 4,
                plain,
                i
            ),
        );
    }
    let plain0: String = TITLES[0].chars().filter(|c| *c != ' ').collect();
    let site = build_edited(site, "content/notices/2024/1.md", "notices", |t| {
        t.replacen(
            "title = \"中共测试医院委员会关于开展主题党日活动的通知\"",
            &format!("title = \"{plain0}\""),
            1,
        )
    });
    for (i, annotated) in TITLES.iter().enumerate() {
        let n = if i == 0 { 1 } else { i + 4 };
        let pdf = site.path(&format!("output/notices/2024-{n}.pdf"));
        // The title's lines: 2号 (22 pt) line boxes.
        let got: Vec<String> = lines(&pdf, 1)
            .into_iter()
            .filter(|l| (l.y1 - l.y0 - 22.0 * PT).abs() < 0.5)
            .map(|l| l.text)
            .collect();
        let plain: String = annotated.chars().filter(|c| *c != ' ').collect();
        assert_eq!(got.concat(), plain, "title lines of 2024-{n}: {got:?}");
        assert!(got.len() >= 2, "{got:?}");
        let mut allowed = Vec::new();
        let mut k = 0;
        for c in annotated.chars() {
            if c == ' ' {
                allowed.push(k);
            } else {
                k += 1;
            }
        }
        let mut at = 0;
        for l in &got[..got.len() - 1] {
            at += l.chars().count();
            assert!(allowed.contains(&at), "{annotated}: {got:?}");
        }
    }
}
