//! Mistakes of typing TOML with a Chinese input method: one test per diagnostic (code, file,
//! line, column in characters, Chinese hint), `check --fix` on every fixable mistake (the
//! bytes after the fix, exactly), on files it must not touch (bytes and modification time
//! unchanged) and its diff output. Also the item-5 hints: an attachment path written from the
//! site root, a file name whose branch differs from `branch =`.

mod support;

use std::time::{Duration, SystemTime};

use support::{Diag, TestSite, assert_one, parse_diagnostics};

// Line numbers in comments refer to these files of tests/fixtures/minimal.
const ACT: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
const ALPHA: &str = "content/branches/alpha.toml";
const BETA: &str = "content/branches/beta.toml";
const NOTICE1: &str = "content/notices/2024/1.md";

/// `check --format json`: the exit code and every diagnostic that is not a rule finding.
fn check(site: &TestSite, extra: &[&str]) -> (i32, Vec<Diag>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = site.run(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "dangjian panicked:\n{stderr}");
    let diags = parse_diagnostics(&out.stdout)
        .into_iter()
        .filter(|d| d.code != "rule")
        .collect();
    (out.status.code().unwrap_or(-1), diags)
}

/// The only diagnostic of a site with one mistake: its code, place and hint.
fn only(site: &TestSite, code: &str, file: &str, line: u32, column: u32, hint: &str) -> Diag {
    let (exit, diags) = check(site, &[]);
    assert_eq!(exit, 1, "{diags:#?}");
    assert_eq!(diags.len(), 1, "one diagnostic expected: {diags:#?}");
    let d = assert_one(&diags, code, file, line, column);
    assert_eq!(d.severity, "error");
    assert_eq!(d.hint.as_deref(), Some(hint), "{d:#?}");
    d
}

fn with(file: &str, from: &str, to: &str) -> TestSite {
    let site = TestSite::minimal();
    site.replace(file, from, to);
    site
}

// ---------------------------------------------------------------------------------------------
// One test per mistake

#[test]
fn fullwidth_quotes_around_a_value() {
    // line 2: `title = "三月主题党日"`
    let site = with(ACT, "\"三月主题党日\"", "“三月主题党日”");
    let d = only(
        &site,
        "fullwidth-quote",
        ACT,
        2,
        9,
        "写作 title = \"三月主题党日\"（英文双引号）",
    );
    assert_eq!(d.message, "文本用了中文引号“”，TOML 只认英文双引号 \"");
}

#[test]
fn single_fullwidth_quotes_around_a_value() {
    let site = with(ACT, "\"会议室\"", "‘会议室’");
    let d = only(
        &site,
        "fullwidth-quote",
        ACT,
        7,
        9,
        "写作 place = \"会议室\"（英文双引号）",
    );
    assert_eq!(d.message, "文本用了中文引号‘’，TOML 只认英文双引号 \"");
}

#[test]
fn fullwidth_quote_closing_an_ascii_one() {
    // `title = "三月主题党日` is 15 characters.
    let site = with(ACT, "\"三月主题党日\"", "\"三月主题党日”");
    let d = only(
        &site,
        "fullwidth-quote",
        ACT,
        2,
        16,
        "结尾也用英文引号：写作 \"三月主题党日\"",
    );
    assert_eq!(
        d.message,
        "引号不配对：开头是英文引号 \"，结尾是中文引号“””"
    );
}

#[test]
fn fullwidth_quotes_in_an_array_are_one_diagnostic() {
    // line 14: `tags = ["理论学习"]`
    let site = with(ACT, "[\"理论学习\"]", "[“理论学习”, “党史”]");
    let d = only(
        &site,
        "fullwidth-quote",
        ACT,
        14,
        9,
        "写作 \"理论学习\"（英文双引号）",
    );
    assert_eq!(
        d.message,
        "文本用了中文引号“”，TOML 只认英文双引号 \"（此行共 2 处）"
    );
}

#[test]
fn fullwidth_comma_between_array_items() {
    // `tags = ["理论学习"` is 14 characters.
    let site = with(ACT, "[\"理论学习\"]", "[\"理论学习\"，\"党史\"]");
    let d = only(
        &site,
        "fullwidth-punctuation",
        ACT,
        14,
        15,
        "数组各项之间用英文逗号 ,",
    );
    assert_eq!(d.message, "这里用了中文逗号“，”，TOML 只认英文标点");
}

