//! The party's rules, one at a time, on hand-made sites.
//!
//! Every test writes exactly the records it needs into an empty folder (a `site.toml`, a few
//! branches, a few activities), so that each test reads as the specification of one rule. The
//! rules are judged through the library (`Site::load` + `metrics::compute`, and the findings of
//! `metrics::findings`) and, where the command line matters, through `dangjian check --format json`.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use dangjian::Site;
use dangjian::metrics::{self, Metrics, ScoreSource, Status, TermState};
use support::{Diag, TestSite, parse_diagnostics};

// ---------------------------------------------------------------------------------------------
// Building sites
// ---------------------------------------------------------------------------------------------

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

/// An empty site whose `[rules]` table has `rules` as its body (empty: every default).
fn site(rules: &str) -> TestSite {
    let s = TestSite::empty();
    s.write("site.toml", &format!("{SITE_TOML}\n[rules]\n{rules}\n"));
    s
}

/// The secretary of every branch unless a test says otherwise.
const SECRETARY: &str = "张明";

/// `content/branches/<id>.toml`: `body` (top-level keys first, then tables), plus — unless
/// `body` has its own — a secretary (张明) who heads the department, a term from 2023-01-01 to
/// 2027-12-31 (never near its end in these tests) and 5 正式党员 (no committee needed).
fn branch(s: &TestSite, id: &str, body: &str) {
    let mut t = format!(
        "name = \"{id}党支部\"\nshort_name = \"{id}支部\"\ncategory = \"临床\"\ndepartment = \"{id}科\"\n{body}\n"
    );
    if !body.contains("[secretary]") {
        t.push_str(&format!(
            "\n[secretary]\nname = \"{SECRETARY}\"\nheads_department = true\n"
        ));
    }
    if !body.contains("[term]") {
        t.push_str("\n[term]\nstart = 2023-01-01\nend = 2027-12-31\n");
    }
    if !body.contains("[[member_counts]]") {
        t.push_str("\n[[member_counts]]\ndate = 2020-01-01\nfull = 5\n");
    }
    s.write(&format!("content/branches/{id}.toml"), &t);
}

static SEQ: AtomicUsize = AtomicUsize::new(0);

/// An activity of `branch` on `date` (YYYY-MM-DD) with extra front-matter lines `fields`.
/// Unless `fields` say otherwise: 10 expected, 10 present, and a 党课 is given by the secretary.
/// Returns the file's path relative to the site root.
fn activity(s: &TestSite, branch: &str, kind: &str, date: &str, fields: &str) -> String {
    let n = SEQ.fetch_add(1, Ordering::SeqCst);
    let file = format!("content/activities/{}/{date}-{branch}-a{n}.md", &date[..4]);
    let mut fm = format!(
        "title = \"{kind}（{date}）\"\nbranch = \"{branch}\"\nkind = \"{kind}\"\ndate = {date}\nplace = \"会议室\"\nchair = \"{SECRETARY}\"\nrecorder = \"李华\"\n"
    );
    if !fields.contains("expected") {
        fm.push_str("expected = 10\npresent = 10\n");
    }
    if kind == "党课" && !fields.contains("lecturer") {
        fm.push_str(&format!(
            "lecturer = \"{SECRETARY}\"\nsubject = \"党章学习\"\n"
        ));
    }
    fm.push_str(fields);
    s.write(&file, &format!("+++\n{fm}\n+++\n会议内容。\n"));
    file
}

/// An activity with the defaults (everyone present).
fn meeting(s: &TestSite, branch: &str, kind: &str, date: &str) {
    activity(s, branch, kind, date, "");
}

/// Loads the site judged at `as_of`, asserting that the records themselves are clean (the tests
/// are about rules, not about malformed records).
fn load(s: &TestSite, as_of: &str) -> Site {
    let (site, diags) = Site::load(&s.root, Some(d(as_of)));
    let list: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(
        list.is_empty(),
        "the test site should load without diagnostics: {list:#?}"
    );
    site.expect("site loads")
}

fn compute(s: &TestSite, year: i32, as_of: &str) -> Metrics {
    let site = load(s, as_of);
    metrics::compute(&site.config, &site.corpus, year, site.as_of)
}

/// The rule findings of `year` at `as_of` as (branch id, text); the organisation is "".
fn findings(s: &TestSite, year: i32, as_of: &str) -> Vec<(String, String)> {
    let site = load(s, as_of);
    let m = metrics::compute(&site.config, &site.corpus, year, site.as_of);
    metrics::findings::findings(&site.config, &site.corpus, &m, &|name| name)
        .into_iter()
        .map(|f| (f.branch, f.text))
        .collect()
}

/// The findings of one branch that mention `needle`.
fn findings_about(all: &[(String, String)], branch: &str, needle: &str) -> Vec<String> {
    all.iter()
        .filter(|(b, t)| b == branch && t.contains(needle))
        .map(|(_, t)| t.clone())
        .collect()
}

fn st(s: Status) -> &'static str {
    match s {
        Status::Met => "met",
        Status::Missed => "missed",
        Status::Due => "due",
        Status::Future => "future",
        Status::NotApplicable => "n/a",
    }
}

/// The status of each period of one branch's rule for `kind`, in calendar order.
fn row(m: &Metrics, branch: &str, kind: &str) -> Vec<&'static str> {
    let b = m
        .branch(branch)
        .unwrap_or_else(|| panic!("no metrics for branch {branch}"));
    let c = b
        .compliance
        .iter()
        .find(|c| c.kind == kind)
        .unwrap_or_else(|| panic!("no rule for {kind} in {branch}"));
    c.cells.iter().map(|c| st(c.status)).collect()
}

fn counts(m: &Metrics, branch: &str, kind: &str) -> Vec<u32> {
    let b = m.branch(branch).expect("branch");
    b.compliance
        .iter()
        .find(|c| c.kind == kind)
        .expect("rule")
        .cells
        .iter()
        .map(|c| c.count)
        .collect()
}

/// `dangjian check --format json <args>`: exit code and diagnostics.
fn check(s: &TestSite, args: &[&str]) -> (i32, Vec<Diag>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = s.run(&all);
    let diags = parse_diagnostics(&out.stdout);
    (out.status.code().unwrap_or(-1), diags)
}

fn rule_diags(diags: &[Diag]) -> Vec<&Diag> {
    diags.iter().filter(|d| d.code == "rule").collect()
}

/// The rule diagnostics whose message contains `needle`.
fn rule_diags_with<'a>(diags: &'a [Diag], needle: &str) -> Vec<&'a Diag> {
    diags
        .iter()
        .filter(|d| d.code == "rule" && d.message.contains(needle))
        .collect()
}

const MONTHS: usize = 12;

