//! The one Markdown parse every output shares, with CommonMark's emphasis rule made to work in
//! Chinese text.
//!
//! Why: CommonMark decides whether `**` may open or close by its neighbours, and a closing
//! `**` after punctuation must be followed by a space or punctuation. Chinese has no spaces,
//! so `**优化党支部设置。**严格落实` — the commonest lead-in of a 公文 — leaves the asterisks
//! as text, and so does `落实**“两学一做”**要求` at the opening side. pulldown-cmark 0.13 has
//! no option for this (there is no CJK-friendly emphasis in it), so before parsing we put a
//! marker on both sides of every `*` run that touches a CJK character and has no space on
//! either side. The marker is a punctuation character, which makes such a run both
//! left- and right-flanking: it may open or close, and the parser's own pairing decides, as
//! it does for `a**b**c` in English. After parsing the marker is removed from every piece of
//! text the events carry. Runs next to spaces or line ends, and all-ASCII text, are left
//! exactly as CommonMark has them. A record that itself contains the marker character is
//! parsed as it is, so no character an author typed is ever removed.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag};

/// U+2E3C STENOGRAPHIC FULL STOP: Unicode punctuation (Po) that no record has reason to hold.
const MARK: char = '\u{2E3C}';

/// A record's Markdown made ready for parsing.
pub struct Source<'a> {
    text: Cow<'a, str>,
    marked: bool,
}

/// Characters around which Chinese emphasis needs the marker: CJK letters and full-width
/// punctuation, and the curly quotes and dashes Chinese text uses. The Typst writer joins
/// lines between them without a space.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '\u{2014}' | '\u{2026}' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}')
}

pub fn prepare(markdown: &str) -> Source<'_> {
    if markdown.contains(MARK) || !markdown.contains('*') {
        return Source {
            text: Cow::Borrowed(markdown),
            marked: false,
        };
    }
    let chars: Vec<char> = markdown.chars().collect();
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut marked = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) {
            // An escaped character is text; the escape must stay next to it.
            out.push(c);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c != '*' {
            out.push(c);
            i += 1;
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|&x| x != '*')
            .map_or(chars.len(), |n| i + n);
        let before = i.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(end).copied();
        let wrap = match (before, after) {
            (Some(b), Some(a)) => {
                !b.is_whitespace() && !a.is_whitespace() && (is_cjk(b) || is_cjk(a))
            }
            _ => false,
        };
        if wrap {
            marked = true;
            out.push(MARK);
        }
        out.extend(&chars[i..end]);
        if wrap {
            out.push(MARK);
        }
        i = end;
    }
    Source {
        text: Cow::Owned(out),
        marked,
    }
}

impl Source<'_> {
    /// The events of the document, with the marker gone from all their text, and a fenced code
    /// block's info string as its first line: the writers have no use for a language name,
    /// and `~~~~甲` typed by an author would otherwise lose 甲 in every output.
    pub fn events(&self) -> impl Iterator<Item = Event<'_>> {
        let marked = self.marked;
        Parser::new_ext(&self.text, super::options())
            .map(move |e| if marked { unmark(e) } else { e })
            .flat_map(move |e| match e {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if !info.trim().is_empty() =>
                {
                    let info = if marked { clean(info) } else { info };
                    [
                        Some(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                            CowStr::Borrowed(""),
                        )))),
                        Some(Event::Text(CowStr::from(format!("{info}\n")))),
                    ]
                }
                e => [Some(e), None],
            })
            .flatten()
    }
}

