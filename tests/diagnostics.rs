//! One test per diagnostic code that records, `site.toml` or the command line can produce at
//! this stage, each asserting the exact code, file, line and column (1-based, columns in
//! characters) and, where the wording matters, the message and hint. `every_code_has_a_test` at
//! the end keeps this file in step with `src/diagnostics/code.rs`.

mod support;

use support::{Diag, TestSite, assert_one, parse_diagnostics};

// The files of tests/fixtures/minimal that the tests edit (line numbers in comments refer to them).
const ACT: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
const DANGKE: &str = "content/activities/2024/2024-04-10-alpha-dangke.md";
const ALPHA: &str = "content/branches/alpha.toml";
const BETA: &str = "content/branches/beta.toml";
const BRAND: &str = "content/brands/xianfeng.md";
const ANNUAL_TOML: &str = "content/annual/2024.toml";
const ANNUAL_MD: &str = "content/annual/2024.md";
const NOTICE1: &str = "content/notices/2024/1.md";
const NOTICE2: &str = "content/notices/2024/2.md";
const CHECKLIST: &str = "content/checklists/kaohe.toml";
const SITE: &str = "site.toml";

/// Codes whose default severity is a warning.
const WARNING_CODES: &[&str] = &[
    "unknown-kind",
    "future-date",
    "absentee-count",
    "file-name-mismatch",
    "rule",
    "control-character",
];

/// Runs `check --format json` plus `extra` arguments; asserts the tool did not panic and exited
/// with 0 or 1. Returns the exit code and the diagnostics.
fn check_with(site: &TestSite, extra: &[&str]) -> (i32, Vec<Diag>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = site.run(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "dangjian panicked:\n{stderr}");
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "exit code {code} (expected 0 or 1); stderr:\n{stderr}"
    );
    let diags = parse_diagnostics(&out.stdout);
    (code, diags)
}

fn check(site: &TestSite) -> (i32, Vec<Diag>) {
    check_with(site, &[])
}

/// `assert_one`, plus the code's default severity.
fn one(diags: &[Diag], code: &str, file: &str, line: u32, column: u32) -> Diag {
    // Rule findings are left out so that a failure shows only what the test is about.
    let shown: Vec<Diag> = diags
        .iter()
        .filter(|d| d.code != "rule" || code == "rule")
        .cloned()
        .collect();
    let d = assert_one(&shown, code, file, line, column);
    let want = if WARNING_CODES.contains(&code) {
        "warning"
    } else {
        "error"
    };
    assert_eq!(d.severity, want, "severity of `{code}`: {d:#?}");
    d
}

fn assert_message(d: &Diag, part: &str) {
    assert!(
        d.message.contains(part),
        "message of `{}` should contain {part:?}: {d:#?}",
        d.code
    );
}

fn assert_hint(d: &Diag, part: &str) {
    assert!(
        d.hint.as_deref().unwrap_or("").contains(part),
        "hint of `{}` should contain {part:?}: {d:#?}",
        d.code
    );
}

/// Diagnostics other than rule findings (the rule report is a later stage and depends on the
/// whole site; the tests here are about records).
fn non_rule(diags: &[Diag]) -> Vec<&Diag> {
    diags.iter().filter(|d| d.code != "rule").collect()
}

fn errors(diags: &[Diag]) -> Vec<&Diag> {
    diags.iter().filter(|d| d.severity == "error").collect()
}

/// A valid activity of branch alpha; `extra` is appended to the front matter.
fn activity(date: &str, kind: &str, extra: &str) -> String {
    format!(
        "+++\ntitle = \"活动\"\nbranch = \"alpha\"\nkind = \"{kind}\"\ndate = {date}\nplace = \"会议室\"\nchair = \"张明\"\nrecorder = \"李华\"\nexpected = 11\npresent = 11\n{extra}+++\n内容。\n"
    )
}

/// A valid notice.
fn notice(number: &str, date: &str, extra: &str) -> String {
    format!(
        "+++\nnumber = {number}\nformat = \"文件\"\ntitle = \"通知\"\ndate = {date}\n{extra}+++\n正文。\n"
    )
}

fn rename(site: &TestSite, from: &str, to: &str) {
    let text = site.read(from);
    site.remove(from);
    site.write(to, &text);
}

#[cfg(unix)]
fn symlink(target: &std::path::Path, link: &std::path::Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[test]
fn fixture_is_clean() {
    let site = TestSite::minimal();
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "{:#?}", non_rule(&diags));
    assert!(non_rule(&diags).is_empty(), "{:#?}", non_rule(&diags));
    assert!(errors(&diags).is_empty(), "{:#?}", non_rule(&diags));
}

// ---------------------------------------------------------------------------------------------
// io, not-utf8

#[test]
fn io_missing_site_toml() {
    let site = TestSite::minimal();
    site.remove(SITE);
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "io", "site.toml", 0, 0);
    assert_message(&d, "找不到 site.toml");
    assert_hint(&d, "dangjian init");
    assert_eq!(non_rule(&diags).len(), 1, "{:#?}", non_rule(&diags));
}

#[test]
fn io_missing_content_folder() {
    let site = TestSite::minimal();
    std::fs::remove_dir_all(site.path("content")).unwrap();
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "io", "content", 0, 0);
    assert_message(&d, "content/");
}

#[cfg(unix)]
#[test]
fn io_dangling_symlink_as_record() {
    let site = TestSite::minimal();
    symlink(
        &site.path("nowhere/gamma.toml"),
        &site.path("content/branches/gamma.toml"),
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "io", "content/branches/gamma.toml", 0, 0);
    assert_message(&d, "无法读取文件");
}

#[test]
fn not_utf8_at_first_bad_byte() {
    let site = TestSite::minimal();
    let text = site.read(BETA);
    // line 3: `department = "办公室"` → `department = "办\xff公室"`
    let bytes = text
        .replacen("\"办公室\"", "\"办\u{1}公室\"", 1)
        .into_bytes()
        .into_iter()
        .map(|b| if b == 1 { 0xff } else { b })
        .collect::<Vec<u8>>();
    site.write_bytes(BETA, &bytes);
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    // `department = "办` is 15 characters: the bad byte is the 16th.
    let d = one(&diags, "not-utf8", BETA, 3, 16);
    assert_message(&d, "不是 UTF-8");
    assert_hint(&d, "UTF-8");
}

