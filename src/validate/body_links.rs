//! Links and images in a record's Markdown body that name a file of a type the site must not
//! publish (HTML, SVG, scripts): an error at the link, rather than a link that silently
//! becomes `#`. Other problems of body links (a missing file, a path out of `content/`) keep
//! their old treatment — the link is dropped — since bodies are prose, not fields.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use crate::content::attachment::check_path;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::reader::Located;

/// `unsafe-attachment` for every relative link or image in `body` (which starts on line
/// `body_line` of `file`) that names a file that may not be published.
pub(super) fn check(root: &Path, file: &str, body: &str, body_line: u32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // No link, image or autolink is written without one of these; most bodies are then not
    // parsed at all (the site is checked three times for one workbench save).
    if !body.contains([']', '<']) {
        return out;
    }
    for (event, range) in Parser::new_ext(body, crate::markup::options()).into_offset_iter() {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let lower = dest.trim().to_ascii_lowercase();
        // The same links that the HTML converter resolves to files (`markup::html::safe_url`).
        if dest.is_empty()
            || dest.starts_with('#')
            || lower.contains(':')
            || dest.starts_with('/')
            || dest.contains('\\')
        {
            continue;
        }
        let located = Located::new(dest.to_string(), pos_in(body, range.start, body_line));
        if let Err(d) = check_path(root, file, &located)
            && d.code == Code::UnsafeAttachment
        {
            out.push(d);
        }
    }
    out
}

/// Line and column (in characters) of byte `offset` of a body starting on `body_line`.
pub(super) fn pos_in(body: &str, offset: usize, body_line: u32) -> Pos {
    let mut offset = offset.min(body.len());
    while !body.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &body[..offset];
    let newlines = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line: body_line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX)),
        column: u32::try_from(before[line_start..].chars().count() + 1).unwrap_or(u32::MAX),
        width: 1,
    }
}
