//! Member records (`content/members/<id>.toml`): the derived branch counts, and one test per
//! procedural rule asserting the diagnostic's code, file, line, column and hint.
//!
//! The records are written by [`record`] with a fixed layout, so the line of every field is
//! known: the header is lines 1–4, event `i` (0-based) starts at line `6 + 5 i` with `date` on
//! the next line, `kind` on the one after and an optional extra field (`to`, `from`, `until`)
//! on the fourth.

mod support;

use support::{Diag, TestSite, assert_one};

const BETA: &str = "content/branches/beta.toml";

/// Line of event `i`'s `date`; `kind` is one below, the extra field two below.
fn date_line(i: u32) -> u32 {
    7 + 5 * i
}

/// A member record: name, branch, birth year, 高知, and events (date, kind, extra line).
fn record(name: &str, branch: &str, birth: u32, events: &[(&str, &str, &str)]) -> String {
    let mut s = format!(
        "name = \"{name}\"\nbranch = \"{branch}\"\nbirth_year = {birth}\ngaozhi = false\n\n"
    );
    for (date, kind, extra) in events {
        s.push_str(&format!(
            "[[events]]\ndate = {date}\nkind = \"{kind}\"\n{extra}\n\n"
        ));
    }
    s
}

/// The minimal fixture with beta's typed counts removed: beta's size comes from records.
fn site_with(records: &[(&str, String)]) -> TestSite {
    let site = TestSite::minimal();
    let beta = site.read(BETA);
    let cut = beta
        .find("[[member_counts]]")
        .expect("beta has typed counts");
    site.write(BETA, &beta[..cut]);
    // Three members so that beta stays a valid branch (size ≥ 3).
    for (i, year) in [2001, 2005, 2010].iter().enumerate() {
        site.write(
            &format!("content/members/base-{i}.toml"),
            &record(
                &format!("基础{i}"),
                "beta",
                1970,
                &[
                    (&format!("{year}-07-01"), "接收为预备党员", ""),
                    (&format!("{}-07-01", year + 1), "转为正式党员", ""),
                ],
            ),
        );
    }
    for (id, text) in records {
        site.write(&format!("content/members/{id}.toml"), text);
    }
    site
}

