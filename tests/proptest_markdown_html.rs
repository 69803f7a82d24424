//! Properties of Markdown → HTML (`markup::html`) and Markdown → search text
//! (`markup::text`), the same invariants as `fuzz/fuzz_targets/markdown_html.rs`:
//!
//! - whatever the Markdown, the HTML holds only allowed tags and attributes, no raw `<`, `>`
//!   or `&` in text, and no URL but a fragment, http(s), mailto or what the resolver returned
//!   (never `javascript:`, `data:`, `file:`, an absolute path or one with `..`);
//! - raw HTML in a record is shown as text;
//! - no word of the body is lost, in the page nor in the search text.
//!
//! 256 cases per property; regressions found by fuzzing or here are the `regression_*` tests.

mod support;

use std::cell::RefCell;
use std::collections::BTreeSet;

use dangjian::markup::html::{HtmlOptions, to_html};
use dangjian::markup::text::plain_text;
use proptest::prelude::*;
use support::oracle::{check_html, decode_entities};

/// Converts like the site does, with a resolver that publishes `attachments/<name>` only.
fn convert(md: &str, numbered: bool, offset: u8) -> String {
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
        md,
        &HtmlOptions {
            number_headings: numbered,
            numbering: Default::default(),
            heading_offset: offset,
            resolve: &resolve,
        },
    );
    let resolved = |url: &str| given.borrow().contains(url);
    if let Err(e) = check_html(&html, &resolved) {
        panic!("unsafe HTML: {e}\nmarkdown: {md:?}\nhtml: {html}");
    }
    html
}

proptest! {
    #![proptest_config(support::markdown::config())]

    #[test]
    fn any_markdown_gives_safe_html(md in support::markdown::any_markdown(), numbered in any::<bool>(), offset in 0u8..8) {
        convert(&md, numbered, offset);
        let _ = plain_text(&md);
    }

    #[test]
    fn no_word_is_lost(doc in support::markdown::plain_document(), numbered in any::<bool>()) {
        let md = support::markdown::render(&doc);
        let html = decode_entities(&convert(&md, numbered, 1));
        let text = plain_text(&md);
        for w in support::markdown::words(&doc) {
            prop_assert!(html.contains(&w), "`{}` lost from the page\nmarkdown:\n{}\nhtml:\n{}", w, md, html);
            prop_assert!(text.contains(&w), "`{}` lost from the search text\nmarkdown:\n{}\ntext:\n{}", w, md, text);
        }
    }

    /// Raw HTML is text: every `<` of a tag written in the body comes out as `&lt;`.
    #[test]
    fn raw_html_is_text(tag in "[a-z]{1,8}", attr in "on[a-z]{2,8}", value in "[a-z0-9()]{0,10}") {
        let md = format!("<{tag} {attr}=\"{value}\">x</{tag}>\n\nsee <{tag} {attr}={value}> inline\n");
        let html = convert(&md, false, 1);
        let needle = format!("&lt;{tag} {attr}=");
        prop_assert!(html.contains(&needle), "{}", html);
    }
}

// ------------------------------------------------------------------------------ regressions

#[test]
fn regression_every_dangerous_url_is_neutralised() {
    for url in support::markdown::URLS {
        let md = format!("[x]({url}) ![y]({url}) <{url}>\n\n[r]: {url}\n\n[z][r]\n");
        convert(&md, false, 1);
    }
}

#[test]
fn regression_heading_offset_past_h6() {
    let html = convert("###### six\n", true, 7);
    assert!(html.contains("<h6>"), "{html}");
}

#[test]
fn regression_footnote_and_task_list_markup_is_allowed() {
    let html = convert(
        "a[^\"><script>]\n\n[^\"><script>]: b\n\n- [x] done\n- [ ] todo\n\n| a |\n|:-:|\n| b |\n",
        false,
        1,
    );
    assert!(!html.contains("<script"), "{html}");
}
