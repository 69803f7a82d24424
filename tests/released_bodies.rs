//! A site of more than 20,000 activities lets their bodies go once they are validated
//! (`src/content/bodies.rs`) and reads each body again from its file for the activity's page,
//! its search document and its branch's record book. The output must be the one a site that
//! holds them gets, byte for byte. Its own test binary: the threshold is lowered through the
//! environment.

mod support;

use support::TestSite;
use support::site::{build_site as build, snapshot, snapshot_diff};

#[test]
fn bodies_read_again_from_their_files_give_the_same_site_as_bodies_held() {
    let site = TestSite::demo();
    let held = build(&site, "held");
    assert!(!held.bodies_released, "the demo's bodies are held");
    let _ = std::fs::remove_dir_all(site.path(".cache/dangjian"));
    // SAFETY: the only test of this binary, and no build is running: nothing else reads the
    // environment meanwhile.
    unsafe { std::env::set_var("DANGJIAN_BODIES_HELD_MAX", "0") };
    let released = build(&site, "released");
    assert!(released.bodies_released, "the bodies were not let go");
    let held = snapshot(&site.path("held"));
    let released = snapshot(&site.path("released"));
    let diff = snapshot_diff(&held, &released);
    assert!(diff.is_empty(), "the outputs differ:\n{}", diff.join("\n"));
}
