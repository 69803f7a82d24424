//! A build killed with SIGKILL while its PDF stage runs leaves the stage's folder beside the
//! output (`.output.pdf-PID`) and typst's work folders in the cache. Nothing removed them
//! before layout named them (issue 12); now the next build does, and publishes the whole
//! demo with every PDF, byte for byte as `tests/fixtures/demo-build.manifest` says.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dangjian::hash::StableHasher;
use support::site::{remove_stale_test_dirs, snapshot};
use support::{BIN, TestSite, repo_root};

/// What builds keep beside an output folder named `output` in `dir`.
fn beside_output(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read the site root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output."))
        .collect();
    names.sort();
    names
}

/// The work folders of typst runs in the site's PDF cache.
fn pdf_work_folders(root: &Path) -> Vec<String> {
    std::fs::read_dir(root.join(".cache/dangjian/pdf/work"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// `hash size path` lines of every published file, as the demo manifest has them.
fn manifest_of(output: &Path) -> String {
    snapshot(output)
        .into_iter()
        .filter(|(path, _)| path != ".dangjian-build")
        .map(|(path, bytes)| {
            let hash = StableHasher::default().write(&bytes).hex();
            format!("{hash} {} {path}\n", bytes.len())
        })
        .collect()
}

#[test]
fn a_build_killed_in_the_pdf_stage_leaves_nothing_after_the_next_build() {
    remove_stale_test_dirs();
    let site = TestSite::demo();
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(&site.root)
        .arg("build")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the build");
    let stage = format!(".output.pdf-{}", child.id());
    // The stage's folder is made as the stage starts; a work folder in the cache means typst
    // is compiling (the cache is cold: no document can be placed yet).
    let started = Instant::now();
    let compiling = || site.path(&stage).is_dir() && !pdf_work_folders(&site.root).is_empty();
    while !compiling() {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the build ended before its PDF stage could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "no PDF stage after 5 minutes"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    // SIGKILL: what Child::kill sends on Unix. Nothing of the build runs after it.
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        beside_output(&site.root).contains(&stage),
        "the killed build left no PDF folder, so this test tests nothing: {:?}",
        beside_output(&site.root)
    );
    assert!(!site.path("output").exists(), "a killed build published");

    let killed_after = started.elapsed();
    let rebuild = Instant::now();
    let o = site.run(&["build"]);
    eprintln!(
        "killed {killed_after:.1?} after the start; the next build took {:.1?}",
        rebuild.elapsed()
    );
    assert!(
        o.status.success(),
        "the build after the kill failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(beside_output(&site.root), Vec::<String>::new());
    assert_eq!(pdf_work_folders(&site.root), Vec::<String>::new());
    let want = std::fs::read_to_string(repo_root().join("tests/fixtures/demo-build.manifest"))
        .expect("the demo manifest");
    let got = manifest_of(&site.path("output"));
    assert!(
        got == want,
        "the output after the kill is not the demo build of the manifest:\n{}",
        got.lines()
            .filter(|l| !want.lines().any(|w| w == *l))
            .chain(want.lines().filter(|w| !got.lines().any(|l| l == *w)))
            .take(20)
            .collect::<Vec<_>>()
            .join("\n")
    );
}
