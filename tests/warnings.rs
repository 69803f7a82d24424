//! The warnings about records that are valid one by one but not together (`placeholder`,
//! `overlap`, `before-founded`, `no-committee`, `notice-order`, `year-without-records`,
//! `typed-number`, `part-without-title`), each
//! with its exact place and hint; and `build` printing warnings instead of staying silent.
//! `serve` showing them in the page is tested in a browser by tests/serve_browser.rs.

mod support;

use support::{Diag, TestSite, assert_one};

const ACT: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
const ALPHA: &str = "content/branches/alpha.toml";
const BETA: &str = "content/branches/beta.toml";
const NOTICE2: &str = "content/notices/2024/2.md";

/// The new warning codes: the demo has none of them (tests/warnings.rs pins that too).
const NEW_CODES: &[&str] = &[
    "placeholder",
    "overlap",
    "before-founded",
    "no-committee",
    "notice-order",
    "year-without-records",
    "typed-number",
    "part-without-title",
];

/// `check --format json` (plus `extra`): exit code and the diagnostics other than rule findings.
fn check_with(site: &TestSite, extra: &[&str]) -> (i32, Vec<Diag>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = site.run(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "dangjian panicked:\n{stderr}");
    let diags = support::parse_diagnostics(&out.stdout)
        .into_iter()
        .filter(|d| d.code != "rule")
        .collect();
    (out.status.code().unwrap_or(-1), diags)
}

fn check(site: &TestSite) -> (i32, Vec<Diag>) {
    check_with(site, &[])
}

/// The one diagnostic with `code`, at `file:line:column`, a warning with exactly `hint`.
fn warning(diags: &[Diag], code: &str, file: &str, line: u32, column: u32, hint: &str) -> Diag {
    let d = assert_one(diags, code, file, line, column);
    assert_eq!(d.severity, "warning", "{d:#?}");
    assert_eq!(d.hint.as_deref(), Some(hint), "hint of `{code}`: {d:#?}");
    d
}

/// An activity of `branch` whose front matter has `time_line` (e.g. `time = "15:00"`) on line 6.
fn activity(branch: &str, kind: &str, date: &str, time_line: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"活动\"\nbranch = \"{branch}\"\nkind = \"{kind}\"\ndate = {date}\n{time_line}\nplace = \"会议室\"\nchair = \"张明\"\nrecorder = \"李华\"\nexpected = 11\npresent = 11\n+++\n{body}"
    )
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_fixture_and_the_demo_have_none_of_the_new_warnings() {
    let site = TestSite::minimal();
    let (code, diags) = check(&site);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    let demo = TestSite::demo();
    let (code, diags) = check(&demo);
    let new: Vec<_> = diags
        .iter()
        .filter(|d| NEW_CODES.contains(&d.code.as_str()))
        .collect();
    assert!(new.is_empty(), "{new:#?}");
    assert_eq!((code, diags.len()), (0, 0), "check on the demo: {diags:#?}");
}

// ------------------------------------------------------------------------ part-without-title

#[test]
fn a_part_break_without_a_title_is_warned_at_its_line() {
    let site = TestSite::minimal();
    // Line 11 is the body's first line: the titled part at line 13 is fine, the break at line
    // 18 before a list is not.
    site.write(
        NOTICE2,
        &site.read(NOTICE2).replacen(
            "正文。",
            "正文。\n\n---\n第二部分\n\n第二部分的正文。\n\n---\n\n- 一项",
            1,
        ),
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "a warning alone does not fail: {diags:#?}");
    let d = warning(
        &diags,
        "part-without-title",
        NOTICE2,
        18,
        1,
        "在横线的下一行写这一部分的标题（如 2026年党建工作思路），再换行写正文；不分部分就删去这一行",
    );
    assert_eq!(d.message, "另起一部分的横线下面没有这一部分的标题");
}

// ------------------------------------------------------------------------------- placeholder

#[test]
fn placeholder_text_and_an_empty_list_item_are_warned() {
    let site = TestSite::minimal();
    let rel = "content/activities/2024/2024-05-10-alpha-zhuti-dangri.md";
    // Lines 13–18: the body as `new activity` writes it, one sentence indented.
    site.write(
        rel,
        &activity(
            "alpha",
            "主题党日",
            "2024-05-10",
            "time = \"14:30\"",
            "支部学习。会议内容写在这里。\n\n## 会议决议\n\n1. 按时学习。\n2. \n",
        ),
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "warnings alone do not fail: {diags:#?}");
    assert_eq!(diags.len(), 2, "{diags:#?}");
    let sentence: Vec<Diag> = diags.iter().filter(|d| d.line == 13).cloned().collect();
    let d = warning(
        &sentence,
        "placeholder",
        rel,
        13,
        6,
        "把这句换成会议或文件的实际内容",
    );
    assert_eq!(
        d.message,
        "“会议内容写在这里。”是 dangjian new 写下的占位文字，还没有换成实际内容"
    );
    let item: Vec<Diag> = diags.iter().filter(|d| d.line == 18).cloned().collect();
    let d = warning(
        &item,
        "placeholder",
        rel,
        18,
        1,
        "写上这一条的内容，或删去这一行",
    );
    assert_eq!(d.message, "空的列表项：编号后面没有内容");
}

