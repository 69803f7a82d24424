//! The command line speaks Chinese: `--help` of every command and clap's own error lines
//! (invalid value, unknown option, missing option …) contain no English sentence. The only ASCII
//! words allowed are option names, command names, the values an option takes, file paths and a
//! few names that are the same in Chinese text (PDF, JSON, git …).

mod support;

use std::collections::BTreeSet;
use std::process::{Command, Output, Stdio};

use support::{BIN, TestSite};

/// Words that Chinese text uses as they are.
const ALLOWED: &[&str] = &[
    "dangjian", "PDF", "JSON", "CSV", "Excel", "WPS", "git", "typst", "UTF", "neike", "yi",
    "xinmai", "xianfeng", "Word", "docx",
];

fn dangjian(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run dangjian")
}

/// Every command path below the top (`["new", "activity"]` …), and every command name and
/// possible value, which the help may name.
fn walk(
    cmd: &clap::Command,
    path: Vec<String>,
    paths: &mut Vec<Vec<String>>,
    words: &mut BTreeSet<String>,
) {
    for arg in cmd.get_arguments() {
        for v in arg.get_possible_values() {
            words.insert(v.get_name().to_owned());
        }
    }
    for sub in cmd.get_subcommands() {
        words.insert(sub.get_name().to_owned());
        let mut p = path.clone();
        p.push(sub.get_name().to_owned());
        paths.push(p.clone());
        walk(sub, p, paths, words);
    }
}

fn tree() -> (Vec<Vec<String>>, BTreeSet<String>) {
    let mut paths = vec![Vec::new()];
    let mut words: BTreeSet<String> = ALLOWED.iter().map(|s| (*s).to_owned()).collect();
    walk(&dangjian::command(), Vec::new(), &mut paths, &mut words);
    (paths, words)
}

/// The ASCII words of `text` that are not allowed: option names (`--root`, `-q`), metavariables
/// (`<目录>`), paths (`content/…`, `site.toml`) and the allowed words are skipped.
fn english_words(text: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    // What the user typed is quoted back between backticks; it is not ours to translate.
    let ours: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join(" ");
    let tokens = ours.split(|c: char| {
        !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | '<' | '>' | ':'))
    });
    for token in tokens {
        let token = token.trim_matches(|c: char| matches!(c, '.' | ':'));
        if token.starts_with('-') || token.contains('/') || token.contains('.') {
            continue;
        }
        for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() >= 2 && !allowed.contains(word) {
                found.push(word.to_owned());
            }
        }
    }
    found
}

#[test]
fn the_scanner_finds_english() {
    let (_, allowed) = tree();
    assert_eq!(
        english_words(
            "Usage: dangjian check [OPTIONS]\n  -h, --help  Print help",
            &allowed
        ),
        ["Usage", "OPTIONS", "Print", "help"]
    );
    assert!(
        english_words(
            "用法：dangjian --root <目录> content/a.md site.toml `xml`",
            &allowed
        )
        .is_empty()
    );
}

#[test]
fn help_of_every_command_is_chinese() {
    let (paths, allowed) = tree();
    // The top level, the seven commands and new's four kinds of record at least.
    assert!(paths.len() >= 12, "{paths:?}");
    for path in &paths {
        for flag in ["--help", "-h"] {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.push(flag);
            let out = dangjian(&args);
            let text = String::from_utf8_lossy(&out.stdout);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {text}");
            assert!(text.contains("用法：dangjian"), "{args:?}: {text}");
            assert!(text.contains("选项："), "{args:?}: {text}");
            assert!(text.contains("-h, --help"), "{args:?}: {text}");
            assert!(text.contains("显示本帮助"), "{args:?}: {text}");
            let english = english_words(&text, &allowed);
            assert!(english.is_empty(), "{args:?}: {english:?}\n{text}");
        }
    }
    let top = String::from_utf8_lossy(&dangjian(&["--help"]).stdout).into_owned();
    assert!(top.contains("命令：\n  init "), "{top}");
    let version = top
        .lines()
        .find(|l| l.contains("--version"))
        .unwrap_or_default();
    assert_eq!(
        version.split_whitespace().collect::<Vec<_>>(),
        ["-V,", "--version", "显示版本号"],
        "{top}"
    );
    // Columns are aligned by display width: every help text of `init` starts in one column.
    let init_help = String::from_utf8_lossy(&dangjian(&["init", "--help"]).stdout).into_owned();
    let columns: BTreeSet<usize> = init_help
        .lines()
        .filter(|l| l.trim_start().starts_with('-'))
        .map(|l| {
            // Indent, option and metavariable, then two or more spaces, then the help text.
            let indent = l.len() - l.trim_start().len();
            let gap = indent + l[indent..].find("  ").unwrap_or(0);
            let start = gap + l[gap..].len() - l[gap..].trim_start().len();
            l[..start]
                .chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>()
        })
        .collect();
    assert_eq!(columns.len(), 1, "help texts not aligned:\n{init_help}");
    let init = String::from_utf8_lossy(&dangjian(&["init", "--help"]).stdout).into_owned();
    assert!(init.contains("参数：\n  <目录>"), "{init}");
}

