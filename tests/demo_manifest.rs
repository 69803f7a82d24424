//! The demo site and all its PDFs, built from a copy of the demo outside git, must match the
//! hash manifest in `tests/fixtures/demo-build.manifest` byte for byte.
//!
//! This is the guard of refactors that must not change what a user gets (issue 12: "byte-
//! identical output"). A change that is meant to alter the output rewrites the manifest with
//! `DANGJIAN_BLESS=1 cargo test --test demo_manifest`, and the commit that accepts the new
//! manifest says which files changed and why.
//!
//! Left out: `.dangjian-build` (the build stamp names the font files of this machine) and the
//! history page (the copy is not in git, so there is none).

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use dangjian::hash::StableHasher;
use support::site::files_below;
use support::{TestSite, repo_root};

const MANIFEST: &str = "tests/fixtures/demo-build.manifest";

/// `hash size` of every published file but the build stamp, by path.
fn hashes(out: &Path) -> BTreeMap<String, String> {
    files_below(out)
        .into_iter()
        .filter(|rel| rel != ".dangjian-build")
        .map(|rel| {
            let bytes = std::fs::read(out.join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
            let line = format!(
                "{} {}",
                StableHasher::default().write(&bytes).hex(),
                bytes.len()
            );
            (rel, line)
        })
        .collect()
}

fn render(m: &BTreeMap<String, String>) -> String {
    m.iter().map(|(k, v)| format!("{v} {k}\n")).collect()
}

fn parse(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let hash = parts.next().unwrap_or_default();
            let size = parts.next().unwrap_or_default();
            let path = parts.next().unwrap_or_default();
            (path.to_string(), format!("{hash} {size}"))
        })
        .collect()
}

#[test]
fn demo_build_matches_the_manifest() {
    let site = TestSite::demo();
    let out = site.path("out");
    let o = site.run(&["build", "--output", &out.to_string_lossy()]);
    assert!(
        o.status.success(),
        "demo build failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let got = hashes(&out);
    assert!(
        got.keys().any(|k| k.ends_with(".pdf")),
        "the demo build made no PDF"
    );
    let path = repo_root().join(MANIFEST);
    if std::env::var_os("DANGJIAN_BLESS").is_some() {
        std::fs::write(&path, render(&got)).expect("write manifest");
        return;
    }
    let want = parse(&std::fs::read_to_string(&path).unwrap_or_default());
    let mut diffs = Vec::new();
    for (k, v) in &want {
        match got.get(k) {
            None => diffs.push(format!("missing now:   {k}")),
            Some(w) if w != v => diffs.push(format!("changed:       {k}  ({v} → {w})")),
            _ => {}
        }
    }
    for k in got.keys().filter(|k| !want.contains_key(*k)) {
        diffs.push(format!("new:           {k}"));
    }
    assert!(
        diffs.is_empty(),
        "the demo build differs from {MANIFEST} in {} files:\n{}\n\nIf the change is meant, \
         rewrite the manifest with `DANGJIAN_BLESS=1 cargo test --test demo_manifest` and say \
         in the commit which files changed and why.",
        diffs.len(),
        diffs
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
