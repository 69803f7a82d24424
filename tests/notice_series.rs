//! Issue 16, item 2: separate sequences and 代字. A site declares series
//! (`[notices.series.han]`: name, prefix, format, first_number, unrecorded) whose records live
//! in `content/notices/han/<year>/<n>.md`; each series is numbered and checked on its own, and
//! its pages and PDFs (`notices/han-<year>-<n>`) print its 代字.

mod support;

use support::pdf::{build_edited, lines};
use support::{TestSite, assert_one};

const HAN: &str = "[notices.series.han]\nname = \"函\"\nprefix = \"测医党函\"\nformat = \"信函\"\n";

/// The minimal site (main series: 〔2024〕1号 and 2号) with `config` appended to `site.toml`
/// and copies of its notice 1 as the 函 of `numbers`.
fn site(config: &str, numbers: &[u32]) -> TestSite {
    let site = TestSite::minimal();
    let one = site.read("content/notices/2024/1.md");
    for n in numbers {
        site.write(
            &format!("content/notices/han/2024/{n}.md"),
            &one.replacen("number = 1\n", &format!("number = {n}\n"), 1),
        );
    }
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("{toml}\n{config}"));
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
fn each_series_has_its_own_sequence() {
    // 函 1 and 2 beside the main series' 1 and 2: no number is taken twice.
    assert_eq!(errors(&site(HAN, &[1, 2])), vec![]);

    // A gap in the 函 is reported in the 函, with its name and 代字.
    let s = site(HAN, &[1, 3]);
    let d = assert_one(
        &errors(&s),
        "skipped-number",
        "content/notices/han/2024/3.md",
        2,
        10,
    );
    assert_eq!(d.message, "函（测医党函）2024 年的文号跳过了 2 号");
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "同一年的文号应连续编号；补上缺号的通知或改正 number；已发出但不在这里登记的文号写进 site.toml 的 [notices.series.han] unrecorded"
        )
    );
    // …and declared there, it is no error; the main series' declarations do not count.
    let s = site(&format!("{HAN}unrecorded = {{ 2024 = [2] }}\n"), &[1, 3]);
    assert_eq!(errors(&s), vec![]);
    let s = site(
        &format!("[notices]\nunrecorded = {{ 2024 = [3] }}\n{HAN}"),
        &[1, 3],
    );
    let e = errors(&s);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].message, "函（测医党函）2024 年的文号跳过了 2 号");

    // The same number twice within the 函.
    let s = site(HAN, &[1]);
    s.write(
        "content/notices/han/2024/2.md",
        &s.read("content/notices/han/2024/1.md"),
    );
    let d = assert_one(
        &errors(&s),
        "duplicate-number",
        "content/notices/han/2024/2.md",
        2,
        10,
    );
    assert_eq!(
        d.message,
        "函（测医党函）2024 年的文号 1 号已被 content/notices/han/2024/1.md 使用"
    );
}

#[test]
fn a_series_register_may_start_mid_year() {
    let config = format!("{HAN}first_number = {{ 2024 = 10 }}\n");
    assert_eq!(errors(&site(&config, &[10, 11])), vec![]);
    let s = site(&config, &[9, 10]);
    let d = assert_one(
        &errors(&s),
        "skipped-number",
        "content/notices/han/2024/9.md",
        2,
        10,
    );
    assert_eq!(
        d.message,
        "函（测医党函）2024 年的文号从 10 号起登记（site.toml [notices.series.han] first_number），这份通知是 9 号"
    );
    // Declared unrecorded but recorded after all.
    let s = site(&format!("{HAN}unrecorded = {{ 2024 = [2] }}\n"), &[1, 2]);
    let d = assert_one(&errors(&s), "invalid-value", "site.toml", 18, 24);
    assert_eq!(
        d.message,
        "函（测医党函）2024 年的 2 号登记为未录入（[notices.series.han] unrecorded），但 content/notices/han/2024/2.md 就是这份通知"
    );
}

