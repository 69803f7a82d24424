//! Record text can never become Typst code, and always comes out verbatim.
//!
//! Random strings over a nasty alphabet (CJK, every Typst and Markdown special character,
//! comment and shorthand openers, code that would panic or read files, line breaks) go
//! through the escaping that guards the PDFs and are evaluated as markup by typst, with the
//! same scope the notice template uses; the text extracted from the PDF must equal the input
//! (white space aside, since line breaking is layout). Random Markdown goes through the whole
//! converter and must print exactly the text its parse holds. A deterministic generator: the
//! same cases on every run. All cases of a property share one typst run, a page each.

mod support;

use std::path::Path;
use std::time::Duration;

use dangjian::config::{FontRole, Fonts, PdfSettings};
use dangjian::markup::numbering::{HeadingCounter, typed_number};
use dangjian::markup::typst::{TypstOptions, escape, to_typst};
use dangjian::pdf::Typst;
use dangjian::pdf::runner::Compile;
use pulldown_cmark::{Event, Tag};
use support::SETUP_HINT;
use support::pdf::{require, squash};

/// xorshift64*: small, deterministic, good enough to pick tokens.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TEXT_TOKENS: &[&str] = &[
    "中",
    "文",
    "党",
    "建",
    "，",
    "。",
    "“",
    "”",
    "（",
    "）",
    "—",
    "…",
    "、",
    "#",
    "$",
    "*",
    "_",
    "`",
    "\\",
    "<",
    ">",
    "@",
    "[",
    "]",
    "~",
    "/",
    "-",
    "=",
    "+",
    ".",
    "'",
    "\"",
    ":",
    "(",
    ")",
    "{",
    "}",
    "!",
    "?",
    ",",
    ";",
    "%",
    "&",
    "^",
    "|",
    "a",
    "f",
    "i",
    "l",
    "x",
    "1",
    "2",
    "0",
    " ",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    "\u{2028}",
    "//",
    "/*",
    "*/",
    "--",
    "---",
    "...",
    "-?",
    "#panic()",
    "#read(\"/etc/passwd\")",
    "#let x = 1",
    "](",
    ")[",
    "https://a.b/c",
    "\\u{41}",
    "= ",
    "- ",
    "+ ",
    "1. ",
    "/ t: ",
    "<l>",
    "@r",
    "$x^2$",
    "#{",
    "}",
    "#[",
    "#(1)",
];

const MARKDOWN_TOKENS: &[&str] = &[
    "\n\n",
    "\n",
    "# ",
    "## ",
    "### ",
    "#### ",
    "- ",
    "1. ",
    "> ",
    "```\n",
    "\n```\n",
    "**",
    "_",
    "`",
    "[链接](https://x.y)",
    "![图](a.png)",
    "<b>",
    "</b>",
    "<div>\n",
    "\\#",
    "\\*",
    "&amp;",
    "- [ ] ",
    "\n\n| 甲 | b |\n|---|---|\n| #x | ]乙[ |\n\n",
    "- [x] ",
    "  \n",
    "[^1]",
    "***",
    "~~",
    "\\",
    "    ",
];

fn random_text(rng: &mut Rng, tokens: &[&str], max: usize) -> String {
    let n = rng.below(max + 1);
    (0..n).map(|_| tokens[rng.below(tokens.len())]).collect()
}

/// What the PDF must show for a text run: the input without control characters.
fn expected_text(s: &str) -> String {
    squash(&s.chars().filter(|c| !c.is_control()).collect::<String>())
}

