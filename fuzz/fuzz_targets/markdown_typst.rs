//! Markdown → Typst (`markup::typst`), the security boundary of the PDFs: whatever a record's
//! body or a field holds, the markup contains no code but the converter's fixed calls, and an
//! escaped field shows exactly its text.
//!
//! Input: the first byte sets the options (bit 0: numbered headings); the rest, as UTF-8 with
//! invalid sequences replaced, is both a Markdown body and a plain field.
#![no_main]

use dangjian::markup::numbering::Numbering;
use dangjian::markup::typst::{TypstOptions, escape, to_typst};
use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../tests/support/oracle.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    let opts = TypstOptions {
        number_headings: flags & 1 == 1,
        numbering: if flags & 2 == 2 {
            Numbering::Continuous
        } else {
            Numbering::Sections
        },
    };
    let blocks = to_typst(&text, opts);
    for block in &blocks {
        if let Err(e) = invariants::check_typst(block) {
            panic!("unsafe Typst block: {e}\nblock: {block:?}\ninput: {text:?}");
        }
    }
    // The blocks are joined with blank lines by the templates: still safe as a whole.
    let joined = blocks.join("\n\n");
    if let Err(e) = invariants::check_typst(&joined) {
        panic!("unsafe Typst document: {e}\ninput: {text:?}");
    }

    let field = escape(&text);
    if let Err(e) = invariants::check_typst(&field) {
        panic!("unsafe escaped field: {e}\ninput: {text:?}");
    }
    assert_eq!(
        invariants::typst_unescape(&field),
        invariants::typst_expected_text(&text),
        "an escaped field does not show its text"
    );
});