// ---------------------------------------------------------------------------------------------
// Frequency rules: met, missed, due, future
// ---------------------------------------------------------------------------------------------

#[test]
fn monthly_theme_day_is_met_missed_due_or_future() {
    let s = site("");
    branch(&s, "alpha", "");
    for date in ["2024-01-10", "2024-02-10", "2024-04-10", "2024-05-31"] {
        meeting(&s, "alpha", "主题党日", date);
    }
    // Judged on 2024-06-15: March had none (missed), June is under way (due, not missed),
    // July to December have not begun (future).
    let m = compute(&s, 2024, "2024-06-15");
    assert_eq!(
        row(&m, "alpha", "主题党日"),
        [
            "met", "met", "missed", "met", "met", "due", "future", "future", "future", "future",
            "future", "future"
        ]
    );
    assert_eq!(
        counts(&m, "alpha", "主题党日"),
        [1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    );

    // The finding names March only.
    let f = findings(&s, 2024, "2024-06-15");
    assert_eq!(
        findings_about(&f, "alpha", "主题党日"),
        ["主题党日（每月至少 1 次）未开展：3月"]
    );

    // Once June is over without a 主题党日, June is missed too.
    let m = compute(&s, 2024, "2024-07-01");
    assert_eq!(row(&m, "alpha", "主题党日")[5], "missed");
    assert_eq!(row(&m, "alpha", "主题党日")[6], "due");

    // A 主题党日 held in the current month meets it at once.
    meeting(&s, "alpha", "主题党日", "2024-06-03");
    let m = compute(&s, 2024, "2024-06-15");
    assert_eq!(row(&m, "alpha", "主题党日")[5], "met");
}

#[test]
fn monthly_rule_through_check_json() {
    let s = site("");
    branch(&s, "alpha", "");
    meeting(&s, "alpha", "主题党日", "2024-01-10");
    let (code, diags) = check(&s, &["--as-of", "2024-03-15"]);
    assert_eq!(code, 0, "rule findings are warnings: {diags:#?}");
    let theme = rule_diags_with(&diags, "主题党日");
    assert_eq!(theme.len(), 1, "{diags:#?}");
    let d = theme[0];
    assert_eq!(d.file, "content/branches/alpha.toml");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "alpha党支部 2024年：主题党日（每月至少 1 次）未开展：2月"
    );
}

#[test]
fn a_meeting_on_the_last_day_of_a_quarter_counts_for_that_quarter() {
    let s = site("");
    branch(&s, "alpha", "");
    meeting(&s, "alpha", "支部党员大会", "2024-03-31");
    meeting(&s, "alpha", "主题党日", "2024-02-29");
    let m = compute(&s, 2024, "2024-12-31");
    assert_eq!(counts(&m, "alpha", "支部党员大会"), [1, 0, 0, 0]);
    assert_eq!(
        row(&m, "alpha", "支部党员大会"),
        ["met", "missed", "missed", "due"]
    );
    // The same for a month: 29 February (leap year) is February's.
    assert_eq!(counts(&m, "alpha", "主题党日")[1..3], [1, 0]);
    assert_eq!(row(&m, "alpha", "主题党日")[1], "met");

    // Judged on the last day of the quarter itself, Q2 is still due, not missed.
    let m = compute(&s, 2024, "2024-06-30");
    assert_eq!(
        row(&m, "alpha", "支部党员大会"),
        ["met", "due", "future", "future"]
    );
}

#[test]
fn a_branch_founded_mid_year_is_not_judged_before_it_existed() {
    let s = site("");
    branch(&s, "alpha", "founded = 2024-07-01");
    for month in 7..=12 {
        meeting(&s, "alpha", "主题党日", &format!("2024-{month:02}-05"));
    }
    let m = compute(&s, 2024, "2025-01-10");
    let mut expected = vec!["n/a"; 6];
    expected.extend(["met"; 6]);
    assert_eq!(row(&m, "alpha", "主题党日"), expected);
    // Quarters: Q1 and Q2 are before it existed; Q3 and Q4 are judged (and missed).
    assert_eq!(
        row(&m, "alpha", "支部党员大会"),
        ["n/a", "n/a", "missed", "missed"]
    );
    assert_eq!(row(&m, "alpha", "党课"), ["n/a", "n/a", "missed", "missed"]);
    let f = findings(&s, 2024, "2025-01-10");
    for (_, text) in &f {
        for early in [
            "1月",
            "2月",
            "3月",
            "4月",
            "5月",
            "6月",
            "第一季度",
            "第二季度",
        ] {
            assert!(
                !text.contains(early),
                "nothing before July is missed: {text}"
            );
        }
    }
    assert!(findings_about(&f, "alpha", "主题党日").is_empty(), "{f:#?}");

    // In the year before it was founded, the branch has no metrics at all.
    let m = compute(&s, 2023, "2025-01-10");
    assert!(m.branch("alpha").is_none());
    assert!(
        findings(&s, 2023, "2025-01-10")
            .iter()
            .all(|(b, _)| b != "alpha")
    );
}

// ---------------------------------------------------------------------------------------------
// Rules that apply to some branches only
// ---------------------------------------------------------------------------------------------

#[test]
fn committee_meetings_only_for_branches_with_a_committee() {
    let s = site("");
    let committee = "[committee]\n[[committee.members]]\nname = \"张明\"\npost = \"书记\"\n";
    branch(&s, "big", committee);
    branch(
        &s,
        "small",
        "[[member_counts]]\ndate = 2020-01-01\nfull = 5\n",
    );
    for month in 1..=11 {
        meeting(&s, "big", "支部委员会", &format!("2024-{month:02}-08"));
    }
    let m = compute(&s, 2024, "2025-01-10");
    let mut big = vec!["met"; 11];
    big.push("missed");
    assert_eq!(row(&m, "big", "支部委员会"), big);
    assert_eq!(row(&m, "small", "支部委员会"), vec!["n/a"; MONTHS]);
    let f = findings(&s, 2024, "2025-01-10");
    assert_eq!(
        findings_about(&f, "big", "支部委员会"),
        ["支部委员会（每月至少 1 次）未开展：12月"]
    );
    assert!(findings_about(&f, "small", "支部委员会").is_empty());
}

#[test]
fn a_committee_set_up_mid_year_is_judged_from_its_first_month() {
    let s = site("");
    branch(
        &s,
        "alpha",
        "[committee]\nsince = 2024-06-01\n[[committee.members]]\nname = \"张明\"\npost = \"书记\"\n",
    );
    for month in 6..=11 {
        meeting(&s, "alpha", "支部委员会", &format!("2024-{month:02}-08"));
    }
    let m = compute(&s, 2024, "2025-01-10");
    let mut expected = vec!["n/a"; 5];
    expected.extend(["met"; 6]);
    expected.push("missed");
    assert_eq!(row(&m, "alpha", "支部委员会"), expected);
}

