//! Two-part documents (a 总结 followed by a 思路, seed 004): a thematic break on its own line
//! (`---`, with a blank line before it) starts a new part, and the line after it — a plain
//! line or a `#` heading — is that part's title: printed like a document title, not
//! numbered, and the headings after it number from 一、 again. Why a thematic break: it is
//! one line a non-programmer can type (the workbench's "另起一部分" button inserts it), it
//! had no meaning in a 公文 body before (the PDFs dropped it), and it reads as a divider in
//! any Markdown editor. Only documents (bodies with numbered headings: notices, the files
//! they issue or attach, the annual summary) have parts; an activity's rule is left alone.

/// Where a writer stands with respect to part breaks.
#[derive(Debug, Default)]
pub struct Parts {
    /// A break was seen: the next top-level block is the part's title.
    title_next: bool,
    /// Inside the title block.
    in_title: bool,
}

/// What a writer does with a top-level block start.
#[derive(Debug, PartialEq, Eq)]
pub enum Start {
    /// An ordinary block.
    Block,
    /// The part's title begins here (a paragraph or a heading).
    Title,
}

impl Parts {
    /// A thematic break at the top level: a new part begins (the caller restarts its heading
    /// counter).
    pub fn rule(&mut self) {
        self.title_next = true;
    }

    /// A top-level paragraph or heading begins (`titled`), or another block (a list, a
    /// table: the part has no title then).
    pub fn start(&mut self, titled: bool) -> Start {
        let next = std::mem::take(&mut self.title_next);
        if next && titled {
            self.in_title = true;
            Start::Title
        } else {
            Start::Block
        }
    }

    /// A line break inside the title paragraph: the title is its first line, and the lines
    /// after it are the part's first paragraph (an author who types the title and presses
    /// Enter once must not get the paragraph as a title). Whether the title ends here.
    pub fn soft_break(&mut self) -> bool {
        std::mem::take(&mut self.in_title)
    }

    /// The end of a paragraph or heading: whether it ends the part's title.
    pub fn end(&mut self) -> bool {
        std::mem::take(&mut self.in_title)
    }
}

/// Byte offsets of the part breaks in `markdown` that no title follows (the next top-level
/// block is a list, a table, a quote, or nothing): such a part starts its numbering over
/// without a title, which is rarely what the author meant.
pub fn untitled(markdown: &str) -> Vec<usize> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open: Option<usize> = None;
    for (event, range) in Parser::new_ext(markdown, super::options()).into_offset_iter() {
        match event {
            Event::Rule if depth == 0 => {
                out.extend(open.replace(range.start));
            }
            Event::Start(tag) => {
                if depth == 0
                    && let Some(at) = open.take()
                    && !matches!(tag, Tag::Paragraph | Tag::Heading { .. })
                {
                    out.push(at);
                }
                if matches!(
                    tag,
                    Tag::BlockQuote(_)
                        | Tag::List(_)
                        | Tag::FootnoteDefinition(_)
                        | Tag::Table(_)
                        | Tag::CodeBlock(_)
                        | Tag::HtmlBlock
                ) {
                    depth += 1;
                }
            }
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::Table
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock,
            ) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out.extend(open);
    out
}

#[cfg(test)]
mod tests {
    use super::untitled;

    #[test]
    fn a_break_followed_by_its_title_is_fine_and_others_are_found() {
        assert!(untitled("甲\n\n---\n第二部分\n\n正文").is_empty());
        assert!(untitled("甲\n\n---\n\n# 第二部分").is_empty());
        assert_eq!(untitled("甲\n\n---\n\n- 项"), [5]);
        assert_eq!(untitled("甲\n\n---\n"), [5]);
        assert_eq!(untitled("甲\n\n---\n\n***\n\n乙"), [5]);
        assert!(untitled("> 甲\n>\n> ---\n").is_empty());
    }
}