#[test]
fn fullwidth_colon_between_key_and_value() {
    let site = with(ACT, "place = ", "place：");
    let d = only(
        &site,
        "fullwidth-punctuation",
        ACT,
        7,
        6,
        "字段名和值之间用英文等号：写作 place = …",
    );
    assert_eq!(d.message, "这里用了中文冒号“：”，TOML 只认英文标点");
}

#[test]
fn fullwidth_equals_sign() {
    let site = with(ACT, "place = ", "place ＝ ");
    let d = only(
        &site,
        "fullwidth-punctuation",
        ACT,
        7,
        7,
        "字段名和值之间用英文等号：写作 place = …",
    );
    assert_eq!(d.message, "这里用了中文等号“＝”，TOML 只认英文标点");
}

#[test]
fn fullwidth_brackets_around_a_table_header() {
    // line 7: `[secretary]`
    let site = with(ALPHA, "[secretary]", "【secretary】");
    let d = only(
        &site,
        "fullwidth-punctuation",
        ALPHA,
        7,
        1,
        "表头写作 [secretary]",
    );
    assert_eq!(d.message, "表头用了中文方括号“【”，TOML 只认英文标点");
}

#[test]
fn fullwidth_square_brackets_around_an_array() {
    let site = with(ACT, "[\"理论学习\"]", "［\"理论学习\"］");
    let d = only(
        &site,
        "fullwidth-punctuation",
        ACT,
        14,
        8,
        "表头和数组用英文方括号 [ ]",
    );
    assert_eq!(
        d.message,
        "这里用了中文方括号“［”，TOML 只认英文标点（此行共 2 处）"
    );
}

#[test]
fn fullwidth_parentheses() {
    let site = with(ACT, "expected = 11", "expected = （11）");
    let d = only(
        &site,
        "fullwidth-punctuation",
        ACT,
        10,
        12,
        "TOML 不用括号；含括号的文本整体用英文双引号括起",
    );
    assert_eq!(
        d.message,
        "这里用了中文括号“（”，TOML 只认英文标点（此行共 2 处）"
    );
}

#[test]
fn text_without_quotes() {
    // line 7: `place = "会议室"`
    let site = with(ACT, "\"会议室\"", "会议室（一）");
    let d = only(
        &site,
        "toml-syntax",
        ACT,
        7,
        9,
        "文本用英文双引号括起：写作 place = \"会议室（一）\"",
    );
    assert_eq!(d.message, "文本没有加英文双引号");
}

#[test]
fn dates_in_the_four_spoken_forms() {
    // line 5: `date = 2024-03-15`
    for written in ["2024-3-15", "2024/3/15", "2024.3.15", "2024年3月15日"] {
        let site = with(ACT, "2024-03-15", written);
        let d = only(
            &site,
            "date-format",
            ACT,
            5,
            8,
            "写作 2024-03-15（四位年、两位月、两位日，用 - 连接，不加引号）",
        );
        assert_eq!(d.message, format!("日期“{written}”的写法不对"));
    }
}

#[test]
fn spoken_date_that_does_not_exist() {
    let site = with(ACT, "2024-03-15", "2024/2/30");
    let d = only(
        &site,
        "date-format",
        ACT,
        5,
        8,
        "日期写作 2024-03-05：四位年、两位月、两位日，用 - 连接，不加引号",
    );
    assert_eq!(d.message, "日期“2024/2/30”不存在，写法也不对");
}

#[test]
fn time_with_a_fullwidth_colon() {
    // line 6: `time = "14:30-16:00"`; `time = "14` is 10 characters.
    let site = with(ACT, "14:30-16:00", "14：30-16：00");
    let d = only(
        &site,
        "fullwidth-punctuation",
        ACT,
        6,
        11,
        "写作 time = \"14:30-16:00\"（英文冒号）",
    );
    assert_eq!(d.message, "时间用了中文冒号“：”");
}

#[test]
fn time_with_a_fullwidth_colon_and_no_quotes() {
    let site = with(ACT, "\"14:30-16:00\"", "14：30");
    let d = only(
        &site,
        "fullwidth-punctuation",
        ACT,
        6,
        10,
        "写作 \"14:30\"（英文冒号，英文双引号）",
    );
    assert_eq!(d.message, "时间用了中文冒号“：”，也没有加引号");
}

#[test]
fn number_with_fullwidth_digits() {
    // line 10: `expected = 11`
    let site = with(ACT, "expected = 11", "expected = １１");
    let d = only(
        &site,
        "fullwidth-digits",
        ACT,
        10,
        12,
        "改用半角数字：写作 11",
    );
    assert_eq!(d.message, "数字用了全角字符“１１”");
}

