//! Text from records shown in a terminal. An ESC sequence in a record value would reach the
//! terminal through `check` (retitle the window, clear the screen, hide text), and a zero-width
//! or bidi character is printed invisibly, so that `diyi\u{200b}` reads as `diyi` in "未知的支部
//! … 是否应为 `diyi`". Human output shows such characters escaped, as `\u{200b}`; JSON output
//! escapes control characters itself and keeps the others as they are, for programs.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is: control characters (C0, DEL, C1) and the
/// characters that take no room or reorder text.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c as u32,
            0x00AD              // soft hyphen
            | 0x034F            // combining grapheme joiner
            | 0x061C            // Arabic letter mark (bidi)
            | 0x115F | 0x1160   // Hangul fillers
            | 0x17B4 | 0x17B5   // Khmer inherent vowels (invisible)
            | 0x180B..=0x180F   // Mongolian variation selectors and vowel separator
            | 0x200B..=0x200F   // zero-width space, non-joiner, joiner; LRM, RLM
            | 0x2028..=0x202E   // line and paragraph separators; bidi embeddings, overrides
            | 0x2060..=0x206F   // word joiner, invisible operators, bidi isolates
            | 0x3164            // Hangul filler
            | 0xFE00..=0xFE0F   // variation selectors
            | 0xFEFF            // zero-width no-break space (BOM)
            | 0xFFA0            // half-width Hangul filler
            | 0xFFF9..=0xFFFB   // interlinear annotation
            | 0x1BCA0..=0x1BCA3 // shorthand format controls
            | 0x1D173..=0x1D17A // musical format controls
            | 0xE0000..=0xE0FFF // tags, variation selectors supplement
        )
}

/// `c` as the terminal shows it: `\u{200b}` for an invisible character, else `c` itself.
pub(super) fn escape_char(c: char, out: &mut String) {
    if is_invisible(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// `text` with every invisible character escaped, borrowed when there is none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        escape_char(c, &mut out);
    }
    Cow::Owned(out)
}

/// A message or hint for the terminal: invisible characters escaped, and a line break kept
/// but indented, so that a value with a line break cannot start a line that looks like a
/// diagnostic of its own.
pub fn visible_message(text: &str) -> String {
    text.split('\n')
        .map(|line| visible(line.strip_suffix('\r').unwrap_or(line)).into_owned())
        .collect::<Vec<_>>()
        .join("\n     ")
}

/// Text of several lines (a table, a report): each line escaped, the line breaks kept.
pub fn visible_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&visible(line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_zero_width_and_bidi() {
        assert_eq!(visible("diyi\u{200b}"), "diyi\\u{200b}");
        assert_eq!(visible("\u{1b}]0;x\u{7}"), "\\u{1b}]0;x\\u{7}");
        assert_eq!(visible("a\u{202e}b\u{2066}"), "a\\u{202e}b\\u{2066}");
        assert!(matches!(visible("党支部 abc"), Cow::Borrowed(_)));
        assert_eq!(visible_message("一\n错误[x]: 二"), "一\n     错误[x]: 二");
    }
}
