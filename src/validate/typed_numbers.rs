//! Heading numbers typed by hand in a numbered body (`### 1.优化党支部设置。`): the converters
//! put the counted number in their place, so nothing doubles up, but the author should learn
//! that the typed one is ignored — under `numbering = "continuous"` it is usually wrong.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostics::{Code, Diagnostic};
use crate::markup::numbering::typed_number;

/// `typed-number` for every heading of `body` (starting on line `body_line` of `file`) that
/// starts with a number of its own level's form.
pub(super) fn check(file: &str, body: &str, body_line: u32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut heading: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, crate::markup::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level as usize),
            Event::End(TagEnd::Heading(_)) => heading = None,
            Event::Text(t) => {
                let Some(level) = heading.take() else {
                    continue;
                };
                let lead = t.len() - t.trim_start().len();
                let Some(len) = typed_number(level, t.trim_start()) else {
                    continue;
                };
                let typed = &t[lead..lead + len];
                let start = range.start + lead;
                // The text event's range is the source's, which holds the same characters
                // for a number (no escapes in digits, 、 or brackets).
                let mut pos = super::body_links::pos_in(body, start, body_line);
                pos.width = u32::try_from(typed.chars().count()).unwrap_or(1);
                let mut d = Diagnostic::new(
                    Code::TypedNumber,
                    file,
                    pos,
                    format!("标题前手写的编号“{typed}”不会印出，编号由工具按顺序生成"),
                );
                d.hint = Some(format!(
                    "删去“{typed}”：# 一、 ## （一） ### 1. #### （1） 都由工具自动编号"
                ));
                out.push(d);
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_are_found_where_they_are() {
        let body = "导语\n\n# 一、总体\n\n## 目标\n\n### 12．优化。\n正文 1.5\n\n### 1.5倍\n";
        let found = check("n.md", body, 7);
        let at: Vec<_> = found
            .iter()
            .map(|d| (d.pos.line, d.pos.column, d.pos.width, d.message.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                (
                    9,
                    3,
                    2,
                    "标题前手写的编号“一、”不会印出，编号由工具按顺序生成"
                ),
                (
                    13,
                    5,
                    3,
                    "标题前手写的编号“12．”不会印出，编号由工具按顺序生成"
                ),
            ]
        );
        assert_eq!(
            found[1].hint.as_deref(),
            Some("删去“12．”：# 一、 ## （一） ### 1. #### （1） 都由工具自动编号")
        );
    }
}
