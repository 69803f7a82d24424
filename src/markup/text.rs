//! Record Markdown → plain text, for the search index (which wants words, not markup).

use pulldown_cmark::{Event, TagEnd};

/// The text of a Markdown document: headings,
/// paragraphs and list items each end with a line break.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in super::parse::prepare(markdown).events() {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_is_dropped() {
        assert_eq!(
            super::plain_text("# 标题\n\n正文**加粗**。\n\n- 甲\n- 乙"),
            "标题\n正文加粗。\n甲\n乙\n"
        );
        assert_eq!(super::plain_text("**优化。**严格"), "优化。严格\n");
    }
}