#[test]
fn group_meetings_only_for_branches_with_groups() {
    let s = site("");
    branch(
        &s,
        "grouped",
        "[[groups]]\nname = \"第一党小组\"\nleader = \"李华\"\n",
    );
    branch(
        &s,
        "later",
        "[[groups]]\nname = \"第一党小组\"\nsince = 2024-09-01\n",
    );
    branch(&s, "plain", "");
    meeting(&s, "grouped", "党小组会", "2024-01-20");
    let m = compute(&s, 2024, "2024-12-31");
    let mut grouped = vec!["met"];
    grouped.extend(["missed"; 10]);
    grouped.push("due");
    assert_eq!(row(&m, "grouped", "党小组会"), grouped);
    let mut later = vec!["n/a"; 8];
    later.extend(["missed", "missed", "missed", "due"]);
    assert_eq!(row(&m, "later", "党小组会"), later);
    assert_eq!(row(&m, "plain", "党小组会"), vec!["n/a"; MONTHS]);
}

// ---------------------------------------------------------------------------------------------
// Term (换届)
// ---------------------------------------------------------------------------------------------

#[test]
fn term_reminder_boundary_is_inclusive() {
    // Judged on 2024-05-15 with the default 6-month reminder: a term ending on 2024-11-15
    // (exactly 6 months later) is due soon, one ending a day later is current.
    let s = site("");
    branch(
        &s,
        "exact",
        "[term]\nstart = 2021-11-16\nend = 2024-11-15\n",
    );
    branch(
        &s,
        "dayafter",
        "[term]\nstart = 2021-11-17\nend = 2024-11-16\n",
    );
    branch(
        &s,
        "today",
        "[term]\nstart = 2021-05-16\nend = 2024-05-15\n",
    );
    let m = compute(&s, 2024, "2024-05-15");
    let term = |id: &str| m.branch(id).expect("branch").term.clone();
    assert_eq!(term("exact").state, TermState::DueSoon);
    assert_eq!(term("exact").days_left, 184);
    assert_eq!(term("dayafter").state, TermState::Current);
    // Ending today is not yet overdue.
    assert_eq!(term("today").state, TermState::DueSoon);
    assert_eq!(term("today").days_left, 0);

    let f = findings(&s, 2024, "2024-05-15");
    assert_eq!(
        findings_about(&f, "exact", "换届"),
        ["换届提醒：任期将于2024年11月15日届满（还有 184 天）"]
    );
    assert!(findings_about(&f, "dayafter", "换届").is_empty());
    // The organisation's list of terms to renew, soonest first.
    let terms: Vec<&str> = m.org.terms.iter().map(|t| t.branch.as_str()).collect();
    assert_eq!(terms, ["today", "exact"]);
}

#[test]
fn term_reminder_months_is_a_setting() {
    let s = site("term_reminder_months = 3");
    branch(
        &s,
        "alpha",
        "[term]\nstart = 2021-11-16\nend = 2024-11-15\n",
    );
    branch(&s, "beta", "[term]\nstart = 2021-08-16\nend = 2024-08-15\n");
    let m = compute(&s, 2024, "2024-05-15");
    assert_eq!(m.branch("alpha").unwrap().term.state, TermState::Current);
    assert_eq!(m.branch("beta").unwrap().term.state, TermState::DueSoon);
}

#[test]
fn an_overdue_term_is_flagged() {
    let s = site("");
    branch(&s, "late", "[term]\nstart = 2021-03-01\nend = 2024-05-14\n");
    // No end: it follows from term_years (3), so a term begun in 2021-03 is over by 2024-05.
    branch(&s, "derived", "[term]\nstart = 2021-03-01\n");
    let m = compute(&s, 2024, "2024-05-15");
    let late = &m.branch("late").unwrap().term;
    assert_eq!(late.state, TermState::Overdue);
    assert_eq!(late.days_left, -1);
    assert_eq!(m.branch("derived").unwrap().term.state, TermState::Overdue);
    let f = findings(&s, 2024, "2024-05-15");
    assert_eq!(
        findings_about(&f, "late", "换届"),
        ["换届已超期：任期于2024年5月14日届满，已超过 1 天"]
    );

    // With five-year terms the derived end moves to 2026 and the term is current again.
    let s5 = site("term_years = 5");
    branch(&s5, "derived", "[term]\nstart = 2021-03-01\n");
    let m = compute(&s5, 2024, "2024-05-15");
    assert_eq!(m.branch("derived").unwrap().term.state, TermState::Current);
}

// ---------------------------------------------------------------------------------------------
// Attendance (参与率)
// ---------------------------------------------------------------------------------------------

#[test]
fn attendance_below_the_threshold_is_flagged_and_exactly_at_it_is_not() {
    let s = site("");
    branch(&s, "alpha", "");
    let low = activity(
        &s,
        "alpha",
        "主题党日",
        "2024-03-10",
        "expected = 10\npresent = 7\n",
    );
    activity(
        &s,
        "alpha",
        "主题党日",
        "2024-04-10",
        "expected = 10\npresent = 8\n",
    );
    activity(
        &s,
        "alpha",
        "支部党员大会",
        "2024-05-10",
        "expected = 5\npresent = 4\n",
    );
    // Not organisational life (no frequency rule for 义诊): its attendance is not judged.
    activity(
        &s,
        "alpha",
        "义诊",
        "2024-06-10",
        "expected = 10\npresent = 1\n",
    );
    let m = compute(&s, 2024, "2024-12-31");
    let b = m.branch("alpha").unwrap();
    let flagged: Vec<(&str, u32, u32)> = b
        .low_attendance
        .iter()
        .map(|l| (l.file.as_str(), l.present, l.expected))
        .collect();
    assert_eq!(flagged, [(low.as_str(), 7, 10)]);
    assert_eq!(b.meetings, 3);
    let mean = b.attendance.expect("mean attendance");
    assert!((mean - (0.7 + 0.8 + 0.8) / 3.0).abs() < 1e-9, "mean {mean}");

    // Through `check`: one attendance finding, reported at the activity's file.
    let (code, diags) = check(&s, &["--as-of", "2024-12-31"]);
    assert_eq!(code, 0);
    let att = rule_diags_with(&diags, "参与率");
    assert_eq!(att.len(), 1, "{diags:#?}");
    assert_eq!(att[0].file, low);
    assert!(
        att[0].message.contains("参与率 70.0%（7/10）"),
        "{}",
        att[0].message
    );
}