/// What `new` writes is exactly what the check looks for: a record fresh from each template is
/// warned about until its text is replaced.
#[test]
fn records_fresh_from_new_are_warned_until_filled_in() {
    let site = TestSite::minimal();
    for args in [
        &[
            "new",
            "activity",
            "--branch",
            "alpha",
            "--kind",
            "主题党日",
            "--title",
            "五月主题党日",
            "--date",
            "2024-05-10",
            "--time",
            "09:00",
        ][..],
        &[
            "new",
            "notice",
            "--title",
            "关于学习的通知",
            "--date",
            "2024-06-01",
        ][..],
        &[
            "new",
            "brand",
            "hongxin",
            "--branch",
            "beta",
            "--name",
            "红心",
            "--slogan",
            "红心向党",
        ][..],
    ] {
        let o = site.run(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let files = [
        (
            "content/activities/2024/2024-05-10-alpha-zhuti-dangri.md",
            "会议内容写在这里。",
        ),
        ("content/notices/2024/3.md", "正文写在这里。"),
        ("content/brands/hongxin.md", "品牌介绍写在这里。"),
    ];
    let (_, diags) = check(&site);
    for (file, text) in files {
        let body = site.read(file);
        let line = body
            .lines()
            .position(|l| l.starts_with(text))
            .unwrap_or_else(|| panic!("{file} does not start a line with {text}:\n{body}"));
        let found: Vec<Diag> = diags
            .iter()
            .filter(|d| d.file == file && d.message.contains(text))
            .cloned()
            .collect();
        warning(
            &found,
            "placeholder",
            file,
            u32::try_from(line).expect("line") + 1,
            1,
            "把这句换成会议或文件的实际内容",
        );
    }
    // The activity's empty resolution item `1. ` is the other placeholder of its template.
    let act = files[0].0;
    let empty = site
        .read(act)
        .lines()
        .position(|l| l.trim() == "1.")
        .expect("the template has an empty item");
    let found: Vec<Diag> = diags
        .iter()
        .filter(|d| d.file == act && d.message.starts_with("空的列表项"))
        .cloned()
        .collect();
    warning(
        &found,
        "placeholder",
        act,
        u32::try_from(empty).expect("line") + 1,
        1,
        "写上这一条的内容，或删去这一行",
    );
    let placeholders = diags.iter().filter(|d| d.code == "placeholder").count();
    assert_eq!(placeholders, 4, "{diags:#?}");
}

// ---------------------------------------------------------------------------------- overlap

#[test]
fn overlapping_activities_of_one_branch_are_warned_once() {
    let site = TestSite::minimal();
    // ACT is 14:30-16:00; this one starts at 15:00 and, without an end, lasts an hour.
    let rel = "content/activities/2024/2024-03-15-alpha-dangke.md";
    site.write(
        rel,
        &activity(
            "alpha",
            "支部委员会",
            "2024-03-15",
            "time = \"15:00\"",
            "内容。\n",
        ),
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = warning(
        &diags,
        "overlap",
        rel,
        6,
        8,
        "一个支部同一时段只开一个会：核对两条记录的日期和 time（只写开始时间的按 60 分钟计）",
    );
    assert_eq!(
        d.message,
        format!("与同一支部的 {ACT}（2024-03-15 14:30-16:00）时间重叠")
    );
}

#[test]
fn activities_that_touch_or_belong_to_other_branches_do_not_overlap() {
    let site = TestSite::minimal();
    // Starts as ACT (14:30-16:00) ends; another branch at the same time; another day.
    for (rel, branch, date, time) in [
        (
            "2024-03-15-alpha-zhiweihui.md",
            "alpha",
            "2024-03-15",
            "16:00-16:40",
        ),
        (
            "2024-03-15-beta-zhuti-dangri.md",
            "beta",
            "2024-03-15",
            "14:30",
        ),
        (
            "2024-03-16-alpha-dangke.md",
            "alpha",
            "2024-03-16",
            "14:30-16:00",
        ),
    ] {
        site.write(
            &format!("content/activities/2024/{rel}"),
            &activity(
                branch,
                "主题党日",
                date,
                &format!("time = \"{time}\""),
                "内容。\n",
            ),
        );
    }
    let (_, diags) = check(&site);
    let overlaps: Vec<_> = diags.iter().filter(|d| d.code == "overlap").collect();
    assert!(overlaps.is_empty(), "{overlaps:#?}");
}

#[test]
fn each_activity_of_a_crowded_day_is_warned_once_against_the_longest() {
    let site = TestSite::minimal();
    // ACT is 14:30-16:00. 15:00-15:30 and 14:45 (to 15:45) start before it ends; 16:00 does not.
    let day = [
        ("2024-03-15-alpha-dangke.md", "time = \"15:00-15:30\""),
        ("2024-03-15-alpha-zhiweihui.md", "time = \"14:45\""),
        ("2024-03-15-alpha-xiaozuhui.md", "time = \"16:00-17:00\""),
    ];
    for (name, time) in day {
        site.write(
            &format!("content/activities/2024/{name}"),
            &activity("alpha", "主题党日", "2024-03-15", time, "内容。\n"),
        );
    }
    let (_, diags) = check(&site);
    let overlaps: Vec<&Diag> = diags.iter().filter(|d| d.code == "overlap").collect();
    assert_eq!(overlaps.len(), 2, "{overlaps:#?}");
    for (d, name) in overlaps.iter().zip(["dangke", "zhiweihui"]) {
        assert!(d.file.ends_with(&format!("alpha-{name}.md")), "{d:#?}");
        assert!(
            d.message.contains(ACT),
            "against the one that ends last: {d:#?}"
        );
    }
}

#[test]
fn a_time_that_is_no_time_of_day_is_an_error_and_overlaps_nothing() {
    let site = TestSite::minimal();
    let rel = "content/activities/2024/2024-03-15-alpha-dangke.md";
    site.write(
        rel,
        &activity(
            "alpha",
            "主题党日",
            "2024-03-15",
            "time = \"4294967295:00\"",
            "内容。\n",
        ),
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 1, "{diags:#?}");
    assert_one(&diags, "invalid-value", rel, 6, 8);
    assert!(diags.iter().all(|d| d.code != "overlap"), "{diags:#?}");
}

// --------------------------------------------------------------- before-founded, no-committee

#[test]
fn an_activity_before_its_branch_was_founded_is_warned() {
    let site = TestSite::minimal();
    site.replace(
        ALPHA,
        "department = \"内科\"\n",
        "department = \"内科\"\nfounded = 2024-04-01\n",
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = warning(
        &diags,
        "before-founded",
        ACT,
        5,
        8,
        "核对活动日期，或 content/branches/alpha.toml 中的 founded",
    );
    assert_eq!(d.message, "活动日期 2024-03-15 早于支部成立日期 2024-04-01");
}

#[test]
fn a_committee_meeting_of_a_branch_without_committee_is_warned() {
    let site = TestSite::minimal();
    assert!(!site.read(BETA).contains("[committee]"));
    let rel = "content/activities/2024/2024-05-10-beta-zhiweihui.md";
    site.write(
        rel,
        &activity(
            "beta",
            "支部委员会",
            "2024-05-10",
            "time = \"14:30\"",
            "内容。\n",
        ),
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "{diags:#?}");
    let no_committee: Vec<Diag> = diags
        .iter()
        .filter(|d| d.code == "no-committee")
        .cloned()
        .collect();
    let d = warning(
        &no_committee,
        "no-committee",
        rel,
        4,
        8,
        "content/branches/beta.toml 中没有 [committee]；若是支部党员大会或党小组会，请改 kind",
    );
    assert_eq!(d.message, "支部委员会：支部在 2024-05-10 没有支部委员会");
}

#[test]
fn a_committee_meeting_before_the_committee_was_set_up_is_warned() {
    let site = TestSite::minimal();
    site.replace(ALPHA, "[committee]\n", "[committee]\nsince = 2024-06-01\n");
    let before = "content/activities/2024/2024-05-10-alpha-zhiweihui.md";
    let after = "content/activities/2024/2024-06-10-alpha-zhiweihui.md";
    site.write(
        before,
        &activity(
            "alpha",
            "支部委员会",
            "2024-05-10",
            "time = \"14:30\"",
            "内容。\n",
        ),
    );
    site.write(
        after,
        &activity(
            "alpha",
            "支部委员会",
            "2024-06-10",
            "time = \"14:30\"",
            "内容。\n",
        ),
    );
    let (_, diags) = check(&site);
    let no_committee: Vec<Diag> = diags
        .iter()
        .filter(|d| d.code == "no-committee")
        .cloned()
        .collect();
    warning(
        &no_committee,
        "no-committee",
        before,
        4,
        8,
        "支部委员会自 2024-06-01 起设立（content/branches/alpha.toml 的 [committee]）；核对日期或活动类型",
    );
}

// ----------------------------------------------------------------------------- notice-order

#[test]
fn a_notice_dated_before_the_previous_number_is_warned() {
    let site = TestSite::minimal();
    // 1.md is dated 2024-02-01.
    site.replace(NOTICE2, "date = 2024-03-01", "date = 2024-01-20");
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = warning(
        &diags,
        "notice-order",
        NOTICE2,
        5,
        8,
        "文号按发文先后编排：核对这两份通知的日期或文号",
    );
    assert_eq!(
        d.message,
        "第 2 号的日期 2024-01-20 早于第 1 号的日期 2024-02-01"
    );
}

// ----------------------------------------------------------------------------- typed-number

#[test]
fn a_heading_number_typed_in_a_notice_is_warned_where_it_was_typed() {
    let site = TestSite::minimal();
    site.replace(
        NOTICE2,
        "正文。",
        "正文。\n\n### 1.集中学习党章。\n各支部……",
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = warning(
        &diags,
        "typed-number",
        NOTICE2,
        13,
        5,
        "删去“1.”：# 一、 ## （一） ### 1. #### （1） 都由工具自动编号",
    );
    assert_eq!(
        d.message,
        "标题前手写的编号“1.”不会印出，编号由工具按顺序生成"
    );
    // An activity's body is not numbered: what is typed there is printed, and not warned.
    site.replace(NOTICE2, "### 1.集中", "### 集中");
    site.write(ACT, &format!("{}\n\n### 1.甲。\n乙\n", site.read(ACT)));
    let (_, diags) = check(&site);
    assert!(diags.is_empty(), "{diags:#?}");
}

// --------------------------------------------------------------------- year-without-records

#[test]
fn check_and_stats_for_a_year_before_the_records_say_so() {
    let site = TestSite::minimal();
    let out = site.run(&["check", "--format", "json", "--year", "2020"]);
    let all = support::parse_diagnostics(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{all:#?}");
    assert_eq!(all.len(), 1, "no rule is judged for 2020: {all:#?}");
    let d = warning(
        &all,
        "year-without-records",
        "",
        0,
        0,
        "记录从 2024 年开始：用 --year 2024 或更晚的年份",
    );
    assert_eq!(
        d.message,
        "2020 年早于最早的记录（2024 年）：该年没有可统计或评判的内容"
    );

    let out = site.run(&["stats", "--year", "2020"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("警告[year-without-records]: 2020 年早于最早的记录（2024 年）"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "no table of zeros for 2020");
    // The first year with records is judged as before.
    let (_, diags) = check_with(&site, &["--year", "2024"]);
    assert!(diags.iter().all(|d| d.code != "year-without-records"));
}

// ------------------------------------------------------------------------- build prints them

#[test]
fn build_prints_a_misspelled_kind_every_time() {
    let site = TestSite::minimal();
    site.replace(ACT, "kind = \"主题党日\"", "kind = \"主题党日活动\"");
    for round in [
        "first build",
        "up-to-date build",
        "up-to-date build without the stored warnings",
    ] {
        if round.ends_with("stored warnings") {
            site.remove(".cache/dangjian/warnings.txt");
        }
        let out = site.run(&["build", "--no-pdf"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{round}: {err}");
        assert!(
            err.contains(
                "警告[unknown-kind]: 活动类型“主题党日活动”不在配置的类型列表中\n  --> content/activities/2024/2024-03-15-alpha-zhuti-dangri.md:4:8\n"
            ),
            "{round}: {err}"
        );
        assert!(
            err.contains("   = 提示：是否应为“主题党日”？"),
            "{round}: {err}"
        );
        assert!(err.contains("共 0 个错误，1 个警告\n"), "{round}: {err}");
        if round != "first build" {
            assert!(err.contains("输出已是最新"), "{round}: {err}");
        }
    }
    assert!(site.path("output/index.html").is_file());
    // --quiet prints only errors.
    let out = site.run(&["--quiet", "build", "--no-pdf"]);
    assert_eq!(stderr(&out), "");
}

#[test]
fn build_lists_the_first_ten_warnings_and_counts_all() {
    let site = TestSite::minimal();
    for day in 1..=12 {
        site.write(
            &format!("content/activities/2024/2024-05-{day:02}-alpha-zhuti-dangri.md"),
            &activity(
                "alpha",
                "读书会",
                &format!("2024-05-{day:02}"),
                "time = \"14:30\"",
                "内容。\n",
            ),
        );
    }
    let out = site.run(&["build", "--no-pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("警告[unknown-kind]").count(), 10, "{err}");
    assert!(err.contains("2024-05-10-alpha"), "{err}");
    assert!(!err.contains("2024-05-11-alpha"), "sorted by file: {err}");
    assert!(
        err.contains("共 0 个错误，12 个警告（只列出前 10 个警告；运行 dangjian check 查看全部）"),
        "{err}"
    );
}
