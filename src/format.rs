//! How numbers, dates and percentages are written, in one place for the website, the PDFs and
//! every later renderer: a figure shown as "79.9%" on a page is "79.9%" on paper.

use chrono::{Datelike, NaiveDate};

/// A number as a person writes it: whole numbers without a decimal point (`15`, not `15.0`),
/// others as they are (`2.5`).
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A date as 公文 write it: `2024年3月5日` (no leading zeros).
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A share as a percentage with one decimal; `—` when there is none.
pub fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{:.1}%", x * 100.0))
}

/// A 参与率 as a percentage with one decimal. A rate below `threshold` is never shown at or
/// above it by rounding: 39/49 = 79.59 % is "79.6%", 79.96 % is "79.9%", never "80%" next to
/// a warning that it is under 80 %.
pub fn attendance_percent(rate: f64, threshold: f64) -> String {
    let mut tenths = (rate * 1000.0).round();
    if rate < threshold - 1e-9 {
        // The largest tenth of a percent strictly below the threshold.
        let below = (threshold * 1000.0 - 1e-6).ceil() - 1.0;
        tenths = tenths.min(below);
    }
    format!("{:.1}%", tenths / 10.0)
}

/// Rounds away the noise of binary fractions (0.1 + 0.2) before a number is written.
fn tidy(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let r = (x * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

/// A number with thousands separated as in 财务 tables: `215,400`, `1,234.5`, `-3,000`.
pub fn grouped(x: f64) -> String {
    let plain = number(tidy(x, 6));
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    format!("{sign}{out}")
}

/// A number in 万 with at most two decimals and no trailing zeros: 215400 → `21.54万`,
/// 30000 → `3万`, 12345 → `1.23万`.
pub fn wan(x: f64) -> String {
    format!("{}万", number(tidy(x / 10_000.0, 2)))
}

/// A change with its sign: `+3`, `-2.5`, `0`.
pub fn signed(x: f64) -> String {
    let x = tidy(x, 6);
    if x > 0.0 {
        format!("+{}", number(x))
    } else {
        number(x)
    }
}

/// The change of a percentage, in 个百分点 (never as a percentage of a percentage): 93.1 % →
/// 95.2 % is `+2.1个百分点`.
pub fn points(delta: f64) -> String {
    format!("{}个百分点", signed(tidy(delta, 2)))
}

/// A score as a person writes it: at most two decimals, none needless — `9.5`, `10`, `9.25`.
pub fn score(x: f64) -> String {
    number(tidy(x, 2))
}

/// A CSV cell (`stats --format csv`, the archive's 清单.csv) that a spreadsheet never runs:
/// text starting with = + - @ (or a tab or carriage return, which Excel strips first) is kept as
/// text with a leading `'`; a negative number stays a number. Quoted when it holds a separator.
pub fn csv_field(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '@', '\t', '\r'])
        || (s.starts_with('-') && s.parse::<f64>().is_err());
    let s = if formula {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_chinese_without_leading_zeros() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(cn_date(d), "2026年11月2日");
    }

    #[test]
    fn amounts_are_grouped_in_threes() {
        assert_eq!(grouped(215_400.0), "215,400");
        assert_eq!(grouped(1_234.5), "1,234.5");
        assert_eq!(grouped(999.0), "999");
        assert_eq!(grouped(1_000.0), "1,000");
        assert_eq!(grouped(-3_000.0), "-3,000");
        assert_eq!(grouped(12_345_678.0), "12,345,678");
        assert_eq!(grouped(0.1 + 0.2), "0.3");
    }

    #[test]
    fn amounts_in_wan_keep_two_decimals_at_most() {
        assert_eq!(wan(215_400.0), "21.54万");
        assert_eq!(wan(30_000.0), "3万");
        assert_eq!(wan(12_345.0), "1.23万");
        assert_eq!(wan(15_000.0), "1.5万");
    }

    #[test]
    fn changes_of_a_percentage_are_in_percentage_points() {
        assert_eq!(points(95.2 - 93.1), "+2.1个百分点");
        assert_eq!(points(-1.5), "-1.5个百分点");
        assert_eq!(points(0.1 + 0.2 - 0.3), "0个百分点");
    }

    #[test]
    fn scores_have_no_needless_decimals() {
        assert_eq!(score(9.5), "9.5");
        assert_eq!(score(10.0), "10");
        assert_eq!(score(9.25), "9.25");
        assert_eq!(score(0.1 + 0.2), "0.3");
        assert_eq!(score(8.999_999_9), "9");
    }

    #[test]
    fn signs_are_written_on_gains_only() {
        assert_eq!(signed(1.0), "+1");
        assert_eq!(signed(-2.5), "-2.5");
        assert_eq!(signed(0.1 + 0.2 - 0.3), "0");
    }
}
