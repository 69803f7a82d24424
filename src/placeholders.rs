//! The texts that `dangjian new` writes for the officer to replace, and the check that finds
//! them left in a record. One list serves both, so a template cannot change without the check
//! knowing it.

use crate::diagnostics::{Code, Diagnostic, Pos};

/// The body of a new activity.
pub const ACTIVITY_BODY: &str = "会议内容写在这里。";
/// The first sentence of a new notice's body (the template adds a line of advice after it).
pub const NOTICE_BODY: &str = "正文写在这里。";
/// The body of a new brand.
pub const BRAND_BODY: &str = "品牌介绍写在这里。";

/// Every placeholder sentence a template writes.
pub const PLACEHOLDERS: &[&str] = &[ACTIVITY_BODY, NOTICE_BODY, BRAND_BODY];

/// `placeholder` warnings for a Markdown body that starts at `body_line` of `file`: each
/// placeholder sentence and each empty list item (`1. ` as the activity template leaves it).
/// Code blocks are skipped: what is in them is shown as written.
pub fn find(file: &str, body: &str, body_line: u32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut in_code = false;
    let mut after_text = false;
    for (i, line) in body.lines().enumerate() {
        let line_no = body_line.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        for text in PLACEHOLDERS {
            if let Some(at) = line.find(text) {
                out.push(
                    Diagnostic::new(
                        Code::Placeholder,
                        file,
                        pos(line_no, &line[..at], text),
                        format!("“{text}”是 dangjian new 写下的占位文字，还没有换成实际内容"),
                    )
                    .with_hint("把这句换成会议或文件的实际内容"),
                );
            }
        }
        // `-` under a line of text underlines a heading; it is no list item.
        let underline = after_text && trimmed.trim_end() == "-";
        after_text = !trimmed.trim_end().is_empty() && !is_empty_list_item(trimmed);
        if is_empty_list_item(trimmed) && !underline {
            let marker = trimmed.trim_end();
            out.push(
                Diagnostic::new(
                    Code::Placeholder,
                    file,
                    pos(line_no, &line[..line.len() - trimmed.len()], marker),
                    "空的列表项：编号后面没有内容",
                )
                .with_hint("写上这一条的内容，或删去这一行"),
            );
        }
    }
    out
}

fn pos(line: u32, before: &str, text: &str) -> Pos {
    let chars = |s: &str| u32::try_from(s.chars().count()).unwrap_or(u32::MAX);
    Pos {
        line,
        column: chars(before).saturating_add(1),
        width: chars(text),
    }
}

/// `1.`, `2)`, `-`, `*` or `+` with nothing after it.
fn is_empty_list_item(trimmed: &str) -> bool {
    let marker = trimmed.trim_end();
    match marker {
        "-" | "*" | "+" => true,
        _ => marker.strip_suffix(['.', ')']).is_some_and(|n| {
            !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit())
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_list_items_are_found_and_others_are_not() {
        for item in ["1.", "1. ", "12)", "-", "* ", "+"] {
            assert!(is_empty_list_item(item), "{item:?}");
        }
        for item in ["1. 内容", "---", "- 内容", "1", ".", "1234567890.", "**"] {
            assert!(!is_empty_list_item(item), "{item:?}");
        }
    }
}
