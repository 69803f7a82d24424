//! The TOML reader below every record type and `site.toml`: a file's text with its
//! positions ([`SourceText`]), the diagnostics of one file and its syntax errors ([`Sink`]),
//! and strict, located reading of tables ([`Fields`]). It knows no record type, so `config`
//! and `content` both build on it without importing each other.

mod controls;
mod fields;
pub(crate) mod keyboard;
mod sink;
mod source;

pub use fields::MAX_TITLE_CHARS;
pub(crate) use fields::{Fields, MAX_HEADS};
pub(crate) use sink::Sink;
pub(crate) use source::{SourceText, split_front_matter};

use crate::diagnostics::Pos;

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Located { value, pos }
    }
}

/// The values of a located list, without their positions.
pub(crate) fn values(list: Vec<Located<String>>) -> Vec<String> {
    list.into_iter().map(|l| l.value).collect()
}

/// URL-safe identifier: lower-case ASCII letters, digits and single hyphens.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A time of day, `14:30`, or a span, `14:30-16:00` (read here because the keyboard-mistake
/// scan must know one when it sees a full-width colon in it).
pub(crate) fn valid_time(s: &str) -> bool {
    fn hm(s: &str) -> bool {
        let Some((h, m)) = s.split_once(':') else {
            return false;
        };
        let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
        digits(h)
            && h.len() <= 2
            && m.len() == 2
            && digits(m)
            && h.parse::<u32>().is_ok_and(|h| h < 24)
            && m.parse::<u32>().is_ok_and(|m| m < 60)
    }
    match s.split_once('-') {
        Some((a, b)) => hm(a.trim()) && hm(b.trim()),
        None => hm(s.trim()),
    }
}