#[test]
fn gbk_file_without_bom() {
    let site = TestSite::minimal();
    // Saved by Notepad or WPS as "ANSI" on a Chinese Windows: GBK, without a BOM.
    let text = site.read(BETA);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    site.write_bytes(BETA, &gbk);
    let (exit, diags) = check(&site, &[]);
    assert_eq!(exit, 1);
    // line 1: `name = "第二党支部"`; `name = "` is 8 characters.
    let d = assert_one(&diags, "not-utf8", BETA, 1, 9);
    assert_eq!(
        d.message,
        "文件是 GBK 编码（记事本、WPS 的“ANSI”），不是 UTF-8"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("用编辑器以 UTF-8 编码另存此文件（WPS/记事本：另存为 → 编码 UTF-8）")
    );
}

#[test]
fn text_inside_strings_is_not_a_mistake() {
    let site = with(
        ACT,
        "title = \"三月主题党日\"",
        "title = \"会议：学习“两会”精神，（一）【通知】＝１２ 2024年3月5日\"",
    );
    let (exit, diags) = check(&site, &[]);
    assert_eq!(exit, 0, "{diags:#?}");
    assert!(diags.is_empty(), "{diags:#?}");
}

// ---------------------------------------------------------------------------------------------
// check --fix

/// Writes `broken` over the fixture's `fixed` in `file`, runs `check --fix`, and asserts the
/// file's bytes afterwards are exactly `want` (the fixture's with `fixed`).
fn assert_fixes(file: &str, fixed: &str, broken: &str, want: &str) {
    let site = TestSite::minimal();
    site.replace(file, fixed, broken);
    let out = site.run(&["check", "--fix"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let want_text = site.read(file).replacen(broken, want, 1);
    assert_eq!(
        String::from_utf8(std::fs::read(site.path(file)).expect("read")).expect("utf-8"),
        want_text,
        "after --fix of {broken:?}; stderr:\n{stderr}"
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn fix_quotes_around_a_value() {
    assert_fixes(
        ACT,
        "\"三月主题党日\"",
        "“三月主题党日”",
        "\"三月主题党日\"",
    );
    assert_fixes(ACT, "\"会议室\"", "‘会议室’", "\"会议室\"");
    assert_fixes(
        ACT,
        "\"三月主题党日\"",
        "“学习“两会”精神”",
        "\"学习“两会”精神\"",
    );
}

#[test]
fn fix_mismatched_quotes() {
    assert_fixes(
        ACT,
        "\"三月主题党日\"",
        "\"三月主题党日”",
        "\"三月主题党日\"",
    );
    assert_fixes(
        ACT,
        "\"三月主题党日\"",
        "“三月主题党日\"",
        "\"三月主题党日\"",
    );
}

#[test]
fn fix_array_quotes_and_commas() {
    assert_fixes(
        ACT,
        "[\"理论学习\"]",
        "[“理论学习”，“党史”]",
        "[\"理论学习\", \"党史\"]",
    );
    assert_fixes(
        ACT,
        "[\"理论学习\"]",
        "［\"理论学习\"， \"党史\"］",
        "[\"理论学习\", \"党史\"]",
    );
}

#[test]
fn fix_equals_sign_and_header() {
    assert_fixes(ACT, "place = ", "place ＝ ", "place = ");
    assert_fixes(ALPHA, "[secretary]", "【secretary】", "[secretary]");
    assert_fixes(ALPHA, "[secretary]", "［secretary］", "[secretary]");
}

#[test]
fn fix_dates_in_date_fields() {
    for written in ["2024-3-15", "2024/3/15", "2024.3.15", "2024年3月15日"] {
        assert_fixes(ACT, "2024-03-15", written, "2024-03-15");
    }
    // notice line 5, branch `[term] start`
    assert_fixes(NOTICE1, "2024-02-01", "2024年2月1日", "2024-02-01");
    assert_fixes(ALPHA, "2023-01-01", "2023/1/1", "2023-01-01");
    // site.toml is read the same way
    assert_fixes("site.toml", "2024-12-31", "2024/12/31", "2024-12-31");
    assert_fixes("site.toml", "\"测试医院\"", "“测试医院”", "\"测试医院\"");
}

#[test]
fn fix_time_and_digits() {
    assert_fixes(ACT, "14:30-16:00", "14：30-16：00", "14:30-16:00");
    assert_fixes(ACT, "\"14:30-16:00\"", "14：30", "\"14:30\"");
    assert_fixes(ACT, "expected = 11", "expected = １１", "expected = 11");
}

#[test]
fn quoted_date_and_number_get_the_plain_value() {
    let site = with(ACT, "date = 2024-03-15", "date = \"2024/3/15\"");
    let d = only(
        &site,
        "wrong-type",
        ACT,
        5,
        8,
        "日期不加引号：写作 date = 2024-03-15",
    );
    assert_eq!(d.message, "字段 `date` 应为日期，实际是文本");
    let site = with(ACT, "expected = 11", "expected = \"１１\"");
    let d = only(
        &site,
        "wrong-type",
        ACT,
        10,
        12,
        "数字不加引号：写作 expected = 11",
    );
    assert_eq!(d.message, "字段 `expected` 应为整数，实际是文本");
}

#[test]
fn fix_quoted_date_and_number() {
    assert_fixes(
        ACT,
        "date = 2024-03-15",
        "date = \"2024-03-15\"",
        "date = 2024-03-15",
    );
    assert_fixes(
        ACT,
        "date = 2024-03-15",
        "date = \"2024年3月15日\"",
        "date = 2024-03-15",
    );
    assert_fixes(ACT, "expected = 11", "expected = \"11\"", "expected = 11");
    assert_fixes(ACT, "expected = 11", "expected = \"１１\"", "expected = 11");
}

#[test]
fn fix_keeps_bom_and_crlf() {
    let site = TestSite::minimal();
    let text = site.read(ACT).replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replacen("\"会议室\"", "“会议室”", 1).as_bytes());
    site.write_bytes(ACT, &bytes);
    let out = site.run(&["check", "--fix"]);
    let mut want = b"\xEF\xBB\xBF".to_vec();
    want.extend_from_slice(text.as_bytes());
    assert_eq!(std::fs::read(site.path(ACT)).expect("read"), want);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn fix_several_mistakes_at_once_even_behind_a_broken_header() {
    let site = TestSite::minimal();
    let act = site.read(ACT);
    let alpha = site.read(ALPHA);
    site.replace(ACT, "\"三月主题党日\"", "“三月主题党日”");
    site.replace(ACT, "2024-03-15", "2024/3/15");
    site.replace(ACT, "expected = 11", "expected = １１");
    // The parser reads no further than a broken header: the date below it is fixed too.
    site.replace(ALPHA, "[secretary]", "【secretary】");
    site.replace(ALPHA, "2023-01-01", "2023年1月1日");
    let out = site.run(&["check", "--fix"]);
    assert_eq!(site.read(ACT), act);
    assert_eq!(site.read(ALPHA), alpha);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("已修正 {ACT}（3 处）")),
        "{stderr}"
    );
    // 【 and 】 are two edits.
    assert!(
        stderr.contains(&format!("已修正 {ALPHA}（3 处）")),
        "{stderr}"
    );
}

fn set_old_mtime(site: &TestSite, file: &str) -> SystemTime {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    std::fs::File::options()
        .write(true)
        .open(site.path(file))
        .and_then(|f| f.set_modified(old))
        .expect("set mtime");
    old
}

fn mtime(site: &TestSite, file: &str) -> SystemTime {
    std::fs::metadata(site.path(file))
        .and_then(|m| m.modified())
        .expect("mtime")
}

#[test]
fn fix_leaves_ambiguous_mistakes_and_their_files_alone() {
    // Each of these has more than one reading (or none): only the user can decide.
    let cases = [
        // text without quotes in parentheses
        (ACT, "\"三月主题党日\"", "三月（主题党日）"),
        // an opening ASCII quote, text quoting in turn, no end: where does the text end?
        (ACT, "\"三月主题党日\"", "\"学习“两会”"),
        // a date that does not exist
        (ACT, "2024-03-15", "2024/2/30"),
        // a date form in a field that is no date
        (ACT, "\"会议室\"", "2024/3/15"),
        // a comma after a value, outside any array
        (ACT, "expected = 11", "expected = 11，"),
        // a colon where `=` may or may not be meant
        (ACT, "place = ", "place："),
        // a time that is no time even with an ASCII colon
        (ACT, "14:30-16:00", "14：3"),
    ];
    for (file, from, to) in cases {
        let site = with(file, from, to);
        let before = std::fs::read(site.path(file)).expect("read");
        let old = set_old_mtime(&site, file);
        let out = site.run(&["check", "--fix", "--format", "json"]);
        assert_eq!(
            std::fs::read(site.path(file)).expect("read"),
            before,
            "{to:?} was changed"
        );
        assert_eq!(mtime(&site, file), old, "{to:?}: file was rewritten");
        // …and the mistake is still reported.
        assert_eq!(out.status.code(), Some(1), "{to:?}");
        let diags = parse_diagnostics(&out.stdout);
        assert!(
            diags
                .iter()
                .any(|d| d.file == file && d.severity == "error"),
            "{to:?}: {diags:#?}"
        );
    }
}

#[test]
fn fix_does_not_touch_clean_files() {
    let site = TestSite::minimal();
    site.replace(ACT, "\"三月主题党日\"", "\"会议：学习“两会”，（一）\"");
    let old = set_old_mtime(&site, ACT);
    let before = std::fs::read(site.path(ACT)).expect("read");
    let out = site.run(&["check", "--fix"]);
    assert_eq!(std::fs::read(site.path(ACT)).expect("read"), before);
    assert_eq!(mtime(&site, ACT), old);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "no diff expected");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("没有可以自动修正的问题"), "{stderr}");
}