#[test]
fn attendance_threshold_is_a_setting() {
    for setting in ["attendance_threshold = 0.9", "attendance_threshold = 90"] {
        let s = site(setting);
        branch(&s, "alpha", "");
        let eight = activity(
            &s,
            "alpha",
            "主题党日",
            "2024-03-10",
            "expected = 10\npresent = 8\n",
        );
        activity(
            &s,
            "alpha",
            "主题党日",
            "2024-04-10",
            "expected = 10\npresent = 9\n",
        );
        let m = compute(&s, 2024, "2024-12-31");
        let flagged: Vec<&str> = m
            .branch("alpha")
            .unwrap()
            .low_attendance
            .iter()
            .map(|l| l.file.as_str())
            .collect();
        assert_eq!(flagged, [eight.as_str()], "with {setting}");
    }
}

// ---------------------------------------------------------------------------------------------
// Site overrides of the frequency rules
// ---------------------------------------------------------------------------------------------

#[test]
fn a_site_can_raise_a_frequency() {
    let s = site("[[rules.frequency]]\nkind = \"主题党日\"\nmin = 2\nperiod = \"month\"\n");
    branch(&s, "alpha", "");
    meeting(&s, "alpha", "主题党日", "2024-01-10");
    meeting(&s, "alpha", "主题党日", "2024-02-10");
    meeting(&s, "alpha", "主题党日", "2024-02-20");
    let m = compute(&s, 2024, "2024-03-15");
    assert_eq!(row(&m, "alpha", "主题党日")[..3], ["missed", "met", "due"]);
    // The site's rule replaces the default for that kind: one rule, not two.
    let b = m.branch("alpha").unwrap();
    assert_eq!(
        b.compliance.iter().filter(|c| c.kind == "主题党日").count(),
        1
    );
    let f = findings(&s, 2024, "2024-03-15");
    assert_eq!(
        findings_about(&f, "alpha", "主题党日"),
        ["主题党日（每月至少 2 次）未开展：1月"]
    );
}

#[test]
fn a_frequency_can_be_changed_to_another_period() {
    let s = site("[[rules.frequency]]\nkind = \"主题党日\"\nmin = 1\nperiod = \"quarter\"\n");
    branch(&s, "alpha", "");
    meeting(&s, "alpha", "主题党日", "2024-02-10");
    let m = compute(&s, 2024, "2024-12-31");
    assert_eq!(
        row(&m, "alpha", "主题党日"),
        ["met", "missed", "missed", "due"]
    );
}

#[test]
fn min_zero_turns_a_rule_off() {
    let s = site("[[rules.frequency]]\nkind = \"主题党日\"\nmin = 0\nperiod = \"month\"\n");
    branch(&s, "alpha", "");
    let m = compute(&s, 2024, "2024-12-31");
    let b = m.branch("alpha").unwrap();
    assert!(
        b.compliance.iter().all(|c| c.kind != "主题党日"),
        "{:?}",
        b.compliance.iter().map(|c| &c.kind).collect::<Vec<_>>()
    );
    // The other rules still hold.
    assert_eq!(
        row(&m, "alpha", "支部党员大会"),
        ["missed", "missed", "missed", "due"]
    );
    let f = findings(&s, 2024, "2024-12-31");
    assert!(findings_about(&f, "alpha", "主题党日").is_empty(), "{f:#?}");
    assert_eq!(findings_about(&f, "alpha", "支部党员大会").len(), 1);
}

#[test]
fn except_exempts_a_branch_from_a_rule() {
    let s = site(
        "[[rules.frequency]]\nkind = \"主题党日\"\nmin = 1\nperiod = \"month\"\nexcept = [\"retired\"]\n",
    );
    branch(&s, "alpha", "");
    branch(&s, "retired", "");
    let m = compute(&s, 2024, "2025-01-10");
    assert_eq!(row(&m, "retired", "主题党日"), vec!["n/a"; MONTHS]);
    assert_eq!(row(&m, "alpha", "主题党日"), vec!["missed"; MONTHS]);
    let f = findings(&s, 2024, "2025-01-10");
    assert!(findings_about(&f, "retired", "主题党日").is_empty());
    assert_eq!(findings_about(&f, "alpha", "主题党日").len(), 1);
    // Only that rule: the exempt branch is still judged on the others.
    assert_eq!(findings_about(&f, "retired", "支部党员大会").len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Branch structure
// ---------------------------------------------------------------------------------------------

fn counts_body(full: u32) -> String {
    format!("[[member_counts]]\ndate = 2020-01-01\nfull = {full}\nprobationary = 2\n")
}

#[test]
fn branch_size_must_be_between_3_and_50() {
    let s = site("");
    // Committees everywhere, so that only the size rule speaks.
    let committee = "[committee]\n[[committee.members]]\nname = \"张明\"\npost = \"书记\"\n";
    for (id, full) in [("two", 2), ("three", 3), ("fifty", 50), ("fiftyone", 51)] {
        branch(&s, id, &format!("{committee}\n{}", counts_body(full)));
    }
    let m = compute(&s, 2024, "2024-12-31");
    let ok = |id: &str| m.branch(id).unwrap().size_ok;
    assert!(!ok("two"));
    assert!(ok("three"));
    assert!(ok("fifty"));
    assert!(!ok("fiftyone"));
    // 预备党员 do not count towards the size.
    assert_eq!(m.branch("two").unwrap().full_members, 2);
    assert_eq!(m.branch("two").unwrap().members, 4);
    let f = findings(&s, 2024, "2024-12-31");
    assert_eq!(
        findings_about(&f, "two", "正式党员"),
        ["正式党员 2 人，不在 3–50 人范围内"]
    );
    assert_eq!(
        findings_about(&f, "fiftyone", "正式党员"),
        ["正式党员 51 人，不在 3–50 人范围内"]
    );
    assert!(findings_about(&f, "three", "正式党员").is_empty());
    assert!(findings_about(&f, "fifty", "正式党员").is_empty());
}

#[test]
fn branch_size_uses_the_count_in_force_and_the_setting() {
    let s = site("[rules.branch_size]\nmin = 5\nmax = 40\n");
    branch(
        &s,
        "growing",
        "[[member_counts]]\ndate = 2024-01-01\nfull = 4\n\n[[member_counts]]\ndate = 2024-07-01\nfull = 6\n",
    );
    // At the end of the year 6 (within 5–40); judged in March, the January count of 4 holds.
    assert!(
        compute(&s, 2024, "2024-12-31")
            .branch("growing")
            .unwrap()
            .size_ok
    );
    let early = compute(&s, 2024, "2024-03-01");
    assert_eq!(early.branch("growing").unwrap().full_members, 4);
    assert!(!early.branch("growing").unwrap().size_ok);
}

#[test]
fn a_committee_is_required_from_7_full_members() {
    let s = site("");
    let committee = "[committee]\n[[committee.members]]\nname = \"张明\"\npost = \"书记\"\n";
    branch(&s, "six", &counts_body(6));
    branch(&s, "seven", &counts_body(7));
    branch(&s, "sevenwith", &format!("{committee}\n{}", counts_body(7)));
    let m = compute(&s, 2024, "2024-12-31");
    assert!(!m.branch("six").unwrap().committee_missing);
    assert!(m.branch("seven").unwrap().committee_missing);
    assert!(!m.branch("sevenwith").unwrap().committee_missing);
    let f = findings(&s, 2024, "2024-12-31");
    assert_eq!(
        findings_about(&f, "seven", "应设支部委员会"),
        ["正式党员 7 人，应设支部委员会"]
    );
    assert!(findings_about(&f, "six", "应设支部委员会").is_empty());
    assert!(findings_about(&f, "sevenwith", "应设支部委员会").is_empty());

    // The threshold is a setting.
    let s = site("committee_from = 8");
    branch(&s, "seven", &counts_body(7));
    assert!(
        !compute(&s, 2024, "2024-12-31")
            .branch("seven")
            .unwrap()
            .committee_missing
    );
}

fn secretary(heads: bool) -> String {
    format!("[secretary]\nname = \"张明\"\nheads_department = {heads}\n")
}

#[test]
fn share_of_secretaries_who_head_their_department() {
    // 6 of 7 = 85.7 % ≥ 85 %: fine.
    let s = site("");
    for i in 0..7 {
        branch(&s, &format!("b{i}"), &secretary(i != 0));
    }
    let m = compute(&s, 2024, "2024-03-01");
    assert_eq!(m.org.secretary_heads_department, 6);
    assert!((m.org.secretary_heads_ratio.unwrap() - 6.0 / 7.0).abs() < 1e-9);
    let f = findings(&s, 2024, "2024-03-01");
    assert!(
        f.iter().all(|(_, t)| !t.contains("书记由科室负责人担任")),
        "{f:#?}"
    );

    // 5 of 6 = 83.3 % < 85 %: one finding for the organisation, at site.toml.
    let s = site("");
    for i in 0..6 {
        branch(&s, &format!("b{i}"), &secretary(i != 0));
    }
    let f = findings(&s, 2024, "2024-03-01");
    let org: Vec<&(String, String)> = f.iter().filter(|(b, _)| b.is_empty()).collect();
    assert_eq!(org.len(), 1, "{f:#?}");
    assert_eq!(org[0].1, "书记由科室负责人担任的比例为 83%，低于 85%");
    let (_, diags) = check(&s, &["--as-of", "2024-03-01"]);
    let d = rule_diags_with(&diags, "书记由科室负责人担任");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].file, "site.toml");

    // The required share is a setting (0.8 or 80).
    let s = site("secretary_heads_department = 80");
    for i in 0..6 {
        branch(&s, &format!("b{i}"), &secretary(i != 0));
    }
    assert!(
        findings(&s, 2024, "2024-03-01")
            .iter()
            .all(|(b, _)| !b.is_empty())
    );
}