// ---------------------------------------------------------------------------------------------
// toml-syntax, front matter

#[test]
fn toml_syntax_duplicate_key() {
    let site = TestSite::minimal();
    site.replace(ALPHA, "short_name = \"一支部\"", "name = \"一支部\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "toml-syntax", ALPHA, 2, 1);
    assert_message(&d, "字段重复定义");
}

#[test]
fn toml_syntax_unclosed_string() {
    let site = TestSite::minimal();
    site.replace(ACT, "title = \"三月主题党日\"", "title = \"三月主题党日");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    // Reported where the closing quote is missing: the end of line 2.
    let d = one(&diags, "toml-syntax", ACT, 2, 16);
    assert_message(&d, "TOML 语法错误");
    assert_hint(&d, "引号");
    // The lost title is a consequence of the syntax error, not reported again.
    assert!(
        !diags.iter().any(|d| d.code == "missing-field"),
        "{:#?}",
        non_rule(&diags)
    );
}

#[test]
fn missing_front_matter() {
    let site = TestSite::minimal();
    site.write(
        "content/brands/hongqi.md",
        "name = \"红旗\"\nbranch = \"beta\"\nslogan = \"口号\"\n品牌介绍。\n",
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(
        &diags,
        "missing-front-matter",
        "content/brands/hongqi.md",
        1,
        1,
    );
    assert_message(&d, "+++");
    assert_hint(&d, "+++");
}

#[test]
fn unclosed_front_matter() {
    let site = TestSite::minimal();
    site.write(
        "content/brands/hongqi.md",
        "+++\nname = \"红旗\"\nbranch = \"beta\"\nslogan = \"口号\"\n品牌介绍。\n",
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(
        &diags,
        "unclosed-front-matter",
        "content/brands/hongqi.md",
        1,
        1,
    );
    assert_message(&d, "没有结束");
}

// ---------------------------------------------------------------------------------------------
// unknown-key

#[test]
fn unknown_key_with_suggestion() {
    let site = TestSite::minimal();
    site.replace(ACT, "topics = [", "topic = [");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-key", ACT, 13, 1);
    assert_message(&d, "未知字段 `topic`");
    assert_eq!(d.hint.as_deref(), Some("是否应为 `topics`？"));
}

#[test]
fn unknown_key_inside_secretary_table() {
    let site = TestSite::minimal();
    // line 8, the first `name = "张明"`, is the secretary's name
    site.replace(ALPHA, "name = \"张明\"", "nmae = \"张明\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-key", ALPHA, 8, 1);
    assert_message(&d, "未知字段 `secretary.nmae`");
    assert_eq!(d.hint.as_deref(), Some("是否应为 `name`？"));
    let missing = diags
        .iter()
        .find(|d| d.code == "missing-field")
        .expect("secretary.name reported missing");
    assert_message(missing, "secretary.name");
}

#[test]
fn unknown_key_misspelt_table_header() {
    let site = TestSite::minimal();
    site.replace(ALPHA, "[secretary]", "[secretray]");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-key", ALPHA, 7, 2);
    assert_message(&d, "未知字段 `secretray`");
    assert_eq!(d.hint.as_deref(), Some("是否应为 `secretary`？"));
    let m = one(&diags, "missing-field", ALPHA, 1, 1);
    assert_message(&m, "`secretary`");
}

#[test]
fn unknown_key_in_absentee_entry() {
    let site = TestSite::minimal();
    site.replace(ACT, "reason = \"值班\"", "reasn = \"值班\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    // `absentees = [{ name = "王芳", ` is 28 characters
    let d = one(&diags, "unknown-key", ACT, 12, 29);
    assert_message(&d, "未知字段 `absentees[1].reasn`");
    assert_eq!(d.hint.as_deref(), Some("是否应为 `reason`？"));
    let m = one(&diags, "missing-field", ACT, 12, 14);
    assert_message(&m, "absentees[1].reason");
}

// ---------------------------------------------------------------------------------------------
// missing-field, wrong-type, empty-string, invalid-value, invalid-date

#[test]
fn missing_field() {
    let site = TestSite::minimal();
    site.replace(ACT, "place = \"会议室\"\n", "");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "missing-field", ACT, 1, 1);
    assert_message(&d, "缺少必填字段 `place`");
    assert_hint(&d, "place = …");
}

#[test]
fn missing_field_lecture_needs_lecturer() {
    let site = TestSite::minimal();
    site.replace(DANGKE, "lecturer = \"张明\"\n", "");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "missing-field", DANGKE, 1, 1);
    assert_message(&d, "党课缺少字段 `lecturer`");
}

#[test]
fn missing_field_upward_notice_needs_signer() {
    let site = TestSite::minimal();
    site.replace(
        NOTICE1,
        "date = 2024-02-01\n",
        "date = 2024-02-01\nupward = true\n",
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "missing-field", NOTICE1, 1, 1);
    assert_message(&d, "signer");
}

/// docs/content-reference.md: `[[member_counts]]` is required, "≥ 1". An empty array has no
/// entry at all and must not pass.
#[test]
fn missing_field_empty_member_counts() {
    let site = TestSite::minimal();
    site.write(
        BETA,
        "name = \"第二党支部\"\ncategory = \"行政后勤\"\ndepartment = \"办公室\"\nmember_counts = []\n\n[secretary]\nname = \"赵强\"\nheads_department = false\n\n[term]\nstart = 2022-06-01\n",
    );
    let (code, diags) = check(&site);
    let found: Vec<&Diag> = diags
        .iter()
        .filter(|d| d.file == BETA && d.severity == "error")
        .collect();
    assert_eq!(
        code,
        1,
        "an empty member_counts passed: {:#?}",
        non_rule(&diags)
    );
    assert_eq!(found.len(), 1, "{:#?}", non_rule(&diags));
    assert!(
        found[0].code == "missing-field" || found[0].code == "invalid-value",
        "{found:#?}"
    );
    assert_eq!(found[0].line, 4, "{found:#?}");
}

#[test]
fn wrong_type_quoted_date() {
    let site = TestSite::minimal();
    site.replace(ACT, "date = 2024-03-15", "date = \"2024-03-15\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "wrong-type", ACT, 5, 8);
    assert_message(&d, "字段 `date` 应为日期，实际是文本");
    assert_hint(&d, "不加引号");
}

#[test]
fn wrong_type_quoted_number() {
    let site = TestSite::minimal();
    site.replace(ACT, "expected = 11", "expected = \"11\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "wrong-type", ACT, 10, 12);
    assert_message(&d, "`expected` 应为整数");
    assert_hint(&d, "数字不加引号");
}

#[test]
fn empty_string() {
    let site = TestSite::minimal();
    site.replace(ACT, "place = \"会议室\"", "place = \"  \"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "empty-string", ACT, 7, 9);
    assert_message(&d, "字段 `place` 不能为空");
}

#[test]
fn invalid_value_category_with_suggestion() {
    let site = TestSite::minimal();
    site.replace(ALPHA, "category = \"临床\"", "category = \"临时\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "invalid-value", ALPHA, 3, 12);
    assert_message(&d, "“临时”不在可选范围内");
    assert_hint(&d, "是否应为“临床”？");
    assert_hint(&d, "行政后勤");
}

#[test]
fn invalid_value_time() {
    let site = TestSite::minimal();
    site.replace(ACT, "time = \"14:30-16:00\"", "time = \"25:00\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "invalid-value", ACT, 6, 8);
    assert_message(&d, "时间“25:00”格式不对");
    assert_hint(&d, "14:30");
}

/// A number too large for the tool is reported where it is written, not dropped in silence
/// (`expected = 99999999999999999999` already is; `points` must be too).
#[test]
fn invalid_value_number_too_large() {
    let site = TestSite::minimal();
    // line 21: the points of item a2
    site.replace(CHECKLIST, "points = 2\n", "points = 99999999999999999999\n");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    one(&diags, "invalid-value", CHECKLIST, 21, 10);
}

fn with_founded(value: &str) -> TestSite {
    let site = TestSite::minimal();
    site.replace(
        BETA,
        "department = \"办公室\"\n",
        &format!("department = \"办公室\"\nfounded = {value}\n"),
    );
    site
}

#[test]
fn invalid_date_day_not_in_month() {
    let site = with_founded("2023-02-30");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "invalid-date", BETA, 4, 11);
    assert_message(&d, "该月只有 28 天");
    assert_hint(&d, "不加引号");
}

#[test]
fn invalid_date_month_13() {
    let site = with_founded("2023-13-01");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "invalid-date", BETA, 4, 11);
    assert_message(&d, "月份应在 01 到 12 之间");
}

#[test]
fn invalid_date_with_time_part() {
    let site = with_founded("2023-02-01T10:00:00");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "invalid-date", BETA, 4, 11);
    assert_message(&d, "应为日期（不含时刻）");
    assert_hint(&d, "time");
}

// ---------------------------------------------------------------------------------------------
// bad-file-name, unknown-record-path

#[test]
fn bad_file_name_zero_padded_notice() {
    let site = TestSite::minimal();
    site.write("content/notices/2024/03.md", &notice("3", "2024-05-01", ""));
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "bad-file-name", "content/notices/2024/03.md", 0, 0);
    assert_message(&d, "通知");
    assert_hint(&d, "不补零");
}

#[test]
fn bad_file_name_upper_case_activity() {
    let site = TestSite::minimal();
    let rel = "content/activities/2024/2024-05-01-alpha-Dangke.md";
    site.write(rel, &activity("2024-05-01", "主题党日", ""));
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "bad-file-name", rel, 0, 0);
    assert_message(&d, "活动记录");
    assert_hint(&d, "小写");
}

#[test]
fn bad_file_name_notice_number_differs_from_file() {
    let site = TestSite::minimal();
    site.write("content/notices/2024/3.md", &notice("4", "2024-05-01", ""));
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "bad-file-name", "content/notices/2024/3.md", 2, 10);
    assert_message(&d, "number = 4");
}

#[test]
fn unknown_record_path() {
    let site = TestSite::minimal();
    site.write("content/foo/x.md", "+++\ntitle = \"x\"\n+++\n");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-record-path", "content/foo/x.md", 0, 0);
    assert_message(&d, "不存放记录");
    assert_hint(&d, "content/attachments/");
}

#[test]
fn unknown_record_path_nested_branch() {
    let site = TestSite::minimal();
    site.write("content/branches/old/gamma.toml", &site.read(BETA));
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    one(
        &diags,
        "unknown-record-path",
        "content/branches/old/gamma.toml",
        0,
        0,
    );
}

// ---------------------------------------------------------------------------------------------
// duplicate-id

/// The second branch with the same name is reported at its `name` value (here on line 2,
/// after a comment), not at a fixed 1:1.
#[test]
fn duplicate_id_branch_name() {
    let site = TestSite::minimal();
    let gamma = "content/branches/gamma.toml";
    site.write(gamma, &format!("# 复制自 beta\n{}", site.read(BETA)));
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "duplicate-id", gamma, 2, 8);
    assert_message(&d, "第二党支部");
    assert_message(&d, BETA);
}

