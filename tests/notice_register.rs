//! Issue 16, item 1: a register of document numbers that starts mid-year. An office that
//! adopts dangjian in May records 〔2024〕10号 but not 1–9: `[notices] first_number` says so,
//! `[notices] unrecorded` names numbers issued but not recorded; any other gap stays an error,
//! and `new notice` continues the register.

mod support;

use support::{TestSite, assert_one};

/// The minimal site with its 2024 notices renumbered `numbers` (the first two are its own
/// notices 1 and 2, the rest copies), and `register` appended to `site.toml`.
fn site(numbers: &[u32], register: &str) -> TestSite {
    let site = TestSite::minimal();
    let one = site.read("content/notices/2024/1.md");
    site.remove("content/notices/2024/1.md");
    site.remove("content/notices/2024/2.md");
    for n in numbers {
        site.write(
            &format!("content/notices/2024/{n}.md"),
            &one.replacen("number = 1\n", &format!("number = {n}\n"), 1),
        );
    }
    if !register.is_empty() {
        let config = site.read("site.toml");
        site.write("site.toml", &format!("{config}\n[notices]\n{register}\n"));
    }
    site
}

fn errors(site: &TestSite) -> Vec<support::Diag> {
    let (_, diags) = site.check_json();
    diags
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect()
}

#[test]
fn a_register_that_starts_at_ten_is_an_error_until_the_site_says_so() {
    let s = site(&[10, 11], "");
    let d = assert_one(
        &errors(&s),
        "skipped-number",
        "content/notices/2024/10.md",
        2,
        10,
    );
    assert_eq!(d.message, "2024 年的文号跳过了 1–9 号");

    let s = site(&[10, 11], "first_number = { 2024 = 10 }");
    assert_eq!(errors(&s), vec![]);
}

#[test]
fn a_gap_after_the_first_number_stays_an_error_unless_declared() {
    let s = site(&[10, 12, 15], "first_number = { 2024 = 10 }");
    let e = errors(&s);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert_eq!(e[0].file, "content/notices/2024/12.md");
    assert_eq!(e[0].message, "2024 年的文号跳过了 11 号");
    assert_eq!(e[1].message, "2024 年的文号跳过了 13–14 号");

    let s = site(
        &[10, 12, 15],
        "first_number = { 2024 = 10 }\nunrecorded = { 2024 = [11, 13] }",
    );
    let d = assert_one(
        &errors(&s),
        "skipped-number",
        "content/notices/2024/15.md",
        2,
        10,
    );
    assert_eq!(d.message, "2024 年的文号跳过了 14 号");

    let s = site(
        &[10, 12, 15],
        "first_number = { 2024 = 10 }\nunrecorded = { 2024 = [11, 13, 14] }",
    );
    assert_eq!(errors(&s), vec![]);
}

#[test]
fn a_number_before_the_register_or_declared_unrecorded_is_refused() {
    let s = site(&[9, 10], "first_number = { 2024 = 10 }");
    let d = assert_one(
        &errors(&s),
        "skipped-number",
        "content/notices/2024/9.md",
        2,
        10,
    );
    assert_eq!(
        d.message,
        "2024 年的文号从 10 号起登记（site.toml [notices] first_number），这份通知是 9 号"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("改正 number，或把 first_number 中 2024 年的起始号改为 9")
    );

    let s = site(&[1, 2], "unrecorded = { 2024 = [2] }");
    let e = errors(&s);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].code, "invalid-value");
    assert_eq!(e[0].file, "site.toml");
    assert_eq!(
        e[0].message,
        "2024 年的 2 号登记为未录入（[notices] unrecorded），但 content/notices/2024/2.md 就是这份通知"
    );
}

#[test]
fn a_badly_written_register_is_reported_where_it_is_written() {
    for (register, message) in [
        (
            "first_number = { 24 = 10 }",
            "“24”不是年份：键写作四位年份，如 2023 = 10",
        ),
        (
            "first_number = { 2024 = 0 }",
            "`notices.first_number.2024` 应为从 1 起的整数",
        ),
        (
            "unrecorded = { 2024 = [\"三\"] }",
            "字段 `notices.unrecorded.2024` 应为整数，实际是文本",
        ),
        ("first = 10", "未知字段 `notices.first`"),
    ] {
        let s = site(&[1, 2], register);
        let e = errors(&s);
        assert!(
            e.iter()
                .any(|d| d.file == "site.toml" && d.message.starts_with(message)),
            "{register}: {e:#?}"
        );
    }
}

#[test]
fn new_notice_continues_the_register() {
    let s = site(&[10, 11], "first_number = { 2024 = 10, 2025 = 7 }");
    let out = s.run(&[
        "new",
        "notice",
        "--title",
        "关于开展主题党日的通知",
        "--date",
        "2025-03-02",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(s.path("content/notices/2025/7.md").is_file());
    let out = s.run(&[
        "new",
        "notice",
        "--title",
        "关于年终检查的通知",
        "--date",
        "2024-12-01",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(s.path("content/notices/2024/12.md").is_file());
    assert_eq!(errors(&s), vec![]);
}
