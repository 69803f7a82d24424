//! The publish journal's recovery path: a journal file next to the output folder is read,
//! parsed and carried out by `dangjian::publish::recover`, exactly as a build does after an
//! interrupted in-place commit.
//!
//! Input: the bytes of `.output.journal`. A sandbox folder (made once per process) holds
//! `site.toml` and `content/x.md` (what a forged journal would steal or delete), `output/`
//! with two files and, when the input parses, the pending folder it names with a file for
//! each `put`.
//!
//! Checked: no panic; the journal file is gone afterwards; `site.toml` and `content/` are
//! untouched; every file in the sandbox is in `output/` or the pending folder; a journal that
//! parses encodes back to the same bytes (the format has one spelling).
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dangjian::publish::journal::{Entry, Journal};
use libfuzzer_sys::fuzz_target;

fn sandbox() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dangjian-fuzz-journal-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content")).expect("mkdir");
        std::fs::write(dir.join("site.toml"), "secret").expect("write");
        std::fs::write(dir.join("content/x.md"), "record").expect("write");
        dir
    })
}

fn files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            files(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).unwrap_or(&p).to_path_buf());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let dir = sandbox();
    let output = dir.join("output");
    // Fresh output and no pending folders from the last input.
    for e in std::fs::read_dir(dir).expect("ls").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name != "site.toml" && name != "content" {
            let _ = std::fs::remove_dir_all(e.path());
            let _ = std::fs::remove_file(e.path());
        }
    }
    std::fs::create_dir_all(output.join("static")).expect("mkdir");
    std::fs::write(output.join("index.html"), "page").expect("write");
    std::fs::write(output.join("static/style.css"), "css").expect("write");

    let parsed = Journal::parse(data, "output");
    if let Some(j) = &parsed {
        assert_eq!(j.encode(), data, "a parsed journal has one spelling");
        let pending = dir.join(&j.pending);
        std::fs::create_dir_all(&pending).expect("mkdir");
        for e in &j.entries {
            if let Entry::Put { from, .. } = e {
                std::fs::write(pending.join(from.to_string()), "new").expect("write");
            }
        }
    }
    std::fs::write(dir.join(".output.journal"), data).expect("write");
    // An error is allowed (a `put` onto a path whose parent is a file); a panic is not.
    let _ = dangjian::publish::recover(&output);

    assert!(!dir.join(".output.journal").exists(), "the journal stays");
    assert_eq!(std::fs::read(dir.join("site.toml")).ok().as_deref(), Some(&b"secret"[..]));
    assert_eq!(std::fs::read(dir.join("content/x.md")).ok().as_deref(), Some(&b"record"[..]));
    let mut all = Vec::new();
    files(dir, dir, &mut all);
    let pending = parsed.as_ref().map(|j| PathBuf::from(&j.pending));
    for f in all {
        let inside = f.starts_with("output")
            || f.starts_with("content")
            || f == Path::new("site.toml")
            || pending.as_ref().is_some_and(|p| f.starts_with(p));
        assert!(inside, "{} written outside output/ and the pending folder", f.display());
    }
});
