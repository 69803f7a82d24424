//! Tables for the terminal (`stats`, `members`): columns two spaces apart, padded by display
//! width, since a Chinese character takes two columns of a terminal.

use crate::diagnostics::char_width;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// The header line and one line per row; `align` says how column `i` is aligned.
pub(crate) fn render<H: AsRef<str>>(
    header: &[H],
    rows: &[Vec<String>],
    align: impl Fn(usize) -> Align,
) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .chain(std::iter::once(width(header[i].as_ref())))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let mut s = String::new();
        for (i, c) in cells.enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = " ".repeat(widths.get(i).map_or(0, |w| w.saturating_sub(width(c))));
            match align(i) {
                Align::Left => {
                    s.push_str(c);
                    s.push_str(&pad);
                }
                Align::Right => {
                    s.push_str(&pad);
                    s.push_str(c);
                }
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let mut out = line(&mut header.iter().map(AsRef::as_ref));
    for r in rows {
        out.push_str(&line(&mut r.iter().map(String::as_str)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_cells_are_padded_by_display_width() {
        let rows = vec![
            vec!["内一支部".to_owned(), "3".to_owned()],
            vec!["药剂".to_owned(), "12".to_owned()],
        ];
        let left_then_right = |i| if i == 0 { Align::Left } else { Align::Right };
        assert_eq!(
            render(&["支部", "次数"], &rows, left_then_right),
            "支部      次数\n内一支部     3\n药剂        12\n"
        );
    }
}
