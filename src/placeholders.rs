//! The texts that `dangjian new` writes for the officer to replace, and the check that finds
//! them left in a record. One list serves both, so a template cannot change without the check
//! knowing it.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostics::{Code, Diagnostic, Pos};

/// The body of a new activity.
pub(crate) const ACTIVITY_BODY: &str = "会议内容写在这里。";
/// The first sentence of a new notice's body (the template adds a line of advice after it).
pub(crate) const NOTICE_BODY: &str = "正文写在这里。";
/// The body of a new brand.
pub(crate) const BRAND_BODY: &str = "品牌介绍写在这里。";

/// Every placeholder sentence a template writes.
pub(crate) const PLACEHOLDERS: &[&str] = &[ACTIVITY_BODY, NOTICE_BODY, BRAND_BODY];

/// `placeholder` warnings for a Markdown body that starts at `body_line` of `file`: each
/// placeholder sentence in the text and each empty list item (`1. ` as the activity template
/// leaves it). The body is read as Markdown, as the site renders it, so that what a code block
/// shows as written is never taken for either.
pub(crate) fn find(file: &str, body: &str, body_line: u32) -> Vec<Diagnostic> {
    if may_have_findings(body) {
        parse_for_findings(file, body, body_line)
    } else {
        Vec::new()
    }
}

fn parse_for_findings(file: &str, body: &str, body_line: u32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut in_code = false;
    let mut open_item: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, crate::markup::options()).into_offset_iter() {
        // An item is empty when nothing comes between its start and its end.
        let item = open_item.take();
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Item) => open_item = Some(range.start),
            Event::End(TagEnd::Item) => {
                if let Some(at) = item {
                    let marker = body[at..]
                        .split(char::is_whitespace)
                        .next()
                        .unwrap_or_default();
                    out.push(
                        Diagnostic::new(
                            Code::Placeholder,
                            file,
                            pos(body, body_line, at, marker),
                            "空的列表项：编号后面没有内容",
                        )
                        .with_hint("写上这一条的内容，或删去这一行"),
                    );
                }
            }
            Event::Text(_) if !in_code => {
                for p in PLACEHOLDERS {
                    // Looked for in the source of the text, whose offsets are the body's.
                    if let Some(i) = body.get(range.clone()).and_then(|src| src.find(p)) {
                        out.push(
                            Diagnostic::new(
                                Code::Placeholder,
                                file,
                                pos(body, body_line, range.start + i, p),
                                format!("“{p}”是 dangjian new 写下的占位文字，还没有换成实际内容"),
                            )
                            .with_hint("把这句换成会议或文件的实际内容"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// False only when [`find`] would find nothing: no placeholder sentence in the text, and no
/// line that could start an empty list item (one that ends with a list marker) or hold a link
/// reference definition (which gives an item no content). Most bodies are then never parsed:
/// parsing every body was a tenth of a workbench save at 10,000 records, where the site is
/// loaded three times.
fn may_have_findings(body: &str) -> bool {
    PLACEHOLDERS.iter().any(|p| body.contains(p))
        || body.lines().any(|line| {
            let line = line.trim_end();
            let last = line
                .rsplit(|c: char| c.is_whitespace() || matches!(c, '>' | ':' | ']'))
                .next()
                .unwrap_or_default();
            is_list_marker(last) || line.contains("]:")
        })
}

/// `-`, `*`, `+`, or one to nine digits followed by `.` or `)`.
fn is_list_marker(s: &str) -> bool {
    match s {
        "-" | "*" | "+" => true,
        _ => s
            .strip_suffix(['.', ')'])
            .is_some_and(|n| (1..=9).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit())),
    }
}

/// `part-without-title` warnings for a document's body (a notice, a narrative): a part break
/// (`---`) that no title line follows (see `markup::parts`).
pub(crate) fn untitled_parts(file: &str, body: &str, body_line: u32) -> Vec<Diagnostic> {
    crate::markup::parts::untitled(body)
        .into_iter()
        .map(|at| {
            let rule = body[at..].lines().next().unwrap_or_default().trim_end();
            Diagnostic::new(
                Code::PartWithoutTitle,
                file,
                pos(body, body_line, at, rule),
                "另起一部分的横线下面没有这一部分的标题",
            )
            .with_hint("在横线的下一行写这一部分的标题（如 2026年党建工作思路），再换行写正文；不分部分就删去这一行")
        })
        .collect()
}

/// The place of `text` found at byte `at` of the body.
fn pos(body: &str, body_line: u32, at: usize, text: &str) -> Pos {
    let chars = |s: &str| u32::try_from(s.chars().count()).unwrap_or(u32::MAX);
    let before = body.get(..at).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let lines = u32::try_from(before.matches('\n').count()).unwrap_or(u32::MAX);
    Pos {
        line: body_line.saturating_add(lines),
        column: chars(&before[line_start..]).saturating_add(1),
        width: chars(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(body: &str) -> Vec<(u32, u32, String)> {
        find("f.md", body, 1)
            .into_iter()
            .map(|d| (d.pos.line, d.pos.column, d.message))
            .collect()
    }

    #[test]
    fn empty_items_and_placeholders_outside_code_are_found() {
        let body = "会议内容写在这里。\n\n1. 一\n2. \n\n- \n- 有\n\n```\n-\n会议内容写在这里。\n```\n\n- ```\n  +\n  ```\n";
        let got = found(body);
        assert_eq!(
            got.iter().map(|(l, c, _)| (*l, *c)).collect::<Vec<_>>(),
            vec![(1, 1), (4, 1), (6, 1)],
            "{got:#?}"
        );
    }

    /// The shortcut never hides a finding: every body of the demo site and every combination
    /// of tricky lines (empty items in quotes, footnotes, nested lists, references, CRLF).
    #[test]
    fn bodies_skipped_unparsed_have_no_findings() {
        let pieces = [
            "正文一段。",
            "1. ",
            "2.",
            "10)",
            "- ",
            "-",
            "* ",
            "+",
            "> - ",
            "> 1.",
            "[^1]: -",
            "[^1]:",
            "- - ",
            "- 1.",
            "- [a]: /x",
            "1. [b]: <y>",
            "- [ ] ",
            "  -  ",
            "\t*",
            "标题",
            "",
            "```",
            "    - ",
            "- 有内容",
            "1. 一\r",
            "会议内容写在这里。",
            "<!-- -->",
            "| a | b |",
            "|---|---|",
            "| - | 1. |",
        ];
        let mut bodies = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in ["", "\n", "\n\n"] {
                    bodies.push(format!("{a}\n{b}{c}"));
                    bodies.push(format!("{a}{c}\n  {b}\n"));
                }
            }
        }
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for entry in walkdir::WalkDir::new(demo).into_iter().flatten() {
            if entry.path().extension().is_some_and(|e| e == "md") {
                bodies.push(std::fs::read_to_string(entry.path()).expect("demo record"));
            }
        }
        assert!(bodies.len() > 1_000, "{} bodies", bodies.len());
        let mut parsed = 0;
        for body in &bodies {
            if may_have_findings(body) {
                parsed += 1;
            } else {
                let all = parse_for_findings("f.md", body, 1);
                assert!(all.is_empty(), "skipped but found: {body:?}");
            }
        }
        // Both branches are taken: the test would prove nothing otherwise.
        assert!(
            parsed > 0 && parsed < bodies.len(),
            "{parsed} of {}",
            bodies.len()
        );
    }

    #[test]
    fn a_dash_under_text_is_a_heading_not_an_item() {
        assert!(found("标题\n-\n").is_empty());
    }
}
