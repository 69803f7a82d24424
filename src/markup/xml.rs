//! Text into XML (the feed, the sitemap, the SVG charts): one escaper, so that every XML file
//! the tool writes is well-formed whatever a record holds.

/// Whether XML 1.0 can carry `c` at all (its `Char` production). The rest — C0 controls other
/// than tab, line feed and carriage return, and U+FFFE/U+FFFF — cannot even be written as a
/// character reference (`&#1;` is ill-formed too). Surrogates cannot occur in a `str`.
pub fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Escapes text for element content and attribute values (in either quotes). Characters XML
/// cannot carry are dropped: a record's stray `\f` must not cost the reader the whole feed.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_what_xml_cannot_carry_is_dropped() {
        assert_eq!(
            escape("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;"
        );
        assert_eq!(escape("一\u{1}二\u{c}三\u{fffe}\u{ffff}"), "一二三");
        assert_eq!(
            escape("\t\n\r\u{7f}\u{85}\u{fffd}😀"),
            "\t\n\r\u{7f}\u{85}\u{fffd}😀"
        );
    }

    #[test]
    fn every_char_is_either_kept_or_dropped_by_the_xml_rule() {
        // XML 1.0, production [2]: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
        let allowed = |c: u32| matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_xml_char(c), allowed(c as u32), "U+{:04X}", c as u32);
        }
    }
}
