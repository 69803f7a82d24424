//! A site of more than `HELD_DOCS_MAX` activities (`src/site/mod.rs`) does not hold the
//! activity pages' search documents until the index is built: each shard's documents are made
//! again from the records. The output must be the one a site that holds them gets, byte for
//! byte. Its own test binary: the threshold is lowered through the environment.

mod support;

use dangjian::Site;
use dangjian::pipeline::BuildOptions;
use support::TestSite;
use support::site::{snapshot, snapshot_diff};

fn build(site: &TestSite, output: &str) {
    let opts = BuildOptions {
        output: site.path(output),
        pdf: false,
        defer_slow_steps: false,
    };
    if let Err(d) = Site::build(&site.root, &opts) {
        panic!("build into {output} failed: {d:?}");
    }
}

#[test]
fn documents_made_again_per_shard_give_the_same_site_as_documents_held() {
    let site = TestSite::demo();
    build(&site, "held");
    let _ = std::fs::remove_dir_all(site.path(".cache/dangjian"));
    // SAFETY: the only test of this binary, and no build is running: nothing else reads the
    // environment meanwhile.
    unsafe { std::env::set_var("DANGJIAN_HELD_DOCS_MAX", "0") };
    build(&site, "made-again");
    let held = snapshot(&site.path("held"));
    let made = snapshot(&site.path("made-again"));
    assert!(
        held.keys().any(|k| k.starts_with("pagefind/s1/")),
        "one shard only"
    );
    let diff = snapshot_diff(&held, &made);
    assert!(diff.is_empty(), "the outputs differ:\n{}", diff.join("\n"));
}
