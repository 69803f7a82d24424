//! The deferred build `serve` makes first: the edited record's pages are published at once,
//! the search index is the last build's byte for byte, the output is not stamped, and the
//! normal build that follows brings the index up to date.

mod support;

use std::collections::BTreeMap;

use dangjian::Site;
use dangjian::pipeline::BuildOptions;
use support::TestSite;
use support::site::snapshot;

const ACTIVITY: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
const PAGE: &str = "activities/2024/2024-03-15-alpha-zhuti-dangri.html";

fn options(site: &TestSite, defer: bool) -> BuildOptions {
    BuildOptions {
        output: site.path("output"),
        pdf: false,
        defer_slow_steps: defer,
    }
}

fn search_files(all: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    all.iter()
        .filter(|(p, _)| p.starts_with("pagefind/"))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect()
}

#[test]
fn pages_first_then_the_search_index() {
    let site = TestSite::minimal();
    let first = Site::build(&site.root, &options(&site, false)).expect("first build");
    assert!(!first.up_to_date);
    let before = snapshot(&site.path("output"));
    assert!(!search_files(&before).is_empty(), "no search index");

    let body = site.read(ACTIVITY);
    site.write(
        ACTIVITY,
        &format!("{body}\n新增一段：延后建立索引的标记文字。\n"),
    );
    let pages = Site::build(&site.root, &options(&site, true)).expect("deferred build");
    assert!(!pages.up_to_date);
    let after_pages = snapshot(&site.path("output"));
    let html = String::from_utf8_lossy(&after_pages[PAGE]);
    assert!(
        html.contains("延后建立索引的标记文字"),
        "the page lacks the edit"
    );
    assert_eq!(
        search_files(&after_pages),
        search_files(&before),
        "a deferred build touched the search index"
    );
    assert_eq!(
        after_pages.get(".dangjian-build"),
        before.get(".dangjian-build"),
        "a deferred build stamped the output"
    );

    let full = Site::build(&site.root, &options(&site, false)).expect("full build");
    assert!(
        !full.up_to_date,
        "the build after a deferred one did nothing"
    );
    let after_full = snapshot(&site.path("output"));
    assert_ne!(
        search_files(&after_full),
        search_files(&before),
        "the search index was not brought up to date"
    );
    assert_eq!(after_full[PAGE], after_pages[PAGE]);
    let again = Site::build(&site.root, &options(&site, false)).expect("no-change build");
    assert!(again.up_to_date, "the full build did not stamp the output");
}

#[test]
fn without_a_previous_build_a_deferred_build_is_a_full_one() {
    let site = TestSite::minimal();
    let report = Site::build(&site.root, &options(&site, true)).expect("build");
    assert!(!report.up_to_date);
    let out = snapshot(&site.path("output"));
    assert!(out.contains_key("pagefind/pagefind-entry.json"), "no index");
    let again = Site::build(&site.root, &options(&site, false)).expect("no-change build");
    assert!(again.up_to_date, "the first build was not stamped");
}
