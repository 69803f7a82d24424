//! Run-in items: `### 优化党支部设置。` followed by a paragraph is written as ONE paragraph,
//! "1.优化党支部设置。严格落实……", the number and lead-in in the third level's style and the
//! text run on after it — the commonest paragraph of a real 公文. A level-3 heading that does
//! not end a sentence, or has no paragraph after it, stays a heading of its own.
//!
//! Why a heading and not a paragraph that starts in bold: a bold start is also plain emphasis
//! in records written before, and numbering it would change their documents; a heading is
//! already a numbered level, so the only new thing the author learns is the full stop.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

/// Marks that end a lead-in sentence.
const SENTENCE_ENDS: &[char] = &['。', '？', '！'];

/// Whether the level-3 heading starting at `events[start]` runs into the paragraph after it.
pub fn is_run_in(events: &[Event<'_>], start: usize) -> bool {
    if !matches!(
        events.get(start),
        Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H3,
            ..
        }))
    ) {
        return false;
    }
    let Some(end) = events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
        .map(|n| start + n)
    else {
        return false;
    };
    let last_text = events[start..end].iter().rev().find_map(|e| match e {
        Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => Some(t.trim_end()),
        _ => None,
    });
    last_text.is_some_and(|t| t.ends_with(SENTENCE_ENDS))
        && matches!(events.get(end + 1), Some(Event::Start(Tag::Paragraph)))
}