/// Exit code 2, nothing on stdout, and a Chinese error with no English word.
fn assert_chinese_error(args: &[&str], expected: &[&str]) {
    let (_, allowed) = tree();
    let site = TestSite::minimal();
    let mut all = vec!["--root", site.root.to_str().expect("utf-8")];
    all.extend(args);
    let out = dangjian(&all);
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {text}");
    assert!(out.stdout.is_empty(), "{args:?}");
    for part in expected {
        assert!(
            text.contains(part),
            "{args:?}: expected {part:?} in\n{text}"
        );
    }
    let english = english_words(&text, &allowed);
    assert!(english.is_empty(), "{args:?}: {english:?}\n{text}");
}

#[test]
fn invalid_value_is_reported_in_chinese() {
    assert_chinese_error(
        &["check", "--format", "xml"],
        &[
            "错误：--format <格式> 的值 `xml` 无效\n",
            "提示：可选的值：`human`、`json`",
        ],
    );
    assert_chinese_error(
        &["stats", "--format", "tabel"],
        &[
            "错误：--format <格式> 的值 `tabel` 无效",
            "是否应为 `table`？",
        ],
    );
    assert_chinese_error(
        &["check", "--as-of", "2024-02-30"],
        &["错误：--as-of <日期> 的值 `2024-02-30` 无效：“2024-02-30”不是日期，应写作 2024-03-15"],
    );
    assert_chinese_error(
        &[
            "new",
            "activity",
            "--branch",
            "alpha",
            "--kind",
            "党课",
            "--title",
            "x",
            "--expected",
            "十",
        ],
        &["错误：--expected <人数> 的值 `十` 无效：应为整数（不带小数点、单位，用半角数字）"],
    );
    assert_chinese_error(
        &["serve", "--port", "99999"],
        &["错误：--port <端口> 的值 `99999` 无效"],
    );
    assert_chinese_error(
        &[
            "new", "activity", "--branch", "alpha", "--kind", "党课", "--title", "x", "--absent",
            "王珂",
        ],
        &["错误：--absent <姓名:原因> 的值 `王珂` 无效：“王珂”应写作 姓名:原因，如 王珂:外出进修"],
    );
}

#[test]
fn unknown_option_and_command_are_reported_in_chinese() {
    assert_chinese_error(
        &["check", "--stirct"],
        &[
            "错误：没有这个选项或参数：`--stirct`",
            "是否应为 `--strict`？",
            "用法：dangjian check --strict",
        ],
    );
    assert_chinese_error(
        &["chek"],
        &["错误：没有这个子命令：`chek`", "是否应为 `check`？"],
    );
    assert_chinese_error(&["build", "extra"], &["错误：没有这个选项或参数：`extra`"]);
}

#[test]
fn missing_and_conflicting_options_are_reported_in_chinese() {
    assert_chinese_error(
        &["new", "activity", "--kind", "党课"],
        &["错误：缺少必需的选项：`--branch <支部>`、`--title <主题>`"],
    );
    assert_chinese_error(&["init"], &["错误：缺少必需的参数：`<目录>`"]);
    assert_chinese_error(
        &["--quiet", "--verbose", "check"],
        &["错误：--quiet 不能与 `--verbose` 同时使用"],
    );
    // No command at all: the help, on stderr.
    assert_chinese_error(&[], &["用法：dangjian [选项] <命令>", "命令："]);
    assert_chinese_error(&["new"], &["用法：dangjian new [选项] <命令>"]);
}

#[test]
fn version_is_printed() {
    let out = dangjian(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("dangjian {}\n", env!("CARGO_PKG_VERSION"))
    );
}
