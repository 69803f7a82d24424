//! Markdown → HTML (`markup::html`), what every record page shows, and Markdown → plain text
//! (`markup::text`), what the search index gets: only allowed tags and attributes, no raw
//! HTML, no `javascript:`/`data:` or other unresolved URL, whatever the body holds.
//!
//! Input: the first byte sets the options (bit 0: numbered headings, bits 1–3: heading
//! offset 0–7); the rest, as UTF-8 with invalid sequences replaced, is the body. The resolver
//! stands in for the site's: it publishes `attachments/<name>` and refuses everything else.
#![no_main]

use std::cell::RefCell;
use std::collections::BTreeSet;

use dangjian::markup::html::{HtmlOptions, to_html};
use dangjian::markup::numbering::Numbering;
use dangjian::markup::text::plain_text;
use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../tests/support/oracle.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    let given = RefCell::new(BTreeSet::new());
    let resolve = |dest: &str| -> Option<String> {
        let name = dest.strip_prefix("attachments/")?;
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.') {
            return None;
        }
        let url = format!("../../attachments/{name}");
        given.borrow_mut().insert(url.clone());
        Some(url)
    };
    let html = to_html(
        &text,
        &HtmlOptions {
            number_headings: flags & 1 == 1,
            numbering: if flags & 16 == 16 {
                Numbering::Continuous
            } else {
                Numbering::Sections
            },
            heading_offset: (flags >> 1) & 7,
            resolve: &resolve,
        },
    );
    let resolved = |url: &str| given.borrow().contains(url);
    if let Err(e) = invariants::check_html(&html, &resolved) {
        panic!("unsafe HTML: {e}\ninput: {text:?}\nhtml: {html}");
    }
    let _ = plain_text(&text);
});
