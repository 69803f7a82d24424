//! Issue 13, items 10–12: numbers that overflow or are not numbers, figures that do not add
//! up, and the rules whose documentation (docs/rules.md) and tool disagreed.
//!
//! Each test writes the few records it needs into an empty site, like tests/rules.rs.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use dangjian::Site;
use dangjian::charts::figures;
use dangjian::metrics::{self, Metrics, OTHER_KINDS, Status, TermState};
use support::{Diag, TestSite, assert_one};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad date {s}: {e}"))
}

const SITE_TOML: &str = r#"[organisation]
name = "中共测试医院委员会"
hospital = "测试医院"
doc_prefix = "测医党"

[site]
title = "测试医院党建"
base_url = "https://test.example/"
"#;

/// An empty site whose `[rules]` table has `rules` as its body.
fn site(rules: &str) -> TestSite {
    let s = TestSite::empty();
    s.write("site.toml", &format!("{SITE_TOML}\n[rules]\n{rules}\n"));
    s
}

/// `content/branches/<id>.toml` with 5 正式党员 and a term far from its end, unless `body`
/// (written after the top-level keys) brings its own `[term]` or `[[member_counts]]`.
fn branch(s: &TestSite, id: &str, body: &str) {
    let mut t = format!(
        "name = \"{id}党支部\"\nshort_name = \"{id}支部\"\ncategory = \"临床\"\ndepartment = \"{id}科\"\n{body}\n\n[secretary]\nname = \"张明\"\nheads_department = true\n"
    );
    if !body.contains("[term]") {
        t.push_str("\n[term]\nstart = 2023-01-01\nend = 2027-12-31\n");
    }
    if !body.contains("[[member_counts]]") {
        t.push_str("\n[[member_counts]]\ndate = 2020-01-01\nfull = 5\n");
    }
    s.write(&format!("content/branches/{id}.toml"), &t);
}

static SEQ: AtomicUsize = AtomicUsize::new(0);

/// An activity of `branch` on `date`; everyone of 10 present unless `fields` say otherwise.
fn activity(s: &TestSite, branch: &str, kind: &str, date: &str, fields: &str) -> String {
    let n = SEQ.fetch_add(1, Ordering::SeqCst);
    let file = format!("content/activities/{}/{date}-{branch}-a{n}.md", &date[..4]);
    let mut fm = format!(
        "title = \"{kind}（{date}）\"\nbranch = \"{branch}\"\nkind = \"{kind}\"\ndate = {date}\nplace = \"会议室\"\nchair = \"张明\"\nrecorder = \"李华\"\n"
    );
    if !fields.contains("expected") {
        fm.push_str("expected = 10\npresent = 10\n");
    }
    if kind == "党课" && !fields.contains("lecturer") {
        fm.push_str("lecturer = \"张明\"\nsubject = \"党章\"\n");
    }
    fm.push_str(fields);
    s.write(&file, &format!("+++\n{fm}\n+++\n会议内容。\n"));
    file
}

/// Loads the site at `as_of`; the diagnostics must all be warnings with one of `allowed`.
fn load(s: &TestSite, as_of: &str, allowed: &[&str]) -> Site {
    let (site, diags) = Site::load(&s.root, Some(d(as_of)));
    let unexpected: Vec<String> = diags
        .iter()
        .filter(|d| !allowed.contains(&d.code.name()))
        .map(ToString::to_string)
        .collect();
    assert!(unexpected.is_empty(), "unexpected: {unexpected:#?}");
    site.expect("site loads")
}

fn compute(s: &TestSite, year: i32, as_of: &str, allowed: &[&str]) -> Metrics {
    let site = load(s, as_of, allowed);
    metrics::compute(&site.config, &site.corpus, year, site.as_of)
}

fn check(s: &TestSite, as_of: &str) -> (i32, Vec<Diag>) {
    let out = s.run(&["check", "--format", "json", "--as-of", as_of]);
    (
        out.status.code().unwrap_or(-1),
        support::parse_diagnostics(&out.stdout),
    )
}

// ------------------------------------------------------------------------- 10. numbers

