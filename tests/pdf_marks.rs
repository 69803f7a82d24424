//! Issue 16, item 6: 份号, 密级和保密期限 and 紧急程度 (GB/T 9704 7.2.1–7.2.3, 10.2.1), measured
//! with poppler in the notice PDFs, and shown on the notice's web page; a bad value is refused
//! with its message.

mod support;

use support::pdf::{PITCH_MM, TOP, edges, fixture_with_first_notice, lines, near, runs};
use support::{TestSite, assert_one};

const MARKS: &str =
    "copy_number = 12\nsecrecy = \"秘密\"\nsecrecy_period = \"1年\"\nurgency = \"特急\"\n";

/// The pdf-basic fixture with its first notice given the three marks (in `format`), built.
fn built(format: &str) -> TestSite {
    fixture_with_first_notice(|text| {
        let text = text.replacen("+++\n", &format!("+++\n{MARKS}"), 1);
        if format == "信函" {
            text.replacen("format = \"文件\"", "format = \"信函\"", 1)
        } else {
            text
        }
    })
}

#[test]
fn the_marks_stand_flush_left_one_a_line_at_the_top_of_the_text_block() {
    let site = built("文件");
    let pdf = site.path("output/notices/2024-1.pdf");
    let (left, _) = edges(1);
    let ls = lines(&pdf, 1);
    for (i, want) in ["000012", "秘密★1年", "特急"].iter().enumerate() {
        let l = ls
            .iter()
            .find(|l| l.text == *want)
            .unwrap_or_else(|| panic!("no line {want}: {ls:#?}"));
        near(&format!("{want} flush left"), l.x0, left, 0.5);
        near(
            &format!("{want} on line {}", i + 1),
            l.y0,
            TOP + i as f64 * PITCH_MM,
            1.0,
        );
    }
    // 密级 and 紧急程度 in 黑体, the 份号 not.
    let rs = runs(&pdf, 1);
    let family = |t: &str| {
        rs.iter()
            .find(|r| r.text.contains(t))
            .map(|r| r.family.clone())
            .unwrap_or_else(|| panic!("no run {t}"))
    };
    for t in ["秘密", "特急"] {
        let f = family(t);
        assert!(f.contains("Hei") || f.contains("Sans"), "{t} is set in {f}");
    }
    let f = family("000012");
    assert!(!f.contains("Hei"), "the 份号 is set in {f}");
    // The web page shows them too.
    let page = site.read("output/notices/2024-1.html");
    assert!(
        page.contains("<p class=\"copy-number\" title=\"份号\">000012</p>")
            && page.contains("<p class=\"hei\" title=\"密级和保密期限\">秘密★1年</p>")
            && page.contains("<p class=\"hei\" title=\"紧急程度\">特急</p>"),
        "{page}"
    );
}

#[test]
fn in_a_letter_the_marks_stand_under_the_double_line_beside_the_number() {
    let site = built("信函");
    let pdf = site.path("output/notices/2024-1.pdf");
    let (left, right) = edges(1);
    let ls = lines(&pdf, 1);
    let find = |t: &str| {
        ls.iter()
            .find(|l| l.text.contains(t))
            .cloned()
            .unwrap_or_else(|| panic!("no line {t}: {ls:#?}"))
    };
    let copy = find("000012");
    let number = find("〔2024〕1号");
    near("份号 flush left", copy.x0, left, 0.5);
    near("number flush right", number.x1, right, 1.0);
    near("份号 on the number's line", copy.y0, number.y0, 0.5);
    near(
        "密级 on the next line",
        find("秘密★1年").y0 - copy.y0,
        PITCH_MM,
        0.5,
    );
    near(
        "紧急程度 on the line after",
        find("特急").y0 - copy.y0,
        2.0 * PITCH_MM,
        0.5,
    );
}

#[test]
fn bad_marks_are_refused_with_their_messages() {
    let site = TestSite::minimal();
    let rel = "content/notices/2024/1.md";
    let text = site.read(rel);
    for (mark, code, message) in [
        (
            "copy_number = 1234567",
            "invalid-value",
            "份号 copy_number = 1234567 应在 1 到 999999 之间（印为六位数）",
        ),
        (
            "secrecy = \"内部\"",
            "invalid-value",
            "字段 `secrecy` 的值“内部”不在可选范围内",
        ),
        (
            "urgency = \"急\"",
            "invalid-value",
            "字段 `urgency` 的值“急”不在可选范围内",
        ),
        (
            "secrecy_period = \"1年\"",
            "missing-field",
            "有保密期限 `secrecy_period` 而没有密级 `secrecy`",
        ),
    ] {
        site.write(rel, &text.replacen("+++\n", &format!("+++\n{mark}\n"), 1));
        let (_, diags) = site.check_json();
        let errors: Vec<_> = diags
            .into_iter()
            .filter(|d| d.severity == "error")
            .collect();
        let d = assert_one(
            &errors,
            code,
            rel,
            2,
            mark.find('=').map_or(1, |i| i as u32 + 3),
        );
        assert_eq!(d.message, message, "{mark}");
    }
}
