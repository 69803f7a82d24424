//! Properties of the record loader — front matter split, TOML, field reading, validation — on
//! the minimal test site, in process (`Site::load`, what `check` and `build` run), the same
//! path as `fuzz/fuzz_targets/load_record.rs`:
//!
//! - any text in any text field, and any body, is read back exactly, with LF, CRLF or a BOM
//!   and CRLF (Notepad, WPS), and gives no diagnostic;
//! - a record of any kind, mutated at random (bytes inserted, deleted, lines duplicated,
//!   hostile pieces spliced in), never panics, and every diagnostic points into the file;
//! - CRLF line endings and a BOM never change what is reported, nor where.
//!
//! 256 cases per property; regressions found by fuzzing or here are the `regression_*` tests.

mod support;

use dangjian::Site;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use support::TestSite;
use support::oracle::{Located, check_record_diagnostics};

const CASES: u32 = 256;
const ACTIVITY: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";

/// Every record kind of the fixture, and `site.toml`.
const RECORDS: &[&str] = &[
    "content/branches/alpha.toml",
    "content/branches/beta.toml",
    ACTIVITY,
    "content/activities/2024/2024-04-10-alpha-dangke.md",
    "content/brands/xianfeng.md",
    "content/annual/2024.toml",
    "content/annual/2024.md",
    "content/notices/2024/1.md",
    "content/notices/2024/2.md",
    "content/checklists/kaohe.toml",
    "site.toml",
];

/// A TOML basic string holding exactly `s`.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let n = c as u32;
                if n > 0xFFFF {
                    out.push_str(&format!("\\U{n:08X}"));
                } else {
                    out.push_str(&format!("\\u{n:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(v: &[String]) -> String {
    format!(
        "[{}]",
        v.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", ")
    )
}

/// Text for a field: anything, hostile pieces, or CJK.
fn field_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(support::markdown::hostile(), 1..6).prop_map(|v| v.concat()),
        "[\\p{Han}，。“”·（）]{1,20}",
    ]
    .prop_filter("required text is not blank", |s| !s.trim().is_empty())
}

#[derive(Debug, Clone)]
struct Fields {
    title: String,
    place: String,
    chair: String,
    recorder: String,
    absentee: (String, String),
    guests: Vec<String>,
    topics: Vec<String>,
    tags: Vec<String>,
    body: String,
}

fn fields() -> impl Strategy<Value = Fields> {
    let list = || prop::collection::vec(field_text(), 0..5);
    (
        (field_text(), field_text(), field_text(), field_text()),
        (field_text(), field_text()),
        (list(), list(), list()),
        prop_oneof![
            support::markdown::any_markdown(),
            support::markdown::plain_document().prop_map(|d| support::markdown::render(&d))
        ]
        .prop_map(|b| b.replace('\r', "")),
    )
        .prop_map(
            |((title, place, chair, recorder), absentee, (guests, topics, tags), body)| Fields {
                title,
                place,
                chair,
                recorder,
                absentee,
                guests,
                topics,
                tags,
                body,
            },
        )
}

fn activity_text(f: &Fields) -> String {
    format!(
        "+++\ntitle = {}\nbranch = \"alpha\"\nkind = \"主题党日\"\ndate = 2024-03-15\ntime = \"14:30-16:00\"\nplace = {}\nchair = {}\nrecorder = {}\nexpected = 11\npresent = 10\nabsentees = [{{ name = {}, reason = {} }}]\nguests = {}\ntopics = {}\ntags = {}\n+++\n{}",
        toml_str(&f.title),
        toml_str(&f.place),
        toml_str(&f.chair),
        toml_str(&f.recorder),
        toml_str(&f.absentee.0),
        toml_str(&f.absentee.1),
        toml_list(&f.guests),
        toml_list(&f.topics),
        toml_list(&f.tags),
        f.body
    )
}

#[derive(Debug, Clone, Copy)]
enum Eol {
    Lf,
    Crlf,
    BomCrlf,
}

fn with_eol(text: &str, eol: Eol) -> Vec<u8> {
    match eol {
        Eol::Lf => text.as_bytes().to_vec(),
        Eol::Crlf => text.replace('\n', "\r\n").into_bytes(),
        Eol::BomCrlf => format!("\u{feff}{}", text.replace('\n', "\r\n")).into_bytes(),
    }
}

