//! No input makes the tool panic, hang or give up without saying where: empty and binary
//! records, huge records, deep nesting, BOMs and CRLF, NUL bytes, invalid UTF-8, extreme
//! numbers. Every run asserts that stderr has no "panicked" and the exit code is 0 or 1
//! (never 101, never killed by a signal).

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{BIN, Diag, TestSite};

const ACT: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
const DANGKE: &str = "content/activities/2024/2024-04-10-alpha-dangke.md";
const BETA: &str = "content/branches/beta.toml";

struct Run {
    code: i32,
    diags: Vec<Diag>,
    stderr: String,
}

/// Runs `dangjian --root <site> <args>` and asserts: no panic, exit code 0 or 1.
fn run(site: &TestSite, args: &[&str]) -> Run {
    let out = site.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "dangjian {args:?} panicked:\n{stderr}"
    );
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "dangjian {args:?}: exit code {code} ({:?}), expected 0 or 1; stderr:\n{stderr}",
        out.status
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    let diags = if args.contains(&"json") {
        stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(parse_line)
            .collect()
    } else {
        Vec::new()
    };
    Run {
        code,
        diags,
        stderr,
    }
}

fn parse_line(l: &str) -> Diag {
    let v: serde_json::Value = serde_json::from_str(l).expect("json line");
    Diag {
        file: v["file"].as_str().unwrap_or_default().to_owned(),
        line: v["line"].as_u64().unwrap_or_default() as u32,
        column: v["column"].as_u64().unwrap_or_default() as u32,
        severity: v["severity"].as_str().unwrap_or_default().to_owned(),
        code: v["code"].as_str().unwrap_or_default().to_owned(),
        message: v["message"].as_str().unwrap_or_default().to_owned(),
        hint: v["hint"].as_str().map(str::to_owned),
    }
}

fn check(site: &TestSite) -> Run {
    // The human renderer reads source lines back for the snippets: run it too, so that it is
    // exercised on the same input.
    run(site, &["check"]);
    run(site, &["check", "--format", "json"])
}

/// Diagnostics other than rule findings.
fn non_rule(diags: &[Diag]) -> Vec<&Diag> {
    diags.iter().filter(|d| d.code != "rule").collect()
}

/// The diagnostics of one file, without rule findings (a later stage, about whole branches).
fn in_file<'a>(diags: &'a [Diag], file: &str) -> Vec<&'a Diag> {
    diags
        .iter()
        .filter(|d| d.file == file && d.code != "rule")
        .collect()
}

/// Asserts that `file` has at least one error, every diagnostic of it is located (line ≥ 1,
/// column ≥ 1), and the run failed.
fn assert_located_error(r: &Run, file: &str) {
    let found = in_file(&r.diags, file);
    assert!(
        found.iter().any(|d| d.severity == "error"),
        "no error for {file}: {:#?}",
        non_rule(&r.diags)
    );
    for d in &found {
        assert!(d.line >= 1 && d.column >= 1, "not located: {d:#?}");
    }
    assert_eq!(r.code, 1, "{:#?}", non_rule(&r.diags));
}

/// Deterministic pseudo-random bytes (xorshift), with NULs sprinkled in.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if i % 37 == 0 { 0 } else { (x >> 24) as u8 }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Empty and binary records

/// Every record kind, empty: each is reported, located, and the run fails.
#[test]
fn empty_records_are_located_errors() {
    let cases: &[(&str, &str)] = &[
        ("content/branches/gamma.toml", "missing-field"),
        (
            "content/activities/2024/2024-06-01-alpha-qita.md",
            "missing-front-matter",
        ),
        ("content/brands/kong.md", "missing-front-matter"),
        ("content/annual/2023.md", "missing-front-matter"),
        ("content/notices/2024/3.md", "missing-front-matter"),
        ("content/checklists/kong.toml", "missing-field"),
        ("site.toml", "missing-field"),
    ];
    for (rel, code) in cases {
        let site = TestSite::minimal();
        site.write(rel, "");
        let r = check(&site);
        assert_located_error(&r, rel);
        let first = in_file(&r.diags, rel)[0];
        assert_eq!(
            (first.code.as_str(), first.line, first.column),
            (*code, 1, 1),
            "{rel}: {first:#?}"
        );
    }
}

