//! GB/T 9704 heading numbers: 一、 （一） 1. （1）. Records never type them; the tool counts.

/// Chinese numerals for 1–99 (一, 十, 十一, 二十三); larger numbers fall back to digits.
pub fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => D[0].to_owned(),
        1..=9 => D[n as usize].to_owned(),
        10..=19 => format!(
            "十{}",
            if n % 10 == 0 {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n % 10 == 0 {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// Counts headings of levels 1–4 and gives each its number.
#[derive(Debug, Default)]
pub struct HeadingCounter {
    counts: [u32; 4],
}

impl HeadingCounter {
    /// The number for the next heading of `level` (1-based; deeper levels use level 4's form).
    pub fn next(&mut self, level: usize) -> String {
        let i = level.clamp(1, 4) - 1;
        self.counts[i] += 1;
        for deeper in &mut self.counts[i + 1..] {
            *deeper = 0;
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
}