/// (code, line, column) of the diagnostics about `rel`.
fn findings(site: &TestSite, rel: &str, bytes: &[u8]) -> Result<Vec<(String, u32, u32)>, String> {
    let (_, diags) = Site::load(&site.root, None);
    let list: Vec<_> = diags.iter().filter(|d| d.file == rel).cloned().collect();
    check_record_diagnostics(
        rel,
        bytes,
        list.iter().map(|d| Located {
            file: &d.file,
            line: d.pos.line,
            column: d.pos.column,
            width: d.pos.width,
        }),
    )?;
    Ok(list
        .iter()
        .map(|d| (d.code.name().to_owned(), d.pos.line, d.pos.column))
        .collect())
}

fn run<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        ..support::markdown::config()
    });
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

#[test]
fn text_fields_and_body_round_trip() {
    let site = TestSite::minimal();
    let eol = prop_oneof![Just(Eol::Lf), Just(Eol::Crlf), Just(Eol::BomCrlf)];
    run((fields(), eol), |(f, eol)| {
        let bytes = with_eol(&activity_text(&f), eol);
        site.write_bytes(ACTIVITY, &bytes);
        let (loaded, diags) = Site::load(&site.root, None);
        // Generated Markdown may hold empty list items (`- *`): a `placeholder` warning about
        // the body's content, not a failure to read it back. Likewise a control character in a
        // field is a `control-character` warning, and the value is still read back as written.
        let about_content = [
            dangjian::diagnostics::Code::Placeholder,
            dangjian::diagnostics::Code::ControlCharacter,
        ];
        let mine: Vec<String> = diags
            .iter()
            .filter(|d| d.file == ACTIVITY && !about_content.contains(&d.code))
            .map(|d| d.to_string())
            .collect();
        prop_assert!(mine.is_empty(), "diagnostics: {:#?}", mine);
        let loaded = loaded.expect("site.toml loads");
        let a = loaded
            .corpus
            .activities
            .iter()
            .find(|a| a.file == ACTIVITY)
            .expect("the activity is read");
        prop_assert_eq!(&a.title, &f.title);
        prop_assert_eq!(&a.place, &f.place);
        prop_assert_eq!(&a.chair, &f.chair);
        prop_assert_eq!(&a.recorder, &f.recorder);
        prop_assert_eq!(&a.absentees[0].name, &f.absentee.0);
        prop_assert_eq!(&a.absentees[0].reason, &f.absentee.1);
        prop_assert_eq!(&a.guests, &f.guests);
        prop_assert_eq!(&a.topics, &f.topics);
        prop_assert_eq!(&a.tags, &f.tags);
        let body = match eol {
            Eol::Lf => f.body.clone(),
            _ => f.body.replace('\n', "\r\n"),
        };
        prop_assert_eq!(&a.body, &body);
        Ok(())
    });
}

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Splice(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Mutation::Delete(at, n)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (
            any::<usize>(),
            prop_oneof![
                support::markdown::hostile(),
                proptest::sample::select(
                    &[
                        "[[",
                        "]]",
                        "\"\"\"",
                        "'''",
                        "+++\n",
                        "\n+++",
                        " = ",
                        "x = 1\n",
                        "[a.b]\n",
                        "= [",
                        "{ a = ",
                        "2024-02-30",
                        "1e999",
                        "-1",
                        "99999999999999999999",
                        "\\u0000",
                        "\\uD800",
                        "\u{feff}",
                        "\n\n",
                        "#",
                        "\"",
                        "\n[secretary]\n",
                        "\n[[member_counts]]\n",
                        "\n[[attachments]]\npath = \"../x\"\n",
                    ][..]
                )
                .prop_map(str::to_owned),
            ]
        )
            .prop_map(|(at, s)| Mutation::Splice(at, s)),
    ]
}

fn mutate(original: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut b = original.to_vec();
    for m in mutations {
        let len = b.len();
        match m {
            Mutation::Insert(at, bytes) => {
                let at = at % (len + 1);
                b.splice(at..at, bytes.iter().copied());
            }
            Mutation::Delete(at, n) => {
                if len > 0 {
                    let at = at % len;
                    let end = (at + n).min(len);
                    b.drain(at..end);
                }
            }
            Mutation::DuplicateLine(n) | Mutation::SwapLines(n, _) => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                let i = n % lines.len();
                if let Mutation::SwapLines(_, other) = m {
                    let j = other % lines.len();
                    lines.swap(i, j);
                } else {
                    let line = lines[i].clone();
                    lines.insert(i, line);
                }
                b = lines.join(&b'\n');
            }
            Mutation::Splice(at, s) => {
                let at = at % (len + 1);
                b.splice(at..at, s.bytes());
            }
        }
    }
    b
}