#[test]
fn a_folder_that_is_no_declared_series_is_reported() {
    let s = site("", &[1]);
    let d = assert_one(
        &errors(&s),
        "unknown-reference",
        "content/notices/han/2024/1.md",
        0,
        0,
    );
    assert_eq!(
        d.message,
        "文号系列“han”没有在 site.toml 中定义（content/notices/han/）"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "在 site.toml 中添加 [notices.series.han]，写明 name 与 prefix（代字）；或把文件移到 content/notices/<年>/"
        )
    );
    // A folder name that cannot be a series id.
    let s = site("", &[]);
    s.write(
        "content/notices/Han/2024/1.md",
        &s.read("content/notices/2024/1.md"),
    );
    let d = assert_one(
        &errors(&s),
        "bad-file-name",
        "content/notices/Han/2024/1.md",
        0,
        0,
    );
    assert_eq!(d.message, "文件名不符合通知的命名规则");
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "另立文号的通知放在 content/notices/<系列标识>/<年>/ 中，如 content/notices/han/2024/3.md"
        )
    );
}

#[test]
fn a_badly_declared_series_is_reported_where_it_is_written() {
    for (config, line, column, message) in [
        (
            "[notices.series.2025]\nname = \"函\"\nprefix = \"测医党函\"\n",
            14,
            17,
            "文号系列的标识“2025”是数字，会与 content/notices/ 下的年份文件夹混淆",
        ),
        (
            "[notices.series.Han]\nname = \"函\"\nprefix = \"测医党函\"\n",
            14,
            17,
            "文号系列的标识“Han”只能用小写拼音字母、数字和连字符",
        ),
        (
            "[notices.series.han]\nname = \"函\"\nprefix = \"测医党\"\n",
            16,
            10,
            "文号系列“函”的代字“测医党”与 [organisation] doc_prefix 相同：两个系列会出现同一个文号",
        ),
        (
            "[notices.series.han]\nname = \"函\"\nprefix = \"测医党函\"\n[notices.series.jiyao]\nname = \"纪要\"\nprefix = \"测医党函\"\n",
            19,
            10,
            "文号系列“纪要”的代字“测医党函”与文号系列“函”的代字相同：两个系列会出现同一个文号",
        ),
        (
            "[notices.series.han]\nprefix = \"测医党函\"\n",
            14,
            1,
            "缺少必填字段 `notices.series.han.name`（文本）",
        ),
        (
            "[notices.series.han]\nname = \"函\"\nprefix = \"测医党函\"\nformat = \"函件\"\n",
            17,
            10,
            "字段 `notices.series.han.format` 的值“函件”不在可选范围内",
        ),
    ] {
        let e = errors(&site(config, &[]));
        let d = e
            .iter()
            .find(|d| d.file == "site.toml" && d.message == message)
            .unwrap_or_else(|| panic!("{config}: {e:#?}"));
        assert_eq!((d.line, d.column), (line, column), "{config}: {d:#?}");
        assert_eq!(e.len(), 1, "{config}: {e:#?}");
    }
    // A series whose 代字 clashes is still a series: its records are not reported again as
    // being in an undeclared folder.
    let e = errors(&site(
        "[notices.series.han]\nname = \"函\"\nprefix = \"测医党\"\n",
        &[1],
    ));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].file, "site.toml");
}