// ---------------------------------------------------------------------------------------------
// Members: absence streaks
// ---------------------------------------------------------------------------------------------

/// One 主题党日 a month from `from` to `to` (YYYY-MM, inclusive) with the named absentees per
/// month (`absent(year, month)`); 3 expected.
fn monthly_meetings(
    s: &TestSite,
    branch: &str,
    from: (i32, u32),
    to: (i32, u32),
    absent: impl Fn(i32, u32) -> Vec<&'static str>,
) {
    let (mut y, mut m) = from;
    while (y, m) <= to {
        let names = absent(y, m);
        let list: Vec<String> = names
            .iter()
            .map(|n| format!("{{ name = \"{n}\", reason = \"外出\" }}"))
            .collect();
        let fields = format!(
            "expected = 3\npresent = {}\nabsentees = [{}]\n",
            3 - names.len(),
            list.join(", ")
        );
        activity(s, branch, "主题党日", &format!("{y}-{m:02}-10"), &fields);
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
}

fn roster(members: &[(&str, &str)]) -> String {
    let mut t = String::from("[[member_counts]]\ndate = 2020-01-01\nfull = 3\n");
    for (name, joined) in members {
        t.push_str(&format!(
            "\n[[members]]\nname = \"{name}\"\nstatus = \"正式\"\njoined = {joined}\n"
        ));
    }
    t
}

#[test]
fn a_member_absent_for_7_consecutive_months_is_flagged_and_6_is_not() {
    let s = site("");
    branch(
        &s,
        "alpha",
        &roster(&[
            ("王五", "2005-07-01"),
            ("赵六", "2008-03-01"),
            ("李华", "2012-01-01"),
        ]),
    );
    // Monthly meetings from July 2023; 王五 misses February–August 2024 (7 months), 赵六
    // February–July 2024 (6 months).
    monthly_meetings(&s, "alpha", (2023, 7), (2024, 12), |y, m| match (y, m) {
        (2024, 2..=7) => vec!["王五", "赵六"],
        (2024, 8) => vec!["王五"],
        _ => vec![],
    });
    let m = compute(&s, 2024, "2025-01-10");
    let streaks: Vec<(String, u32, NaiveDate, NaiveDate)> = m
        .branch("alpha")
        .unwrap()
        .absence_streaks
        .iter()
        .map(|a| (a.name.clone(), a.months, a.from, a.to))
        .collect();
    assert_eq!(
        streaks,
        [("王五".to_owned(), 7, d("2024-02-01"), d("2024-08-31"))]
    );
    let f = findings(&s, 2024, "2025-01-10");
    assert_eq!(
        findings_about(&f, "alpha", "连续"),
        ["王五 连续 7 个月未参加组织生活（2024年2月1日至2024年8月31日）"]
    );

    // The limit is a setting: with 5 months, 赵六 is flagged as well.
    s.write(
        "site.toml",
        &format!("{SITE_TOML}\n[rules]\nmax_absence_months = 5\n"),
    );
    let m = compute(&s, 2024, "2025-01-10");
    let names: Vec<&str> = m
        .branch("alpha")
        .unwrap()
        .absence_streaks
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["王五", "赵六"]);
}

#[test]
fn months_before_a_member_joined_do_not_count_as_absence() {
    let s = site("");
    // The branch held no organisational life before June 2024, while the site's records (of
    // another branch) begin in July 2023. 周八 (a member for years) went without it for 11
    // months and is flagged; 孙七 joined the party on 2024-05-20 and has attended every
    // meeting since, so is not.
    branch(
        &s,
        "beta",
        &roster(&[("孙七", "2024-05-20"), ("周八", "2010-01-01")]),
    );
    branch(&s, "alpha", "");
    monthly_meetings(&s, "alpha", (2023, 7), (2024, 12), |_, _| vec![]);
    monthly_meetings(&s, "beta", (2024, 6), (2024, 12), |_, _| vec![]);
    let m = compute(&s, 2024, "2025-01-10");
    let names: Vec<&str> = m
        .branch("beta")
        .unwrap()
        .absence_streaks
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["周八"]);
}

