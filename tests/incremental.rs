//! A build after a change makes only the pages whose inputs changed (`src/site/deps.rs`), and
//! its output is the output a full build of the same records makes, byte for byte, whatever
//! the change: a record's title, a figure-changing field, a branch's name.

mod support;

use dangjian::pipeline::BuildReport;
use support::TestSite;
use support::site::{build_site as build, snapshot, snapshot_diff};

/// Activities the fixture is given besides its own two, so that keeping pages shows.
const EXTRA: usize = 30;
const ALL: usize = EXTRA + 2;

fn extra_activity(i: usize) -> (String, String) {
    let day = 1 + i % 28;
    let month = 5 + i / 28;
    let date = format!("2024-{month:02}-{day:02}");
    let file = format!("content/activities/2024/{date}-alpha-zhuti-dangri-{i}.md");
    let text = format!(
        "+++\ntitle = \"第{i}次主题党日\"\nbranch = \"alpha\"\nkind = \"主题党日\"\n\
         date = {date}\nplace = \"会议室\"\nchair = \"张明\"\nrecorder = \"李华\"\n\
         expected = 11\npresent = 11\n+++\n支部集中学习，第{i}次。见[照片](../../attachments/photo.png)。\n"
    );
    (file, text)
}

/// The two tests one at a time, and every panic told on the process's own stderr. Once in CI
/// a test here failed with no message: a panic on a rayon worker is printed into the output
/// capture of the test that started the pool (the other one), and only its payload reaches the
/// failing test. The hook prints it wherever it happens, so that a repeat says what it was.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            use std::io::Write;
            let thread = std::thread::current();
            let _ = writeln!(
                std::io::stderr().lock(),
                "panic on thread {:?}: {info}",
                thread.name()
            );
            default(info);
        }));
    });
    ONE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn grown_site() -> TestSite {
    let site = TestSite::minimal();
    for i in 0..EXTRA {
        let (file, text) = extra_activity(i);
        site.write(&file, &text);
    }
    site
}

/// After an edit: the incremental build into `output`, then a full build of the same inputs
/// into a new folder, with no dependency map and no search shards to reuse; the two trees
/// must be equal. Returns the incremental build's report.
fn incremental_equals_full(site: &TestSite, case: &str) -> BuildReport {
    let report = build(site, "output");
    assert!(!report.up_to_date, "{case}: the edit was not seen");
    let _ = std::fs::remove_dir_all(site.path(".cache/dangjian/search"));
    let full_dir = format!("full-{case}");
    let full = build(site, &full_dir);
    assert_eq!(full.kept, 0, "{case}: the full build kept pages");
    let inc = snapshot(&site.path("output"));
    let whole = snapshot(&site.path(&full_dir));
    let diff = snapshot_diff(&inc, &whole);
    assert!(
        diff.is_empty(),
        "{case}: the incremental output differs from a full build's:\n{}",
        diff.join("\n")
    );
    report
}

#[test]
fn an_incremental_build_makes_only_what_changed_and_equals_a_full_build() {
    let _one = serial();
    let site = grown_site();
    let first = build(&site, "output");
    assert_eq!(first.kept, 0, "the first build kept pages");

    // A title: its page, the lists and the search index change; every other activity page
    // is kept.
    let (file, _) = extra_activity(3);
    site.replace(&file, "第3次主题党日", "第3次主题党日（改）");
    let titled = incremental_equals_full(&site, "title");
    assert_eq!(titled.kept, ALL - 1, "after a title edit");

    // The attendance of the fixture's own record (it has a photo attached: a kept page's
    // attachment must still be published): the year's figures change, its other pages not.
    let own = "content/activities/2024/2024-04-10-alpha-dangke.md";
    site.replace(own, "present = 11", "present = 7");
    let counted = incremental_equals_full(&site, "present");
    assert_eq!(counted.kept, ALL - 1, "after an attendance edit");

    // Every activity page shows its branch's name: none is kept.
    site.replace(
        "content/branches/alpha.toml",
        "第一党支部",
        "第一临床党支部",
    );
    let renamed = incremental_equals_full(&site, "branch");
    assert_eq!(renamed.kept, 0, "after a branch's name changed");

    // A body edit of a record with a photo, then no change at all.
    let photo = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
    site.replace(photo, "支部集中学习。", "支部集中学习，并合影留念。");
    let body = incremental_equals_full(&site, "body");
    assert_eq!(body.kept, ALL - 1, "after a body edit");

    // Saved as the workbench and most editors save: a new file renamed over the old one,
    // which changes the folder's modification time too.
    let (file, text) = extra_activity(5);
    let saved = text.replace("第5次。", "第5次，会后合影。");
    site.write(&format!("{file}.tmp"), &saved);
    std::fs::rename(site.path(&format!("{file}.tmp")), site.path(&file)).expect("rename");
    let renamed_over = incremental_equals_full(&site, "renamed-over");
    assert_eq!(renamed_over.kept, ALL - 1, "after a save by rename");
    assert!(
        build(&site, "output").up_to_date,
        "a no-change build did work"
    );
}

/// A kept page's file deleted from the output by hand is made again: the map is only
/// trusted for files the output still holds as the last build published them.
#[test]
fn a_page_deleted_by_hand_is_made_again() {
    let _one = serial();
    let site = grown_site();
    build(&site, "output");
    let (file, _) = extra_activity(7);
    site.replace(&file, "第7次主题党日", "第7次主题党日（改）");
    let page = site.path("output/activities/2024/2024-05-07-alpha-zhuti-dangri-6.html");
    std::fs::remove_file(&page).expect("remove a page");
    let report = incremental_equals_full(&site, "deleted");
    assert!(page.is_file(), "the deleted page is still missing");
    assert_eq!(report.kept, 0, "pages kept from an output changed by hand");
}
