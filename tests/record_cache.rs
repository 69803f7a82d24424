//! The parsed-record cache that `serve` switches on (`content::cache`): a record whose size and
//! modification time are unchanged is not parsed again, a recent one is compared by hash, a
//! changed or deleted one is read afresh. Its own test binary: the cache is process-wide.

mod support;

use std::time::{Duration, SystemTime};

use support::TestSite;

const REC: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";

fn titles(site: &TestSite) -> Vec<String> {
    let (corpus, _) = dangjian::content::load(&site.root);
    corpus.activities.iter().map(|a| a.title.clone()).collect()
}

/// Writes `text` over the record and gives it the modification time `at`.
fn rewrite(site: &TestSite, text: &str, at: SystemTime) {
    site.write(REC, text);
    let f = std::fs::File::options()
        .write(true)
        .open(site.path(REC))
        .expect("open");
    f.set_modified(at).expect("set mtime");
}

#[test]
fn unchanged_records_come_from_the_cache_and_changed_ones_are_read_again() {
    dangjian::content::cache::enable();
    let site = TestSite::minimal();
    let original = site.read(REC);
    let same_size = original.replace("三月主题党日", "四月主题党日");
    assert_eq!(same_size.len(), original.len());
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);

    // An old file: size and time are trusted. Rewritten with the same size and given its old
    // time back, it is taken from the cache, which proves the cache is used (and is the limit
    // of trusting size and time, which only a deliberate `touch` reaches).
    rewrite(&site, &original, an_hour_ago);
    assert!(titles(&site).contains(&"三月主题党日".to_owned()));
    rewrite(&site, &same_size, an_hour_ago);
    assert!(titles(&site).contains(&"三月主题党日".to_owned()));

    // A new time: read again.
    rewrite(&site, &same_size, an_hour_ago + Duration::from_secs(1));
    assert!(titles(&site).contains(&"四月主题党日".to_owned()));

    // A file modified just now is in doubt: a second write in the same tick, same size and
    // same time, is caught by its hash.
    let now = SystemTime::now();
    rewrite(&site, &original, now);
    assert!(titles(&site).contains(&"三月主题党日".to_owned()));
    rewrite(&site, &same_size, now);
    assert!(titles(&site).contains(&"四月主题党日".to_owned()));

    // A record with an error keeps its diagnostic when it comes from the cache.
    let broken = same_size.replace("expected = 11", "expected = \"十一\"");
    rewrite(&site, &broken, an_hour_ago + Duration::from_secs(2));
    let (_, first) = dangjian::content::load(&site.root);
    let (_, second) = dangjian::content::load(&site.root);
    let messages = |d: &[dangjian::diagnostics::Diagnostic]| {
        d.iter()
            .filter(|d| d.file == REC)
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(!messages(&first).is_empty(), "{first:?}");
    assert_eq!(messages(&first), messages(&second));

    // A deleted record is gone from the next load.
    std::fs::remove_file(site.path(REC)).expect("delete");
    assert!(
        !titles(&site)
            .iter()
            .any(|t| t.contains("主题党日") && t.contains("四月"))
    );
}