#[test]
fn months_before_the_branch_was_founded_do_not_count_as_absence() {
    // A branch founded on 2024-07-01 whose members attended every meeting it ever held: the
    // months before it existed are not "absence from organisational life" (periods before
    // `founded` are never missed), so nobody is flagged.
    let s = site("");
    branch(
        &s,
        "gamma",
        &format!(
            "founded = 2024-07-01\n{}",
            roster(&[("钱九", "2000-01-01")])
        ),
    );
    monthly_meetings(&s, "gamma", (2024, 7), (2024, 12), |_, _| vec![]);
    let m = compute(&s, 2024, "2025-01-10");
    let streaks: Vec<(String, u32, NaiveDate, NaiveDate)> = m
        .branch("gamma")
        .unwrap()
        .absence_streaks
        .iter()
        .map(|a| (a.name.clone(), a.months, a.from, a.to))
        .collect();
    assert!(
        streaks.is_empty(),
        "months before the branch existed were counted as absences: {streaks:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Secretary 党课
// ---------------------------------------------------------------------------------------------

#[test]
fn each_secretary_gives_a_party_lecture_a_year() {
    let s = site("");
    branch(&s, "alpha", "");
    branch(&s, "beta", "");
    meeting(&s, "alpha", "党课", "2024-04-10"); // lecturer: the secretary, 张明
    activity(
        &s,
        "beta",
        "党课",
        "2024-04-10",
        "lecturer = \"李华\"\nsubject = \"党史\"\n",
    );
    // A lecture by the secretary in another year does not count for 2024.
    meeting(&s, "beta", "党课", "2023-11-10");

    let m = compute(&s, 2024, "2025-01-10");
    let alpha = m.branch("alpha").unwrap();
    let beta = m.branch("beta").unwrap();
    assert_eq!(
        (alpha.secretary_lectures, alpha.secretary_lecture_status),
        (1, Status::Met)
    );
    assert_eq!(
        (beta.secretary_lectures, beta.secretary_lecture_status),
        (0, Status::Missed)
    );
    let f = findings(&s, 2024, "2025-01-10");
    assert_eq!(
        findings_about(&f, "beta", "书记"),
        ["书记全年未讲党课（要求至少 1 次）"]
    );
    assert!(findings_about(&f, "alpha", "书记").is_empty());

    // During the year it is still due, not missed.
    let m = compute(&s, 2024, "2024-06-30");
    assert_eq!(
        m.branch("beta").unwrap().secretary_lecture_status,
        Status::Due
    );
    assert!(findings_about(&findings(&s, 2024, "2024-06-30"), "beta", "书记").is_empty());
}

#[test]
fn secretary_lectures_is_a_setting() {
    let s = site("secretary_lectures = 2");
    branch(&s, "alpha", "");
    meeting(&s, "alpha", "党课", "2024-04-10");
    let m = compute(&s, 2024, "2025-01-10");
    assert_eq!(
        m.branch("alpha").unwrap().secretary_lecture_status,
        Status::Missed
    );
    let f = findings(&s, 2024, "2025-01-10");
    let text = findings_about(&f, "alpha", "书记");
    assert_eq!(text.len(), 1, "{f:#?}");
    assert!(text[0].contains("要求至少 2 次"), "{}", text[0]);

    let s = site("secretary_lectures = 0");
    branch(&s, "alpha", "");
    let m = compute(&s, 2024, "2025-01-10");
    assert_eq!(
        m.branch("alpha").unwrap().secretary_lecture_status,
        Status::NotApplicable
    );
}

// ---------------------------------------------------------------------------------------------
// Yearly targets, figures, 政治生日
// ---------------------------------------------------------------------------------------------

const TARGETS_2024: &str = r#"[[targets]]
id = "service"
label = "义诊、健康宣教"
unit = "场"
group = "服务群众"
target = 3
kinds = ["义诊"]
tags = ["健康宣教"]

[[targets]]
id = "pairing"
label = "结对共建"
unit = "次"
group = "服务群众"
target = 2
tags = ["结对共建"]

[[targets]]
id = "articles"
label = "科普文章"
unit = "篇"
group = "服务群众"
target = 100
value = 87
"#;

#[test]
fn yearly_targets_count_activities_by_kind_and_tag_once_each() {
    let s = site("");
    branch(&s, "alpha", "");
    s.write("content/annual/2024.toml", TARGETS_2024);
    activity(&s, "alpha", "义诊", "2024-03-01", ""); // kind
    activity(&s, "alpha", "义诊", "2024-04-01", "tags = [\"健康宣教\"]\n"); // kind and tag: once
    activity(
        &s,
        "alpha",
        "志愿服务",
        "2024-05-01",
        "tags = [\"健康宣教\", \"志愿\"]\n",
    ); // tag
    activity(
        &s,
        "alpha",
        "主题党日",
        "2024-06-01",
        "tags = [\"理论学习\"]\n",
    ); // neither
    activity(&s, "alpha", "结对共建", "2024-07-01", ""); // kind only; `pairing` counts tags
    activity(&s, "alpha", "其他", "2024-08-01", "tags = [\"结对共建\"]\n");
    activity(&s, "alpha", "义诊", "2023-05-01", ""); // another year

    let m = compute(&s, 2024, "2025-01-10");
    let t = |id: &str| {
        m.org
            .targets
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("target {id}"))
    };
    assert_eq!(
        (
            t("service").actual,
            t("service").counted,
            t("service").status
        ),
        (3.0, true, Status::Met)
    );
    assert!((t("service").ratio - 1.0).abs() < 1e-9);
    assert_eq!(
        (
            t("pairing").actual,
            t("pairing").counted,
            t("pairing").status
        ),
        (1.0, true, Status::Missed)
    );
    assert!((t("pairing").ratio - 0.5).abs() < 1e-9);
    // A manual value is taken as it is.
    assert_eq!(
        (
            t("articles").actual,
            t("articles").counted,
            t("articles").status
        ),
        (87.0, false, Status::Missed)
    );

    let f = findings(&s, 2024, "2025-01-10");
    let org: Vec<&str> = f
        .iter()
        .filter(|(b, _)| b.is_empty())
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        org,
        [
            "年度目标“结对共建”未完成：目标 2次，实际 1次",
            "年度目标“科普文章”未完成：目标 100篇，实际 87篇"
        ]
    );
    let (_, diags) = check(&s, &["--as-of", "2025-01-10", "--year", "2024"]);
    let target_files: Vec<&str> = rule_diags(&diags)
        .iter()
        .filter(|d| d.message.contains("年度目标"))
        .map(|d| d.file.as_str())
        .collect();
    assert_eq!(
        target_files,
        ["content/annual/2024.toml", "content/annual/2024.toml"]
    );

    // During the year a target not yet reached is due, not missed.
    let m = compute(&s, 2024, "2024-09-30");
    assert_eq!(
        m.org
            .targets
            .iter()
            .find(|t| t.id == "pairing")
            .unwrap()
            .status,
        Status::Due
    );
}