/// Markdown records whose front matter is present but empty: the missing fields are reported at
/// the opening `+++`.
#[test]
fn empty_front_matter_is_reported() {
    for rel in [
        "content/activities/2024/2024-06-01-alpha-qita.md",
        "content/brands/kong.md",
        "content/annual/2023.md",
        "content/notices/2024/3.md",
    ] {
        let site = TestSite::minimal();
        site.write(rel, "+++\n+++\n");
        let r = check(&site);
        assert_located_error(&r, rel);
        let found = in_file(&r.diags, rel);
        assert!(
            found
                .iter()
                .any(|d| d.code == "missing-field" && d.line == 1 && d.column == 1),
            "{rel}: {found:#?}"
        );
    }
}

/// An empty annual data file has no required key (figures and targets are lists): no panic.
#[test]
fn empty_annual_data_does_not_panic() {
    let site = TestSite::minimal();
    site.write("content/annual/2023.toml", "");
    let r = check(&site);
    for d in in_file(&r.diags, "content/annual/2023.toml") {
        assert!(d.line >= 1, "{d:#?}");
    }
}

#[test]
fn whitespace_only_records() {
    for rel in [
        "content/branches/gamma.toml",
        "content/brands/kong.md",
        "content/notices/2024/3.md",
    ] {
        let site = TestSite::minimal();
        site.write(rel, "\n\n   \r\n\t\n");
        let r = check(&site);
        assert_located_error(&r, rel);
    }
}

#[test]
fn binary_records() {
    let cases = [
        "content/branches/bin.toml",
        "content/activities/2024/2024-06-01-alpha-bin.md",
        "content/brands/bin.md",
        "content/annual/2023.toml",
        "content/notices/2024/3.md",
        "content/checklists/bin.toml",
        "site.toml",
    ];
    for (i, rel) in cases.iter().enumerate() {
        let site = TestSite::minimal();
        site.write_bytes(rel, &noise(64 * 1024, 0x9e37_79b9_7f4a_7c15 + i as u64));
        let r = check(&site);
        assert_located_error(&r, rel);
        let d = in_file(&r.diags, rel)[0];
        assert_eq!(d.code, "not-utf8", "{d:#?}");
    }
}

/// Control characters and NULs that are valid UTF-8.
#[test]
fn binary_but_valid_utf8_records() {
    let bytes: Vec<u8> = (0u8..128).cycle().take(4096).collect();
    for rel in [
        "content/branches/bin.toml",
        "content/brands/bin.md",
        "content/notices/2024/3.md",
    ] {
        let site = TestSite::minimal();
        site.write_bytes(rel, &bytes);
        let r = check(&site);
        assert_located_error(&r, rel);
    }
}