#[test]
fn mutated_records_never_panic_and_point_into_the_file() {
    let site = TestSite::minimal();
    let strategy = (
        proptest::sample::select(RECORDS),
        prop::collection::vec(mutation(), 1..6),
    );
    run(strategy, |(rel, mutations)| {
        let original = std::fs::read(site.path(rel)).expect("fixture");
        let bytes = mutate(&original, &mutations);
        site.write_bytes(rel, &bytes);
        let result = findings(&site, rel, &bytes);
        site.write_bytes(rel, &original);
        result.map_err(TestCaseError::fail)?;
        Ok(())
    });
}

#[test]
fn crlf_and_bom_change_nothing_reported() {
    let site = TestSite::minimal();
    let strategy = (
        proptest::sample::select(RECORDS),
        prop::collection::vec(mutation(), 0..4),
    );
    run(strategy, |(rel, mutations)| {
        let original = std::fs::read(site.path(rel)).expect("fixture");
        let bytes = mutate(&original, &mutations);
        // Only text that is UTF-8 and has no CR of its own: CRLF is then a pure re-encoding.
        let Ok(text) = String::from_utf8(bytes.clone()) else {
            return Ok(());
        };
        if text.contains('\r') || text.starts_with('\u{feff}') {
            return Ok(());
        }
        site.write_bytes(rel, &bytes);
        let lf = findings(&site, rel, &bytes).map_err(TestCaseError::fail);
        let crlf_bytes = with_eol(&text, Eol::BomCrlf);
        site.write_bytes(rel, &crlf_bytes);
        let crlf = findings(&site, rel, &crlf_bytes).map_err(TestCaseError::fail);
        site.write_bytes(rel, &original);
        prop_assert_eq!(lf?, crlf?, "text:\n{}", text);
        Ok(())
    });
}

// ------------------------------------------------------------------------------ regressions

/// Every kind of record, as a BOM and CRLF file with hostile text in a string: read, located.
#[test]
fn regression_hostile_strings_in_every_record_kind() {
    let site = TestSite::minimal();
    for rel in RECORDS {
        let original = site.read(rel);
        let text = original.replacen(
            "\"",
            "\"<script>alert(1)</script>#panic(\\\"x\\\")\\u0000",
            1,
        );
        let bytes = with_eol(&text, Eol::BomCrlf);
        site.write_bytes(rel, &bytes);
        findings(&site, rel, &bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        site.write(rel, &original);
    }
}

/// Found by `crlf_and_bom_change_nothing_reported`: with CRLF line endings a string left open
/// was reported twice, once more at the line's `\r` ("expected visible characters"). Now it is
/// one error, where it is with LF.
#[test]
fn regression_unclosed_string_with_crlf_is_reported_once() {
    let site = TestSite::minimal();
    let rel = "content/branches/alpha.toml";
    let text = site
        .read(rel)
        .replace("short_name = \"一支部\"", "short_name = \"+++\n一支部\"");
    for eol in [Eol::Lf, Eol::Crlf, Eol::BomCrlf] {
        let bytes = with_eol(&text, eol);
        site.write_bytes(rel, &bytes);
        let found = findings(&site, rel, &bytes).expect("located");
        assert_eq!(
            found
                .iter()
                .filter(|(_, line, _)| *line == 2)
                .collect::<Vec<_>>(),
            vec![&("toml-syntax".to_owned(), 2, 18)],
            "{eol:?}: {found:?}"
        );
    }
}

/// A reference left without its closing quote: with CRLF the parser's recovered value kept the
/// `\r`, which made it an unknown brand as well (found by `crlf_and_bom_change_nothing_reported`).
#[test]
fn regression_unclosed_reference_with_crlf_is_only_a_syntax_error() {
    let site = TestSite::minimal();
    let rel = "content/branches/alpha.toml";
    let text = site.read(rel);
    assert!(text.contains("brand = \"xianfeng\""), "fixture changed");
    let text = text.replace("brand = \"xianfeng\"", "brand = \"xianfeng");
    for eol in [Eol::Lf, Eol::Crlf, Eol::BomCrlf] {
        let bytes = with_eol(&text, eol);
        site.write_bytes(rel, &bytes);
        let found = findings(&site, rel, &bytes).expect("located");
        assert_eq!(found, [("toml-syntax".to_owned(), 5, 18)], "{eol:?}");
    }
}

/// A table defined twice: one error at its header, none for each of its keys.
#[test]
fn regression_a_table_defined_twice_is_one_error() {
    let site = TestSite::minimal();
    let rel = "content/branches/alpha.toml";
    site.replace(
        rel,
        "[term]",
        "[secretary]\nname = \"又一个\"\nheads_department = false\n\n[term]",
    );
    let bytes = std::fs::read(site.path(rel)).expect("read");
    let found = findings(&site, rel, &bytes).expect("located");
    assert_eq!(found, vec![("toml-syntax".to_owned(), 11, 2)]);
}
