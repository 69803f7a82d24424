//! Issue 16, item 7 (its first half): an annual summary printed without its appendix of
//! figures, tables and charts (`appendix = false` in `content/annual/<year>.md`), read back
//! with poppler against the same summary with it.

mod support;

use support::TestSite;
use support::pdf::{build_edited, squash, text};

const SUMMARY: &str = "content/annual/2024.md";
const APPENDIX: &str = "附：2024年党建工作主要数据";

fn summary_text(edit: impl Fn(String) -> String) -> String {
    let site = build_edited(TestSite::minimal(), SUMMARY, "annual", edit);
    squash(&text(&site.path("output/annual/2024.pdf")))
}

#[test]
fn appendix_false_leaves_out_the_figures_but_not_the_summary() {
    let with = summary_text(|t| t);
    assert!(with.contains(&squash(APPENDIX)), "{with}");
    let without = summary_text(|t| t.replacen("+++\n", "+++\nappendix = false\n", 1));
    assert!(!without.contains(&squash(APPENDIX)), "{without}");
    for kept in ["2024年党建工作总结", "全年发展党员"] {
        assert!(without.contains(&squash(kept)), "{kept}: {without}");
    }
}