/// `full + probationary` wrapped at u32 ("党员 4294967294"): head counts are bounded at the
/// record, where the number is.
#[test]
fn head_counts_beyond_100000_are_refused_at_the_number() {
    let s = site("");
    branch(
        &s,
        "alpha",
        "[[member_counts]]\ndate = 2024-01-01\nfull = 4294967295\nprobationary = 1",
    );
    activity(
        &s,
        "alpha",
        "主题党日",
        "2024-03-10",
        "expected = 100001\npresent = 3\n",
    );
    let (code, diags) = check(&s, "2024-12-31");
    assert_eq!(code, 1, "{diags:#?}");
    let invalid: Vec<(&str, u32, u32, &str)> = diags
        .iter()
        .filter(|d| d.code == "invalid-value")
        .map(|d| (d.file.as_str(), d.line, d.column, d.message.as_str()))
        .collect();
    let act = invalid
        .iter()
        .find(|d| d.0.starts_with("content/activities/"))
        .map(|d| d.0)
        .unwrap_or("(none)");
    assert_eq!(
        invalid,
        [
            (
                act,
                9,
                12,
                "字段 `expected` 应为 0 到 100000 之间的整数，实际是 100001"
            ),
            (
                "content/branches/alpha.toml",
                7,
                8,
                "字段 `member_counts[1].full` 应为 0 到 100000 之间的整数，实际是 4294967295"
            ),
        ],
        "{diags:#?}"
    );
}

/// A figure of `1e308` printed 309 digits and "+inf（-inf%）" as its change; `nan` and `inf`
/// are no numbers. Every typed number is finite and at most 10¹² in magnitude.
#[test]
fn figures_beyond_a_trillion_and_non_numbers_are_refused() {
    let s = site("");
    branch(&s, "alpha", "");
    let figure = |id: &str, value: &str| {
        format!(
            "[[figures]]\nid = \"{id}\"\nlabel = \"{id}\"\nunit = \"元\"\ngroup = \"经费\"\nvalue = {value}\n\n"
        )
    };
    // Each [[figures]] block is 7 lines: `value` is on line 6 of its block.
    let text = [
        figure("huge", "1e308"),
        figure("negative", "-1e308"),
        figure("nan", "nan"),
        figure("inf", "-inf"),
        figure("big_int", "9000000000000000000"),
        figure("tiny", "1e-300"),
        figure("zero", "0.0"),
        figure("small", "0.000001"),
        figure("fine", "1000000000000"),
    ]
    .concat();
    s.write("content/annual/2024.toml", &text);
    let (code, diags) = check(&s, "2024-12-31");
    assert_eq!(code, 1, "{diags:#?}");
    let at: Vec<(u32, u32, &str)> = diags
        .iter()
        .filter(|d| d.code == "invalid-value")
        .map(|d| {
            assert_eq!(d.file, "content/annual/2024.toml");
            (d.line, d.column, d.message.as_str())
        })
        .collect();
    let range = |i: u32| {
        format!(
            "字段 `figures[{i}].value` 的数值超出合理范围（0，或绝对值在 0.000001 到 1000000000000 之间）"
        )
    };
    let finite = |i: u32| format!("字段 `figures[{i}].value` 应为有限的数");
    let at: Vec<(u32, u32, String)> = at
        .into_iter()
        .map(|(l, c, m)| (l, c, m.to_owned()))
        .collect();
    assert_eq!(
        at,
        [
            (6, 9, range(1)),
            (13, 9, range(2)),
            (20, 9, finite(3)),
            (27, 9, finite(4)),
            (34, 9, range(5)),
            (41, 9, range(6))
        ],
        "{diags:#?}"
    );
    let huge = diags.iter().find(|d| d.line == 6).map(|d| d.hint.clone());
    assert_eq!(
        huge,
        Some(Some(
            "检查单位和位数：金额以元计，人数、次数以个计".to_owned()
        ))
    );
}

/// Months and years of the rules are bounded too: `term_reminder_months = 4000000000` was
/// taken and subtracted from dates.
#[test]
fn rule_settings_out_of_range_are_refused_at_their_line() {
    let s = site("term_years = 1000\nmax_absence_months = 4000000000\n");
    branch(&s, "alpha", "");
    let (code, diags) = check(&s, "2024-12-31");
    assert_eq!(code, 1, "{diags:#?}");
    let found: Vec<(&str, u32, u32, &str)> = diags
        .iter()
        .filter(|d| d.code == "invalid-value")
        .map(|d| (d.file.as_str(), d.line, d.column, d.message.as_str()))
        .collect();
    // SITE_TOML is 8 lines, then a blank line and `[rules]`.
    assert_eq!(
        found,
        [
            (
                "site.toml",
                11,
                14,
                "`rules.term_years` 应为 0 到 10 之间的整数，实际是 1000"
            ),
            (
                "site.toml",
                12,
                22,
                "`rules.max_absence_months` 应为 0 到 120 之间的整数，实际是 4000000000"
            ),
        ],
        "{diags:#?}"
    );
}

