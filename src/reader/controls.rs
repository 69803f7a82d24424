//! Control characters in text values. TOML reads `\b`, `\f`, `\e` and `\u0001` inside a string
//! as characters nobody sees: a backslash meant literally (`"C:\files"`, `"D:\backup"`) becomes
//! a form feed or a backspace that the page hides, the search index keeps and every XML file
//! (feed, sitemap, charts) has to drop.

use std::ops::Range;

/// A control character that a record's text has no use for: all but tab and the line breaks.
pub(super) fn is_stray(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The first stray control character of a string value as written in the file (`raw`, quotes
/// included), with the byte range of what stands for it there: its escape (`\f`, `\u0001`)
/// or, where TOML lets it stand raw, the character itself.
pub(super) fn find(raw: &str) -> Option<(char, Range<usize>)> {
    // Literal strings ('…', '''…''') have no escapes.
    let escapes = raw.starts_with('"');
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_stray(c) {
            return Some((c, i..i + c.len_utf8()));
        }
        if c != '\\' || !escapes {
            continue;
        }
        let Some((_, e)) = chars.next() else {
            break;
        };
        let digits = match e {
            'b' => return Some(('\u{8}', i..i + 2)),
            'f' => return Some(('\u{c}', i..i + 2)),
            'e' => return Some(('\u{1b}', i..i + 2)),
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => continue,
        };
        let end = i + 2 + digits;
        let hex = raw.get(i + 2..end)?;
        let decoded = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
        if let Some(d) = decoded.filter(|d| is_stray(*d)) {
            return Some((d, i..end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_escape_that_writes_the_character_is_found() {
        assert_eq!(find(r#""C:\files""#), Some(('\u{c}', 3..5)));
        assert_eq!(find(r#""a\u0001b""#), Some(('\u{1}', 2..8)));
        assert_eq!(find(r#""a\U0000001bb""#), Some(('\u{1b}', 2..12)));
        assert_eq!(find(r#""一\b""#), Some(('\u{8}', 4..6)));
        assert_eq!(find("\"a\u{85}b\""), Some(('\u{85}', 2..4)));
    }

    #[test]
    fn escaped_backslashes_tabs_and_line_breaks_are_not_stray() {
        assert_eq!(find(r#""C:\\files\t\n\r\u0041\"""#), None);
        assert_eq!(find(r"'C:\files'"), None);
        assert_eq!(find("\"\"\"a \\\n  b\"\"\""), None);
    }
}
