//! The notice-title breaker (`dangjian::title::balance`), which once took 84 s for a
//! 2,080-character title and 1.2 GB for 39,000 (issue 13 item 9).
//!
//! Input: the first byte picks the line width (10 to 40 em); the rest is the title, as UTF-8
//! (lossy). Checked: no panic, no hang (libFuzzer's `-timeout`), the lines put together give
//! back the title, and a title broken into several lines has every line within the width.
#![no_main]

use dangjian::title::balance;
use libfuzzer_sys::fuzz_target;

/// The breaker's measure: ASCII 0.6 em, everything else 1 em.
fn width(line: &str) -> f64 {
    line.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum()
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let line_em = 10.0 + f64::from(pick % 31);
    let title = String::from_utf8_lossy(bytes);
    let lines = balance(&title, line_em);
    assert_eq!(lines.concat(), title.trim(), "{lines:?}");
    if lines.len() > 1 {
        for l in &lines {
            assert!(width(l) <= line_em + 1e-9, "{line_em} em: {lines:?}");
        }
    }
});