fn clean(s: CowStr<'_>) -> CowStr<'_> {
    if s.contains(MARK) {
        s.replace(MARK, "").into()
    } else {
        s
    }
}

fn unmark(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Text(t) => Event::Text(clean(t)),
        Event::Code(t) => Event::Code(clean(t)),
        Event::Html(t) => Event::Html(clean(t)),
        Event::InlineHtml(t) => Event::InlineHtml(clean(t)),
        Event::InlineMath(t) => Event::InlineMath(clean(t)),
        Event::DisplayMath(t) => Event::DisplayMath(clean(t)),
        Event::FootnoteReference(t) => Event::FootnoteReference(clean(t)),
        Event::Start(Tag::FootnoteDefinition(t)) => Event::Start(Tag::FootnoteDefinition(clean(t))),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: clean(dest_url),
            title: clean(title),
            id: clean(id),
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: clean(dest_url),
            title: clean(title),
            id: clean(id),
        }),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document as `(strong)` and text, for comparing what the parser made of it.
    fn shape(md: &str) -> String {
        let src = prepare(md);
        let mut out = String::new();
        for e in src.events() {
            match e {
                Event::Start(Tag::Strong) => out.push('('),
                Event::End(pulldown_cmark::TagEnd::Strong) => out.push(')'),
                Event::Start(Tag::Emphasis) => out.push('<'),
                Event::End(pulldown_cmark::TagEnd::Emphasis) => out.push('>'),
                Event::Text(t) | Event::Code(t) => out.push_str(&t),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn a_fenced_blocks_info_string_is_kept_as_its_first_line() {
        // Found by tests/proptest_markdown_cjk.rs: four tildes and a letter.
        assert_eq!(shape("~~~~甲"), "甲\n");
        assert_eq!(shape("~~~ 乙\n内容\n~~~"), "乙\n内容\n");
        assert_eq!(shape("```\n内容\n```"), "内容\n");
        // The marker `prepare` may put in the info string is gone from it too.
        assert_eq!(shape("~~~~*。"), "*。\n");
    }

    #[test]
    fn a_bold_lead_in_ending_in_any_cjk_mark_closes() {
        for mark in [
            "。", "，", "、", "；", "：", "？", "！", "”", "’", "）", "》",
        ] {
            assert_eq!(
                shape(&format!("**优化党支部设置{mark}**严格落实")),
                format!("(优化党支部设置{mark})严格落实"),
                "{mark}"
            );
        }
    }

    #[test]
    fn bold_opening_on_cjk_punctuation_opens() {
        assert_eq!(shape("落实**“两学一做”**要求"), "落实(“两学一做”)要求");
        assert_eq!(shape("学习**《条例》**全文"), "学习(《条例》)全文");
        assert_eq!(shape("要求。**一是**加强"), "要求。(一是)加强");
        assert_eq!(shape("**甲。**乙**丙。**丁"), "(甲。)乙(丙。)丁");
        assert_eq!(shape("*强调。*其后"), "<强调。>其后");
    }

    #[test]
    fn mixed_with_ascii() {
        assert_eq!(shape("**2025年目标。**完成90%"), "(2025年目标。)完成90%");
        assert_eq!(shape("**Plan B。**ok"), "(Plan B。)ok");
        assert_eq!(shape("见**“PDCA”**循环"), "见(“PDCA”)循环");
    }

    #[test]
    fn english_and_spaced_runs_are_commonmark() {
        assert_eq!(prepare("a**\"b\"**c").text, "a**\"b\"**c");
        assert_eq!(shape("a**\"b\"**c"), "a**\"b\"**c");
        assert_eq!(shape("**bold** text"), "(bold) text");
        assert_eq!(shape("甲 ** 乙"), "甲 ** 乙");
        assert_eq!(prepare("- 甲\n* 乙\n***").text, "- 甲\n* 乙\n***");
    }

    #[test]
    fn escapes_code_and_typed_marks_are_kept() {
        assert_eq!(shape(r"甲\*\*乙\*\*丙"), "甲**乙**丙");
        assert_eq!(shape("`甲**乙`"), "甲**乙");
        assert_eq!(shape("```\n甲**。**乙\n```"), "甲**。**乙\n");
        // A record holding the marker is parsed untouched: its marker stays.
        let typed = format!("**甲。**乙{MARK}");
        assert_eq!(shape(&typed), format!("**甲。**乙{MARK}"));
    }

    #[test]
    fn links_keep_their_destinations() {
        let src = prepare("[**链接。**](https://a.example/甲**乙)文");
        let dest = src.events().find_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        });
        assert_eq!(dest.as_deref(), Some("https://a.example/甲**乙"));
    }
}
