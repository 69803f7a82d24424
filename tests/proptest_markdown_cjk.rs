//! Properties of Chinese emphasis and run-in items, in both outputs (issue 16 item 4):
//!
//! - `**……。**正文` — bold text ending in any CJK mark, written straight against Chinese text
//!   on either side — is bold in the HTML and the Typst markup, and leaves no asterisk;
//! - a numbered document's `### ……。` items run in and count on under `continuous`;
//! - whatever mix of asterisks, CJK punctuation, escapes, code and the parser's own marker a
//!   record holds, both outputs stay safe (the oracles of the other proptest files), the
//!   marker never appears unless the record typed it, and no CJK letter is lost.
//!
//! 256 cases per property.

mod support;

use dangjian::markup::html::{HtmlOptions, to_html};
use dangjian::markup::numbering::Numbering;
use dangjian::markup::typst::{TypstOptions, to_typst};
use proptest::prelude::*;
use support::oracle::{check_html, check_typst, decode_entities, html_text, typst_unescape};

/// The parser's marker (markup::parse): a record may hold it, the output only then.
const MARK: char = '\u{2E3C}';

const MARKS: &[&str] = &[
    "。", "，", "、", "；", "：", "？", "！", "”", "’", "）", "》", "“", "《", "（",
];

fn html(md: &str, numbering: Option<Numbering>) -> String {
    let none = |_: &str| None;
    let out = to_html(
        md,
        &HtmlOptions {
            number_headings: numbering.is_some(),
            numbering: numbering.unwrap_or_default(),
            heading_offset: 1,
            resolve: &none,
        },
    );
    if let Err(e) = check_html(&out, &|_| false) {
        panic!("unsafe HTML: {e}\nmarkdown: {md:?}\nhtml: {out}");
    }
    out
}

fn typst(md: &str, numbering: Option<Numbering>) -> String {
    let out = to_typst(
        md,
        TypstOptions {
            number_headings: numbering.is_some(),
            numbering: numbering.unwrap_or_default(),
        },
    )
    .join("\n\n");
    if let Err(e) = check_typst(&out) {
        panic!("unsafe Typst: {e}\nmarkdown: {md:?}\ntypst: {out}");
    }
    out
}

fn cjk_word() -> impl Strategy<Value = String> {
    "[甲乙丙丁戊己庚辛壬癸]{1,4}"
}

fn mark() -> impl Strategy<Value = String> {
    proptest::sample::select(MARKS).prop_map(str::to_owned)
}

/// One piece of a sentence: a word, or a bold word with CJK marks around it on the inside.
#[derive(Debug, Clone)]
enum Piece {
    Word(String),
    Bold(String, String, String),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        cjk_word().prop_map(Piece::Word),
        (
            prop_oneof![Just(String::new()), mark()],
            cjk_word(),
            prop_oneof![Just(String::new()), mark()],
        )
            .prop_map(|(a, w, b)| Piece::Bold(a, w, b)),
    ]
}

/// A sentence in which every bold piece touches Chinese text, and two bold pieces never touch
/// (`**甲****乙**` is not bold in any Markdown).
fn sentence() -> impl Strategy<Value = Vec<Piece>> {
    prop::collection::vec(piece(), 1..8).prop_map(|ps| {
        let mut out = vec![Piece::Word("始".to_owned())];
        for p in ps {
            if matches!(p, Piece::Bold(..)) && matches!(out.last(), Some(Piece::Bold(..))) {
                out.push(Piece::Word("和".to_owned()));
            }
            out.push(p);
        }
        out.push(Piece::Word("终".to_owned()));
        out
    })
}

fn markdown(ps: &[Piece]) -> String {
    ps.iter()
        .map(|p| match p {
            Piece::Word(w) => w.clone(),
            Piece::Bold(a, w, b) => format!("**{a}{w}{b}**"),
        })
        .collect()
}

/// Pieces of hostile records: asterisks in runs, CJK marks, escapes, code, the marker.
const HOSTILE: &[&str] = &[
    "*", "**", "***", "****", "_", "__", "。", "”", "“", "》", "甲", "乙", "a", "1", " ", "\n",
    "\n\n", "\\", "\\*", "`", "```\n", "#", "### ", "# ", "## ", "1. ", "- ", "> ", "[", "]", ")",
    "<", ">", "&", "|", "~~", "\u{2E3C}", "\u{3000}", "\t",
];

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(proptest::sample::select(HOSTILE), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(support::markdown::config())]

    #[test]
    fn bold_against_chinese_text_is_bold_in_both_outputs(ps in sentence()) {
        let md = markdown(&ps);
        let bold = ps.iter().filter(|p| matches!(p, Piece::Bold(..))).count();
        let h = html(&md, None);
        let t = typst(&md, None);
        prop_assert!(!h.contains('*'), "asterisk in the page\n{}\n{}", md, h);
        prop_assert!(!typst_unescape(&t).contains('*'), "asterisk in the PDF\n{}\n{}", md, t);
        prop_assert_eq!(h.matches("<strong>").count(), bold, "{}\n{}", md, h);
        prop_assert_eq!(t.matches("#strong[").count(), bold, "{}\n{}", md, t);
        let plain: String = md.chars().filter(|c| *c != '*').collect();
        let shown = html_text(&h).replace(' ', "");
        prop_assert_eq!(shown.trim(), plain.as_str());
    }

    #[test]
    fn run_in_items_count_on_under_continuous(
        sections in prop::collection::vec(prop::collection::vec((cjk_word(), cjk_word()), 0..4), 1..5),
    ) {
        let mut md = String::new();
        let mut n = 0;
        let mut want = Vec::new();
        for (i, items) in sections.iter().enumerate() {
            md.push_str(&format!("## 节{i}\n\n"));
            for (lead, text) in items {
                n += 1;
                want.push(format!("{n}.{lead}。"));
                md.push_str(&format!("### {lead}。\n{text}\n\n"));
            }
        }
        let h = html(&md, Some(Numbering::Continuous));
        let t = typst(&md, Some(Numbering::Continuous));
        let got_html: Vec<String> = h
            .split("<p><strong>")
            .skip(1)
            .map(|s| s[..s.find("</strong>").unwrap_or(0)].to_owned())
            .collect();
        let got_typst: Vec<String> = t
            .split("#runin[")
            .skip(1)
            .map(|s| typst_unescape(&s[..s.find(']').unwrap_or(0)]))
            .collect();
        prop_assert_eq!(&got_html, &want, "{}", h);
        prop_assert_eq!(&got_typst, &want, "{}", t);
    }

    #[test]
    fn hostile_records_stay_safe_and_lose_no_letter(md in hostile(), numbered in any::<bool>()) {
        let numbering = numbered.then_some(Numbering::Continuous);
        let h = html(&md, numbering);
        let t = typst(&md, numbering);
        let typed = md.contains(MARK);
        prop_assert_eq!(h.contains(MARK), typed, "{:?}\n{}", md, h);
        prop_assert_eq!(t.contains(MARK), typed, "{:?}\n{}", md, t);
        let letters = |s: &str| s.chars().filter(|c| matches!(c, '甲' | '乙')).count();
        prop_assert_eq!(letters(&decode_entities(&h)), letters(&md), "{:?}\n{}", md, h);
        prop_assert_eq!(letters(&t), letters(&md), "{:?}\n{}", md, t);
    }
}

#[test]
fn regression_a_marker_typed_by_the_author_is_kept() {
    let md = format!("**甲。**乙{MARK}");
    assert!(html(&md, None).contains(MARK));
    assert!(typst(&md, None).contains(MARK));
}