/// A record that is a FIFO (or another special file) must not make `check` wait forever.
#[cfg(unix)]
#[test]
fn fifo_as_record_does_not_hang() {
    let site = TestSite::minimal();
    let fifo = site.path("content/branches/fifo.toml");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(&site.root)
        .args(["check", "--format", "json"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn dangjian");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let status = status.expect("`check` hung on a FIFO under content/ (killed after 10 s)");
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
}

// ---------------------------------------------------------------------------------------------
// Size

fn big_body(bytes: usize, newlines: bool) -> String {
    let line = if newlines {
        "党课内容：学习党章党规，交流心得体会。Lorem ipsum dolor sit amet {{ x }}.\n"
    } else {
        "党课内容：学习党章党规，交流心得体会。Lorem ipsum dolor sit amet {{ x }}. "
    };
    line.repeat(bytes / line.len() + 1)
}

/// A 50 MB activity body: accepted, in reasonable time, also when the renderer has to show a
/// line of the file (a warning in its front matter).
#[test]
fn fifty_megabyte_activity_body() {
    for newlines in [true, false] {
        let site = TestSite::minimal();
        let rel = "content/activities/2024/2024-04-11-alpha-dangke.md";
        let text =
            site.read(DANGKE).replace("2024-04-10", "2024-04-11") + &big_body(50 << 20, newlines);
        assert!(text.len() >= 50 << 20);
        site.write(rel, &text);

        let started = Instant::now();
        let r = run(&site, &["check", "--format", "json"]);
        let json_time = started.elapsed();
        assert_eq!(r.code, 0, "{:#?}", non_rule(&r.diags));
        assert!(non_rule(&r.diags).is_empty(), "{:#?}", non_rule(&r.diags));

        // A warning in the big file: the human renderer shows its line.
        site.write(
            rel,
            &text.replacen("kind = \"党课\"", "kind = \"读书会\"", 1),
        );
        let started = Instant::now();
        let r = run(&site, &["check"]);
        let human_time = started.elapsed();
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("读书会"), "{}", r.stderr);
        eprintln!("50 MB body (newlines: {newlines}): json {json_time:?}, human {human_time:?}");
        assert!(
            json_time < Duration::from_secs(10) && human_time < Duration::from_secs(10),
            "too slow: {json_time:?} / {human_time:?}"
        );
    }
}

/// 100,000 tags in one activity, on one line.
#[test]
fn hundred_thousand_tags() {
    let site = TestSite::minimal();
    let tags: Vec<String> = (0..100_000).map(|i| format!("\"标签{i}\"")).collect();
    site.replace(
        ACT,
        "tags = [\"理论学习\"]",
        &format!("tags = [{}]", tags.join(", ")),
    );
    let started = Instant::now();
    let r = run(&site, &["check", "--format", "json"]);
    eprintln!("100,000 tags: {:?}", started.elapsed());
    assert_eq!(r.code, 0, "{:#?}", non_rule(&r.diags));
    assert!(non_rule(&r.diags).is_empty(), "{:#?}", non_rule(&r.diags));
}

/// 100,000 tags with an error at the end of the line: still located precisely.
#[test]
fn hundred_thousand_tags_with_an_empty_one_at_the_end() {
    let site = TestSite::minimal();
    let mut tags: Vec<String> = (0..20_000).map(|i| format!("\"t{i}\"")).collect();
    tags.push("\"\"".to_owned());
    let list = tags.join(", ");
    let prefix = format!("tags = [{}", &list[..list.len() - 2]);
    site.replace(ACT, "tags = [\"理论学习\"]", &format!("tags = [{list}]"));
    let r = check(&site);
    assert_located_error(&r, ACT);
    let d = in_file(&r.diags, ACT)[0];
    assert_eq!(
        (d.code.as_str(), d.line, d.column),
        ("empty-string", 14, prefix.chars().count() as u32 + 1),
        "{d:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Nesting

#[test]
fn deeply_nested_arrays() {
    let site = TestSite::minimal();
    let rel = "content/branches/deep.toml";
    site.write(rel, &format!("a = {}\n", "[".repeat(10_000)));
    let r = check(&site);
    assert_located_error(&r, rel);
    assert!(
        in_file(&r.diags, rel)
            .iter()
            .all(|d| d.code == "toml-syntax")
    );

    site.write(
        rel,
        &format!("a = {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
    );
    let r = check(&site);
    assert_located_error(&r, rel);
}

#[test]
fn deeply_nested_inline_tables() {
    let site = TestSite::minimal();
    let rel = "content/branches/deep.toml";
    site.write(
        rel,
        &format!("a = {}1{}\n", "{ b = ".repeat(10_000), " }".repeat(10_000)),
    );
    let r = check(&site);
    assert_located_error(&r, rel);
    assert!(
        in_file(&r.diags, rel)
            .iter()
            .all(|d| d.code == "toml-syntax")
    );

    // unclosed, mixed with arrays
    site.write(rel, &format!("a = {}\n", "[{ b = ".repeat(10_000)));
    let r = check(&site);
    assert_located_error(&r, rel);
}

#[test]
fn deeply_nested_in_front_matter() {
    let site = TestSite::minimal();
    site.replace(
        ACT,
        "topics = [\"学习\"]",
        &format!("topics = {}", "[".repeat(10_000)),
    );
    let r = check(&site);
    assert_located_error(&r, ACT);
    assert!(
        in_file(&r.diags, ACT)
            .iter()
            .any(|d| d.code == "toml-syntax" && d.line == 13),
        "{:#?}",
        non_rule(&r.diags)
    );
}

#[test]
fn deeply_nested_table_headers_and_dotted_keys() {
    let site = TestSite::minimal();
    let rel = "content/branches/deep.toml";
    site.write(rel, &format!("[{}]\n", vec!["x"; 10_000].join(".")));
    let r = check(&site);
    assert_located_error(&r, rel);

    site.write(rel, &format!("{} = 1\n", vec!["x"; 100_000].join(".")));
    let r = check(&site);
    assert_located_error(&r, rel);
}

// ---------------------------------------------------------------------------------------------
// Encodings and odd characters

fn to_bom_crlf(text: &str) -> Vec<u8> {
    let mut out = vec![0xef, 0xbb, 0xbf];
    out.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    out
}

/// Every text file of the fixture with a BOM and CRLF line endings (Notepad, WPS): accepted.
#[test]
fn bom_and_crlf_are_accepted() {
    let site = TestSite::minimal();
    let mut files = Vec::new();
    for entry in walk(&site.root) {
        let rel = entry
            .strip_prefix(&site.root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".md") || rel.ends_with(".toml") {
            files.push(rel);
        }
    }
    assert!(files.len() >= 10, "{files:?}");
    for rel in &files {
        let text = site.read(rel);
        site.write_bytes(rel, &to_bom_crlf(&text));
    }
    let r = check(&site);
    assert_eq!(r.code, 0, "{:#?}", non_rule(&r.diags));
    assert!(non_rule(&r.diags).is_empty(), "{:#?}", non_rule(&r.diags));
}

/// With a BOM and CRLF, positions are still right: on the first line (after the BOM) and
/// further down.
#[test]
fn bom_and_crlf_positions() {
    let site = TestSite::minimal();
    let text = site
        .read(BETA)
        .replace("name = \"第二党支部\"", "name = \"\"");
    site.write_bytes(BETA, &to_bom_crlf(&text));
    let text = site
        .read(ACT)
        .replace("branch = \"alpha\"", "branch = \"alphx\"");
    site.write_bytes(ACT, &to_bom_crlf(&text));
    let r = check(&site);
    assert_eq!(r.code, 1);
    let beta: Vec<(&str, u32, u32)> = in_file(&r.diags, BETA)
        .iter()
        .map(|d| (d.code.as_str(), d.line, d.column))
        .collect();
    assert_eq!(beta, [("empty-string", 1, 8)]);
    let act: Vec<(&str, u32, u32)> = in_file(&r.diags, ACT)
        .iter()
        .map(|d| (d.code.as_str(), d.line, d.column))
        .collect();
    assert!(act.contains(&("unknown-reference", 3, 10)), "{act:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            out.extend(walk(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

/// A raw NUL inside a TOML string is a syntax error at the NUL.
#[test]
fn nul_byte_inside_a_string() {
    let site = TestSite::minimal();
    site.replace(DANGKE, "title = \"四月党课\"", "title = \"四月\0党课\"");
    let r = check(&site);
    assert_located_error(&r, DANGKE);
    let d = in_file(&r.diags, DANGKE)[0];
    assert_eq!(
        (d.code.as_str(), d.line, d.column),
        ("toml-syntax", 2, 12),
        "{d:#?}"
    );
}

/// A NUL written as an escape is valid TOML: a text with it is accepted (or reported), an
/// attachment path with it is refused.
#[test]
fn nul_escape_inside_strings() {
    let site = TestSite::minimal();
    site.replace(
        DANGKE,
        "title = \"四月党课\"",
        "title = \"四月\\u0000党课\"",
    );
    check(&site);

    let site = TestSite::minimal();
    site.replace(
        ACT,
        "path = \"attachments/photo.png\"",
        "path = \"attachments/photo.png\\u0000\"",
    );
    let r = check(&site);
    assert_located_error(&r, ACT);
    let d = in_file(&r.diags, ACT)[0];
    assert_eq!(
        (d.code.as_str(), d.line, d.column),
        ("path-outside-root", 16, 25)
    );
}

/// Invalid UTF-8 in the middle of a file: reported at its line and column.
#[test]
fn invalid_utf8_in_the_middle() {
    let site = TestSite::minimal();
    let mut bytes = site.read(DANGKE).into_bytes();
    // line 6 is `place = "会议室"`: cut 会 (3 bytes) to 2 bytes and add a stray 0xfe
    let at = find(&bytes, "会议室".as_bytes());
    bytes.splice(at..at + 3, [0xe4, 0xbc, 0xfe]);
    site.write_bytes(DANGKE, &bytes);
    let r = check(&site);
    assert_located_error(&r, DANGKE);
    let d = in_file(&r.diags, DANGKE)[0];
    assert_eq!(
        (d.code.as_str(), d.line, d.column),
        ("not-utf8", 6, 10),
        "{d:#?}"
    );
}

#[test]
fn invalid_utf8_in_site_toml() {
    let site = TestSite::minimal();
    let mut bytes = site.read("site.toml").into_bytes();
    let at = find(&bytes, b"base_url");
    bytes.insert(at, 0xff);
    site.write_bytes("site.toml", &bytes);
    let r = check(&site);
    assert_located_error(&r, "site.toml");
    let d = in_file(&r.diags, "site.toml")[0];
    assert_eq!((d.code.as_str(), d.line, d.column), ("not-utf8", 11, 1));
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("needle present")
}

/// Lone surrogate escapes and other invalid escapes are syntax errors, not panics (`\x41` and
/// `\e` are valid in TOML 1.1).
#[test]
fn invalid_escapes() {
    for bad in ["\\uD800", "\\U00110000", "\\q", "\\"] {
        let site = TestSite::minimal();
        site.replace(
            DANGKE,
            "title = \"四月党课\"",
            &format!("title = \"四月{bad}党课\""),
        );
        let r = check(&site);
        assert_located_error(&r, DANGKE);
        assert_eq!(in_file(&r.diags, DANGKE)[0].line, 2, "{bad}");
    }
}

// ---------------------------------------------------------------------------------------------
// Extreme numbers

#[test]
fn extreme_integers() {
    for value in [
        "99999999999999999999",
        "-1",
        "-9223372036854775808",
        "9223372036854775807",
        "4294967296",
        "0x7fffffffffffffff",
        "1e400",
        "nan",
        "inf",
    ] {
        let site = TestSite::minimal();
        site.replace(ACT, "expected = 11", &format!("expected = {value}"));
        let r = check(&site);
        assert_located_error(&r, ACT);
        let d = in_file(&r.diags, ACT)[0];
        assert_eq!(d.line, 10, "{value}: {d:#?}");
    }
}

#[test]
fn extreme_figure_values() {
    for value in [
        "1e308",
        "-0.0",
        "99999999999999999999",
        "nan",
        "inf",
        "1e400",
    ] {
        let site = TestSite::minimal();
        site.replace(
            "content/annual/2024.toml",
            "value = 3",
            &format!("value = {value}"),
        );
        check(&site);
    }
}

/// The largest notice number the file name allows: numbering checks must not overflow.
#[test]
fn notice_number_u32_max() {
    let site = TestSite::minimal();
    let rel = "content/notices/2024/4294967295.md";
    site.write(
        rel,
        "+++\nnumber = 4294967295\nformat = \"文件\"\ntitle = \"通知\"\ndate = 2024-05-01\n+++\n正文。\n",
    );
    let r = check(&site);
    assert_located_error(&r, rel);
    assert!(
        in_file(&r.diags, rel)
            .iter()
            .any(|d| d.code == "skipped-number" && (d.line, d.column) == (2, 10)),
        "{:#?}",
        non_rule(&r.diags)
    );
}

/// The same number written in a record whose file name is an ordinary number.
#[test]
fn notice_number_u32_max_in_front_matter() {
    let site = TestSite::minimal();
    let rel = "content/notices/2024/3.md";
    site.write(
        rel,
        "+++\nnumber = 4294967295\nformat = \"文件\"\ntitle = \"通知\"\ndate = 2024-05-01\n+++\n正文。\n",
    );
    let r = check(&site);
    assert_located_error(&r, rel);
}

/// `new notice` next to a notice with the largest number: refused or written, never a panic.
#[test]
fn new_notice_after_u32_max() {
    let site = TestSite::minimal();
    site.write(
        "content/notices/2024/4294967295.md",
        "+++\nnumber = 4294967295\nformat = \"文件\"\ntitle = \"通知\"\ndate = 2024-05-01\n+++\n正文。\n",
    );
    run(
        &site,
        &["new", "notice", "--title", "通知", "--date", "2024-06-01"],
    );
}

#[test]
fn extreme_dates() {
    for date in ["0001-01-01", "9999-12-31", "1900-02-29", "2024-02-29"] {
        let site = TestSite::minimal();
        site.replace(
            "content/notices/2024/1.md",
            "date = 2024-02-01",
            &format!("date = {date}"),
        );
        check(&site);
    }
}

// ---------------------------------------------------------------------------------------------
// Odd names and places

#[test]
fn odd_file_names() {
    for rel in [
        "content/branches/.toml",
        "content/branches/-.toml",
        "content/activities/2024/.md",
        "content/activities/99999/x.md",
        "content/activities/2024/中文.md",
        "content/notices/2024/0.md",
        "content/notices/2024/99999999999999999999.md",
        "content/annual/0.toml",
        "content/annual/20245.md",
        "content/x.md",
        "content/branches/a b.toml",
    ] {
        let site = TestSite::minimal();
        site.write(rel, "+++\n+++\n");
        let r = check(&site);
        let hidden = rel.rsplit('/').next().unwrap().starts_with('.');
        if !hidden {
            assert!(
                r.diags
                    .iter()
                    .any(|d| d.file == *rel && d.severity == "error"),
                "{rel}: {:#?}",
                non_rule(&r.diags)
            );
        }
    }
}

#[test]
fn long_lines_and_wide_characters_in_human_output() {
    let site = TestSite::minimal();
    let long = "很长的标题".repeat(20_000);
    site.replace(
        ACT,
        "title = \"三月主题党日\"",
        &format!("title = \"{long}\" x"),
    );
    let r = run(&site, &["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("toml-syntax"), "{}", r.stderr);
    // The snippet is cut around the column, not printed whole.
    assert!(
        r.stderr.len() < 20_000,
        "{} bytes of stderr",
        r.stderr.len()
    );
}
