//! The values that order branches and write figures (issue 18): a branch's `order`, a figure's
//! `better` and `display`. Each bad value is reported by `check` at its place, in Chinese, with
//! the choices; a good one changes the order of `stats` and the figures of the annual page.

mod support;

use support::{TestSite, assert_one};

const BRANCH: &str = "content/branches/alpha.toml";
const ANNUAL: &str = "content/annual/2024.toml";

fn with_branch_line(line: &str) -> TestSite {
    let site = TestSite::minimal();
    site.replace(
        BRANCH,
        "category = \"临床\"\n",
        &format!("category = \"临床\"\n{line}\n"),
    );
    site
}

fn with_figure_line(line: &str) -> TestSite {
    let site = TestSite::minimal();
    site.replace(
        ANNUAL,
        "group = \"组织建设\"\nvalue = 3\n",
        &format!("group = \"组织建设\"\n{line}\nvalue = 3\n"),
    );
    site
}

#[test]
fn a_negative_order_is_refused() {
    let site = with_branch_line("order = -1");
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    let d = assert_one(&diags, "invalid-value", BRANCH, 4, 9);
    assert_eq!(
        d.message,
        "字段 `order` 应为 0 到 4294967295 之间的整数，实际是 -1"
    );
}

#[test]
fn an_order_in_words_is_refused() {
    let site = with_branch_line("order = \"第一\"");
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    let d = assert_one(&diags, "wrong-type", BRANCH, 4, 9);
    assert_eq!(d.message, "字段 `order` 应为整数，实际是文本");
}

#[test]
fn better_takes_higher_or_lower() {
    let site = with_figure_line("better = \"lowr\"");
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    let d = assert_one(&diags, "invalid-value", ANNUAL, 6, 10);
    assert_eq!(
        d.message,
        "字段 `figures[1].better` 的值“lowr”不在可选范围内"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("是否应为“lower”？可选：higher、lower")
    );
}

#[test]
fn display_takes_plain_grouped_or_wan() {
    let site = with_figure_line("display = \"万元\"");
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    let d = assert_one(&diags, "invalid-value", ANNUAL, 6, 11);
    assert_eq!(
        d.message,
        "字段 `figures[1].display` 的值“万元”不在可选范围内"
    );
    assert_eq!(d.hint.as_deref(), Some("可选：plain、grouped、wan"));
}

/// The first branch of `stats --format csv`.
fn first_branch(site: &TestSite) -> String {
    let o = site.run(&["stats", "--year", "2024", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&o.stdout).into_owned();
    csv.lines()
        .nth(1)
        .and_then(|l| l.split(',').next())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no branch row in: {csv}"))
}

#[test]
fn order_puts_a_branch_first_within_its_category_only() {
    const BETA: &str = "content/branches/beta.toml";
    let site = TestSite::minimal();
    // alpha is 临床, beta 行政后勤: the category decides, even when beta has an order.
    site.replace(
        BETA,
        "category = \"行政后勤\"\n",
        "category = \"行政后勤\"\norder = 1\n",
    );
    assert_eq!(first_branch(&site), "一支部");
    // Both 临床: beta, with order = 1, before alpha, which has none.
    site.replace(BETA, "category = \"行政后勤\"\n", "category = \"临床\"\n");
    assert_eq!(first_branch(&site), "第二党支部");
    // Without order: by id, alpha first.
    site.replace(BETA, "order = 1\n", "");
    assert_eq!(first_branch(&site), "一支部");
}