#[test]
fn fix_prints_a_unified_diff_and_what_remains() {
    let site = TestSite::minimal();
    site.replace(ACT, "\"三月主题党日\"", "“三月主题党日”");
    site.replace(ACT, "expected = 11", "expected = １１");
    // left for the user
    site.replace(ACT, "\"会议室\"", "会议室（一）");
    let out = site.run(&["check", "--fix"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "--- a/{ACT}\n+++ b/{ACT}\n\
             @@ -1,3 +1,3 @@\n +++\n-title = “三月主题党日”\n+title = \"三月主题党日\"\n branch = \"alpha\"\n\
             @@ -9,3 +9,3 @@\n recorder = \"李华\"\n-expected = １１\n+expected = 11\n present = 10\n"
        )
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("已修正 {ACT}（2 处）")),
        "{stderr}"
    );
    assert!(
        stderr.contains("错误[toml-syntax]: 文本没有加英文双引号"),
        "{stderr}"
    );
    assert!(stderr.contains("共 1 个错误"), "{stderr}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn fix_output_with_json_keeps_stdout_for_diagnostics() {
    let site = with(ACT, "expected = 11", "expected = １１");
    let out = site.run(&["check", "--fix", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("+expected = 11"), "{stderr}");
    assert!(
        parse_diagnostics(&out.stdout)
            .iter()
            .all(|d| d.code == "rule")
    );
    assert_eq!(out.status.code(), Some(0));
}

// ---------------------------------------------------------------------------------------------
// Item-5 hints

#[test]
fn attachment_written_from_the_site_root() {
    // line 16: `attachments = [{ path = "attachments/photo.png", … }]`
    let site = with(
        ACT,
        "\"attachments/photo.png\"",
        "\"content/attachments/photo.png\"",
    );
    let (exit, diags) = check(&site, &[]);
    assert_eq!(exit, 1);
    // `attachments = [{ path = ` is 24 characters.
    let d = assert_one(&diags, "missing-attachment", ACT, 16, 25);
    assert_eq!(
        d.hint.as_deref(),
        Some("去掉开头的 content/：写作 \"attachments/photo.png\"（路径相对于 content/）")
    );
}

#[test]
fn file_name_with_another_branch_points_at_branch_line() {
    // The file is named for alpha; the record says beta.
    let site = with(ACT, "branch = \"alpha\"", "branch = \"beta\"");
    let (_, diags) = check(&site, &[]);
    let d = assert_one(&diags, "file-name-mismatch", ACT, 3, 10);
    assert_eq!(d.message, "文件名中的支部与 branch = \"beta\" 不一致");
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "文件名中的支部是 alpha（一支部）：若活动属于该支部，写作 branch = \"alpha\"；否则把文件名改为以 2024-03-15-beta- 开头"
        )
    );
}

#[test]
fn branch_written_by_its_name_gets_the_id() {
    let site = with(ACT, "branch = \"alpha\"", "branch = \"第一党支部\"");
    let (exit, diags) = check(&site, &[]);
    assert_eq!(exit, 1);
    let d = assert_one(&diags, "unknown-reference", ACT, 3, 10);
    assert_eq!(d.message, "branch 应写支部标识，而不是名称“第一党支部”");
    assert_eq!(
        d.hint.as_deref(),
        Some("第一党支部 的标识是 alpha：写作 branch = \"alpha\"")
    );
    let d = assert_one(&diags, "file-name-mismatch", ACT, 3, 10);
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("branch = \"alpha\""),
        "{d:#?}"
    );
}