#[test]
fn figures_are_compared_with_the_previous_year() {
    let s = site("");
    branch(&s, "alpha", "");
    let fig = |id: &str, value: &str| {
        format!(
            "[[figures]]\nid = \"{id}\"\nlabel = \"{id}\"\nunit = \"名\"\ngroup = \"组织建设\"\nvalue = {value}\n\n"
        )
    };
    s.write(
        "content/annual/2023.toml",
        &(fig("new_members", "10") + &fig("zero_base", "0")),
    );
    s.write(
        "content/annual/2024.toml",
        &(fig("new_members", "15") + &fig("zero_base", "4") + &fig("fresh", "7.5")),
    );
    let m = compute(&s, 2024, "2025-01-10");
    let f = |id: &str| {
        m.org
            .figures
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("figure {id}"))
    };
    let nm = f("new_members");
    assert_eq!(
        (nm.value, nm.previous, nm.change),
        (15.0, Some(10.0), Some(5.0))
    );
    assert!((nm.change_ratio.unwrap() - 0.5).abs() < 1e-9);
    let zb = f("zero_base");
    assert_eq!(
        (zb.previous, zb.change, zb.change_ratio),
        (Some(0.0), Some(4.0), None)
    );
    let fr = f("fresh");
    assert_eq!(
        (fr.value, fr.previous, fr.change, fr.change_ratio),
        (7.5, None, None, None)
    );
    // In the file's order.
    let ids: Vec<&str> = m.org.figures.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["new_members", "zero_base", "fresh"]);
    // A year without annual data has no figures.
    assert!(compute(&s, 2025, "2025-01-10").org.figures.is_empty());
}

#[test]
fn political_birthdays_by_month() {
    let s = site("");
    let member =
        |name: &str, joined: &str| format!("\n[[members]]\nname = \"{name}\"\njoined = {joined}\n");
    branch(
        &s,
        "alpha",
        &(member("甲", "2001-07-15")
            + &member("乙", "2015-03-08")
            + &member("丙", "2024-05-01")
            + &member("丁", "1999-12-31")),
    );
    branch(
        &s,
        "beta",
        &(member("戊", "2010-07-01") + "\n[[members]]\nname = \"己\"\n"),
    );
    let m = compute(&s, 2024, "2024-12-31");
    type Birthdays<'a> = Vec<(&'a str, &'a str, i32)>;
    let by_month: Vec<(u32, Birthdays<'_>)> = m
        .org
        .birthdays
        .iter()
        .map(|(month, list)| {
            (
                *month,
                list.iter()
                    .map(|b| (b.branch.as_str(), b.name.as_str(), b.years))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        by_month,
        [
            (3, vec![("alpha", "乙", 9)]),
            // Day of the month first: 戊 (1 July) before 甲 (15 July).
            (7, vec![("beta", "戊", 14), ("alpha", "甲", 23)]),
            (12, vec![("alpha", "丁", 25)]),
        ]
    );
    // 丙 joined in 2024: the first anniversary is in 2025.
    let next = compute(&s, 2025, "2025-01-10");
    assert_eq!(
        next.org.birthdays[&5]
            .iter()
            .map(|b| (b.name.as_str(), b.years))
            .collect::<Vec<_>>(),
        [("丙", 1)]
    );
}

// ---------------------------------------------------------------------------------------------
// Checklist scores
// ---------------------------------------------------------------------------------------------

const CHECKLIST: &str = r#"title = "考核清单"
year = 2024

[[categories]]
name = "组织建设"
points = 10

[[categories.groups]]
name = "组织设置"
points = 10

[[categories.groups.items]]
id = "a1"
text = "党支部正式党员不少于3人、不超过50人。"
points = 4
departments = ["党建办"]
rule = "branch_size"

[[categories.groups.items]]
id = "a2"
text = "支部书记由科室负责人担任的比例不低于85%。"
points = 3
departments = ["组织人事科"]
rule = "secretary_heads_department"

[[categories.groups.items]]
id = "a3"
text = "按期换届。"
points = 3
departments = ["党建办"]
rule = "term"

[[categories]]
name = "服务群众"
points = 10

[[categories.groups]]
name = "志愿服务"
points = 4

[[categories.groups.items]]
id = "b1"
text = "开展义诊。"
points = 4
departments = ["各支部"]
rule = "targets.service"

[[categories.groups]]
name = "宣传"
points = 6

[[categories.groups.items]]
id = "b2"
text = "宣传报道。"
points = 3
departments = ["宣传科"]

[[categories.groups.items]]
id = "b3"
text = "典型选树。"
points = 3
departments = ["党建办"]

[scores.2024]
b2 = { score = 2.5, evidence = "全年发稿 12 篇" }
"#;

#[test]
fn checklist_scores_computed_manual_and_unscored_items() {
    let s = site("");
    // Four branches, one too small: branch_size scores 3 of 4 points.
    for id in ["a", "b", "c"] {
        branch(&s, id, "");
    }
    branch(&s, "d", &counts_body(2));
    s.write(
        "content/annual/2024.toml",
        "[[targets]]\nid = \"service\"\nlabel = \"义诊\"\nunit = \"场\"\ngroup = \"服务群众\"\ntarget = 4\nkinds = [\"义诊\"]\n",
    );
    meeting(&s, "a", "义诊", "2024-05-01");
    meeting(&s, "b", "义诊", "2024-06-01");
    s.write("content/checklists/kaohe.toml", CHECKLIST);

    let m = compute(&s, 2024, "2025-01-10");
    assert_eq!(m.checklists.len(), 1);
    let c = &m.checklists[0];
    let item = |id: &str| {
        c.categories
            .iter()
            .flat_map(|c| &c.groups)
            .flat_map(|g| &g.items)
            .find(|i| i.id == id)
            .unwrap_or_else(|| panic!("item {id}"))
    };
    // Computed: points × share of branches that pass.
    assert_eq!(
        (item("a1").score, item("a1").source),
        (3.0, ScoreSource::Computed)
    );
    assert!(
        item("a1").note.contains("d支部"),
        "the note names the failing branch: {}",
        item("a1").note
    );
    // Organisation-wide: all or nothing (4 of 4 secretaries head their department).
    assert_eq!(
        (item("a2").score, item("a2").source),
        (3.0, ScoreSource::Computed)
    );
    assert_eq!(
        (item("a3").score, item("a3").source),
        (3.0, ScoreSource::Computed)
    );
    // A target: points × actual ÷ target (2 of 4).
    assert_eq!(
        (item("b1").score, item("b1").source),
        (2.0, ScoreSource::Computed)
    );
    // Manual, with its evidence.
    assert_eq!(
        (
            item("b2").score,
            item("b2").source,
            item("b2").note.as_str()
        ),
        (2.5, ScoreSource::Manual, "全年发稿 12 篇")
    );
    // Neither a rule nor a score this year.
    assert_eq!(
        (item("b3").score, item("b3").source),
        (0.0, ScoreSource::Unscored)
    );
    assert_eq!(c.unscored, 1);

    // Group and category totals are the sums of their items; the total the sum of categories.
    let cats: Vec<(&str, f64, f64)> = c
        .categories
        .iter()
        .map(|k| (k.name.as_str(), k.points, k.score))
        .collect();
    assert_eq!(cats, [("组织建设", 10.0, 9.0), ("服务群众", 10.0, 4.5)]);
    for k in &c.categories {
        let groups: f64 = k.groups.iter().map(|g| g.score).sum();
        assert!((k.score - groups).abs() < 1e-9);
        for g in &k.groups {
            let items: f64 = g.items.iter().map(|i| i.score).sum();
            assert!((g.score - items).abs() < 1e-9, "group {}", g.name);
        }
    }
    assert_eq!((c.score, c.points), (13.5, 20.0));

    // Another year has no manual scores: b2 is unscored then too.
    let m = compute(&s, 2025, "2025-01-10");
    assert_eq!(m.checklists[0].unscored, 2);
}

/// The rules a checklist item may name are one list: each is found by its name and is in the
/// documentation's table (docs/rules.md) and the user manual.
#[test]
fn every_checklist_rule_is_named_and_documented() {
    use dangjian::rules::ChecklistRule;
    let root = support::repo_root();
    let rules_md = std::fs::read_to_string(root.join("docs/rules.md")).expect("docs/rules.md");
    let manual = std::fs::read_to_string(root.join("docs/用户手册.md")).expect("用户手册");
    for rule in ChecklistRule::ALL {
        assert_eq!(ChecklistRule::parse(rule.name()), Some(*rule));
        assert!(
            rules_md.contains(&format!("| `{}` |", rule.name())),
            "docs/rules.md has no row for `{}`",
            rule.name()
        );
        assert!(
            manual.contains(&format!("`{}`", rule.name())),
            "docs/用户手册.md does not name `{}`",
            rule.name()
        );
    }
    assert_eq!(ChecklistRule::parse("targets.service"), None);
}

// ---------------------------------------------------------------------------------------------
// Configuration errors and strictness
// ---------------------------------------------------------------------------------------------

#[test]
fn an_unknown_rule_key_is_reported_at_its_place() {
    let s = TestSite::empty();
    // Line 11 `attendence_threshold`, line 16 `perod`.
    s.write(
        "site.toml",
        &format!(
            "{SITE_TOML}\n[rules]\nattendence_threshold = 0.8\n\n[[rules.frequency]]\nkind = \"主题党日\"\nmin = 1\nperod = \"month\"\n"
        ),
    );
    assert_eq!(
        s.read("site.toml").lines().nth(10),
        Some("attendence_threshold = 0.8")
    );
    branch(&s, "alpha", "");
    let (code, diags) = check(&s, &["--as-of", "2024-03-01"]);
    assert_eq!(code, 1, "{diags:#?}");
    let unknown: Vec<&Diag> = diags.iter().filter(|d| d.code == "unknown-rule").collect();
    let places: Vec<(&str, u32, u32)> = unknown
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.column))
        .collect();
    assert_eq!(
        places,
        [("site.toml", 11, 1), ("site.toml", 16, 1)],
        "{diags:#?}"
    );
    assert_eq!(unknown[0].severity, "error");
    assert!(
        unknown[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("attendance_threshold")),
        "{:?}",
        unknown[0].hint
    );
    assert!(
        unknown[1]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("period")),
        "{:?}",
        unknown[1].hint
    );
}