// --------------------------------------------------------- 11. figures that add up

/// The sum over the per-kind columns of `by_kind`, as `stats` and the annual page show them.
fn kind_sum(
    by_kind: &std::collections::BTreeMap<String, u32>,
    config: &dangjian::config::Config,
) -> u32 {
    metrics::kind_columns(config, by_kind, true)
        .iter()
        .map(|k| by_kind.get(k).copied().unwrap_or(0))
        .sum()
}

/// An activity of a kind outside the list counted in 合计 but had no column (36 vs 37): it
/// now has the column 其他类型, in the tables and as a series of the per-branch chart.
#[test]
fn an_activity_of_an_unlisted_kind_is_counted_under_other_kinds() {
    let s = site("");
    branch(&s, "alpha", "");
    activity(&s, "alpha", "主题党日", "2024-03-10", "");
    let odd = activity(&s, "alpha", "读书分享会", "2024-04-10", "");
    let site = load(&s, "2024-12-31", &["unknown-kind"]);
    let m = metrics::compute(&site.config, &site.corpus, 2024, site.as_of);
    let b = m.branch("alpha").expect("alpha");
    assert_eq!(b.activities, 2);
    assert_eq!(b.by_kind.get(OTHER_KINDS), Some(&1), "{:?}", b.by_kind);
    assert_eq!(kind_sum(&b.by_kind, &site.config), b.activities);
    assert_eq!(kind_sum(&m.org.by_kind, &site.config), m.org.activities);

    // The per-branch chart: one series per column, each bar adds up to the branch's total.
    let chart = figures::by_branch(&m, &site.config);
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["主题党日", OTHER_KINDS]);
    let bar: f64 = chart.series.iter().map(|s| s.values[0]).sum();
    assert_eq!(bar, 2.0);
    let kinds = figures::by_kind(&m, &site.config);
    assert_eq!(kinds.categories, ["主题党日", OTHER_KINDS]);

    // `stats --format csv`: the row's kind columns add up to its 活动.
    let out = s.run(&["stats", "--format", "csv", "--as-of", "2024-12-31"]);
    let csv = String::from_utf8_lossy(&out.stdout).replace('"', "");
    let lines: Vec<Vec<&str>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').collect())
        .collect();
    let header = &lines[0];
    let other = header.iter().position(|c| *c == OTHER_KINDS);
    assert!(other.is_some(), "{header:?}");
    let first_kind = 3;
    let last_kind = other.unwrap_or(0);
    let row = &lines[1];
    let sum: u32 = row[first_kind..=last_kind]
        .iter()
        .map(|c| c.parse::<u32>().unwrap_or(0))
        .sum();
    assert_eq!(row[2], "2", "{row:?}");
    assert_eq!(sum, 2, "{header:?}\n{row:?}");

    // `check` still says which kind is not in the list.
    let (_, diags) = check(&s, "2024-12-31");
    assert_one(&diags, "unknown-kind", &odd, 4, 8);

    // The annual page's table has the column (the site is written even without PDFs).
    s.run(&["build", "--no-pdf"]);
    let page = s.read("output/annual/2024.html");
    assert!(
        page.contains("<th scope=\"col\" class=\"num\">其他类型</th>"),
        "no 其他类型 column on the annual page"
    );
}

/// An activity dated after the as-of date counted in the totals but not in the monthly chart
/// (13 vs 14). One rule for every figure: it has not taken place at the as-of date.
#[test]
fn an_activity_after_the_as_of_date_counts_in_no_figure() {
    let s = site("");
    branch(&s, "alpha", "");
    activity(&s, "alpha", "主题党日", "2024-03-10", "");
    activity(&s, "alpha", "主题党日", "2024-11-20", "");
    let m = compute(&s, 2024, "2024-06-30", &["future-date"]);
    let b = m.branch("alpha").expect("alpha");
    let chart = figures::by_month(&m, None);
    let charted: f64 = chart.series[0].values.iter().filter(|v| !v.is_nan()).sum();
    assert_eq!(
        (m.org.activities, b.activities, charted),
        (1, 1, 1.0),
        "totals and the monthly chart count the same activities"
    );
    assert_eq!(b.by_month.iter().sum::<u32>(), 1);
    assert_eq!(b.by_kind.get("主题党日"), Some(&1));
    let nov = b
        .compliance
        .iter()
        .find(|c| c.kind == "主题党日")
        .map(|c| (c.cells[10].count, c.cells[10].status));
    assert_eq!(nov, Some((0, Status::Future)));
    // Judged later, the same activity counts.
    let later = compute(&s, 2024, "2024-12-31", &[]);
    assert_eq!(later.org.activities, 2);
}