#[test]
fn new_notice_takes_the_next_number_of_its_series() {
    let s = site(&format!("{HAN}first_number = {{ 2025 = 10 }}\n"), &[1, 2]);
    let new = |args: &[&str]| {
        let mut all = vec!["new", "notice", "--title", "关于联合开展主题党日的函"];
        all.extend_from_slice(args);
        s.run(&all)
    };
    let out = new(&["--series", "han", "--date", "2024-06-01"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = s.read("content/notices/han/2024/3.md");
    assert!(text.contains("number = 3"), "{text}");
    // The series' format is the default.
    assert!(text.contains("format = \"信函\""), "{text}");
    // A mid-year register of the series starts where site.toml says.
    let out = new(&["--series", "han", "--date", "2025-03-01"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(s.path("content/notices/han/2025/10.md").is_file());
    // The main series goes on from its own highest number.
    let out = new(&["--date", "2024-06-01"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        s.read("content/notices/2024/3.md")
            .contains("format = \"文件\"")
    );
    assert_eq!(errors(&s), vec![]);

    let out = new(&["--series", "jiyao"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有文号系列“jiyao”；可选：han"), "{err}");
}

#[test]
fn the_letter_of_a_series_prints_its_own_number_on_paper_and_on_the_site() {
    let site = TestSite::copy_of("pdf-basic");
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("{toml}\n{HAN}"));
    site.write(
        "content/notices/han/2024/1.md",
        &site
            .read("content/notices/2024/4.md")
            .replacen("number = 4\n", "number = 1\n", 1),
    );
    let site = build_edited(site, "content/notices/2024/1.md", "notices", |t| t);

    // Both 1号 of 2024 have their own PDF and page.
    let han = site.path("output/notices/han-2024-1.pdf");
    let main = site.path("output/notices/2024-1.pdf");
    let han_lines: Vec<String> = lines(&han, 1).into_iter().map(|l| l.text).collect();
    assert!(
        han_lines.iter().any(|l| l == "测医党函〔2024〕1号"),
        "{han_lines:#?}"
    );
    let main_lines: Vec<String> = lines(&main, 1).into_iter().map(|l| l.text).collect();
    assert!(
        main_lines.iter().any(|l| l == "测医党〔2024〕1号"),
        "{main_lines:#?}"
    );
    assert!(
        !main_lines.iter().any(|l| l.contains("测医党函")),
        "{main_lines:#?}"
    );

    let page = site.read("output/notices/han-2024-1.html");
    assert!(page.contains("测医党函〔2024〕1号"), "{page}");
    assert!(page.contains("han-2024-1.pdf"), "{page}");
    let index = site.read("output/notices/index.html");
    assert!(index.contains("<h3 id=\"y2024-han\">函</h3>"), "{index}");
    assert!(index.contains("han-2024-1.html\""), "{index}");
    assert!(index.contains("测医党函〔2024〕1号"), "{index}");
    // The 函 comes after the main series' table of its year.
    let main_at = index.find("测医党〔2024〕4号").expect("main series listed");
    let han_at = index.find("测医党函〔2024〕1号").expect("函 listed");
    assert!(main_at < han_at, "{index}");
}

#[test]
fn dates_follow_the_numbers_within_each_series_only() {
    // 函 5号 of January beside the main series' 2号 of March: two sequences, no order to keep.
    let s = site(&format!("{HAN}first_number = {{ 2024 = 5 }}\n"), &[5, 6]);
    s.replace("content/notices/han/2024/5.md", "2024-02-01", "2024-01-15");
    let (_, diags) = s.check_json();
    let order: Vec<_> = diags.iter().filter(|d| d.code == "notice-order").collect();
    assert_eq!(order, Vec::<&support::Diag>::new());
    // Within the 函 the order is still kept: 6号 before 5号.
    s.replace("content/notices/han/2024/6.md", "2024-02-01", "2024-01-10");
    let (_, diags) = s.check_json();
    let d = assert_one(
        &diags,
        "notice-order",
        "content/notices/han/2024/6.md",
        5,
        8,
    );
    assert_eq!(
        d.message,
        "第 6 号的日期 2024-01-10 早于第 5 号的日期 2024-01-15"
    );
}

#[test]
fn the_home_page_lists_the_newest_notices_by_date_across_series() {
    // 函 5号 of January is older than the main series' 1号 and 2号 though its number is higher.
    let s = site(&format!("{HAN}first_number = {{ 2024 = 5 }}\n"), &[5]);
    s.replace("content/notices/han/2024/5.md", "2024-02-01", "2024-01-15");
    let out = s.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = s.read("output/index.html");
    let at = |number: &str| {
        home.find(number)
            .unwrap_or_else(|| panic!("{number} not on the home page: {home}"))
    };
    assert!(at("测医党〔2024〕2号") < at("测医党〔2024〕1号"), "{home}");
    assert!(
        at("测医党〔2024〕1号") < at("测医党函〔2024〕5号"),
        "{home}"
    );
}