#[test]
fn duplicate_id_checklist_item() {
    let site = TestSite::minimal();
    site.replace(CHECKLIST, "id = \"a2\"", "id = \"a1\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "duplicate-id", CHECKLIST, 19, 6);
    assert_message(&d, "考核项标识“a1”重复");
}

#[test]
fn duplicate_id_figure() {
    let site = TestSite::minimal();
    let text = site.read(ANNUAL_TOML);
    assert_eq!(text.lines().count(), 14);
    site.write(
        ANNUAL_TOML,
        &format!(
            "{text}\n[[figures]]\nid = \"new_members\"\nlabel = \"再次\"\nunit = \"名\"\ngroup = \"组织建设\"\nvalue = 1\n"
        ),
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    // line 15 is blank, 16 `[[figures]]`, 17 the id
    let d = one(&diags, "duplicate-id", ANNUAL_TOML, 17, 6);
    assert_message(&d, "new_members");
}

// ---------------------------------------------------------------------------------------------
// unknown-reference

#[test]
fn unknown_reference_branch_with_suggestion() {
    let site = TestSite::minimal();
    site.replace(ACT, "branch = \"alpha\"", "branch = \"alphx\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-reference", ACT, 3, 10);
    assert_message(&d, "未知的支部 `alphx`");
    assert_eq!(d.hint.as_deref(), Some("是否应为 `alpha`？"));
}

#[test]
fn unknown_reference_brand() {
    let site = TestSite::minimal();
    site.replace(ALPHA, "brand = \"xianfeng\"", "brand = \"xianfen\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-reference", ALPHA, 5, 9);
    assert_message(&d, "未知的品牌项目 `xianfen`");
    assert_eq!(d.hint.as_deref(), Some("是否应为 `xianfeng`？"));
}

#[test]
fn unknown_reference_checklist_in_notice_attachment() {
    let site = TestSite::minimal();
    site.replace(NOTICE2, "checklist = \"kaohe\"", "checklist = \"kaohe2\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-reference", NOTICE2, 9, 13);
    assert_message(&d, "未知的考核清单 `kaohe2`");
    assert_eq!(d.hint.as_deref(), Some("是否应为 `kaohe`？"));
}

#[test]
fn unknown_reference_seal_without_organisation_seal() {
    let site = TestSite::minimal();
    site.replace(
        NOTICE1,
        "date = 2024-02-01\n",
        "date = 2024-02-01\nseal = true\n",
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-reference", NOTICE1, 6, 8);
    assert_message(&d, "印章");
    assert_hint(&d, "seal = ");
}

#[test]
fn unknown_reference_annual_attachment_without_narrative() {
    let site = TestSite::minimal();
    site.replace(
        NOTICE1,
        "date = 2024-02-01\n",
        "date = 2024-02-01\n\n[[attachments]]\ntitle = \"年度总结\"\nannual = 2023\n",
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-reference", NOTICE1, 9, 10);
    assert_message(&d, "没有 2023 年的年度总结");
    assert_hint(&d, "content/annual/2023.md");
}

/// An `annual` year too large for a year must not make the attachment vanish without a word.
#[test]
fn unknown_reference_annual_attachment_year_out_of_range() {
    let site = TestSite::minimal();
    site.replace(
        NOTICE1,
        "date = 2024-02-01\n",
        "date = 2024-02-01\n\n[[attachments]]\ntitle = \"年度总结\"\nannual = 3000000000\n",
    );
    let (code, diags) = check(&site);
    assert_eq!(
        code,
        1,
        "the attachment was dropped silently: {:#?}",
        non_rule(&diags)
    );
    let found: Vec<&Diag> = errors(&diags)
        .into_iter()
        .filter(|d| d.file == NOTICE1)
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", non_rule(&diags));
    assert_eq!((found[0].line, found[0].column), (9, 10), "{found:#?}");
}

#[test]
fn unknown_reference_score_for_unknown_item() {
    let site = TestSite::minimal();
    site.replace(CHECKLIST, "a2 = { score", "a3 = { score");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-reference", CHECKLIST, 25, 1);
    assert_message(&d, "未知的考核项 `a3`");
    assert_eq!(d.hint.as_deref(), Some("是否应为 `a1`？"));
}

/// A branch file with a mistake is reported once, in that file. The branch exists, so the
/// records that name it must not be told that it is unknown.
#[test]
fn broken_branch_does_not_cause_unknown_reference() {
    let site = TestSite::minimal();
    site.replace(ALPHA, "department = \"内科\"\n", "");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    one(&diags, "missing-field", ALPHA, 1, 1);
    let cascade: Vec<&Diag> = diags
        .iter()
        .filter(|d| d.code == "unknown-reference")
        .collect();
    assert!(
        cascade.is_empty(),
        "content/branches/alpha.toml exists, yet: {cascade:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// unknown-figure

#[test]
fn unknown_figure_at_the_braces() {
    let site = TestSite::minimal();
    site.replace(ANNUAL_MD, "{{ new_members }}", "{{ new_membrs }}");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    // line 4: `全年发展党员` is 6 characters, the `{{` is the 7th
    let d = one(&diags, "unknown-figure", ANNUAL_MD, 4, 7);
    assert_message(&d, "引用了不存在的数据 `new_membrs`");
    assert_eq!(d.hint.as_deref(), Some("是否应为 `{{ new_members }}`？"));
}

#[test]
fn unknown_figure_unknown_stat() {
    let site = TestSite::minimal();
    site.replace(ANNUAL_MD, "{{ stats.activities }}", "{{ stats.activitys }}");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    // `全年发展党员{{ new_members }}，开展支部活动` is 6 + 17 + 1 + 6 = 30 characters
    let d = one(&diags, "unknown-figure", ANNUAL_MD, 4, 31);
    assert_hint(&d, "stats.activities");
}

// ---------------------------------------------------------------------------------------------
// duplicate-number, skipped-number

#[test]
fn duplicate_number() {
    let site = TestSite::minimal();
    let rel = "content/notices/2024/3.md";
    site.write(rel, &notice("2", "2024-05-01", ""));
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "duplicate-number", rel, 2, 10);
    assert_message(&d, "2024 年的文号 2 号已被 content/notices/2024/2.md 使用");
    assert_hint(&d, "dangjian new notice");
}

#[test]
fn skipped_number() {
    let site = TestSite::minimal();
    let rel = "content/notices/2024/4.md";
    site.write(rel, &notice("4", "2024-05-01", ""));
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "skipped-number", rel, 2, 10);
    assert_message(&d, "2024 年的文号跳过了 3 号");
}

// ---------------------------------------------------------------------------------------------
// present-exceeds-expected, date-outside-year

#[test]
fn present_exceeds_expected() {
    let site = TestSite::minimal();
    site.replace(ACT, "present = 10", "present = 12");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "present-exceeds-expected", ACT, 11, 11);
    assert_message(&d, "实到人数 12 多于应到人数 11");
    assert_hint(&d, "guests");
}

#[test]
fn date_outside_year_activity() {
    let site = TestSite::minimal();
    let rel = "content/activities/2024/2023-12-31-alpha-zhuti-dangri.md";
    site.write(rel, &activity("2023-12-31", "主题党日", ""));
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "date-outside-year", rel, 5, 8);
    assert_message(&d, "日期 2023-12-31 不在所在文件夹的年份 2024 内");
    assert_hint(&d, "content/activities/2023/");
    assert!(
        !diags.iter().any(|d| d.code == "file-name-mismatch"),
        "{:#?}",
        non_rule(&diags)
    );
}

#[test]
fn date_outside_year_notice() {
    let site = TestSite::minimal();
    site.replace(NOTICE1, "date = 2024-02-01", "date = 2023-12-31");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "date-outside-year", NOTICE1, 5, 8);
    assert_message(&d, "2023-12-31 不在所在文件夹的年份 2024 内");
}

// ---------------------------------------------------------------------------------------------
// path-outside-root, missing-attachment

fn with_attachment(path_literal: &str) -> TestSite {
    let site = TestSite::minimal();
    site.replace(
        ACT,
        "path = \"attachments/photo.png\"",
        &format!("path = {path_literal}"),
    );
    site
}

/// The attachment path on line 16 starts at column 25: `attachments = [{ path = ` is 24
/// characters.
const PATH_COL: u32 = 25;

#[test]
fn path_outside_root_dot_dot() {
    let site = with_attachment("\"../secret.txt\"");
    site.write("secret.txt", "秘密");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "path-outside-root", ACT, 16, PATH_COL);
    assert_message(&d, "含有 `..`");
    assert_hint(&d, "content/");
}