/// What the PDF must show for Markdown: the text of its parse (the one every output shares,
/// `markup::parse`, whose `*` pair against Chinese text), with heading numbers and list markers
/// as the converter adds them, in place of any number typed at a heading's start.
fn expected_markdown(md: &str) -> String {
    let mut out = String::new();
    let mut counter = HeadingCounter::default();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut typed_at: Option<usize> = None;
    let source = dangjian::markup::parse::prepare(md);
    for e in source.events() {
        match e {
            Event::Text(t) if typed_at.is_some() => {
                let t = t.trim_start();
                let level = typed_at.take().unwrap_or(3);
                out.push_str(&t[typed_number(level, t).unwrap_or(0)..]);
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => typed_at = None,
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::FootnoteReference(l) => out.push_str(&format!("[{l}]")),
            Event::TaskListMarker(done) => out.push_str(if done { "[x]" } else { "[ ]" }),
            Event::Start(Tag::Heading { level, .. }) => {
                out.push_str(&counter.next(level as usize));
                typed_at = Some(level as usize);
            }
            Event::Start(Tag::FootnoteDefinition(l)) => out.push_str(&format!("[{l}]")),
            Event::Start(Tag::List(first)) => lists.push(first),
            Event::End(pulldown_cmark::TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => match lists.last_mut() {
                Some(Some(n)) => {
                    out.push_str(&format!("{n}."));
                    *n += 1;
                }
                _ => out.push('·'),
            },
            _ => {}
        }
    }
    expected_text(&out)
}

const HARNESS: &str = r#"#import "gbt9704.typ": *
#let data = json("data.json")
#set page(width: 180mm, height: auto, margin: 5mm)
#set text(font: data.fonts.fangsong, size: 12pt, lang: "zh")
#let scope = markup-scope(data.fonts)
#for (i, c) in data.cases.enumerate() {
  if i > 0 { pagebreak() }
  eval(c, mode: "markup", scope: scope)
}
"#;

/// Evaluates every case as markup, one page each, and returns each page's text.
fn typeset(cases: &[String]) -> Result<Vec<String>, String> {
    let typst = Typst::locate(&support::repo_root(), &PdfSettings::default(), None)
        .unwrap_or_else(|d| panic!("{d}\n{SETUP_HINT}"));
    let dir = std::env::temp_dir().join(format!(
        "dangjian-escape-{}-{}",
        std::process::id(),
        cases.len()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("work dir");
    for (name, text) in dangjian::pdf::templates::DEFAULT {
        std::fs::write(dir.join(name), text).expect("template");
    }
    std::fs::write(dir.join("harness.typ"), HARNESS).expect("harness");
    let fonts = Fonts::default();
    let fonts: serde_json::Map<String, serde_json::Value> = FontRole::ALL
        .iter()
        .map(|r| (r.key().to_owned(), serde_json::json!(fonts.list(*r))))
        .collect();
    let data = serde_json::json!({ "fonts": fonts, "cases": cases });
    std::fs::write(dir.join("data.json"), data.to_string()).expect("data");
    let font_dirs = [support::repo_root().join(".fonts")];
    let job = Compile {
        dir: &dir,
        input: "harness.typ",
        output: "out.pdf",
        timestamp: 0,
        font_dirs: &font_dirs,
        timeout: Duration::from_secs(300),
    };
    let result = typst.compile(&job).map_err(|e| format!("{e:?}"));
    let pages = result.map(|_| {
        let text = support::pdf::raw_text(&dir.join("out.pdf"));
        let mut pages: Vec<String> = text.split('\u{c}').map(squash).collect();
        pages.truncate(cases.len());
        pages
    });
    let _ = std::fs::remove_dir_all(&dir);
    pages
}

/// On a failed run, the first case that fails on its own.
fn culprit(cases: &[String]) -> String {
    cases
        .iter()
        .find(|c| typeset(std::slice::from_ref(c)).is_err())
        .map_or_else(|| "(none alone)".to_owned(), |c| format!("{c:?}"))
}

fn check(cases: Vec<(String, String)>, what: &str) {
    let markup: Vec<String> = cases.iter().map(|(m, _)| m.clone()).collect();
    let pages = match typeset(&markup) {
        Ok(p) => p,
        Err(e) => panic!("{what}: typst failed ({e}); culprit: {}", culprit(&markup)),
    };
    assert_eq!(pages.len(), cases.len(), "{what}: one page per case");
    for (i, ((m, want), got)) in cases.iter().zip(&pages).enumerate() {
        assert_eq!(got, want, "{what} case {i}: markup {m:?}");
    }
}

#[test]
fn any_string_survives_escaping_verbatim_and_never_runs() {
    require();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut inputs: Vec<String> = (0..320)
        .map(|_| random_text(&mut rng, TEXT_TOKENS, 40))
        .collect();
    // The obvious attacks, spelled out.
    inputs.extend(
        [
            "#panic(\"boom\")",
            "#read(\"/etc/passwd\")",
            "]#panic()[",
            "\\",
            "\\\\#panic()",
            "#{panic()}",
            "// comment\n/* block",
            "$ x $ *b* _e_ `r` <l> @r",
            "= 标题\n- 列表\n+ 编号\n1. 一\n/ 术语: 释义",
            "\\u{1F600}",
            "-- --- ... -? ~ 'a' \"b\"",
        ]
        .map(str::to_owned),
    );
    let cases = inputs
        .iter()
        .map(|s| (escape(s), expected_text(s)))
        .collect();
    check(cases, "escape");
}

#[test]
fn any_markdown_prints_exactly_its_text() {
    require();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut tokens: Vec<&str> = MARKDOWN_TOKENS.to_vec();
    tokens.extend_from_slice(TEXT_TOKENS);
    let cases = (0..320)
        .map(|_| {
            let md = random_text(&mut rng, &tokens, 30);
            let blocks = to_typst(
                &md,
                TypstOptions {
                    number_headings: true,
                    numbering: Default::default(),
                },
            );
            (blocks.join("\n\n"), expected_markdown(&md))
        })
        .collect();
    check(cases, "markdown");
}

#[test]
fn the_template_root_holds_nothing_else() {
    // Even code that got through could not read the site: typst runs with --root set to the
    // document's own folder. A file outside it cannot be read.
    require();
    let typst = Typst::locate(&support::repo_root(), &PdfSettings::default(), None).expect("typst");
    let dir = std::env::temp_dir().join(format!("dangjian-root-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("x.typ"), "#read(\"/etc/hostname\")").expect("write");
    let r = typst.compile(&Compile {
        dir: &dir,
        input: "x.typ",
        output: "out.pdf",
        timestamp: 0,
        font_dirs: &[],
        timeout: Duration::from_secs(60),
    });
    let _ = std::fs::remove_dir_all(&dir);
    match r {
        Err(dangjian::pdf::runner::RunError::Failed { stderr, .. }) => {
            assert!(stderr.contains("x.typ:1"), "{stderr}")
        }
        other => panic!("reading outside the root should fail: {other:?}"),
    }
    assert!(!Path::new(&dir).exists());
}
