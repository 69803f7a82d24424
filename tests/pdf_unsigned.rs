//! Issue 16, item 5 (its second half): a document without 署名 and 成文日期
//! (`signature = false`, the form of a list or plan issued with the 版记 alone), measured with
//! poppler: the 附注 follows the body, the 版记 stays; the web page has no signature either.

mod support;

use support::pdf::{fixture_with_first_notice, lines};
use support::{TestSite, assert_one};

const REL: &str = "content/notices/2024/1.md";

#[test]
fn an_unsigned_notice_prints_no_signature_or_date_but_keeps_its_closing_block() {
    let site = fixture_with_first_notice(|t| t.replacen("seal = true\n", "signature = false\n", 1));
    let pdf = site.path("output/notices/2024-1.pdf");
    let pages = support::pdf::pages(&pdf);
    let all: Vec<String> = (1..=pages)
        .flat_map(|p| lines(&pdf, p))
        .map(|l| l.text)
        .collect();
    // The 附注 follows the body's last line directly: no 署名, no 成文日期 between them.
    let last = all
        .iter()
        .position(|l| l.ends_with("前报党政综合办公室。"))
        .unwrap_or_else(|| panic!("no body: {all:#?}"));
    assert_eq!(all[last + 1], "（联系人：党政综合办公室张明）", "{all:#?}");
    assert!(
        !all.iter().any(|l| l == "2024年2月1日"),
        "a date line: {all:#?}"
    );
    assert!(
        all.iter().any(|l| l.ends_with("2024年2月1日印发")),
        "no 版记: {all:#?}"
    );
    // The signed fixture, for contrast, has both.
    let signed = fixture_with_first_notice(|t| t);
    let spdf = signed.path("output/notices/2024-1.pdf");
    let s: Vec<String> = lines(&spdf, 1).into_iter().map(|l| l.text).collect();
    assert!(s.iter().any(|l| l == "2024年2月1日"), "{s:#?}");

    let page = site.read("output/notices/2024-1.html");
    assert!(!page.contains("class=\"signature\""), "{page}");
    assert!(page.contains("（联系人：党政综合办公室张明）"));
}

#[test]
fn an_unsigned_notice_cannot_carry_the_seal() {
    let site = TestSite::copy_of("pdf-basic");
    let text = site
        .read(REL)
        .replacen("+++\n", "+++\nsignature = false\n", 1);
    site.write(REL, &text);
    let (_, diags) = site.check_json();
    let errors: Vec<_> = diags
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect();
    let d = assert_one(&errors, "invalid-value", REL, 7, 8);
    assert_eq!(d.message, "不署名的文件（signature = false）不能加盖印章");
    assert_eq!(
        d.hint.as_deref(),
        Some("删去 seal = true，或删去 signature = false")
    );
}
