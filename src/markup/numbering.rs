//! GB/T 9704 heading numbers: 一、 （一） 1. （1）. Records never type them; the tool counts.

/// Chinese numerals for 1–99 (一, 十, 十一, 二十三); larger numbers fall back to digits.
pub fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => D[0].to_owned(),
        1..=9 => D[n as usize].to_owned(),
        10..=19 => format!(
            "十{}",
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// How the third level (1. 2. …) counts in a document: afresh under each 一、/（一） heading,
/// or on through the whole document as real 公文 number their run-in items (1–13 across three
/// sections). A document's `numbering` field; the other levels always count the same way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Numbering {
    #[default]
    Sections,
    Continuous,
}

impl Numbering {
    /// The values a record may write, as the diagnostics list them.
    pub const VALUES: &'static [&'static str] = &["sections", "continuous"];

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "sections" => Some(Self::Sections),
            "continuous" => Some(Self::Continuous),
            _ => None,
        }
    }
}

/// Counts headings of levels 1–4 and gives each its number.
#[derive(Debug, Default)]
pub struct HeadingCounter {
    counts: [u32; 4],
    numbering: Numbering,
}

impl HeadingCounter {
    pub fn new(numbering: Numbering) -> Self {
        Self {
            counts: [0; 4],
            numbering,
        }
    }

    /// The number for the next heading of `level` (1-based; deeper levels use level 4's form).
    pub fn next(&mut self, level: usize) -> String {
        let i = level.clamp(1, 4) - 1;
        self.counts[i] += 1;
        for (d, deeper) in self.counts.iter_mut().enumerate().skip(i + 1) {
            // Continuous numbering: a new section does not restart the items (level 3), but
            // a new item still restarts its sub-items (level 4).
            if !(self.numbering == Numbering::Continuous && d == 2) {
                *deeper = 0;
            }
        }
        let n = self.counts[i];
        match i {
            0 => format!("{}、", chinese(n)),
            1 => format!("（{}）", chinese(n)),
            2 => format!("{n}."),
            _ => format!("（{n}）"),
        }
    }
}

/// The length in bytes of a heading number the author typed at the start of a heading of
/// `level` (一、 （一） 1. （1）, with ASCII or full-width brackets and stops), which the counted
/// number replaces so that it never doubles up ("1.1.优化…"). `None` when there is none.
pub fn typed_number(level: usize, text: &str) -> Option<usize> {
    const CN: &str = "零一二三四五六七八九十";
    let digits = |s: &str, cn: bool| -> usize {
        s.char_indices()
            .find(|&(_, c)| {
                !(if cn {
                    CN.contains(c)
                } else {
                    c.is_ascii_digit()
                })
            })
            .map_or(s.len(), |(i, _)| i)
    };
    let bracketed = |cn: bool| -> Option<usize> {
        let open = ["（", "("].iter().find(|o| text.starts_with(**o))?;
        let rest = &text[open.len()..];
        let n = digits(rest, cn);
        let close = ["）", ")"].iter().find(|c| rest[n..].starts_with(**c))?;
        (n > 0).then_some(open.len() + n + close.len())
    };
    match level {
        1 => {
            let n = digits(text, true);
            (n > 0 && text[n..].starts_with('、')).then_some(n + '、'.len_utf8())
        }
        2 => bracketed(true),
        3 => {
            let n = digits(text, false);
            let stop = ['.', '．', '、']
                .into_iter()
                .find(|s| text[n..].starts_with(*s))?;
            let after = &text[n + stop.len_utf8()..];
            // "1.5倍" is a number, not a heading number.
            let decimal = stop == '.' && after.starts_with(|c: char| c.is_ascii_digit());
            (n > 0 && !decimal).then_some(n + stop.len_utf8())
        }
        _ => bracketed(false),
    }
}

impl HeadingCounter {
    /// A new part of a two-part document (see [`super::parts`]) numbers from 一、 again: every
    /// count starts over (a count added to the counter, such as one that runs across
    /// sections, must start over here too), while how the document numbers stays.
    pub fn restart(&mut self) {
        self.counts = [0; 4];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(chinese(1), "一");
        assert_eq!(chinese(10), "十");
        assert_eq!(chinese(11), "十一");
        assert_eq!(chinese(20), "二十");
        assert_eq!(chinese(23), "二十三");
    }

    #[test]
    fn a_new_part_starts_every_level_over() {
        let mut c = HeadingCounter::default();
        c.next(1);
        c.next(2);
        c.next(1);
        c.restart();
        assert_eq!(c.next(2), "（一）");
        assert_eq!(c.next(1), "一、");
    }

    #[test]
    fn levels_reset_below() {
        let mut c = HeadingCounter::default();
        assert_eq!(c.next(1), "一、");
        assert_eq!(c.next(2), "（一）");
        assert_eq!(c.next(3), "1.");
        assert_eq!(c.next(3), "2.");
        assert_eq!(c.next(4), "（1）");
        assert_eq!(c.next(2), "（二）");
        assert_eq!(c.next(3), "1.");
        assert_eq!(c.next(1), "二、");
        assert_eq!(c.next(2), "（一）");
    }

    #[test]
    fn continuous_items_run_across_sections() {
        let mut c = HeadingCounter::new(Numbering::Continuous);
        assert_eq!(c.next(1), "一、");
        assert_eq!(c.next(2), "（一）");
        assert_eq!(c.next(3), "1.");
        assert_eq!(c.next(4), "（1）");
        assert_eq!(c.next(3), "2.");
        assert_eq!(c.next(4), "（1）");
        assert_eq!(c.next(2), "（二）");
        assert_eq!(c.next(3), "3.");
        assert_eq!(c.next(1), "二、");
        assert_eq!(c.next(2), "（一）");
        assert_eq!(c.next(3), "4.");
    }

    #[test]
    fn numbering_values() {
        assert_eq!(Numbering::parse("continuous"), Some(Numbering::Continuous));
        assert_eq!(Numbering::parse("sections"), Some(Numbering::Sections));
        assert_eq!(Numbering::parse("连续"), None);
        assert_eq!(Numbering::default(), Numbering::Sections);
    }

    #[test]
    fn typed_numbers() {
        assert_eq!(typed_number(1, "一、总体要求"), Some("一、".len()));
        assert_eq!(typed_number(1, "十二、其他"), Some("十二、".len()));
        assert_eq!(typed_number(1, "一流服务"), None);
        assert_eq!(typed_number(2, "（一）加强"), Some("（一）".len()));
        assert_eq!(typed_number(2, "(三)加强"), Some("(三)".len()));
        assert_eq!(typed_number(2, "（注）加强"), None);
        assert_eq!(typed_number(3, "1.优化"), Some(2));
        assert_eq!(typed_number(3, "12．优化"), Some("12．".len()));
        assert_eq!(typed_number(3, "3、优化"), Some("3、".len()));
        assert_eq!(typed_number(3, "1.5倍效率"), None);
        assert_eq!(typed_number(3, "2025年工作"), None);
        assert_eq!(typed_number(4, "（1）细则"), Some("（1）".len()));
        assert_eq!(typed_number(4, "（一）细则"), None);
    }
}