#[test]
fn unsafe_attachment_html() {
    let site = with_attachment("\"attachments/page.html\"");
    site.write("content/attachments/page.html", "<script>alert(1)</script>");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unsafe-attachment", ACT, 16, PATH_COL);
    assert_message(&d, "类型不能发布");
    assert_hint(&d, "网页或 SVG 请先转成 PDF 或 PNG");
}

#[test]
fn path_outside_root_absolute() {
    let site = with_attachment("\"/etc/passwd\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "path-outside-root", ACT, 16, PATH_COL);
    assert_message(&d, "是绝对路径");
}

#[test]
fn path_outside_root_backslash() {
    let site = with_attachment("\"attachments\\\\photo.png\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "path-outside-root", ACT, 16, PATH_COL);
    assert_message(&d, "反斜杠");
}

/// A backslash meant literally is read by TOML as an escape: `\f` is a form feed, `\u0001` a
/// control character nobody sees. Either is a warning at the escape, in any text field; the
/// value is kept as read (the XML outputs drop the character, tests/xml_wellformed.rs).
#[test]
fn control_character_at_its_escape() {
    let site = TestSite::minimal();
    // ACT line 2, ALPHA line 1.
    site.replace(
        ACT,
        "title = \"三月主题党日\"",
        "title = \"三月\\f主题党日\"",
    );
    site.replace(
        ALPHA,
        "name = \"第一党支部\"",
        "name = \"第一\\u0001党支部\"",
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "warnings only: {:#?}", non_rule(&diags));
    let hint =
        "删去它；反斜杠本身要写成 `\\\\`（TOML 把 `\\b`、`\\f`、`\\u0001` 等读作看不见的控制字符）";
    let want = |file: &str, line, column, message: &str| Diag {
        file: file.to_owned(),
        line,
        column,
        severity: "warning".to_owned(),
        code: "control-character".to_owned(),
        message: message.to_owned(),
        hint: Some(hint.to_owned()),
    };
    let found: Vec<Diag> = diags
        .iter()
        .filter(|d| d.code == "control-character")
        .cloned()
        .collect();
    assert_eq!(
        found,
        [
            want(ACT, 2, 12, "文本含有控制字符 U+000C（写作 `\\f`）"),
            want(ALPHA, 1, 11, "文本含有控制字符 U+0001（写作 `\\u0001`）"),
        ]
    );
    assert_eq!(non_rule(&diags).len(), 2, "{:#?}", non_rule(&diags));
}

#[test]
fn path_outside_root_nul() {
    let site = with_attachment("\"attachments/photo.png\\u0000.txt\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "path-outside-root", ACT, 16, PATH_COL);
    assert_message(&d, "空字符");
}

#[cfg(unix)]
#[test]
fn path_outside_root_symlink_to_outside() {
    let outside = TestSite::empty();
    outside.write("secret.png", "not in the site");
    outside.write("dir/inner.png", "not in the site");
    for (link, target, path) in [
        ("link.png", "secret.png", "attachments/link.png"),
        ("linkdir", "dir", "attachments/linkdir/inner.png"),
    ] {
        let site = with_attachment(&format!("\"{path}\""));
        symlink(
            &outside.path(target),
            &site.path(&format!("content/attachments/{link}")),
        );
        let (code, diags) = check(&site);
        assert_eq!(code, 1, "{path}");
        let d = one(&diags, "path-outside-root", ACT, 16, PATH_COL);
        assert_message(&d, "符号链接");
    }
}

#[cfg(unix)]
#[test]
fn symlink_inside_the_site_is_fine() {
    let site = with_attachment("\"attachments/alias.png\"");
    symlink(
        &site.path("content/attachments/photo.png"),
        &site.path("content/attachments/alias.png"),
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "{:#?}", non_rule(&diags));
    assert!(non_rule(&diags).is_empty(), "{:#?}", non_rule(&diags));
}

#[test]
fn missing_attachment() {
    let site = with_attachment("\"attachments/nope.png\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "missing-attachment", ACT, 16, PATH_COL);
    assert_message(&d, "附件“attachments/nope.png”不存在");
    assert_hint(&d, "content/attachments/nope.png");
}

#[test]
fn missing_attachment_directory_is_not_a_file() {
    let site = with_attachment("\"attachments\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "missing-attachment", ACT, 16, PATH_COL);
    assert_message(&d, "不是文件");
}

// ---------------------------------------------------------------------------------------------
// points-mismatch

#[test]
fn points_mismatch_category_sum() {
    let site = TestSite::minimal();
    // line 5: the category's points (the first `points = 5`)
    site.replace(CHECKLIST, "points = 5", "points = 6");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "points-mismatch", CHECKLIST, 5, 10);
    assert_message(&d, "类别“组织建设”标注 6 分，但各项分值之和为 5 分");
}

#[test]
fn points_mismatch_score_above_points() {
    let site = TestSite::minimal();
    site.replace(CHECKLIST, "score = 2", "score = 3");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    // `a2 = { score = ` is 15 characters
    let d = one(&diags, "points-mismatch", CHECKLIST, 25, 16);
    assert_message(&d, "得分 3 超出分值范围 0–2");
}

// ---------------------------------------------------------------------------------------------
// warnings: unknown-kind, future-date, absentee-count, file-name-mismatch

#[test]
fn unknown_kind_is_a_warning() {
    let site = TestSite::minimal();
    site.replace(ACT, "kind = \"主题党日\"", "kind = \"读书会\"");
    let (code, diags) = check(&site);
    let d = one(&diags, "unknown-kind", ACT, 4, 8);
    assert_message(&d, "活动类型“读书会”不在配置的类型列表中");
    assert_hint(&d, "[activity_kinds]");
    assert_eq!(non_rule(&diags).len(), 1, "{:#?}", non_rule(&diags));
    assert_eq!(
        code,
        0,
        "a warning alone must not fail: {:#?}",
        non_rule(&diags)
    );
}

#[test]
fn unknown_kind_suggests_close_kind() {
    let site = TestSite::minimal();
    site.replace(ACT, "kind = \"主题党日\"", "kind = \"主题党曰\"");
    let (_, diags) = check(&site);
    let d = one(&diags, "unknown-kind", ACT, 4, 8);
    assert_eq!(d.hint.as_deref(), Some("是否应为“主题党日”？"));
}

#[test]
fn future_date_relative_to_site_as_of() {
    let site = TestSite::minimal();
    let rel = "content/activities/2025/2025-01-05-alpha-zhuti-dangri.md";
    site.write(rel, &activity("2025-01-05", "主题党日", ""));
    let (code, diags) = check(&site);
    let d = one(&diags, "future-date", rel, 5, 8);
    assert_message(&d, "活动日期 2025-01-05 晚于今天（2024-12-31）");
    assert_eq!(non_rule(&diags).len(), 1, "{:#?}", non_rule(&diags));
    assert_eq!(code, 0, "{:#?}", non_rule(&diags));

    // --as-of moves "today".
    let (code, diags) = check_with(&site, &["--as-of", "2025-02-01"]);
    assert_eq!(code, 0);
    assert!(
        !diags.iter().any(|d| d.code == "future-date"),
        "{:#?}",
        non_rule(&diags)
    );
}

#[test]
fn future_date_notice() {
    let site = TestSite::minimal();
    let rel = "content/notices/2025/1.md";
    site.write(rel, &notice("1", "2025-01-02", ""));
    let (code, diags) = check(&site);
    let d = one(&diags, "future-date", rel, 5, 8);
    assert_message(&d, "2025-01-02");
    assert_eq!(code, 0, "{:#?}", non_rule(&diags));
}

#[test]
fn absentee_count() {
    let site = TestSite::minimal();
    site.replace(ACT, "present = 10", "present = 9");
    let (code, diags) = check(&site);
    let d = one(&diags, "absentee-count", ACT, 11, 11);
    assert_message(&d, "缺席名单有 1 人，但应到 11 − 实到 9 = 2 人");
    assert_eq!(non_rule(&diags).len(), 1, "{:#?}", non_rule(&diags));
    assert_eq!(code, 0, "{:#?}", non_rule(&diags));
}

#[test]
fn file_name_mismatch() {
    let site = TestSite::minimal();
    let to = "content/activities/2024/2024-03-16-alpha-zhuti-dangri.md";
    rename(&site, ACT, to);
    let (code, diags) = check(&site);
    let d = one(&diags, "file-name-mismatch", to, 5, 8);
    assert_message(&d, "文件名与日期或支部不一致");
    assert_hint(&d, "2024-03-15-alpha-");
    assert_eq!(non_rule(&diags).len(), 1, "{:#?}", non_rule(&diags));
    assert_eq!(code, 0, "{:#?}", non_rule(&diags));
}

// ---------------------------------------------------------------------------------------------
// unknown-rule

#[test]
fn unknown_rule_in_checklist_item() {
    let site = TestSite::minimal();
    site.replace(CHECKLIST, "rule = \"attendance\"", "rule = \"atendance\"");
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-rule", CHECKLIST, 16, 8);
    assert_message(&d, "未知的评分规则“atendance”");
    assert_eq!(d.hint.as_deref(), Some("是否应为“attendance”？"));
}

#[test]
fn unknown_rule_in_site_toml() {
    let site = TestSite::minimal();
    let text = site.read(SITE);
    assert_eq!(text.lines().count(), 12);
    site.write(
        SITE,
        &format!("{text}\n[rules]\natendance_threshold = 0.8\n"),
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "unknown-rule", SITE, 15, 1);
    assert_message(&d, "`rules.atendance_threshold`");
    assert_eq!(d.hint.as_deref(), Some("是否应为 `attendance_threshold`？"));
}

// ---------------------------------------------------------------------------------------------
// usage

fn new_notice(site: &TestSite) -> std::process::Output {
    site.run(&["new", "notice", "--title", "通知", "--date", "2024-06-01"])
}

#[test]
fn usage_new_notice_never_overwrites() {
    let site = TestSite::minimal();
    let first = new_notice(&site);
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    assert_eq!(
        String::from_utf8_lossy(&first.stdout).trim(),
        "content/notices/2024/3.md"
    );
    let written = site.read("content/notices/2024/3.md");
    let second = new_notice(&site);
    assert_eq!(second.status.code(), Some(0), "{second:?}");
    assert_eq!(
        String::from_utf8_lossy(&second.stdout).trim(),
        "content/notices/2024/4.md"
    );
    assert_eq!(site.read("content/notices/2024/3.md"), written);
    assert!(
        site.read("content/notices/2024/4.md")
            .contains("number = 4")
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 0, "{:#?}", non_rule(&diags));
}

#[test]
fn usage_new_record_that_exists() {
    let site = TestSite::minimal();
    let before = site.read(BRAND);
    let out = site.run(&[
        "new",
        "brand",
        "xianfeng",
        "--branch",
        "alpha",
        "--name",
        "新名",
        "--slogan",
        "新口号",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[usage]"), "{stderr}");
    assert!(stderr.contains("已存在，不会覆盖"), "{stderr}");
    assert_eq!(site.read(BRAND), before);
}

#[test]
fn usage_new_activity_unknown_branch() {
    let site = TestSite::minimal();
    let folder = site.path("content/activities/2024");
    let count = || std::fs::read_dir(&folder).unwrap().count();
    let before = count();
    let out = site.run(&[
        "new",
        "activity",
        "--branch",
        "alphx",
        "--kind",
        "主题党日",
        "--title",
        "活动",
        "--date",
        "2024-05-01",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[usage]"), "{stderr}");
    assert!(stderr.contains("`alphx`"), "{stderr}");
    assert!(stderr.contains("是否应为 `alpha`？"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(count(), before);
}

// ---------------------------------------------------------------------------------------------
// All at once; exit codes

/// Every code above in one site: one run reports all of them, sorted by file, then line, then
/// column.
/// A member record whose second event skips 确定为入党积极分子 (line 8 is its `kind`).
const MEMBER_SKIPS_A_STEP: &str = "name = \"钱二\"\nbranch = \"beta\"\n\n[[events]]\ndate = 2020-03-01\nkind = \"提交入党申请\"\n\n[[events]]\ndate = 2021-06-01\nkind = \"列为发展对象\"\n";

/// tests/members.rs has one test per procedural rule; this is the code's entry here.
#[test]
fn member_procedure_step_skipped() {
    let site = TestSite::minimal();
    site.write("content/members/m1.toml", MEMBER_SKIPS_A_STEP);
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let d = one(&diags, "member-procedure", "content/members/m1.toml", 10, 8);
    assert_message(&d, "“列为发展对象”不符合发展程序：此前为入党申请人");
    assert_hint(&d, "“确定为入党积极分子”");
}

#[test]
fn all_problems_at_once_sorted() {
    let site = TestSite::minimal();
    // io
    #[cfg(unix)]
    symlink(
        &site.path("nowhere.toml"),
        &site.path("content/branches/ghost.toml"),
    );
    // member-procedure (a step skipped: 发展对象 straight after the application)
    site.write("content/members/m1.toml", MEMBER_SKIPS_A_STEP);
    // not-utf8
    site.write_bytes(
        "content/branches/latin.toml",
        b"name = \"caf\xe9\"\ncategory = \"x\"\n",
    );
    // toml-syntax
    site.write(
        "content/branches/dup.toml",
        "name = \"甲\"\nname = \"乙\"\n",
    );
    // fullwidth-quote, fullwidth-punctuation, date-format, fullwidth-digits
    site.write(
        "content/branches/keyboard.toml",
        "name = “甲”\ncategory ＝ \"临床\"\nfounded = 2020/1/1\nsize = １２\n",
    );
    // missing-front-matter, unclosed-front-matter
    site.write("content/brands/nofm.md", "name = \"x\"\n");
    site.write("content/brands/open.md", "+++\nname = \"x\"\n");
    // unknown-key, invalid-value, empty-string (the record is dropped: no later findings)
    site.replace(ACT, "topics = [", "topic = [");
    site.replace(ACT, "time = \"14:30-16:00\"", "time = \"25:00\"");
    site.replace(ACT, "place = \"会议室\"", "place = \"\"");
    // missing-field
    site.replace(DANGKE, "recorder = \"李华\"\n", "");
    // wrong-type, invalid-date (optional fields: the branch survives)
    site.replace(
        BETA,
        "department = \"办公室\"\n",
        "department = \"办公室\"\nfounded = \"2020-01-01\"\n",
    );
    site.replace(
        ALPHA,
        "start = 2023-01-01",
        "start = 2023-01-01\nend = 2026-02-30",
    );
    // bad-file-name, unknown-record-path
    site.write("content/notices/2024/03.md", &notice("3", "2024-05-01", ""));
    site.write("content/foo/x.md", "+++\n+++\n");
    // duplicate-id, unknown-rule, points-mismatch
    site.replace(CHECKLIST, "id = \"a2\"", "id = \"a1\"");
    site.replace(CHECKLIST, "rule = \"attendance\"", "rule = \"atendance\"");
    site.replace(CHECKLIST, "points = 5", "points = 6");
    // unknown-reference
    site.replace(NOTICE2, "checklist = \"kaohe\"", "checklist = \"kaohe2\"");
    // unknown-figure
    site.replace(ANNUAL_MD, "{{ new_members }}", "{{ new_membrs }}");
    // duplicate-number (3.md says 2), skipped-number (5.md after 2)
    site.write("content/notices/2024/3.md", &notice("2", "2024-05-01", ""));
    site.write("content/notices/2024/5.md", &notice("5", "2024-05-02", ""));
    // date-outside-year
    site.replace(NOTICE1, "date = 2024-02-01", "date = 2023-12-31");
    // path-outside-root
    site.replace(BRAND, "slogan = ", "logo = \"../logo.png\"\nslogan = ");
    // unsafe-attachment
    site.write("content/attachments/page.html", "<script></script>");
    site.replace(
        NOTICE1,
        "format = \"文件\"",
        "format = \"文件\"\nattachments = [{ title = \"附件\", file = \"attachments/page.html\" }]",
    );
    // present-exceeds-expected
    site.write(
        "content/activities/2024/2024-06-01-alpha-dangke.md",
        &activity(
            "2024-06-01",
            "党课",
            "lecturer = \"张明\"\nsubject = \"党章\"\n",
        )
        .replace("present = 11", "present = 12"),
    );
    // missing-attachment, unknown-kind, absentee-count, file-name-mismatch
    site.write(
        "content/activities/2024/2024-05-16-alpha-dushu.md",
        &activity(
            "2024-05-15",
            "读书会",
            "absentees = [{ name = \"王芳\", reason = \"值班\" }]\nattachments = [{ path = \"attachments/nope.png\" }]\n",
        )
        .replace("present = 11", "present = 9"),
    );
    // control-character
    site.replace(BETA, "name = \"", "name = \"\\b");
    // future-date
    site.write(
        "content/activities/2025/2025-01-05-beta-zhuti-dangri.md",
        &activity("2025-01-05", "主题党日", "").replace("\"alpha\"", "\"beta\""),
    );

    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let mut expected: Vec<&str> = COVERED.iter().copied().filter(|c| *c != "usage").collect();
    if cfg!(not(unix)) {
        expected.retain(|c| *c != "io");
    }
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|c| !diags.iter().any(|d| d.code == *c))
        .collect();
    assert!(
        missing.is_empty(),
        "not reported: {missing:?}\n{:#?}",
        non_rule(&diags)
    );

    let keys: Vec<(&str, u32, u32)> = diags
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.column))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "not sorted by file, line, column");
}

#[test]
fn exit_code_one_with_errors_zero_with_only_warnings() {
    let site = TestSite::minimal();
    // a warning
    site.replace(ACT, "kind = \"主题党日\"", "kind = \"读书会\"");
    let (code, diags) = check(&site);
    assert!(diags.iter().any(|d| d.severity == "warning"));
    assert!(errors(&diags).is_empty(), "{:#?}", non_rule(&diags));
    assert_eq!(code, 0);
    // --strict turns warnings into errors
    let (code, diags) = check_with(&site, &["--strict"]);
    assert!(
        diags.iter().all(|d| d.severity == "error"),
        "{:#?}",
        non_rule(&diags)
    );
    assert_eq!(code, 1);
    // human output: the same exit codes
    assert_eq!(site.run(&["check"]).status.code(), Some(0));
    // and an error
    site.replace(ACT, "branch = \"alpha\"", "branch = \"alphx\"");
    let (code, diags) = check(&site);
    assert!(!errors(&diags).is_empty());
    assert_eq!(code, 1);
    assert_eq!(site.run(&["check"]).status.code(), Some(1));
}

// ---------------------------------------------------------------------------------------------
// Coverage of the code list

/// The codes this file has tests for.
const COVERED: &[&str] = &[
    "io",
    "not-utf8",
    "toml-syntax",
    "missing-front-matter",
    "unclosed-front-matter",
    "unknown-key",
    "missing-field",
    "wrong-type",
    "empty-string",
    "invalid-value",
    "invalid-date",
    "bad-file-name",
    "unknown-record-path",
    "duplicate-id",
    "unknown-reference",
    "unknown-figure",
    "duplicate-number",
    "skipped-number",
    "present-exceeds-expected",
    "date-outside-year",
    "path-outside-root",
    "missing-attachment",
    "points-mismatch",
    "unknown-kind",
    "future-date",
    "absentee-count",
    "file-name-mismatch",
    "unknown-rule",
    "usage",
    // tested in tests/keyboard_mistakes.rs
    "fullwidth-quote",
    "fullwidth-punctuation",
    "date-format",
    "fullwidth-digits",
    "unsafe-attachment",
    "member-procedure",
    "control-character",
];

/// Codes of later stages (rules report, templates, PDFs, output), tested elsewhere.
const LATER_STAGES: &[&str] = &[
    "rule",
    "template",
    "typst",
    "missing-glyph",
    "external-tool",
    "output",
    // A build that panicked inside `serve`: the unit tests of src/cli/serve.rs.
    "internal",
    // A file under content/ on the path of a generated PDF: tests/hostile2_publish.rs.
    "shadows-output",
];

/// Warnings about records that fit badly together, tested with their place and hint in
/// tests/warnings.rs.
const IN_WARNINGS_RS: &[&str] = &[
    "placeholder",
    "overlap",
    "before-founded",
    "no-committee",
    "notice-order",
    "year-without-records",
    "typed-number",
    "part-without-title",
];

/// Problems in a spreadsheet being imported, tested with their `文件:工作表:行:列` in
/// tests/import.rs.
const IN_IMPORT_RS: &[&str] = &["import-cell", "import-column"];

/// The names in `src/diagnostics/code.rs`: lines such as `Io = "io", Error;`.
fn code_names() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/diagnostics/code.rs");
    let text = std::fs::read_to_string(&path).expect("read code.rs");
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if !line.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        let Some((variant, rest)) = line.split_once(" = \"") else {
            continue;
        };
        if !variant.chars().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let Some((name, _)) = rest.split_once('"') else {
            continue;
        };
        names.push(name.to_owned());
    }
    names
}

#[test]
fn every_code_has_a_test() {
    let names = code_names();
    assert!(names.len() >= 30, "parsed too few codes: {names:?}");
    for later in LATER_STAGES {
        assert!(
            names.iter().any(|n| n == later),
            "`{later}` is no longer a code; update LATER_STAGES"
        );
    }
    let mut want: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| {
            !LATER_STAGES.contains(n) && !IN_WARNINGS_RS.contains(n) && !IN_IMPORT_RS.contains(n)
        })
        .collect();
    want.sort_unstable();
    let mut have: Vec<&str> = COVERED.to_vec();
    have.sort_unstable();
    assert_eq!(
        have, want,
        "codes in src/diagnostics/code.rs and the codes tested here differ"
    );
    // Each covered code is also asserted somewhere in this file (or, for the mistakes of a
    // Chinese keyboard, in tests/keyboard_mistakes.rs), not only listed.
    let me = include_str!("diagnostics.rs");
    let keyboard = include_str!("keyboard_mistakes.rs");
    for code in COVERED {
        let quoted = format!("\"{code}\"");
        assert!(
            me.matches(&quoted).count() + keyboard.matches(&quoted).count() >= 2,
            "`{code}` is listed but no test asserts it"
        );
    }
    let warnings_rs = include_str!("warnings.rs");
    for code in IN_WARNINGS_RS {
        assert!(
            names.iter().any(|n| n == code),
            "`{code}` is no longer a code; update IN_WARNINGS_RS"
        );
        assert!(
            warnings_rs.matches(&format!("\"{code}\",")).count() >= 2,
            "`{code}` has no test in tests/warnings.rs"
        );
    }
    let import_rs = include_str!("import.rs");
    for code in IN_IMPORT_RS {
        assert!(
            names.iter().any(|n| n == code),
            "`{code}` is no longer a code; update IN_IMPORT_RS"
        );
        assert!(
            import_rs.matches(&format!("[{code}]: ")).count() >= 2,
            "`{code}` has no test in tests/import.rs"
        );
    }
}