/// 39/49 = 79.6 % was reported as "参与率 80%" in a warning that it is below 80 %.
#[test]
fn a_failing_rate_is_never_rounded_up_to_the_threshold() {
    let s = site("");
    branch(&s, "alpha", "");
    let low = activity(
        &s,
        "alpha",
        "主题党日",
        "2024-03-10",
        "expected = 49\npresent = 39\n",
    );
    let (_, diags) = check(&s, "2024-12-31");
    let att: Vec<&Diag> = diags
        .iter()
        .filter(|d| d.code == "rule" && d.message.contains("参与率"))
        .collect();
    assert_eq!(att.len(), 1, "{diags:#?}");
    assert_eq!(att[0].file, low);
    assert!(
        att[0].message.ends_with("参与率 79.6%（39/49）"),
        "{}",
        att[0].message
    );
    assert_eq!(dangjian::format::attendance_percent(0.7996, 0.8), "79.9%");
    assert_eq!(dangjian::format::attendance_percent(0.79999, 0.8), "79.9%");
    assert_eq!(dangjian::format::attendance_percent(0.8, 0.8), "80.0%");
    assert_eq!(dangjian::format::attendance_percent(0.8004, 0.8), "80.0%");
    assert_eq!(dangjian::format::attendance_percent(0.9, 0.9), "90.0%");
    assert_eq!(dangjian::format::attendance_percent(0.8996, 0.9), "89.9%");
    // `stats` shows the branch's mean the same way.
    let out = s.run(&["stats", "--as-of", "2024-12-31"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("79.6%"), "{text}");
}

// ------------------------------------------------------- 12. docs/rules.md and the tool

/// Decided: a past year's term is judged at that year's end (as its report would have said
/// then), the current year's at the as-of date.
#[test]
fn a_past_years_term_is_judged_at_that_years_end() {
    let s = site("");
    branch(&s, "alpha", "[term]\nstart = 2022-04-01\nend = 2025-03-31");
    let state = |year| {
        compute(&s, year, "2025-06-30", &[])
            .branch("alpha")
            .map(|b| b.term.state)
    };
    assert_eq!(state(2023), Some(TermState::Current));
    // 2024-12-31 lies within 6 months of the end.
    assert_eq!(state(2024), Some(TermState::DueSoon));
    assert_eq!(state(2025), Some(TermState::Overdue));
}

/// Decided: the committee-wide 平均参与率 is the mean of the branches' means, each branch
/// weighing the same (not the mean over all meetings).
#[test]
fn the_committee_mean_rate_is_the_mean_of_the_branch_means() {
    let s = site("");
    branch(&s, "alpha", "");
    branch(&s, "beta", "");
    for (date, present) in [("2024-03-10", 10), ("2024-04-10", 5), ("2024-05-10", 10)] {
        activity(
            &s,
            "alpha",
            "主题党日",
            date,
            &format!("expected = 10\npresent = {present}\n"),
        );
    }
    activity(
        &s,
        "beta",
        "主题党日",
        "2024-03-10",
        "expected = 10\npresent = 6\n",
    );
    let m = compute(&s, 2024, "2024-12-31", &[]);
    let alpha = (1.0 + 0.5 + 1.0) / 3.0;
    let org = m.org.attendance.unwrap_or(f64::NAN);
    assert!((org - (alpha + 0.6) / 2.0).abs() < 1e-12, "{org}");
    // Not the mean over the four meetings (0.775).
    assert!((org - 0.775).abs() > 1e-3);
}

/// Decided: a 党小组 without `since` is taken to exist as long as the branch.
#[test]
fn a_group_without_since_is_expected_from_the_branchs_first_period() {
    let s = site("");
    branch(
        &s,
        "alpha",
        "founded = 2024-03-01\n\n[[groups]]\nname = \"第一党小组\"",
    );
    let m = compute(&s, 2024, "2024-12-31", &[]);
    let b = m.branch("alpha").expect("alpha");
    let row: Vec<Status> = b
        .compliance
        .iter()
        .find(|c| c.kind == "党小组会")
        .map(|c| c.cells.iter().map(|x| x.status).collect())
        .unwrap_or_default();
    assert_eq!(row.len(), 12);
    assert_eq!(&row[..2], [Status::NotApplicable, Status::NotApplicable]);
    assert!(row[2..11].iter().all(|s| *s == Status::Missed), "{row:?}");
}

/// Decided: a term begun on 29 February ends on 28 February of a common year (the month's
/// last day, as 《民法典》第二百零三条 counts a period without a corresponding day), like a
/// term begun on 1 March — not on 27 February.
#[test]
fn a_term_begun_on_29_february_ends_on_28_february() {
    let s = site("");
    branch(&s, "leap", "[term]\nstart = 2024-02-29");
    branch(&s, "march", "[term]\nstart = 2024-03-01");
    branch(&s, "plain", "[term]\nstart = 2023-03-01");
    let m = compute(&s, 2024, "2024-12-31", &[]);
    let end = |id: &str| m.branch(id).map(|b| b.term.end);
    assert_eq!(end("leap"), Some(d("2027-02-28")));
    assert_eq!(end("march"), Some(d("2027-02-28")));
    assert_eq!(end("plain"), Some(d("2026-02-28")));
    assert_eq!(
        metrics::branch::default_term_end(d("2023-03-01"), 1),
        d("2024-02-29")
    );
    assert_eq!(
        metrics::branch::default_term_end(d("2020-02-29"), 4),
        d("2024-02-28")
    );
}

/// Decided: before the first `[[member_counts]]` entry the first entry is in force.
#[test]
fn member_counts_before_the_first_entry_are_the_first_entry() {
    let s = site("");
    branch(
        &s,
        "alpha",
        "[[member_counts]]\ndate = 2024-06-01\nfull = 5\nprobationary = 1\n\n[[member_counts]]\ndate = 2024-09-01\nfull = 8\nprobationary = 0",
    );
    let members = |year, as_of| {
        compute(&s, year, as_of, &[])
            .branch("alpha")
            .map(|b| (b.full_members, b.members))
    };
    assert_eq!(members(2023, "2024-12-31"), Some((5, 6)));
    assert_eq!(members(2024, "2024-03-01"), Some((5, 6)));
    assert_eq!(members(2024, "2024-12-31"), Some((8, 8)));
}

/// Decided: `min = 0` turns off the rule's periods, but its kind stays organisational life.
#[test]
fn a_rule_with_min_zero_still_counts_for_attendance() {
    let s = site("[[rules.frequency]]\nkind = \"主题党日\"\nmin = 0\nperiod = \"month\"\n");
    branch(&s, "alpha", "");
    activity(
        &s,
        "alpha",
        "主题党日",
        "2024-03-10",
        "expected = 10\npresent = 5\n",
    );
    let m = compute(&s, 2024, "2024-12-31", &[]);
    let b = m.branch("alpha").expect("alpha");
    assert!(b.compliance.iter().all(|c| c.kind != "主题党日"));
    assert_eq!(b.meetings, 1);
    assert_eq!(b.attendance, Some(0.5));
    assert_eq!(b.low_attendance.len(), 1);
}

/// Decided: a meeting with `expected = 0` has no 参与率 — not counted as a meeting, in no
/// mean, never flagged.
#[test]
fn a_meeting_expecting_nobody_has_no_rate() {
    let s = site("");
    branch(&s, "alpha", "");
    activity(
        &s,
        "alpha",
        "主题党日",
        "2024-03-10",
        "expected = 0\npresent = 0\n",
    );
    activity(
        &s,
        "alpha",
        "主题党日",
        "2024-04-10",
        "expected = 10\npresent = 9\n",
    );
    let m = compute(&s, 2024, "2024-12-31", &[]);
    let b = m.branch("alpha").expect("alpha");
    assert_eq!((b.activities, b.meetings), (2, 1));
    assert_eq!(b.attendance, Some(0.9));
    assert!(b.low_attendance.is_empty());
    // It still counts for the frequency rule.
    let march = b
        .compliance
        .iter()
        .find(|c| c.kind == "主题党日")
        .map(|c| c.cells[2].status);
    assert_eq!(march, Some(Status::Met));
}