#[test]
fn strict_turns_rule_findings_into_errors() {
    let s = site("");
    branch(&s, "alpha", "");
    // Nothing held by 2024-03-15: January and February's 主题党日 are missed.
    let (code, diags) = check(&s, &["--as-of", "2024-03-15"]);
    assert_eq!(code, 0);
    assert!(!rule_diags(&diags).is_empty());
    assert!(rule_diags(&diags).iter().all(|d| d.severity == "warning"));

    let (code, diags) = check(&s, &["--as-of", "2024-03-15", "--strict"]);
    assert_eq!(code, 1);
    assert!(!rule_diags(&diags).is_empty());
    assert!(
        rule_diags(&diags).iter().all(|d| d.severity == "error"),
        "{diags:#?}"
    );

    // `strict = true` in [rules] does the same.
    s.write(
        "site.toml",
        &format!("{SITE_TOML}\n[rules]\nstrict = true\n"),
    );
    let (code, _) = check(&s, &["--as-of", "2024-03-15"]);
    assert_eq!(code, 1);
}

#[test]
fn strict_passes_when_every_rule_is_met() {
    // On 15 January nothing is over yet: every period is due or future.
    let s = site("");
    branch(
        &s,
        "alpha",
        "[committee]\n[[committee.members]]\nname = \"张明\"\npost = \"书记\"\n",
    );
    let (code, diags) = check(&s, &["--as-of", "2024-01-15", "--strict"]);
    assert_eq!((code, diags), (0, vec![]));
}

#[test]
fn check_reports_the_year_asked_for() {
    let s = site("");
    branch(&s, "alpha", "");
    for month in 1..=12 {
        meeting(&s, "alpha", "主题党日", &format!("2023-{month:02}-10"));
    }
    let (_, diags) = check(&s, &["--as-of", "2024-03-15", "--year", "2023"]);
    let rules = rule_diags(&diags);
    assert!(
        rules.iter().all(|d| d.message.contains("2023年")),
        "{diags:#?}"
    );
    assert!(
        rules.iter().all(|d| !d.message.contains("主题党日")),
        "{diags:#?}"
    );
    let (_, diags) = check(&s, &["--as-of", "2024-03-15"]);
    assert!(
        rule_diags(&diags)
            .iter()
            .all(|d| d.message.contains("2024年")),
        "{diags:#?}"
    );
}
