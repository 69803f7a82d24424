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