fn check(site: &TestSite) -> Vec<Diag> {
    let out = site.run(&["check", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "dangjian panicked:\n{stderr}");
    support::parse_diagnostics(&out.stdout)
}

/// The one diagnostic of `code` in member file `id`.
fn one_in(diags: &[Diag], code: &str, file: &str, line: u32, column: u32, hint: &str) -> Diag {
    let mine: Vec<Diag> = diags.iter().filter(|d| d.file == file).cloned().collect();
    let d = assert_one(&mine, code, file, line, column);
    let h = d.hint.clone().unwrap_or_default();
    assert!(
        h.contains(hint),
        "hint of {code} should contain {hint:?}: {d:#?}"
    );
    d
}

fn member_file(id: &str) -> String {
    format!("content/members/{id}.toml")
}

fn stats_json(site: &TestSite, year: i32) -> serde_json::Value {
    let out = site.run(&["stats", "--format", "json", "--year", &year.to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stats json")
}

#[test]
fn branch_counts_are_derived_from_records() {
    let site = site_with(&[(
        "wang",
        record(
            "王新",
            "beta",
            1996,
            &[
                ("2022-03-01", "提交入党申请", ""),
                ("2022-06-01", "确定为入党积极分子", ""),
                ("2023-07-01", "列为发展对象", ""),
                ("2024-06-01", "接收为预备党员", ""),
            ],
        ),
    )]);
    let diags = check(&site);
    let errors: Vec<&Diag> = diags.iter().filter(|d| d.severity == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let v = stats_json(&site, 2024);
    let beta = v["branches"]
        .as_array()
        .expect("branches")
        .iter()
        .find(|b| b["id"] == "beta")
        .expect("beta");
    assert_eq!(beta["full_members"], 3);
    assert_eq!(beta["members"], 4);
    let m = &v["members"];
    assert_eq!(m["org"]["new_members"], 1);
    assert_eq!(m["org"]["new_members_young"], 1, "28 in 2024");
    assert_eq!(m["org"]["probationary"], 1);
    assert_eq!(m["org"]["full"], 3);
    assert_eq!(m["branches"]["beta"]["age_bands"]["46至55岁"], 3);
    // 2023: the person was a 发展对象 at the year's end, not yet a member.
    let v = stats_json(&site, 2023);
    assert_eq!(v["members"]["org"]["candidates"], 1);
    assert_eq!(v["members"]["org"]["new_candidates"], 1);
    assert_eq!(v["members"]["org"]["new_members"], 0);
}

#[test]
fn typed_counts_beside_records_is_an_error() {
    let site = site_with(&[(
        "li",
        record(
            "李明",
            "alpha",
            1980,
            &[("2010-01-01", "接收为预备党员", "")],
        ),
    )]);
    let diags = check(&site);
    // alpha.toml's `[[member_counts]]` array: the first header.
    let alpha = site.read("content/branches/alpha.toml");
    let line = alpha
        .lines()
        .position(|l| l.starts_with("[[member_counts]]"))
        .expect("alpha has counts") as u32
        + 1;
    let d = one_in(
        &diags,
        "member-procedure",
        "content/branches/alpha.toml",
        line,
        1,
        "删除本文件的 [[member_counts]]",
    );
    assert!(d.message.contains("content/members/li.toml"), "{d:#?}");
}

#[test]
fn branch_without_counts_or_records_misses_counts() {
    let site = TestSite::minimal();
    let beta = site.read(BETA);
    let cut = beta.find("[[member_counts]]").expect("counts");
    site.write(BETA, &beta[..cut]);
    let diags = check(&site);
    let d = one_in(&diags, "missing-field", BETA, 1, 1, "content/members/");
    assert!(d.message.contains("member_counts"), "{d:#?}");
}

#[test]
fn events_out_of_date_order() {
    let f = member_file("zhao");
    let site = site_with(&[(
        "zhao",
        record(
            "赵一",
            "beta",
            1990,
            &[
                ("2015-07-01", "接收为预备党员", ""),
                ("2014-07-01", "转为正式党员", ""),
            ],
        ),
    )]);
    let diags = check(&site);
    let found: Vec<&Diag> = diags
        .iter()
        .filter(|d| d.file == f && d.message.contains("未按日期"))
        .collect();
    assert_eq!(found.len(), 1, "{diags:#?}");
    assert_eq!(
        (found[0].code.as_str(), found[0].line, found[0].column),
        ("member-procedure", date_line(1), 8)
    );
    assert!(
        found[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("按日期从早到晚")
    );
}

#[test]
fn a_step_of_the_procedure_skipped() {
    let f = member_file("qian");
    let site = site_with(&[(
        "qian",
        record(
            "钱二",
            "beta",
            1995,
            &[
                ("2020-03-01", "提交入党申请", ""),
                ("2021-06-01", "列为发展对象", ""),
            ],
        ),
    )]);
    let d = one_in(
        &check(&site),
        "member-procedure",
        &f,
        date_line(1) + 1,
        8,
        "“确定为入党积极分子”",
    );
    assert!(d.message.contains("此前为入党申请人"), "{d:#?}");
}

#[test]
fn activist_less_than_a_year() {
    let f = member_file("sun");
    let site = site_with(&[(
        "sun",
        record(
            "孙三",
            "beta",
            1995,
            &[
                ("2022-03-01", "提交入党申请", ""),
                ("2022-09-01", "确定为入党积极分子", ""),
                ("2023-08-31", "列为发展对象", ""),
            ],
        ),
    )]);
    let d = one_in(
        &check(&site),
        "member-procedure",
        &f,
        date_line(2),
        8,
        "一年以上培养教育",
    );
    assert!(d.message.contains("不满12个月"), "{d:#?}");
}

#[test]
fn activist_period_is_rules_data() {
    let f = member_file("sun");
    let site = site_with(&[(
        "sun",
        record(
            "孙三",
            "beta",
            1995,
            &[
                ("2022-03-01", "提交入党申请", ""),
                ("2022-09-01", "确定为入党积极分子", ""),
                ("2023-08-31", "列为发展对象", ""),
            ],
        ),
    )]);
    let cfg = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{cfg}\n[rules]\nactivist_min_months = 6\n"),
    );
    let diags = check(&site);
    assert!(
        !diags
            .iter()
            .any(|d| d.file == f && d.code == "member-procedure"),
        "{diags:#?}"
    );
}

#[test]
fn application_under_eighteen() {
    let f = member_file("zhou");
    let site = site_with(&[(
        "zhou",
        record("周四", "beta", 2007, &[("2024-06-01", "提交入党申请", "")]),
    )]);
    let d = one_in(
        &check(&site),
        "member-procedure",
        &f,
        date_line(0),
        8,
        "年满十八岁",
    );
    assert!(d.message.contains("未满18周岁（17岁）"), "{d:#?}");
}

#[test]
fn probation_overdue_is_a_warning() {
    let f = member_file("wu");
    let site = site_with(&[(
        "wu",
        record(
            "吴五",
            "beta",
            1990,
            &[("2023-11-01", "接收为预备党员", "")],
        ),
    )]);
    // as_of of the fixture is 2024-12-31: due 2024-11-01, 60 days over.
    let d = one_in(&check(&site), "rule", &f, date_line(0), 8, "讨论转正");
    assert_eq!(d.severity, "warning");
    assert!(d.message.contains("逾期 60 天"), "{d:#?}");
    // The human report shows it too: it is not one of the rule table's rows, which replace
    // their diagnostics there (it was dropped with them once).
    let out = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("警告[rule]: 吴五的预备期已于2024年11月1日届满，逾期 60 天未讨论转正")
            && stderr.contains(&format!("--> {f}:{}:8", date_line(0))),
        "{stderr}"
    );
}

#[test]
fn probation_due_soon_is_a_reminder() {
    let f = member_file("zheng");
    let site = site_with(&[(
        "zheng",
        record(
            "郑六",
            "beta",
            1990,
            &[("2024-01-10", "接收为预备党员", "")],
        ),
    )]);
    let d = one_in(&check(&site), "rule", &f, date_line(0), 8, "转正申请");
    assert!(d.message.contains("还有 10 天"), "{d:#?}");
}

#[test]
fn extended_probation_moves_the_due_date() {
    let f = member_file("zheng");
    let site = site_with(&[(
        "zheng",
        record(
            "郑六",
            "beta",
            1990,
            &[
                ("2023-11-01", "接收为预备党员", ""),
                ("2024-11-01", "延长预备期", "until = 2025-05-01"),
            ],
        ),
    )]);
    let diags = check(&site);
    assert!(!diags.iter().any(|d| d.file == f), "{diags:#?}");
}

#[test]
fn one_person_in_two_branches() {
    let f = member_file("feng-b");
    let site = site_with(&[
        (
            "feng-a",
            record("冯七", "alpha", 1985, &[("2015-01-01", "组织关系转入", "")]),
        ),
        (
            "feng-b",
            record("冯七", "beta", 1985, &[("2018-01-01", "组织关系转入", "")]),
        ),
    ]);
    // alpha keeps its typed counts: that conflict is reported too, in alpha.toml.
    let d = one_in(
        &check(&site),
        "member-procedure",
        &f,
        1,
        8,
        "一人只建一个记录",
    );
    assert!(d.message.contains("content/members/feng-a.toml"), "{d:#?}");
}

#[test]
fn transfer_out_to_a_branch_of_the_organisation() {
    let f = member_file("chen");
    let site = site_with(&[(
        "chen",
        record(
            "陈八",
            "beta",
            1985,
            &[
                ("2015-01-01", "组织关系转入", ""),
                ("2020-01-01", "组织关系转出", "to = \"第一党支部\""),
            ],
        ),
    )]);
    let d = one_in(
        &check(&site),
        "member-procedure",
        &f,
        date_line(1) + 2,
        6,
        "调整支部",
    );
    assert!(d.message.contains("对方是本院的第一党支部"), "{d:#?}");
}

#[test]
fn transfer_in_while_already_inside() {
    let f = member_file("chu");
    let site = site_with(&[(
        "chu",
        record(
            "褚九",
            "beta",
            1985,
            &[
                ("2010-01-01", "组织关系转入", "from = \"市人民医院党委\""),
                ("2016-01-01", "组织关系转入", "from = \"市中心医院党委\""),
            ],
        ),
    )]);
    let diags = check(&site);
    let d = one_in(
        &diags,
        "member-procedure",
        &f,
        date_line(1) + 1,
        8,
        "转入前应有“组织关系转出”",
    );
    assert!(d.message.contains("已在本院组织内"), "{d:#?}");
}

/// Admitted and confirmed elsewhere, then transferred in: the history before the 转入 is not
/// this organisation's, and not an error.
#[test]
fn history_before_a_transfer_in_is_elsewhere() {
    let f = member_file("chu");
    let site = site_with(&[(
        "chu",
        record(
            "褚九",
            "beta",
            1985,
            &[
                ("2022-01-01", "接收为预备党员", ""),
                ("2023-01-01", "转为正式党员", ""),
                ("2024-05-01", "组织关系转入", "from = \"市人民医院党委\""),
            ],
        ),
    )]);
    let diags = check(&site);
    assert!(!diags.iter().any(|d| d.file == f), "{diags:#?}");
    let v = stats_json(&site, 2022);
    assert_eq!(v["members"]["org"]["new_members"], 0, "admitted elsewhere");
    let v = stats_json(&site, 2024);
    assert_eq!(v["members"]["org"]["transfers_in"], 1);
    assert_eq!(v["members"]["org"]["full"], 4);
}

#[test]
fn move_to_an_unknown_branch() {
    let f = member_file("wei");
    let site = site_with(&[(
        "wei",
        record(
            "卫十",
            "beta",
            1985,
            &[
                ("2015-01-01", "组织关系转入", ""),
                ("2020-01-01", "调整支部", "to = \"gamma\""),
            ],
        ),
    )]);
    one_in(
        &check(&site),
        "unknown-reference",
        &f,
        date_line(1) + 2,
        6,
        "content/branches/",
    );
}

#[test]
fn event_after_death() {
    let f = member_file("jiang");
    let site = site_with(&[(
        "jiang",
        record(
            "蒋十一",
            "beta",
            1940,
            &[
                ("1970-01-01", "接收为预备党员", ""),
                ("2020-01-01", "去世", ""),
                ("2021-01-01", "转为正式党员", ""),
            ],
        ),
    )]);
    let d = one_in(
        &check(&site),
        "member-procedure",
        &f,
        date_line(2) + 1,
        8,
        "检查此条经历",
    );
    assert!(d.message.contains("出党或去世之后"), "{d:#?}");
}

#[test]
fn move_between_branches_moves_the_count() {
    let site = site_with(&[(
        "han",
        record(
            "韩十二",
            "beta",
            1985,
            &[
                ("2015-01-01", "组织关系转入", ""),
                ("2024-03-01", "调整支部", "to = \"alpha\""),
            ],
        ),
    )]);
    // alpha has typed counts, so the record that names it is a conflict; the figures still
    // count the move.
    let v = stats_json_lenient(&site, 2024);
    assert_eq!(v["members"]["branches"]["beta"]["moved_out"], 1);
    assert_eq!(v["members"]["branches"]["alpha"]["moved_in"], 1);
    assert_eq!(v["members"]["org"]["transfers_in"], 0);
}

/// `stats` refuses a site with errors; this reads the figures of one that has them.
fn stats_json_lenient(site: &TestSite, year: i32) -> serde_json::Value {
    let alpha = site.read("content/branches/alpha.toml");
    let cut = alpha.find("[[member_counts]]").expect("counts");
    let rest = &alpha[cut..];
    let end = rest.find("\n[[members]]").map_or(alpha.len(), |e| cut + e);
    site.write(
        "content/branches/alpha.toml",
        &format!("{}{}", &alpha[..cut], &alpha[end..]),
    );
    for i in 0..3 {
        site.write(
            &format!("content/members/alpha-{i}.toml"),
            &record(
                &format!("甲{i}"),
                "alpha",
                1980,
                &[("2010-01-01", "组织关系转入", "")],
            ),
        );
    }
    stats_json(site, year)
}

#[test]
fn members_command_shows_the_pipeline_with_what_is_due() {
    let site = site_with(&[
        (
            "wu",
            record(
                "吴五",
                "beta",
                1990,
                &[("2023-11-01", "接收为预备党员", "")],
            ),
        ),
        (
            "sun",
            record(
                "孙三",
                "beta",
                1995,
                &[
                    ("2024-02-01", "提交入党申请", ""),
                    ("2024-03-01", "确定为入党积极分子", ""),
                ],
            ),
        ),
    ]);
    let out = site.run(&["members"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("发展党员台账（截至 2024年12月31日），共 2 人"),
        "{text}"
    );
    assert!(
        text.contains("吴五  2023-11-01  转为正式党员  2024-11-01（已逾期 60 天）"),
        "{text}"
    );
    assert!(
        text.contains("孙三  2024-03-01  列为发展对象  2025-03-01 起"),
        "{text}"
    );
    // Applicants and members only by stage; the furthest stage first.
    assert!(
        text.find("预备党员（1 人）") < text.find("入党积极分子（1 人）"),
        "{text}"
    );
}

#[test]
fn members_command_lists_the_roster_of_a_branch() {
    let site = site_with(&[(
        "han",
        record(
            "韩十二",
            "beta",
            1985,
            &[
                ("2015-01-01", "组织关系转入", ""),
                ("2024-03-01", "组织关系转出", "to = \"市立医院党委\""),
            ],
        ),
    )]);
    let out = site.run(&["members", "--roster", "--branch", "beta"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("党员名册（截至 2024年12月31日），共 3 名"),
        "{text}"
    );
    assert!(text.contains("基础0  正式党员  2001-07-01"), "{text}");
    assert!(!text.contains("韩十二"), "moved away in March: {text}");
    // The roster never shows a birth year.
    assert!(!text.contains("1970"), "{text}");
    let out = site.run(&["members", "--roster", "--branch", "betx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("是否应为 `beta`"));
}

const ANNUAL: &str = "content/annual/2024.toml";

/// "发展党员 2 名" as a target counted from the records; the counted figures also lead the
/// annual figures table, with ids `stats.<name>`.
#[test]
fn a_target_counted_from_the_member_records() {
    let site = site_with(&[(
        "wang",
        record(
            "王新",
            "beta",
            1996,
            &[
                ("2022-06-01", "确定为入党积极分子", ""),
                ("2023-07-01", "列为发展对象", ""),
                ("2024-06-01", "接收为预备党员", ""),
            ],
        ),
    )]);
    let annual = site.read(ANNUAL);
    site.write(
        ANNUAL,
        &format!("{annual}\n[[targets]]\nid = \"fazhan\"\nlabel = \"发展党员\"\nunit = \"名\"\ngroup = \"组织建设\"\ntarget = 2\nstat = \"new_members\"\n"),
    );
    let v = stats_json(&site, 2024);
    let t = v["org"]["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .find(|t| t["id"] == "fazhan")
        .expect("the target");
    assert_eq!(t["actual"], 1.0);
    assert_eq!(t["counted"], true);
    let first = &v["org"]["figures"][0];
    assert_eq!(first["id"], "stats.new_members");
    assert_eq!(first["value"], 1.0);
    assert_eq!(first["previous"], 0.0);
}

#[test]
fn a_target_with_two_sources_is_an_error() {
    let site = site_with(&[]);
    let annual = site.read(ANNUAL);
    site.write(
        ANNUAL,
        &format!("{annual}\n[[targets]]\nid = \"fazhan\"\nlabel = \"发展党员\"\nunit = \"名\"\ngroup = \"组织建设\"\ntarget = 2\nvalue = 3\nstat = \"new_members\"\n"),
    );
    let line = site.read(ANNUAL).lines().count() as u32;
    let d = one_in(
        &check(&site),
        "invalid-value",
        ANNUAL,
        line,
        8,
        "保留其中一种",
    );
    assert!(d.message.contains("只能取一种口径"), "{d:#?}");
}

/// The 转正 reminders of `check` are on the dashboard too; names as the site shows names.
#[test]
fn the_dashboard_reminds_of_probations_due() {
    let site = site_with(&[
        (
            "wu",
            record(
                "吴五",
                "beta",
                1990,
                &[("2023-11-01", "接收为预备党员", "")],
            ),
        ),
        (
            "zheng",
            record(
                "郑六",
                "beta",
                1990,
                &[("2024-01-10", "接收为预备党员", "")],
            ),
        ),
    ]);
    let out = site.run(&["build", "--no-pdf"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = site.read("output/index.html");
    assert!(index.contains("转正提醒 <small>2 人</small>"), "{index}");
    assert!(
        index.contains("第二党支部 吴五：预备期已于2024年11月1日届满，逾期 60 天未转正"),
        "{index}"
    );
    assert!(
        index.contains("郑六：预备期将于2025年1月10日届满，还有 10 天"),
        "{index}"
    );
    let cfg = site.read("site.toml");
    site.write(
        "site.toml",
        &cfg.replace(
            "as_of = 2024-12-31",
            "as_of = 2024-12-31\nhide_member_names = true",
        ),
    );
    let out = site.run(&["build", "--no-pdf"]);
    assert!(out.status.success());
    let index = site.read("output/index.html");
    assert!(index.contains("转正提醒 <small>2 人</small>"), "{index}");
    assert!(
        !index.contains("吴五") && !index.contains("郑六"),
        "{index}"
    );
}

/// In a branch whose members are recorded, an absentee who is not a member that day is a
/// warning at the name; a member who is absent is not.
#[test]
fn an_absentee_who_is_not_a_member_of_the_branch() {
    let site = site_with(&[]);
    let rel = "content/activities/2024/2024-05-10-beta-zhuti-dangri.md";
    site.write(
        rel,
        "+++\ntitle = \"五月主题党日\"\nbranch = \"beta\"\nkind = \"主题党日\"\ndate = 2024-05-10\ntime = \"14:30-16:00\"\nplace = \"会议室\"\nchair = \"赵强\"\nrecorder = \"赵强\"\nexpected = 3\npresent = 1\nabsentees = [{ name = \"基础0\", reason = \"值班\" }, { name = \"路人甲\", reason = \"出差\" }]\n+++\n学习。\n",
    );
    let diags = check(&site);
    // `absentees = [{ name = "基础0", reason = "值班" }, { name = "` is 55 characters.
    let d = one_in(&diags, "absentee-count", rel, 12, 56, "检查姓名是否写错");
    assert_eq!(d.severity, "warning");
    assert!(
        d.message.contains("“路人甲”在 2024-05-10 不是本支部的党员"),
        "{d:#?}"
    );
}

/// A 主题党日 of `branch` on `date` (line 10 is `expected = …`, its value at column 12).
fn meeting(branch: &str, date: &str, expected: u32) -> String {
    format!(
        "+++\ntitle = \"主题党日\"\nbranch = \"{branch}\"\nkind = \"主题党日\"\ndate = {date}\ntime = \"14:30-16:00\"\nplace = \"会议室\"\nchair = \"赵强\"\nrecorder = \"赵强\"\nexpected = {expected}\npresent = {expected}\n+++\n学习。\n"
    )
}

/// More expected than the branch's recorded members on the day: a warning at `expected`,
/// with both numbers and the date.
#[test]
fn more_expected_than_members_on_the_day() {
    let site = site_with(&[(
        "wang",
        record(
            "王新",
            "beta",
            1996,
            &[
                ("2023-03-01", "提交入党申请", ""),
                ("2023-06-01", "确定为入党积极分子", ""),
                ("2024-06-03", "列为发展对象", ""),
                ("2024-09-20", "接收为预备党员", ""),
            ],
        ),
    )]);
    let rel = "content/activities/2024/2024-05-10-beta-zhuti-dangri.md";
    site.write(rel, &meeting("beta", "2024-05-10", 4));
    let diags = check(&site);
    let d = one_in(&diags, "absentee-count", rel, 10, 12, "补记经历");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "应到人数 4 多于 2024-05-10 本支部的党员人数 3（正式党员 3 名、预备党员 0 名，按 content/members/ 的记录）"
    );
    // After the admission the same number is right, and the 预备党员 is counted as such.
    site.write(rel, &meeting("beta", "2024-05-10", 3));
    let later = "content/activities/2024/2024-10-11-beta-zhuti-dangri.md";
    site.write(later, &meeting("beta", "2024-10-11", 5));
    let diags = check(&site);
    let d = one_in(&diags, "absentee-count", later, 10, 12, "补记经历");
    assert_eq!(
        d.message,
        "应到人数 5 多于 2024-10-11 本支部的党员人数 4（正式党员 3 名、预备党员 1 名，按 content/members/ 的记录）"
    );
}

/// Fewer expected than members is not reported: a 支委会 or 党小组会 expects a part of the
/// branch, and a 党员大会 may leave out members away for a long time. A member who joins or
/// leaves on the day may be counted or not. Branches with typed counts are not checked.
#[test]
fn fewer_expected_and_changes_on_the_day_are_not_reported() {
    let site = site_with(&[
        (
            "zhou",
            record(
                "周出",
                "beta",
                1980,
                &[
                    ("2010-07-01", "接收为预备党员", ""),
                    ("2011-07-01", "转为正式党员", ""),
                    ("2024-05-10", "组织关系转出", "to = \"外院党委\""),
                ],
            ),
        ),
        (
            "wu",
            record(
                "吴入",
                "beta",
                1981,
                &[
                    ("2012-07-01", "接收为预备党员", ""),
                    ("2013-07-01", "转为正式党员", ""),
                    ("2024-06-14", "组织关系转入", "from = \"外院党委\""),
                ],
            ),
        ),
    ]);
    let meetings = [
        // Four members that morning (周出 leaves that day), three at night.
        ("2024-05-10", 4),
        // Three members in the morning, four at night (吴入 arrives).
        ("2024-06-14", 4),
        // Fewer than the four members.
        ("2024-07-12", 2),
    ];
    for (date, expected) in meetings {
        let rel = format!("content/activities/2024/{date}-beta-zhuti-dangri.md");
        site.write(&rel, &meeting("beta", date, expected));
    }
    // alpha has typed counts (11 on 2024-01-01): its meetings are not held to records.
    site.write(
        "content/activities/2024/2024-07-12-alpha-zhuti-dangri.md",
        &meeting("alpha", "2024-07-12", 40),
    );
    let diags = check(&site);
    let found: Vec<&Diag> = diags
        .iter()
        .filter(|d| d.code == "absentee-count")
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}
